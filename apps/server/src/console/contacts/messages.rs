//! Which sentence of the catalog explains a refused field. The contacts domain decides
//! *which* fields are wrong (every one, in order); the console explains *why* in the
//! member's language, by asking the same value types what they make of the text.

use frontdesk_contacts::{FieldError, Phone, PostalAddress};
use frontdesk_kernel::{EmailAddress, EmailAddressError, PersonName, PersonNameError};

/// The field names a refused field came back with, each with its message key, in order.
pub(super) type FieldMessages = Vec<(String, &'static str)>;

/// The message key for field `name` of `messages`, if it was refused.
pub(super) fn message_for<'a>(messages: &'a FieldMessages, name: &str) -> Option<&'a str> {
    messages
        .iter()
        .find(|(field, _)| field == name)
        .map(|(_, key)| *key)
}

fn blank(raw: &str) -> bool {
    raw.trim().is_empty()
}

/// Why `raw`, typed into field `field` of a new contact, was refused.
pub(super) fn contact_field(field: &str, raw: &str) -> &'static str {
    match field {
        "first_name" | "last_name" => match PersonName::parse(raw.trim()) {
            _ if blank(raw) => "contacts-error-required",
            Err(PersonNameError::TooLong) => "contacts-error-name-too-long",
            Err(PersonNameError::ControlCharacter) => "contacts-error-control-characters",
            Err(PersonNameError::Empty) => "contacts-error-required",
            Ok(_) => "contacts-error-invalid",
        },
        "email" => match EmailAddress::parse(raw.trim()) {
            _ if blank(raw) => "contacts-error-required",
            Err(EmailAddressError::ControlCharacter) => "contacts-error-email-line-break",
            Err(EmailAddressError::Empty) => "contacts-error-required",
            Err(_) => "contacts-error-email",
            Ok(_) => "contacts-error-invalid",
        },
        "phone" if Phone::parse(raw).is_err() => "contacts-error-phone",
        "address" if PostalAddress::parse(raw).is_err() => "contacts-error-address",
        "client_id" => "contacts-error-client",
        _ => "contacts-error-invalid",
    }
}

/// Whether `text` holds control characters other than line breaks and tabs.
fn has_control(text: &str, allow_breaks: bool) -> bool {
    text.trim()
        .chars()
        .any(|c| c.is_control() && !(allow_breaks && matches!(c, '\n' | '\r' | '\t')))
}

/// Why `raw`, typed into field `field` of a message to a contact, was refused.
pub(super) fn message_field(field: &str, raw: &str) -> &'static str {
    match field {
        "subject" if has_control(raw, false) => "contacts-error-control-characters",
        "subject" => "contacts-error-subject",
        "body" if has_control(raw, true) => "contacts-error-control-characters",
        "body" => "contacts-error-body",
        _ => "contacts-error-invalid",
    }
}

/// Each refused field with its message key, `explain` deciding from the value typed
/// (`typed` gives it by field name).
pub(super) fn explain(
    errors: &[FieldError],
    typed: impl Fn(&str) -> String,
    explain: fn(&str, &str) -> &'static str,
) -> FieldMessages {
    errors
        .iter()
        .map(|error| {
            let raw = typed(&error.field);
            (error.field.clone(), explain(&error.field, &raw))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_fields_are_explained_by_what_was_typed() {
        let cases = [
            ("first_name", "  ", "contacts-error-required"),
            (
                "last_name",
                &"x".repeat(201),
                "contacts-error-name-too-long",
            ),
            (
                "first_name",
                "Ja\u{7}ne",
                "contacts-error-control-characters",
            ),
            ("email", "", "contacts-error-required"),
            ("email", "jane", "contacts-error-email"),
            (
                "email",
                "a@x.test\r\nBcc: b@x.test",
                "contacts-error-email-line-break",
            ),
            ("phone", "call me", "contacts-error-phone"),
            ("address", &"x".repeat(501), "contacts-error-address"),
            ("nickname", "x", "contacts-error-invalid"),
        ];
        for (field, raw, key) in cases {
            assert_eq!(contact_field(field, raw), key, "{field}: {raw:?}");
        }
    }

    #[test]
    fn message_fields_are_explained_by_what_was_typed() {
        assert_eq!(message_field("subject", " "), "contacts-error-subject");
        assert_eq!(
            message_field("subject", "Hello\nBcc: x"),
            "contacts-error-control-characters"
        );
        assert_eq!(message_field("body", "line\nline"), "contacts-error-body");
        assert_eq!(
            message_field("body", "a\u{0}b"),
            "contacts-error-control-characters"
        );
    }

    #[test]
    fn every_refused_field_is_explained_in_order() {
        let errors = vec![
            FieldError {
                field: "first_name".into(),
                message: "this field is required".into(),
            },
            FieldError {
                field: "email".into(),
                message: "enter a valid email address".into(),
            },
        ];
        let typed = |name: &str| {
            if name == "email" {
                "nope".into()
            } else {
                String::new()
            }
        };
        let messages = explain(&errors, typed, contact_field);
        assert_eq!(
            messages,
            vec![
                ("first_name".to_owned(), "contacts-error-required"),
                ("email".to_owned(), "contacts-error-email"),
            ]
        );
        assert_eq!(
            message_for(&messages, "email"),
            Some("contacts-error-email")
        );
        assert_eq!(message_for(&messages, "phone"), None);
    }
}
