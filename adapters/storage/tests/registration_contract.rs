//! The registration storage contract (links, uses, pending sign-ups) and use counting under concurrency, against a fresh
//! `SQLite` file and a fresh `PostgreSQL` database.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_kernel::{ContactUserId, EmailAddress, TransactionRunner, Uuid};
use frontdesk_registration::{RegisteredUser, RegistrationLinkRepository, RegistrationUse};
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{
    self, PendingSignUpsContractSubject, RegistrationContractSubject,
};
use time::{Duration, OffsetDateTime};

async fn keeps_the_registration_contract(database: &Database) {
    let subject = RegistrationContractSubject::of(&Arc::new(database.clone()));
    contract::run_registration(&subject).await;
    let pending = PendingSignUpsContractSubject::of(&Arc::new(database.clone()));
    contract::pending_sign_ups(&pending).await;
    contract::uncommitted_pending_sign_ups_are_rolled_back(&pending).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_registration_contract() {
    let test_db = TestDatabase::sqlite().await;
    keeps_the_registration_contract(test_db.database()).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_registration_contract() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    assert_eq!(test_db.backend(), Backend::Postgres);
    keeps_the_registration_contract(test_db.database()).await;
    test_db.cleanup().await;
}

/// `tasks` concurrent sign-ups through a link allowing `max` uses, spread over `databases`
/// (handles on one database): exactly `max` are counted and logged.
async fn count_uses_concurrently(databases: Vec<Database>, tasks: usize, max: u32) {
    let database = databases[0].clone();
    let mut link = frontdesk_testkit::contract::registration_link(
        frontdesk_kernel::OrgId::from_uuid(Uuid::now_v7()),
        None,
    );
    let organisation = frontdesk_access::Organisation {
        id: link.org_id,
        slug: frontdesk_access::OrgSlug::parse(&format!(
            "r-{}",
            &Uuid::now_v7().simple().to_string()[20..]
        ))
        .unwrap(),
        name: frontdesk_access::OrgName::parse("Registration").unwrap(),
        branding: frontdesk_access::Branding::default(),
        base_url: "https://r.test/".parse().unwrap(),
        default_language: frontdesk_kernel::Language::En,
        portal_mode: frontdesk_access::PortalMode::Off,
        registration_enabled: true,
        lifetimes: frontdesk_access::TokenLifetimePolicy::default(),
        created_at: OffsetDateTime::now_utc(),
    };
    let mut uow = database.begin().await.unwrap();
    OrganisationRepository::insert(&database, uow.as_mut(), &organisation)
        .await
        .unwrap();
    uow.commit().await.unwrap();
    let now = OffsetDateTime::now_utc();
    link.max_uses = Some(max);
    link.created_at = now;
    link.expires_at = now + Duration::days(1);
    let mut uow = database.begin().await.unwrap();
    RegistrationLinkRepository::insert(&database, uow.as_mut(), &link)
        .await
        .unwrap();
    uow.commit().await.unwrap();

    let link = Arc::new(link);
    let mut handles = Vec::new();
    for n in 0..tasks {
        let database = databases[n % databases.len()].clone();
        let link = Arc::clone(&link);
        handles.push(tokio::spawn(async move {
            let used = RegistrationUse {
                link_id: link.id,
                who: RegisteredUser::Contact(ContactUserId::from_uuid(Uuid::now_v7())),
                email: EmailAddress::parse(&format!("user{n}@acme.test")).unwrap(),
                at: OffsetDateTime::now_utc(),
            };
            let mut uow = database.begin().await.unwrap();
            let counted = database
                .record_use(uow.as_mut(), &link, &used)
                .await
                .unwrap();
            uow.commit().await.unwrap();
            counted
        }));
    }
    let mut counted = 0;
    for handle in handles {
        if handle.await.unwrap() {
            counted += 1;
        }
    }
    assert_eq!(counted, max);
    let stored = RegistrationLinkRepository::find(&database, link.org_id, link.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.uses, max);
    let logged = database.list_uses(link.org_id, link.id).await.unwrap();
    assert_eq!(logged.len(), usize::try_from(max).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_uses_never_exceed_the_maximum_on_sqlite() {
    let test_db = TestDatabase::sqlite().await;
    let second = Database::connect(test_db.url()).await.unwrap();
    count_uses_concurrently(vec![test_db.database().clone(), second.clone()], 24, 5).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_uses_never_exceed_the_maximum_on_postgres() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    let second = Database::connect(test_db.url()).await.unwrap();
    count_uses_concurrently(vec![test_db.database().clone(), second.clone()], 24, 5).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}
