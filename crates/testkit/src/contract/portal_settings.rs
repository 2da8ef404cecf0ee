//! The portal settings port: one record of title and forms per organisation, replaced whole
//! on save (a cleared title and an empty forms list round-trip), never seen from another
//! organisation; and which slugs name none of the organisation's forms.

use std::sync::Arc;

use frontdesk_access::{PortalExtras, PortalSettingsRepository, PortalTitle};

use super::ContractSubject;
use super::fixtures::insert_org;

/// Saves `extras` as `org`'s in a unit of work of its own, committed.
async fn save(
    subject: &ContractSubject,
    settings: &Arc<dyn PortalSettingsRepository>,
    org: frontdesk_kernel::OrgId,
    extras: &PortalExtras,
) {
    let mut uow = subject.begin().await;
    settings
        .save(uow.as_mut(), org, extras)
        .await
        .expect("save the portal settings");
    uow.commit().await.expect("commit");
}

/// Round trip, replacement (title cleared, forms emptied, order kept), organisation scoping
/// and unknown forms (the default form is known once the organisation is initialised).
pub async fn portal_settings(
    subject: &ContractSubject,
    settings: &Arc<dyn PortalSettingsRepository>,
) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let mut uow = subject.begin().await;
    let default_form = subject
        .initialiser
        .initialise(uow.as_mut(), &org)
        .await
        .expect("initialise");
    uow.commit().await.expect("commit");

    assert_eq!(
        settings.find(org.id).await.expect("find"),
        None,
        "never set"
    );

    let full = PortalExtras {
        title: Some(PortalTitle::parse("Acme — customer portal").expect("title")),
        forms: vec![
            default_form.clone(),
            "it-help".to_owned(),
            "billing".to_owned(),
        ],
    };
    save(subject, settings, org.id, &full).await;
    assert_eq!(
        settings.find(org.id).await.expect("find"),
        Some(full.clone()),
        "title and forms round-trip, forms in their order"
    );
    assert_eq!(
        settings.find(other.id).await.expect("find"),
        None,
        "another organisation sees nothing"
    );

    // Another organisation's save leaves this one's alone.
    let others = PortalExtras {
        title: Some(PortalTitle::parse("Other").expect("title")),
        forms: vec!["contact".to_owned()],
    };
    save(subject, settings, other.id, &others).await;
    assert_eq!(settings.find(org.id).await.expect("find"), Some(full));
    assert_eq!(settings.find(other.id).await.expect("find"), Some(others));

    // Saving replaces the whole record: the title cleared, the forms emptied.
    let cleared = PortalExtras {
        title: None,
        forms: Vec::new(),
    };
    save(subject, settings, org.id, &cleared).await;
    assert_eq!(
        settings.find(org.id).await.expect("find"),
        Some(cleared),
        "a cleared title and an empty list are stored as such"
    );

    // Unknown forms: in the order asked, only those the organisation lacks.
    let asked = vec![
        "nope".to_owned(),
        default_form.clone(),
        "also-missing".to_owned(),
    ];
    assert_eq!(
        settings
            .unknown_forms(org.id, &asked)
            .await
            .expect("unknown"),
        ["nope", "also-missing"]
    );
    assert!(
        settings
            .unknown_forms(org.id, &[])
            .await
            .expect("unknown")
            .is_empty()
    );
    assert_eq!(
        settings
            .unknown_forms(other.id, std::slice::from_ref(&default_form))
            .await
            .expect("unknown"),
        [default_form],
        "another organisation's forms are not this one's"
    );
}

/// A save in a unit of work that is dropped without commit leaves nothing (real databases
/// only: the fakes apply writes at once).
pub async fn uncommitted_portal_settings_are_rolled_back(
    subject: &ContractSubject,
    settings: &Arc<dyn PortalSettingsRepository>,
) {
    let org = insert_org(subject).await;
    let kept = PortalExtras {
        title: Some(PortalTitle::parse("Kept").expect("title")),
        forms: vec!["contact".to_owned()],
    };
    save(subject, settings, org.id, &kept).await;
    {
        let mut uow = subject.begin().await;
        settings
            .save(
                uow.as_mut(),
                org.id,
                &PortalExtras {
                    title: None,
                    forms: Vec::new(),
                },
            )
            .await
            .expect("save");
        drop(uow);
    }
    assert_eq!(settings.find(org.id).await.expect("find"), Some(kept));
}
