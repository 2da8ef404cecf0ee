//! The in-memory fakes keep the storage contract.

use std::sync::Arc;

use frontdesk_testkit::contract::{self, CasesContractSubject, ContractSubject};
use frontdesk_testkit::{InMemoryCasesStore, InMemoryStore};

#[tokio::test]
async fn the_in_memory_store_keeps_the_storage_contract() {
    let store = Arc::new(InMemoryStore::new());
    contract::run_all(&ContractSubject::of(&store)).await;
}

#[tokio::test]
async fn the_in_memory_store_records_audit_events_for_assertions() {
    let store = Arc::new(InMemoryStore::new());
    contract::audit(&ContractSubject::of(&store)).await;
    let events = store.audit_events();
    assert_eq!(events.len(), 2);
    assert!(events[1].org_id.is_none());
}

#[tokio::test]
async fn the_in_memory_outbox_hands_out_each_message_once() {
    let store = Arc::new(InMemoryStore::new());
    contract::outbox_claims_are_exclusive_under_concurrency(
        &ContractSubject::of(&store),
        300,
        4,
        10,
    )
    .await;
    assert_eq!(
        store.outbox_count(frontdesk_messaging::MessageState::Sent),
        300
    );
}

#[tokio::test]
async fn the_composed_case_views_keep_the_contract() {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let subject = CasesContractSubject::of_fakes(&store, &cases);
    contract::cases_guest_access(&subject).await;
    contract::cases_views(&subject).await;
}

#[tokio::test]
async fn the_console_reads_of_the_fakes_keep_the_contract() {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let subject = CasesContractSubject::of_fakes(&store, &cases);
    contract::cases_cases(&subject).await;
    contract::cases_assignment(&subject).await;
    contract::cases_search(&subject).await;
    contract::cases_statistics(&subject).await;
    contract::contacts_search(&subject).await;
    contract::cases_clients(&subject).await;
}

#[tokio::test]
async fn the_embed_origins_fake_keeps_its_contract() {
    let store = Arc::new(InMemoryStore::new());
    let fake = frontdesk_testkit::InMemoryEmbedOrigins::new();
    let origins: Arc<dyn frontdesk_access::EmbedOriginRepository> = Arc::new(fake.clone());
    contract::embed_origins(&ContractSubject::of(&store), &origins).await;
    assert_eq!(fake.saved_lists(), 2, "the two organisations' lists");
}
