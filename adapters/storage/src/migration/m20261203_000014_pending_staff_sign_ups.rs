//! A pending sign-up's activation link may be a staff user's: a person who signs up
//! through a staff registration link waits for an `action_tokens` link
//! (`sign_up_activation`), not a contact user's. `pending_sign_ups.activation_id` loses its
//! foreign key to `contact_user_links` (it names a link of either table; ids are UUIDs
//! drawn from one generator, so they never collide), and keeps the one to
//! `registration_links`. PostgreSQL drops the constraint; `SQLite`, which cannot, rebuilds
//! the table with its rows. Going down removes the rows that name no contact user's link
//! and puts the constraint back.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, pk_uuid, uuid};
use sea_orm_migration::sea_orm::{DbBackend, Statement};

/// Lets a pending sign-up name a staff user's activation link.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ContactUserLinks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum RegistrationLinks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PendingSignUps {
    Table,
    ActivationId,
    OrgId,
    LinkId,
    CreatedAtUs,
}

/// The name the rebuilt `SQLite` table has until it replaces the old one.
const NEXT: &str = "pending_sign_ups_next";

const ACTIVATION_FK: &str = "fk_pending_sign_ups_activation";

/// Rows naming no contact user's link (staff sign-ups), which the old constraint refuses.
const DELETE_STAFF_ROWS: &str = "DELETE FROM pending_sign_ups WHERE activation_id NOT IN \
     (SELECT id FROM contact_user_links)";

async fn execute(manager: &SchemaManager<'_>, sql: &str) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    manager
        .get_connection()
        .execute_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .map(|_| ())
}

/// `SQLite`: `pending_sign_ups` made again, with the activation link's foreign key or
/// without it, keeping its rows.
async fn rebuild(manager: &SchemaManager<'_>, activation_fk: bool) -> Result<(), DbErr> {
    let mut table = Table::create()
        .table(Alias::new(NEXT))
        .col(pk_uuid(PendingSignUps::ActivationId))
        .col(uuid(PendingSignUps::OrgId))
        .col(uuid(PendingSignUps::LinkId))
        .col(big_integer(PendingSignUps::CreatedAtUs))
        .foreign_key(
            ForeignKey::create()
                .name("fk_pending_sign_ups_link")
                .from_col(PendingSignUps::LinkId)
                .to(RegistrationLinks::Table, RegistrationLinks::Id)
                .on_delete(ForeignKeyAction::Cascade),
        )
        .take();
    if activation_fk {
        table.foreign_key(
            ForeignKey::create()
                .name(ACTIVATION_FK)
                .from_col(PendingSignUps::ActivationId)
                .to(ContactUserLinks::Table, ContactUserLinks::Id)
                .on_delete(ForeignKeyAction::Cascade),
        );
    }
    manager.create_table(table).await?;
    execute(
        manager,
        &format!(
            "INSERT INTO {NEXT} (activation_id, org_id, link_id, created_at_us) \
             SELECT activation_id, org_id, link_id, created_at_us FROM pending_sign_ups"
        ),
    )
    .await?;
    manager
        .drop_table(Table::drop().table(PendingSignUps::Table).to_owned())
        .await?;
    manager
        .rename_table(
            Table::rename()
                .table(Alias::new(NEXT), PendingSignUps::Table)
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Sqlite => rebuild(manager, false).await,
            _ => {
                execute(
                    manager,
                    &format!("ALTER TABLE pending_sign_ups DROP CONSTRAINT {ACTIVATION_FK}"),
                )
                .await
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        execute(manager, DELETE_STAFF_ROWS).await?;
        match manager.get_database_backend() {
            DbBackend::Sqlite => rebuild(manager, true).await,
            _ => {
                manager
                    .create_foreign_key(
                        ForeignKey::create()
                            .name(ACTIVATION_FK)
                            .from(PendingSignUps::Table, PendingSignUps::ActivationId)
                            .to(ContactUserLinks::Table, ContactUserLinks::Id)
                            .on_delete(ForeignKeyAction::Cascade)
                            .to_owned(),
                    )
                    .await
            }
        }
    }
}
