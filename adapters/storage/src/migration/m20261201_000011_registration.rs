//! Registration links: the organisation's switch (`organisations.registration_enabled`,
//! default false, so no existing organisation opens sign-up by itself), the links (the
//! token's digest only) and their logged uses.
//!
//! Times are `BIGINT` unix microseconds (`*_us`): expiry is compared in SQL. `uses` is the
//! counter that `record_use` bumps with one conditional `UPDATE … WHERE uses < max_uses`, so
//! concurrent sign-ups never count past `max_uses`. `allowed_domains` is the list of domains
//! one per line (null: any domain). A link's client and auto-case form are unlinked when they
//! are deleted (`ON DELETE SET NULL`); deleting an organisation deletes its links and uses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, blob, boolean, integer, integer_null, pk_uuid, string, text,
    text_null, uuid, uuid_null,
};

/// Adds `organisations.registration_enabled`, `registration_links` and `registration_uses`.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    RegistrationEnabled,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Forms {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RegistrationLinks {
    Table,
    Id,
    OrgId,
    Label,
    Role,
    ClientId,
    AutoCaseForm,
    Digest,
    Language,
    AllowedDomains,
    MaxUses,
    Uses,
    CreatedBy,
    CreatedAtUs,
    ExpiresAtUs,
    RevokedAtUs,
}

#[derive(DeriveIden)]
enum RegistrationUses {
    Table,
    Id,
    LinkId,
    OrgId,
    ContactUserId,
    StaffUserId,
    Email,
    AtUs,
}

fn references(
    name: &str,
    from: impl IntoIden,
    table: impl IntoIden,
    column: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_col(from)
        .to(table, column)
        .on_delete(on_delete)
        .take()
}

fn index(name: &str, table: impl IntoIden) -> IndexCreateStatement {
    Index::create().name(name).table(table).take()
}

const DIGEST_INDEX: &str = "ux_registration_links_digest";
const LIST_INDEX: &str = "ix_registration_links_org_id";
const USES_INDEX: &str = "ix_registration_uses_link_id";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(boolean(Organisations::RegistrationEnabled).default(false))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RegistrationLinks::Table)
                    .col(pk_uuid(RegistrationLinks::Id))
                    .col(uuid(RegistrationLinks::OrgId))
                    .col(text_null(RegistrationLinks::Label))
                    .col(string(RegistrationLinks::Role))
                    .col(uuid_null(RegistrationLinks::ClientId))
                    .col(uuid_null(RegistrationLinks::AutoCaseForm))
                    .col(blob(RegistrationLinks::Digest))
                    .col(string(RegistrationLinks::Language))
                    .col(text_null(RegistrationLinks::AllowedDomains))
                    .col(integer_null(RegistrationLinks::MaxUses))
                    .col(integer(RegistrationLinks::Uses).default(0))
                    .col(uuid(RegistrationLinks::CreatedBy))
                    .col(big_integer(RegistrationLinks::CreatedAtUs))
                    .col(big_integer(RegistrationLinks::ExpiresAtUs))
                    .col(big_integer_null(RegistrationLinks::RevokedAtUs))
                    .foreign_key(&mut references(
                        "fk_registration_links_org",
                        RegistrationLinks::OrgId,
                        Organisations::Table,
                        Organisations::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut references(
                        "fk_registration_links_client",
                        RegistrationLinks::ClientId,
                        Clients::Table,
                        Clients::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut references(
                        "fk_registration_links_form",
                        RegistrationLinks::AutoCaseForm,
                        Forms::Table,
                        Forms::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(DIGEST_INDEX, RegistrationLinks::Table)
                    .col(RegistrationLinks::Digest)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(LIST_INDEX, RegistrationLinks::Table)
                    .col(RegistrationLinks::OrgId)
                    .col(RegistrationLinks::Id)
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RegistrationUses::Table)
                    .col(pk_uuid(RegistrationUses::Id))
                    .col(uuid(RegistrationUses::LinkId))
                    .col(uuid(RegistrationUses::OrgId))
                    .col(uuid_null(RegistrationUses::ContactUserId))
                    .col(uuid_null(RegistrationUses::StaffUserId))
                    .col(text(RegistrationUses::Email))
                    .col(big_integer(RegistrationUses::AtUs))
                    .foreign_key(&mut references(
                        "fk_registration_uses_link",
                        RegistrationUses::LinkId,
                        RegistrationLinks::Table,
                        RegistrationLinks::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(USES_INDEX, RegistrationUses::Table)
                    .col(RegistrationUses::LinkId)
                    .col(RegistrationUses::Id)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RegistrationUses::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(RegistrationLinks::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .drop_column(Organisations::RegistrationEnabled)
                    .take(),
            )
            .await
    }
}
