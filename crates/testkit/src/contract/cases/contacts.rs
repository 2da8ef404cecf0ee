//! Contacts, their links to cases and their subscriptions.

use frontdesk_cases::CaseStatus;
use frontdesk_kernel::{CaseId, ContactId, EmailAddress, RepositoryError};
use time::Duration;

use crate::contract::cases::{
    CasesContractSubject, cases_org, contact, insert_case, insert_contact, insert_form,
};
use crate::contract::fixtures::T0;

/// Contacts: insert, find, lookups by normalised email (also inside a unit of work),
/// uniqueness per organisation, tenant isolation.
pub async fn cases_contacts(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let jane = insert_contact(subject, org.id, "Jane.Doe@Example.TEST").await;
    assert_eq!(
        subject.contacts.find(org.id, jane.id).await.expect("find"),
        Some(jane.clone()),
        "a contact reads back as written"
    );
    assert!(
        subject
            .contacts
            .find(other.id, jane.id)
            .await
            .expect("find")
            .is_none(),
        "a contact is invisible from another organisation"
    );
    let lookup = EmailAddress::parse("JANE.DOE@example.test").expect("email");
    assert_eq!(
        subject
            .contacts
            .find_by_email(org.id, &lookup)
            .await
            .expect("find by email"),
        Some(jane.clone()),
        "email lookups compare normalised addresses"
    );
    assert!(
        subject
            .contacts
            .find_by_email(other.id, &lookup)
            .await
            .expect("find")
            .is_none()
    );

    let mut uow = subject.begin().await;
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &lookup)
            .await
            .expect("find in unit of work"),
        Some(jane.clone())
    );
    let duplicate = contact(org.id, "jane.doe@example.test");
    let result = subject.contacts.insert(uow.as_mut(), &duplicate).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("email"))),
        "the same address twice in one organisation is an email conflict, got {result:?}"
    );
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &lookup)
            .await
            .expect("the unit of work is still usable after the conflict"),
        Some(jane.clone())
    );
    let returning = contact(org.id, "Jane.Doe@Example.test");
    assert_eq!(
        subject
            .contacts
            .find_or_insert_in(uow.as_mut(), &returning)
            .await
            .expect("find or insert"),
        jane.clone(),
        "an existing contact comes back unchanged"
    );
    let newcomer = contact(org.id, "newcomer@example.test");
    assert_eq!(
        subject
            .contacts
            .find_or_insert_in(uow.as_mut(), &newcomer)
            .await
            .expect("find or insert"),
        newcomer.clone(),
        "a new address is inserted as given"
    );
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &newcomer.email)
            .await
            .expect("find in unit of work"),
        Some(newcomer.clone())
    );
    drop(uow);
    assert!(
        subject
            .contacts
            .find_by_email(org.id, &newcomer.email)
            .await
            .expect("find")
            .is_none(),
        "rolled back with its unit of work"
    );

    let mut uow = subject.begin().await;
    let mut bare = contact(org.id, "bare@example.test");
    bare.phone = None;
    bare.address = None;
    bare.unsubscribed_all = true;
    let bare_email = bare.email.clone();
    subject
        .contacts
        .insert(uow.as_mut(), &bare)
        .await
        .expect("insert");
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &bare_email)
            .await
            .expect("find in unit of work"),
        Some(bare.clone()),
        "a unit of work sees its own uncommitted contact"
    );
    drop(uow);
    assert!(
        subject
            .contacts
            .find_by_email(org.id, &bare_email)
            .await
            .expect("find")
            .is_none(),
        "a rolled-back contact is gone"
    );
    let mut uow = subject.begin().await;
    subject
        .contacts
        .insert(uow.as_mut(), &bare)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.contacts.find(org.id, bare.id).await.expect("find"),
        Some(bare)
    );

    let elsewhere = insert_contact(subject, other.id, "jane.doe@example.test").await;
    assert_eq!(
        subject
            .contacts
            .find_by_email(other.id, &lookup)
            .await
            .expect("find"),
        Some(elsewhere),
        "the same address may exist in another organisation"
    );
}

/// Case contacts: linking is idempotent, keeps the first association's place, and is
/// scoped to the organisation.
pub async fn cases_contact_links(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let lonely = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    // Created in the opposite order to their association.
    let later = insert_contact(subject, org.id, "later@example.test").await;
    let earlier = insert_contact(subject, org.id, "earlier@example.test").await;

    let mut uow = subject.begin().await;
    subject
        .cases
        .link_contact(uow.as_mut(), org.id, case.id, earlier.id, T0)
        .await
        .expect("link");
    subject
        .cases
        .link_contact(
            uow.as_mut(),
            org.id,
            case.id,
            later.id,
            T0 + Duration::seconds(1),
        )
        .await
        .expect("link");
    uow.commit().await.expect("commit");
    let mut uow = subject.begin().await;
    subject
        .cases
        .link_contact(
            uow.as_mut(),
            org.id,
            case.id,
            earlier.id,
            T0 + Duration::seconds(2),
        )
        .await
        .expect("linking again is a no-op");
    uow.commit().await.expect("commit");

    assert_eq!(
        subject
            .cases
            .contacts_of(org.id, case.id)
            .await
            .expect("contacts of"),
        vec![earlier.id, later.id],
        "contacts come in the order they were associated, each once"
    );
    assert!(
        subject
            .cases
            .contacts_of(org.id, lonely.id)
            .await
            .expect("contacts of")
            .is_empty()
    );
    assert!(
        subject
            .cases
            .contacts_of(other.id, case.id)
            .await
            .expect("contacts of")
            .is_empty(),
        "a case's contacts are invisible from another organisation"
    );
}

/// Subscriptions: a contact is subscribed until it unsubscribes from the case or from
/// everything; another organisation cannot unsubscribe it.
pub async fn cases_subscriptions(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let second_case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let john = insert_contact(subject, org.id, "john@example.test").await;
    let subscribed = |contact: ContactId, case: CaseId| async move {
        subject
            .contacts
            .is_subscribed(org.id, contact, case)
            .await
            .expect("is subscribed")
    };
    assert!(subscribed(jane.id, case.id).await);
    assert!(subscribed(jane.id, second_case.id).await);

    subject
        .contacts
        .unsubscribe_case(other.id, jane.id, case.id, T0)
        .await
        .expect("unsubscribe");
    subject
        .contacts
        .unsubscribe_all(other.id, jane.id, T0)
        .await
        .expect("unsubscribe all");
    assert!(
        subscribed(jane.id, case.id).await,
        "another organisation cannot unsubscribe a contact"
    );

    subject
        .contacts
        .unsubscribe_case(org.id, jane.id, case.id, T0)
        .await
        .expect("unsubscribe");
    subject
        .contacts
        .unsubscribe_case(org.id, jane.id, case.id, T0 + Duration::seconds(1))
        .await
        .expect("unsubscribing twice is fine");
    assert!(!subscribed(jane.id, case.id).await);
    assert!(
        subscribed(jane.id, second_case.id).await,
        "unsubscribing from one case keeps the others"
    );
    assert!(
        subscribed(john.id, case.id).await,
        "other contacts of the case stay subscribed"
    );

    subject
        .contacts
        .unsubscribe_all(org.id, jane.id, T0 + Duration::seconds(2))
        .await
        .expect("unsubscribe all");
    assert!(!subscribed(jane.id, second_case.id).await);
    assert!(
        subject
            .contacts
            .find(org.id, jane.id)
            .await
            .expect("find")
            .expect("contact")
            .unsubscribed_all
    );
    assert!(subscribed(john.id, second_case.id).await);
}
