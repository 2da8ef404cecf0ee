//! The mail outbox: failures, retries, dead letters and requeueing, and the per-organisation
//! summary of what waits and what died.

use frontdesk_kernel::{OrgId, PageRequest};
use frontdesk_messaging::{OutboxSummary, TemplateKind};
use time::Duration;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{T0, insert_org, random_suffix};
use crate::contract::outbox::{FAR_FUTURE, claim, drain_outbox, enqueue_all, ids, outbound};

/// Outbox: failures retry later or die; dead messages are listed per organisation in pages
/// and can be requeued with a fresh attempt count.
pub async fn outbox_failures_and_dead_letters(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let to = format!("dead-{}@acme.test", random_suffix());
    let one = outbound(org.id, &to, TemplateKind::Activation, T0);
    let two = outbound(org.id, &to, TemplateKind::Invitation, T0);
    let three = outbound(other.id, &to, TemplateKind::ShareLink, T0);
    enqueue_all(subject, &[&one, &two, &three]).await;
    let lease = T0 + Duration::hours(2);
    let claimed = claim(subject, "w", T0 + Duration::seconds(1), lease, 10).await;
    assert_eq!(claimed.len(), 3);

    assert!(
        !subject
            .outbox
            .mark_failed(one.id, "intruder", "nope", None)
            .await
            .expect("mark failed"),
        "only the lease holder records a failure"
    );
    let retry_at = T0 + Duration::hours(1);
    assert!(
        subject
            .outbox
            .mark_failed(one.id, "w", "connection timed out", Some(retry_at))
            .await
            .expect("mark failed")
    );
    assert!(
        !subject
            .outbox
            .mark_failed(one.id, "w", "again", Some(retry_at))
            .await
            .expect("mark failed"),
        "a message no longer leased cannot fail again"
    );
    assert!(
        claim(
            subject,
            "w",
            retry_at - Duration::microseconds(1),
            lease,
            10
        )
        .await
        .is_empty(),
        "a retry waits for its time"
    );
    let retried = claim(subject, "w", retry_at, lease, 10).await;
    assert_eq!(ids(&retried), vec![(one.id, 2)], "retries count attempts");

    let long_error = "\u{e9}".repeat(1_500);
    for (message, error) in [
        (&one, long_error.as_str()),
        (&two, "550 mailbox unavailable"),
        (&three, "550 no such user"),
    ] {
        assert!(
            subject
                .outbox
                .mark_failed(message.id, "w", error, None)
                .await
                .expect("mark failed")
        );
    }
    assert!(
        claim(subject, "w", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty(),
        "dead messages are never claimed"
    );

    let mut ours = [one.clone(), two.clone()];
    ours.sort_by_key(|message| message.id);
    let first = subject
        .outbox
        .list_dead(org.id, PageRequest::new(None, Some(1)))
        .await
        .expect("list dead");
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].message, ours[0]);
    assert_eq!(first.next_after, Some(ours[0].id.as_uuid()));
    let second = subject
        .outbox
        .list_dead(org.id, PageRequest::new(first.next_after, Some(1)))
        .await
        .expect("list dead");
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].message, ours[1]);
    assert_eq!(second.next_after, None);
    let all = subject
        .outbox
        .list_dead(org.id, PageRequest::new(None, Some(10)))
        .await
        .expect("list dead");
    let dead_one = all
        .items
        .iter()
        .find(|dead| dead.message.id == one.id)
        .expect("dead message listed");
    assert_eq!(dead_one.attempts, 2);
    assert_eq!(
        dead_one.last_error.as_deref().map(|e| e.chars().count()),
        Some(1_000),
        "long errors are cut to 1000 characters"
    );
    let dead_two = all
        .items
        .iter()
        .find(|dead| dead.message.id == two.id)
        .expect("dead message listed");
    assert_eq!(dead_two.attempts, 1);
    assert_eq!(
        dead_two.last_error.as_deref(),
        Some("550 mailbox unavailable")
    );
    let theirs = subject
        .outbox
        .list_dead(other.id, PageRequest::new(None, Some(10)))
        .await
        .expect("list dead");
    assert_eq!(
        theirs
            .items
            .iter()
            .map(|dead| dead.message.id)
            .collect::<Vec<_>>(),
        vec![three.id],
        "dead messages are listed per organisation"
    );

    let requeue_at = T0 + Duration::hours(3);
    assert!(
        !subject
            .outbox
            .requeue_dead(other.id, one.id, requeue_at)
            .await
            .expect("requeue"),
        "another organisation cannot requeue the message"
    );
    assert!(
        subject
            .outbox
            .requeue_dead(org.id, one.id, requeue_at)
            .await
            .expect("requeue")
    );
    assert!(
        !subject
            .outbox
            .requeue_dead(org.id, one.id, requeue_at)
            .await
            .expect("requeue"),
        "only dead messages are requeued"
    );
    let remaining = subject
        .outbox
        .list_dead(org.id, PageRequest::new(None, Some(10)))
        .await
        .expect("list dead");
    assert_eq!(
        remaining
            .items
            .iter()
            .map(|dead| dead.message.id)
            .collect::<Vec<_>>(),
        vec![two.id]
    );
    assert!(
        claim(
            subject,
            "w",
            requeue_at - Duration::microseconds(1),
            FAR_FUTURE,
            10
        )
        .await
        .is_empty()
    );
    let again = claim(subject, "w", requeue_at, FAR_FUTURE, 10).await;
    assert_eq!(
        ids(&again),
        vec![(one.id, 1)],
        "a requeued message starts counting attempts afresh"
    );
    assert!(
        subject
            .outbox
            .mark_sent(one.id, "w", requeue_at)
            .await
            .expect("mark sent")
    );
}

