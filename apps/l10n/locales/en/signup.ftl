## Sign-up (registration links /r/…, the public portal's /o/{org}/signup) and activation

signup-title = Create your account
signup-intro = Create your account with { $organisation }. We will email you a link to activate it.
signup-first-name = First name
signup-last-name = Last name
signup-email = Email
signup-password = Password
signup-password-rules = At least 8 characters. Long phrases are best; very common passwords are refused.
signup-security-check = Security check
signup-submit = Create my account
signup-fix-errors = Please correct the fields marked below.
signup-invalid-first_name = Enter your first name (at most 100 characters, on one line).
signup-invalid-last_name = Enter your last name (at most 100 characters, on one line).
signup-invalid-email = Enter a valid email address, like name@example.com.
signup-captcha-failed = The security check failed. Please try again.
signup-domain-not-allowed = This sign-up link only accepts email addresses of certain domains. Use your work address, or ask whoever sent you the link.
signup-have-account = Already have an account?
signup-sign-in = Sign in
signup-link = Sign up

signup-sent-title = Check your email
signup-sent-text = If the address can be used, we have sent you an email. Follow the link in it to finish, within 24 hours. No email after a few minutes? Check your spam folder, or sign up again.

signup-closed-title = This sign-up link no longer works
signup-closed-used-up = It has been used as many times as it allows.
signup-closed-expired = It has expired.
signup-closed-revoked = It was withdrawn.
signup-closed-off = Sign-up is switched off at the moment.
signup-closed-next = Ask { $organisation } for a new link.

activation-title = Activate your account
activation-text = Activate the account of { $email } with { $organisation }. You will be signed in straight away.
activation-submit = Activate my account
activation-expired-title = This activation link has expired
activation-expired-text = Activation links work for 24 hours. Sign up again to get a new one, or ask { $organisation }.
activation-closed-title = This account could not be activated
activation-closed-text = The sign-up link you used closed before the account was activated (it may have been used up meanwhile). Ask { $organisation } for a new link.
staff-activation-expired-text = Activation links work for 24 hours. Ask { $organisation } to turn your staff account on: an administrator can enable it.

invitation-title = Accept your invitation
invitation-intro = You were invited to follow your cases with { $organisation } as { $email }. Enter your name and choose a password; you will be signed in straight away.
invitation-submit = Create my account
invitation-expired-title = This invitation has expired
invitation-expired-text = Invitations work for 7 days. Ask { $organisation } to invite you again.

## The mail kind, as the mail settings list it
settings-mail-kind-account-exists = You already have an account
