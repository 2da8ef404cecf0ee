//! Public share links: staff share one case read-only with someone outside, without login.
//!
//! Who may share is tightly controlled (the form's addon must be on, and the actor's profile
//! must hold the per-form permission), and every link is bounded (expiry within the
//! organisation's maximum, optional view limit and password) and auditable (every view is
//! logged with time, user agent and a hashed IP).
//!
//! ```
//! use frontdesk_access::{Profile, ProfileSet};
//! use frontdesk_sharing::may_share;
//!
//! let admins = ProfileSet::of([Profile::Admin]);
//! // Admins may share once the form's addon is on; nobody may while it is off.
//! assert!(may_share(&admins, true, |_| None));
//! assert!(!may_share(&admins, false, |_| None));
//! ```

pub mod audit;
pub mod link;
pub mod ports;
pub mod rules;
pub mod service;

pub use audit::{SHARE_LINK_CREATED, SHARE_LINK_MAILED, SHARE_LINK_REVOKED};
pub use link::{ShareLabel, ShareLabelRule, ShareLink, ShareView, ViewerInfo};
pub use ports::*;
pub use rules::*;
pub use service::*;
