//! Organisations, forms, staff users and their credentials, sessions, throttle counters and
//! the audit trail.
//!
//! Conventions every later migration follows: ids are UUIDs (v7, time-ordered); timestamps
//! are `timestamp with time zone` (text in `SQLite`), written in UTC with microsecond
//! precision; secret digests are binary (`bytea` / `blob`); JSON documents are text. Unique
//! indexes are named `ux_<table>_<what>`, and `<what>` is the name reported in
//! [`frontdesk_kernel::RepositoryError::Conflict`].

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    blob, boolean, pk_uuid, string, text, text_null, timestamp_with_time_zone,
    timestamp_with_time_zone_null, uuid, uuid_null,
};

/// The foundation schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Slug,
    Name,
    Branding,
    BaseUrl,
    DefaultLanguage,
    PortalMode,
    Lifetimes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Forms {
    Table,
    Id,
    OrgId,
    Slug,
    Name,
    DefaultLanguage,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
    Id,
    OrgId,
    Email,
    EmailNormalised,
    Name,
    Profiles,
    Disabled,
    PasswordHash,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    OrgId,
    UserId,
    Label,
    Digest,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum ActionTokens {
    Table,
    Id,
    OrgId,
    UserId,
    Purpose,
    Digest,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum StaffSessions {
    Table,
    Id,
    OrgId,
    UserId,
    Digest,
    CreatedAt,
    LastSeenAt,
    AbsoluteExpiresAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum FailedAttempts {
    Table,
    Id,
    Key,
    At,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OrgId,
    Actor,
    Action,
    Subject,
    Detail,
    At,
}

fn references_org(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_col(from)
        .to(Organisations::Table, Organisations::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

fn references_user(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_col(from)
        .to(StaffUsers::Table, StaffUsers::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

fn index(name: &str, table: impl IntoIden) -> IndexCreateStatement {
    Index::create().name(name).table(table).take()
}

#[expect(
    clippy::too_many_lines,
    reason = "a migration reads best as one ordered list of statements"
)]
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(pk_uuid(Organisations::Id))
                    .col(string(Organisations::Slug))
                    .col(text(Organisations::Name))
                    .col(text(Organisations::Branding))
                    .col(text(Organisations::BaseUrl))
                    .col(string(Organisations::DefaultLanguage))
                    .col(string(Organisations::PortalMode))
                    .col(text(Organisations::Lifetimes))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_organisations_slug", Organisations::Table)
                    .col(Organisations::Slug)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Forms::Table)
                    .col(pk_uuid(Forms::Id))
                    .col(uuid(Forms::OrgId))
                    .col(string(Forms::Slug))
                    .col(text(Forms::Name))
                    .col(string(Forms::DefaultLanguage))
                    .col(timestamp_with_time_zone(Forms::CreatedAt))
                    .foreign_key(&mut references_org("fk_forms_org", Forms::OrgId))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_forms_org_slug", Forms::Table)
                    .col(Forms::OrgId)
                    .col(Forms::Slug)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffUsers::Table)
                    .col(pk_uuid(StaffUsers::Id))
                    .col(uuid(StaffUsers::OrgId))
                    .col(string(StaffUsers::Email))
                    .col(string(StaffUsers::EmailNormalised))
                    .col(text(StaffUsers::Name))
                    .col(text(StaffUsers::Profiles))
                    .col(boolean(StaffUsers::Disabled))
                    .col(text_null(StaffUsers::PasswordHash))
                    .col(timestamp_with_time_zone(StaffUsers::CreatedAt))
                    .col(timestamp_with_time_zone(StaffUsers::UpdatedAt))
                    .foreign_key(&mut references_org("fk_staff_users_org", StaffUsers::OrgId))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_staff_users_org_email", StaffUsers::Table)
                    .col(StaffUsers::OrgId)
                    .col(StaffUsers::EmailNormalised)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(pk_uuid(ApiTokens::Id))
                    .col(uuid(ApiTokens::OrgId))
                    .col(uuid(ApiTokens::UserId))
                    .col(text(ApiTokens::Label))
                    .col(blob(ApiTokens::Digest))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(&mut references_org("fk_api_tokens_org", ApiTokens::OrgId))
                    .foreign_key(&mut references_user(
                        "fk_api_tokens_user",
                        ApiTokens::UserId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_api_tokens_digest", ApiTokens::Table)
                    .col(ApiTokens::Digest)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ActionTokens::Table)
                    .col(pk_uuid(ActionTokens::Id))
                    .col(uuid(ActionTokens::OrgId))
                    .col(uuid(ActionTokens::UserId))
                    .col(string(ActionTokens::Purpose))
                    .col(blob(ActionTokens::Digest))
                    .col(timestamp_with_time_zone(ActionTokens::CreatedAt))
                    .col(timestamp_with_time_zone(ActionTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(ActionTokens::UsedAt))
                    .foreign_key(&mut references_org(
                        "fk_action_tokens_org",
                        ActionTokens::OrgId,
                    ))
                    .foreign_key(&mut references_user(
                        "fk_action_tokens_user",
                        ActionTokens::UserId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_action_tokens_digest", ActionTokens::Table)
                    .col(ActionTokens::Digest)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StaffSessions::Table)
                    .col(pk_uuid(StaffSessions::Id))
                    .col(uuid(StaffSessions::OrgId))
                    .col(uuid(StaffSessions::UserId))
                    .col(blob(StaffSessions::Digest))
                    .col(timestamp_with_time_zone(StaffSessions::CreatedAt))
                    .col(timestamp_with_time_zone(StaffSessions::LastSeenAt))
                    .col(timestamp_with_time_zone(StaffSessions::AbsoluteExpiresAt))
                    .col(timestamp_with_time_zone_null(StaffSessions::EndedAt))
                    .foreign_key(&mut references_org(
                        "fk_staff_sessions_org",
                        StaffSessions::OrgId,
                    ))
                    .foreign_key(&mut references_user(
                        "fk_staff_sessions_user",
                        StaffSessions::UserId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_staff_sessions_digest", StaffSessions::Table)
                    .col(StaffSessions::Digest)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_staff_sessions_user", StaffSessions::Table)
                    .col(StaffSessions::OrgId)
                    .col(StaffSessions::UserId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FailedAttempts::Table)
                    .col(pk_uuid(FailedAttempts::Id))
                    .col(string(FailedAttempts::Key))
                    .col(timestamp_with_time_zone(FailedAttempts::At))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_failed_attempts_key_at", FailedAttempts::Table)
                    .col(FailedAttempts::Key)
                    .col(FailedAttempts::At)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(pk_uuid(AuditEvents::Id))
                    .col(uuid_null(AuditEvents::OrgId))
                    .col(uuid_null(AuditEvents::Actor))
                    .col(string(AuditEvents::Action))
                    .col(text_null(AuditEvents::Subject))
                    .col(text(AuditEvents::Detail))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_audit_events_org_at", AuditEvents::Table)
                    .col(AuditEvents::OrgId)
                    .col(AuditEvents::At)
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            FailedAttempts::Table.into_iden(),
            StaffSessions::Table.into_iden(),
            ActionTokens::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            StaffUsers::Table.into_iden(),
            Forms::Table.into_iden(),
            Organisations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
