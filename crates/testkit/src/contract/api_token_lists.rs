//! Listing one staff member's API tokens.

use frontdesk_access::{ApiToken, Profile};
use frontdesk_kernel::{ApiTokenId, Uuid};
use time::Duration;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{T0, digest, insert_org_and_user, insert_user, staff_user};

fn token(org: &frontdesk_access::Organisation, user: frontdesk_kernel::StaffUserId) -> ApiToken {
    ApiToken {
        id: ApiTokenId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        user_id: user,
        label: "laptop".into(),
        digest: digest(),
        created_at: T0,
        expires_at: Some(T0 + Duration::days(30)),
        revoked_at: None,
    }
}

/// API tokens by user: every token of the user whatever its state, newest first (time, then
/// id), never another user's or another organisation's.
pub async fn api_tokens_by_user(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let colleague = staff_user(org.id, "colleague@acme.test", &[Profile::Agent]);
    insert_user(subject, &colleague).await;
    let (other_org, stranger) = insert_org_and_user(subject).await;

    // Created in this order: `later` after `first` by a microsecond; `twin` at the same
    // instant as `later` with a greater id.
    let first = token(&org, user.id);
    let mut later = token(&org, user.id);
    later.created_at = T0 + Duration::microseconds(1);
    later.revoked_at = Some(T0 + Duration::seconds(5));
    let mut twin = token(&org, user.id);
    twin.created_at = later.created_at;
    if twin.id.as_uuid() < later.id.as_uuid() {
        std::mem::swap(&mut twin.id, &mut later.id);
    }
    let theirs = token(&org, colleague.id);
    let foreign = token(&other_org, stranger.id);
    let mut uow = subject.begin().await;
    for t in [&first, &later, &twin, &theirs, &foreign] {
        subject
            .api_tokens
            .insert(uow.as_mut(), t)
            .await
            .expect("insert");
    }
    uow.commit().await.expect("commit");

    let listed = subject
        .api_tokens
        .list_for_user(org.id, user.id)
        .await
        .expect("list");
    assert_eq!(
        listed,
        vec![twin, later, first],
        "a user's tokens, revoked ones too, newest first"
    );
    assert!(
        subject
            .api_tokens
            .list_for_user(other_org.id, user.id)
            .await
            .expect("list")
            .is_empty(),
        "tokens are scoped to their organisation"
    );
    assert_eq!(
        subject
            .api_tokens
            .list_for_user(org.id, colleague.id)
            .await
            .expect("list"),
        vec![theirs]
    );
}
