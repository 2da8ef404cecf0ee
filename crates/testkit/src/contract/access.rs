//! Organisations and staff users.

use frontdesk_access::{
    Branding, OrgSlug, Organisation, PortalMode, Profile, ProfileSet, TokenLifetimePolicy,
};
use frontdesk_kernel::{EmailAddress, PageRequest, PasswordHash, RepositoryError};
use time::Duration;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{
    T0, insert_org, insert_user, new_org_id, organisation, random_suffix, staff_user,
};

/// Organisations: insert, find, find by slug, slug conflict, default form.
pub async fn organisations(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let found = subject.organisations.find(org.id).await.expect("find");
    assert_eq!(
        found.as_ref(),
        Some(&org),
        "an organisation reads back as written"
    );
    let by_slug = subject
        .organisations
        .find_by_slug(&org.slug)
        .await
        .expect("find by slug");
    assert_eq!(by_slug.as_ref(), Some(&org));
    assert!(
        subject
            .organisations
            .find(new_org_id())
            .await
            .expect("find")
            .is_none()
    );
    let unknown = OrgSlug::parse(&format!("no-{}", random_suffix())).expect("slug");
    assert!(
        subject
            .organisations
            .find_by_slug(&unknown)
            .await
            .expect("find")
            .is_none()
    );

    let mut twin = organisation();
    twin.slug = org.slug.clone();
    let mut uow = subject.begin().await;
    let result = subject.organisations.insert(uow.as_mut(), &twin).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("slug"))),
        "a taken slug is a slug conflict, got {result:?}"
    );
    drop(uow);
    assert!(
        subject
            .organisations
            .find(twin.id)
            .await
            .expect("find")
            .is_none()
    );

    let defaults = Organisation {
        branding: Branding::default(),
        lifetimes: TokenLifetimePolicy::default(),
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        ..organisation()
    };
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &defaults)
        .await
        .expect("insert");
    let form = subject
        .initialiser
        .initialise(uow.as_mut(), &defaults)
        .await
        .expect("initialise");
    uow.commit().await.expect("commit");
    assert_eq!(form, "contact", "the default form is called contact");
    let found = subject.organisations.find(defaults.id).await.expect("find");
    assert_eq!(found, Some(defaults));
}

/// Staff users: insert, find, find by email, conflicts, update, tenant isolation.
pub async fn staff_users(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let mut user = staff_user(
        org.id,
        "Jane.Doe@Acme.TEST",
        &[Profile::Agent, Profile::CaseAdmin],
    );
    user.password_hash = Some(PasswordHash::from_phc(
        "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA".into(),
    ));
    insert_user(subject, &user).await;

    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(user.clone())
    );
    assert!(
        subject
            .staff
            .find(other.id, user.id)
            .await
            .expect("find")
            .is_none(),
        "a user is invisible from another organisation"
    );
    let lookup = EmailAddress::parse("JANE.DOE@acme.test").expect("email");
    assert_eq!(
        subject
            .staff
            .find_by_email(org.id, &lookup)
            .await
            .expect("find by email"),
        Some(user.clone()),
        "email lookups compare normalised addresses"
    );
    assert!(
        subject
            .staff
            .find_by_email(other.id, &lookup)
            .await
            .expect("find")
            .is_none()
    );

    let duplicate = staff_user(org.id, "jane.doe@acme.test", &[Profile::Agent]);
    let mut uow = subject.begin().await;
    let result = subject.staff.insert(uow.as_mut(), &duplicate).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("email"))),
        "the same address twice in one organisation is an email conflict, got {result:?}"
    );
    drop(uow);
    let elsewhere = staff_user(other.id, "jane.doe@acme.test", &[Profile::Agent]);
    insert_user(subject, &elsewhere).await;
    assert_eq!(
        subject
            .staff
            .find_by_email(other.id, &lookup)
            .await
            .expect("find"),
        Some(elsewhere.clone()),
        "the same address may exist in another organisation"
    );

    let mut changed = user.clone();
    changed.profiles = ProfileSet::of([Profile::Admin]);
    changed.disabled = true;
    changed.password_hash = None;
    changed.updated_at = T0 + Duration::minutes(5) + Duration::microseconds(7);
    let mut uow = subject.begin().await;
    subject
        .staff
        .update(uow.as_mut(), &changed)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(changed.clone())
    );

    let mut with_password = changed.clone();
    with_password.password_hash = Some(PasswordHash::from_phc("$argon2id$v=19$new".into()));
    with_password.disabled = false;
    let mut uow = subject.begin().await;
    subject
        .staff
        .update(uow.as_mut(), &with_password)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(with_password)
    );

    let mut cross = elsewhere.clone();
    cross.org_id = org.id;
    cross.disabled = true;
    let mut uow = subject.begin().await;
    subject
        .staff
        .update(uow.as_mut(), &cross)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .staff
            .find(other.id, elsewhere.id)
            .await
            .expect("find"),
        Some(elsewhere),
        "an update naming the wrong organisation changes nothing"
    );
}

/// Staff users: id-ordered pages and the active admin count.
pub async fn staff_pagination_and_admin_count(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let mut users = [
        staff_user(org.id, "a@acme.test", &[Profile::Admin]),
        staff_user(org.id, "b@acme.test", &[Profile::Admin, Profile::Agent]),
        staff_user(org.id, "c@acme.test", &[Profile::CaseAdmin]),
    ];
    users.sort_by_key(|user| user.id);
    let mut disabled_admin = staff_user(org.id, "d@acme.test", &[Profile::Admin]);
    disabled_admin.disabled = true;
    // Insert out of order: pages follow id order, not insertion order.
    for user in users.iter().rev() {
        insert_user(subject, user).await;
    }
    insert_user(
        subject,
        &staff_user(other.id, "a@acme.test", &[Profile::Admin]),
    )
    .await;

    let first = subject
        .staff
        .list(org.id, PageRequest::new(None, Some(2)))
        .await
        .expect("list");
    assert_eq!(
        first.items,
        users[..2].to_vec(),
        "the first page holds the two oldest users"
    );
    assert_eq!(first.next_after, Some(users[1].id.as_uuid()));
    let second = subject
        .staff
        .list(org.id, PageRequest::new(first.next_after, Some(2)))
        .await
        .expect("list");
    assert_eq!(second.items, users[2..].to_vec());
    assert_eq!(second.next_after, None, "the last page has no cursor");

    assert_eq!(
        subject
            .staff
            .count_active_admins(org.id)
            .await
            .expect("count"),
        2
    );
    insert_user(subject, &disabled_admin).await;
    assert_eq!(
        subject
            .staff
            .count_active_admins(org.id)
            .await
            .expect("count"),
        2,
        "disabled admins do not count"
    );
    assert_eq!(
        subject
            .staff
            .count_active_admins(other.id)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        subject
            .staff
            .count_active_admins(new_org_id())
            .await
            .expect("count"),
        0
    );
}
