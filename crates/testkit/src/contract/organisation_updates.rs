//! Changing an organisation's settings.

use frontdesk_access::{Branding, HexColour, OrgName, Organisation, PortalMode};
use frontdesk_kernel::Language;
use time::macros::datetime;
use url::Url;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{insert_org, organisation};

/// Organisations: an update replaces the name, branding, default language, portal mode and
/// lifetimes, keeps id, slug, base URL and creation time, touches no other organisation,
/// lands only with its unit of work's commit, and reports a missing organisation.
pub async fn organisation_updates(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let bystander = insert_org(subject).await;

    let mut changed = org.clone();
    changed.name = OrgName::parse("Acme Renamed").expect("name");
    changed.branding = Branding {
        logo_url: Some(Url::parse("https://cdn.acme.test/new.svg").expect("url")),
        colour: Some(HexColour::parse("#0A0b0C").expect("colour")),
    };
    changed.default_language = Language::En;
    changed.portal_mode = PortalMode::Public;
    changed.registration_enabled = !org.registration_enabled;
    changed.lifetimes = frontdesk_access::TokenLifetimePolicy::default();
    // What an update may not change, even if the caller's copy says otherwise.
    let mut attempt = changed.clone();
    attempt.slug = bystander.slug.clone();
    attempt.base_url = Url::parse("https://elsewhere.test/").expect("url");
    attempt.created_at = datetime!(2030-01-01 0:00 UTC);

    let mut uow = subject.begin().await;
    let found = subject
        .organisations
        .update(uow.as_mut(), &attempt)
        .await
        .expect("update");
    assert!(found, "an update of a stored organisation says it exists");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.organisations.find(org.id).await.expect("find"),
        Some(changed.clone()),
        "settings change; id, slug, base URL and creation time stay"
    );
    assert_eq!(
        subject
            .organisations
            .find_by_slug(&org.slug)
            .await
            .expect("find by slug")
            .map(|o| o.id),
        Some(org.id),
        "the slug still names the organisation"
    );
    assert_eq!(
        subject
            .organisations
            .find(bystander.id)
            .await
            .expect("find"),
        Some(bystander),
        "no other organisation changes"
    );

    let cleared = Organisation {
        branding: Branding::default(),
        ..changed.clone()
    };
    let mut uow = subject.begin().await;
    assert!(
        subject
            .organisations
            .update(uow.as_mut(), &cleared)
            .await
            .expect("update")
    );
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.organisations.find(org.id).await.expect("find"),
        Some(cleared),
        "a colour and logo can be removed"
    );

    let ghost = organisation();
    let mut uow = subject.begin().await;
    let found = subject
        .organisations
        .update(uow.as_mut(), &ghost)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert!(
        !found,
        "updating an organisation that is not stored says so"
    );
    assert!(
        subject
            .organisations
            .find(ghost.id)
            .await
            .expect("find")
            .is_none(),
        "an update never creates an organisation"
    );
}

/// Only for real databases: an update dropped without commit changes nothing.
pub async fn uncommitted_organisation_updates_are_rolled_back(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let mut changed = org.clone();
    changed.name = OrgName::parse("Never Saved").expect("name");
    let mut uow = subject.begin().await;
    assert!(
        subject
            .organisations
            .update(uow.as_mut(), &changed)
            .await
            .expect("update")
    );
    drop(uow);
    assert_eq!(
        subject.organisations.find(org.id).await.expect("find"),
        Some(org),
        "an uncommitted update is rolled back"
    );
}
