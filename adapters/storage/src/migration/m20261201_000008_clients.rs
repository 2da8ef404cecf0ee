//! Clients: the customer companies of an organisation. A new `clients` table (names need not
//! be unique: two companies may share one, so there is no unique index on the name), and
//! nullable links to it from `contacts.client_id` and `cases.client_id`, plus the case's
//! `public` flag (default false: existing cases stay private to their client). Deleting a
//! client unlinks its contacts and cases (`ON DELETE SET NULL`).
//!
//! Indexes: clients by organisation (search); contacts by (organisation, client) for a
//! client's page; cases by (organisation, client) for the case search's client filter and by
//! (organisation, client, public) for "all public cases of the client".
//!
//! `SQLite` cannot add a foreign key to an existing table except inline with a new column,
//! so the references are written as the columns' `REFERENCES` clauses on both backends, one
//! column per `ALTER TABLE`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, boolean, pk_uuid, text, uuid, uuid_null};

/// Adds `clients`, `contacts.client_id`, `cases.client_id`, `cases.public` and their indexes.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
    OrgId,
    Name,
    CreatedAtUs,
    UpdatedAtUs,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    OrgId,
    ClientId,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    OrgId,
    ClientId,
    Public,
}

const CLIENTS_INDEX: &str = "ix_clients_org";
const CONTACTS_INDEX: &str = "ix_contacts_org_client";
const CASES_INDEX: &str = "ix_cases_org_client";
const PUBLIC_INDEX: &str = "ix_cases_org_client_public";

const REFERENCES_CLIENT: &str = "REFERENCES \"clients\" (\"id\") ON DELETE SET NULL";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Clients::Table)
                    .col(pk_uuid(Clients::Id))
                    .col(uuid(Clients::OrgId))
                    .col(text(Clients::Name))
                    .col(big_integer(Clients::CreatedAtUs))
                    .col(big_integer(Clients::UpdatedAtUs))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_clients_org")
                            .from_col(Clients::OrgId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(CLIENTS_INDEX)
                    .table(Clients::Table)
                    .col(Clients::OrgId)
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Contacts::Table)
                    .add_column(uuid_null(Contacts::ClientId).extra(REFERENCES_CLIENT))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(uuid_null(Cases::ClientId).extra(REFERENCES_CLIENT))
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Cases::Table)
                    .add_column(boolean(Cases::Public).default(false))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(CONTACTS_INDEX)
                    .table(Contacts::Table)
                    .col(Contacts::OrgId)
                    .col(Contacts::ClientId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(CASES_INDEX)
                    .table(Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::ClientId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(PUBLIC_INDEX)
                    .table(Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::ClientId)
                    .col(Cases::Public)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            (PUBLIC_INDEX, Cases::Table.into_iden()),
            (CASES_INDEX, Cases::Table.into_iden()),
            (CONTACTS_INDEX, Contacts::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for column in [Cases::Public, Cases::ClientId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Cases::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Contacts::Table)
                    .drop_column(Contacts::ClientId)
                    .take(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Clients::Table).to_owned())
            .await
    }
}
