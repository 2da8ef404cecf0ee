//! The example program's scenario, run by `cargo test`: two views counted, the third visit
//! refused, a revoked link refused, and every counted view logged by the embedder's adapter.

use frontdesk_example_share_links_hashmap::{Outcome, demo};

#[tokio::test]
async fn a_limited_link_is_used_up_and_a_revoked_one_is_gone() {
    let outcome = demo().await.expect("the demo runs");
    assert_eq!(
        outcome,
        Outcome { views_counted: 2, third_visit_gone: true, revoked_gone: true, views_logged: 2 }
    );
}
