//! The dashboard's counts of cases.

use frontdesk_cases::{CaseStatus, DayCount, FormCount, Priority};
use time::Duration;
use time::macros::datetime;

use crate::contract::cases::overview::{Spec, insert_spec};
use crate::contract::cases::{CasesContractSubject, cases_org, insert_form};

/// The dashboard's counts: by status, by form for some statuses, and per UTC day from an
/// instant on (a case created at 00:00:00 counts for that day); never another
/// organisation's cases.
pub async fn cases_statistics(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let support = insert_form(subject, org.id, "support").await;
    let billing = insert_form(subject, org.id, "billing").await;
    let quiet = insert_form(subject, org.id, "quiet").await;
    let elsewhere = insert_form(subject, other.id, "support").await;
    let at = |status, created_at| Spec {
        title: "A case",
        status,
        priority: Priority::Normal,
        created_at,
    };
    let day = datetime!(2026-05-10 00:00 UTC);
    for (form, status, created_at) in [
        (support.id, CaseStatus::New, day - Duration::hours(36)),
        (support.id, CaseStatus::New, day - Duration::hours(12)),
        (
            support.id,
            CaseStatus::Pending,
            day - Duration::microseconds(1),
        ),
        (billing.id, CaseStatus::Open, day),
        (billing.id, CaseStatus::Closed, day + Duration::hours(23)),
        (quiet.id, CaseStatus::Resolved, day + Duration::hours(24)),
    ] {
        insert_spec(subject, org.id, form, at(status, created_at)).await;
    }
    for _ in 0..3 {
        insert_spec(subject, other.id, elsewhere.id, at(CaseStatus::New, day)).await;
    }

    assert_eq!(
        subject
            .overview
            .count_by_status(org.id)
            .await
            .expect("by status"),
        vec![
            (CaseStatus::New, 2),
            (CaseStatus::Open, 1),
            (CaseStatus::Pending, 1),
            (CaseStatus::Resolved, 1),
            (CaseStatus::Closed, 1),
        ]
    );
    let count = |form: &frontdesk_cases::Form, open| FormCount {
        form_id: form.id,
        form_slug: form.slug.as_str().to_owned(),
        form_name: form.name.clone(),
        open,
    };
    assert_eq!(
        subject
            .overview
            .count_by_form(org.id, &CaseStatus::OPEN)
            .await
            .expect("by form"),
        vec![count(&support, 3), count(&billing, 1)],
        "most first; forms without such cases left out"
    );
    assert!(
        subject
            .overview
            .count_by_form(org.id, &[])
            .await
            .expect("by form")
            .is_empty()
    );
    assert_eq!(
        subject
            .overview
            .count_created_per_day(org.id, day - Duration::hours(12))
            .await
            .expect("per day"),
        vec![
            DayCount {
                day: datetime!(2026-05-09 0:00 UTC).date(),
                created: 2
            },
            DayCount {
                day: datetime!(2026-05-10 0:00 UTC).date(),
                created: 2
            },
            DayCount {
                day: datetime!(2026-05-11 0:00 UTC).date(),
                created: 1
            },
        ],
        "from the instant on, each case on its UTC day"
    );
    assert_eq!(
        subject
            .overview
            .count_created_per_day(other.id, day - Duration::days(400))
            .await
            .expect("per day"),
        vec![DayCount {
            day: datetime!(2026-05-10 0:00 UTC).date(),
            created: 3
        }]
    );
}
