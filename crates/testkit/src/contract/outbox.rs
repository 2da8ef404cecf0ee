//! The mail outbox: claims and leases, recipient counts, transactional enqueueing and
//! exclusive claims under concurrency. The helpers here are shared with the dead-letter
//! checks.

use std::collections::HashMap;

use frontdesk_kernel::{EmailAddress, Language, MessageId, OrgId, PersonName, Uuid};
use frontdesk_messaging::{ClaimedMessage, OutboundMessage, TemplateKind};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use crate::contract::ContractSubject;
use crate::contract::fixtures::{T0, insert_org, random_suffix};

/// Far enough ahead that every message in the store is due.
pub(super) const FAR_FUTURE: OffsetDateTime = datetime!(9000-01-01 0:00 UTC);

/// Claims every due message in the store and marks it sent, so the outbox checks that follow
/// see only their own messages.
pub(super) async fn drain_outbox(subject: &ContractSubject) {
    loop {
        let claimed = subject
            .outbox
            .claim(
                "contract-janitor",
                FAR_FUTURE,
                FAR_FUTURE + Duration::hours(1),
                500,
            )
            .await
            .expect("claim");
        if claimed.is_empty() {
            return;
        }
        for claim in claimed {
            subject
                .outbox
                .mark_sent(claim.message.id, "contract-janitor", FAR_FUTURE)
                .await
                .expect("mark sent");
        }
    }
}

/// A message with every optional part set, enqueued at `created_at`.
pub(super) fn outbound(
    org: OrgId,
    to: &str,
    kind: TemplateKind,
    created_at: OffsetDateTime,
) -> OutboundMessage {
    OutboundMessage {
        id: MessageId::from_uuid(Uuid::now_v7()),
        org_id: org,
        to: EmailAddress::parse(to).expect("valid email"),
        to_name: Some(PersonName::parse("Jane Doe").expect("valid name")),
        kind,
        language: Language::Fr,
        data: serde_json::json!({
            "case_url": "https://desk.acme.test/g/fdg_x",
            "count": 3,
            "nested": {"list": [1, "two", null, true]},
            "quote": "l'\u{e9}t\u{e9} \"chaud\" <b>",
        }),
        unsubscribe_url: Some("https://desk.acme.test/u/fdu_x".to_owned()),
        created_at,
    }
}

pub(super) async fn enqueue_all(subject: &ContractSubject, messages: &[&OutboundMessage]) {
    let mut uow = subject.begin().await;
    for message in messages {
        subject
            .outbox
            .enqueue(uow.as_mut(), message)
            .await
            .expect("enqueue");
    }
    uow.commit().await.expect("commit");
}

pub(super) async fn claim(
    subject: &ContractSubject,
    worker: &str,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: u32,
) -> Vec<ClaimedMessage> {
    subject
        .outbox
        .claim(worker, now, lease_until, limit)
        .await
        .expect("claim")
}

pub(super) fn ids(claimed: &[ClaimedMessage]) -> Vec<(MessageId, u32)> {
    claimed
        .iter()
        .map(|claim| (claim.message.id, claim.attempt))
        .collect()
}

