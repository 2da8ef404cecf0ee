//! The contract of [`ContactUserSessionRepository`]: digest lookup, touch, end (first end
//! time kept), ending every session of a user but one in a unit of work, rollback of an
//! uncommitted insert (real databases only), and another organisation's sessions left alone.

use std::sync::Arc;

use frontdesk_contacts::{ContactUserSession, ContactUserSessionRepository};
use frontdesk_kernel::{ContactUserId, OrgId, RepositoryError, SessionId, Uuid};
use time::Duration;

use super::contact_users::{ContactUsersContractSubject, user};
use super::fixtures::{T0, digest, random_suffix};

fn session(org: OrgId, owner: ContactUserId, n: i64) -> ContactUserSession {
    ContactUserSession {
        id: SessionId::from_uuid(Uuid::now_v7()),
        org_id: org,
        contact_user_id: owner,
        digest: digest(),
        created_at: T0 + Duration::seconds(n),
        last_seen_at: T0 + Duration::seconds(n),
        expires_at: T0 + Duration::hours(12),
        ended_at: None,
    }
}

async fn insert(
    subject: &ContactUsersContractSubject,
    sessions: &dyn ContactUserSessionRepository,
    session: &ContactUserSession,
) -> Result<(), RepositoryError> {
    let mut uow = subject.begin().await;
    sessions.insert(uow.as_mut(), session).await?;
    uow.commit().await
}

async fn stored(
    sessions: &dyn ContactUserSessionRepository,
    session: &ContactUserSession,
) -> ContactUserSession {
    sessions
        .find_by_digest(&session.digest)
        .await
        .expect("find")
        .expect("session")
}

/// Contact users' sessions: round trip, unique digest, touch, end, end all but one.
pub async fn contact_user_sessions(
    subject: &ContactUsersContractSubject,
    sessions: &Arc<dyn ContactUserSessionRepository>,
) {
    let sessions = sessions.as_ref();
    let (org, client, contact) = subject.setup().await;
    let owner = user(
        org,
        contact.id,
        vec![client],
        &format!("s-{}", random_suffix()),
    );
    subject.insert(&owner).await.expect("insert user");

    let one = session(org, owner.id, 1);
    insert(subject, sessions, &one).await.expect("insert");
    assert_eq!(
        sessions.find_by_digest(&one.digest).await.expect("find"),
        Some(one.clone())
    );
    assert!(
        sessions
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );
    let clash = ContactUserSession {
        id: SessionId::from_uuid(Uuid::now_v7()),
        ..one.clone()
    };
    assert!(
        matches!(
            insert(subject, sessions, &clash).await,
            Err(RepositoryError::Conflict("digest"))
        ),
        "digests are unique"
    );

    let seen = T0 + Duration::minutes(10) + Duration::microseconds(1);
    sessions.touch(&one, seen).await.expect("touch");
    let after_touch = stored(sessions, &one).await;
    assert_eq!(after_touch.last_seen_at, seen);
    assert_eq!(after_touch.ended_at, None);

    let ended = T0 + Duration::minutes(11);
    sessions.end(&one, ended).await.expect("end");
    sessions
        .end(&one, ended + Duration::minutes(1))
        .await
        .expect("end again");
    assert_eq!(
        stored(sessions, &one).await.ended_at,
        Some(ended),
        "an ended session keeps its first end time"
    );

    // Ending all: another organisation ends nothing; `except` stays open; ended ones are
    // not counted again.
    let two = session(org, owner.id, 2);
    let three = session(org, owner.id, 3);
    let kept = session(org, owner.id, 4);
    for s in [&two, &three, &kept] {
        insert(subject, sessions, s).await.expect("insert");
    }
    let (foreign_org, _, _) = subject.setup().await;
    let mut uow = subject.begin().await;
    assert_eq!(
        sessions
            .end_all_for_user(uow.as_mut(), foreign_org, owner.id, ended, None)
            .await
            .expect("end all"),
        0,
        "another organisation ends nothing"
    );
    uow.commit().await.expect("commit");
    let all_ended = T0 + Duration::minutes(20);
    let mut uow = subject.begin().await;
    assert_eq!(
        sessions
            .end_all_for_user(uow.as_mut(), org, owner.id, all_ended, Some(kept.id))
            .await
            .expect("end all"),
        2,
        "only open sessions but the kept one are counted"
    );
    uow.commit().await.expect("commit");
    assert_eq!(stored(sessions, &two).await.ended_at, Some(all_ended));
    assert_eq!(stored(sessions, &three).await.ended_at, Some(all_ended));
    assert_eq!(stored(sessions, &kept).await.ended_at, None);
    assert_eq!(stored(sessions, &one).await.ended_at, Some(ended));
    let mut uow = subject.begin().await;
    assert_eq!(
        sessions
            .end_all_for_user(uow.as_mut(), org, owner.id, all_ended, None)
            .await
            .expect("end all"),
        1
    );
    uow.commit().await.expect("commit");
    assert_eq!(stored(sessions, &kept).await.ended_at, Some(all_ended));

    // Touching or ending with another organisation's id changes nothing.
    let four = session(org, owner.id, 5);
    insert(subject, sessions, &four).await.expect("insert");
    let disguised = ContactUserSession {
        org_id: foreign_org,
        ..four.clone()
    };
    sessions
        .touch(&disguised, T0 + Duration::hours(1))
        .await
        .expect("touch");
    sessions
        .end(&disguised, T0 + Duration::hours(1))
        .await
        .expect("end");
    assert_eq!(stored(sessions, &four).await, four);
}

/// An insert and an end-all in a unit of work that is dropped leave no trace (real
/// databases; the fakes apply writes at once).
pub async fn uncommitted_contact_user_sessions_are_rolled_back(
    subject: &ContactUsersContractSubject,
    sessions: &Arc<dyn ContactUserSessionRepository>,
) {
    let sessions = sessions.as_ref();
    let (org, client, contact) = subject.setup().await;
    let owner = user(
        org,
        contact.id,
        vec![client],
        &format!("r-{}", random_suffix()),
    );
    subject.insert(&owner).await.expect("insert user");
    let open = session(org, owner.id, 1);
    insert(subject, sessions, &open).await.expect("insert");
    let dropped = session(org, owner.id, 2);
    let mut uow = subject.begin().await;
    sessions
        .insert(uow.as_mut(), &dropped)
        .await
        .expect("insert");
    sessions
        .end_all_for_user(uow.as_mut(), org, owner.id, T0, None)
        .await
        .expect("end all");
    drop(uow);
    assert!(
        sessions
            .find_by_digest(&dropped.digest)
            .await
            .expect("find")
            .is_none()
    );
    assert_eq!(stored(sessions, &open).await.ended_at, None);
}
