//! "Forgot your password?" for staff over the in-memory fakes with the fake clock: the reset
//! link's lifetime boundary, the same empty answer for unknown and disabled accounts, and
//! the per-address throttle.

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{Clock, EmailAddress, Language, PersonName, UuidV7Generator};
use frontdesk_testkit::{FakeClock, FakeHasher, InMemoryStore, SequenceTokenSource, access_ports};
use proptest::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use time::Duration;

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "a brand new passphrase";

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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn token_of(url: &SecretString) -> String {
    url.expose_secret()
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned()
}

fn ip(raw: &str) -> IpAddr {
    raw.parse().expect("ip")
}

fn request(org: &str, email: &str, client_ip: Option<IpAddr>) -> RequestStaffPasswordReset {
    RequestStaffPasswordReset {
        organisation: org.into(),
        email: email.into(),
        client_ip,
    }
}

/// Bootstraps `acme` and gives its administrator a password; returns the admin's actor.
async fn acme(w: &World) -> StaffActor {
    let created = w
        .service
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
    w.service
        .set_password_with_link(
            &token_of(&created.setup_link.url),
            SecretString::from(PASSWORD.to_owned()),
        )
        .await
        .expect("set the first password");
    w.service
        .authenticate_api_token(created.api_token.expose())
        .await
        .expect("the bootstrap token works")
}

fn sign_in(email: &str, password: &str) -> SignInAttempt {
    SignInAttempt {
        organisation: "acme".into(),
        email: email.into(),
        password: SecretString::from(password.to_owned()),
        client_ip: Some(ip("198.51.100.9")),
    }
}

#[tokio::test]
async fn an_enabled_user_gets_a_one_hour_reset_link_that_sets_a_new_password() {
    let w = world();
    acme(&w).await;
    let now = w.clock.now();
    let reset = w
        .service
        .request_password_reset(request(
            " acme ",
            "Admin@Acme.example",
            Some(ip("198.51.100.7")),
        ))
        .await
        .expect("request")
        .expect("a link for an enabled user");
    assert_eq!(reset.user.email.as_str(), "admin@acme.example");
    assert_eq!(reset.organisation.slug.as_str(), "acme");
    assert_eq!(reset.link.expires_at, now + Duration::hours(1));
    assert!(
        reset
            .link
            .url
            .expose_secret()
            .starts_with("https://desk.example/a/")
    );
    let token = token_of(&reset.link.url);
    let view = w.service.inspect_action_link(&token).await.expect("usable");
    assert_eq!(view.purpose, ActionPurpose::PasswordReset);
    let events = w.store.audit_events();
    let last = events.last().expect("an event");
    assert_eq!(last.action, STAFF_PASSWORD_RESET_REQUESTED);
    assert_eq!(last.subject, Some(reset.user.id.to_string()));
    assert_eq!(last.detail, "ip=198.51.100.7");

    w.service
        .set_password_with_link(&token, SecretString::from(NEW_PASSWORD.to_owned()))
        .await
        .expect("set the new password");
    assert!(matches!(
        w.service
            .sign_in(sign_in("admin@acme.example", PASSWORD))
            .await,
        Err(SignInError::InvalidCredentials)
    ));
    w.service
        .sign_in(sign_in("admin@acme.example", NEW_PASSWORD))
        .await
        .expect("the new password signs in");
    assert!(matches!(
        w.service.inspect_action_link(&token).await,
        Err(ActionLinkError::Used)
    ));
}

