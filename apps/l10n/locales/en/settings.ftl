## Settings: the index and what every settings page shares

settings-title = Settings
settings-back = Back to settings
settings-save = Save
settings-pagination = Pages
settings-next-page = Next page
settings-organisation-title = Organisation
settings-organisation-hint = Name, brand colour, logo and default language.
settings-staff-title = Staff users
settings-staff-hint = Invite people, change their profiles, disable or enable them.
settings-tokens-title = My API tokens
settings-tokens-hint = Tokens that let your scripts use the API as you.
settings-permissions-title = Profiles & permissions
settings-permissions-hint = Which profiles may share cases of each form publicly.
settings-mail-title = Mail templates
settings-mail-hint = The subject and text of every mail, in every language.
settings-undelivered-title = Undelivered mail
settings-undelivered-hint = Mail that could not be delivered, and retrying it.
settings-audit-title = Audit log
settings-audit-hint = Who did what, and when.

## Organisation

settings-org-slug = Address name
settings-org-base-url = Public address
settings-org-name = Name
settings-org-colour = Brand colour
settings-org-colour-hint = As #rrggbb, for example #1d4ed8. Leave empty for the default colour.
settings-org-logo = Logo URL
settings-org-logo-hint = An https address of an image. Leave empty for no logo.
settings-org-language = Default language
settings-org-error-name = Enter a name of 1 to 200 characters on one line.
settings-org-error-colour = Enter a colour as # followed by six hexadecimal digits, for example #1d4ed8.
settings-org-error-logo = Enter an https address (without a user name or password) of at most 2000 characters.
settings-org-error-language = Choose one of the languages in the list.
flash-settings-organisation-saved = The organisation's settings are saved.

## Profiles

settings-profile-admin = Administrator
settings-profile-case-admin = Case administrator
settings-profile-agent = Agent

## Staff users

settings-staff-person = Person
settings-staff-state = State
settings-staff-profiles = Profiles
settings-staff-actions = Actions
settings-staff-you = you
settings-staff-state-active = Active
settings-staff-state-invited = Invited
settings-staff-state-disabled = Disabled
settings-staff-save-profiles = Save profiles
settings-staff-disable = Disable
settings-staff-enable = Enable
settings-staff-invite-title = Invite a staff user
settings-staff-invite-hint = They get an email with a link to choose their password. Nobody else ever sees that link.
settings-staff-name = Name
settings-staff-email = Email
settings-staff-invite = Send invitation
settings-staff-error-name = Enter the person's name.
settings-staff-error-email = Enter an email address such as name@example.org.
settings-staff-error-email-taken = A staff user with this email address already exists.
flash-settings-staff-invited = Invitation sent. The new staff user will get an email with a link to choose their password.
flash-settings-staff-invitation-failed = The staff user was created, but the invitation could not be queued. Please try again in a few minutes.
flash-settings-staff-profiles-saved = The profiles are saved.
flash-settings-staff-disabled = The staff user is disabled and signed out everywhere.
flash-settings-staff-enabled = The staff user is enabled again.
flash-settings-staff-last-admin = Nothing changed: the organisation must keep at least one enabled administrator.

## My API tokens

settings-tokens-none = You have no API tokens yet.
settings-tokens-label = Label
settings-tokens-created = Created
settings-tokens-expires = Expires
settings-tokens-never = Never
settings-tokens-state = State
settings-tokens-state-active = Active
settings-tokens-state-expired = Expired
settings-tokens-state-revoked = Revoked
settings-tokens-revoke = Revoke
settings-tokens-revoke-named = Revoke the token { $label }
settings-tokens-create-title = Create a token
settings-tokens-expires-on = Stops working on
settings-tokens-expires-hint = At the start of that day (UTC), at most one year from today.
settings-tokens-create = Create token
settings-tokens-new-title = Your new token
settings-tokens-new-hint = Copy it now: it is shown only this once. It acts as you, with your profiles.
settings-tokens-token = Token
settings-tokens-copy = Copy token
settings-tokens-copied = Copied
settings-tokens-error-label = Enter a label of 1 to 100 characters on one line.
settings-tokens-error-date = Choose a day.
settings-tokens-error-past = Choose a day after today.
settings-tokens-error-too-late = Choose a day at most { $days } days from now.
flash-settings-token-revoked = The token is revoked and no longer works.

