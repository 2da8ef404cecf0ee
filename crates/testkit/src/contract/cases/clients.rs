//! Clients, and the client links and public flag of contacts and cases.

use frontdesk_cases::{
    Author, CaseFilter, CaseSort, CaseStatus, TimelineEntry, TimelineEvent, Visibility,
};
use frontdesk_contacts::{Client, ClientName, PageNumber, SearchText};
use frontdesk_kernel::{ClientId, ContactId, OrgId, StaffUserId, TimelineEntryId, Uuid};
use time::Duration;

use crate::contract::cases::overview::insert_person;
use crate::contract::cases::{CasesContractSubject, cases_org, insert_case, insert_form};
use crate::contract::fixtures::T0;

/// A client of `org` named `name`, inserted and committed.
async fn insert_client(subject: &CasesContractSubject, org: OrgId, name: &str) -> Client {
    let client = Client {
        id: ClientId::from_uuid(Uuid::now_v7()),
        org_id: org,
        name: ClientName::parse(name).expect("valid name"),
        created_at: T0,
        updated_at: T0 + Duration::microseconds(3),
    };
    let mut uow = subject.begin().await;
    subject
        .clients
        .insert(uow.as_mut(), &client)
        .await
        .expect("insert client");
    uow.commit().await.expect("commit");
    client
}

