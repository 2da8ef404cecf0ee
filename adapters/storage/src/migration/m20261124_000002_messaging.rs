//! The transactional outbox, mail template overrides, used captcha solutions and shared
//! settings.
//!
//! Queue and expiry times are `BIGINT` unix microseconds, not timestamps: `SQLite` keeps
//! timestamps as text whose order disagrees with time order within a second, and a queue
//! must order and compare exactly.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, blob, integer, pk_uuid, text, text_null,
    timestamp_with_time_zone, uuid,
};

/// The messaging schema.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
    OrgId,
    Recipient,
    RecipientNormalised,
    RecipientName,
    Kind,
    Language,
    Data,
    UnsubscribeUrl,
    State,
    Attempts,
    CreatedAtUs,
    AvailableAtUs,
    LeaseOwner,
    LeaseUntilUs,
    SentAtUs,
    LastError,
}

#[derive(DeriveIden)]
enum MailTemplates {
    Table,
    OrgId,
    Kind,
    Language,
    Subject,
    Html,
    TextBody,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CaptchaReplays {
    Table,
    Key,
    ExpiresAtUs,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Name,
    Value,
    CreatedAt,
}

fn references_org(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from_col(from)
        .to(Organisations::Table, Organisations::Id)
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
                    .table(OutboxMessages::Table)
                    .col(pk_uuid(OutboxMessages::Id))
                    .col(uuid(OutboxMessages::OrgId))
                    .col(text(OutboxMessages::Recipient))
                    .col(text(OutboxMessages::RecipientNormalised))
                    .col(text_null(OutboxMessages::RecipientName))
                    .col(text(OutboxMessages::Kind))
                    .col(text(OutboxMessages::Language))
                    .col(text(OutboxMessages::Data))
                    .col(text_null(OutboxMessages::UnsubscribeUrl))
                    .col(text(OutboxMessages::State))
                    .col(integer(OutboxMessages::Attempts))
                    .col(big_integer(OutboxMessages::CreatedAtUs))
                    .col(big_integer(OutboxMessages::AvailableAtUs))
                    .col(text_null(OutboxMessages::LeaseOwner))
                    .col(big_integer_null(OutboxMessages::LeaseUntilUs))
                    .col(big_integer_null(OutboxMessages::SentAtUs))
                    .col(text_null(OutboxMessages::LastError))
                    .foreign_key(&mut references_org(
                        "fk_outbox_messages_org",
                        OutboxMessages::OrgId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_outbox_messages_state_available", OutboxMessages::Table)
                    .col(OutboxMessages::State)
                    .col(OutboxMessages::AvailableAtUs)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ix_outbox_messages_recipient_created",
                    OutboxMessages::Table,
                )
                .col(OutboxMessages::RecipientNormalised)
                .col(OutboxMessages::CreatedAtUs)
                .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_outbox_messages_org_state_id", OutboxMessages::Table)
                    .col(OutboxMessages::OrgId)
                    .col(OutboxMessages::State)
                    .col(OutboxMessages::Id)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(MailTemplates::Table)
                    .col(uuid(MailTemplates::OrgId))
                    .col(text(MailTemplates::Kind))
                    .col(text(MailTemplates::Language))
                    .col(text(MailTemplates::Subject))
                    .col(text(MailTemplates::Html))
                    .col(text(MailTemplates::TextBody))
                    .col(timestamp_with_time_zone(MailTemplates::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_mail_templates")
                            .col(MailTemplates::OrgId)
                            .col(MailTemplates::Kind)
                            .col(MailTemplates::Language),
                    )
                    .foreign_key(&mut references_org(
                        "fk_mail_templates_org",
                        MailTemplates::OrgId,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaptchaReplays::Table)
                    .col(blob(CaptchaReplays::Key).primary_key())
                    .col(big_integer(CaptchaReplays::ExpiresAtUs))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_captcha_replays_expires", CaptchaReplays::Table)
                    .col(CaptchaReplays::ExpiresAtUs)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(text(Settings::Name).primary_key())
                    .col(blob(Settings::Value))
                    .col(timestamp_with_time_zone(Settings::CreatedAt))
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Settings::Table.into_iden(),
            CaptchaReplays::Table.into_iden(),
            MailTemplates::Table.into_iden(),
            OutboxMessages::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
