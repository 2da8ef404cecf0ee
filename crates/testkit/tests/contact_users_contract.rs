//! The contact-user and grant contract against the in-memory fakes.

use std::sync::Arc;

use frontdesk_access::CaseFacts;
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

fn subject() -> ContactUsersContractSubject {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    ContactUsersContractSubject {
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
    }
}

#[tokio::test]
async fn fakes_keep_the_contact_user_contract() {
    let subject = subject();
    contract::run_contact_users(&subject).await;
    contract::contact_usernames_are_unique_under_concurrency(&subject, 8).await;
}
