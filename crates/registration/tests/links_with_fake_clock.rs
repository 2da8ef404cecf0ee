//! Property and scenario tests of the registration rules — expiry (org default and
//! maximum), bounded staff links, use limits, exact domains, the organisation's switch,
//! revocation, tenant isolation and mail — driven through `RegistrationService` over the
//! testkit's in-memory fakes with a fake clock.

use std::sync::Arc;

use frontdesk_access::{
    AuditAction, AuthMethod, Branding, LifetimeKind, OrgName, OrgSlug, Organisation,
    OrganisationRepository, PortalMode, Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
    TokenLifetimes,
};
use frontdesk_cases::FormSlug;
use frontdesk_contacts::{Client, ClientName, ClientRepository};
use frontdesk_kernel::{
    ApiTokenId, ClientId, Clock, ContactUserId, EmailAddress, Language, OrgId, PageRequest,
    StaffUserId, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{OutboundMessage, Outbox, TemplateKind};
use frontdesk_registration::*;
use frontdesk_testkit::{
    FakeClock, InMemoryCasesStore, InMemoryRegistrationStore, InMemoryStore, InMemoryUnitOfWork,
    SequenceTokenSource, registration_ports,
};
use proptest::prelude::*;
use secrecy::ExposeSecret;
use time::{Duration, OffsetDateTime};

const DAY: i64 = 86_400;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    links: InMemoryRegistrationStore,
    service: RegistrationService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let links = InMemoryRegistrationStore::new();
    let ports = registration_ports(
        &store,
        &cases,
        &links,
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    World {
        clock,
        store,
        cases,
        links,
        service: RegistrationService::new(ports),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn actor(org: OrgId, profiles: impl IntoIterator<Item = Profile>) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of(profiles),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

fn email(raw: &str) -> EmailAddress {
    EmailAddress::parse(raw).expect("email")
}

fn token_of(created: &CreatedRegistrationLink) -> String {
    created
        .url
        .expose_secret()
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned()
}

impl World {
    fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    async fn organisation(&self, enabled: bool, lifetimes: TokenLifetimePolicy) -> StaffActor {
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(&format!("o-{}", &Uuid::now_v7().simple().to_string()[20..]))
                .expect("slug"),
            name: OrgName::parse("Acme Ltd").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example/".parse().expect("url"),
            default_language: Language::Fr,
            portal_mode: PortalMode::Off,
            registration_enabled: enabled,
            lifetimes,
            created_at: self.now(),
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        actor(org.id, [Profile::Admin])
    }

    async fn switch(&self, admin: &StaffActor, enabled: bool) {
        let mut org = self
            .store
            .find(admin.org_id)
            .await
            .expect("find")
            .expect("org");
        org.registration_enabled = enabled;
        self.store
            .update(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("update");
    }

    async fn client(&self, org: OrgId) -> ClientId {
        let client = Client {
            id: ClientId::from_uuid(Uuid::now_v7()),
            org_id: org,
            name: ClientName::parse("Initech").expect("name"),
            created_at: self.now(),
            updated_at: self.now(),
        };
        ClientRepository::insert(&self.cases, &mut InMemoryUnitOfWork, &client)
            .await
            .expect("client");
        client.id
    }

    async fn mails(&self) -> Vec<OutboundMessage> {
        let now = self.now();
        let mut claimed = self
            .store
            .claim("test", now, now + Duration::hours(1), 1_000)
            .await
            .expect("claim");
        claimed.sort_by_key(|c| c.message.created_at);
        claimed.into_iter().map(|c| c.message).collect()
    }

    /// Counts one sign-up through `link` now, as the sign-up flow will.
    async fn use_once(&self, link: &RegistrationLink, n: usize) -> bool {
        let used = RegistrationUse {
            link_id: link.id,
            who: RegisteredUser::Contact(ContactUserId::from_uuid(Uuid::now_v7())),
            email: email(&format!("user{n}@acme.com")),
            at: self.now(),
        };
        RegistrationLinkRepository::record_use(&self.links, &mut InMemoryUnitOfWork, link, &used)
            .await
            .expect("use")
    }
}

fn staff_link(domains: Option<&[&str]>, max_uses: Option<u32>) -> CreateRegistrationLink {
    CreateRegistrationLink {
        allowed_domains: domains.map(|d| {
            AllowedDomains::parse(d.iter().copied())
                .expect("domains")
                .expect("some")
        }),
        max_uses,
        ..CreateRegistrationLink::new(RegistrationRole::Staff)
    }
}

// ---------------------------------------------------------------------------------------
// Expiry

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Without a request the link lives the organisation's default; a requested expiry is
    /// kept when in the future and within the maximum, refused otherwise.
    #[test]
    fn expiry_is_the_default_or_within_the_maximum(
        default_days in 1i64..=30,
        extra_days in 0i64..=60,
        requested in proptest::option::of(-10 * DAY..=120 * DAY),
    ) {
        runtime().block_on(async {
            let w = world();
            let mut lifetimes = TokenLifetimePolicy::default();
            let maximum = (default_days + extra_days) * DAY;
            lifetimes.overrides.insert(LifetimeKind::RegistrationLink, TokenLifetimes {
                default_seconds: default_days * DAY,
                maximum_seconds: maximum,
            });
            let admin = w.organisation(true, lifetimes).await;
            let now = w.now();
            let request = CreateRegistrationLink {
                expires_at: requested.map(|s| now + Duration::seconds(s)),
                ..CreateRegistrationLink::new(RegistrationRole::Client)
            };
            let result = w.service.create_link(&admin, request).await;
            match requested {
                None => {
                    let created = result.expect("default expiry");
                    assert_eq!(created.link.expires_at, now + Duration::days(default_days));
                }
                Some(s) if s <= 0 => assert!(matches!(result, Err(CreateRegistrationLinkError::ExpiryInPast))),
                Some(s) if s > maximum => assert!(matches!(result, Err(CreateRegistrationLinkError::ExpiryTooLate { .. }))),
                Some(s) => assert_eq!(result.expect("kept").link.expires_at, now + Duration::seconds(s)),
            }
        });
    }

    /// A link opens strictly before its expiry and never at or after it.
    #[test]
    fn a_link_never_opens_after_its_expiry(later in 0i64..=30 * DAY) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
            let created = w
                .service
                .create_link(&admin, CreateRegistrationLink::new(RegistrationRole::Client))
                .await
                .expect("create");
            w.clock.advance(Duration::seconds(later));
            let check = w.service.check_link(&token_of(&created), None).await.expect("check");
            if later < 14 * DAY {
                assert!(matches!(check, LinkCheck::Open(_)), "{later}: {check:?}");
            } else {
                assert!(matches!(check, LinkCheck::Closed(ClosedReason::Expired)), "{later}: {check:?}");
            }
        });
    }

    /// A link allowing `max` uses opens until `max` are counted, and counts no more.
    #[test]
    fn uses_stop_at_the_maximum(max in 1u32..=6, attempts in 0usize..=10) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
            let created = w
                .service
                .create_link(&admin, CreateRegistrationLink { max_uses: Some(max), ..CreateRegistrationLink::new(RegistrationRole::Client) })
                .await
                .expect("create");
            let mut counted = 0u32;
            for n in 0..attempts {
                if w.use_once(&created.link, n).await {
                    counted += 1;
                }
            }
            let expected = u32::try_from(attempts).expect("small").min(max);
            assert_eq!(counted, expected);
            let check = w.service.check_link(&token_of(&created), None).await.expect("check");
            assert_eq!(matches!(check, LinkCheck::Open(_)), expected < max, "{check:?}");
            assert_eq!(w.service.list_uses(&admin, created.link.id).await.expect("uses").len(), expected as usize);
        });
    }

    /// A staff link is refused unless it lists domains or limits its uses.
    #[test]
    fn staff_links_must_be_bounded(with_domains in any::<bool>(), max_uses in proptest::option::of(0u32..=3)) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
            let domains: Option<&[&str]> = with_domains.then_some(&["acme.com"]);
            let result = w.service.create_link(&admin, staff_link(domains, max_uses)).await;
            match (with_domains, max_uses) {
                (_, Some(0)) => assert!(matches!(result, Err(CreateRegistrationLinkError::Bounds(LinkBoundsError::NoUses)))),
                (false, None) => assert!(matches!(result, Err(CreateRegistrationLinkError::Bounds(LinkBoundsError::StaffUnbounded)))),
                _ => {
                    let created = result.expect("bounded staff link");
                    let check = w.service.check_link(&token_of(&created), Some(&email("sam@acme.com"))).await.expect("check");
                    let LinkCheck::Open(terms) = check else { panic!("open: {check:?}") };
                    assert_eq!(terms.staff_profile, Some(Profile::Agent), "agents only");
                }
            }
        });
    }

    /// Only the exact domain (any case) matches: look-alikes and subdomains never do.
    #[test]
    fn domains_match_exactly(
        local in "[a-z]{1,8}",
        prefix in "[a-z]{0,4}",
        suffix in "[a-z]{0,4}",
        upper in any::<bool>(),
    ) {
        runtime().block_on(async {
            let w = world();
            let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
            let created = w.service.create_link(&admin, staff_link(Some(&["acme.com"]), None)).await.expect("create");
            let domain = format!("{prefix}acme.com{suffix}");
            let domain = if upper { domain.to_uppercase() } else { domain };
            let address = email(&format!("{local}@{domain}"));
            let check = w.service.check_link(&token_of(&created), Some(&address)).await.expect("check");
            if prefix.is_empty() && suffix.is_empty() {
                assert!(matches!(check, LinkCheck::Open(_)), "{address:?}: {check:?}");
            } else {
                assert!(matches!(check, LinkCheck::DomainNotAllowed), "{address:?}: {check:?}");
            }
            let sub = email(&format!("{local}@mail.acme.com"));
            assert!(matches!(w.service.check_link(&token_of(&created), Some(&sub)).await.expect("check"), LinkCheck::DomainNotAllowed));
        });
    }
}

