## The staff console: the case list and the case page

## Case vocabulary (with case-status and case-form from console.ftl)

case-number = Number
case-title = Title
case-description = Description
case-priority = Priority
case-project = Project
case-contact = Contact
case-contacts = Contacts
case-assignee = Assignee
case-created = Created
case-updated = Updated
case-unassigned = Unassigned
case-someone = A former colleague
priority-low = Low
priority-normal = Normal
priority-high = High
priority-urgent = Urgent

## The case list

cases-title = Cases
cases-search = Search
cases-search-hint = A case number, words of the title, or a contact’s name or email.
cases-search-placeholder = Number, title or contact
cases-any = Any
cases-any-priority = Any
cases-assignee-anyone = Anyone
cases-assignee-me = Me
cases-sort = Sort by
cases-sort-newest = Newest first
cases-sort-oldest = Oldest first
cases-sort-updated = Recently updated
cases-sort-priority = Most urgent first
cases-sort-title = Title, A to Z
cases-apply = Search
cases-clear = Clear the search and filters
cases-range = { $first }–{ $last } of { $total }
cases-none = There are no cases yet.
cases-none-match = No case matches this search.
cases-page-empty = There are no cases on this page.
cases-pages = Pages of cases
cases-previous = Previous page
cases-next = Next page

## The case page

case-page-title = Case { $number }: { $title }
case-back-to-list = Back to the cases
case-summary = Summary
case-panel-details = Details
case-panel-contacts = Contacts
case-panel-timeline = Timeline
case-panel-status = Status
case-panel-assignee = Assignee
case-panel-guest = Guest access
case-save = Save changes
case-no-description = No description.
case-contacts-none = No contacts yet.
case-contact-add = Add a contact
case-contact-search = Find a contact by name or email
case-contact-search-button = Find
case-contact-choose = Contact to add
case-contact-send-access = Also email them a link to follow the case
case-contact-add-button = Add to the case
case-contact-no-match = No other contact matches this search.
case-contact-none-yet = There are no other contacts to add yet.
case-status-new = New status
case-status-comment = Comment for the contacts (optional)
case-status-hint = Contacts who follow the case are told by email, with this comment.
case-status-submit = Change status
case-assign = Assign
case-guest-hint = Contacts follow the case through a personal link sent by email. Sending new links stops the old ones; revoking stops them all.
case-guest-reissue = Send new guest links
case-guest-revoke = Revoke guest links

## The timeline

timeline-empty = Nothing has happened yet.
timeline-internal = Internal note
timeline-staff = A staff member
timeline-contact = A contact
timeline-system = Frontdesk
timeline-created = Case created.
timeline-status = Status changed from { $from } to { $to }.
timeline-field = { $field }: { $from } → { $to }
timeline-description = Description changed
timeline-empty-value = (none)
timeline-assigned = Assigned to { $name }.
timeline-unassigned = No longer assigned.
reply-label = Reply
reply-visibility = Who sees it
reply-public = Public reply
reply-public-hint = The case’s contacts see it and are told by email.
reply-internal = Internal note
reply-internal-hint = Only staff see it.
reply-submit = Add to the timeline

## Share case publicly

share-panel = Share case publicly
share-options = Options for the new link
share-label = Label (optional)
share-days = Expires after (days)
share-days-hint = { $default } days unless you choose; at most { $max }.
share-max-views = View limit (optional)
share-max-views-hint = How many times the case can be opened with the link.
share-password = Password (optional)
share-password-hint = At least 8 characters. Give it to the recipient another way.
share-create = Create new share
share-new-title = New share link
share-url = Link
share-url-hint = Copy it now: for safety it is shown only this once.
share-copy = Copy link
share-copied = Copied
share-email = Email this link
share-mailto-hint = Opens your email program.
share-email-through = Or send it through Frontdesk
share-email-to = Recipient’s email address
share-email-message = Message above the link (optional)
share-links = Links
share-links-none = This case has not been shared yet.
share-col-label = Link
share-col-created = Created
share-col-expires = Expires
share-col-views = Views
share-col-password = Password
share-col-state = State
share-col-actions = Actions
share-views-of = { $views } of { $max }
share-yes = Yes
share-no = No
share-state-active = Active
share-state-expired = Expired
share-state-revoked = Revoked
share-state-used-up = Used up
share-unlabelled = Link of { $created }
share-revoke = Revoke
share-revoke-named = Revoke { $label }
share-log = View log
share-log-none = Nobody has opened a link yet.
share-log-when = When
share-log-agent = Browser
share-log-visitor = Visitor (hashed address)

## Field errors

error-title = Enter a title: one line of at most 200 characters.
error-description = This description is too long or contains characters that cannot be kept.
error-project = A project is one line of at most 200 characters.
error-body = Write a message of 1 to 10,000 characters.
error-contact = Choose a contact from the list.
error-share-label = A label is one line of at most 200 characters.
error-share-days = Enter a number of days from 1 to { $max }.
error-share-max-views = Enter a number of views of at least 1, or leave it empty.
error-share-password = Use 8 to 128 characters, and not a common password.
error-email-to = Enter a valid email address, like name@example.org.
error-share-message = A message is at most 2,000 characters, without control characters.

## Messages after an action

flash-case-saved = The details are saved.
flash-reply-added = Your reply is on the timeline; the contacts are told by email.
flash-note-added = Your internal note is on the timeline.
flash-status-changed = The status is changed; the contacts are told by email.
flash-status-unknown = That status does not exist. Nothing was changed.
flash-assignee-saved = The assignee is saved.
flash-assignee-unknown = That person cannot be assigned: they are not an active member of the staff. Nothing was changed.
flash-contact-added = The contact is added to the case.
flash-contact-added-invited = The contact is added to the case and will get a link by email.
flash-contact-not-found = That contact does not exist any more. Nothing was changed.
flash-recipient-limited = This person was sent an email moments ago. Nothing was sent; please try again in a minute.
flash-guest-reissued = New guest links are on their way; the old ones no longer work.
flash-guest-revoked = The guest links no longer work.
flash-share-mailed = The link is on its way.
flash-share-revoked = The link no longer works.
flash-share-unavailable = This case cannot be shared publicly: sharing is off for its form, or your profile does not allow it.
flash-share-url-wrong = That is not this link’s address. Nothing was sent.
flash-share-link-closed = This link no longer works (expired, revoked or used up). Create a new one.
flash-busy = The server is busy. Nothing was changed; please try again in a moment.
