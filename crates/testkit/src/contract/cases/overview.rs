//! The staff console's case reads: assignment round trips, the case search and the case
//! list's filters, with the fixtures the console's other checks share. Every check also
//! proves that another organisation's records are never found, and that `%`, `_` and `\`
//! in search text match only themselves.

use frontdesk_access::{Profile, StaffUser};
use frontdesk_cases::{
    AssigneeFilter, Author, Case, CaseFilter, CaseRow, CaseSort, CaseStatus, Priority,
    TimelineEntry, TimelineEvent, Visibility,
};
use frontdesk_contacts::{Contact, PageNumber, SearchText};
use frontdesk_kernel::{
    CaseId, FormId, Language, OrgId, PageRequest, PersonName, StaffUserId, TimelineEntryId, Uuid,
};
use time::{Duration, OffsetDateTime};

use crate::contract::cases::{CasesContractSubject, cases_org, contact, insert_form};
use crate::contract::fixtures::{T0, staff_user};

/// A staff user of `org` called `name`, inserted and committed.
async fn insert_staff(
    subject: &CasesContractSubject,
    org: OrgId,
    email: &str,
    name: &str,
) -> StaffUser {
    let mut user = staff_user(org, email, &[Profile::Agent]);
    user.name = PersonName::parse(name).expect("valid name");
    let mut uow = subject.begin().await;
    subject
        .staff
        .insert(uow.as_mut(), &user)
        .await
        .expect("insert staff user");
    uow.commit().await.expect("commit");
    user
}

/// A contact of `org` with these names, inserted and committed.
pub(super) async fn insert_person(
    subject: &CasesContractSubject,
    org: OrgId,
    email: &str,
    first: &str,
    last: &str,
) -> Contact {
    let mut person = contact(org, email);
    person.first_name = PersonName::parse(first).expect("valid name");
    person.last_name = PersonName::parse(last).expect("valid name");
    let mut uow = subject.begin().await;
    subject
        .contacts
        .insert(uow.as_mut(), &person)
        .await
        .expect("insert contact");
    uow.commit().await.expect("commit");
    person
}

/// What a new case differs by.
pub(super) struct Spec<'a> {
    pub title: &'a str,
    pub status: CaseStatus,
    pub priority: Priority,
    pub created_at: OffsetDateTime,
}

impl<'a> Spec<'a> {
    fn titled(title: &'a str) -> Self {
        Self {
            title,
            status: CaseStatus::New,
            priority: Priority::Normal,
            created_at: T0,
        }
    }
}

/// A case spec created `minutes` after [`T0`].
fn spec(title: &str, status: CaseStatus, priority: Priority, minutes: i64) -> Spec<'_> {
    Spec {
        title,
        status,
        priority,
        created_at: T0 + Duration::minutes(minutes),
    }
}

/// A case of `org` with the next number, inserted and committed.
pub(super) async fn insert_spec(
    subject: &CasesContractSubject,
    org: OrgId,
    form: FormId,
    spec: Spec<'_>,
) -> Case {
    let mut uow = subject.begin().await;
    let number = subject
        .cases
        .next_number(uow.as_mut(), org)
        .await
        .expect("next number");
    let case = Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org,
        number,
        form_id: form,
        title: spec.title.to_owned(),
        description: None,
        priority: spec.priority,
        project: None,
        status: spec.status,
        language: Language::En,
        submitted: None,
        assignee: None,
        created_at: spec.created_at,
        updated_at: spec.created_at,
        client_id: None,
        public: false,
    };
    subject
        .cases
        .insert(uow.as_mut(), &case)
        .await
        .expect("insert case");
    uow.commit().await.expect("commit");
    case
}

/// Writes `case` as it now is.
async fn save(subject: &CasesContractSubject, case: &Case) {
    let mut uow = subject.begin().await;
    subject
        .cases
        .update(uow.as_mut(), case)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
}

async fn link(subject: &CasesContractSubject, case: &Case, person: &Contact, at: OffsetDateTime) {
    let mut uow = subject.begin().await;
    subject
        .cases
        .link_contact(uow.as_mut(), case.org_id, case.id, person.id, at)
        .await
        .expect("link");
    uow.commit().await.expect("commit");
}