/// Outbox summary: per organisation, pending and sending messages are waiting, dead ones are
/// dead, sent ones are neither; requeueing moves a message back to waiting.
pub async fn outbox_summary(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let quiet = insert_org(subject).await;
    let to = format!("summary-{}@acme.test", random_suffix());
    let summary = |org: OrgId| {
        let outbox = subject.outbox.clone();
        async move { outbox.summary(org).await.expect("summary") }
    };
    let sent = outbound(org.id, &to, TemplateKind::Activation, T0);
    let dead = outbound(org.id, &to, TemplateKind::Invitation, T0);
    let sending = outbound(org.id, &to, TemplateKind::ShareLink, T0);
    let retrying = outbound(org.id, &to, TemplateKind::PasswordReset, T0);
    let later = outbound(org.id, &to, TemplateKind::Test, T0 + Duration::hours(1));
    let their_retry = outbound(other.id, &to, TemplateKind::Activation, T0);
    let their_dead = outbound(other.id, &to, TemplateKind::Invitation, T0);
    enqueue_all(
        subject,
        &[
            &sent,
            &dead,
            &sending,
            &retrying,
            &later,
            &their_retry,
            &their_dead,
        ],
    )
    .await;
    assert_eq!(
        summary(org.id).await,
        OutboxSummary {
            waiting: 5,
            dead: 0
        }
    );
    assert_eq!(summary(quiet.id).await, OutboxSummary::default());

    let lease = T0 + Duration::hours(2);
    let claimed = claim(subject, "w", T0 + Duration::seconds(1), lease, 10).await;
    assert_eq!(claimed.len(), 6, "all but the later message are due");
    assert!(
        subject
            .outbox
            .mark_sent(sent.id, "w", T0 + Duration::seconds(2))
            .await
            .expect("mark sent")
    );
    for (message, retry_at) in [
        (&dead, None),
        (&retrying, Some(T0 + Duration::minutes(5))),
        (&their_retry, Some(T0 + Duration::minutes(5))),
        (&their_dead, None),
    ] {
        assert!(
            subject
                .outbox
                .mark_failed(message.id, "w", "421 try later", retry_at)
                .await
                .expect("mark failed")
        );
    }
    assert_eq!(
        summary(org.id).await,
        OutboxSummary {
            waiting: 3,
            dead: 1
        },
        "sending, retrying and later wait; sent is gone"
    );
    assert_eq!(
        summary(other.id).await,
        OutboxSummary {
            waiting: 1,
            dead: 1
        },
        "per organisation"
    );

    assert!(
        subject
            .outbox
            .requeue_dead(org.id, dead.id, T0 + Duration::hours(3))
            .await
            .expect("requeue")
    );
    assert_eq!(
        summary(org.id).await,
        OutboxSummary {
            waiting: 4,
            dead: 0
        }
    );
    drain_outbox(subject).await;
}
