//! Cases and contacts: richer forms, contacts and their unsubscriptions, per-organisation
//! case numbers, cases, their contacts and timelines, guest access capabilities,
//! unsubscribe grants and idempotency keys.
//!
//! Times in the new tables are `BIGINT` unix microseconds (`*_us`), as in the messaging
//! migration: expiry and age are compared in SQL, and `SQLite`'s text timestamps do not
//! order correctly. The existing `forms` table keeps its timestamp columns.
//!
//! `SQLite` adds one column per `ALTER TABLE`, so `forms` gains its columns one statement at
//! a time. They are nullable or defaulted so that existing forms (the default `contact` form
//! of every organisation) stay valid: a `NULL` field list reads as the standard field set
//! and `NULL` guest edit statuses as `["new"]`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, blob, boolean, pk_uuid, string, text, text_null,
    timestamp_with_time_zone_null, uuid, uuid_null,
};

/// The cases schema.
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
    Fields,
    GuestEditStatuses,
    NotifyContacts,
    ShareLinksEnabled,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    OrgId,
    Email,
    EmailNormalised,
    FirstName,
    LastName,
    Phone,
    Address,
    UnsubscribedAll,
    CreatedAtUs,
}

#[derive(DeriveIden)]
enum ContactCaseUnsubscribes {
    Table,
    OrgId,
    ContactId,
    CaseId,
    AtUs,
}

#[derive(DeriveIden)]
enum CaseCounters {
    Table,
    OrgId,
    LastNumber,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
    OrgId,
    Number,
    FormId,
    Title,
    Description,
    Priority,
    Project,
    Status,
    Language,
    Submitted,
    CreatedAtUs,
    UpdatedAtUs,
}

#[derive(DeriveIden)]
enum CaseContacts {
    Table,
    OrgId,
    CaseId,
    ContactId,
    LinkedAtUs,
}

#[derive(DeriveIden)]
enum TimelineEntries {
    Table,
    Id,
    OrgId,
    CaseId,
    AuthorKind,
    AuthorId,
    Event,
    Visibility,
    AtUs,
}

#[derive(DeriveIden)]
enum GuestAccess {
    Table,
    Id,
    OrgId,
    CaseId,
    ContactId,
    Digest,
    CreatedAtUs,
    ExpiresAtUs,
    RevokedAtUs,
}

