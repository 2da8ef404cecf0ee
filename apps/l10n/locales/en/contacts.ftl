## Staff console: contacts (list and search, create, the contact's page)

contacts-title = Contacts
contacts-new = New contact
contacts-search = Search contacts
contacts-search-label = Search by name or email
contacts-search-button = Search
contacts-count = { $count ->
    [one] { $count } contact
   *[other] { $count } contacts
}
contacts-none = No contacts yet.
contacts-none-matching = No contact matches “{ $query }”.
contacts-column-name = Name
contacts-column-email = Email
contacts-column-phone = Phone
contacts-pages = Pages
contacts-previous = Previous page
contacts-next = Next page
contacts-page-of = Page { $page } of { $pages }

## Creating a contact

contacts-new-title = New contact
contacts-new-intro = A contact is a person outside the organisation. They follow their cases by email, without an account.
contacts-first-name = First name
contacts-last-name = Last name
contacts-email = Email
contacts-phone = Phone
contacts-address = Address
contacts-optional = optional
contacts-create = Create contact
contacts-errors = Some fields need your attention. Nothing was saved.
contacts-exists = A contact with this email address already exists. Nothing was saved.
contacts-exists-link = Open the page of { $name }

## The contact's page

contacts-profile = Public profile
contacts-no-phone = No phone number
contacts-cases = Cases
contacts-no-cases = This contact has no cases yet.
contacts-case-number = Number
contacts-case-title = Title
contacts-case-status = Status
contacts-more-cases = More cases
contacts-email-panel = Email contact
contacts-email-intro = Frontdesk sends your message to { $email }.
contacts-email-subject = Subject
contacts-email-message = Message
contacts-email-send = Send email
contacts-email-limited = This contact was sent mail moments ago. Nothing was sent: please wait { $seconds } seconds and send again.
contacts-associate-panel = Associate with a case
contacts-associate-case = Case number
contacts-associate-hint = The number shown on the case, such as 42 or #42.
contacts-associate-send-access = Also email them a link to follow the case
contacts-associate-submit = Associate with the case
contacts-associate-limited = This contact was sent mail moments ago. Nothing was changed: please wait { $seconds } seconds and try again.

## Field errors

contacts-error-required = This field is required.
contacts-error-name-too-long = A name is at most 200 characters.
contacts-error-control-characters = This field cannot contain line breaks or control characters.
contacts-error-email = Enter a valid email address, like name@example.org.
contacts-error-email-line-break = An email address cannot contain line breaks or control characters.
contacts-error-phone = A phone number has 3 to 40 characters: digits, spaces and + ( ) - . /
contacts-error-address = An address is 1 to 500 characters.
contacts-error-invalid = This value is not valid.
contacts-error-subject = A subject is 1 to 200 characters on one line.
contacts-error-body = A message is 1 to 10,000 characters.
contacts-error-case-number = Enter a case number, such as 42.
contacts-error-case-unknown = There is no case { $number }.

## Messages after an action

flash-contacts-created = The contact was created.
flash-contacts-emailed = Your message is on its way.
flash-contacts-associated = The contact is now associated with the case.
