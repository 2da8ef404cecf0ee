//! The testkit's in-memory sharing fakes pass the same storage contract as the SQLite and
//! PostgreSQL adapters, so tests over the fakes say something about production.

use std::sync::Arc;

use frontdesk_testkit::contract::{
    CasesContractSubject, SharingContractSubject, sharing_active_link_count, sharing_links,
    sharing_permissions, sharing_views, sharing_views_stop_at_revocation_and_expiry,
};
use frontdesk_testkit::{InMemoryCasesStore, InMemorySharingStore, InMemoryStore};

fn subject() -> SharingContractSubject {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let sharing = Arc::new(InMemorySharingStore::new());
    SharingContractSubject {
        cases: CasesContractSubject::of_fakes(&store, &cases),
        links: sharing.clone(),
        permissions: sharing,
    }
}

#[tokio::test]
async fn share_links() {
    sharing_links(&subject()).await;
}

#[tokio::test]
async fn share_views() {
    sharing_views(&subject()).await;
}

#[tokio::test]
async fn share_permissions() {
    sharing_permissions(&subject()).await;
}

#[tokio::test]
async fn share_views_stop_at_revocation_and_expiry() {
    sharing_views_stop_at_revocation_and_expiry(&subject()).await;
}

#[tokio::test]
async fn share_links_are_counted_while_open() {
    sharing_active_link_count(&subject()).await;
}