/// Assignment: the assignee is written by `update`, read back by every read, can be cleared,
/// and its timeline entry round-trips.
pub async fn cases_assignment(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let sam = insert_staff(subject, org.id, "sam@acme.test", "Sam Agent").await;
    let mut case = insert_spec(subject, org.id, form.id, Spec::titled("Heating")).await;
    assert_eq!(case.assignee, None);

    case.assignee = Some(sam.id);
    case.updated_at = T0 + Duration::minutes(5);
    save(subject, &case).await;
    assert_eq!(
        subject.cases.find(org.id, case.id).await.expect("find"),
        Some(case.clone()),
        "the assignee reads back"
    );
    let entry = TimelineEntry {
        id: TimelineEntryId::from_uuid(Uuid::now_v7()),
        case_id: case.id,
        author: Author::Staff(sam.id),
        event: TimelineEvent::AssigneeChanged {
            from: None,
            to: Some(sam.id),
        },
        visibility: Visibility::Internal,
        at: T0 + Duration::minutes(5),
    };
    let mut uow = subject.begin().await;
    subject
        .timeline
        .append(uow.as_mut(), org.id, &entry)
        .await
        .expect("append");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .timeline
            .list(org.id, case.id, true)
            .await
            .expect("timeline"),
        vec![entry],
        "an assignment entry round-trips"
    );
    assert!(
        subject
            .timeline
            .list(org.id, case.id, false)
            .await
            .expect("timeline")
            .is_empty(),
        "an internal entry is not public"
    );

    case.assignee = None;
    save(subject, &case).await;
    assert_eq!(
        subject
            .cases
            .find(org.id, case.id)
            .await
            .expect("find")
            .and_then(|c| c.assignee),
        None,
        "an assignee can be cleared"
    );
}

/// The rows' case numbers.
fn numbers(rows: &[CaseRow]) -> Vec<u64> {
    rows.iter().map(|row| row.case.number.0).collect()
}

