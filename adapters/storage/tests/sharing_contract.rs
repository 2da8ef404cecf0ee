//! The sharing storage contract and view counting under concurrency, against a fresh
//! `SQLite` file and a fresh `PostgreSQL` database.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use std::sync::Arc;

use frontdesk_access::{OrganisationInitialiser, OrganisationRepository, PortalMode};
use frontdesk_cases::{Case, CaseRepository, CaseStatus, FormRepository, FormSlug, Priority};
use frontdesk_kernel::{
    CaseId, Language, OrgId, ShareLinkId, StaffUserId, TokenDigest, TransactionRunner, Uuid,
};
use frontdesk_sharing::{ShareLink, ShareLinkRepository, ShareView};
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{self, SharingContractSubject};
use time::{Duration, OffsetDateTime};

async fn keeps_the_sharing_contract(database: &Database) {
    let subject = SharingContractSubject::of(&Arc::new(database.clone()));
    contract::run_sharing(&subject).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_sharing_contract() {
    let test_db = TestDatabase::sqlite().await;
    keeps_the_sharing_contract(test_db.database()).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_sharing_contract() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    assert_eq!(test_db.backend(), Backend::Postgres);
    keeps_the_sharing_contract(test_db.database()).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_memory_sqlite_keeps_the_sharing_contract() {
    let database = Database::connect("sqlite::memory:").await.unwrap();
    database.migrate().await.unwrap();
    keeps_the_sharing_contract(&database).await;
    database.close().await.unwrap();
}

fn organisation() -> frontdesk_access::Organisation {
    frontdesk_access::Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: frontdesk_access::OrgSlug::parse(&format!(
            "s-{}",
            &Uuid::now_v7().simple().to_string()[20..]
        ))
        .unwrap(),
        name: frontdesk_access::OrgName::parse("Sharing").unwrap(),
        branding: frontdesk_access::Branding::default(),
        base_url: "https://s.test/".parse().unwrap(),
        default_language: Language::Fr,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: frontdesk_access::TokenLifetimePolicy::default(),
        created_at: OffsetDateTime::now_utc(),
    }
}

/// A new organisation with one case on its default form; returns both ids.
async fn new_case(database: &Database) -> (OrgId, CaseId) {
    let org = organisation();
    let mut uow = database.begin().await.unwrap();
    OrganisationRepository::insert(database, uow.as_mut(), &org)
        .await
        .unwrap();
    database.initialise(uow.as_mut(), &org).await.unwrap();
    uow.commit().await.unwrap();
    let form = FormRepository::find_by_slug(database, org.id, &FormSlug::parse("contact").unwrap())
        .await
        .unwrap()
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let mut uow = database.begin().await.unwrap();
    let number = database.next_number(uow.as_mut(), org.id).await.unwrap();
    let case = Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        number,
        form_id: form.id,
        title: "Shared".into(),
        description: None,
        priority: Priority::Normal,
        project: None,
        status: CaseStatus::New,
        language: Language::Fr,
        submitted: None,
        assignee: None,
        created_at: now,
        updated_at: now,
        client_id: None,
        public: false,
    };
    CaseRepository::insert(database, uow.as_mut(), &case)
        .await
        .unwrap();
    uow.commit().await.unwrap();
    (org.id, case.id)
}

/// `tasks` concurrent views of a link allowing `max` views, spread over `databases`
/// (handles on one database): exactly `max` are counted and logged.
async fn count_views_concurrently(databases: Vec<Database>, tasks: usize, max: u32) {
    let database = databases[0].clone();
    let (org, case) = new_case(&database).await;
    let now = OffsetDateTime::now_utc();
    let mut digest = [0u8; 32];
    digest[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    let link = ShareLink {
        id: ShareLinkId::from_uuid(Uuid::now_v7()),
        org_id: org,
        case_id: case,
        created_by: StaffUserId::from_uuid(Uuid::now_v7()),
        label: None,
        digest: TokenDigest::from_bytes(digest),
        language: Language::Fr,
        created_at: now,
        expires_at: now + Duration::days(1),
        max_views: Some(max),
        views: 0,
        password_hash: None,
        revoked_at: None,
    };
    let mut uow = database.begin().await.unwrap();
    ShareLinkRepository::insert(&database, uow.as_mut(), &link)
        .await
        .unwrap();
    uow.commit().await.unwrap();

    let link = Arc::new(link);
    let mut handles = Vec::new();
    for n in 0..tasks {
        let database = databases[n % databases.len()].clone();
        let link = Arc::clone(&link);
        handles.push(tokio::spawn(async move {
            let view = ShareView {
                link_id: link.id,
                viewed_at: OffsetDateTime::now_utc(),
                user_agent: Some(format!("task {n}")),
                ip_hash: None,
            };
            database.record_view(&link, &view).await.unwrap()
        }));
    }
    let mut counted = 0;
    for handle in handles {
        if handle.await.unwrap() {
            counted += 1;
        }
    }
    assert_eq!(counted, max);
    let stored = ShareLinkRepository::find(&database, org, link.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.views, max);
    let logged = database.views(org, link.id).await.unwrap();
    assert_eq!(logged.len(), usize::try_from(max).unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_views_never_exceed_the_maximum_on_sqlite() {
    let test_db = TestDatabase::sqlite().await;
    count_views_concurrently(vec![test_db.database().clone()], 32, 5).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_views_never_exceed_the_maximum_across_two_sqlite_handles() {
    let test_db = TestDatabase::sqlite().await;
    let second = Database::connect(test_db.url()).await.unwrap();
    count_views_concurrently(vec![test_db.database().clone(), second.clone()], 32, 5).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_views_never_exceed_the_maximum_on_postgres() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    let second = Database::connect(test_db.url()).await.unwrap();
    count_views_concurrently(vec![test_db.database().clone(), second.clone()], 32, 5).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}
