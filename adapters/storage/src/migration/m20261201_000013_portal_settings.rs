//! The customer portal's own settings: `portal_settings`, one row per organisation (its
//! title, `NULL` for the organisation's name, and the JSON list of the form slugs portal
//! users may submit). The portal's mode, colour and logo stay on `organisations`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{text, text_null, uuid};

/// The portal settings schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PortalSettings {
    Table,
    OrgId,
    Title,
    Forms,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PortalSettings::Table)
                    .col(uuid(PortalSettings::OrgId).primary_key())
                    .col(text_null(PortalSettings::Title))
                    .col(text(PortalSettings::Forms))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_portal_settings_org")
                            .from_col(PortalSettings::OrgId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PortalSettings::Table).take())
            .await
    }
}
