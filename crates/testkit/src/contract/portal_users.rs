//! Staff's portal-users directory: search by state (pending covers invited), by text in the
//! email, the full name or the username ignoring case, by client, never removed users, in
//! id order and pages, only in the organisation; and the revocation of a user's grants and
//! "all public cases" rule a removal does.

use std::sync::Arc;

use frontdesk_access::{AccessGrant, CaseRole, PublicCasesRule};
use frontdesk_contacts::{
    Contact, ContactUserState, PortalUserDirectory, PortalUserQuery, PortalUserStateFilter,
    SearchText,
};
use frontdesk_kernel::{
    AccessGrantId, ClientId, ContactId, ContactUserId, EmailAddress, OrgId, PageRequest,
    PersonName, StaffUserId, Uuid,
};
use time::Duration;

use super::contact_users::{ContactUsersContractSubject, user};
use super::fixtures::{T0, random_suffix};

/// A contact user of `org` in `state` on `clients`, named `first last`, whose address starts
/// with `local` in capitals.
async fn portal_user(
    subject: &ContactUsersContractSubject,
    org: OrgId,
    (first, last, local): (&str, &str, &str),
    state: ContactUserState,
    clients: Vec<ClientId>,
) -> ContactUserId {
    let suffix = random_suffix();
    let contact = Contact {
        id: ContactId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse(&format!("{}.{suffix}@profits.test", local.to_uppercase()))
            .expect("email"),
        first_name: PersonName::parse(first).expect("name"),
        last_name: PersonName::parse(last).expect("name"),
        phone: None,
        address: None,
        client_id: clients.first().copied(),
        unsubscribed_all: false,
        created_at: T0,
    };
    let mut uow = subject.begin().await;
    subject
        .contacts
        .insert(uow.as_mut(), &contact)
        .await
        .expect("contact");
    uow.commit().await.expect("commit");
    let mut account = user(org, contact.id, clients, &format!("u{suffix}-{local}"));
    account.state = state;
    subject.insert(&account).await.expect("user");
    account.id
}

async fn ids(
    directory: &Arc<dyn PortalUserDirectory>,
    org: OrgId,
    query: PortalUserQuery,
) -> Vec<ContactUserId> {
    directory
        .search(org, &query, PageRequest::new(None, Some(50)))
        .await
        .expect("search")
        .items
}

fn text(raw: &str) -> SearchText {
    SearchText::parse(raw).expect("search text")
}

/// Every filter alone and together, the text ignoring case, removed users never, pages, and
/// another organisation seeing nothing.
pub async fn portal_user_search(
    subject: &ContactUsersContractSubject,
    directory: &Arc<dyn PortalUserDirectory>,
) {
    let (org, acme, _) = subject.setup().await;
    let bolt = subject.client(org).await;
    let (other, _, _) = subject.setup().await;
    // `setup` made a contact without a login: it is no portal user.
    let jane = portal_user(
        subject,
        org,
        ("Jane", "Doe", "jane"),
        ContactUserState::Invited,
        vec![acme],
    )
    .await;
    let zoe = portal_user(
        subject,
        org,
        ("Zoé", "Martin", "zoe"),
        ContactUserState::Pending,
        vec![bolt],
    )
    .await;
    let max = portal_user(
        subject,
        org,
        ("Max", "Doe", "max"),
        ContactUserState::Active,
        vec![acme, bolt],
    )
    .await;
    let dan = portal_user(
        subject,
        org,
        ("Dan", "Smith", "dan"),
        ContactUserState::Disabled,
        Vec::new(),
    )
    .await;
    let gone = portal_user(
        subject,
        org,
        ("Jane", "Gone", "gone"),
        ContactUserState::Removed,
        vec![acme],
    )
    .await;

    let everyone = ids(directory, org, PortalUserQuery::default()).await;
    assert_eq!(everyone, [jane, zoe, max, dan], "id order, never removed");
    assert!(!everyone.contains(&gone));
    assert!(
        ids(directory, other, PortalUserQuery::default())
            .await
            .is_empty(),
        "another organisation sees none"
    );

    let by_state = |state| PortalUserQuery {
        state: Some(state),
        ..PortalUserQuery::default()
    };
    assert_eq!(
        ids(directory, org, by_state(PortalUserStateFilter::Pending)).await,
        [jane, zoe],
        "pending covers invited"
    );
    assert_eq!(
        ids(directory, org, by_state(PortalUserStateFilter::Active)).await,
        [max]
    );
    assert_eq!(
        ids(directory, org, by_state(PortalUserStateFilter::Disabled)).await,
        [dan]
    );

    let by_text = |raw: &str| PortalUserQuery {
        text: Some(text(raw)),
        ..PortalUserQuery::default()
    };
    assert_eq!(
        ids(directory, org, by_text("JANE")).await,
        [jane],
        "first name, ignoring case; the removed Jane is not listed"
    );
    assert_eq!(
        ids(directory, org, by_text("doe")).await,
        [jane, max],
        "last name"
    );
    assert_eq!(
        ids(directory, org, by_text("max doe")).await,
        [max],
        "full name"
    );
    assert_eq!(
        ids(directory, org, by_text("dan.")).await,
        [dan],
        "email, stored in capitals, ignoring case"
    );
    assert_eq!(
        ids(directory, org, by_text("@Profits.TEST")).await,
        [jane, zoe, max, dan],
        "the domain, ignoring case"
    );
    assert_eq!(
        ids(directory, org, by_text("-zoe")).await,
        [zoe],
        "username"
    );
    assert!(ids(directory, org, by_text("nobody")).await.is_empty());
    assert!(
        ids(directory, org, by_text("100%")).await.is_empty(),
        "LIKE wildcards are plain text"
    );

    let by_client = |client| PortalUserQuery {
        client: Some(client),
        ..PortalUserQuery::default()
    };
    assert_eq!(ids(directory, org, by_client(acme)).await, [jane, max]);
    assert_eq!(ids(directory, org, by_client(bolt)).await, [zoe, max]);
    assert!(
        ids(
            directory,
            org,
            by_client(ClientId::from_uuid(Uuid::now_v7()))
        )
        .await
        .is_empty()
    );
    assert_eq!(
        ids(
            directory,
            org,
            PortalUserQuery {
                state: Some(PortalUserStateFilter::Pending),
                text: Some(text("o")),
                client: Some(bolt),
            }
        )
        .await,
        [zoe],
        "every filter together"
    );

    let first = directory
        .search(
            org,
            &PortalUserQuery::default(),
            PageRequest::new(None, Some(3)),
        )
        .await
        .expect("search");
    assert_eq!(first.items, [jane, zoe, max]);
    assert_eq!(first.next_after, Some(max.as_uuid()));
    let second = directory
        .search(
            org,
            &PortalUserQuery::default(),
            PageRequest::new(first.next_after, Some(3)),
        )
        .await
        .expect("search");
    assert_eq!(second.items, [dan]);
    assert_eq!(second.next_after, None);
}