/// The case search and the case list's filters: text (number, title, contact name and
/// email; wildcards literal), status, form, priority, assignee, every sort, numbered
/// pages with totals, the joined names, and tenant isolation.
pub async fn cases_search(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let support = insert_form(subject, org.id, "support").await;
    let sales = insert_form(subject, org.id, "sales").await;
    let sam = insert_staff(subject, org.id, "sam@acme.test", "Sam Agent").await;
    let jane = insert_person(subject, org.id, "Jane@Example.test", "Jane", "Doe").await;
    let bob = insert_person(subject, org.id, "bob@under.test", "Bob", "Under_score").await;
    let ann = insert_person(subject, org.id, "ann@wood.test", "Ann", "Underwood").await;

    let mut c1 = insert_spec(
        subject,
        org.id,
        support.id,
        spec("Printer on fire", CaseStatus::New, Priority::High, 1),
    )
    .await;
    insert_spec(
        subject,
        org.id,
        sales.id,
        spec("50% off coupon", CaseStatus::Open, Priority::Low, 2),
    )
    .await;
    let c3 = insert_spec(
        subject,
        org.id,
        support.id,
        spec("Refund 5000", CaseStatus::Pending, Priority::Urgent, 3),
    )
    .await;
    let mut c4 = insert_spec(
        subject,
        org.id,
        support.id,
        spec("apple", CaseStatus::Closed, Priority::Normal, 4),
    )
    .await;
    c1.assignee = Some(sam.id);
    c1.updated_at = T0 + Duration::hours(3);
    save(subject, &c1).await;
    c4.updated_at = T0 + Duration::hours(2);
    save(subject, &c4).await;
    link(subject, &c1, &jane, T0).await;
    link(subject, &c3, &bob, T0 + Duration::seconds(1)).await;
    link(subject, &c3, &jane, T0 + Duration::seconds(2)).await;
    link(subject, &c4, &ann, T0).await;

    let elsewhere_form = insert_form(subject, other.id, "support").await;
    let elsewhere = insert_spec(
        subject,
        other.id,
        elsewhere_form.id,
        spec("Printer on fire", CaseStatus::New, Priority::High, 1),
    )
    .await;
    let other_jane = insert_person(subject, other.id, "jane@example.test", "Jane", "Doe").await;
    link(subject, &elsewhere, &other_jane, T0).await;

    let everything = PageNumber::new(1, 100);
    let search = |org: OrgId, filter: CaseFilter, sort: CaseSort, page: PageNumber| async move {
        subject
            .overview
            .search(org, &filter, sort, page)
            .await
            .expect("search")
    };
    let text = |raw: &str| CaseFilter {
        text: SearchText::parse(raw),
        ..CaseFilter::default()
    };
    let by_text = |raw: &'static str| async move {
        numbers(
            &search(org.id, text(raw), CaseSort::Oldest, everything)
                .await
                .rows,
        )
    };
    assert_eq!(by_text("printer").await, vec![1], "title, ignoring case");
    assert_eq!(by_text("#3").await, vec![3], "the number with #");
    assert_eq!(by_text("2").await, vec![2], "the number alone");
    assert_eq!(by_text("50%").await, vec![2], "% is literal");
    assert!(by_text("5_0").await.is_empty(), "_ is literal");
    assert_eq!(by_text("%").await, vec![2], "% alone is literal");
    assert_eq!(
        by_text("under_").await,
        vec![3],
        "a contact's name, _ literal"
    );
    assert_eq!(
        by_text("JANE@example").await,
        vec![1, 3],
        "a contact's email"
    );
    assert_eq!(
        by_text("jane doe").await,
        vec![1, 3],
        "a contact's full name"
    );
    assert_eq!(by_text("underwood").await, vec![4]);
    assert!(by_text("nothing like it").await.is_empty());

    let found = search(org.id, text("printer"), CaseSort::Newest, everything).await;
    assert_eq!(found.total, 1, "another organisation's case is never found");
    let row = &found.rows[0];
    assert_eq!(row.case, c1, "the row's case reads back as written");
    assert_eq!(
        (row.form_slug.as_str(), row.form_name.as_str()),
        ("support", "Support request")
    );
    assert_eq!(row.contact_name.as_deref(), Some("Jane Doe"));
    assert_eq!(row.contact_email, Some(jane.email.to_string()));
    assert_eq!(row.assignee_name.as_deref(), Some("Sam Agent"));
    let theirs = search(other.id, text("printer"), CaseSort::Newest, everything).await;
    assert_eq!(numbers(&theirs.rows), vec![1]);
    assert_eq!(theirs.rows[0].case.id, elsewhere.id);
    assert_eq!(theirs.rows[0].assignee_name, None);

    let all = search(org.id, CaseFilter::default(), CaseSort::Newest, everything).await;
    assert_eq!(numbers(&all.rows), vec![4, 3, 2, 1]);
    assert_eq!(all.total, 4);
    let row_of = |n: u64| all.rows.iter().find(|r| r.case.number.0 == n).expect("row");
    assert_eq!(
        row_of(3).contact_name.as_deref(),
        Some("Bob Under_score"),
        "the first contact associated"
    );
    assert_eq!(row_of(2).contact_name, None);
    assert_eq!(row_of(2).contact_email, None);
    assert_eq!(row_of(2).form_slug, "sales");

    for (sort, expected) in [
        (CaseSort::Newest, vec![4, 3, 2, 1]),
        (CaseSort::Oldest, vec![1, 2, 3, 4]),
        (CaseSort::RecentlyUpdated, vec![1, 4, 3, 2]),
        (CaseSort::Priority, vec![3, 1, 4, 2]),
        (CaseSort::Title, vec![2, 4, 1, 3]),
    ] {
        let sorted = search(org.id, CaseFilter::default(), sort, everything).await;
        assert_eq!(numbers(&sorted.rows), expected, "{sort:?}");
    }

    let filtered = |filter: CaseFilter| async move {
        let page = search(org.id, filter.clone(), CaseSort::Oldest, everything).await;
        let listed = subject
            .cases
            .list(org.id, &filter, PageRequest::new(None, Some(50)))
            .await
            .expect("list");
        let listed: Vec<u64> = listed.items.iter().map(|c| c.number.0).collect();
        assert_eq!(
            listed,
            numbers(&page.rows),
            "list and search agree on {filter:?}"
        );
        assert_eq!(page.total, listed.len() as u64);
        listed
    };
    let status = |status| CaseFilter {
        status: Some(status),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(status(CaseStatus::Pending)).await, vec![3]);
    assert_eq!(
        filtered(status(CaseStatus::Resolved)).await,
        Vec::<u64>::new()
    );
    let form = CaseFilter {
        form: Some(sales.id),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(form).await, vec![2]);
    let urgent = CaseFilter {
        priority: Some(Priority::Urgent),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(urgent).await, vec![3]);
    let assigned = |assignee| CaseFilter {
        assignee,
        ..CaseFilter::default()
    };
    assert_eq!(
        filtered(assigned(AssigneeFilter::Member(sam.id))).await,
        vec![1]
    );
    assert_eq!(
        filtered(assigned(AssigneeFilter::Unassigned)).await,
        vec![2, 3, 4]
    );
    let stranger = StaffUserId::from_uuid(Uuid::now_v7());
    assert!(
        filtered(assigned(AssigneeFilter::Member(stranger)))
            .await
            .is_empty()
    );
    let of_jane = CaseFilter {
        contact: Some(jane.id),
        ..CaseFilter::default()
    };
    assert_eq!(filtered(of_jane).await, vec![1, 3]);
    let combined = CaseFilter {
        text: SearchText::parse("jane"),
        form: Some(support.id),
        status: Some(CaseStatus::Pending),
        priority: Some(Priority::Urgent),
        assignee: AssigneeFilter::Unassigned,
        contact: Some(bob.id),
        client: None,
    };
    assert_eq!(filtered(combined).await, vec![3]);
    assert_eq!(filtered(text("Printer")).await, vec![1]);

    let page = |n| PageNumber::new(n, 3);
    let first = search(org.id, CaseFilter::default(), CaseSort::Newest, page(1)).await;
    let second = search(org.id, CaseFilter::default(), CaseSort::Newest, page(2)).await;
    let third = search(org.id, CaseFilter::default(), CaseSort::Newest, page(3)).await;
    assert_eq!((numbers(&first.rows), first.total), (vec![4, 3, 2], 4));
    assert_eq!((numbers(&second.rows), second.total), (vec![1], 4));
    assert_eq!(
        (numbers(&third.rows), third.total),
        (vec![], 4),
        "past the end"
    );
}
