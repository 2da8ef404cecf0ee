//! The per-recipient mail limits against a model, with a fake clock: random mails of every
//! kind to two recipients, with waits. A mail is refused exactly when the recipient got a
//! mail of the same kind in the last minute or 30 mails of any kind in the last hour; a
//! refused mail is not queued, and one recipient's mail never counts against the other.

use std::sync::Arc;

use frontdesk_kernel::{Clock, EmailAddress, Language, TransactionRunner, UuidV7Generator};
use frontdesk_messaging::{
    EnqueueError, MessagingPorts, MessagingService, NewMail, RecipientLimits, TemplateKind,
};
use frontdesk_testkit::{BlankTemplateEngine, SharingHost};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

const KINDS: [TemplateKind; TemplateKind::ALL.len()] = TemplateKind::ALL;

#[derive(Debug, Clone)]
enum Op {
    Send { to: usize, kind: usize },
    Wait { seconds: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        // Mostly one recipient and every kind, so the hourly limit (30) is reached as well as
        // the per-kind one (one a minute).
        10 => (prop_oneof![9 => Just(0usize), 1 => Just(1)], 0..KINDS.len()).prop_map(|(to, kind)| Op::Send { to, kind }),
        3 => (1i64..=40).prop_map(|seconds| Op::Wait { seconds }),
        1 => (600i64..=4_000).prop_map(|seconds| Op::Wait { seconds }),
    ]
}

async fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let host = SharingHost::new().await.expect("host");
    let store = Arc::new(host.store.clone());
    let messaging = MessagingService::new(
        MessagingPorts {
            transactions: store.clone(),
            outbox: store.clone(),
            templates: store.clone(),
            engine: Arc::new(BlankTemplateEngine),
            organisations: store.clone(),
            clock: host.clock.clone(),
            ids: Arc::new(UuidV7Generator),
        },
        RecipientLimits::default(),
    );
    let recipients = [
        EmailAddress::parse("ada@example.org").expect("address"),
        EmailAddress::parse("grace@example.org").expect("address"),
    ];
    // Per recipient, the mails queued: (kind index, when).
    let mut sent: [Vec<(usize, OffsetDateTime)>; 2] = [Vec::new(), Vec::new()];
    for op in ops {
        match op {
            Op::Wait { seconds } => host.clock.advance(Duration::seconds(seconds)),
            Op::Send { to, kind } => {
                let now = host.clock.now();
                let same_kind = sent[to]
                    .iter()
                    .any(|(k, at)| *k == kind && *at > now - Duration::seconds(60));
                let last_hour = sent[to]
                    .iter()
                    .filter(|(_, at)| *at > now - Duration::HOUR)
                    .count();
                let refused = same_kind || last_hour >= 30;
                let mut uow = store.begin().await.expect("unit of work");
                let result = messaging
                    .enqueue(
                        uow.as_mut(),
                        NewMail {
                            org_id: host.org,
                            to: recipients[to].clone(),
                            to_name: None,
                            kind: KINDS[kind],
                            language: Language::En,
                            data: serde_json::json!({}),
                            unsubscribe_url: None,
                        },
                    )
                    .await;
                uow.commit().await.expect("commit");
                match (&result, refused) {
                    (Ok(_), false) => sent[to].push((kind, now)),
                    (
                        Err(EnqueueError::RecipientLimited {
                            retry_after_seconds,
                        }),
                        true,
                    ) => {
                        prop_assert!(*retry_after_seconds == 60 || *retry_after_seconds == 3_600);
                    }
                    (other, refused) => {
                        return Err(TestCaseError::fail(format!(
                            "mail {kind} to {to}, refused by the model {refused}: {other:?}"
                        )));
                    }
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn recipient_limits_agree_with_the_model(ops in prop::collection::vec(op(), 1..240)) {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(run(ops))?;
    }
}
