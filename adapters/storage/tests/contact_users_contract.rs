//! The contact-user, session, grant and portal-users storage contract, and username uniqueness under
//! concurrency across connections, against a fresh `SQLite` file and a fresh `PostgreSQL`
//! database.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use std::sync::Arc;

use frontdesk_cases::{Case, CaseRepository, CaseStatus, FormRepository, FormSlug, Priority};
use frontdesk_contacts::{ContactUserSessionRepository, PortalUserDirectory};
use frontdesk_kernel::{CaseId, ClientId, Language, OrgId, TransactionRunner, Uuid};
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{self, CaseMaker, ContactUsersContractSubject};
use time::OffsetDateTime;

/// Makes cases on the default form the contract's organisations get once initialised.
struct DatabaseCases(Database);

#[async_trait::async_trait]
impl CaseMaker for DatabaseCases {
    async fn new_case(
        &self,
        org: OrgId,
        client: Option<ClientId>,
        public: bool,
        open: bool,
    ) -> CaseId {
        let database = &self.0;
        let slug = FormSlug::parse("contact").unwrap();
        let existing = FormRepository::find_by_slug(database, org, &slug)
            .await
            .unwrap();
        let form = if let Some(form) = existing {
            form
        } else {
            {
                let organisation = frontdesk_access::OrganisationRepository::find(database, org)
                    .await
                    .unwrap()
                    .unwrap();
                let mut uow = database.begin().await.unwrap();
                frontdesk_access::OrganisationInitialiser::initialise(
                    database,
                    uow.as_mut(),
                    &organisation,
                )
                .await
                .unwrap();
                uow.commit().await.unwrap();
                FormRepository::find_by_slug(database, org, &slug)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let now = OffsetDateTime::now_utc();
        let mut uow = database.begin().await.unwrap();
        let number = database.next_number(uow.as_mut(), org).await.unwrap();
        let case = Case {
            id: CaseId::from_uuid(Uuid::now_v7()),
            org_id: org,
            number,
            form_id: form.id,
            title: "Granted".into(),
            description: None,
            priority: Priority::Normal,
            project: None,
            status: if open {
                CaseStatus::Open
            } else {
                CaseStatus::Closed
            },
            language: Language::En,
            submitted: None,
            assignee: None,
            client_id: client,
            public,
            created_at: now,
            updated_at: now,
        };
        CaseRepository::insert(database, uow.as_mut(), &case)
            .await
            .unwrap();
        uow.commit().await.unwrap();
        case.id
    }
}

fn subject(database: &Database) -> ContactUsersContractSubject {
    let store = Arc::new(database.clone());
    ContactUsersContractSubject {
        transactions: store.clone(),
        organisations: store.clone(),
        contacts: store.clone(),
        clients: store.clone(),
        users: store.clone(),
        links: store.clone(),
        grants: store.clone(),
        rules: store.clone(),
        directory: store.clone(),
        case_facts: store,
        cases: Arc::new(DatabaseCases(database.clone())),
    }
}

async fn sessions_contract(subject: &ContactUsersContractSubject, database: &Database) {
    let sessions: Arc<dyn ContactUserSessionRepository> = Arc::new(database.clone());
    contract::contact_user_sessions(subject, &sessions).await;
    contract::uncommitted_contact_user_sessions_are_rolled_back(subject, &sessions).await;
}

async fn portal_users_contract(subject: &ContactUsersContractSubject, database: &Database) {
    let directory: Arc<dyn PortalUserDirectory> = Arc::new(database.clone());
    contract::portal_user_search(subject, &directory).await;
    contract::portal_user_revocation(subject, &directory, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_contact_user_contract() {
    let test_db = TestDatabase::sqlite().await;
    let subject = subject(test_db.database());
    contract::run_contact_users(&subject).await;
    sessions_contract(&subject, test_db.database()).await;
    portal_users_contract(&subject, test_db.database()).await;
    contract::contact_usernames_are_unique_under_concurrency(&subject, 8).await;
    // A second handle on the same file: two writer pools race for the index.
    let second = Database::connect(test_db.url()).await.unwrap();
    let mut across = subject.clone();
    across.users = Arc::new(second.clone());
    contract::contact_usernames_are_unique_under_concurrency(&across, 8).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_contact_user_contract() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    assert_eq!(test_db.backend(), Backend::Postgres);
    let subject = subject(test_db.database());
    contract::run_contact_users(&subject).await;
    sessions_contract(&subject, test_db.database()).await;
    portal_users_contract(&subject, test_db.database()).await;
    contract::contact_usernames_are_unique_under_concurrency(&subject, 8).await;
    test_db.cleanup().await;
}
