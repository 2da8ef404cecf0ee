//! The customer portal's settings over the in-memory fakes: only admins change them, every
//! form must exist, a refused change stores and audits nothing, and what is read back is
//! what was stored. The permission rule is checked for every profile combination.

use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{EmailAddress, Language, PersonName, UuidV7Generator};
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryStore, SequenceTokenSource, access_ports, portal_ports,
};
use proptest::prelude::*;

struct World {
    store: InMemoryStore,
    access: AccessService,
    portal: PortalService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let ports = access_ports(
        &store,
        Arc::new(FakeHasher::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    World {
        portal: PortalService::new(portal_ports(&store, clock, Arc::new(UuidV7Generator))),
        store,
        access: AccessService::new(ports, SessionPolicy::default()),
    }
}

async fn admin(access: &AccessService) -> StaffActor {
    let created = access
        .bootstrap(BootstrapOrganisation {
            slug: OrgSlug::parse("acme").expect("slug"),
            name: OrgName::parse("Acme").expect("name"),
            admin_email: EmailAddress::parse("admin@acme.example").expect("email"),
            admin_name: PersonName::parse("Admin").expect("name"),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
        })
        .await
        .expect("bootstrap");
    access
        .authenticate_api_token(created.api_token.expose())
        .await
        .expect("the bootstrap token works")
}

fn portal_events(store: &InMemoryStore) -> usize {
    store
        .audit_events()
        .iter()
        .filter(|event| event.action == AuditAction::PORTAL_CHANGED)
        .count()
}

#[tokio::test]
async fn admins_change_the_portal_and_read_back_what_they_stored() {
    let world = world();
    let admin = admin(&world.access).await;
    let changes = PortalChanges {
        mode: Some(PortalMode::Public),
        title: Some(Some(PortalTitle::parse("Acme help").expect("title"))),
        colour: Some(Some(HexColour::parse("#AA0011").expect("colour"))),
        logo_url: Some(Some("https://cdn.example/logo.png".parse().expect("url"))),
        forms: Some(vec!["contact".to_owned(), "contact".to_owned()]),
    };
    let stored = world
        .portal
        .update_portal(&admin, changes.clone())
        .await
        .expect("an admin may");
    assert_eq!(stored.mode, PortalMode::Public);
    assert_eq!(stored.forms, ["contact"], "duplicates are dropped");
    assert!(stored.allows_sign_up());
    assert!(stored.allows_form("contact"));
    assert!(!stored.allows_form("other"));
    let read = world.portal.portal_settings(&admin).await.expect("read");
    assert_eq!(read, stored);
    assert_eq!(portal_events(&world.store), 1);
    // The same changes again change nothing and audit nothing.
    world
        .portal
        .update_portal(&admin, changes)
        .await
        .expect("again");
    assert_eq!(portal_events(&world.store), 1);
}

#[tokio::test]
async fn unknown_forms_and_plain_http_logos_are_refused_with_nothing_stored() {
    let world = world();
    let admin = admin(&world.access).await;
    let refused = world
        .portal
        .update_portal(
            &admin,
            PortalChanges {
                mode: Some(PortalMode::Private),
                forms: Some(vec![
                    "contact".to_owned(),
                    "nope".to_owned(),
                    "Bad Slug".to_owned(),
                ]),
                ..PortalChanges::default()
            },
        )
        .await;
    match refused {
        Err(UpdatePortalError::UnknownForms(bad)) => assert_eq!(bad, ["Bad Slug", "nope"]),
        other => panic!("expected unknown forms, got {other:?}"),
    }
    let refused = world
        .portal
        .update_portal(
            &admin,
            PortalChanges {
                logo_url: Some(Some("http://cdn.example/logo.png".parse().expect("url"))),
                ..PortalChanges::default()
            },
        )
        .await;
    assert!(matches!(refused, Err(UpdatePortalError::LogoUrlNotHttps)));
    let read = world.portal.portal_settings(&admin).await.expect("read");
    assert_eq!(read.mode, PortalMode::Off);
    assert!(read.forms.is_empty());
    assert_eq!(portal_events(&world.store), 0);
}

const PROFILES: [Profile; 3] = [Profile::Admin, Profile::CaseAdmin, Profile::Agent];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Only members who may manage the organisation change the portal; anyone else is
    /// refused and nothing changes.
    #[test]
    fn only_organisation_managers_change_the_portal(mask in 0u8..8) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        runtime.block_on(async {
            let world = world();
            let admin = admin(&world.access).await;
            let profiles = ProfileSet::of(
                PROFILES.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, p)| *p),
            );
            let actor = StaffActor { profiles: profiles.clone(), ..admin.clone() };
            let result = world
                .portal
                .update_portal(&actor, PortalChanges { mode: Some(PortalMode::Public), ..PortalChanges::default() })
                .await;
            let allowed = profiles.grants(Permission::ManageOrganisation);
            assert_eq!(result.is_ok(), allowed, "{profiles:?}");
            let mode = world.portal.portal_settings(&admin).await.expect("read").mode;
            assert_eq!(mode == PortalMode::Public, allowed);
        });
    }
}