// ---------------------------------------------------------------------------------------
// Scenarios

#[tokio::test]
async fn while_registration_is_off_no_link_is_created_and_every_link_is_closed() {
    let w = world();
    let admin = w.organisation(false, TokenLifetimePolicy::default()).await;
    let refused = w
        .service
        .create_link(
            &admin,
            CreateRegistrationLink::new(RegistrationRole::Client),
        )
        .await;
    assert!(matches!(
        refused,
        Err(CreateRegistrationLinkError::RegistrationDisabled)
    ));
    w.switch(&admin, true).await;
    let created = w
        .service
        .create_link(
            &admin,
            CreateRegistrationLink::new(RegistrationRole::Client),
        )
        .await
        .expect("create");
    assert!(matches!(
        w.service
            .check_link(&token_of(&created), None)
            .await
            .expect("check"),
        LinkCheck::Open(_)
    ));
    w.switch(&admin, false).await;
    assert!(matches!(
        w.service
            .check_link(&token_of(&created), None)
            .await
            .expect("check"),
        LinkCheck::Closed(ClosedReason::RegistrationOff)
    ));
}

#[tokio::test]
async fn a_created_link_is_listed_read_revoked_and_audited() {
    let w = world();
    let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
    let client = w.client(admin.org_id).await;
    let created = w
        .service
        .create_link(
            &admin,
            CreateRegistrationLink {
                label: RegistrationLabel::parse_optional(Some("Website")).expect("label"),
                client_id: Some(client),
                ..CreateRegistrationLink::new(RegistrationRole::Client)
            },
        )
        .await
        .expect("create");
    let url = created.url.expose_secret().to_owned();
    assert!(url.contains("/r/fdr_"), "{url}");
    assert_ne!(
        created.link.digest.as_bytes(),
        url.as_bytes(),
        "only the digest is kept"
    );
    assert_eq!(
        created.link.language,
        Language::Fr,
        "the organisation's language"
    );
    assert_eq!(created.link.client_id, Some(client));

    let page = w
        .service
        .list_links(&admin, PageRequest::first())
        .await
        .expect("list");
    assert_eq!(page.items, vec![created.link.clone()]);
    assert_eq!(
        w.service.link(&admin, created.link.id).await.expect("read"),
        created.link
    );

    w.service
        .revoke_link(&admin, created.link.id)
        .await
        .expect("revoke");
    w.service
        .revoke_link(&admin, created.link.id)
        .await
        .expect("revoking twice is fine");
    assert!(matches!(
        w.service
            .check_link(&token_of(&created), None)
            .await
            .expect("check"),
        LinkCheck::Closed(ClosedReason::Revoked)
    ));
    let actions: Vec<AuditAction> = w
        .store
        .audit_events()
        .into_iter()
        .map(|event| event.action)
        .collect();
    assert_eq!(
        actions,
        [REGISTRATION_LINK_CREATED, REGISTRATION_LINK_REVOKED],
        "one event per change"
    );
    let events = w.store.audit_events();
    assert!(events.iter().all(|e| e.actor == Some(admin.user_id)));
    assert!(
        events.iter().all(|e| !e.detail.contains("fdr_")),
        "never the token"
    );
}

