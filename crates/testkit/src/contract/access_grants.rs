//! The contract of the grant ports: grants (revocation with who and when, ordering),
//! public-cases rules (upsert, delete, by client) and the cases' facts the access decision
//! reads. Another organisation's records are never found.

use frontdesk_access::{AccessGrant, CaseRole, PublicCasesRule};
use frontdesk_kernel::{AccessGrantId, StaffUserId, Uuid};
use time::Duration;

use super::contact_users::{ContactUsersContractSubject, user};
use super::fixtures::{T0, random_suffix};

/// Grants: round trip, revoke once with who and when, ordering, other organisation; case
/// facts.
pub async fn access_grants(subject: &ContactUsersContractSubject) {
    let (org, client, contact) = subject.setup().await;
    let owner = user(
        org,
        contact.id,
        vec![client],
        &format!("g-{}", random_suffix()),
    );
    subject.insert(&owner).await.expect("insert");
    let open_case = subject.cases.new_case(org, Some(client), true, true).await;
    let closed_case = subject.cases.new_case(org, None, false, false).await;
    let staff = StaffUserId::from_uuid(Uuid::now_v7());
    let grant = |case, role, at| AccessGrant {
        id: AccessGrantId::from_uuid(Uuid::now_v7()),
        org_id: org,
        contact_user_id: owner.id,
        case_id: case,
        role,
        granted_by: staff,
        granted_at: at,
        revoked_at: None,
        revoked_by: None,
    };
    let later = grant(closed_case, CaseRole::Editor, T0 + Duration::seconds(2));
    let earlier = grant(open_case, CaseRole::Viewer, T0);
    let mut uow = subject.begin().await;
    subject
        .grants
        .insert(uow.as_mut(), &later)
        .await
        .expect("later");
    subject
        .grants
        .insert(uow.as_mut(), &earlier)
        .await
        .expect("earlier");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .grants
            .active_for_user(org, owner.id)
            .await
            .expect("list"),
        [earlier.clone(), later.clone()]
    );
    assert_eq!(
        subject
            .grants
            .active_for_case(org, open_case)
            .await
            .expect("list"),
        std::slice::from_ref(&earlier)
    );
    let at = T0 + Duration::minutes(1);
    let mut uow = subject.begin().await;
    assert!(
        subject
            .grants
            .revoke(uow.as_mut(), org, earlier.id, staff, at)
            .await
            .expect("revoke")
    );
    assert!(
        !subject
            .grants
            .revoke(uow.as_mut(), org, earlier.id, staff, at)
            .await
            .expect("again")
    );
    uow.commit().await.expect("commit");
    let revoked = subject
        .grants
        .find(org, earlier.id)
        .await
        .expect("find")
        .expect("kept");
    assert_eq!(revoked.revoked_at, Some(at));
    assert_eq!(revoked.revoked_by, Some(staff));
    assert_eq!(
        subject
            .grants
            .active_for_user(org, owner.id)
            .await
            .expect("list"),
        std::slice::from_ref(&later)
    );
    assert!(
        subject
            .grants
            .active_for_case(org, open_case)
            .await
            .expect("list")
            .is_empty(),
        "a revoked grant no longer counts for its case"
    );

    let facts = subject
        .case_facts
        .case_facts(org, open_case)
        .await
        .expect("facts")
        .expect("present");
    assert_eq!(
        (facts.client_id, facts.public, facts.open),
        (Some(client), true, true)
    );
    let many = subject
        .case_facts
        .many_case_facts(org, &[open_case, closed_case])
        .await
        .expect("many");
    assert_eq!(many.len(), 2);
    assert!(
        many.iter()
            .any(|f| f.case_id == closed_case && !f.open && !f.public)
    );

    let (foreign, _, _) = subject.setup().await;
    assert!(
        subject
            .grants
            .find(foreign, later.id)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .grants
            .active_for_user(foreign, owner.id)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        subject
            .grants
            .active_for_case(foreign, closed_case)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        subject
            .case_facts
            .case_facts(foreign, open_case)
            .await
            .expect("facts")
            .is_none()
    );
    assert!(
        subject
            .case_facts
            .many_case_facts(foreign, &[open_case])
            .await
            .expect("many")
            .is_empty()
    );
    let mut uow = subject.begin().await;
    assert!(
        !subject
            .grants
            .revoke(uow.as_mut(), foreign, later.id, staff, at)
            .await
            .expect("revoke")
    );
}

/// Rules: upsert replaces, delete, by client, other organisation.
pub async fn public_cases_rules(subject: &ContactUsersContractSubject) {
    let (org, client, contact) = subject.setup().await;
    let owner = user(
        org,
        contact.id,
        vec![client],
        &format!("r-{}", random_suffix()),
    );
    subject.insert(&owner).await.expect("insert");
    let staff = StaffUserId::from_uuid(Uuid::now_v7());
    let mut rule = PublicCasesRule {
        org_id: org,
        contact_user_id: owner.id,
        open: true,
        closed: false,
        set_by: staff,
        set_at: T0,
    };
    let mut uow = subject.begin().await;
    subject
        .rules
        .upsert(uow.as_mut(), &rule)
        .await
        .expect("upsert");
    rule.closed = true;
    rule.set_at = T0 + Duration::seconds(3);
    subject
        .rules
        .upsert(uow.as_mut(), &rule)
        .await
        .expect("replace");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.rules.find(org, owner.id).await.expect("find"),
        Some(rule.clone())
    );
    assert_eq!(
        subject
            .rules
            .for_client(org, client)
            .await
            .expect("by client"),
        [rule.clone()]
    );
    let other_client = subject.client(org).await;
    assert!(
        subject
            .rules
            .for_client(org, other_client)
            .await
            .expect("by client")
            .is_empty()
    );
    let (foreign, _, _) = subject.setup().await;
    assert!(
        subject
            .rules
            .find(foreign, owner.id)
            .await
            .expect("find")
            .is_none()
    );
    let mut uow = subject.begin().await;
    assert!(
        !subject
            .rules
            .delete(uow.as_mut(), foreign, owner.id)
            .await
            .expect("delete")
    );
    assert!(
        subject
            .rules
            .delete(uow.as_mut(), org, owner.id)
            .await
            .expect("delete")
    );
    uow.commit().await.expect("commit");
    assert!(
        subject
            .rules
            .find(org, owner.id)
            .await
            .expect("find")
            .is_none()
    );
}
