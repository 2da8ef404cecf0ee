//! Audit events gain `at_us`, their time as unix microseconds, and an index to read an
//! organisation's trail newest first by it.
//!
//! The trail is read by time window and in time order, and `SQLite` keeps `at` as RFC 3339
//! text with a variable number of fraction digits, whose text order is not time order within
//! one second. `at_us` is exact on both backends, as the `*_us` columns of the later tables
//! are. Existing events are backfilled from `at` in pages by id; `at` stays as it was.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;
use sea_orm_migration::sea_orm::{Statement, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::convert::{micros, placeholders};

/// Adds and backfills `audit_events.at_us`.
#[derive(Debug, DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OrgId,
    AtUs,
}

/// Events backfilled per statement pair.
const BATCH: u32 = 500;

const INDEX: &str = "ix_audit_events_org_at_us_id";

/// Sets `at_us` from `at` on every existing event, `BATCH` at a time in id order.
async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let first = format!("SELECT id, at FROM audit_events ORDER BY id LIMIT {BATCH}");
    let next = placeholders(
        backend,
        &format!("SELECT id, at FROM audit_events WHERE id > ? ORDER BY id LIMIT {BATCH}"),
    );
    let update = placeholders(backend, "UPDATE audit_events SET at_us = ? WHERE id = ?");
    let mut after: Option<Uuid> = None;
    loop {
        let statement = match after {
            None => Statement::from_string(backend, first.clone()),
            Some(id) => Statement::from_sql_and_values(backend, next.clone(), [Value::from(id)]),
        };
        let rows = db.query_all_raw(statement).await?;
        if rows.is_empty() {
            return Ok(());
        }
        for row in rows {
            let id: Uuid = row.try_get("", "id")?;
            let at: OffsetDateTime = row.try_get("", "at")?;
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                update.clone(),
                [Value::from(micros(at)), Value::from(id)],
            ))
            .await?;
            after = Some(id);
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut column = big_integer(AuditEvents::AtUs).default(0).take();
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .add_column(&mut column)
                    .take(),
            )
            .await?;
        backfill(manager).await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OrgId)
                    .col(AuditEvents::AtUs)
                    .col(AuditEvents::Id)
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(AuditEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditEvents::Table)
                    .drop_column(AuditEvents::AtUs)
                    .take(),
            )
            .await
    }
}