/// Outbox: claims honour availability and leases, an expired lease is re-claimable with the
/// next attempt, only the lease holder can mark a message sent, oldest messages go first.
pub async fn outbox_claims_and_leases(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let to = format!("lease-{}@acme.test", random_suffix());
    let early = outbound(org.id, &to, TemplateKind::PasswordReset, T0);
    let mut minimal = outbound(org.id, &to, TemplateKind::Test, T0 + Duration::minutes(8));
    minimal.to_name = None;
    minimal.unsubscribe_url = None;
    minimal.language = Language::En;
    minimal.data = serde_json::json!({});
    let late = outbound(
        org.id,
        &to,
        TemplateKind::CaseNotification,
        T0 + Duration::minutes(10),
    );
    enqueue_all(subject, &[&late, &early, &minimal]).await;

    let first = claim(
        subject,
        "w1",
        T0 + Duration::minutes(1),
        T0 + Duration::minutes(6),
        10,
    )
    .await;
    assert_eq!(
        first,
        vec![ClaimedMessage {
            message: early.clone(),
            attempt: 1
        }],
        "only the message already available is claimed, exactly as enqueued"
    );
    assert!(
        claim(
            subject,
            "w2",
            T0 + Duration::minutes(2),
            T0 + Duration::minutes(7),
            10
        )
        .await
        .is_empty(),
        "a leased message is not claimed again before its lease ends"
    );
    let reclaimed = claim(
        subject,
        "w2",
        T0 + Duration::minutes(7),
        T0 + Duration::minutes(12),
        10,
    )
    .await;
    assert_eq!(
        ids(&reclaimed),
        vec![(early.id, 2)],
        "after the lease ends the message is claimable again, as attempt 2"
    );
    assert!(
        !subject
            .outbox
            .mark_sent(early.id, "w1", T0 + Duration::minutes(8))
            .await
            .expect("mark sent"),
        "a worker that lost its lease cannot mark the message sent"
    );
    assert!(
        subject
            .outbox
            .mark_sent(early.id, "w2", T0 + Duration::minutes(8))
            .await
            .expect("mark sent")
    );
    assert!(
        !subject
            .outbox
            .mark_sent(early.id, "w2", T0 + Duration::minutes(8))
            .await
            .expect("mark sent"),
        "a sent message is not sent twice"
    );

    let now = T0 + Duration::minutes(11);
    let lease = T0 + Duration::minutes(20);
    let oldest = claim(subject, "w3", now, lease, 1).await;
    assert_eq!(
        oldest,
        vec![ClaimedMessage {
            message: minimal.clone(),
            attempt: 1
        }],
        "the limit is honoured, oldest first; absent optional parts stay absent"
    );
    let rest = claim(subject, "w3", now, lease, 10).await;
    assert_eq!(ids(&rest), vec![(late.id, 1)]);
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[minimal.id, late.id, early.id], "w4", now)
            .await
            .expect("mark sent"),
        0,
        "another worker marks none of them"
    );
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[minimal.id, late.id, early.id], "w3", now)
            .await
            .expect("mark sent"),
        2,
        "the lease holder marks its two; the one already sent stays as it was"
    );
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[minimal.id, late.id], "w3", now)
            .await
            .expect("mark sent"),
        0,
        "a sent message is not sent twice"
    );
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[], "w3", now)
            .await
            .expect("mark sent"),
        0
    );
    assert!(
        claim(subject, "w4", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty(),
        "sent messages are never claimed again"
    );
    assert!(
        claim(subject, "w4", FAR_FUTURE, FAR_FUTURE, 0)
            .await
            .is_empty()
    );
}

/// Outbox: recent messages are counted per organisation and normalised recipient, strictly
/// after `since`, of one kind when asked; another organisation's mail to the same address
/// never counts.
pub async fn outbox_counts_recent_messages(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let suffix = random_suffix();
    let to = format!("Count-{suffix}@Acme.TEST");
    let lookup = EmailAddress::parse(&format!("count-{suffix}@acme.test")).expect("email");
    let elsewhere = EmailAddress::parse(&format!("else-{suffix}@acme.test")).expect("email");
    let reset = TemplateKind::PasswordReset;
    let messages = [
        outbound(org.id, &to, reset, T0),
        outbound(org.id, &to, reset, T0 + Duration::microseconds(1)),
        outbound(org.id, &to, TemplateKind::Test, T0 + Duration::minutes(2)),
        outbound(org.id, elsewhere.as_str(), reset, T0),
        outbound(other.id, &to, reset, T0),
        outbound(other.id, &to, TemplateKind::Test, T0),
    ];
    enqueue_all(subject, &messages.iter().collect::<Vec<_>>()).await;
    let count = |to: &EmailAddress, kind: Option<TemplateKind>, since: OffsetDateTime| {
        let to = to.clone();
        async move {
            subject
                .outbox
                .count_recent(org.id, &to, kind, since)
                .await
                .expect("count recent")
        }
    };
    let before = T0 - Duration::seconds(1);
    assert_eq!(
        count(&lookup, None, before).await,
        3,
        "addresses compare normalised"
    );
    assert_eq!(count(&lookup, Some(reset), before).await, 2);
    assert_eq!(count(&lookup, Some(TemplateKind::Test), before).await, 1);
    assert_eq!(
        count(&lookup, Some(TemplateKind::Activation), before).await,
        0
    );
    assert_eq!(
        count(&lookup, Some(reset), T0).await,
        1,
        "the window starts strictly after since, to the microsecond"
    );
    assert_eq!(count(&lookup, None, T0 + Duration::minutes(2)).await, 0);
    assert_eq!(count(&elsewhere, None, before).await, 1);
    assert_eq!(
        subject
            .outbox
            .count_recent(other.id, &lookup, None, before)
            .await
            .expect("count recent"),
        2,
        "each organisation counts its own mail only"
    );
    let mut uow = subject.begin().await;
    for (kind, kind_since, all_since, expected) in [
        (reset, before, before, (2, 3)),
        (reset, T0, before, (1, 3)),
        (TemplateKind::Test, before, T0, (1, 2)),
        (
            TemplateKind::Activation,
            before,
            T0 + Duration::minutes(2),
            (0, 0),
        ),
        (
            reset,
            T0 + Duration::minutes(1),
            T0 - Duration::days(1),
            (0, 3),
        ),
    ] {
        let counts = subject
            .outbox
            .recent_counts_in(uow.as_mut(), org.id, &lookup, kind, kind_since, all_since)
            .await
            .expect("recent counts");
        assert_eq!(
            (counts.of_kind, counts.all),
            expected,
            "{kind:?} since {kind_since}, all since {all_since}"
        );
    }
    drop(uow);
    drain_outbox(subject).await;
    assert_eq!(
        count(&lookup, None, before).await,
        3,
        "sent messages still count"
    );
}

