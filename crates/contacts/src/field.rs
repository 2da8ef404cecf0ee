//! Field errors for people, and the checks of what staff type about a contact.
//!
//! The staff API speaks English; the wording is the same as on public forms (see the cases
//! domain's texts), so a person sees one message for one mistake wherever they make it.

use frontdesk_kernel::{
    EmailAddress, EmailAddressError, LineRule, PersonName, PersonNameError, SingleLine,
    SingleLineError,
};

use crate::{Phone, PostalAddress};

/// One invalid input field, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name (`first_name`, `email`, …).
    pub field: String,
    /// What is wrong, in the form's language.
    pub message: String,
}

/// Longest message body, in characters.
pub(crate) const MAX_BODY_CHARS: usize = 10_000;

const REQUIRED: &str = "this field is required";
const NAME_TOO_LONG: &str = "a name is at most 200 characters";
const CONTROL_CHARACTERS: &str = "this field cannot contain line breaks or control characters";
const EMAIL: &str = "enter a valid email address, like name@example.org";
const EMAIL_LINE_BREAK: &str = "an email address cannot contain line breaks or control characters";
const PHONE: &str = "a phone number has 3–40 characters: digits, spaces and + ( ) - . /";
const ADDRESS: &str = "an address is 1–500 characters";
const SUBJECT: &str = "a subject is 1–200 characters on one line";
const BODY: &str = "a message is 1–10000 characters";
const CLIENT_NAME: &str = "a client's name is 1–200 characters on one line";
/// The message for a client id that names no client of the organisation.
pub(crate) const UNKNOWN_CLIENT: &str = "no client of this organisation has this id";

/// The rule of a message's subject: one line of 1–200 characters, inner whitespace collapsed.
pub enum SubjectRule {}

impl LineRule for SubjectRule {
    const MAX_CHARS: usize = 200;
    const COLLAPSE_WHITESPACE: bool = true;
}

/// A message's subject.
pub type Subject = SingleLine<SubjectRule>;

/// Collects field errors.
#[derive(Default)]
pub(crate) struct Errors(Vec<FieldError>);

impl Errors {
    pub fn push(&mut self, field: &str, message: &str) {
        self.0.push(FieldError {
            field: field.to_owned(),
            message: message.to_owned(),
        });
    }

    /// The value `parse` makes of a required field, or `None` with the field's error pushed.
    pub fn required<T>(
        &mut self,
        name: &str,
        raw: &str,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        let Some(value) = present(Some(raw)) else {
            self.push(name, REQUIRED);
            return None;
        };
        self.check(name, parse(value))
    }

    /// The value `parse` makes of an optional field (`None` when blank or invalid; an
    /// invalid one's error pushed).
    pub fn optional<T>(
        &mut self,
        name: &str,
        raw: Option<&str>,
        parse: impl FnOnce(&str) -> Result<T, &'static str>,
    ) -> Option<T> {
        let value = present(raw)?;
        self.check(name, parse(value))
    }

    /// The value, or `None` with its error pushed.
    pub fn check<T>(&mut self, name: &str, outcome: Result<T, &'static str>) -> Option<T> {
        outcome.map_err(|message| self.push(name, message)).ok()
    }

    /// `Ok(value)` when no error was pushed.
    pub fn finish<T>(self, value: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty()
            && let Some(value) = value()
        {
            return Ok(value);
        }
        Err(self.0)
    }
}

/// `raw` trimmed, or `None` when absent or blank.
pub(crate) fn present(raw: Option<&str>) -> Option<&str> {
    raw.map(str::trim).filter(|value| !value.is_empty())
}

pub(crate) fn name(raw: &str) -> Result<PersonName, &'static str> {
    PersonName::parse(raw).map_err(|error| match error {
        PersonNameError::Empty => REQUIRED,
        PersonNameError::TooLong => NAME_TOO_LONG,
        PersonNameError::ControlCharacter => CONTROL_CHARACTERS,
    })
}

pub(crate) fn email(raw: &str) -> Result<EmailAddress, &'static str> {
    EmailAddress::parse(raw).map_err(|error| match error {
        EmailAddressError::Empty => REQUIRED,
        EmailAddressError::ControlCharacter => EMAIL_LINE_BREAK,
        _ => EMAIL,
    })
}

pub(crate) fn phone(raw: &str) -> Result<Phone, &'static str> {
    Phone::parse(raw).map_err(|_| PHONE)
}

pub(crate) fn address(raw: &str) -> Result<PostalAddress, &'static str> {
    PostalAddress::parse(raw).map_err(|_| ADDRESS)
}

/// A client's name.
pub(crate) fn client_name(raw: &str) -> Result<crate::ClientName, &'static str> {
    crate::ClientName::parse(raw).map_err(|error| match error {
        SingleLineError::ControlCharacter => CONTROL_CHARACTERS,
        SingleLineError::Empty => REQUIRED,
        SingleLineError::TooLong { .. } => CLIENT_NAME,
    })
}

/// A subject (surrounding whitespace ignored).
pub(crate) fn subject(raw: &str) -> Result<Subject, &'static str> {
    Subject::parse(raw.trim()).map_err(|error| match error {
        SingleLineError::ControlCharacter => CONTROL_CHARACTERS,
        SingleLineError::Empty | SingleLineError::TooLong { .. } => SUBJECT,
    })
}

/// A message body of 1–10 000 characters: line breaks and tabs allowed, other control
/// characters not; CRLF becomes LF.
pub(crate) fn body(raw: &str) -> Result<String, &'static str> {
    let normalised = raw.trim().replace("\r\n", "\n");
    if normalised
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(CONTROL_CHARACTERS);
    }
    let count = normalised.chars().count();
    if count == 0 || count > MAX_BODY_CHARS {
        return Err(BODY);
    }
    Ok(normalised)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_and_bodies() {
        assert_eq!(
            subject("  Hello   there ").map(String::from),
            Ok("Hello there".into())
        );
        assert_eq!(subject(" "), Err(SUBJECT));
        assert_eq!(subject("a\nb"), Err(CONTROL_CHARACTERS));
        assert_eq!(subject(&"x".repeat(201)), Err(SUBJECT));
        assert_eq!(body(" a\r\nb "), Ok("a\nb".into()));
        assert_eq!(body("a\0b"), Err(CONTROL_CHARACTERS));
        assert_eq!(body(&"x".repeat(10_001)), Err(BODY));
        assert_eq!(body("  "), Err(BODY));
    }
}
