## Staff console: clients (customer companies): list and search, create, the client's page;
## a case's client and public flag

nav-clients = Clients

clients-title = Clients
clients-new = New client
clients-search = Search clients
clients-search-label = Search by name
clients-search-button = Search
clients-count = { $count ->
    [one] { $count } client
   *[other] { $count } clients
}
clients-none = No clients yet.
clients-none-matching = No client matches “{ $query }”.
clients-column-name = Name
clients-column-created = Created
clients-pages = Pages
clients-previous = Previous page
clients-next = Next page
clients-page-of = Page { $page } of { $pages }

## Creating a client

clients-new-title = New client
clients-new-intro = A client is a customer company. Its contacts and cases belong to it, and its contact users can be given access to its cases.
clients-name = Name
clients-name-hint = Up to 200 characters. Two clients may have the same name.
clients-create = Create client
clients-errors = Some fields need your attention. Nothing was saved.
error-client-name = Enter a name of 1 to 200 characters on one line.

## The client's page

clients-back-to-list = All clients
clients-details = Details
clients-save = Save
clients-contacts = Contacts
clients-no-contacts = No contact works for this client yet.
clients-cases = Cases
clients-case-count = { $count ->
    [one] { $count } case
   *[other] { $count } cases
}
clients-no-cases = This client has no cases yet.
clients-more-cases = All cases of this client
clients-new-contact = New contact for this client
clients-contact-users = Contact users
flash-client-created = Client created.
flash-client-saved = Client saved.

## A case's client and public flag (the case page's Details panel)

case-client = Client
case-no-client = No client
case-public = Public case
case-public-hint = A public case is visible to the client's contact users who have access to all public cases.
case-public-badge = Public case
contacts-error-client = Choose a client of this organisation, or none.
flash-client-unknown = That client does not exist in this organisation. Nothing was saved.
timeline-client-changed = Moved to another client
timeline-client-removed = Removed from its client
timeline-made-public = Made a public case
timeline-made-private = No longer a public case
