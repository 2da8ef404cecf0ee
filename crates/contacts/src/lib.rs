//! Contacts: people outside the organisation that it knows, found by their normalised email
//! address (unique per organisation), with the details they gave, their public profile and
//! their notification preferences.

use frontdesk_kernel::{CaseId, ContactId, EmailAddress, OrgId, PersonName, RepositoryError, Uow};
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
}

impl From<&Contact> for PublicProfile {
    fn from(contact: &Contact) -> Self {
        Self {
            id: contact.id,
            first_name: contact.first_name.to_string(),
            last_name: contact.last_name.to_string(),
            email: contact.email.to_string(),
            phone: contact.phone.as_ref().map(|p| p.as_str().to_owned()),
        }
    }
}

/// Stores contacts and their notification preferences. Every lookup is scoped to one
/// organisation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ContactRepository: Send + Sync {
    /// Adds a contact.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"email"`) when the organisation already has a contact
    /// with this normalised address; other variants when the store fails.
    async fn insert(&self, uow: &mut Uow, contact: &Contact) -> Result<(), RepositoryError>;

    /// The contact `id` of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: ContactId) -> Result<Option<Contact>, RepositoryError>;

    /// The contact of `org` with this normalised address.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError>;

    /// The same lookup inside a unit of work (sees its uncommitted writes; on `PostgreSQL`
    /// the caller may rely on the unique index to settle races).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_email_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError>;

    /// The organisation's contact with `contact`'s normalised address, or `contact` itself,
    /// inserted, when there is none. An existing contact is returned unchanged. Adapters
    /// should override it with one statement; the default looks up, inserts, and looks up
    /// again when a concurrent insert won.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_or_insert_in(
        &self,
        uow: &mut Uow,
        contact: &Contact,
    ) -> Result<Contact, RepositoryError> {
        if let Some(found) = self
            .find_by_email_in(uow, contact.org_id, &contact.email)
            .await?
        {
            return Ok(found);
        }
        match self.insert(uow, contact).await {
            Ok(()) => Ok(contact.clone()),
            Err(RepositoryError::Conflict(field)) => self
                .find_by_email_in(uow, contact.org_id, &contact.email)
                .await?
                .ok_or(RepositoryError::Conflict(field)),
            Err(error) => Err(error),
        }
    }

    /// Unsubscribes the contact from notifications of one case.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn unsubscribe_case(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Unsubscribes the contact from every notification.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn unsubscribe_all(
        &self,
        org: OrgId,
        contact: ContactId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Whether the contact still wants notifications about `case` (not unsubscribed from
    /// it nor from everything).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn is_subscribed(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
    ) -> Result<bool, RepositoryError>;
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
