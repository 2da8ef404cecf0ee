//! The example program's scenario, run by `cargo test`: the custom transport's temporary
//! failure is retried and the admin's test mail, rendered by the shipped templates, arrives.

#[tokio::test]
async fn the_test_mail_arrives_through_the_custom_transport_after_a_retry() {
    let delivered = frontdesk_example_custom_mailer::demo().await.expect("the demo runs");
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    let (to, subject) = &delivered[0];
    assert_eq!(to, "it@acme.example");
    assert!(!subject.is_empty(), "the shipped template gave a subject");
}
