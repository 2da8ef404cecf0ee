//! The language a staff member chose for the console: a nullable code (`en`, `fr`) on
//! `staff_users`, `NULL` meaning the organisation's default. Existing users keep `NULL`, so
//! they go on seeing the organisation's language.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::string_null;

/// Adds `staff_users.language`.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
    Language,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StaffUsers::Table)
                    .add_column(string_null(StaffUsers::Language))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(StaffUsers::Table)
                    .drop_column(StaffUsers::Language)
                    .take(),
            )
            .await
    }
}
