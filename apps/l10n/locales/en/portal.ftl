## Contact users' pages under /o/{org}/: sign-in, passwords, their cases

portal-skip = Skip to content
portal-nav = Your account
portal-signed-in-as = Signed in as { $name }
portal-sign-out = Sign out
portal-form-expired = This form expired. Please try again.
portal-busy = The server is busy. Try again in a moment.
portal-not-found-title = Page not found
portal-not-found-text = There is nothing at this address, or you do not have access to it.
portal-back-home = Back to your cases
portal-back-to-sign-in = Back to sign-in
portal-error-title = Something went wrong
portal-error-text = The problem was logged. Please try again in a few minutes.

## Sign-in
portal-login-title = Sign in
portal-login-intro = Sign in to follow your cases with { $organisation }.
portal-login-login = Username or email
portal-login-password = Password
portal-login-submit = Sign in
portal-login-forgot = Forgot your password?
portal-login-wrong = The username, email or password is not correct.
portal-login-throttled = Too many attempts. Wait a few minutes before you try again.
portal-login-expired-title = Your temporary password has expired
portal-login-expired-text = Temporary passwords work for a limited time. Ask { $organisation } to send you a new one, or use “Forgot your password?” to choose your own.
portal-signed-out = You are signed out.

## Changing the password
portal-password-title = Change your password
portal-password-forced = You signed in with a temporary password. Choose your own password to continue.
portal-password-current = Current password
portal-password-new = New password
portal-password-repeat = Repeat the new password
portal-password-rules = At least 8 characters. Long phrases are best; very common passwords are refused.
portal-password-submit = Change password
portal-password-mismatch = The two new passwords are not the same.
portal-password-wrong-current = The current password is not correct.
portal-password-too-short = The new password is too short: use at least 8 characters.
portal-password-too-long = The new password is too long.
portal-password-common = This password is too common. Choose another one.
portal-password-same = Choose a password different from the current one.
portal-password-changed = Your password was changed.

## Forgotten password
portal-forgot-title = Forgot your password?
portal-forgot-intro = Enter your username or email. If it matches an account, we email you a link to choose a new password. The link works for one hour.
portal-forgot-login = Username or email
portal-forgot-submit = Send me a link
portal-forgot-sent-title = Check your email
portal-forgot-sent = If the details match an account, a link to choose a new password is on its way. It works for one hour.

## One-time password links (/a/…)
portal-link-title = Choose your password
portal-link-for = For { $login } at { $organisation }.
portal-link-submit = Save password
portal-link-expired-title = This link has expired
portal-link-expired-text = For your security, password links only work for a limited time. Ask for a new one from the sign-in page.
portal-link-used-title = This link has already been used
portal-link-used-text = Each password link works once. Sign in with the password you chose, or ask for a new link from the sign-in page.

## Home: the user's cases
portal-home-title = Your cases
portal-tabs = Cases by state
portal-tab-open = Open
portal-tab-closed = Closed
portal-search-label = Search by number or title
portal-search-submit = Search
portal-col-number = Number
portal-col-title = Title
portal-col-status = Status
portal-col-updated = Last update
portal-home-count = { $count ->
    [one] One case
   *[other] { $count } cases
}
portal-home-empty-open = You have no open cases.
portal-home-empty-closed = You have no closed cases.
portal-home-no-match = No case matches “{ $text }”.
portal-pages = Pages
portal-page-of = Page { $page } of { $pages }
portal-previous = Previous
portal-next = Next

## A case
portal-case-status = Status
portal-case-details = Details
portal-case-subject = Subject
portal-case-description = Description
portal-case-project = Project
portal-case-priority = Priority
portal-case-conversation = Conversation
portal-case-nothing = Nothing yet.
portal-case-comment = Add a comment
portal-case-send = Send
portal-case-edit = Edit the case
portal-case-save = Save
portal-case-not-editable = This case can no longer be edited. You can still add a comment.
portal-case-viewer = You can read and comment on this case.
portal-case-editor = You can read, comment on and edit this case.
portal-author-you = You
portal-author-staff = Support team
portal-author-contact = Another contact
portal-event-created = Case created
portal-event-status = Status changed: { $from } → { $to }
portal-event-field = Changed { $field }: { $to }

## A new case
portal-new-case = New case
portal-new-case-with = New case: { $form }
portal-new-case-title = New case
portal-new-case-choose = Which kind of request is it?
portal-new-case-as = You are sending this as { $name }. We answer you here and by email.
portal-new-case-fix = Please correct the fields marked below.
portal-new-case-submit = Send
portal-new-case-conflict = This form was already sent with other content. Check your cases, or send this one again.
