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
