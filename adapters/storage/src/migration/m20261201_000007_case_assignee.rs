//! Cases gain an assignee: `cases.assignee_id`, a nullable reference to the staff user
//! working on the case (`NULL`: nobody; a removed user's cases become unassigned), indexed
//! with the organisation for "assigned to …" searches. Cases also get an index on
//! (organisation, creation time) for the console's new-cases-per-day counts.
//!
//! `SQLite` cannot add a foreign key to an existing table except inline with a new column,
//! so the reference is written as the column's `REFERENCES` clause on both backends.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::uuid_null;

/// Adds `cases.assignee_id` and its indexes.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Cases {
    Table,
    OrgId,
    AssigneeId,
    CreatedAtUs,
}

const ASSIGNEE_INDEX: &str = "ix_cases_org_assignee";
const CREATED_INDEX: &str = "ix_cases_org_created";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(
                        uuid_null(Cases::AssigneeId)
                            .extra("REFERENCES \"staff_users\" (\"id\") ON DELETE SET NULL"),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ASSIGNEE_INDEX)
                    .table(Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::AssigneeId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(CREATED_INDEX)
                    .table(Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::CreatedAtUs)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in [CREATED_INDEX, ASSIGNEE_INDEX] {
            manager
                .drop_index(Index::drop().name(name).table(Cases::Table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .drop_column(Cases::AssigneeId)
                    .take(),
            )
            .await
    }
}
