//! The contact-user, session and grant contract against the in-memory fakes.

use std::sync::Arc;

use frontdesk_access::CaseFacts;
use frontdesk_contacts::ContactUserSessionRepository;
use frontdesk_kernel::{CaseId, ClientId, OrgId, Uuid};
use frontdesk_testkit::contract::{self, CaseMaker, ContactUsersContractSubject};
use frontdesk_testkit::{InMemoryCasesStore, InMemoryContactUserStore, InMemoryStore};

struct FakeCases(InMemoryContactUserStore);

#[async_trait::async_trait]
impl CaseMaker for FakeCases {
    async fn new_case(
        &self,
        org: OrgId,
        client: Option<ClientId>,
        public: bool,
        open: bool,
    ) -> CaseId {
        let case_id = CaseId::from_uuid(Uuid::now_v7());
        self.0.set_case(CaseFacts {
            org_id: org,
            case_id,
            client_id: client,
            public,
            open,
        });
        case_id
    }
}

fn subject() -> (ContactUsersContractSubject, Arc<InMemoryContactUserStore>) {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let subject = ContactUsersContractSubject {
        transactions: store.clone(),
        organisations: store,
        contacts: cases.clone(),
        clients: cases,
        users: users.clone(),
        links: users.clone(),
        grants: users.clone(),
        rules: users.clone(),
        directory: users.clone(),
        case_facts: users.clone(),
        cases: Arc::new(FakeCases(InMemoryContactUserStore::clone(&users))),
    };
    (subject, users)
}

#[tokio::test]
async fn fakes_keep_the_contact_user_contract() {
    let (subject, _) = subject();
    contract::run_contact_users(&subject).await;
    contract::contact_usernames_are_unique_under_concurrency(&subject, 8).await;
}

#[tokio::test]
async fn fakes_keep_the_contact_user_session_contract() {
    let (subject, users) = subject();
    let sessions: Arc<dyn ContactUserSessionRepository> = users;
    contract::contact_user_sessions(&subject, &sessions).await;
}
