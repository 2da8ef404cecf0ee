//! Checks that hold only for real databases: work that was never committed leaves no
//! trace. The fakes apply writes at once.

use frontdesk_access::Profile;
use frontdesk_kernel::{UnitOfWork, Uuid};
use time::{Duration, OffsetDateTime};

use crate::contract::fixtures::{T0, organisation, random_suffix, staff_user};
use crate::contract::{ContractSubject, outbox_enqueue_is_transactional};

/// Work that was never committed leaves no trace. Real databases only: the fakes apply
/// writes at once.
pub async fn uncommitted_work_is_rolled_back(subject: &ContractSubject) {
    let org = organisation();
    let user = staff_user(org.id, "gone@acme.test", &[Profile::Admin]);
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert");
    subject
        .initialiser
        .initialise(uow.as_mut(), &org)
        .await
        .expect("initialise");
    subject
        .staff
        .insert(uow.as_mut(), &user)
        .await
        .expect("insert");
    drop(uow);
    assert!(
        subject
            .organisations
            .find(org.id)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .organisations
            .find_by_slug(&org.slug)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .staff
            .find(org.id, user.id)
            .await
            .expect("find")
            .is_none()
    );

    // The same records can be written afterwards: nothing half-written blocks them.
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert");
    subject
        .initialiser
        .initialise(uow.as_mut(), &org)
        .await
        .expect("initialise");
    subject
        .staff
        .insert(uow.as_mut(), &user)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.organisations.find(org.id).await.expect("find"),
        Some(org.clone())
    );
    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(user)
    );
    outbox_enqueue_is_transactional(subject).await;
    attempts_recorded_in_work_land_with_it(subject).await;
    captcha_replays_recorded_in_work_land_with_it(subject).await;
}

/// A captcha replay key recorded inside a unit of work is taken only once the work commits.
/// Real databases only: the fakes apply writes at once.
pub async fn captcha_replays_recorded_in_work_land_with_it(subject: &ContractSubject) {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    let expires_at = OffsetDateTime::now_utc() + Duration::minutes(10);
    let replays = subject.replays.as_ref();
    let first_use_in = async |uow: &mut Box<dyn UnitOfWork>| {
        replays
            .first_use_in(uow.as_mut(), &key, expires_at)
            .await
            .expect("first use")
    };
    let mut uow = subject.begin().await;
    assert!(first_use_in(&mut uow).await);
    drop(uow);
    let mut uow = subject.begin().await;
    assert!(
        first_use_in(&mut uow).await,
        "a key recorded in rolled-back work is still free"
    );
    uow.commit().await.expect("commit");
    assert!(
        !subject
            .replays
            .first_use(&key, expires_at)
            .await
            .expect("first use"),
        "committed: the key is taken"
    );
    let mut uow = subject.begin().await;
    assert!(!first_use_in(&mut uow).await, "also inside later work");
}

/// An attempt recorded inside a unit of work lands only when the work commits. Real
/// databases only: the fakes apply writes at once.
pub async fn attempts_recorded_in_work_land_with_it(subject: &ContractSubject) {
    let key = format!("intake:{}", random_suffix());
    let count = || async {
        subject
            .attempts
            .failures_since(&key, T0 - Duration::days(1))
            .await
            .expect("since")
    };
    let mut uow = subject.begin().await;
    subject
        .attempts
        .record_failure_in(uow.as_mut(), &key, T0)
        .await
        .expect("record");
    drop(uow);
    assert!(count().await.is_empty(), "rolled back with its work");
    let mut uow = subject.begin().await;
    subject
        .attempts
        .record_failure_in(uow.as_mut(), &key, T0 + Duration::seconds(1))
        .await
        .expect("record");
    uow.commit().await.expect("commit");
    assert_eq!(count().await, vec![T0 + Duration::seconds(1)]);
}
