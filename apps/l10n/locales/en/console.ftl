## The staff console: frame and navigation

nav-dashboard = Dashboard
nav-cases = Cases
nav-contacts = Contacts
nav-forms = Forms
nav-settings = Settings
nav-main = Main navigation
signed-in-as = Signed in as { $name }
sign-out = Sign out
language-switch = Language
language-save = Change language

## Dashboard

dashboard-title = Dashboard
dashboard-open-cases = { $count ->
    [one] open case
   *[other] open cases
}

dashboard-mail-waiting = { $count ->
    [one] mail waiting to be sent
   *[other] mails waiting to be sent
}
dashboard-mail-dead = { $count ->
    [one] undelivered mail
   *[other] undelivered mails
}
dashboard-share-links = { $count ->
    [one] active share link
   *[other] active share links
}
dashboard-new-per-day = New cases per day, last 30 days
dashboard-day-bar = { $date }: { $count ->
    [one] 1 new case
   *[other] { $count } new cases
}
dashboard-by-status = Open cases by status
dashboard-by-form = Open cases by form
dashboard-count = Cases
dashboard-no-open-cases = No open cases.

## Case vocabulary

case-status = Status
case-form = Form
status-new = New
status-open = Open
status-pending = Pending
status-resolved = Resolved
status-closed = Closed

## Shared console texts

skip-to-content = Skip to content
language-en = English
language-fr = Français
forbidden-title = Not available to you
forbidden-text = Your profiles do not include this part of the console. An administrator can change that.
back-to-dashboard = Back to the dashboard
not-found-title = Not found
not-found-text = There is nothing here: it may have been removed, or the address is wrong.
flash-form-expired = This form expired before it was sent. Nothing was changed; please try again.
flash-language-saved = Your language is saved.
flash-language-unknown = That language is not available.
