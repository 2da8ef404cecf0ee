//! The in-memory fakes of the portal and pending sign-up ports keep the same storage
//! contract as the `SQLite` and `PostgreSQL` adapters: staff's portal-users directory, the
//! portal settings and the pending sign-ups (the rollback checks hold for real databases
//! only).

use std::sync::Arc;

use frontdesk_access::{CaseFacts, PortalSettingsRepository};
use frontdesk_contacts::PortalUserDirectory;
use frontdesk_kernel::{CaseId, ClientId, OrgId, Uuid};
use frontdesk_testkit::contract::{
    self, CaseMaker, ContactUsersContractSubject, ContractSubject, PendingSignUpsContractSubject,
};
use frontdesk_testkit::{
    InMemoryCasesStore, InMemoryContactUserStore, InMemoryPendingSignUps, InMemoryPortalUsers,
    InMemoryRegistrationStore, InMemoryStore,
};

/// Cases as the contact-user fake knows them: facts only.
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

#[tokio::test]
async fn the_portal_users_fake_keeps_the_directory_contract() {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let subject = ContactUsersContractSubject {
        transactions: store.clone(),
        organisations: store,
        contacts: cases.clone(),
        clients: cases.clone(),
        users: users.clone(),
        links: users.clone(),
        grants: users.clone(),
        rules: users.clone(),
        directory: users.clone(),
        case_facts: users.clone(),
        cases: Arc::new(FakeCases(InMemoryContactUserStore::clone(&users))),
    };
    let directory: Arc<dyn PortalUserDirectory> =
        Arc::new(InMemoryPortalUsers::new(&users, &cases));
    contract::portal_user_search(&subject, &directory).await;
    contract::portal_user_revocation(&subject, &directory, false).await;
}

#[tokio::test]
async fn the_in_memory_store_keeps_the_portal_settings_contract() {
    let store = Arc::new(InMemoryStore::new());
    let settings: Arc<dyn PortalSettingsRepository> = store.clone();
    contract::portal_settings(&ContractSubject::of(&store), &settings).await;
}

#[tokio::test]
async fn the_pending_sign_ups_fake_keeps_its_contract() {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let subject = PendingSignUpsContractSubject {
        transactions: store.clone(),
        organisations: store,
        contacts: cases,
        users: users.clone(),
        user_links: users.clone(),
        links: Arc::new(InMemoryRegistrationStore::new()),
        pending: Arc::new(InMemoryPendingSignUps::new(&users)),
    };
    contract::pending_sign_ups(&subject).await;
}
