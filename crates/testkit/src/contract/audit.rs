//! Failed attempts, the audit trail and timestamp precision.

use frontdesk_access::{AuditAction, AuditEvent, Profile};
use frontdesk_kernel::{AuditEventId, Uuid};
use time::Duration;
use time::macros::{datetime, offset};

use crate::contract::ContractSubject;
use crate::contract::fixtures::{
    T0, insert_org, insert_org_and_user, insert_user, random_suffix, staff_user,
};

/// Failed attempts: record, count within a window (strictly after `since`), clear.
pub async fn attempts(subject: &ContractSubject) {
    let key = format!("account:{}", random_suffix());
    let other = format!("ip:{}", random_suffix());
    let times = [
        T0,
        T0 + Duration::microseconds(500_000),
        T0 + Duration::seconds(1),
        T0 + Duration::seconds(1) + Duration::microseconds(1),
        T0 + Duration::minutes(5),
    ];
    for at in times.iter().rev() {
        subject
            .attempts
            .record_failure(&key, *at)
            .await
            .expect("record");
    }
    subject
        .attempts
        .record_failure(&other, T0)
        .await
        .expect("record");

    let all = subject
        .attempts
        .failures_since(&key, T0 - Duration::seconds(1))
        .await
        .expect("since");
    assert_eq!(all, times.to_vec(), "failures come back oldest first");
    let after_first = subject
        .attempts
        .failures_since(&key, T0)
        .await
        .expect("since");
    assert_eq!(
        after_first,
        times[1..].to_vec(),
        "the window starts strictly after since"
    );
    let sub_second = subject
        .attempts
        .failures_since(&key, T0 + Duration::microseconds(499_999))
        .await
        .expect("since");
    assert_eq!(
        sub_second,
        times[1..].to_vec(),
        "the window is exact to the microsecond"
    );
    let after_second = subject
        .attempts
        .failures_since(&key, T0 + Duration::seconds(1))
        .await
        .expect("since");
    assert_eq!(after_second, times[3..].to_vec());
    assert!(
        subject
            .attempts
            .failures_since(&key, T0 + Duration::hours(1))
            .await
            .expect("since")
            .is_empty()
    );

    subject.attempts.clear(&key).await.expect("clear");
    assert!(
        subject
            .attempts
            .failures_since(&key, T0 - Duration::days(1))
            .await
            .expect("since")
            .is_empty()
    );
    assert_eq!(
        subject
            .attempts
            .failures_since(&other, T0 - Duration::days(1))
            .await
            .expect("since"),
        vec![T0],
        "clearing one key leaves the others"
    );
}

/// Audit: events are accepted inside a unit of work, with and without optional parts.
pub async fn audit(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let full = AuditEvent {
        id: AuditEventId::from_uuid(Uuid::now_v7()),
        org_id: Some(org.id),
        actor: Some(user.id),
        action: AuditAction::STAFF_USER_CHANGED,
        subject: Some(user.id.to_string()),
        detail: "profiles=admin".into(),
        at: T0,
    };
    let bare = AuditEvent {
        id: AuditEventId::from_uuid(Uuid::now_v7()),
        org_id: None,
        actor: None,
        action: AuditAction::SIGN_IN_FAILED,
        subject: None,
        detail: String::new(),
        at: T0,
    };
    let mut uow = subject.begin().await;
    subject
        .audit
        .record(uow.as_mut(), &full)
        .await
        .expect("record");
    subject
        .audit
        .record(uow.as_mut(), &bare)
        .await
        .expect("record");
    uow.commit().await.expect("commit");
}

/// Timestamps come back exactly, to the microsecond, whatever offset they were written in.
pub async fn timestamps_round_trip(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let instants = [
        datetime!(2026-01-01 0:00 UTC),
        datetime!(2026-07-15 23:59:59.999999 UTC),
        datetime!(1999-12-31 23:59:59.000001 UTC),
        datetime!(2026-03-29 01:30:00.5 UTC),
        datetime!(2026-06-01 12:00:00.25 +02:00),
        datetime!(2026-06-01 12:00:00.000010 -05:30),
    ];
    for at in instants {
        let mut user = staff_user(
            org.id,
            &format!("t{}@acme.test", random_suffix()),
            &[Profile::Agent],
        );
        user.created_at = at;
        user.updated_at = at.to_offset(offset!(+9));
        insert_user(subject, &user).await;
        let stored = subject
            .staff
            .find(org.id, user.id)
            .await
            .expect("find")
            .expect("user");
        assert_eq!(stored.created_at, at, "{at} round-trips");
        assert_eq!(stored.updated_at, at, "{at} round-trips");
    }
}
