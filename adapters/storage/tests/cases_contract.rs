//! The cases and contacts storage contract, case-number allocation under concurrency, the
//! cases migration on existing forms and the housekeeping of cases rows, against a fresh
//! `SQLite` file and a fresh `PostgreSQL` database.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use std::collections::BTreeSet;
use std::sync::Arc;

use frontdesk_access::{OrganisationRepository, PortalMode};
use frontdesk_cases::{
    Case, CaseFilter, CaseNumber, CaseRepository, CaseStatus, Form, FormRepository, FormSlug,
    GuestAccess, GuestAccessRepository, IdempotencyRepository, Priority,
};
use frontdesk_kernel::{
    CaseId, ContactId, FormId, GuestAccessId, Language, OrgId, PageRequest, TokenDigest,
    TransactionRunner, Uuid,
};
use frontdesk_storage::migration::Migrator;
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{self, CasesContractSubject};
use sea_orm::{ConnectionTrait, Statement};
use sea_orm_migration::MigratorTrait;
use time::{Duration, OffsetDateTime};

async fn keeps_the_cases_contract(database: &Database) {
    let subject = CasesContractSubject::of(&Arc::new(database.clone()));
    contract::run_cases(&subject).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_cases_contract() {
    let test_db = TestDatabase::sqlite().await;
    keeps_the_cases_contract(test_db.database()).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_cases_contract() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    assert_eq!(test_db.backend(), Backend::Postgres);
    keeps_the_cases_contract(test_db.database()).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_memory_sqlite_keeps_the_cases_contract() {
    let database = Database::connect("sqlite::memory:").await.unwrap();
    database.migrate().await.unwrap();
    keeps_the_cases_contract(&database).await;
    database.close().await.unwrap();
}

fn organisation() -> frontdesk_access::Organisation {
    frontdesk_access::Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: frontdesk_access::OrgSlug::parse(&format!(
            "c-{}",
            &Uuid::now_v7().simple().to_string()[20..]
        ))
        .unwrap(),
        name: frontdesk_access::OrgName::parse("Cases").unwrap(),
        branding: frontdesk_access::Branding::default(),
        base_url: "https://c.test/".parse().unwrap(),
        default_language: Language::Fr,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: frontdesk_access::TokenLifetimePolicy::default(),
        created_at: OffsetDateTime::now_utc(),
    }
}

/// A new organisation with its default form; returns both ids.
async fn new_org(database: &Database) -> (OrgId, FormId) {
    use frontdesk_access::OrganisationInitialiser;
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
    (org.id, form.id)
}

fn case(org: OrgId, form: FormId, number: CaseNumber) -> Case {
    let now = OffsetDateTime::now_utc();
    Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org,
        number,
        form_id: form,
        title: format!("Case {number}"),
        description: None,
        priority: Priority::Normal,
        project: None,
        status: CaseStatus::New,
        language: Language::En,
        submitted: None,
        assignee: None,
        created_at: now,
        updated_at: now,
        client_id: None,
        public: false,
    }
}

