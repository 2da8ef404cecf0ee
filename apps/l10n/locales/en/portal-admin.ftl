## The portal users admin (/staff/portal-users) and the portal's settings

portal-admin-title = Portal users
portal-admin-hint = People who sign in to the customer portal: resend an activation, remove access.
portal-admin-intro = Everyone with a login to your customer portal. Pending users have not activated their account yet.
portal-admin-search = Search portal users
portal-admin-search-label = Search by name or email
portal-admin-state-label = State
portal-admin-state-any = Any state
portal-admin-state-pending = Pending
portal-admin-state-active = Active
portal-admin-state-disabled = Disabled
portal-admin-search-button = Search
portal-admin-none = No portal users match.
portal-admin-col-name = Name
portal-admin-col-email = Email
portal-admin-col-state = State
portal-admin-col-actions = Actions
portal-admin-resend = Resend activation
portal-admin-resend-for = Resend activation to { $name }
portal-admin-remove = Remove
portal-admin-remove-for = Remove { $name }
portal-admin-pages = Pages of portal users
portal-admin-next = Next page
portal-admin-remove-title = Remove { $name }?
portal-admin-remove-text = { $email } will no longer be able to sign in to the portal: their sessions end, their access to cases is revoked and they are unlinked from their clients. Their cases and clients stay as they are.
portal-admin-remove-confirm = Remove
portal-admin-remove-cancel = Cancel
portal-admin-removed = { $name } removed: { $sessions ->
        [one] { $sessions } session ended
       *[other] { $sessions } sessions ended
    }, { $grants ->
        [one] { $grants } grant revoked
       *[other] { $grants } grants revoked
    }, { $client_links ->
        [one] { $client_links } client link removed
       *[other] { $client_links } client links removed
    }, { $tokens ->
        [one] { $tokens } link cancelled
       *[other] { $tokens } links cancelled
    }.
flash-portal-admin-resent = The activation email is on its way.
flash-portal-admin-gone = This portal user was already removed.

## The customer portal's settings (/staff/settings/portal)

portal-settings-title = Customer portal
portal-settings-hint = Who may use the portal, its title, brand colour and logo, and the forms its users may submit.
portal-settings-intro = Your customer portal is at { $url }. Its title, colour and logo also show on your public forms, sign-up pages and case pages.
portal-settings-mode = Who may use the portal
portal-settings-mode-off = Off
portal-settings-mode-off-hint = Nobody can sign in to the portal.
portal-settings-mode-private = Private
portal-settings-mode-private-hint = Only people you invite, or who use one of your registration links, can sign in.
portal-settings-mode-public = Public
portal-settings-mode-public-hint = Anyone can sign up from the portal's sign-in page.
portal-settings-portal-title = Portal title
portal-settings-portal-title-hint = Up to 120 characters. Leave empty to show the organisation's name.
portal-settings-colour = Brand colour
portal-settings-logo = Logo URL
portal-settings-forms = Forms portal users may submit
portal-settings-forms-none = The organisation has no forms yet.
portal-settings-save = Save portal settings
portal-settings-addresses = Portal addresses
portal-settings-addresses-hint = Give these to the people who should sign up or sign in.
portal-settings-signup-url = Sign-up address
portal-settings-login-url = Sign-in address
portal-settings-copy = Copy
portal-settings-copy-named = Copy: { $what }
portal-settings-copied = Copied
portal-settings-error-mode = Choose Off, Private or Public.
portal-settings-error-title = Enter a title of at most 120 characters on one line, or leave it empty.
portal-settings-error-forms-unknown = These forms no longer exist: { $forms }. Reload the page and choose again.
portal-settings-error-forms-too-many = A portal offers at most { $max } forms.
flash-portal-settings-saved = Portal settings saved.
