//! Frontdesk's shared vocabulary.
//!
//! Value types that every domain crate speaks (ids, [`EmailAddress`], [`PersonName`],
//! [`Language`], secret [`Token`]s and their digests, new passwords, bounded [`SingleLine`]
//! text) and the ports through
//! which the domain reads time ([`Clock`]), randomness ([`TokenSource`], [`IdGenerator`]),
//! hashes passwords ([`PasswordHasher`]), groups writes ([`UnitOfWork`]) and builds the
//! public links it hands out ([`PublicLinks`]).
//! This crate does no I/O.
//!
//! ```
//! use frontdesk_kernel::{EmailAddress, Language};
//!
//! let address = EmailAddress::parse("ada@example.org")?;
//! assert_eq!(address.as_str(), "ada@example.org");
//! // A header injection is not an address.
//! assert!(EmailAddress::parse("ada@example.org\r\nBcc: eve@example.org").is_err());
//! assert_eq!(Language::parse("fr-CA")?, Language::Fr);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod captcha;
pub mod clock;
pub mod email;
pub mod ids;
pub mod ip_key;
pub mod language;
pub mod links;
pub mod name;
pub mod page;
pub mod password;
pub mod random;
pub mod repository;
pub mod text;
pub mod token;

pub use captcha::{
    CaptchaChallenge, CaptchaError, CaptchaPass, CaptchaReplayStore, CaptchaVerifier,
};
pub use clock::{Clock, SystemClock};
pub use email::{EmailAddress, EmailAddressError};
pub use ids::*;
pub use ip_key::ip_rate_key;
pub use language::{Language, LanguageError};
pub use links::{PublicLinks, percent_encode};
pub use name::{PersonName, PersonNameError};
pub use page::{Page, PageRequest};
pub use password::{
    NewPassword, PasswordError, PasswordHash, PasswordHasher, PasswordHashingError,
    PasswordVerification,
};
pub use random::{IdGenerator, OsTokenSource, TokenSource, UuidV7Generator};
pub use repository::{RepositoryError, StoreFailure, TransactionRunner, UnitOfWork, Uow};
pub use text::{LineRule, SingleLine, SingleLineError};
pub use token::{Token, TokenDigest, TokenError, TokenKind};

#[cfg(feature = "mock")]
pub use captcha::{MockCaptchaReplayStore, MockCaptchaVerifier};
#[cfg(feature = "mock")]
pub use clock::MockClock;
#[cfg(feature = "mock")]
pub use links::MockPublicLinks;
#[cfg(feature = "mock")]
pub use password::MockPasswordHasher;
#[cfg(feature = "mock")]
pub use random::{MockIdGenerator, MockTokenSource};
#[cfg(feature = "mock")]
pub use repository::MockTransactionRunner;
