//! Registration links: an admin opens sign-up to people outside the organisation with a
//! link (`/r/{token}`) that is bounded (expiry within the organisation's maximum, optional
//! use limit and allowed email domains), revocable and auditable.
//!
//! A link says what a sign-up gets: a contact user linked to a client (role `client`) or a
//! staff user with the `agent` profile only (role `staff`, which must be bounded by domains
//! or a use limit), optionally a new case of a form. The organisation's switch
//! (`registration_enabled`) closes every link while off. [`RegistrationService::check_link`]
//! answers what a sign-up with a token and an address would get, for the sign-up pages.
//!
//! ```
//! use frontdesk_registration::EmailDomain;
//!
//! let domain = EmailDomain::parse("Example.ORG")?;
//! assert_eq!(domain.as_str(), "example.org");
//! assert!(EmailDomain::parse("not a domain").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod audit;
pub mod domains;
pub mod link;
pub mod pending;
pub mod ports;
pub mod rules;
pub mod service;

pub use audit::{REGISTRATION_LINK_CREATED, REGISTRATION_LINK_MAILED, REGISTRATION_LINK_REVOKED};
pub use domains::{AllowedDomains, DomainError, EmailDomain, MAX_ALLOWED_DOMAINS};
pub use link::{
    RegisteredUser, RegistrationLabel, RegistrationLabelRule, RegistrationLink, RegistrationRole,
    RegistrationRoleError, RegistrationUse,
};
pub use pending::{PendingSignUp, PendingSignUpRepository};
pub use ports::*;
pub use rules::*;
pub use service::*;
