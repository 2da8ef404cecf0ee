//! The organisation-settings and own-API-token use cases over the in-memory fakes: who may,
//! what is stored and audited, and what is refused with nothing changed.

use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{EmailAddress, Language, PersonName, UuidV7Generator};
use frontdesk_testkit::{FakeClock, FakeHasher, InMemoryStore, SequenceTokenSource, access_ports};
use time::Duration;
use url::Url;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    service: AccessService,
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
        clock,
        store,
        service: AccessService::new(ports, SessionPolicy::default()),
    }
}

async fn bootstrap(service: &AccessService) -> (Bootstrapped, StaffActor) {
    let created = service
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
    let actor = service
        .authenticate_api_token(created.api_token.expose())
        .await
        .expect("the bootstrap token works");
    (created, actor)
}

async fn agent(service: &AccessService, admin: &StaffActor) -> StaffActor {
    let created = service
        .create_staff_user(
            admin,
            NewStaffUser {
                email: EmailAddress::parse("agent@acme.example").expect("email"),
                name: PersonName::parse("Agent").expect("name"),
                profiles: ProfileSet::of([Profile::Agent]),
            },
        )
        .await
        .expect("create agent");
    StaffActor {
        org_id: created.user.org_id,
        user_id: created.user.id,
        profiles: created.user.profiles,
        method: admin.method,
    }
}

fn actions(store: &InMemoryStore) -> Vec<String> {
    store
        .audit_events()
        .iter()
        .map(|event| event.action.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn an_admin_changes_the_organisation_and_it_is_audited_once() {
    let w = world();
    let (created, admin) = bootstrap(&w.service).await;
    let changes = OrganisationChanges {
        name: Some(OrgName::parse("Acme Renamed").expect("name")),
        colour: Some(Some(HexColour::parse("#AA3300").expect("colour"))),
        logo_url: Some(Some(
            Url::parse("https://cdn.example/logo.png").expect("url"),
        )),
        default_language: Some(Language::Fr),
        registration_enabled: Some(true),
    };
    let org = w
        .service
        .update_organisation(&admin, changes.clone())
        .await
        .expect("update");
    assert_eq!(org.name.as_str(), "Acme Renamed");
    assert_eq!(
        org.branding.colour.as_ref().map(HexColour::as_str),
        Some("#aa3300")
    );
    assert_eq!(org.default_language, Language::Fr);
    assert_eq!(
        org.slug, created.organisation.slug,
        "the slug never changes"
    );
    assert_eq!(w.service.organisation(&admin).await.expect("read"), org);
    let events = w.store.audit_events();
    let last = events.last().expect("an event");
    assert_eq!(last.action, AuditAction::ORGANISATION_CHANGED);
    assert_eq!(
        last.detail,
        "changed=name,colour,logo_url,default_language,registration_enabled"
    );
    assert!(org.registration_enabled);
    assert_eq!(last.actor, Some(admin.user_id));

    // The same changes again change nothing, so nothing is audited.
    let before = events.len();
    w.service
        .update_organisation(&admin, changes)
        .await
        .expect("update");
    assert_eq!(w.store.audit_events().len(), before);

    // Removing the colour and logo.
    let cleared = w
        .service
        .update_organisation(
            &admin,
            OrganisationChanges {
                colour: Some(None),
                logo_url: Some(None),
                ..OrganisationChanges::default()
            },
        )
        .await
        .expect("clear");
    assert_eq!(cleared.branding, Branding::default());
    assert_eq!(cleared.name.as_str(), "Acme Renamed", "the rest stays");
}

#[tokio::test]
async fn an_agent_or_an_insecure_logo_changes_nothing() {
    let w = world();
    let (_, admin) = bootstrap(&w.service).await;
    let agent = agent(&w.service, &admin).await;
    let before = w.service.organisation(&admin).await.expect("read");
    let audited = w.store.audit_events().len();
    let error = w
        .service
        .update_organisation(
            &agent,
            OrganisationChanges {
                name: Some(OrgName::parse("Hijacked").expect("name")),
                ..OrganisationChanges::default()
            },
        )
        .await
        .expect_err("agents may not");
    assert!(
        matches!(error, UpdateOrganisationError::Forbidden(_)),
        "{error:?}"
    );
    for bad in ["http://cdn.example/logo.png", "javascript:alert(1)"] {
        let error = w
            .service
            .update_organisation(
                &admin,
                OrganisationChanges {
                    name: Some(OrgName::parse("Renamed").expect("name")),
                    logo_url: Some(Some(Url::parse(bad).expect("url"))),
                    ..OrganisationChanges::default()
                },
            )
            .await
            .expect_err("not https");
        assert!(
            matches!(error, UpdateOrganisationError::LogoUrlNotHttps),
            "{error:?}"
        );
    }
    assert_eq!(w.service.organisation(&admin).await.expect("read"), before);
    assert_eq!(w.store.audit_events().len(), audited);
}

#[tokio::test]
async fn anyone_issues_lists_and_revokes_their_own_tokens_only() {
    let w = world();
    let (_, admin) = bootstrap(&w.service).await;
    let agent = agent(&w.service, &admin).await;
    let now = frontdesk_kernel::Clock::now(w.clock.as_ref());
    let request = |days: i64| NewApiToken {
        label: ApiTokenLabel::parse("laptop").expect("label"),
        expires_at: Some(now + Duration::days(days)),
    };
    let created = w
        .service
        .create_my_api_token(&agent, request(30))
        .await
        .expect("an agent may issue a token for themself");
    assert_eq!(created.record.user_id, agent.user_id);
    let as_agent = w
        .service
        .authenticate_api_token(created.secret.expose())
        .await
        .expect("the token works");
    assert_eq!(as_agent.user_id, agent.user_id);
    assert!(
        !as_agent.may(Permission::ManageStaff),
        "and acts only as them"
    );
    assert_eq!(
        actions(&w.store).last().map(String::as_str),
        Some("api_token.created")
    );

    let mine = w.service.my_api_tokens(&agent).await.expect("list");
    assert_eq!(mine, vec![created.record.clone()]);
    let admins = w.service.my_api_tokens(&admin).await.expect("list");
    assert!(
        admins.iter().all(|t| t.user_id == admin.user_id),
        "an admin's list holds only their own tokens"
    );

    for (days, expected) in [
        (0, "not in future"),
        (-1, "not in future"),
        (366, "too late"),
    ] {
        let error = w
            .service
            .create_my_api_token(&agent, request(days))
            .await
            .expect_err(expected);
        match expected {
            "too late" => assert!(
                matches!(
                    error,
                    CreateMyApiTokenError::ExpiryTooLate { max_days: 365 }
                ),
                "{error:?}"
            ),
            _ => assert!(
                matches!(error, CreateMyApiTokenError::ExpiryNotInFuture),
                "{error:?}"
            ),
        }
    }
    let error = w
        .service
        .create_my_api_token(
            &agent,
            NewApiToken {
                expires_at: None,
                ..request(1)
            },
        )
        .await
        .expect_err("an expiry is required");
    assert!(matches!(error, CreateMyApiTokenError::ExpiryRequired));
    assert_eq!(
        w.service.my_api_tokens(&agent).await.expect("list").len(),
        1
    );

    w.service
        .revoke_api_token(&agent, created.record.id)
        .await
        .expect("owners revoke their own");
    let mine = w.service.my_api_tokens(&agent).await.expect("list");
    assert!(mine[0].revoked_at.is_some(), "revoked tokens stay listed");
    assert!(
        w.service
            .authenticate_api_token(created.secret.expose())
            .await
            .is_err()
    );
}
