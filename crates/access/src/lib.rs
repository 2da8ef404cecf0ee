//! Who may do what, where.
//!
//! Organisations (tenants) and their policies, staff users and their profiles and
//! permissions, staff API tokens, password setup links, staff sign-in sessions and the
//! failed-sign-in throttle, contact users' grants to cases and the one access decision
//! ([`decide`]). The [`AccessService`] holds one method per use case, each with
//! its own error enum; storage, hashing, time and randomness come in through ports.
//!
//! ```
//! use frontdesk_access::{Permission, Profile, ProfileSet};
//!
//! let admin = ProfileSet::of([Profile::Admin]);
//! assert!(admin.grants(Permission::ManageForms));
//! assert!(!ProfileSet::of([Profile::Agent]).grants(Permission::ManageForms));
//! ```

pub mod audit;
pub mod decision;
pub mod embed;
pub mod error;
pub mod grant;
pub mod organisation;
pub mod portal;
pub mod ports;
pub mod profile;
pub mod service;
pub mod staff;
pub mod throttle;

pub use audit::{AuditAction, AuditEvent, AuditFilter};
pub use decision::{
    CaseAction, ContactUserFacts, Decision, GuestCapability, Person, Reach, decide, role_allows,
    staff_permission,
};
pub use embed::{
    EmbedOrigin, EmbedOriginError, EmbedOriginRepository, MAX_EMBED_ORIGIN_BYTES,
    MAX_EMBED_ORIGINS, frame_ancestors,
};
pub use error::Forbidden;
pub use grant::{AccessGrant, CaseFacts, CaseRole, CaseStatusFilter, PublicCasesRule};
pub use organisation::{
    Branding, HexColour, LifetimeError, LifetimeKind, OrgName, OrgNameRule, OrgSlug, OrgSlugError,
    Organisation, PortalMode, TokenLifetimePolicy, TokenLifetimes,
};
pub use portal::{
    MAX_PORTAL_FORMS, PortalExtras, PortalSettings, PortalSettingsRepository, PortalTitle,
    PortalTitleRule, is_form_slug,
};
pub use ports::*;
pub use profile::{Permission, Profile, ProfileError, ProfileSet};
pub use service::*;
pub use staff::{
    ActionPurpose, ActionToken, ApiToken, ApiTokenLabel, ApiTokenLabelRule, AuthMethod, StaffActor,
    StaffSession, StaffUser,
};
pub use throttle::{ThrottleDecision, ThrottlePolicy};
