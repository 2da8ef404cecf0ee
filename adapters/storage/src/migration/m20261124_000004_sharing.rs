//! Public share links: the links themselves (the token's digest only), their logged views
//! and the per-form, per-profile permission to share.
//!
//! Times are `BIGINT` unix microseconds (`*_us`), as in the messaging and cases migrations:
//! expiry is compared in SQL. `views` is the counter that `record_view` bumps with one
//! conditional `UPDATE`, so concurrent viewers never count past `max_views`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, blob, boolean, integer, integer_null, pk_uuid, string, text,
    text_null, uuid,
};

/// The sharing schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Forms {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ShareLinks {
    Table,
    Id,
    OrgId,
    CaseId,
    CreatedBy,
    Label,
    Digest,
    Language,
    CreatedAtUs,
    ExpiresAtUs,
    MaxViews,
    Views,
    PasswordHash,
    RevokedAtUs,
}

#[derive(DeriveIden)]
enum ShareLinkViews {
    Table,
    Id,
    LinkId,
    ViewedAtUs,
    UserAgent,
    IpHash,
}

#[derive(DeriveIden)]
enum FormSharePermissions {
    Table,
    OrgId,
    FormId,
    Profile,
    Allowed,
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
                    .table(ShareLinks::Table)
                    .col(pk_uuid(ShareLinks::Id))
                    .col(uuid(ShareLinks::OrgId))
                    .col(uuid(ShareLinks::CaseId))
                    .col(uuid(ShareLinks::CreatedBy))
                    .col(text_null(ShareLinks::Label))
                    .col(blob(ShareLinks::Digest))
                    .col(string(ShareLinks::Language))
                    .col(big_integer(ShareLinks::CreatedAtUs))
                    .col(big_integer(ShareLinks::ExpiresAtUs))
                    .col(integer_null(ShareLinks::MaxViews))
                    .col(integer(ShareLinks::Views).default(0))
                    .col(text_null(ShareLinks::PasswordHash))
                    .col(big_integer_null(ShareLinks::RevokedAtUs))
                    .foreign_key(&mut references(
                        "fk_share_links_org",
                        ShareLinks::OrgId,
                        Organisations::Table,
                        Organisations::Id,
                    ))
                    .foreign_key(&mut references(
                        "fk_share_links_case",
                        ShareLinks::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_share_links_digest", ShareLinks::Table)
                    .col(ShareLinks::Digest)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_share_links_org_case_id", ShareLinks::Table)
                    .col(ShareLinks::OrgId)
                    .col(ShareLinks::CaseId)
                    .col(ShareLinks::Id)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_share_links_case", ShareLinks::Table)
                    .col(ShareLinks::CaseId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ShareLinkViews::Table)
                    .col(pk_uuid(ShareLinkViews::Id))
                    .col(uuid(ShareLinkViews::LinkId))
                    .col(big_integer(ShareLinkViews::ViewedAtUs))
                    .col(text_null(ShareLinkViews::UserAgent))
                    .col(text_null(ShareLinkViews::IpHash))
                    .foreign_key(&mut references(
                        "fk_share_link_views_link",
                        ShareLinkViews::LinkId,
                        ShareLinks::Table,
                        ShareLinks::Id,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_share_link_views_link_id", ShareLinkViews::Table)
                    .col(ShareLinkViews::LinkId)
                    .col(ShareLinkViews::Id)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(FormSharePermissions::Table)
                    .col(uuid(FormSharePermissions::OrgId))
                    .col(uuid(FormSharePermissions::FormId))
                    .col(text(FormSharePermissions::Profile))
                    .col(boolean(FormSharePermissions::Allowed))
                    .primary_key(
                        Index::create()
                            .name("pk_form_share_permissions")
                            .col(FormSharePermissions::FormId)
                            .col(FormSharePermissions::Profile),
                    )
                    .foreign_key(&mut references(
                        "fk_form_share_permissions_form",
                        FormSharePermissions::FormId,
                        Forms::Table,
                        Forms::Id,
                    ))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            FormSharePermissions::Table.into_iden(),
            ShareLinkViews::Table.into_iden(),
            ShareLinks::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
