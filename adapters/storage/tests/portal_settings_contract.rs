//! The portal settings storage contract (title and forms per organisation, unknown forms,
//! rollback) against a fresh `SQLite` file and a fresh `PostgreSQL` database.

use std::sync::Arc;

use frontdesk_access::PortalSettingsRepository;
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{self, ContractSubject};

async fn keeps_the_portal_settings_contract(database: &Database) {
    let store = Arc::new(database.clone());
    let subject = ContractSubject::of(&store);
    let settings: Arc<dyn PortalSettingsRepository> = store;
    contract::portal_settings(&subject, &settings).await;
    contract::uncommitted_portal_settings_are_rolled_back(&subject, &settings).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_portal_settings_contract() {
    let test_db = TestDatabase::sqlite().await;
    keeps_the_portal_settings_contract(test_db.database()).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_portal_settings_contract() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    assert_eq!(test_db.backend(), Backend::Postgres);
    keeps_the_portal_settings_contract(test_db.database()).await;
    test_db.cleanup().await;
}
