## Staff console: intake forms (list, create, edit)

forms-title = Forms
forms-intro = Each form is a public page where people open cases. Choose its fields, its language, who is notified and its addons.
forms-new = New form
forms-none = No forms yet.
forms-column-name = Name
forms-column-slug = Address name
forms-column-language = Default language
forms-column-share = Share Case Publicly
forms-column-public = Public form
forms-on = On
forms-off = Off
forms-open-public = Open the public form

## Creating a form

forms-new-title = New form
forms-new-intro = The new form starts with the standard fields; you can change them next.
forms-name = Name
forms-name-hint = The heading of the public form.
forms-slug = Address name
forms-slug-hint = 1 to 40 lower-case letters, digits and single hyphens, such as “support”: the public form will then be at { $path }support. It cannot be changed later.
forms-default-language = Default language
forms-default-language-hint = The language of the public form and of the cases it creates.
forms-create = Create form
forms-errors = Some settings need your attention. Nothing was saved.

## Editing a form

forms-edit-title = Form “{ $name }”
forms-public-address = Public address
forms-general = General
forms-fields = Fields
forms-fields-hint = Choose the fields the public form shows, their order and their section. First name, last name and email are always shown and required. The sections “contact” and “case” are shown translated.
forms-field = Field
forms-show = Show
forms-required = Required
forms-order = Order
forms-section = Section
forms-move = Move
forms-move-up = Move { $field } up
forms-move-down = Move { $field } down
forms-always = Always
forms-show-field = Show { $field }
forms-required-field = { $field } is required
forms-order-field = Order of { $field }
forms-section-field = Section of { $field }
forms-field-first_name = First name
forms-field-last_name = Last name
forms-field-email = Email
forms-field-phone = Phone
forms-field-address = Address
forms-field-title = Case title
forms-field-project = Project
forms-field-description = Description
forms-field-priority = Priority
forms-guest-edit = Guests may edit their case while it is
forms-guest-edit-hint = Outside these statuses, guests can still read and comment.
forms-notifications = Notifications
forms-notify-contacts = Email contacts about activity on their cases
forms-addons = Addons
forms-share-addon = Share Case Publicly
forms-share-addon-hint = Staff allowed to share cases publicly can create a read-only link to a case of this form. Recipients see the case without signing in, in the language it was created in.
forms-save = Save form

## Errors

forms-error-slug = An address name is 1 to 40 lower-case letters, digits and single hyphens.
forms-error-slug-reserved = This address name is reserved for the console. Choose another one.
forms-error-slug-taken = A form with this address name already exists.
forms-error-name = A name is 1 to 200 characters on one line.
forms-error-language = Choose one of the languages offered.
forms-error-section = A section name is 1 to 100 characters on one line.
forms-error-order = Enter a whole number from 1 to 999.
forms-error-fields = This list of fields is not valid.

## Messages after an action

flash-forms-created = The form was created. Choose its fields and settings below.
flash-forms-saved = The form was saved.
