//! The storage contract, migrations and SQLite write concurrency, against real databases:
//! a fresh SQLite file and a fresh PostgreSQL database.

use std::sync::Arc;

use frontdesk_access::{Profile, ProfileSet, SessionRepository, StaffSession, StaffUser, StaffUserRepository};
use frontdesk_kernel::{
    EmailAddress, OrgId, PageRequest, PersonName, SessionId, StaffUserId, TokenDigest, TransactionRunner, Uuid,
};
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{self, ContractSubject};

async fn keeps_the_contract(test_db: TestDatabase) {
    let subject = ContractSubject::of(&Arc::new(test_db.database().clone()));
    contract::run_all(&subject).await;
    contract::uncommitted_work_is_rolled_back(&subject).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_storage_contract() {
    keeps_the_contract(TestDatabase::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_storage_contract() {
    let Some(test_db) = TestDatabase::postgres().await else { return };
    assert_eq!(test_db.backend(), Backend::Postgres);
    keeps_the_contract(test_db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_memory_sqlite_keeps_the_storage_contract() {
    let database = Database::connect("sqlite::memory:").await.unwrap();
    database.migrate().await.unwrap();
    let subject = ContractSubject::of(&Arc::new(database.clone()));
    contract::run_all(&subject).await;
    contract::uncommitted_work_is_rolled_back(&subject).await;
    database.close().await.unwrap();
}

async fn migrations_apply_once(test_db: TestDatabase) {
    let database = test_db.database();
    let known = Database::known_migrations();
    assert_eq!(known.first().map(String::as_str), Some("m20261124_000001_foundation"));
    assert_eq!(database.applied_migrations().await.unwrap(), known);
    database.migrate().await.unwrap();
    database.migrate().await.unwrap();
    assert_eq!(database.applied_migrations().await.unwrap(), known, "migrating again is a no-op");
    database.ping().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_apply_every_migration_once() {
    migrations_apply_once(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        migrations_apply_once(test_db).await;
    }
}

async fn new_org(database: &Database) -> OrgId {
    let subject = ContractSubject::of(&Arc::new(database.clone()));
    let org = frontdesk_access::Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: frontdesk_access::OrgSlug::parse(&format!("c-{}", &Uuid::now_v7().simple().to_string()[20..]))
            .unwrap(),
        name: frontdesk_access::OrgName::parse("Concurrency").unwrap(),
        branding: frontdesk_access::Branding::default(),
        base_url: "https://c.test/".parse().unwrap(),
        default_language: frontdesk_kernel::Language::En,
        portal_mode: frontdesk_access::PortalMode::Off,
        lifetimes: frontdesk_access::TokenLifetimePolicy::default(),
        created_at: time::OffsetDateTime::now_utc(),
    };
    let mut uow = subject.transactions.begin().await.unwrap();
    subject.organisations.insert(uow.as_mut(), &org).await.unwrap();
    uow.commit().await.unwrap();
    org.id
}

/// Each task: a unit of work that reads and writes staff users, then a single-row write.
async fn write_concurrently(databases: Vec<Database>, org: OrgId, tasks: usize) {
    let mut handles = Vec::new();
    for n in 0..tasks {
        let database = databases[n % databases.len()].clone();
        handles.push(tokio::spawn(async move {
            let now = time::OffsetDateTime::now_utc();
            let user = StaffUser {
                id: StaffUserId::from_uuid(Uuid::now_v7()),
                org_id: org,
                email: EmailAddress::parse(&format!("user{n}@c.test")).unwrap(),
                name: PersonName::parse("Concurrent User").unwrap(),
                profiles: ProfileSet::of([Profile::Agent]),
                disabled: false,
                password_hash: None,
                created_at: now,
                updated_at: now,
            };
            let mut uow = database.begin().await.unwrap();
            StaffUserRepository::insert(&database, uow.as_mut(), &user).await.unwrap();
            let mut changed = user.clone();
            changed.profiles = ProfileSet::of([Profile::Agent, Profile::CaseAdmin]);
            StaffUserRepository::update(&database, uow.as_mut(), &changed).await.unwrap();
            uow.commit().await.unwrap();
            let mut digest = [0u8; 32];
            digest[..16].copy_from_slice(Uuid::now_v7().as_bytes());
            digest[16..].copy_from_slice(user.id.as_uuid().as_bytes());
            let session = StaffSession {
                id: SessionId::from_uuid(Uuid::now_v7()),
                digest: TokenDigest::from_bytes(digest),
                org_id: org,
                user_id: user.id,
                created_at: now,
                last_seen_at: now,
                absolute_expires_at: now,
                ended_at: None,
            };
            database.insert(&session).await.unwrap();
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let page = databases[0].list(org, PageRequest::new(None, Some(200))).await.unwrap();
    assert_eq!(page.items.len(), tasks);
    assert!(page.items.iter().all(|user| user.profiles.contains(Profile::CaseAdmin)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sqlite_units_of_work_all_succeed() {
    let test_db = TestDatabase::sqlite().await;
    let database = test_db.database().clone();
    let org = new_org(&database).await;
    write_concurrently(vec![database], org, 20).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_handles_on_one_sqlite_file_write_without_busy_errors() {
    // Two `Database`s on one file behave like two server processes: their writers contend
    // for the file lock, and BEGIN IMMEDIATE plus the busy timeout must serialise them.
    let test_db = TestDatabase::sqlite().await;
    let second = Database::connect(test_db.url()).await.unwrap();
    let org = new_org(test_db.database()).await;
    write_concurrently(vec![test_db.database().clone(), second.clone()], org, 20).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}