/// Clients: they read back as written, renames stick, the search matches names ignoring
/// case with `%` and `_` literal, sorted by name, in numbered pages with totals; a client's
/// contacts and case count; contacts and cases carry their client and the public flag; the
/// case search filters by client. Another organisation's clients are never seen, counted or
/// linked.
pub async fn cases_clients(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let acme = insert_client(subject, org.id, "acme").await;
    let profits = insert_client(subject, org.id, "More Profits Inc.").await;
    let percent = insert_client(subject, org.id, "100% Sure_Ltd").await;
    let twin = insert_client(subject, org.id, "Acme").await;
    let theirs = insert_client(subject, other.id, "Acme").await;

    assert_eq!(
        subject.clients.find(org.id, acme.id).await.expect("find"),
        Some(acme.clone()),
        "a client reads back as written"
    );
    assert_eq!(
        subject.clients.find(org.id, theirs.id).await.expect("find"),
        None,
        "another organisation's client is not found"
    );

    let search = |raw: Option<&str>, page: PageNumber| {
        let text = raw.and_then(SearchText::parse);
        async move {
            subject
                .clients
                .search(org.id, text, page)
                .await
                .expect("search")
        }
    };
    let ids = |rows: &[Client]| rows.iter().map(|c| c.id).collect::<Vec<_>>();
    let all = search(None, PageNumber::new(1, 100)).await;
    assert_eq!(
        all.total, 4,
        "another organisation's clients are not counted"
    );
    assert_eq!(
        ids(&all.rows)[3],
        profits.id,
        "sorted by name ignoring case"
    );
    assert_eq!(ids(&all.rows)[0], percent.id);
    let mut acmes = ids(&all.rows)[1..3].to_vec();
    acmes.sort();
    let mut expected = vec![acme.id, twin.id];
    expected.sort();
    assert_eq!(acmes, expected, "names need not be unique; ties by id");
    assert_eq!(ids(&all.rows)[1..3], expected[..], "ties broken by id");
    for (raw, expected) in [
        ("ACME", 2),
        ("profits", 1),
        ("%", 1),
        ("_", 1),
        ("e_L", 1),
        ("0% s", 1),
        ("x%", 0),
    ] {
        let found = search(Some(raw), PageNumber::new(1, 100)).await;
        assert_eq!(found.total, expected, "{raw:?}");
        assert_eq!(found.rows.len() as u64, expected, "{raw:?}");
    }
    let second = search(None, PageNumber::new(2, 3)).await;
    assert_eq!((second.total, ids(&second.rows)), (4, vec![profits.id]));
    assert!(search(None, PageNumber::new(3, 3)).await.rows.is_empty());

    // A rename; another organisation's id changes nothing.
    let mut renamed = acme.clone();
    renamed.name = ClientName::parse("Acme Widgets").expect("valid name");
    renamed.updated_at = T0 + Duration::seconds(5);
    let mut uow = subject.begin().await;
    subject
        .clients
        .update(uow.as_mut(), &renamed)
        .await
        .expect("update");
    let mut hijack = renamed.clone();
    hijack.org_id = other.id;
    hijack.name = ClientName::parse("Hijacked").expect("valid name");
    subject
        .clients
        .update(uow.as_mut(), &hijack)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.clients.find(org.id, acme.id).await.expect("find"),
        Some(renamed.clone())
    );

    // Contacts: inserted with a client, linked and unlinked later.
    let ann = {
        let mut person = insert_person(subject, org.id, "ann@acme.test", "Ann", "Zed").await;
        let mut uow = subject.begin().await;
        assert!(
            subject
                .clients
                .set_contact_client(uow.as_mut(), org.id, person.id, Some(acme.id))
                .await
                .expect("link")
        );
        uow.commit().await.expect("commit");
        person.client_id = Some(acme.id);
        person
    };
    let bob = insert_person(subject, org.id, "bob@acme.test", "Bob", "Adams").await;
    let stranger = insert_person(subject, other.id, "eve@other.test", "Eve", "Other").await;
    let mut uow = subject.begin().await;
    assert!(
        subject
            .clients
            .set_contact_client(uow.as_mut(), org.id, bob.id, Some(acme.id))
            .await
            .expect("link")
    );
    assert!(
        !subject
            .clients
            .set_contact_client(uow.as_mut(), org.id, stranger.id, Some(acme.id))
            .await
            .expect("link"),
        "another organisation's contact is not linked"
    );
    assert!(
        !subject
            .clients
            .set_contact_client(
                uow.as_mut(),
                org.id,
                ContactId::from_uuid(Uuid::now_v7()),
                None
            )
            .await
            .expect("link")
    );
    uow.commit().await.expect("commit");
    let found = subject
        .contacts
        .find(org.id, ann.id)
        .await
        .expect("find")
        .expect("contact");
    assert_eq!(found, ann, "a contact's client reads back");
    let linked = subject
        .clients
        .contacts_of(org.id, acme.id)
        .await
        .expect("contacts");
    assert_eq!(
        linked.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![bob.id, ann.id],
        "by last name"
    );
    assert!(
        subject
            .clients
            .contacts_of(other.id, acme.id)
            .await
            .expect("contacts")
            .is_empty()
    );
    let mut uow = subject.begin().await;
    subject
        .clients
        .set_contact_client(uow.as_mut(), org.id, bob.id, None)
        .await
        .expect("unlink");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .clients
            .contacts_of(org.id, acme.id)
            .await
            .expect("contacts")
            .len(),
        1
    );

    // Cases: client and public flag written on insert and update; the search's filter.
    let form = insert_form(subject, org.id, "clients").await;
    let plain = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let mut owned = insert_case(subject, org.id, form.id, CaseStatus::Open).await;
    owned.client_id = Some(acme.id);
    owned.public = true;
    owned.updated_at = T0 + Duration::seconds(9);
    let mut uow = subject.begin().await;
    subject
        .cases
        .update(uow.as_mut(), &owned)
        .await
        .expect("update case");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.cases.find(org.id, owned.id).await.expect("find"),
        Some(owned.clone()),
        "client and public read back"
    );
    let read = subject
        .cases
        .find(org.id, plain.id)
        .await
        .expect("find")
        .expect("case");
    assert_eq!((read.client_id, read.public), (None, false));
    assert_eq!(
        subject
            .clients
            .case_count(org.id, acme.id)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        subject
            .clients
            .case_count(other.id, acme.id)
            .await
            .expect("count"),
        0
    );
    let filtered = |client: ClientId, org: OrgId| async move {
        let filter = CaseFilter {
            client: Some(client),
            ..CaseFilter::default()
        };
        subject
            .overview
            .search(org, &filter, CaseSort::Newest, PageNumber::new(1, 100))
            .await
            .expect("search")
    };
    let found = filtered(acme.id, org.id).await;
    assert_eq!(
        (
            found.total,
            found.rows.iter().map(|r| r.case.id).collect::<Vec<_>>()
        ),
        (1, vec![owned.id])
    );
    assert_eq!(found.rows[0].case, owned);
    assert_eq!(filtered(profits.id, org.id).await.total, 0);
    assert_eq!(filtered(acme.id, other.id).await.total, 0);

    // The timeline entries of those changes read back as written.
    let author = Author::Staff(StaffUserId::from_uuid(Uuid::now_v7()));
    let entries: Vec<TimelineEntry> = [
        TimelineEvent::ClientChanged {
            from: None,
            to: Some(acme.id),
        },
        TimelineEvent::PublicChanged {
            from: false,
            to: true,
        },
        TimelineEvent::ClientChanged {
            from: Some(acme.id),
            to: None,
        },
    ]
    .into_iter()
    .enumerate()
    .map(|(n, event)| TimelineEntry {
        id: TimelineEntryId::from_uuid(Uuid::now_v7()),
        case_id: owned.id,
        author,
        event,
        visibility: Visibility::Internal,
        at: T0 + Duration::seconds(10 + i64::try_from(n).expect("small")),
    })
    .collect();
    let mut uow = subject.begin().await;
    for entry in &entries {
        subject
            .timeline
            .append(uow.as_mut(), org.id, entry)
            .await
            .expect("append");
    }
    uow.commit().await.expect("commit");
    let listed = subject
        .timeline
        .list(org.id, owned.id, true)
        .await
        .expect("timeline");
    assert_eq!(listed, entries, "client and public changes round-trip");
    assert!(
        subject
            .timeline
            .list(org.id, owned.id, false)
            .await
            .expect("timeline")
            .is_empty(),
        "they are internal"
    );
}
