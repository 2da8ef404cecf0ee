//! Schema migrations, portable across `SQLite` and `PostgreSQL`.
//!
//! Append-only: a released migration is never edited; later changes add new migrations
//! (named `mYYYYMMDD_NNNNNN_what`) to the end of [`Migrator::migrations`].

use sea_orm_migration::{MigrationTrait, MigratorTrait};

pub mod m20261124_000001_foundation;
pub mod m20261124_000002_messaging;
pub mod m20261124_000003_cases;
pub mod m20261124_000004_sharing;
pub mod m20261201_000005_staff_language;
pub mod m20261201_000006_audit_time;
pub mod m20261201_000007_case_assignee;
pub mod m20261201_000008_clients;
pub mod m20261201_000009_contact_users;
pub mod m20261201_000010_contact_user_sessions;
pub mod m20261201_000011_registration;
pub mod m20261201_000012_pending_sign_ups;
pub mod m20261201_000013_portal_settings;
pub mod m20261203_000014_pending_staff_sign_ups;
pub mod m20261203_000015_embed_origins;

/// Every migration, in order.
#[derive(Debug, Clone, Copy, Default)]
pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_foundation::Migration),
            Box::new(m20261124_000002_messaging::Migration),
            Box::new(m20261124_000003_cases::Migration),
            Box::new(m20261124_000004_sharing::Migration),
            Box::new(m20261201_000005_staff_language::Migration),
            Box::new(m20261201_000006_audit_time::Migration),
            Box::new(m20261201_000007_case_assignee::Migration),
            Box::new(m20261201_000008_clients::Migration),
            Box::new(m20261201_000009_contact_users::Migration),
            Box::new(m20261201_000010_contact_user_sessions::Migration),
            Box::new(m20261201_000011_registration::Migration),
            Box::new(m20261201_000012_pending_sign_ups::Migration),
            Box::new(m20261201_000013_portal_settings::Migration),
            Box::new(m20261203_000014_pending_staff_sign_ups::Migration),
            Box::new(m20261203_000015_embed_origins::Migration),
        ]
    }
}
