## Staff console: contact users (a client's contacts with a login), their grants, and the
## case page's "Who has access" panel

## The client page's section and the Add contact user form

contact-users-none = This client has no contact users yet.
contact-users-column-name = Name
contact-users-column-username = Username
contact-users-column-email = Email
contact-users-column-state = State
contact-users-add = Add contact user
contact-users-back-to-client = Back to the client
contact-users-field-first_name = First name
contact-users-field-last_name = Last name
contact-users-field-email = Email
contact-users-field-username = Username
contact-users-username-hint = Optional. By default the part of the email address before the @.
contact-users-errors = Some fields need your attention. Nothing was saved.
contact-users-error-required = This field is required.
contact-users-error-name = Enter a name of up to 100 characters on one line.
contact-users-error-email = Enter a valid email address, like name@example.org.
contact-users-error-username = A username has 2 to 64 characters: letters, digits and . _ - @ +, starting with a letter or digit.
contact-users-error-username-taken = This username is taken in your organisation. Choose another.
contact-users-error-already-user = The contact with this email address already has a login.
contact-users-error-invalid = Check this field.

contact-users-state-invited = Invited
contact-users-state-pending = Pending
contact-users-state-active = Active
contact-users-state-disabled = Disabled
contact-users-state-removed = Removed

## The contact user's page

contact-users-details = Details
contact-users-clients = Clients
contact-users-password = Password
contact-users-password-temporary = Temporary, works until { $until }
contact-users-password-set = Set
contact-users-password-none = Not set yet
contact-users-created = Created
contact-users-send-password = Send password
contact-users-send-password-intro = The password goes to { $email } by mail only; you never see it.
contact-users-send-password-disabled = This account is disabled. Enable it to send a password.
contact-users-send-password-how = How should it reach them?
contact-users-mode-temporary = Temporary password by mail
contact-users-mode-link = Set-password link by mail
contact-users-password-sent = Sent to { $email }.
contact-users-username-title = Username
contact-users-username-rule = 2 to 64 characters: letters, digits and . _ - @ +. Upper and lower case count as the same.
contact-users-username-save = Save username
contact-users-account = Account
contact-users-enabled-hint = Disabling stops the person signing in; their grants stop counting until the account is enabled again.
contact-users-disabled-hint = This account is disabled: the person cannot sign in and reaches no case.
contact-users-disable = Disable
contact-users-enable = Enable

## Grants

contact-users-grants = Access to cases
contact-users-public-cases = Grant access to all public cases
contact-users-public-cases-intro = The public cases of this user's clients, including cases made public later. The user reads them as a viewer.
contact-users-public-cases-both = Now: all open and closed public cases.
contact-users-public-cases-open = Now: all open public cases.
contact-users-public-cases-closed = Now: all closed public cases.
contact-users-public-cases-none = Now: no access to public cases.
contact-users-public-cases-which = Which public cases
contact-users-open-cases = Open cases
contact-users-closed-cases = Closed cases
contact-users-public-cases-remove-hint = Uncheck both to remove this access.
contact-users-case-grants = Cases granted one by one
contact-users-filter = Show grants
contact-users-filter-all = All
contact-users-filter-open = Open
contact-users-filter-closed = Closed
contact-users-no-grants = No case is granted one by one here.
contact-users-column-case = Case
contact-users-column-case-state = Case state
contact-users-column-role = Role
contact-users-column-granted = Granted
contact-users-column-actions = Actions
contact-users-case-open = Open
contact-users-case-closed = Closed
contact-users-case-unknown = A case you cannot read
contact-users-staff-member = a staff member
contact-users-granted-by = { $when } by { $name }
contact-users-role-viewer = Viewer
contact-users-role-editor = Editor
contact-users-revoke = Revoke
contact-users-revoke-case = Revoke access to { $case }
contact-users-grant-case = Grant one case
contact-users-no-cases-to-grant = This user's clients have no cases yet.
contact-users-field-case = Case
contact-users-field-role = Role
contact-users-grant = Grant access

## Flash messages

flash-contact-user-created = Contact user created. Send them a password when they should sign in.
flash-contact-user-password-sent = Password sent by mail.
flash-contact-user-choose-mode = Choose how the password should reach them.
flash-contact-user-is-disabled = This account is disabled: enable it before sending a password.
flash-contact-user-mailed-recently = This person was sent mail moments ago; please wait a minute and try again.
flash-contact-user-busy = The server is busy; try again in a moment.
flash-contact-user-saved = Username saved.
flash-contact-user-disabled = Account disabled.
flash-contact-user-enabled = Account enabled.
flash-contact-user-public-cases-saved = Access to public cases saved.
flash-contact-user-public-cases-removed = Access to public cases removed.
flash-contact-user-grant-unknown-case = That case is not one of this user's clients' cases. Nothing was granted.
flash-contact-user-grant-role = Choose Viewer or Editor.
flash-contact-user-granted = Access granted.
flash-contact-user-grant-gone = That grant no longer exists.
flash-contact-user-grant-revoked = Access revoked.

## The case page's Who has access panel

case-panel-who-has-access = Who has access
access-staff = Staff of { $org }
access-by-grant = { $role } by grant since { $since }
access-by-public-cases = Viewer through "all public cases" since { $since }
access-user-unknown = A contact user who was removed
access-guest = Guest link of { $name }, until { $until }
access-guest-unknown = a contact no longer on the case
access-share = Share link "{ $label }", until { $until }, viewed { $views } times
access-share-unlabelled = without a label
access-only-staff = Only staff can reach this case.
