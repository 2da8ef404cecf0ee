//! The contact itself and the details people give: phone numbers and postal addresses.

use frontdesk_kernel::{ClientId, ContactId, EmailAddress, OrgId, PersonName};
use serde::Serialize;
use time::OffsetDateTime;

/// A phone number as given: 3–40 characters of digits, spaces and `+()-./`, at least three
/// digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Phone(String);

/// Why a string is not a phone number.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("a phone number has 3–40 characters: digits, spaces and + ( ) - . /")]
pub struct PhoneError;

impl Phone {
    /// Parses a phone number (surrounding whitespace ignored).
    ///
    /// # Errors
    /// [`PhoneError`] when it has other characters, too few digits or is too long.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let trimmed = raw.trim();
        let digits = trimmed.chars().filter(char::is_ascii_digit).count();
        let allowed = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-./".contains(c));
        if allowed && digits >= 3 && trimmed.len() <= 40 {
            Ok(Self(trimmed.to_owned()))
        } else {
            Err(PhoneError)
        }
    }

    /// The number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A postal address as given: up to 500 characters; line breaks allowed, other control
/// characters not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct PostalAddress(String);

/// Why a string is not a usable address.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("an address is 1–500 characters")]
pub struct PostalAddressError;

impl PostalAddress {
    /// Parses an address.
    ///
    /// # Errors
    /// [`PostalAddressError`] when empty, too long or with control characters other than
    /// line breaks.
    pub fn parse(raw: &str) -> Result<Self, PostalAddressError> {
        let trimmed = raw.trim();
        let ok = !trimmed.is_empty()
            && trimmed.chars().count() <= 500
            && trimmed
                .chars()
                .all(|c| !c.is_control() || c == '\n' || c == '\r');
        if ok {
            Ok(Self(trimmed.replace("\r\n", "\n")))
        } else {
            Err(PostalAddressError)
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person known to an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Its id.
    pub id: ContactId,
    /// The organisation.
    pub org_id: OrgId,
    /// Address; unique per organisation by [`EmailAddress::normalised`].
    pub email: EmailAddress,
    /// First name.
    pub first_name: PersonName,
    /// Last name.
    pub last_name: PersonName,
    /// Phone.
    pub phone: Option<Phone>,
    /// Postal address.
    pub address: Option<PostalAddress>,
    /// The client (customer company) the contact works for, if any.
    pub client_id: Option<ClientId>,
    /// Unsubscribed from every notification.
    pub unsubscribed_all: bool,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

impl Contact {
    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// The contact's name as a mail display name (see [`display_name`]).
    pub fn display_name(&self) -> PersonName {
        display_name(&self.first_name, &self.last_name)
    }
}

/// "First Last" as a mail display name, or the first name alone when the whole is too long.
pub fn display_name(first: &PersonName, last: &PersonName) -> PersonName {
    PersonName::parse(&format!("{first} {last}")).unwrap_or_else(|_| first.clone())
}

/// What other staff may see of a contact: its public profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicProfile {
    /// Id.
    pub id: ContactId,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Address to write to.
    pub email: String,
    /// Phone, if given.
    pub phone: Option<String>,
    /// The client the contact works for, if any.
    pub client_id: Option<ClientId>,
}

impl From<&Contact> for PublicProfile {
    fn from(contact: &Contact) -> Self {
        Self {
            id: contact.id,
            first_name: contact.first_name.to_string(),
            last_name: contact.last_name.to_string(),
            email: contact.email.to_string(),
            phone: contact.phone.as_ref().map(|p| p.as_str().to_owned()),
            client_id: contact.client_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phones_and_addresses() {
        assert!(Phone::parse("+33 (0)1 23 45 67 89").is_ok());
        assert_eq!(Phone::parse("call me"), Err(PhoneError));
        assert_eq!(Phone::parse("12"), Err(PhoneError));
        assert_eq!(
            PostalAddress::parse("1 Main St\r\nSpringfield")
                .unwrap()
                .as_str(),
            "1 Main St\nSpringfield"
        );
        assert_eq!(PostalAddress::parse("a\0b"), Err(PostalAddressError));
        assert_eq!(
            PostalAddress::parse(&"x".repeat(501)),
            Err(PostalAddressError)
        );
    }

    proptest! {
        #[test]
        fn parsers_never_panic(raw in any::<String>()) {
            let _ = Phone::parse(&raw);
            let _ = PostalAddress::parse(&raw);
        }
    }
}
