//! Frontdesk's storage adapter: sea-orm entities, migrations and repositories for `SQLite`
//! (the default, one file) and `PostgreSQL`.
//!
//! [`Database`] opens either engine from a URL, applies the [`migration::Migrator`] and
//! implements every access port, the messaging ports ([`frontdesk_messaging::Outbox`],
//! [`frontdesk_messaging::TemplateStore`]), the cases ports ([`frontdesk_cases::FormRepository`],
//! [`frontdesk_cases::CaseRepository`], [`frontdesk_cases::TimelineRepository`],
//! [`frontdesk_cases::GuestAccessRepository`], [`frontdesk_cases::IdempotencyRepository`],
//! the read models [`frontdesk_cases::CaseViewReader`] and
//! [`frontdesk_cases::CaseOverviewReader`]),
//! [`frontdesk_contacts::ContactRepository`], the sharing ports
//! ([`frontdesk_sharing::ShareLinkRepository`], [`frontdesk_sharing::SharePermissionRepository`]),
//! [`frontdesk_kernel::CaptchaReplayStore`] and
//! [`frontdesk_kernel::TransactionRunner`]; its units of
//! work are [`SeaOrmUnitOfWork`]s. Entities stay inside this crate: repositories convert
//! rows to domain values with checked conversions and report bad rows as
//! [`frontdesk_kernel::RepositoryError::Corrupt`].
//!
//! With the `test-support` feature, [`test_support`] makes throw-away databases for tests.
//!
//! ```
//! use frontdesk_storage::Database;
//!
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let db = Database::connect("sqlite::memory:").await?;
//! db.migrate().await?;
//! db.ping().await?;
//! assert_eq!(db.applied_migrations().await?, Database::known_migrations());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod convert;
mod database;
mod entities;
mod error;
pub mod migration;
mod repositories;
#[cfg(feature = "test-support")]
pub mod test_support;
mod uow;

pub use database::{Backend, Database};
pub use error::StorageError;
pub use repositories::{OutboxCounts, OutboxSealing, SealingKey};
pub use uow::SeaOrmUnitOfWork;