#[derive(DeriveIden)]
enum UnsubscribeGrants {
    Table,
    Digest,
    OrgId,
    ContactId,
    CaseId,
    CreatedAtUs,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    OrgId,
    Key,
    RequestDigest,
    CaseId,
    CreatedAtUs,
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

fn references_org(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    references(name, from, Organisations::Table, Organisations::Id)
}

fn references_case(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    references(name, from, Cases::Table, Cases::Id)
}

fn references_contact(name: &str, from: impl IntoIden) -> ForeignKeyCreateStatement {
    references(name, from, Contacts::Table, Contacts::Id)
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
        // One column per statement: SQLite cannot add several in one ALTER TABLE.
        for column in [
            text_null(Forms::Fields),
            text_null(Forms::GuestEditStatuses),
            boolean(Forms::NotifyContacts).default(true).take(),
            boolean(Forms::ShareLinksEnabled).default(false).take(),
            timestamp_with_time_zone_null(Forms::UpdatedAt),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Forms::Table)
                        .add_column(&mut column)
                        .take(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(pk_uuid(Contacts::Id))
                    .col(uuid(Contacts::OrgId))
                    .col(text(Contacts::Email))
                    .col(text(Contacts::EmailNormalised))
                    .col(text(Contacts::FirstName))
                    .col(text(Contacts::LastName))
                    .col(text_null(Contacts::Phone))
                    .col(text_null(Contacts::Address))
                    .col(boolean(Contacts::UnsubscribedAll))
                    .col(big_integer(Contacts::CreatedAtUs))
                    .foreign_key(&mut references_org("fk_contacts_org", Contacts::OrgId))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_contacts_org_email", Contacts::Table)
                    .col(Contacts::OrgId)
                    .col(Contacts::EmailNormalised)
                    .unique()
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseCounters::Table)
                    .col(uuid(CaseCounters::OrgId).primary_key())
                    .col(big_integer(CaseCounters::LastNumber))
                    .foreign_key(&mut references_org(
                        "fk_case_counters_org",
                        CaseCounters::OrgId,
                    ))
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Cases::Table)
                    .col(pk_uuid(Cases::Id))
                    .col(uuid(Cases::OrgId))
                    .col(big_integer(Cases::Number))
                    .col(uuid(Cases::FormId))
                    .col(text(Cases::Title))
                    .col(text_null(Cases::Description))
                    .col(string(Cases::Priority))
                    .col(text_null(Cases::Project))
                    .col(string(Cases::Status))
                    .col(string(Cases::Language))
                    .col(text_null(Cases::Submitted))
                    .col(big_integer(Cases::CreatedAtUs))
                    .col(big_integer(Cases::UpdatedAtUs))
                    .foreign_key(&mut references_org("fk_cases_org", Cases::OrgId))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_cases_form")
                            .from_col(Cases::FormId)
                            .to(Forms::Table, Forms::Id)
                            .take(),
                    )
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_cases_org_number", Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::Number)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_cases_org_status_id", Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::Status)
                    .col(Cases::Id)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_cases_org_form_id", Cases::Table)
                    .col(Cases::OrgId)
                    .col(Cases::FormId)
                    .col(Cases::Id)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_cases_form", Cases::Table)
                    .col(Cases::FormId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ContactCaseUnsubscribes::Table)
                    .col(uuid(ContactCaseUnsubscribes::OrgId))
                    .col(uuid(ContactCaseUnsubscribes::ContactId))
                    .col(uuid(ContactCaseUnsubscribes::CaseId))
                    .col(big_integer(ContactCaseUnsubscribes::AtUs))
                    .primary_key(
                        Index::create()
                            .name("pk_contact_case_unsubscribes")
                            .col(ContactCaseUnsubscribes::ContactId)
                            .col(ContactCaseUnsubscribes::CaseId),
                    )
                    .foreign_key(&mut references_org(
                        "fk_contact_case_unsubscribes_org",
                        ContactCaseUnsubscribes::OrgId,
                    ))
                    .foreign_key(&mut references_contact(
                        "fk_contact_case_unsubscribes_contact",
                        ContactCaseUnsubscribes::ContactId,
                    ))
                    .foreign_key(&mut references_case(
                        "fk_contact_case_unsubscribes_case",
                        ContactCaseUnsubscribes::CaseId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "ix_contact_case_unsubscribes_case",
                    ContactCaseUnsubscribes::Table,
                )
                .col(ContactCaseUnsubscribes::CaseId)
                .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CaseContacts::Table)
                    .col(uuid(CaseContacts::OrgId))
                    .col(uuid(CaseContacts::CaseId))
                    .col(uuid(CaseContacts::ContactId))
                    .col(big_integer(CaseContacts::LinkedAtUs))
                    .primary_key(
                        Index::create()
                            .name("pk_case_contacts")
                            .col(CaseContacts::CaseId)
                            .col(CaseContacts::ContactId),
                    )
                    .foreign_key(&mut references_org(
                        "fk_case_contacts_org",
                        CaseContacts::OrgId,
                    ))
                    .foreign_key(&mut references_case(
                        "fk_case_contacts_case",
                        CaseContacts::CaseId,
                    ))
                    .foreign_key(&mut references_contact(
                        "fk_case_contacts_contact",
                        CaseContacts::ContactId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_case_contacts_contact", CaseContacts::Table)
                    .col(CaseContacts::ContactId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TimelineEntries::Table)
                    .col(pk_uuid(TimelineEntries::Id))
                    .col(uuid(TimelineEntries::OrgId))
                    .col(uuid(TimelineEntries::CaseId))
                    .col(string(TimelineEntries::AuthorKind))
                    .col(uuid_null(TimelineEntries::AuthorId))
                    .col(text(TimelineEntries::Event))
                    .col(string(TimelineEntries::Visibility))
                    .col(big_integer(TimelineEntries::AtUs))
                    .foreign_key(&mut references_org(
                        "fk_timeline_entries_org",
                        TimelineEntries::OrgId,
                    ))
                    .foreign_key(&mut references_case(
                        "fk_timeline_entries_case",
                        TimelineEntries::CaseId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_timeline_entries_case_id", TimelineEntries::Table)
                    .col(TimelineEntries::CaseId)
                    .col(TimelineEntries::Id)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GuestAccess::Table)
                    .col(pk_uuid(GuestAccess::Id))
                    .col(uuid(GuestAccess::OrgId))
                    .col(uuid(GuestAccess::CaseId))
                    .col(uuid(GuestAccess::ContactId))
                    .col(blob(GuestAccess::Digest))
                    .col(big_integer(GuestAccess::CreatedAtUs))
                    .col(big_integer(GuestAccess::ExpiresAtUs))
                    .col(big_integer_null(GuestAccess::RevokedAtUs))
                    .foreign_key(&mut references_org(
                        "fk_guest_access_org",
                        GuestAccess::OrgId,
                    ))
                    .foreign_key(&mut references_case(
                        "fk_guest_access_case",
                        GuestAccess::CaseId,
                    ))
                    .foreign_key(&mut references_contact(
                        "fk_guest_access_contact",
                        GuestAccess::ContactId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ux_guest_access_digest", GuestAccess::Table)
                    .col(GuestAccess::Digest)
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_guest_access_case", GuestAccess::Table)
                    .col(GuestAccess::CaseId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_guest_access_contact", GuestAccess::Table)
                    .col(GuestAccess::ContactId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UnsubscribeGrants::Table)
                    .col(blob(UnsubscribeGrants::Digest).primary_key())
                    .col(uuid(UnsubscribeGrants::OrgId))
                    .col(uuid(UnsubscribeGrants::ContactId))
                    .col(uuid(UnsubscribeGrants::CaseId))
                    .col(big_integer(UnsubscribeGrants::CreatedAtUs))
                    .foreign_key(&mut references_org(
                        "fk_unsubscribe_grants_org",
                        UnsubscribeGrants::OrgId,
                    ))
                    .foreign_key(&mut references_contact(
                        "fk_unsubscribe_grants_contact",
                        UnsubscribeGrants::ContactId,
                    ))
                    .foreign_key(&mut references_case(
                        "fk_unsubscribe_grants_case",
                        UnsubscribeGrants::CaseId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_unsubscribe_grants_case", UnsubscribeGrants::Table)
                    .col(UnsubscribeGrants::CaseId)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_unsubscribe_grants_contact", UnsubscribeGrants::Table)
                    .col(UnsubscribeGrants::ContactId)
                    .take(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(uuid(IdempotencyKeys::OrgId))
                    .col(text(IdempotencyKeys::Key))
                    .col(blob(IdempotencyKeys::RequestDigest))
                    .col(uuid(IdempotencyKeys::CaseId))
                    .col(big_integer(IdempotencyKeys::CreatedAtUs))
                    .primary_key(
                        Index::create()
                            .name("pk_idempotency_keys")
                            .col(IdempotencyKeys::OrgId)
                            .col(IdempotencyKeys::Key),
                    )
                    .foreign_key(&mut references_org(
                        "fk_idempotency_keys_org",
                        IdempotencyKeys::OrgId,
                    ))
                    .foreign_key(&mut references_case(
                        "fk_idempotency_keys_case",
                        IdempotencyKeys::CaseId,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_idempotency_keys_created", IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAtUs)
                    .take(),
            )
            .await?;
        manager
            .create_index(
                index("ix_idempotency_keys_case", IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CaseId)
                    .take(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            UnsubscribeGrants::Table.into_iden(),
            GuestAccess::Table.into_iden(),
            TimelineEntries::Table.into_iden(),
            CaseContacts::Table.into_iden(),
            ContactCaseUnsubscribes::Table.into_iden(),
            Cases::Table.into_iden(),
            CaseCounters::Table.into_iden(),
            Contacts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        for column in [
            Forms::UpdatedAt.into_iden(),
            Forms::ShareLinksEnabled.into_iden(),
            Forms::NotifyContacts.into_iden(),
            Forms::GuestEditStatuses.into_iden(),
            Forms::Fields.into_iden(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Forms::Table)
                        .drop_column(column)
                        .take(),
                )
                .await?;
        }
        Ok(())
    }
}
