//! Audit events written before `m20261201_000006_audit_time` get their `at_us` from `at`,
//! so the trail reads in time order and by time window exactly as events written after it,
//! on `SQLite` (text timestamps) and `PostgreSQL`.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use frontdesk_access::{AuditFilter, AuditLog};
use frontdesk_kernel::{OrgId, PageRequest, Uuid};
use frontdesk_storage::Database;
use frontdesk_storage::migration::Migrator;
use frontdesk_storage::test_support::TestDatabase;
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use sea_orm_migration::MigratorTrait;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// Migrations before the audit time column.
const BEFORE_AUDIT_TIME: u32 = 5;

async fn old_event(db: &sea_orm::DatabaseConnection, org: OrgId, at: OffsetDateTime) -> Uuid {
    let id = Uuid::now_v7();
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        "INSERT INTO audit_events (id, org_id, actor, action, subject, detail, at) \
         VALUES ($1, $2, NULL, 'session.signed_in', NULL, '', $3)"
    } else {
        "INSERT INTO audit_events (id, org_id, actor, action, subject, detail, at) \
         VALUES (?, ?, NULL, 'session.signed_in', NULL, '', ?)"
    };
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql,
        [Value::from(id), Value::from(org.as_uuid()), Value::from(at)],
    ))
    .await
    .unwrap();
    id
}

async fn old_events_read_in_time_order(url: &str) {
    let db = sea_orm::Database::connect(url).await.unwrap();
    Migrator::up(&db, Some(BEFORE_AUDIT_TIME)).await.unwrap();
    let org = OrgId::from_uuid(Uuid::now_v7());
    let second = datetime!(2026-03-04 05:06:08 UTC);
    // Inserted out of time order, so id order is no help; as text, `…08Z` sorts after
    // `…08.5Z` and `…08.000001Z`.
    let half = old_event(&db, org, second + Duration::milliseconds(500)).await;
    let whole = old_event(&db, org, second).await;
    let just_after = old_event(&db, org, second + Duration::microseconds(1)).await;
    let just_before = old_event(&db, org, second - Duration::microseconds(1)).await;
    Migrator::up(&db, None).await.unwrap();
    db.close().await.unwrap();

    let database = Database::connect(url).await.unwrap();
    let list = |filter: AuditFilter| {
        let database = database.clone();
        async move {
            database
                .list(org, &filter, PageRequest::first())
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|event| event.id.as_uuid())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        list(AuditFilter::default()).await,
        [half, just_after, whole, just_before],
        "newest first by time"
    );
    assert_eq!(
        list(AuditFilter {
            from: Some(second),
            to: Some(second + Duration::milliseconds(500)),
            ..AuditFilter::default()
        })
        .await,
        [just_after, whole],
        "a window exact to the microsecond"
    );
    database.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backfills_the_audit_time() {
    let dir = std::env::temp_dir().join(format!("fd_backfill_{}", Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("frontdesk.db").display());
    old_events_read_in_time_order(&url).await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backfills_the_audit_time() {
    let Some(test_db) = TestDatabase::postgres_unmigrated().await else {
        return;
    };
    let url = test_db.url().to_owned();
    old_events_read_in_time_order(&url).await;
    test_db.cleanup().await;
}
