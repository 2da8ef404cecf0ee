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
    [one] 1 open case
   *[other] { $count } open cases
}
