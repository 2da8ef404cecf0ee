//! A staff member's own language and reading the audit trail, through `AccessService` over
//! the in-memory fakes with a fake clock.

use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{
    ApiTokenId, Clock, EmailAddress, Language, PageRequest, PersonName, StaffUserId, Uuid,
    UuidV7Generator,
};
use frontdesk_testkit::{FakeClock, FakeHasher, InMemoryStore, SequenceTokenSource, access_ports};
use time::Duration;

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

fn actor_for(user: &StaffUser) -> StaffActor {
    StaffActor {
        org_id: user.org_id,
        user_id: user.id,
        profiles: user.profiles.clone(),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

impl World {
    /// Organisation `slug` with its admin; returns the admin as an actor.
    async fn organisation(&self, slug: &str) -> StaffActor {
        let created = self
            .service
            .bootstrap(BootstrapOrganisation {
                slug: OrgSlug::parse(slug).expect("slug"),
                name: OrgName::parse("Org").expect("name"),
                admin_email: EmailAddress::parse(&format!("admin@{slug}.example")).expect("email"),
                admin_name: PersonName::parse("Admin").expect("name"),
                base_url: "https://desk.example".parse().expect("url"),
                default_language: Language::En,
            })
            .await
            .expect("bootstrap");
        actor_for(&created.admin)
    }

    async fn agent(&self, admin: &StaffActor, email: &str) -> StaffActor {
        let created = self
            .service
            .create_staff_user(
                admin,
                NewStaffUser {
                    email: EmailAddress::parse(email).expect("email"),
                    name: PersonName::parse("Agent").expect("name"),
                    profiles: ProfileSet::of([Profile::Agent]),
                },
            )
            .await
            .expect("create agent");
        actor_for(&created.user)
    }

    fn language_events(&self) -> Vec<AuditEvent> {
        self.store
            .audit_events()
            .into_iter()
            .filter(|event| event.action == AuditAction::STAFF_LANGUAGE_CHANGED)
            .collect()
    }
}

#[tokio::test]
async fn a_member_sets_their_own_language_and_the_change_is_audited() {
    let w = world();
    let admin = w.organisation("acme").await;
    let agent = w.agent(&admin, "agent@acme.example").await;
    assert_eq!(w.service.me(&agent).await.expect("me").language, None);

    w.clock.advance(Duration::minutes(5));
    w.service
        .set_my_language(&agent, Some(Language::Fr))
        .await
        .expect("an agent may choose their own language");
    let me = w.service.me(&agent).await.expect("me");
    assert_eq!(me.language, Some(Language::Fr));
    assert_eq!(me.updated_at, w.clock.now());
    assert_eq!(
        w.service.me(&admin).await.expect("me").language,
        None,
        "only the actor's own record changes"
    );

    w.service
        .set_my_language(&agent, None)
        .await
        .expect("back to the organisation's default");
    assert_eq!(w.service.me(&agent).await.expect("me").language, None);

    let events = w.language_events();
    assert_eq!(events.len(), 2);
    for event in &events {
        assert_eq!(event.org_id, Some(agent.org_id));
        assert_eq!(event.actor, Some(agent.user_id));
        assert_eq!(event.subject, Some(agent.user_id.to_string()));
    }
    assert_eq!(events[0].detail, "language=fr");
    assert_eq!(events[1].detail, "language=default");
}

#[tokio::test]
async fn an_admin_changing_a_member_keeps_their_language() {
    let w = world();
    let admin = w.organisation("acme").await;
    let agent = w.agent(&admin, "agent@acme.example").await;
    w.service
        .set_my_language(&agent, Some(Language::Fr))
        .await
        .expect("set");
    w.service
        .update_staff_user(
            &admin,
            agent.user_id,
            StaffUserChanges {
                profiles: Some(ProfileSet::of([Profile::Agent, Profile::CaseAdmin])),
                disabled: None,
            },
        )
        .await
        .expect("update");
    assert_eq!(
        w.service.me(&agent).await.expect("me").language,
        Some(Language::Fr)
    );
}

#[tokio::test]
async fn a_vanished_member_cannot_set_a_language_and_nothing_is_audited() {
    let w = world();
    let admin = w.organisation("acme").await;
    let ghost = StaffActor {
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        ..admin.clone()
    };
    assert!(matches!(
        w.service.set_my_language(&ghost, Some(Language::Fr)).await,
        Err(SetLanguageError::NotFound)
    ));
    let other = w.organisation("other").await;
    let elsewhere = StaffActor {
        org_id: other.org_id,
        ..admin.clone()
    };
    assert!(
        matches!(
            w.service
                .set_my_language(&elsewhere, Some(Language::Fr))
                .await,
            Err(SetLanguageError::NotFound)
        ),
        "a user is found only in its own organisation"
    );
    assert!(w.language_events().is_empty());
    assert_eq!(w.service.me(&admin).await.expect("me").language, None);
}

#[tokio::test]
async fn the_audit_trail_is_read_newest_first_in_pages_by_those_allowed() {
    let w = world();
    let admin = w.organisation("acme").await;
    let other = w.organisation("other").await;
    w.clock.advance(Duration::seconds(1));
    let agent = w.agent(&admin, "agent@acme.example").await;
    for language in [Some(Language::Fr), None, Some(Language::En)] {
        w.clock.advance(Duration::seconds(1));
        w.service
            .set_my_language(&agent, language)
            .await
            .expect("set");
    }
    w.service
        .set_my_language(&other, Some(Language::Fr))
        .await
        .expect("set");

    assert!(matches!(
        w.service
            .audit_log(&agent, AuditFilter::default(), PageRequest::first())
            .await,
        Err(ListAuditError::Forbidden(Forbidden(Permission::ViewAudit)))
    ));

    let all = w
        .service
        .audit_log(&admin, AuditFilter::default(), PageRequest::first())
        .await
        .expect("an admin reads the trail");
    let actions: Vec<&str> = all.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "staff_user.language_changed",
            "staff_user.language_changed",
            "staff_user.language_changed",
            "staff_user.created",
            "organisation.created",
        ],
        "newest first, only this organisation's"
    );
    assert!(all.items.iter().all(|e| e.org_id == Some(admin.org_id)));
    assert!(all.items.windows(2).all(|pair| pair[0].at >= pair[1].at));

    let filter = AuditFilter {
        actor: Some(agent.user_id),
        action: Some("staff_user.language_changed".to_owned()),
        from: Some(w.clock.now() - Duration::seconds(1)),
        to: None,
    };
    let first = w
        .service
        .audit_log(&admin, filter.clone(), PageRequest::new(None, Some(1)))
        .await
        .expect("page");
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].detail, "language=en");
    let second = w
        .service
        .audit_log(&admin, filter, PageRequest::new(first.next_after, Some(1)))
        .await
        .expect("page");
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].detail, "language=default");
    assert_eq!(second.next_after, None, "the window holds two events");
}
