//! Failed attempts, the audit trail and timestamp precision.

use frontdesk_access::{AuditAction, AuditEvent, AuditFilter, Profile};
use frontdesk_kernel::{AuditEventId, OrgId, Page, PageRequest, StaffUserId, Uuid};
use time::macros::{datetime, offset};
use time::{Duration, OffsetDateTime};

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

fn audit_event(
    org: Option<OrgId>,
    actor: Option<StaffUserId>,
    action: AuditAction,
    at: OffsetDateTime,
) -> AuditEvent {
    AuditEvent {
        id: AuditEventId::from_uuid(Uuid::now_v7()),
        org_id: org,
        actor,
        action,
        subject: Some(format!("subject-{}", random_suffix())),
        detail: format!("detail {}", random_suffix()),
        at,
    }
}

/// What a listing of `org` under `filter` must return: matching events, newest first by
/// time and then id.
fn expected(events: &[AuditEvent], org: OrgId, filter: &AuditFilter) -> Vec<AuditEvent> {
    let mut matching: Vec<AuditEvent> = events
        .iter()
        .filter(|event| event.org_id == Some(org) && filter.matches(event))
        .cloned()
        .collect();
    matching.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
    matching
}

async fn list_page(
    subject: &ContractSubject,
    org: OrgId,
    filter: &AuditFilter,
    after: Option<Uuid>,
    limit: u32,
) -> Page<AuditEvent> {
    subject
        .audit
        .list(org, filter, PageRequest::new(after, Some(limit)))
        .await
        .expect("list audit events")
}

/// Every page of the listing, walked with `limit`-sized pages.
async fn list_all(
    subject: &ContractSubject,
    org: OrgId,
    filter: &AuditFilter,
    limit: u32,
) -> Vec<AuditEvent> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = list_page(subject, org, filter, after, limit).await;
        assert!(
            page.items.len() <= limit as usize,
            "a page holds at most its limit"
        );
        all.extend(page.items);
        match page.next_after {
            Some(next) => {
                assert_eq!(
                    all.last().map(|event| event.id.as_uuid()),
                    Some(next),
                    "the cursor is the last item's id"
                );
                after = Some(next);
            }
            None => return all,
        }
    }
}

/// Audit reads: an organisation's events come back whole, newest first (by time exact to the
/// microsecond, then id), in pages; filters by actor, action and a half-open time window
/// combine; other organisations' events and events of no organisation never show.
pub async fn audit_log_reads(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let ada = staff_user(org.id, "ada@acme.test", &[Profile::Admin]);
    let bob = staff_user(org.id, "bob@acme.test", &[Profile::Agent]);
    insert_user(subject, &ada).await;
    insert_user(subject, &bob).await;
    // A whole second and instants around it: as RFC 3339 text `…:08Z` sorts after
    // `…:08.5Z`, so only an exact time order passes.
    let second = datetime!(2026-03-04 05:06:08 UTC);
    let shared = AuditAction::from_stored("share_link.created");
    let events = vec![
        audit_event(
            Some(org.id),
            Some(ada.id),
            AuditAction::SIGNED_IN,
            second + Duration::milliseconds(500),
        ),
        audit_event(Some(org.id), Some(bob.id), AuditAction::SIGNED_IN, second),
        audit_event(
            Some(org.id),
            Some(ada.id),
            AuditAction::STAFF_USER_CREATED,
            second - Duration::microseconds(1),
        ),
        audit_event(
            Some(org.id),
            Some(ada.id),
            shared.clone(),
            second + Duration::microseconds(1),
        ),
        // The same instant as the first: the later id comes first.
        audit_event(
            Some(org.id),
            None,
            AuditAction::SIGN_IN_FAILED,
            second + Duration::milliseconds(500),
        ),
        audit_event(
            Some(org.id),
            Some(bob.id),
            AuditAction::SIGNED_OUT,
            second + Duration::seconds(1),
        ),
        audit_event(Some(org.id), Some(ada.id), AuditAction::SIGNED_OUT, T0),
        audit_event(Some(other.id), Some(ada.id), AuditAction::SIGNED_IN, second),
        audit_event(None, Some(ada.id), AuditAction::SIGNED_IN, second),
    ];
    let mut uow = subject.begin().await;
    for event in &events {
        subject
            .audit
            .record(uow.as_mut(), event)
            .await
            .expect("record");
    }
    uow.commit().await.expect("commit");

    let everything = AuditFilter::default();
    let all = list_page(subject, org.id, &everything, None, 50).await;
    assert_eq!(
        all.items,
        expected(&events, org.id, &everything),
        "newest first, whole"
    );
    assert_eq!(all.items.len(), 7);
    assert_eq!(all.next_after, None, "one page holds them all");
    assert_eq!(
        all.items[3].action, shared,
        "a stored name reads back as itself"
    );
    for limit in [1, 2, 3] {
        assert_eq!(
            list_all(subject, org.id, &everything, limit).await,
            all.items,
            "pages of {limit} add up to the whole trail"
        );
    }

    let filters = [
        AuditFilter {
            actor: Some(ada.id),
            ..AuditFilter::default()
        },
        AuditFilter {
            action: Some("session.signed_in".to_owned()),
            ..AuditFilter::default()
        },
        AuditFilter {
            action: Some("share_link.created".to_owned()),
            ..AuditFilter::default()
        },
        AuditFilter {
            action: Some("no.such_action".to_owned()),
            ..AuditFilter::default()
        },
        AuditFilter {
            from: Some(second),
            ..AuditFilter::default()
        },
        AuditFilter {
            to: Some(second),
            ..AuditFilter::default()
        },
        AuditFilter {
            from: Some(second - Duration::microseconds(1)),
            to: Some(second + Duration::milliseconds(500)),
            ..AuditFilter::default()
        },
        AuditFilter {
            actor: Some(ada.id),
            action: Some("session.signed_out".to_owned()),
            from: Some(T0),
            to: Some(second + Duration::seconds(2)),
        },
    ];
    for filter in &filters {
        let want = expected(&events, org.id, filter);
        assert_eq!(
            list_all(subject, org.id, filter, 2).await,
            want,
            "filter {filter:?}"
        );
    }
    assert_eq!(
        list_all(subject, org.id, &filters[4], 50)
            .await
            .last()
            .map(|e| e.at),
        Some(second),
        "from is included"
    );
    assert!(
        list_all(subject, org.id, &filters[5], 50)
            .await
            .iter()
            .all(|event| event.at < second),
        "to is excluded"
    );

    let theirs = list_page(subject, other.id, &everything, None, 50).await;
    assert_eq!(theirs.items, expected(&events, other.id, &everything));
    assert_eq!(
        theirs.items.len(),
        1,
        "another organisation sees only its own"
    );
    let ours = all.items[0].id.as_uuid();
    assert!(
        list_page(subject, other.id, &everything, Some(ours), 50)
            .await
            .items
            .is_empty(),
        "another organisation's event is no cursor"
    );
    assert!(
        list_page(subject, org.id, &everything, Some(Uuid::now_v7()), 50)
            .await
            .items
            .is_empty(),
        "an unknown cursor gives an empty page"
    );
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
