//! Contact users and their access: `contact_users` (a contact with a login; the username is
//! stored case-folded, unique per organisation, and a contact has at most one login),
//! `contact_user_clients` (the clients each belongs to), `contact_user_links` (one-time
//! set-password and reset links, digests only), `access_grants` (per-case grants, revoked
//! ones kept with who and when) and `public_cases_rules` (at most one "all public cases of
//! the user's clients" rule per user).
//!
//! Times are `BIGINT` unix microseconds (`*_us`): expiry is compared and grants ordered.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, blob, boolean, pk_uuid, text, text_null, uuid, uuid_null,
};

/// The contact-user schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ContactUsers {
    Table,
    Id,
    OrgId,
    ContactId,
    Username,
    State,
    MustChangePassword,
    PasswordHash,
    TemporaryPasswordExpiresAtUs,
    CreatedAtUs,
    UpdatedAtUs,
}

#[derive(DeriveIden)]
enum ContactUserClients {
    Table,
    ContactUserId,
    ClientId,
    OrgId,
}

#[derive(DeriveIden)]
enum ContactUserLinks {
    Table,
    Id,
    OrgId,
    ContactUserId,
    Purpose,
    Digest,
    CreatedAtUs,
    ExpiresAtUs,
    UsedAtUs,
}

#[derive(DeriveIden)]
enum AccessGrants {
    Table,
    Id,
    OrgId,
    ContactUserId,
    CaseId,
    Role,
    GrantedBy,
    GrantedAtUs,
    RevokedAtUs,
    RevokedBy,
}

#[derive(DeriveIden)]
enum PublicCasesRules {
    Table,
    ContactUserId,
    OrgId,
    Open,
    Closed,
    SetBy,
    SetAtUs,
}

fn references(
    name: &str,
    from: impl IntoIden,
    table: impl IntoIden,
    column: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_col(from)
        .to(table, column)
        .on_delete(ForeignKeyAction::Cascade)
        .take()
}

fn index(name: &str, table: impl IntoIden) -> IndexCreateStatement {
    Index::create().name(name).table(table).take()
}

const TABLES: [&str; 5] = [
    "public_cases_rules",
    "access_grants",
    "contact_user_links",
    "contact_user_clients",
    "contact_users",
];

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
                    .table(ContactUsers::Table)
                    .col(pk_uuid(ContactUsers::Id))
                    .col(uuid(ContactUsers::OrgId))
                    .col(uuid(ContactUsers::ContactId))
                    .col(text(ContactUsers::Username))
                    .col(text(ContactUsers::State))
                    .col(boolean(ContactUsers::MustChangePassword).default(false))
                    .col(text_null(ContactUsers::PasswordHash))
                    .col(big_integer_null(ContactUsers::TemporaryPasswordExpiresAtUs))
                    .col(big_integer(ContactUsers::CreatedAtUs))
                    .col(big_integer(ContactUsers::UpdatedAtUs))
                    .foreign_key(&mut references(
                        "fk_contact_users_org",
                        ContactUsers::OrgId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .foreign_key(&mut references(
                        "fk_contact_users_contact",
                        ContactUsers::ContactId,
                        Contacts::Table,
                        Contacts::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_contact_users_org_username", ContactUsers::Table)
                    .col(ContactUsers::OrgId)
                    .col(ContactUsers::Username)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_contact_users_org_contact_id", ContactUsers::Table)
                    .col(ContactUsers::OrgId)
                    .col(ContactUsers::ContactId)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContactUserClients::Table)
                    .col(uuid(ContactUserClients::ContactUserId))
                    .col(uuid(ContactUserClients::ClientId))
                    .col(uuid(ContactUserClients::OrgId))
                    .primary_key(
                        Index::create()
                            .name("pk_contact_user_clients")
                            .col(ContactUserClients::ContactUserId)
                            .col(ContactUserClients::ClientId),
                    )
                    .foreign_key(&mut references(
                        "fk_contact_user_clients_user",
                        ContactUserClients::ContactUserId,
                        ContactUsers::Table,
                        ContactUsers::Id,
                    ))
                    .foreign_key(&mut references(
                        "fk_contact_user_clients_client",
                        ContactUserClients::ClientId,
                        Clients::Table,
                        Clients::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ix_contact_user_clients_org_client",
                    ContactUserClients::Table,
                )
                .col(ContactUserClients::OrgId)
                .col(ContactUserClients::ClientId)
                .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContactUserLinks::Table)
                    .col(pk_uuid(ContactUserLinks::Id))
                    .col(uuid(ContactUserLinks::OrgId))
                    .col(uuid(ContactUserLinks::ContactUserId))
                    .col(text(ContactUserLinks::Purpose))
                    .col(blob(ContactUserLinks::Digest))
                    .col(big_integer(ContactUserLinks::CreatedAtUs))
                    .col(big_integer(ContactUserLinks::ExpiresAtUs))
                    .col(big_integer_null(ContactUserLinks::UsedAtUs))
                    .foreign_key(&mut references(
                        "fk_contact_user_links_user",
                        ContactUserLinks::ContactUserId,
                        ContactUsers::Table,
                        ContactUsers::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_contact_user_links_digest", ContactUserLinks::Table)
                    .col(ContactUserLinks::Digest)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_contact_user_links_user", ContactUserLinks::Table)
                    .col(ContactUserLinks::ContactUserId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AccessGrants::Table)
                    .col(pk_uuid(AccessGrants::Id))
                    .col(uuid(AccessGrants::OrgId))
                    .col(uuid(AccessGrants::ContactUserId))
                    .col(uuid(AccessGrants::CaseId))
                    .col(text(AccessGrants::Role))
                    .col(uuid(AccessGrants::GrantedBy))
                    .col(big_integer(AccessGrants::GrantedAtUs))
                    .col(big_integer_null(AccessGrants::RevokedAtUs))
                    .col(uuid_null(AccessGrants::RevokedBy))
                    .foreign_key(&mut references(
                        "fk_access_grants_user",
                        AccessGrants::ContactUserId,
                        ContactUsers::Table,
                        ContactUsers::Id,
                    ))
                    .foreign_key(&mut references(
                        "fk_access_grants_case",
                        AccessGrants::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_access_grants_org_user", AccessGrants::Table)
                    .col(AccessGrants::OrgId)
                    .col(AccessGrants::ContactUserId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_access_grants_org_case", AccessGrants::Table)
                    .col(AccessGrants::OrgId)
                    .col(AccessGrants::CaseId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PublicCasesRules::Table)
                    .col(pk_uuid(PublicCasesRules::ContactUserId))
                    .col(uuid(PublicCasesRules::OrgId))
                    .col(boolean(PublicCasesRules::Open))
                    .col(boolean(PublicCasesRules::Closed))
                    .col(uuid(PublicCasesRules::SetBy))
                    .col(big_integer(PublicCasesRules::SetAtUs))
                    .foreign_key(&mut references(
                        "fk_public_cases_rules_user",
                        PublicCasesRules::ContactUserId,
                        ContactUsers::Table,
                        ContactUsers::Id,
                    ))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}
