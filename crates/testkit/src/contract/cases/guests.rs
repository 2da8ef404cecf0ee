//! Guest capabilities and unsubscribe grants.

use frontdesk_cases::{CaseStatus, GuestAccess, UnsubscribeGrant};
use frontdesk_kernel::{CaseId, ContactId, GuestAccessId, OrgId, Uuid};
use time::Duration;

use crate::contract::cases::{
    CasesContractSubject, cases_org, insert_case, insert_contact, insert_form,
};
use crate::contract::fixtures::{T0, digest};

/// Guest access: insert, find by digest, revocation per case (and per contact) counted once.
pub async fn cases_guest_access(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let untouched_case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let john = insert_contact(subject, org.id, "john@example.test").await;
    let access = |case: CaseId, contact: ContactId, revoked_at| GuestAccess {
        id: GuestAccessId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        case_id: case,
        contact_id: contact,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::days(30) + Duration::microseconds(9),
        revoked_at,
    };
    let earlier = T0 + Duration::minutes(1);
    let jane_one = access(case.id, jane.id, None);
    let jane_two = access(case.id, jane.id, None);
    let jane_revoked = access(case.id, jane.id, Some(earlier));
    let john_one = access(case.id, john.id, None);
    let elsewhere = access(untouched_case.id, jane.id, None);
    let all = [&jane_one, &jane_two, &jane_revoked, &john_one, &elsewhere];
    let mut uow = subject.begin().await;
    for access in all {
        subject
            .guest_access
            .insert(uow.as_mut(), access)
            .await
            .expect("insert");
    }
    uow.commit().await.expect("commit");
    for access in all {
        assert_eq!(
            subject
                .guest_access
                .find_by_digest(&access.digest)
                .await
                .expect("find"),
            Some(access.clone()),
            "a capability reads back as written"
        );
    }
    assert!(
        subject
            .guest_access
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );

    // Open capabilities: unrevoked and not yet expired, oldest first, this case only.
    let open = |org: OrgId, now| async move {
        subject
            .guest_access
            .open_for_case(org, case.id, now)
            .await
            .expect("open")
            .into_iter()
            .map(|access| access.id)
            .collect::<Vec<_>>()
    };
    let mut expected = vec![jane_one.id, jane_two.id, john_one.id];
    expected.sort();
    assert_eq!(open(org.id, T0).await, expected);
    assert!(
        open(other.id, T0).await.is_empty(),
        "another organisation sees none"
    );
    assert!(
        open(org.id, jane_one.expires_at).await.is_empty(),
        "none is open at its expiry"
    );

    let at = T0 + Duration::hours(1) + Duration::microseconds(5);
    let revoke = |org: OrgId, contact: Option<ContactId>, at| async move {
        let mut uow = subject.begin().await;
        let n = subject
            .guest_access
            .revoke_for_case(uow.as_mut(), org, case.id, contact, at)
            .await
            .expect("revoke");
        uow.commit().await.expect("commit");
        n
    };
    assert_eq!(
        revoke(other.id, None, at).await,
        0,
        "another organisation cannot revoke"
    );
    assert_eq!(
        revoke(org.id, Some(jane.id), at).await,
        2,
        "only the contact's unrevoked capabilities on the case"
    );
    assert_eq!(revoke(org.id, Some(jane.id), at).await, 0);
    let later = at + Duration::hours(1);
    assert_eq!(
        open(org.id, at).await,
        [john_one.id],
        "revoked ones are not open"
    );
    assert_eq!(revoke(org.id, None, later).await, 1, "John's is left");
    assert_eq!(revoke(org.id, None, later).await, 0);

    let revoked_at = |access: &GuestAccess| {
        let digest = access.digest;
        async move {
            subject
                .guest_access
                .find_by_digest(&digest)
                .await
                .expect("find")
                .expect("capability")
                .revoked_at
        }
    };
    assert_eq!(revoked_at(&jane_one).await, Some(at));
    assert_eq!(revoked_at(&jane_two).await, Some(at));
    assert_eq!(
        revoked_at(&jane_revoked).await,
        Some(earlier),
        "the first revocation time is kept"
    );
    assert_eq!(revoked_at(&john_one).await, Some(later));
    assert_eq!(
        revoked_at(&elsewhere).await,
        None,
        "capabilities on other cases are untouched"
    );
}

/// Unsubscribe grants round-trip by digest.
pub async fn cases_unsubscribe_grants(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let grant = UnsubscribeGrant {
        org_id: org.id,
        contact_id: jane.id,
        case_id: case.id,
        digest: digest(),
        created_at: T0 + Duration::microseconds(11),
    };
    let mut uow = subject.begin().await;
    subject
        .guest_access
        .insert_unsubscribe(uow.as_mut(), &grant)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .guest_access
            .find_unsubscribe(&grant.digest)
            .await
            .expect("find"),
        Some(grant)
    );
    assert!(
        subject
            .guest_access
            .find_unsubscribe(&digest())
            .await
            .expect("find")
            .is_none()
    );
}
