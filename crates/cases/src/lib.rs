//! Cases and how people outside the organisation reach them.
//!
//! [`Form`]s configure public intake; a submission creates a [`Case`] for a contact (found by
//! normalised email or created) with a [`GuestAccess`] capability and a confirmation mail, all
//! in one unit of work. Guests follow their case through `/g/{token}` links, comment, and edit
//! while the status allows. Staff change statuses and comment; subscribed contacts are
//! notified and can unsubscribe in one click. The staff console searches cases, counts them
//! ([`CaseStatistics`]), edits their fields and assigns them to staff users.
//!
//! [`CasesService`] has one method per use case, each in its own file under `service/` with
//! its request type and its error enum.
//!
//! ```
//! use frontdesk_cases::IdempotencyKey;
//!
//! let key = IdempotencyKey::parse("form-3f2a-submit-1")?;
//! assert_eq!(key.as_str(), "form-3f2a-submit-1");
//! assert!(IdempotencyKey::parse("").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod case;
pub mod form;
pub mod guest;
pub mod idempotency;
mod intake;
pub mod ports;
pub mod service;
mod text;
pub mod timeline;
pub mod views;

pub use case::{
    Case, CaseNumber, CaseProject, CaseProjectRule, CaseStatus, CaseTitle, CaseTitleRule, Priority,
    SubmittedContact,
};
pub use form::{
    FieldConfig, Form, FormError, FormField, FormName, FormNameRule, FormSlug, parse_form_name,
};
pub use frontdesk_contacts::{Counted, FieldError, PageNumber, SearchText};
pub use guest::{GuestAccess, UnsubscribeGrant};
pub use idempotency::{IdempotencyKey, IdempotencyKeyError};
pub use ports::*;
pub use service::*;
pub use timeline::{Author, TimelineEntry, TimelineEvent, Visibility};
pub use views::{CaseInContext, CaseViewReader, ComposedCaseViews, GuestCaseRecord};