#[tokio::test]
async fn unknown_organisations_addresses_and_disabled_users_get_nothing() {
    let w = world();
    let admin = acme(&w).await;
    let agent = w
        .service
        .create_staff_user(
            &admin,
            NewStaffUser {
                email: EmailAddress::parse("agent@acme.example").expect("email"),
                name: PersonName::parse("Agent").expect("name"),
                profiles: ProfileSet::of([Profile::Agent]),
            },
        )
        .await
        .expect("create agent");
    w.service
        .update_staff_user(
            &admin,
            agent.user.id,
            StaffUserChanges {
                disabled: Some(true),
                ..StaffUserChanges::default()
            },
        )
        .await
        .expect("disable");
    let events_before = w.store.audit_events().len();
    for (org, email) in [
        ("acme", "agent@acme.example"),
        ("acme", "nobody@acme.example"),
        ("other", "admin@acme.example"),
        ("not a slug!", "admin@acme.example"),
        ("acme", "not an address"),
        ("", ""),
    ] {
        let answer = w
            .service
            .request_password_reset(request(org, email, Some(ip("198.51.100.7"))))
            .await
            .expect("request");
        assert!(answer.is_none(), "{org:?} {email:?} got a link");
    }
    assert_eq!(
        w.store.audit_events().len(),
        events_before,
        "nothing is audited when no link is issued"
    );
}

#[tokio::test]
async fn the_throttle_counts_every_request_of_an_address_and_an_ipv6_64_as_one() {
    let w = world();
    acme(&w).await;
    let limit = ThrottlePolicy::PER_IP.max_failures;
    for n in 0..limit {
        // Unknown addresses count too: the throttle must not tell them apart.
        let email = if n % 2 == 0 {
            "admin@acme.example"
        } else {
            "nobody@acme.example"
        };
        w.service
            .request_password_reset(request(
                "acme",
                email,
                Some(ip(&format!("2001:db8:1:2::{n:x}"))),
            ))
            .await
            .unwrap_or_else(|error| panic!("request {n}: {error}"));
    }
    let refused = w
        .service
        .request_password_reset(request(
            "acme",
            "admin@acme.example",
            Some(ip("2001:db8:1:2::ffff")),
        ))
        .await;
    let Err(RequestStaffPasswordResetError::Throttled {
        retry_after_seconds,
    }) = refused
    else {
        panic!("expected throttled, got {refused:?}");
    };
    assert!(retry_after_seconds > 0);
    assert!(
        w.service
            .request_password_reset(request(
                "acme",
                "admin@acme.example",
                Some(ip("198.51.100.7"))
            ))
            .await
            .expect("another address is not throttled")
            .is_some()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn a_reset_link_works_until_its_lifetime_and_not_a_second_later(offset in -3i64..=3) {
        runtime().block_on(async {
            let w = world();
            acme(&w).await;
            let reset = w
                .service
                .request_password_reset(request("acme", "admin@acme.example", None))
                .await
                .expect("request")
                .expect("a link");
            let lifetime = LifetimeKind::PasswordReset.standard().default_seconds;
            prop_assert_eq!(lifetime, 3600);
            w.clock.advance(Duration::seconds(lifetime + offset));
            let outcome = w
                .service
                .set_password_with_link(&token_of(&reset.link.url), SecretString::from(NEW_PASSWORD.to_owned()))
                .await;
            if offset < 0 {
                prop_assert!(outcome.is_ok(), "{outcome:?}");
            } else {
                prop_assert!(
                    matches!(outcome, Err(SetPasswordError::Link(ActionLinkError::Expired))),
                    "{outcome:?}"
                );
            }
            Ok(())
        })?;
    }

    #[test]
    fn an_address_is_refused_past_the_limit_until_its_window_passes(
        extra in 0u32..4,
        wait_minutes in 0i64..40,
    ) {
        runtime().block_on(async {
            let w = world();
            acme(&w).await;
            let policy = ThrottlePolicy::PER_IP;
            let client = Some(ip("203.0.113.5"));
            for _ in 0..policy.max_failures {
                prop_assert!(w.service.request_password_reset(request("acme", "nobody@acme.example", client)).await.is_ok());
            }
            for _ in 0..=extra {
                let refused = w.service.request_password_reset(request("acme", "admin@acme.example", client)).await;
                prop_assert!(
                    matches!(refused, Err(RequestStaffPasswordResetError::Throttled { .. })),
                    "{refused:?}"
                );
            }
            w.clock.advance(Duration::minutes(wait_minutes));
            let later = w.service.request_password_reset(request("acme", "admin@acme.example", client)).await;
            let window_over = Duration::minutes(wait_minutes) >= policy.window;
            prop_assert_eq!(later.is_ok(), window_over, "{:?}", later);
            Ok(())
        })?;
    }
}
