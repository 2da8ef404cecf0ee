//! The sites allowed to embed an organisation's forms: `embed_origins`, one row per
//! organisation holding the JSON list of its origins (`https://host[:port]`, at most 20).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{text, uuid};

/// The embed origins schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum EmbedOrigins {
    Table,
    OrgId,
    Origins,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmbedOrigins::Table)
                    .col(uuid(EmbedOrigins::OrgId).primary_key())
                    .col(text(EmbedOrigins::Origins))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_embed_origins_org")
                            .from_col(EmbedOrigins::OrgId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmbedOrigins::Table).take())
            .await
    }
}