/// `tasks` concurrent units of work, each allocating a number and inserting a case with it,
/// spread over `databases` (handles on one database): every number from 1 to `tasks` is
/// used exactly once.
async fn allocate_concurrently(databases: Vec<Database>, tasks: u64) {
    let (org, form) = new_org(&databases[0]).await;
    let mut handles = Vec::new();
    for n in 0..tasks {
        let database = databases[usize::try_from(n).unwrap() % databases.len()].clone();
        handles.push(tokio::spawn(async move {
            let mut uow = database.begin().await.unwrap();
            let number = database.next_number(uow.as_mut(), org).await.unwrap();
            tokio::task::yield_now().await;
            CaseRepository::insert(&database, uow.as_mut(), &case(org, form, number))
                .await
                .unwrap();
            uow.commit().await.unwrap();
            number
        }));
    }
    let mut numbers = Vec::new();
    for handle in handles {
        numbers.push(handle.await.unwrap().0);
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=tasks).collect::<Vec<_>>());
    let page = CaseRepository::list(
        &databases[0],
        org,
        &CaseFilter::default(),
        PageRequest::new(None, Some(200)),
    )
    .await
    .unwrap();
    let stored: BTreeSet<u64> = page.items.iter().map(|case| case.number.0).collect();
    assert_eq!(stored, (1..=tasks).collect::<BTreeSet<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_case_numbers_are_unique_on_sqlite() {
    let test_db = TestDatabase::sqlite().await;
    allocate_concurrently(vec![test_db.database().clone()], 20).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_case_numbers_are_unique_across_two_sqlite_handles() {
    let test_db = TestDatabase::sqlite().await;
    let second = Database::connect(test_db.url()).await.unwrap();
    allocate_concurrently(vec![test_db.database().clone(), second.clone()], 20).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_case_numbers_are_unique_on_postgres() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    let second = Database::connect(test_db.url()).await.unwrap();
    allocate_concurrently(vec![test_db.database().clone(), second.clone()], 20).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}

/// A form written before the cases migration reads afterwards with the standard settings.
async fn forms_from_before_the_cases_migration_get_defaults(url: &str, database: &Database) {
    let connection = sea_orm::Database::connect(url).await.unwrap();
    Migrator::up(&connection, Some(2)).await.unwrap();
    let org = organisation();
    let backend = connection.get_database_backend();
    // The organisation as the first migrations knew it: later columns do not exist yet.
    let org_sql = if backend == sea_orm::DbBackend::Postgres {
        "INSERT INTO organisations (id, slug, name, branding, base_url, default_language, \
         portal_mode, lifetimes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    } else {
        "INSERT INTO organisations (id, slug, name, branding, base_url, default_language, \
         portal_mode, lifetimes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    };
    connection
        .execute_raw(Statement::from_sql_and_values(
            backend,
            org_sql,
            [
                org.id.as_uuid().into(),
                org.slug.as_str().into(),
                "Cases".into(),
                "{}".into(),
                "https://c.test/".into(),
                "fr".into(),
                "off".into(),
                "{}".into(),
                org.created_at.into(),
            ],
        ))
        .await
        .unwrap();
    let form_id = Uuid::now_v7();
    let sql = if backend == sea_orm::DbBackend::Postgres {
        "INSERT INTO forms (id, org_id, slug, name, default_language, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)"
    } else {
        "INSERT INTO forms (id, org_id, slug, name, default_language, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)"
    };
    let created_at = time::macros::datetime!(2026-01-02 03:04:05.678901 UTC);
    connection
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [
                form_id.into(),
                org.id.as_uuid().into(),
                "contact".into(),
                "Contact".into(),
                "fr".into(),
                created_at.into(),
            ],
        ))
        .await
        .unwrap();
    connection.close().await.unwrap();

    database.migrate().await.unwrap();
    let form = FormRepository::find_by_slug(database, org.id, &FormSlug::parse("contact").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(form.id, FormId::from_uuid(form_id));
    assert_eq!(form.name, "Contact");
    assert_eq!(form.default_language, Language::Fr);
    assert_eq!(form.fields, Form::standard_fields());
    assert_eq!(form.guest_edit_statuses, vec![CaseStatus::New]);
    assert!(form.notify_contacts);
    assert!(!form.share_links_enabled);
    assert_eq!(form.created_at, created_at);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_from_before_the_cases_migration_get_defaults_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("fd_test_{}", Uuid::now_v7().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.join("frontdesk.db").display());
    let database = Database::connect(&url).await.unwrap();
    forms_from_before_the_cases_migration_get_defaults(&url, &database).await;
    database.close().await.unwrap();
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_from_before_the_cases_migration_get_defaults_on_postgres() {
    let Some(test_db) = TestDatabase::postgres_unmigrated().await else {
        return;
    };
    forms_from_before_the_cases_migration_get_defaults(test_db.url(), test_db.database()).await;
    test_db.cleanup().await;
}

fn token_digest() -> TokenDigest {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    bytes[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    TokenDigest::from_bytes(bytes)
}

/// Housekeeping removes old idempotency keys and guest links long expired or revoked.
async fn purge_sweeps_cases_rows(test_db: TestDatabase) {
    use frontdesk_contacts::{Contact, ContactRepository};
    let database = test_db.database().clone();
    let (org, form) = new_org(&database).await;
    let now = OffsetDateTime::now_utc();
    let contact = Contact {
        id: ContactId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: frontdesk_kernel::EmailAddress::parse("purge@c.test").unwrap(),
        first_name: frontdesk_kernel::PersonName::parse("Pat").unwrap(),
        last_name: frontdesk_kernel::PersonName::parse("Purge").unwrap(),
        phone: None,
        address: None,
        unsubscribed_all: false,
        created_at: now,
        client_id: None,
    };
    let mut uow = database.begin().await.unwrap();
    ContactRepository::insert(&database, uow.as_mut(), &contact)
        .await
        .unwrap();
    let number = database.next_number(uow.as_mut(), org).await.unwrap();
    let case = case(org, form, number);
    CaseRepository::insert(&database, uow.as_mut(), &case)
        .await
        .unwrap();
    database
        .remember(
            uow.as_mut(),
            org,
            "old",
            [1; 32],
            case.id,
            now - Duration::days(2),
        )
        .await
        .unwrap();
    database
        .remember(uow.as_mut(), org, "new", [2; 32], case.id, now)
        .await
        .unwrap();
    let access = |expires_at, revoked_at| GuestAccess {
        id: GuestAccessId::from_uuid(Uuid::now_v7()),
        org_id: org,
        case_id: case.id,
        contact_id: contact.id,
        digest: token_digest(),
        created_at: now - Duration::days(90),
        expires_at,
        revoked_at,
    };
    let long_expired = access(now - Duration::days(40), None);
    let long_revoked = access(now + Duration::days(40), Some(now - Duration::days(40)));
    let recently_expired = access(now - Duration::days(2), None);
    let live = access(now + Duration::days(2), None);
    for access in [&long_expired, &long_revoked, &recently_expired, &live] {
        GuestAccessRepository::insert(&database, uow.as_mut(), access)
            .await
            .unwrap();
    }
    uow.commit().await.unwrap();

    let purged = database
        .purge_expired(now - Duration::days(1), now - Duration::days(1))
        .await
        .unwrap();
    assert_eq!(purged, 3, "one old key and two long-dead guest links");
    assert!(database.recall(org, "old").await.unwrap().is_none());
    assert!(database.recall(org, "new").await.unwrap().is_some());
    for (access, kept) in [
        (&long_expired, false),
        (&long_revoked, false),
        (&recently_expired, true),
        (&live, true),
    ] {
        assert_eq!(
            database
                .find_by_digest(&access.digest)
                .await
                .unwrap()
                .is_some(),
            kept
        );
    }
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_sweeps_cases_rows_on_both_backends() {
    purge_sweeps_cases_rows(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        purge_sweeps_cases_rows(test_db).await;
    }
}

/// A contact insert that loses a uniqueness race leaves the unit of work usable: the caller
/// finds the winner in the same transaction and commits (on PostgreSQL a failed statement
/// would otherwise abort the whole transaction).
async fn a_lost_contact_race_keeps_the_unit_of_work_usable(database: &Database) {
    use frontdesk_contacts::{Contact, ContactRepository};
    use frontdesk_kernel::{EmailAddress, PersonName};
    let (org, _) = new_org(database).await;
    let contact = |id: Uuid| Contact {
        id: ContactId::from_uuid(id),
        org_id: org,
        email: EmailAddress::parse("race@example.org").unwrap(),
        first_name: PersonName::parse("Ra").unwrap(),
        last_name: PersonName::parse("Ce").unwrap(),
        phone: None,
        address: None,
        unsubscribed_all: false,
        created_at: OffsetDateTime::now_utc(),
        client_id: None,
    };
    let winner = contact(Uuid::now_v7());
    let mut first = database.begin().await.unwrap();
    ContactRepository::insert(database, first.as_mut(), &winner)
        .await
        .unwrap();
    first.commit().await.unwrap();

    let mut uow = database.begin().await.unwrap();
    let lost = ContactRepository::insert(database, uow.as_mut(), &contact(Uuid::now_v7())).await;
    assert!(
        matches!(
            lost,
            Err(frontdesk_kernel::RepositoryError::Conflict("email"))
        ),
        "{lost:?}"
    );
    let found = database
        .find_by_email_in(uow.as_mut(), org, &winner.email)
        .await
        .unwrap()
        .expect("the winner is visible in the same unit of work");
    assert_eq!(found.id, winner.id);
    uow.commit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_contact_race_keeps_the_unit_of_work_usable_on_both_backends() {
    let sqlite = TestDatabase::sqlite().await;
    a_lost_contact_race_keeps_the_unit_of_work_usable(sqlite.database()).await;
    sqlite.cleanup().await;
    if let Some(postgres) = TestDatabase::postgres().await {
        a_lost_contact_race_keeps_the_unit_of_work_usable(postgres.database()).await;
        postgres.cleanup().await;
    }
}