## Profiles & permissions

settings-permissions-intro = Who may create public share links for cases of each form. Administrators always may. Sharing also has to be switched on in the form.
settings-permissions-caption = May share cases publicly
settings-permissions-form = Form
settings-permissions-addon-off = Sharing is off for this form
settings-permissions-cell = { $profile } may share cases of { $form } publicly
settings-permissions-save-named = Save the permissions of { $form }
settings-permissions-no-forms = There are no forms yet.
flash-settings-permissions-saved = The permissions are saved.

## Mail templates

settings-mail-intro = Every mail Frontdesk sends uses one of these templates. Change one to use your own words; reset it to go back to Frontdesk's.
settings-mail-kind = Kind of mail
settings-mail-edit = Edit
settings-mail-default = Default
settings-mail-customised = Customised
settings-mail-back = Back to mail templates
settings-mail-editor-title = { $kind } ({ $language })
settings-mail-placeholders = Placeholders
settings-mail-required = This mail must contain, in both the HTML and the text:
settings-mail-required-none = This mail needs no particular placeholder.
settings-mail-available = You can use:
settings-mail-legacy = Older placeholders are converted when you save:
settings-mail-subject = Subject
settings-mail-html = HTML
settings-mail-text = Text
settings-mail-preview = Preview
settings-mail-preview-html = Open the HTML preview
settings-mail-preview-title = Preview with sample data
settings-mail-preview-hint = Nothing is saved yet.
settings-mail-html-source = HTML source
settings-mail-reset = Reset to default
settings-mail-reset-hint = This removes your version: Frontdesk's default applies again.
settings-mail-error-compile = This does not work as a template: { $detail }
settings-mail-error-missing = This must contain { $placeholders }.
settings-mail-error-size = This must be 1 to { $max } characters.
settings-mail-error-render = The template does not work with sample data: { $detail }
settings-mail-kind-test = Test mail
settings-mail-kind-guest-case-created = Case created (to the guest)
settings-mail-kind-guest-link-reissued = New access link (to the guest)
settings-mail-kind-case-notification = Case activity
settings-mail-kind-contact-message = Message to a contact
settings-mail-kind-temporary-password = Temporary password
settings-mail-kind-password-reset = Password reset
settings-mail-kind-activation = Account activation
settings-mail-kind-invitation = Invitation
settings-mail-kind-share-link = Shared case link
settings-mail-kind-password-changed = Password changed
settings-mail-kind-registration-link = Registration link
flash-settings-template-saved = The template is saved.
flash-settings-template-reset = The template is back to the default.

## Undelivered mail

settings-undelivered-intro = Frontdesk gave up on these messages after several attempts. Fix the cause (often the address), then retry.
settings-undelivered-none = All mail was delivered.
settings-undelivered-to = To
settings-undelivered-queued = Queued
settings-undelivered-attempts = Attempts
settings-undelivered-error = Last error
settings-undelivered-no-error = No error was recorded.
settings-undelivered-retry = Retry
settings-undelivered-retry-named = Retry the mail to { $to }
flash-settings-mail-retried = The mail is queued again.
flash-settings-mail-retry-gone = That mail is no longer undelivered: nothing to retry.

## Audit log

settings-audit-actor = Who
settings-audit-anyone = Anyone
settings-audit-action = Action
settings-audit-from = From
settings-audit-to = To
settings-audit-filter = Filter
settings-audit-when = When
settings-audit-subject = Subject
settings-audit-detail = Detail
settings-audit-system = System
settings-audit-none = No events match.
settings-audit-older = Older events
settings-audit-error-actor = Choose someone from the list.
settings-audit-error-date = Enter a date as YYYY-MM-DD.
