//! Property and scenario tests of the sharing rules — who may share, expiry, revocation, view
//! limits under concurrency, passwords and their attempt limits, tenant isolation, token
//! shapes and what a view record keeps — driven through `SharingService` over the testkit's
//! in-memory fakes with a fake clock.

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_access::{
    AuditAction, AuditEvent, AuthMethod, Branding, LifetimeKind, OrgName, OrgSlug, Organisation,
    OrganisationRepository, PortalMode, Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
    TokenLifetimes,
};
use frontdesk_cases::{
    Author, Case, CaseNumber, CaseRepository, CaseStatus, Form, FormRepository, FormSlug, Priority,
    SubmittedContact, TimelineEntry, TimelineEvent, TimelineRepository, Visibility,
};
use frontdesk_kernel::{
    ApiTokenId, CaseId, Clock, EmailAddress, FormId, Language, OrgId, ShareLinkId, StaffUserId,
    TimelineEntryId, Token, TokenKind, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{OutboundMessage, Outbox, TemplateKind};
use frontdesk_sharing::*;
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemorySharingStore, InMemoryStore,
    InMemoryUnitOfWork, SequenceTokenSource, sharing_ports,
};
use proptest::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

const DAY: i64 = 86_400;
const MAX_SECONDS: i64 = 90 * DAY;
const PASSWORD: &str = "correct horse battery";

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    sharing: InMemorySharingStore,
    hasher: Arc<FakeHasher>,
    service: SharingService,
}

