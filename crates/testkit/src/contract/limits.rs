//! Limits that hold under races: the throttle's check-and-record and the outbox's
//! per-recipient count are atomic, so 32 parallel callers never all pass.

use frontdesk_access::{AttemptCheck, ThrottlePolicy};
use frontdesk_messaging::TemplateKind;
use time::Duration;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{T0, insert_org, random_suffix};
use crate::contract::outbox::outbound;

/// Parallel callers of each check.
const RACERS: usize = 32;

/// Failed attempts: 32 parallel `try_record` calls for one key under a limit of 5 record
/// exactly 5 attempts and refuse the rest with a wait; a withdrawn attempt frees its place;
/// another key is not affected.
pub async fn attempts_are_checked_and_recorded_atomically(subject: &ContractSubject) {
    let key = format!("race:{}", random_suffix());
    let other = format!("race-other:{}", random_suffix());
    let policy = ThrottlePolicy {
        max_failures: 5,
        window: Duration::minutes(15),
    };
    let at = |i: usize| T0 + Duration::milliseconds(i64::try_from(i).expect("small"));
    let checks = futures::future::join_all(
        (0..RACERS).map(|i| subject.attempts.try_record(&key, policy, at(i))),
    )
    .await;
    let recorded = checks
        .iter()
        .filter(|check| matches!(check, Ok(AttemptCheck::Recorded)))
        .count();
    assert_eq!(recorded, 5, "exactly the limit passes: {checks:?}");
    assert!(
        checks.iter().all(|check| matches!(
            check,
            Ok(AttemptCheck::Recorded | AttemptCheck::Refused { .. })
        )),
        "{checks:?}"
    );
    let stored = subject
        .attempts
        .failures_since(&key, T0 - Duration::seconds(1))
        .await
        .expect("since");
    assert_eq!(stored.len(), 5, "a refusal records nothing");
    let later = T0 + Duration::seconds(5);
    assert!(matches!(
        subject.attempts.try_record(&key, policy, later).await,
        Ok(AttemptCheck::Refused {
            retry_after_seconds: 1..=900
        })
    ));
    subject
        .attempts
        .withdraw(&key, stored[0])
        .await
        .expect("withdraw");
    assert_eq!(
        subject
            .attempts
            .try_record(&key, policy, later)
            .await
            .expect("try"),
        AttemptCheck::Recorded,
        "a withdrawn attempt frees its place"
    );
    assert_eq!(
        subject
            .attempts
            .failures_since(&key, T0 - Duration::seconds(1))
            .await
            .expect("since")
            .len(),
        5
    );
    assert_eq!(
        subject
            .attempts
            .try_record(&other, policy, later)
            .await
            .expect("try"),
        AttemptCheck::Recorded,
        "keys are counted apart"
    );
    assert!(
        matches!(
            subject
                .attempts
                .try_record(&key, policy, later + policy.window)
                .await,
            Ok(AttemptCheck::Recorded)
        ),
        "the window slides"
    );
    subject.attempts.clear(&key).await.expect("clear");
    subject.attempts.clear(&other).await.expect("clear");
}

/// Outbox: 32 parallel units of work that each count a recipient's recent mail of one kind
/// and queue one only when there is none end with exactly one queued; the same recipient
/// in another organisation is counted apart.
pub async fn recipient_counts_serialise_parallel_units(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let to = format!("race-{}@acme.test", random_suffix());
    let kind = TemplateKind::PasswordReset;
    let one = |org_id| {
        let message = outbound(org_id, &to, kind, T0);
        async move {
            let mut uow = subject.begin().await;
            let counts = subject
                .outbox
                .recent_counts_in(
                    uow.as_mut(),
                    org_id,
                    &message.to,
                    kind,
                    T0 - Duration::minutes(1),
                    T0 - Duration::hours(1),
                )
                .await
                .expect("count");
            if counts.of_kind > 0 {
                return false;
            }
            subject
                .outbox
                .enqueue(uow.as_mut(), &message)
                .await
                .expect("enqueue");
            uow.commit().await.expect("commit");
            true
        }
    };
    let queued = futures::future::join_all(
        (0..RACERS).map(|i| one(if i % 2 == 0 { org.id } else { other.id })),
    )
    .await;
    assert_eq!(
        queued.iter().filter(|queued| **queued).count(),
        2,
        "one per organisation, however many raced"
    );
    for org_id in [org.id, other.id] {
        let lookup = outbound(org_id, &to, kind, T0).to;
        assert_eq!(
            subject
                .outbox
                .count_recent(org_id, &lookup, Some(kind), T0 - Duration::minutes(1))
                .await
                .expect("count"),
            1
        );
    }
}
