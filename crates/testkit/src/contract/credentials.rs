//! API tokens, one-time action tokens and console sessions.

use frontdesk_access::{ActionPurpose, ActionToken, ApiToken, StaffSession};
use frontdesk_kernel::{ActionTokenId, ApiTokenId, SessionId, Uuid};
use time::Duration;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{T0, digest, insert_org_and_user, new_org_id};

/// API tokens: insert, find by digest, scoped find, revoke once.
pub async fn api_tokens(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let token = ApiToken {
        id: ApiTokenId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        user_id: user.id,
        label: "CI deploys".into(),
        digest: digest(),
        created_at: T0,
        expires_at: Some(T0 + Duration::days(30)),
        revoked_at: None,
    };
    let mut uow = subject.begin().await;
    subject
        .api_tokens
        .insert(uow.as_mut(), &token)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");

    assert_eq!(
        subject
            .api_tokens
            .find_by_digest(&token.digest)
            .await
            .expect("find"),
        Some(token.clone())
    );
    assert!(
        subject
            .api_tokens
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );
    assert_eq!(
        subject
            .api_tokens
            .find(org.id, token.id)
            .await
            .expect("find"),
        Some(token.clone())
    );
    assert!(
        subject
            .api_tokens
            .find(new_org_id(), token.id)
            .await
            .expect("find")
            .is_none(),
        "a token is invisible from another organisation"
    );

    let at = T0 + Duration::hours(1);
    let mut uow = subject.begin().await;
    assert!(
        !subject
            .api_tokens
            .revoke(uow.as_mut(), new_org_id(), token.id, at)
            .await
            .expect("revoke"),
        "another organisation cannot revoke the token"
    );
    assert!(
        subject
            .api_tokens
            .revoke(uow.as_mut(), org.id, token.id, at)
            .await
            .expect("revoke")
    );
    uow.commit().await.expect("commit");
    let mut uow = subject.begin().await;
    let later = at + Duration::hours(1);
    assert!(
        !subject
            .api_tokens
            .revoke(uow.as_mut(), org.id, token.id, later)
            .await
            .expect("revoke"),
        "revoking twice changes nothing the second time"
    );
    uow.commit().await.expect("commit");
    let stored = subject
        .api_tokens
        .find(org.id, token.id)
        .await
        .expect("find")
        .expect("token");
    assert_eq!(
        stored.revoked_at,
        Some(at),
        "the first revocation time is kept"
    );

    let no_expiry = ApiToken {
        id: ApiTokenId::from_uuid(Uuid::now_v7()),
        digest: digest(),
        expires_at: None,
        ..token
    };
    let mut uow = subject.begin().await;
    subject
        .api_tokens
        .insert(uow.as_mut(), &no_expiry)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .api_tokens
            .find(org.id, no_expiry.id)
            .await
            .expect("find"),
        Some(no_expiry)
    );
}

/// Action tokens: insert, find by digest, single use.
pub async fn action_tokens(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let token = ActionToken {
        id: ActionTokenId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        user_id: user.id,
        purpose: ActionPurpose::PasswordReset,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::hours(1),
        used_at: None,
    };
    let mut uow = subject.begin().await;
    subject
        .action_tokens
        .insert(uow.as_mut(), &token)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .action_tokens
            .find_by_digest(&token.digest)
            .await
            .expect("find"),
        Some(token.clone())
    );
    assert!(
        subject
            .action_tokens
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );

    let at = T0 + Duration::minutes(3);
    let mut uow = subject.begin().await;
    assert!(
        subject
            .action_tokens
            .mark_used(uow.as_mut(), &token, at)
            .await
            .expect("mark used")
    );
    uow.commit().await.expect("commit");
    let mut uow = subject.begin().await;
    assert!(
        !subject
            .action_tokens
            .mark_used(uow.as_mut(), &token, at)
            .await
            .expect("mark used"),
        "a link is used at most once"
    );
    uow.commit().await.expect("commit");
    let stored = subject
        .action_tokens
        .find_by_digest(&token.digest)
        .await
        .expect("find");
    assert_eq!(stored.and_then(|t| t.used_at), Some(at));
}

/// Sessions: insert, find, touch, end, end all for a user.
pub async fn sessions(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let session = |n: i64| StaffSession {
        id: SessionId::from_uuid(Uuid::now_v7()),
        digest: digest(),
        org_id: org.id,
        user_id: user.id,
        created_at: T0 + Duration::seconds(n),
        last_seen_at: T0 + Duration::seconds(n),
        absolute_expires_at: T0 + Duration::hours(12),
        ended_at: None,
    };
    let one = session(1);
    subject.sessions.insert(&one).await.expect("insert");
    assert_eq!(
        subject
            .sessions
            .find_by_digest(&one.digest)
            .await
            .expect("find"),
        Some(one.clone())
    );
    assert!(
        subject
            .sessions
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );

    let seen = T0 + Duration::minutes(10) + Duration::microseconds(1);
    subject.sessions.touch(&one, seen).await.expect("touch");
    let stored = subject
        .sessions
        .find_by_digest(&one.digest)
        .await
        .expect("find")
        .expect("session");
    assert_eq!(stored.last_seen_at, seen);
    assert_eq!(stored.ended_at, None);

    let ended = T0 + Duration::minutes(11);
    subject.sessions.end(&one, ended).await.expect("end");
    let stored = subject
        .sessions
        .find_by_digest(&one.digest)
        .await
        .expect("find")
        .expect("session");
    assert_eq!(stored.ended_at, Some(ended));

    let two = session(2);
    let three = session(3);
    subject.sessions.insert(&two).await.expect("insert");
    subject.sessions.insert(&three).await.expect("insert");
    assert_eq!(
        subject
            .sessions
            .end_all_for_user(new_org_id(), user.id, ended)
            .await
            .expect("end all"),
        0,
        "another organisation ends nothing"
    );
    let all_ended = T0 + Duration::minutes(20);
    assert_eq!(
        subject
            .sessions
            .end_all_for_user(org.id, user.id, all_ended)
            .await
            .expect("end all"),
        2,
        "only open sessions are counted"
    );
    assert_eq!(
        subject
            .sessions
            .end_all_for_user(org.id, user.id, all_ended)
            .await
            .expect("end all"),
        0
    );
    for open in [&two, &three] {
        let stored = subject
            .sessions
            .find_by_digest(&open.digest)
            .await
            .expect("find")
            .expect("session");
        assert_eq!(stored.ended_at, Some(all_ended));
    }
    let stored = subject
        .sessions
        .find_by_digest(&one.digest)
        .await
        .expect("find")
        .expect("session");
    assert_eq!(
        stored.ended_at,
        Some(ended),
        "an ended session keeps its end time"
    );
}