/// One organisation with an admin, a form (addon on unless told) and a case on it.
struct Fixture {
    org: OrgId,
    admin: StaffActor,
    form: Form,
    case: Case,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let sharing = InMemorySharingStore::new();
    let hasher = Arc::new(FakeHasher::new());
    let ports = sharing_ports(
        &store,
        &cases,
        &sharing,
        hasher.clone(),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    World {
        clock,
        store,
        cases,
        sharing,
        hasher,
        service: SharingService::new(ports),
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

fn viewer(ip: &str) -> ViewerInfo {
    ViewerInfo {
        ip: Some(ip.parse().expect("ip")),
        user_agent: Some("Mozilla/5.0 (test)".into()),
    }
}

/// The token at the end of a created link's URL.
fn token_of(created: &CreatedShareLink) -> String {
    created
        .url
        .expose_secret()
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned()
}

/// What staff send to mail the link whose URL is `url`.
fn mail_link(url: &str, to: EmailAddress, message: Option<String>) -> EmailShareLink {
    EmailShareLink {
        url: url.to_owned(),
        to,
        message,
    }
}

fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}

impl World {
    fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    async fn organisation(&self, slug: &str, lifetimes: TokenLifetimePolicy) -> OrgId {
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse("Acme Ltd").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example/".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes,
            created_at: self.now(),
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        org.id
    }

    async fn form(&self, org: OrgId, slug: &str, addon: bool) -> Form {
        let form = Form {
            id: FormId::from_uuid(Uuid::now_v7()),
            org_id: org,
            slug: FormSlug::parse(slug).expect("form slug"),
            name: "Contact us".into(),
            default_language: Language::En,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: true,
            share_links_enabled: addon,
            created_at: self.now(),
        };
        FormRepository::insert(&self.cases, &form)
            .await
            .expect("form");
        form
    }

    /// A case on `form` in `language` with one public and one internal timeline entry.
    async fn case(&self, form: &Form, language: Language) -> Case {
        let mut uow = InMemoryUnitOfWork;
        let number = self
            .cases
            .next_number(&mut uow, form.org_id)
            .await
            .expect("number");
        let case = Case {
            id: CaseId::from_uuid(Uuid::now_v7()),
            org_id: form.org_id,
            number,
            form_id: form.id,
            title: "Broken heating & co".into(),
            description: Some("The radiator is cold.".into()),
            priority: Priority::High,
            project: None,
            status: CaseStatus::Open,
            language,
            submitted: Some(SubmittedContact {
                first_name: "Ada".into(),
                last_name: "Lovelace".into(),
                email: "ada@example.org".into(),
                phone: Some("+44 20 7946 0000".into()),
                address: None,
            }),
            assignee: None,
            created_at: self.now(),
            updated_at: self.now(),
            client_id: None,
            public: false,
        };
        CaseRepository::insert(&self.cases, &mut uow, &case)
            .await
            .expect("case");
        for (visibility, body) in [
            (Visibility::Public, "We are on it."),
            (Visibility::Internal, "Internal: the tenant is difficult."),
        ] {
            let entry = TimelineEntry {
                id: TimelineEntryId::from_uuid(Uuid::now_v7()),
                case_id: case.id,
                author: Author::System,
                event: TimelineEvent::Comment { body: body.into() },
                visibility,
                at: self.now(),
            };
            self.cases
                .append(&mut uow, form.org_id, &entry)
                .await
                .expect("timeline");
        }
        case
    }

    async fn fixture_with(
        &self,
        slug: &str,
        addon: bool,
        lifetimes: TokenLifetimePolicy,
    ) -> Fixture {
        let org = self.organisation(slug, lifetimes).await;
        let form = self.form(org, "contact", addon).await;
        let case = self.case(&form, Language::Fr).await;
        Fixture {
            org,
            admin: actor(org, [Profile::Admin]),
            form,
            case,
        }
    }

    async fn fixture(&self) -> Fixture {
        self.fixture_with("acme", true, TokenLifetimePolicy::default())
            .await
    }

    async fn share(&self, fx: &Fixture, request: CreateShareLink) -> CreatedShareLink {
        self.service
            .create(&fx.admin, fx.case.id, request)
            .await
            .expect("create")
    }

    fn stored_views(&self, fx: &Fixture, link: ShareLinkId) -> u32 {
        self.sharing
            .links()
            .into_iter()
            .find(|l| l.id == link && l.org_id == fx.org)
            .expect("stored link")
            .views
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
}

// ---------------------------------------------------------------------------------------
// Who may share

fn profile_sets() -> impl Strategy<Value = ProfileSet> {
    proptest::collection::vec(proptest::sample::select(Profile::ALL.to_vec()), 0..4)
        .prop_map(ProfileSet::of)
}

/// An explicit setting (or none) for each of `Profile::ALL`, in order.
fn settings() -> impl Strategy<Value = [Option<bool>; 3]> {
    proptest::array::uniform3(proptest::option::of(any::<bool>()))
}

fn setting_of(settings: [Option<bool>; 3], profile: Profile) -> Option<bool> {
    let index = Profile::ALL
        .iter()
        .position(|p| *p == profile)
        .expect("known profile");
    settings[index]
}

/// The rule as the seed and the issue state it, written independently of `may_share`.
fn oracle(profiles: &ProfileSet, addon: bool, settings: [Option<bool>; 3]) -> bool {
    if !addon {
        return false;
    }
    profiles.contains(Profile::Admin)
        || profiles
            .iter()
            .any(|profile| match setting_of(settings, profile) {
                Some(explicit) => explicit,
                None => profile == Profile::CaseAdmin,
            })
}

#[test]
fn may_share_matches_the_rule_over_every_profile_set_setting_and_addon_state() {
    let none_some = [None, Some(false), Some(true)];
    let mut checked = 0;
    for mask in 0u8..8 {
        let profiles = ProfileSet::of(
            Profile::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, p)| p),
        );
        for a in none_some {
            for b in none_some {
                for c in none_some {
                    let settings = [a, b, c];
                    for addon in [false, true] {
                        assert_eq!(
                            may_share(&profiles, addon, |p| setting_of(settings, p)),
                            oracle(&profiles, addon, settings),
                            "{profiles:?} {settings:?} addon={addon}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 8 * 27 * 2);
    // The defaults and the admin override, spelled out.
    assert!(may_share(
        &ProfileSet::of([Profile::CaseAdmin]),
        true,
        |_| None
    ));
    assert!(!may_share(&ProfileSet::of([Profile::Agent]), true, |_| {
        None
    }));
    assert!(may_share(
        &ProfileSet::of([Profile::Admin]),
        true,
        |_| Some(false)
    ));
    assert!(!may_share(&ProfileSet::of([Profile::Admin]), false, |_| {
        None
    }));
    assert!(!may_share(&ProfileSet::default(), true, |_| Some(true)));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two forms with their own addon switch and settings: `create` on each form's case
    /// agrees with `may_share` for that form only, and `permissions` reports the effective
    /// values.
    #[test]
    fn create_agrees_with_may_share_per_form(
        profiles in profile_sets(),
        forms in proptest::array::uniform2((any::<bool>(), settings())),
    ) {
        let w = world();
        runtime().block_on(async {
            let org = w.organisation("acme", TokenLifetimePolicy::default()).await;
            let admin = actor(org, [Profile::Admin]);
            let someone = actor(org, profiles.iter());
            for (index, (addon, settings)) in forms.iter().enumerate() {
                let form = w.form(org, &format!("form-{index}"), *addon).await;
                let case = w.case(&form, Language::En).await;
                for (profile, setting) in Profile::ALL.into_iter().zip(settings) {
                    if let Some(allowed) = setting {
                        w.service
                            .set_permission(&admin, form.slug.as_str(), profile, *allowed)
                            .await
                            .expect("set permission");
                    }
                }
                let expected = may_share(&profiles, *addon, |p| setting_of(*settings, p));
                prop_assert_eq!(expected, oracle(&profiles, *addon, *settings));
                let result = w
                    .service
                    .create(&someone, case.id, CreateShareLink::default())
                    .await;
                match result {
                    Ok(created) => {
                        prop_assert!(expected);
                        prop_assert_eq!(created.link.case_id, case.id);
                    }
                    Err(CreateShareLinkError::AddonDisabled) => prop_assert!(!*addon),
                    Err(CreateShareLinkError::Forbidden) => prop_assert!(*addon && !expected),
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
                let reported = w
                    .service
                    .permissions(&admin, form.slug.as_str())
                    .await
                    .expect("permissions");
                prop_assert_eq!(reported.len(), Profile::ALL.len());
                for (profile, effective) in reported {
                    prop_assert_eq!(
                        effective,
                        may_share(&ProfileSet::of([profile]), true, |p| setting_of(*settings, p))
                    );
                }
            }
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn agents_need_a_grant_admins_cannot_be_locked_out_and_only_form_managers_configure() {
    let w = world();
    let fx = w.fixture().await;
    let agent = actor(fx.org, [Profile::Agent]);
    let slug = fx.form.slug.as_str();
    assert!(matches!(
        w.service
            .create(&agent, fx.case.id, CreateShareLink::default())
            .await,
        Err(CreateShareLinkError::Forbidden)
    ));
    assert!(matches!(
        w.service.permissions(&agent, slug).await,
        Err(SharePermissionsError::Forbidden(_))
    ));
    assert!(matches!(
        w.service
            .set_permission(&agent, slug, Profile::Agent, true)
            .await,
        Err(SetSharePermissionError::Forbidden(_))
    ));
    w.service
        .set_permission(&fx.admin, slug, Profile::Agent, true)
        .await
        .expect("grant");
    w.service
        .set_permission(&fx.admin, slug, Profile::Admin, false)
        .await
        .expect("saved, without effect");
    assert!(
        w.service
            .create(&agent, fx.case.id, CreateShareLink::default())
            .await
            .is_ok()
    );
    assert!(
        w.service
            .create(&fx.admin, fx.case.id, CreateShareLink::default())
            .await
            .is_ok()
    );
    assert_eq!(
        w.service.permissions(&fx.admin, slug).await.expect("list"),
        vec![
            (Profile::Admin, true),
            (Profile::CaseAdmin, true),
            (Profile::Agent, true)
        ]
    );
    for bad in ["nope", "Bad Slug", ""] {
        assert!(matches!(
            w.service.permissions(&fx.admin, bad).await,
            Err(SharePermissionsError::FormNotFound)
        ));
    }
}

// ---------------------------------------------------------------------------------------
// Creating links

#[tokio::test]
async fn create_builds_the_url_and_mailto_and_bounds_its_input() {
    let w = world();
    let fx = w.fixture().await;
    let created = w
        .share(
            &fx,
            CreateShareLink {
                label: ShareLabel::parse_optional(Some("  for the insurer ")).expect("label"),
                ..CreateShareLink::default()
            },
        )
        .await;
    let url = created.url.expose_secret();
    let token = token_of(&created);
    assert_eq!(url, format!("https://desk.example/s/{token}"));
    assert!(Token::parse(TokenKind::ShareLink, &token).is_ok());
    assert_eq!(
        Token::parse(TokenKind::ShareLink, &token)
            .expect("token")
            .digest(),
        created.link.digest
    );
    assert_eq!(
        created.mailto.expose_secret(),
        &format!(
            "mailto:?subject=Case%20%23{}%3A%20Broken%20heating%20%26%20co&body={}",
            fx.case.number.0,
            percent_encode(url)
        )
    );
    assert_eq!(created.link.language, Language::Fr, "the case's language");
    assert_eq!(created.link.label.as_deref(), Some("for the insurer"));
    assert_eq!(created.link.expires_at, w.now() + Duration::days(7));
    assert_eq!(created.link.views, 0);
    assert!(created.link.password_hash.is_none());
    // No copy of the token is stored.
    let stored = w.sharing.links();
    assert!(!format!("{stored:?}").contains(&token[4..]));

    let attempt = |request: CreateShareLink| w.service.create(&fx.admin, fx.case.id, request);
    assert!(matches!(
        attempt(CreateShareLink {
            max_views: Some(0),
            ..CreateShareLink::default()
        })
        .await,
        Err(CreateShareLinkError::NoViews)
    ));
    // Labels are parsed before they reach the use case: a bad one cannot be asked for.
    for label in ["x".repeat(201), "two\nlines".into()] {
        assert!(ShareLabel::parse_optional(Some(&label)).is_err());
    }
    for weak in ["short", "password123", &"x".repeat(129)] {
        assert!(matches!(
            attempt(CreateShareLink {
                password: Some(secret(weak)),
                ..CreateShareLink::default()
            })
            .await,
            Err(CreateShareLinkError::WeakPassword)
        ));
    }
    w.hasher.set_busy(true);
    assert!(matches!(
        attempt(CreateShareLink {
            password: Some(secret(PASSWORD)),
            ..CreateShareLink::default()
        })
        .await,
        Err(CreateShareLinkError::Busy)
    ));
    w.hasher.set_busy(false);
    assert!(matches!(
        attempt(CreateShareLink {
            expires_at: Some(w.now()),
            ..CreateShareLink::default()
        })
        .await,
        Err(CreateShareLinkError::ExpiryInPast)
    ));
    // Nothing refused was stored.
    assert_eq!(w.sharing.links().len(), 1);
}

#[tokio::test]
async fn a_form_without_the_addon_cannot_share_and_switching_it_off_closes_its_links() {
    let w = world();
    let fx = w.fixture().await;
    let created = w.share(&fx, CreateShareLink::default()).await;
    let token = token_of(&created);

    let mut off = fx.form.clone();
    off.share_links_enabled = false;
    FormRepository::update(&w.cases, &off)
        .await
        .expect("addon off");
    assert!(matches!(
        w.service
            .create(&fx.admin, fx.case.id, CreateShareLink::default())
            .await,
        Err(CreateShareLinkError::AddonDisabled)
    ));
    assert!(matches!(
        w.service.open(&token, viewer("192.0.2.1")).await,
        Err(ShareViewError::Gone { .. })
    ));
    assert_eq!(w.stored_views(&fx, created.link.id), 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn an_expiry_past_the_maximum_is_refused(extra in 1i64..10_000_000, max_days in 1i64..=120) {
        let w = world();
        runtime().block_on(async {
            let mut policy = TokenLifetimePolicy::default();
            policy.overrides.insert(
                LifetimeKind::ShareLink,
                TokenLifetimes { default_seconds: DAY.min(max_days * DAY), maximum_seconds: max_days * DAY },
            );
            let fx = w.fixture_with("acme", true, policy).await;
            let at_max = w.now() + Duration::days(max_days);
            let result = w
                .service
                .create(&fx.admin, fx.case.id, CreateShareLink {
                    expires_at: Some(at_max + Duration::seconds(extra)),
                    ..CreateShareLink::default()
                })
                .await;
            prop_assert!(
                matches!(result, Err(CreateShareLinkError::ExpiryTooLate { max_days: m }) if m == max_days),
                "{result:?}"
            );
            let at_the_limit = w
                .service
                .create(&fx.admin, fx.case.id, CreateShareLink {
                    expires_at: Some(at_max),
                    ..CreateShareLink::default()
                })
                .await;
            prop_assert!(at_the_limit.is_ok());
            Ok(())
        })?;
    }

    /// A link opens exactly while the clock is before its expiry and it is not revoked, for
    /// any expiry up to the maximum; both `open` and `confirm` agree.
    #[test]
    fn a_link_opens_iff_now_is_before_its_expiry_and_it_is_not_revoked(
        ttl in 1i64..=MAX_SECONDS,
        later in 0i64..(MAX_SECONDS + 10 * DAY),
        revoke in any::<bool>(),
    ) {
        let w = world();
        runtime().block_on(async {
            let fx = w.fixture().await;
            let expires_at = w.now() + Duration::seconds(ttl);
            let created = w.share(&fx, CreateShareLink {
                expires_at: Some(expires_at),
                ..CreateShareLink::default()
            }).await;
            prop_assert_eq!(created.link.expires_at, expires_at);
            let token = token_of(&created);
            if revoke {
                w.service.revoke(&fx.admin, created.link.id).await.expect("revoke");
            }
            w.clock.advance(Duration::seconds(later));
            let should_open = later < ttl && !revoke;
            let opened = w.service.open(&token, viewer("192.0.2.1")).await;
            let confirmed = w.service.confirm(&token, None, viewer("192.0.2.1")).await;
            if should_open {
                prop_assert!(matches!(opened, Ok(ShareGate::Shown(_))), "{opened:?}");
                prop_assert!(confirmed.is_ok());
                prop_assert_eq!(w.stored_views(&fx, created.link.id), 2);
            } else {
                prop_assert!(
                    matches!(opened, Err(ShareViewError::Gone { language: Language::Fr })),
                    "{opened:?}"
                );
                prop_assert!(
                    matches!(confirmed, Err(ShareViewError::Gone { .. })),
                    "{confirmed:?}"
                );
                prop_assert_eq!(w.stored_views(&fx, created.link.id), 0);
            }
            Ok(())
        })?;
    }
}

// ---------------------------------------------------------------------------------------
// Opening links

#[tokio::test]
async fn the_shared_case_shows_public_parts_only_in_the_cases_language() {
    let w = world();
    let fx = w.fixture().await;
    let token = token_of(&w.share(&fx, CreateShareLink::default()).await);
    let Ok(ShareGate::Shown(shared)) = w.service.open(&token, viewer("192.0.2.1")).await else {
        panic!("the case is shown");
    };
    assert_eq!(shared.language, Language::Fr);
    assert_eq!(shared.organisation_name, "Acme Ltd");
    assert_eq!(shared.case.id, fx.case.id);
    assert!(shared.case.submitted.is_none(), "no contact details");
    assert_eq!(shared.timeline.len(), 1);
    assert!(
        shared
            .timeline
            .iter()
            .all(|e| e.visibility == Visibility::Public)
    );
}

#[tokio::test]
async fn a_view_limited_link_shows_an_interstitial_and_counts_only_confirmed_views() {
    let w = world();
    let fx = w.fixture().await;
    let created = w
        .share(
            &fx,
            CreateShareLink {
                max_views: Some(2),
                ..CreateShareLink::default()
            },
        )
        .await;
    let token = token_of(&created);
    for _ in 0..3 {
        // A mail scanner's GETs use nothing up.
        assert!(matches!(
            w.service.open(&token, viewer("192.0.2.1")).await,
            Ok(ShareGate::Interstitial {
                views_left: 2,
                language: Language::Fr
            })
        ));
    }
    w.service
        .confirm(&token, None, viewer("192.0.2.1"))
        .await
        .expect("first view");
    assert!(matches!(
        w.service.open(&token, viewer("192.0.2.1")).await,
        Ok(ShareGate::Interstitial { views_left: 1, .. })
    ));
    w.service
        .confirm(&token, None, viewer("192.0.2.1"))
        .await
        .expect("second view");
    assert!(matches!(
        w.service.open(&token, viewer("192.0.2.1")).await,
        Err(ShareViewError::Gone { .. })
    ));
    assert!(matches!(
        w.service.confirm(&token, None, viewer("192.0.2.1")).await,
        Err(ShareViewError::Gone { .. })
    ));
    assert_eq!(w.stored_views(&fx, created.link.id), 2);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// 32 concurrent confirmations of a link allowing `max` views: exactly `min(max, 32)`
    /// succeed, the rest are gone, and the stored count never passes the maximum.
    #[test]
    fn concurrent_views_never_exceed_the_maximum(max in 1u32..=40) {
        let w = world();
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .expect("runtime");
        rt.block_on(async {
            let fx = w.fixture().await;
            let created = w.share(&fx, CreateShareLink {
                max_views: Some(max),
                ..CreateShareLink::default()
            }).await;
            let token = token_of(&created);
            let tasks: Vec<_> = (0..32)
                .map(|i| {
                    let service = w.service.clone();
                    let token = token.clone();
                    tokio::spawn(async move {
                        service.confirm(&token, None, viewer(&format!("192.0.2.{i}"))).await
                    })
                })
                .collect();
            let results = futures::future::join_all(tasks).await;
            let mut shown = 0u32;
            for result in results {
                match result.expect("task") {
                    Ok(_) => shown += 1,
                    Err(ShareViewError::Gone { .. }) => {}
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
            }
            prop_assert_eq!(shown, max.min(32));
            prop_assert_eq!(w.stored_views(&fx, created.link.id), max.min(32));
            let logged = w.service.views(&fx.admin, created.link.id).await.expect("views");
            prop_assert_eq!(logged.len(), max.min(32) as usize);
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn passwords_are_checked_counted_and_rate_limited_per_link() {
    let w = world();
    let fx = w.fixture().await;
    let created = w
        .share(
            &fx,
            CreateShareLink {
                password: Some(secret(PASSWORD)),
                ..CreateShareLink::default()
            },
        )
        .await;
    let token = token_of(&created);
    assert!(created.link.password_hash.is_some());
    assert!(matches!(
        w.service.open(&token, viewer("192.0.2.1")).await,
        Ok(ShareGate::Password {
            language: Language::Fr
        })
    ));
    assert!(matches!(
        w.service.confirm(&token, None, viewer("192.0.2.1")).await,
        Err(ShareViewError::WrongPassword { .. })
    ));
    w.service
        .confirm(&token, Some(secret(PASSWORD)), viewer("192.0.2.1"))
        .await
        .expect("right password");
    assert_eq!(w.stored_views(&fx, created.link.id), 1);

    // Four more wrong ones (five with the empty one) from different addresses...
    for i in 0..4 {
        assert!(matches!(
            w.service
                .confirm(
                    &token,
                    Some(secret("wrong password!")),
                    viewer(&format!("198.51.100.{i}"))
                )
                .await,
            Err(ShareViewError::WrongPassword {
                language: Language::Fr
            })
        ));
    }
    // ...and the link refuses even the right password, from anywhere, for 15 minutes.
    let throttled = w
        .service
        .confirm(&token, Some(secret(PASSWORD)), viewer("203.0.113.9"))
        .await;
    assert!(
        matches!(
            throttled,
            Err(ShareViewError::Throttled { retry_after_seconds, .. }) if (1..=900).contains(&retry_after_seconds)
        ),
        "{throttled:?}"
    );
    assert_eq!(w.stored_views(&fx, created.link.id), 1);
    w.clock.advance(Duration::minutes(15));
    w.service
        .confirm(&token, Some(secret(PASSWORD)), viewer("203.0.113.9"))
        .await
        .expect("allowed again after the window");
    assert_eq!(w.stored_views(&fx, created.link.id), 2);

    w.hasher.set_busy(true);
    assert!(matches!(
        w.service
            .confirm(&token, Some(secret(PASSWORD)), viewer("203.0.113.9"))
            .await,
        Err(ShareViewError::Busy)
    ));
}

#[tokio::test]
async fn one_address_guessing_across_links_is_throttled() {
    let w = world();
    let fx = w.fixture().await;
    let mut tokens = Vec::new();
    for _ in 0..6 {
        let created = w
            .share(
                &fx,
                CreateShareLink {
                    password: Some(secret(PASSWORD)),
                    ..CreateShareLink::default()
                },
            )
            .await;
        tokens.push(token_of(&created));
    }
    // 20 failures spread over 5 links (4 each, under the per-link limit).
    for token in &tokens[..5] {
        for _ in 0..4 {
            assert!(matches!(
                w.service
                    .confirm(
                        token,
                        Some(secret("wrong password!")),
                        viewer("198.51.100.7")
                    )
                    .await,
                Err(ShareViewError::WrongPassword { .. })
            ));
        }
    }
    assert!(matches!(
        w.service
            .confirm(&tokens[5], Some(secret(PASSWORD)), viewer("198.51.100.7"))
            .await,
        Err(ShareViewError::Throttled { .. })
    ));
    // Another address is not affected.
    w.service
        .confirm(&tokens[5], Some(secret(PASSWORD)), viewer("198.51.100.8"))
        .await
        .expect("other address");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Malformed strings, tokens of other kinds, truncated, padded and guessed tokens are all
    /// simply not found.
    #[test]
    fn anything_but_a_stored_share_token_is_not_found(
        garbage in any::<String>(),
        cut in 1usize..47,
        kind_index in 0usize..TokenKind::ALL.len(),
    ) {
        let w = world();
        runtime().block_on(async {
            let fx = w.fixture().await;
            let token = token_of(&w.share(&fx, CreateShareLink::default()).await);
            let other_kind = TokenKind::ALL[kind_index];
            let mut candidates = vec![
                garbage.clone(),
                format!("fds_{garbage}"),
                token[..token.len() - cut].to_owned(),
                format!("{token}="),
                format!("{token}A"),
                format!(" {token}"),
                format!("fdg_{}", &token[4..]),
                Token::generate(TokenKind::ShareLink, &frontdesk_kernel::OsTokenSource).expose().to_owned(),
            ];
            if other_kind != TokenKind::ShareLink {
                candidates.push(format!("{}{}", other_kind.prefix(), &token[4..]));
            }
            for candidate in candidates {
                let opened = w.service.open(&candidate, viewer("192.0.2.1")).await;
                prop_assert!(matches!(opened, Err(ShareViewError::NotFound)), "{candidate:?}: {opened:?}");
                let confirmed = w.service.confirm(&candidate, Some(secret(PASSWORD)), viewer("192.0.2.1")).await;
                prop_assert!(
                    matches!(confirmed, Err(ShareViewError::NotFound)),
                    "{confirmed:?}"
                );
            }
            prop_assert!(w.sharing.all_views().is_empty());
            Ok(())
        })?;
    }

    /// A view keeps a salted hash of the address — never the address — and at most 300
    /// characters of the user agent.
    #[test]
    fn views_never_store_the_raw_ip(
        ip in any::<IpAddr>(),
        user_agent in proptest::option::of(".{0,400}"),
    ) {
        let w = world();
        runtime().block_on(async {
            let fx = w.fixture().await;
            let created = w.share(&fx, CreateShareLink::default()).await;
            let token = token_of(&created);
            let shown = w
                .service
                .open(&token, ViewerInfo { ip: Some(ip), user_agent: user_agent.clone() })
                .await;
            prop_assert!(matches!(shown, Ok(ShareGate::Shown(_))), "{shown:?}");
            let views = w.service.views(&fx.admin, created.link.id).await.expect("views");
            prop_assert_eq!(views.len(), 1);
            let view = &views[0];
            let mut hasher = Sha256::new();
            hasher.update(fx.org.as_uuid().as_bytes());
            hasher.update(ip.to_string().as_bytes());
            let expected = hex::encode(hasher.finalize());
            prop_assert_eq!(view.ip_hash.as_deref(), Some(expected.as_str()));
            prop_assert_eq!(view.viewed_at, w.now());
            prop_assert!(view.user_agent.as_ref().is_none_or(|ua| ua.chars().count() <= 300));
            let stored = format!("{:?}", w.sharing.all_views());
            prop_assert!(!stored.contains(&ip.to_string()), "{stored}");
            Ok(())
        })?;
    }
}

// ---------------------------------------------------------------------------------------
// Managing links

#[tokio::test]
async fn creating_mailing_and_revoking_a_link_are_audited_without_its_secret() {
    let w = world();
    let fx = w.fixture().await;
    let created = w
        .share(
            &fx,
            CreateShareLink {
                max_views: Some(3),
                password: Some(secret(PASSWORD)),
                ..CreateShareLink::default()
            },
        )
        .await;
    let url = created.url.expose_secret().to_owned();
    let to = EmailAddress::parse("friend@example.org").expect("email");
    w.service
        .email(&fx.admin, created.link.id, mail_link(&url, to, None))
        .await
        .expect("email");
    let agent = actor(fx.org, [Profile::Agent]);
    assert!(w.service.revoke(&agent, created.link.id).await.is_err());
    w.service
        .revoke(&fx.admin, created.link.id)
        .await
        .expect("revoke");
    w.service
        .revoke(&fx.admin, created.link.id)
        .await
        .expect("revoking again changes nothing");

    let events: Vec<AuditEvent> = w
        .store
        .audit_events()
        .into_iter()
        .filter(|event| event.subject.as_deref() == Some(created.link.id.to_string().as_str()))
        .collect();
    let actions: Vec<AuditAction> = events.iter().map(|event| event.action.clone()).collect();
    assert_eq!(
        actions,
        vec![SHARE_LINK_CREATED, SHARE_LINK_MAILED, SHARE_LINK_REVOKED],
        "one event each; the refused and the repeated revocation record nothing"
    );
    for event in &events {
        assert_eq!(event.org_id, Some(fx.org));
        assert_eq!(event.actor, Some(fx.admin.user_id));
        assert!(event.detail.contains(&fx.case.id.to_string()), "{event:?}");
        let token = token_of(&created);
        assert!(
            !format!("{event:?}").contains(&token) && !event.detail.contains(PASSWORD),
            "no secret in the audit trail"
        );
    }
    assert!(events[0].detail.contains("max views 3") && events[0].detail.contains("password yes"));
    assert!(events[1].detail.contains("friend@example.org"));
}

#[tokio::test]
async fn revoking_is_immediate_idempotent_and_limited_to_those_who_may_share() {
    let w = world();
    let fx = w.fixture().await;
    let created = w.share(&fx, CreateShareLink::default()).await;
    let token = token_of(&created);
    assert!(matches!(
        w.service.open(&token, viewer("192.0.2.1")).await,
        Ok(ShareGate::Shown(_))
    ));
    let agent = actor(fx.org, [Profile::Agent]);
    assert!(matches!(
        w.service.revoke(&agent, created.link.id).await,
        Err(RevokeShareLinkError::Forbidden(_))
    ));
    let case_admin = actor(fx.org, [Profile::CaseAdmin]);
    w.service
        .revoke(&case_admin, created.link.id)
        .await
        .expect("revoke");
    w.service
        .revoke(&fx.admin, created.link.id)
        .await
        .expect("again");
    assert!(matches!(
        w.service.open(&token, viewer("192.0.2.1")).await,
        Err(ShareViewError::Gone {
            language: Language::Fr
        })
    ));
    let listed = w.service.list(&agent, fx.case.id).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].revoked_at, Some(w.now()));
    assert_eq!(
        w.service
            .views(&agent, created.link.id)
            .await
            .expect("views")
            .len(),
        1
    );
}

#[tokio::test]
async fn another_organisations_links_and_cases_are_not_found() {
    let w = world();
    let fx = w.fixture().await;
    let other = w
        .fixture_with("other", true, TokenLifetimePolicy::default())
        .await;
    let created = w.share(&fx, CreateShareLink::default()).await;
    let url = created.url.expose_secret().to_owned();
    let intruder = &other.admin;
    assert!(matches!(
        w.service
            .create(intruder, fx.case.id, CreateShareLink::default())
            .await,
        Err(CreateShareLinkError::CaseNotFound)
    ));
    assert!(matches!(
        w.service.list(intruder, fx.case.id).await,
        Err(ListShareLinksError::CaseNotFound)
    ));
    assert!(matches!(
        w.service.revoke(intruder, created.link.id).await,
        Err(RevokeShareLinkError::LinkNotFound)
    ));
    assert!(matches!(
        w.service.views(intruder, created.link.id).await,
        Err(ListShareViewsError::LinkNotFound)
    ));
    assert!(matches!(
        w.service
            .email(
                intruder,
                created.link.id,
                mail_link(
                    &url,
                    EmailAddress::parse("x@example.org").expect("address"),
                    None,
                )
            )
            .await,
        Err(EmailShareLinkError::LinkNotFound)
    ));
    assert!(matches!(
        w.service
            .permissions(intruder, fx.form.slug.as_str())
            .await
            .map(|p| p.len()),
        Ok(3)
    ));
    // The link itself still works: nothing above touched it.
    assert!(matches!(
        w.service
            .open(&token_of(&created), viewer("192.0.2.1"))
            .await,
        Ok(ShareGate::Shown(_))
    ));
    assert!(
        w.service
            .list(intruder, other.case.id)
            .await
            .expect("own list")
            .is_empty()
    );
}

#[tokio::test]
async fn email_sends_the_links_own_url_in_the_cases_language_through_the_outbox() {
    let w = world();
    let fx = w.fixture().await;
    let created = w.share(&fx, CreateShareLink::default()).await;
    let other_link = w.share(&fx, CreateShareLink::default()).await;
    let to = EmailAddress::parse("insurer@example.org").expect("address");
    let url = created.url.expose_secret().to_owned();

    for wrong in [
        other_link.url.expose_secret().to_owned(),
        url[..url.len() - 1].to_owned(),
        url.replace("/s/fds_", "/s/fdg_"),
        String::new(),
    ] {
        assert!(matches!(
            w.service
                .email(
                    &fx.admin,
                    created.link.id,
                    mail_link(&wrong, to.clone(), None)
                )
                .await,
            Err(EmailShareLinkError::WrongUrl)
        ));
    }
    let agent = actor(fx.org, [Profile::Agent]);
    assert!(matches!(
        w.service
            .email(&agent, created.link.id, mail_link(&url, to.clone(), None))
            .await,
        Err(EmailShareLinkError::Forbidden(_))
    ));

    // A caller-supplied host never reaches the mail.
    let spoofed = url.replace("desk.example", "evil.example");
    w.service
        .email(
            &fx.admin,
            created.link.id,
            mail_link(&spoofed, to.clone(), Some("  Here is the case.  ".into())),
        )
        .await
        .expect("email");
    let mails = w.mails().await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.kind, TemplateKind::ShareLink);
    assert_eq!(mail.language, Language::Fr);
    assert_eq!(mail.to, to);
    assert_eq!(mail.data["share_url"], url.as_str());
    assert_eq!(
        mail.data["case_number"],
        CaseNumber(fx.case.number.0).to_string().as_str()
    );
    assert_eq!(mail.data["case_title"], "Broken heating & co");
    assert_eq!(mail.data["message"], "Here is the case.");
    assert_eq!(mail.data["expires_at"], "2026-01-08 00:00 UTC");

    assert!(matches!(
        w.service
            .email(
                &fx.admin,
                created.link.id,
                mail_link(&url, to.clone(), None)
            )
            .await,
        Err(EmailShareLinkError::RecipientLimited { .. })
    ));
    w.service
        .revoke(&fx.admin, created.link.id)
        .await
        .expect("revoke");
    w.clock.advance(Duration::minutes(2));
    assert!(matches!(
        w.service
            .email(&fx.admin, created.link.id, mail_link(&url, to, None))
            .await,
        Err(EmailShareLinkError::LinkClosed)
    ));
}