#[tokio::test]
async fn only_admins_manage_links_and_only_their_own_organisation_s() {
    let w = world();
    let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
    let other_admin = w.organisation(true, TokenLifetimePolicy::default()).await;
    let created = w
        .service
        .create_link(
            &admin,
            CreateRegistrationLink::new(RegistrationRole::Client),
        )
        .await
        .expect("create");
    for profile in [Profile::Agent, Profile::CaseAdmin] {
        let member = actor(admin.org_id, [profile]);
        assert!(matches!(
            w.service
                .create_link(
                    &member,
                    CreateRegistrationLink::new(RegistrationRole::Client)
                )
                .await,
            Err(CreateRegistrationLinkError::Forbidden(_))
        ));
        assert!(matches!(
            w.service.revoke_link(&member, created.link.id).await,
            Err(RevokeRegistrationLinkError::Forbidden(_))
        ));
    }
    assert!(matches!(
        w.service.link(&other_admin, created.link.id).await,
        Err(RegistrationLinkError::LinkNotFound)
    ));
    assert!(matches!(
        w.service.revoke_link(&other_admin, created.link.id).await,
        Err(RevokeRegistrationLinkError::LinkNotFound)
    ));
    assert!(matches!(
        w.service.list_uses(&other_admin, created.link.id).await,
        Err(ListRegistrationUsesError::LinkNotFound)
    ));
    assert!(
        w.service
            .list_links(&other_admin, PageRequest::first())
            .await
            .expect("list")
            .items
            .is_empty()
    );
    // Another organisation's client or an unknown form is refused.
    let foreign_client = w.client(other_admin.org_id).await;
    assert!(matches!(
        w.service
            .create_link(
                &admin,
                CreateRegistrationLink {
                    client_id: Some(foreign_client),
                    ..CreateRegistrationLink::new(RegistrationRole::Client)
                }
            )
            .await,
        Err(CreateRegistrationLinkError::UnknownClient)
    ));
    assert!(matches!(
        w.service
            .create_link(
                &admin,
                CreateRegistrationLink {
                    auto_case_form: Some(FormSlug::parse("nope").expect("slug")),
                    ..CreateRegistrationLink::new(RegistrationRole::Client)
                }
            )
            .await,
        Err(CreateRegistrationLinkError::UnknownForm)
    ));
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_not_found() {
    let w = world();
    for token in [
        "",
        "fdr_",
        "fds_AAAA",
        "fdr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        assert!(
            matches!(
                w.service.check_link(token, None).await,
                Err(CheckLinkError::NotFound)
            ),
            "{token}"
        );
    }
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one mailing story: refusals, success, limits, closure"
)]
async fn a_link_is_mailed_to_every_recipient_or_to_none() {
    let w = world();
    let admin = w.organisation(true, TokenLifetimePolicy::default()).await;
    let created = w
        .service
        .create_link(&admin, staff_link(Some(&["acme.com"]), None))
        .await
        .expect("create");
    let url = created.url.expose_secret().to_owned();
    let refused = w
        .service
        .email_link(
            &admin,
            created.link.id,
            EmailRegistrationLink {
                url: url.clone(),
                to: vec![email("a@acme.com"), email("b@evil-acme.com")],
            },
        )
        .await;
    assert!(
        matches!(
            refused,
            Err(EmailRegistrationLinkError::DomainNotAllowed { .. })
        ),
        "{refused:?}"
    );
    assert!(w.mails().await.is_empty(), "nothing half-done");
    let wrong = w
        .service
        .email_link(
            &admin,
            created.link.id,
            EmailRegistrationLink {
                url: "https://desk.example/r/fdr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                    .into(),
                to: vec![email("a@acme.com")],
            },
        )
        .await;
    assert!(matches!(wrong, Err(EmailRegistrationLinkError::WrongUrl)));

    let queued = w
        .service
        .email_link(
            &admin,
            created.link.id,
            EmailRegistrationLink {
                url: url.clone(),
                to: vec![
                    email("a@acme.com"),
                    email("b@acme.com"),
                    email("a@acme.com"),
                ],
            },
        )
        .await
        .expect("mailed");
    assert_eq!(queued.len(), 2, "duplicates are mailed once");
    let mails = w.mails().await;
    assert_eq!(mails.len(), 2);
    for mail in &mails {
        assert_eq!(mail.kind, TemplateKind::RegistrationLink);
        assert_eq!(mail.language, Language::Fr);
        assert_eq!(
            mail.data.get("registration_url").and_then(|v| v.as_str()),
            Some(url.as_str())
        );
    }
    // The per-recipient limit applies: a second mailing moments later is refused whole.
    let limited = w
        .service
        .email_link(
            &admin,
            created.link.id,
            EmailRegistrationLink {
                url: url.clone(),
                to: vec![email("c@acme.com"), email("a@acme.com")],
            },
        )
        .await;
    assert!(
        matches!(
            limited,
            Err(EmailRegistrationLinkError::RecipientLimited { .. })
        ),
        "{limited:?}"
    );
    let mailed = w
        .store
        .audit_events()
        .into_iter()
        .filter(|e| e.action == REGISTRATION_LINK_MAILED)
        .count();
    assert_eq!(mailed, 2);

    w.service
        .revoke_link(&admin, created.link.id)
        .await
        .expect("revoke");
    w.clock.advance(Duration::hours(2));
    let closed = w
        .service
        .email_link(
            &admin,
            created.link.id,
            EmailRegistrationLink {
                url,
                to: vec![email("d@acme.com")],
            },
        )
        .await;
    assert!(matches!(
        closed,
        Err(EmailRegistrationLinkError::LinkClosed)
    ));
}
