//! Contact users' sessions: `contact_user_sessions` (the digest of the secret session id
//! only, unique; the organisation, the user, and when it started, was last used, expires
//! and ended). Sessions of a removed account go with it (`ON DELETE CASCADE`).
//!
//! Times are `BIGINT` unix microseconds (`*_us`): idle and absolute expiry are compared.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_integer_null, blob, pk_uuid, uuid};

/// The contact-user session schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactUsers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ContactUserSessions {
    Table,
    Id,
    OrgId,
    ContactUserId,
    Digest,
    CreatedAtUs,
    LastSeenAtUs,
    ExpiresAtUs,
    EndedAtUs,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ContactUserSessions::Table)
                    .col(pk_uuid(ContactUserSessions::Id))
                    .col(uuid(ContactUserSessions::OrgId))
                    .col(uuid(ContactUserSessions::ContactUserId))
                    .col(blob(ContactUserSessions::Digest))
                    .col(big_integer(ContactUserSessions::CreatedAtUs))
                    .col(big_integer(ContactUserSessions::LastSeenAtUs))
                    .col(big_integer(ContactUserSessions::ExpiresAtUs))
                    .col(big_integer_null(ContactUserSessions::EndedAtUs))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contact_user_sessions_user")
                            .from_col(ContactUserSessions::ContactUserId)
                            .to(ContactUsers::Table, ContactUsers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_contact_user_sessions_digest")
                    .table(ContactUserSessions::Table)
                    .col(ContactUserSessions::Digest)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_contact_user_sessions_user")
                    .table(ContactUserSessions::Table)
                    .col(ContactUserSessions::ContactUserId)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ContactUserSessions::Table).to_owned())
            .await
    }
}
