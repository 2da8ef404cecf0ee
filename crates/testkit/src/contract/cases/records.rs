//! Cases and their timelines.

use frontdesk_cases::{
    Author, CaseFilter, CaseNumber, CaseStatus, Priority, TimelineEntry, TimelineEvent, Visibility,
};
use frontdesk_kernel::{PageRequest, StaffUserId, TimelineEntryId, Uuid};
use time::Duration;

use crate::contract::cases::{
    CasesContractSubject, cases_org, insert_case, insert_contact, insert_form,
};
use crate::contract::fixtures::T0;

/// Cases: insert, find, find by number, update, tenant isolation, and lists with every
/// filter and pagination.
pub async fn cases_cases(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let support = insert_form(subject, org.id, "support").await;
    let sales = insert_form(subject, org.id, "sales").await;
    let elsewhere_form = insert_form(subject, other.id, "support").await;

    let first = insert_case(subject, org.id, support.id, CaseStatus::New).await;
    let second = insert_case(subject, org.id, sales.id, CaseStatus::New).await;
    let third = insert_case(subject, org.id, support.id, CaseStatus::Open).await;
    let foreign = insert_case(subject, other.id, elsewhere_form.id, CaseStatus::New).await;
    assert_eq!(
        (first.number, second.number, third.number, foreign.number),
        (CaseNumber(1), CaseNumber(2), CaseNumber(3), CaseNumber(1))
    );

    assert_eq!(
        subject.cases.find(org.id, first.id).await.expect("find"),
        Some(first.clone()),
        "a case reads back as written"
    );
    assert!(
        subject
            .cases
            .find(other.id, first.id)
            .await
            .expect("find")
            .is_none(),
        "a case is invisible from another organisation"
    );
    assert_eq!(
        subject
            .cases
            .find_by_number(org.id, CaseNumber(2))
            .await
            .expect("find by number"),
        Some(second.clone())
    );
    assert_eq!(
        subject
            .cases
            .find_by_number(other.id, CaseNumber(1))
            .await
            .expect("find by number"),
        Some(foreign.clone())
    );
    assert!(
        subject
            .cases
            .find_by_number(org.id, CaseNumber(99))
            .await
            .expect("find by number")
            .is_none()
    );

    let mut changed = third.clone();
    changed.title = "Renamed".into();
    changed.description = None;
    changed.priority = Priority::Low;
    changed.project = Some("Apollo".into());
    changed.status = CaseStatus::Pending;
    changed.updated_at = T0 + Duration::hours(2) + Duration::microseconds(3);
    let mut uow = subject.begin().await;
    subject
        .cases
        .update(uow.as_mut(), &changed)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.cases.find(org.id, third.id).await.expect("find"),
        Some(changed.clone())
    );
    let mut cross = foreign.clone();
    cross.org_id = org.id;
    cross.title = "Hijacked".into();
    let mut uow = subject.begin().await;
    subject
        .cases
        .update(uow.as_mut(), &cross)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .cases
            .find(other.id, foreign.id)
            .await
            .expect("find"),
        Some(foreign.clone()),
        "an update naming the wrong organisation changes nothing"
    );

    // Lists: oldest first, filtered, scoped to the organisation.
    let everything = PageRequest::new(None, Some(50));
    let list = |filter: CaseFilter, page: PageRequest| async move {
        subject
            .cases
            .list(org.id, &filter, page)
            .await
            .expect("list")
    };
    let all = list(CaseFilter::default(), everything).await;
    assert_eq!(
        all.items,
        vec![first.clone(), second.clone(), changed.clone()]
    );
    assert_eq!(all.next_after, None);
    let new = list(
        CaseFilter {
            status: Some(CaseStatus::New),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(new.items, vec![first.clone(), second.clone()]);
    let by_form = list(
        CaseFilter {
            form: Some(support.id),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(by_form.items, vec![first.clone(), changed.clone()]);
    let both = list(
        CaseFilter {
            status: Some(CaseStatus::New),
            form: Some(support.id),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(both.items, vec![first.clone()]);
    let none = list(
        CaseFilter {
            status: Some(CaseStatus::Closed),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert!(none.items.is_empty());

    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let john = insert_contact(subject, org.id, "john@example.test").await;
    let mut uow = subject.begin().await;
    for (case, contact) in [(&first, &jane), (&changed, &jane), (&second, &john)] {
        subject
            .cases
            .link_contact(uow.as_mut(), org.id, case.id, contact.id, T0)
            .await
            .expect("link");
    }
    uow.commit().await.expect("commit");
    let of_jane = list(
        CaseFilter {
            contact: Some(jane.id),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(of_jane.items, vec![first.clone(), changed.clone()]);
    let of_jane_open = list(
        CaseFilter {
            status: Some(CaseStatus::Pending),
            form: Some(support.id),
            contact: Some(jane.id),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(of_jane_open.items, vec![changed.clone()]);

    let page_one = list(CaseFilter::default(), PageRequest::new(None, Some(2))).await;
    assert_eq!(page_one.items, vec![first.clone(), second.clone()]);
    assert_eq!(page_one.next_after, Some(second.id.as_uuid()));
    let page_two = list(
        CaseFilter::default(),
        PageRequest::new(page_one.next_after, Some(2)),
    )
    .await;
    assert_eq!(page_two.items, vec![changed.clone()]);
    assert_eq!(page_two.next_after, None, "the last page has no cursor");
    let jane_page = list(
        CaseFilter {
            contact: Some(jane.id),
            ..CaseFilter::default()
        },
        PageRequest::new(None, Some(1)),
    )
    .await;
    assert_eq!(jane_page.items, vec![first.clone()]);
    assert_eq!(jane_page.next_after, Some(first.id.as_uuid()));

    let foreign_list = subject
        .cases
        .list(other.id, &CaseFilter::default(), everything)
        .await
        .expect("list");
    assert_eq!(foreign_list.items, vec![foreign]);
    let cross_contact = subject
        .cases
        .list(
            other.id,
            &CaseFilter {
                contact: Some(jane.id),
                ..CaseFilter::default()
            },
            everything,
        )
        .await
        .expect("list");
    assert!(
        cross_contact.items.is_empty(),
        "a contact's cases are invisible from another organisation"
    );
}

/// Timelines: entries come back oldest first, internal ones only when asked, per case and
/// organisation.
pub async fn cases_timeline(subject: &CasesContractSubject) {
    let (org, user) = {
        let org = cases_org(subject).await;
        (org.clone(), StaffUserId::from_uuid(Uuid::now_v7()))
    };
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let quiet = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;

    let entry = |author, event, visibility, seconds: i64| TimelineEntry {
        id: TimelineEntryId::from_uuid(Uuid::now_v7()),
        case_id: case.id,
        author,
        event,
        visibility,
        at: T0 + Duration::seconds(seconds) + Duration::microseconds(1),
    };
    let entries = [
        entry(
            Author::System,
            TimelineEvent::Created,
            Visibility::Public,
            0,
        ),
        entry(
            Author::Staff(user),
            TimelineEvent::Comment {
                body: "Looking into it — « ça marche ».".into(),
            },
            Visibility::Internal,
            1,
        ),
        entry(
            Author::Staff(user),
            TimelineEvent::StatusChanged {
                from: CaseStatus::New,
                to: CaseStatus::Open,
            },
            Visibility::Public,
            2,
        ),
        entry(
            Author::Contact(jane.id),
            TimelineEvent::FieldChanged {
                field: "description".into(),
                from: None,
                to: Some("More detail".into()),
            },
            Visibility::Public,
            3,
        ),
    ];
    let mut uow = subject.begin().await;
    for entry in &entries {
        subject
            .timeline
            .append(uow.as_mut(), org.id, entry)
            .await
            .expect("append");
    }
    uow.commit().await.expect("commit");

    assert_eq!(
        subject
            .timeline
            .list(org.id, case.id, true)
            .await
            .expect("list"),
        entries.to_vec(),
        "entries read back as written, oldest first"
    );
    let public: Vec<TimelineEntry> = entries
        .iter()
        .filter(|e| e.visibility == Visibility::Public)
        .cloned()
        .collect();
    assert_eq!(
        subject
            .timeline
            .list(org.id, case.id, false)
            .await
            .expect("list"),
        public,
        "internal entries are left out unless asked for"
    );
    assert!(
        subject
            .timeline
            .list(org.id, quiet.id, true)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        subject
            .timeline
            .list(other.id, case.id, true)
            .await
            .expect("list")
            .is_empty(),
        "a timeline is invisible from another organisation"
    );
}
