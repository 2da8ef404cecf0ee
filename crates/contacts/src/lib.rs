//! Contacts: people outside the organisation that it knows, found by their normalised email
//! address (unique per organisation), with the details they gave, their public profile and
//! their notification preferences.
//!
//! [`ContactsService`] holds the staff use cases that concern a contact alone (create one,
//! read its public profile, write to it, search, link it to a client) and the clients
//! (customer companies: create, read with their contacts, search, rename); linking a
//! contact to a case belongs to the cases domain. [`ContactUsersService`] holds the use
//! cases of contact users — contacts with a login (seed 001's client contact users, seed
//! 003's registered users, seed 004's portal users): create on a client, change, and send a
//! password by mail only; and their own: sign in (throttled), authenticate a session
//! ([`ContactUserSession`]), sign out, change the password, forget it and set a new one
//! with a one-time link.
//!
//! ```
//! use frontdesk_contacts::SearchText;
//!
//! // Search text is trimmed and compared case-folded; blank text searches nothing.
//! let text = SearchText::parse("  Ada LOVELACE ").expect("text");
//! assert_eq!(text.as_str(), "Ada LOVELACE");
//! assert_eq!(text.folded(), "ada lovelace");
//! assert!(SearchText::parse("   ").is_none());
//! ```

pub mod client;
pub mod contact;
pub mod contact_user;
pub mod field;
pub mod portal_users;
pub mod ports;
pub mod query;
pub mod service;
pub mod session;

pub use client::{Client, ClientName, ClientNameRule};
pub use contact::{
    Contact, Phone, PhoneError, PostalAddress, PostalAddressError, PublicProfile, display_name,
};
pub use contact_user::{
    ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserState,
    TEMPORARY_PASSWORD_LIFETIME, TemporaryPassword, Username, UsernameError,
};
pub use field::FieldError;
pub use portal_users::{
    PortalUserDirectory, PortalUserQuery, PortalUserStateFilter, RemovalReport,
};
pub use ports::*;
pub use query::{Counted, PageNumber, SearchText};
pub use service::*;
pub use session::ContactUserSession;
