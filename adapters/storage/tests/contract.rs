//! The storage contract, migrations and `SQLite` write concurrency, against real databases:
//! a fresh `SQLite` file and a fresh `PostgreSQL` database.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use std::sync::Arc;

use frontdesk_access::{
    Profile, ProfileSet, SessionRepository, StaffSession, StaffUser, StaffUserRepository,
};
use frontdesk_kernel::{
    EmailAddress, OrgId, PageRequest, PersonName, SessionId, StaffUserId, TokenDigest,
    TransactionRunner, Uuid,
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
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
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
    assert_eq!(
        known.first().map(String::as_str),
        Some("m20261124_000001_foundation")
    );
    assert_eq!(database.applied_migrations().await.unwrap(), known);
    database.migrate().await.unwrap();
    database.migrate().await.unwrap();
    assert_eq!(
        database.applied_migrations().await.unwrap(),
        known,
        "migrating again is a no-op"
    );
    database.ping().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_together_migrate_postgres_once() {
    let Some(test_db) = TestDatabase::postgres_unmigrated().await else {
        return;
    };
    let mut replicas = Vec::new();
    for _ in 0..4 {
        replicas.push(Database::connect(test_db.url()).await.unwrap());
    }
    let runs: Vec<_> = replicas
        .iter()
        .cloned()
        .map(|replica| tokio::spawn(async move { replica.migrate().await }))
        .collect();
    for run in runs {
        run.await.unwrap().unwrap();
    }
    assert_eq!(
        test_db.database().applied_migrations().await.unwrap(),
        Database::known_migrations()
    );
    for replica in replicas {
        let _ = replica.close().await;
    }
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
        slug: frontdesk_access::OrgSlug::parse(&format!(
            "c-{}",
            &Uuid::now_v7().simple().to_string()[20..]
        ))
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
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .unwrap();
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
            StaffUserRepository::insert(&database, uow.as_mut(), &user)
                .await
                .unwrap();
            let mut changed = user.clone();
            changed.profiles = ProfileSet::of([Profile::Agent, Profile::CaseAdmin]);
            StaffUserRepository::update(&database, uow.as_mut(), &changed)
                .await
                .unwrap();
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
            SessionRepository::insert(&database, &session)
                .await
                .unwrap();
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let page = databases[0]
        .list(org, PageRequest::new(None, Some(200)))
        .await
        .unwrap();
    assert_eq!(page.items.len(), tasks);
    assert!(
        page.items
            .iter()
            .all(|user| user.profiles.contains(Profile::CaseAdmin))
    );
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

/// Two concurrent units of work marking one link used: exactly one wins.
async fn one_of_two_concurrent_mark_used_wins(test_db: TestDatabase) {
    use frontdesk_access::{ActionPurpose, ActionToken, ActionTokenRepository};
    let database = test_db.database().clone();
    let org = new_org(&database).await;
    let now = time::OffsetDateTime::now_utc();
    let user = StaffUser {
        id: StaffUserId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse("race@c.test").unwrap(),
        name: PersonName::parse("Race").unwrap(),
        profiles: ProfileSet::of([Profile::Admin]),
        disabled: false,
        password_hash: None,
        created_at: now,
        updated_at: now,
    };
    let mut digest = [7u8; 32];
    digest[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    let token = ActionToken {
        id: frontdesk_kernel::ActionTokenId::from_uuid(Uuid::now_v7()),
        org_id: org,
        user_id: user.id,
        purpose: ActionPurpose::PasswordSetup,
        digest: TokenDigest::from_bytes(digest),
        created_at: now,
        expires_at: now + time::Duration::hours(1),
        used_at: None,
    };
    let mut uow = database.begin().await.unwrap();
    StaffUserRepository::insert(&database, uow.as_mut(), &user)
        .await
        .unwrap();
    ActionTokenRepository::insert(&database, uow.as_mut(), &token)
        .await
        .unwrap();
    uow.commit().await.unwrap();

    let attempts = (0..2).map(|_| {
        let database = database.clone();
        let token = token.clone();
        tokio::spawn(async move {
            let mut uow = database.begin().await.unwrap();
            let won = database.mark_used(uow.as_mut(), &token, now).await.unwrap();
            tokio::task::yield_now().await;
            uow.commit().await.unwrap();
            won
        })
    });
    let mut wins = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        wins += usize::from(attempt.await.unwrap());
    }
    assert_eq!(wins, 1, "exactly one concurrent mark_used succeeds");
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_use_holds_under_concurrency_on_both_backends() {
    one_of_two_concurrent_mark_used_wins(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        one_of_two_concurrent_mark_used_wins(test_db).await;
    }
}
