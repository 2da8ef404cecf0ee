## Staff sign-in page

sign-in-title = Staff sign-in
sign-in-organisation = Organisation
sign-in-email = Email
sign-in-password = Password
sign-in-submit = Sign in
sign-in-expired = This form expired. Please try again.
sign-in-wrong = The organisation, email or password is not correct.
sign-in-throttled = Too many failed sign-ins. Wait a few minutes and try again.
sign-in-busy = The server is busy. Try again in a moment.
sign-in-forgot = Forgot your password?

## Staff "forgot your password?" page

staff-forgot-title = Forgot your password?
staff-forgot-intro = Enter your organisation and the email address you sign in with. We will send you a link to choose a new password.
staff-forgot-submit = Send me a link
staff-forgot-back = Back to sign-in
staff-forgot-throttled = Too many requests from your network. Wait a few minutes and try again.
staff-forgot-sent-title = Check your email
staff-forgot-sent = If an account exists for this address in that organisation, we sent it a link to choose a new password. The link works once and for a limited time.
