//! Sign-ups waiting for activation: `pending_sign_ups` names, for each activation link a
//! sign-up through a registration link mailed, the registration link it came from — so
//! that activating counts that link's use. Rows go with their activation link
//! (`ON DELETE CASCADE`). Times are `BIGINT` unix microseconds (`*_us`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, pk_uuid, uuid};

/// The pending sign-up schema.
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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PendingSignUps::Table)
                    .col(pk_uuid(PendingSignUps::ActivationId))
                    .col(uuid(PendingSignUps::OrgId))
                    .col(uuid(PendingSignUps::LinkId))
                    .col(big_integer(PendingSignUps::CreatedAtUs))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_sign_ups_activation")
                            .from_col(PendingSignUps::ActivationId)
                            .to(ContactUserLinks::Table, ContactUserLinks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_pending_sign_ups_link")
                            .from_col(PendingSignUps::LinkId)
                            .to(RegistrationLinks::Table, RegistrationLinks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PendingSignUps::Table).to_owned())
            .await
    }
}
