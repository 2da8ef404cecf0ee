//! The storage contract suite against the embedder's own adapter — the snippet of
//! `docs/embedding.md`, word for word.

// contract-snippet-start
use std::sync::Arc;

use frontdesk_example_share_links_hashmap::HashMapShareLinks;
use frontdesk_testkit::contract::{CasesContractSubject, SharingContractSubject, run_sharing};
use frontdesk_testkit::{InMemoryCasesStore, InMemoryStore};

#[tokio::test]
async fn my_share_link_store_passes_the_contract() {
    let mine = Arc::new(HashMapShareLinks::default());
    let subject = SharingContractSubject {
        // Organisations, forms and cases the checks' links point at.
        cases: CasesContractSubject::of_fakes(
            &Arc::new(InMemoryStore::new()),
            &Arc::new(InMemoryCasesStore::new()),
        ),
        links: mine.clone(),
        permissions: mine,
    };
    run_sharing(&subject).await;
}
// contract-snippet-end
