//! The testkit's in-memory registration fake passes the same storage contract as the SQLite
//! and PostgreSQL adapters, so tests over the fake say something about production.

use std::sync::Arc;

use frontdesk_testkit::contract::{
    RegistrationContractSubject, registration_links, registration_uses,
};
use frontdesk_testkit::{InMemoryRegistrationStore, InMemoryStore};

fn subject() -> RegistrationContractSubject {
    let store = Arc::new(InMemoryStore::new());
    RegistrationContractSubject {
        transactions: store.clone(),
        organisations: store,
        links: Arc::new(InMemoryRegistrationStore::new()),
    }
}

#[tokio::test]
async fn links() {
    registration_links(&subject()).await;
}

#[tokio::test]
async fn uses() {
    registration_uses(&subject()).await;
}