/// A user's unrevoked grants revoked (at, by) and its rule deleted, counted; others' and
/// already revoked grants untouched; another organisation revokes nothing; a second call
/// nothing. With `rolled_back`, the same in a unit of work dropped without commit first
/// changes nothing (real databases only).
pub async fn portal_user_revocation(
    subject: &ContactUsersContractSubject,
    directory: &Arc<dyn PortalUserDirectory>,
    rolled_back: bool,
) {
    let (org, client, _) = subject.setup().await;
    let (other, _, _) = subject.setup().await;
    let jane = portal_user(
        subject,
        org,
        ("Jane", "Doe", "jane"),
        ContactUserState::Active,
        vec![client],
    )
    .await;
    let max = portal_user(
        subject,
        org,
        ("Max", "Doe", "max"),
        ContactUserState::Active,
        vec![client],
    )
    .await;
    let granter = StaffUserId::from_uuid(Uuid::now_v7());
    let mut grants = Vec::new();
    for (who, revoked) in [(jane, false), (jane, false), (jane, true), (max, false)] {
        let case = subject.cases.new_case(org, Some(client), false, true).await;
        let grant = AccessGrant {
            id: AccessGrantId::from_uuid(Uuid::now_v7()),
            org_id: org,
            contact_user_id: who,
            case_id: case,
            role: CaseRole::Viewer,
            granted_by: granter,
            granted_at: T0,
            revoked_at: revoked.then_some(T0 + Duration::minutes(1)),
            revoked_by: revoked.then_some(granter),
        };
        let mut uow = subject.begin().await;
        subject
            .grants
            .insert(uow.as_mut(), &grant)
            .await
            .expect("grant");
        uow.commit().await.expect("commit");
        grants.push(grant);
    }
    for who in [jane, max] {
        let rule = PublicCasesRule {
            org_id: org,
            contact_user_id: who,
            open: true,
            closed: false,
            set_by: granter,
            set_at: T0,
        };
        let mut uow = subject.begin().await;
        subject
            .rules
            .upsert(uow.as_mut(), &rule)
            .await
            .expect("rule");
        uow.commit().await.expect("commit");
    }
    let remover = StaffUserId::from_uuid(Uuid::now_v7());
    let at = T0 + Duration::hours(1);

    if rolled_back {
        let mut uow = subject.begin().await;
        let revoked = directory
            .revoke_access(uow.as_mut(), org, jane, remover, at)
            .await
            .expect("revoke");
        assert_eq!(revoked, 3);
        drop(uow);
        assert_eq!(
            subject
                .grants
                .active_for_user(org, jane)
                .await
                .expect("grants")
                .len(),
            2,
            "nothing was revoked"
        );
        assert!(subject.rules.find(org, jane).await.expect("rule").is_some());
    }

    let mut uow = subject.begin().await;
    assert_eq!(
        directory
            .revoke_access(uow.as_mut(), other, jane, remover, at)
            .await
            .expect("revoke"),
        0,
        "another organisation revokes nothing"
    );
    let revoked = directory
        .revoke_access(uow.as_mut(), org, jane, remover, at)
        .await
        .expect("revoke");
    uow.commit().await.expect("commit");
    assert_eq!(revoked, 3, "two grants and the rule");

    for grant in &grants[..2] {
        let stored = subject
            .grants
            .find(org, grant.id)
            .await
            .expect("find")
            .expect("grant");
        assert_eq!(stored.revoked_at, Some(at));
        assert_eq!(stored.revoked_by, Some(remover));
    }
    let earlier = subject
        .grants
        .find(org, grants[2].id)
        .await
        .expect("find")
        .expect("grant");
    assert_eq!(
        earlier.revoked_at, grants[2].revoked_at,
        "an earlier revocation stays as it was"
    );
    assert!(subject.rules.find(org, jane).await.expect("rule").is_none());
    assert_eq!(
        subject
            .grants
            .active_for_user(org, max)
            .await
            .expect("grants")
            .len(),
        1,
        "another user's grant stays"
    );
    assert!(subject.rules.find(org, max).await.expect("rule").is_some());

    let mut uow = subject.begin().await;
    assert_eq!(
        directory
            .revoke_access(uow.as_mut(), org, jane, remover, at)
            .await
            .expect("revoke"),
        0,
        "nothing left to revoke"
    );
    uow.commit().await.expect("commit");
}