/// The outbox takes part in the caller's unit of work: a message enqueued in work that was
/// never committed does not exist. Real databases only: the fakes apply writes at once.
pub async fn outbox_enqueue_is_transactional(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let to = format!("tx-{}@acme.test", random_suffix());
    let message = outbound(org.id, &to, TemplateKind::Test, T0);
    let lookup = message.to.clone();
    let mut uow = subject.begin().await;
    subject
        .outbox
        .enqueue(uow.as_mut(), &message)
        .await
        .expect("enqueue");
    drop(uow);
    assert_eq!(
        subject
            .outbox
            .count_recent(org.id, &lookup, None, T0 - Duration::days(1))
            .await
            .expect("count"),
        0,
        "a rolled-back message does not exist"
    );
    assert!(
        claim(subject, "w", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty()
    );
    enqueue_all(subject, &[&message]).await;
    assert_eq!(
        subject
            .outbox
            .count_recent(org.id, &lookup, None, T0 - Duration::days(1))
            .await
            .expect("count"),
        1
    );
    let claimed = claim(subject, "w", T0, FAR_FUTURE, 10).await;
    assert_eq!(ids(&claimed), vec![(message.id, 1)]);
    assert!(
        subject
            .outbox
            .mark_sent(message.id, "w", T0)
            .await
            .expect("mark sent")
    );
}

/// Outbox under concurrency: `workers` tasks loop claiming `batch` messages and marking them
/// sent until none are left; every one of `messages` messages is claimed exactly once.
/// Needs a multi-threaded runtime to be a real test.
pub async fn outbox_claims_are_exclusive_under_concurrency(
    subject: &ContractSubject,
    messages: usize,
    workers: usize,
    batch: u32,
) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let base = T0 + Duration::days(1);
    let all: Vec<OutboundMessage> = (0..messages)
        .map(|n| {
            let offset = i64::try_from(n).expect("small count");
            outbound(
                org.id,
                &format!("load{n}@acme.test"),
                TemplateKind::Test,
                base + Duration::microseconds(offset),
            )
        })
        .collect();
    for chunk in all.chunks(50) {
        enqueue_all(subject, &chunk.iter().collect::<Vec<_>>()).await;
    }
    let now = base + Duration::hours(1);
    let tasks: Vec<_> = (0..workers)
        .map(|n| {
            let outbox = subject.outbox.clone();
            async move {
                let worker = format!("worker-{n}");
                let mut claimed = Vec::new();
                loop {
                    let batch = outbox
                        .claim(&worker, now, FAR_FUTURE, batch)
                        .await
                        .expect("claim");
                    if batch.is_empty() {
                        return claimed;
                    }
                    for claim in batch {
                        assert_eq!(claim.attempt, 1, "no message is attempted twice");
                        assert!(
                            outbox
                                .mark_sent(claim.message.id, &worker, now)
                                .await
                                .expect("mark sent"),
                            "the claiming worker holds the lease"
                        );
                        claimed.push(claim.message.id);
                    }
                }
            }
        })
        .collect();
    // The workers' futures run concurrently (interleaving at every await on the store).
    let mut claims: HashMap<MessageId, usize> = HashMap::new();
    for claimed in futures::future::join_all(tasks).await {
        for id in claimed {
            *claims.entry(id).or_default() += 1;
        }
    }
    assert_eq!(claims.len(), messages, "every message was claimed");
    assert!(
        claims.values().all(|n| *n == 1),
        "no message was claimed twice"
    );
    assert!(all.iter().all(|message| claims.contains_key(&message.id)));
    assert!(
        claim(subject, "late", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty(),
        "everything was sent"
    );
}
