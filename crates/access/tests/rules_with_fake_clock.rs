//! Property tests of every expiry, single-use, throttling and permission rule of the access
//! domain, driven through `AccessService` over the in-memory fakes with a fake clock.

use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{EmailAddress, Language, PersonName, StaffUserId, UuidV7Generator};
use frontdesk_testkit::{FakeClock, FakeHasher, InMemoryStore, SequenceTokenSource, access_ports};
use proptest::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use time::Duration;

struct World {
    clock: Arc<FakeClock>,
    service: AccessService,
}

const PASSWORD: &str = "correct horse battery staple";

fn world(policy: SessionPolicy) -> World {
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
        service: AccessService::new(ports, policy),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

async fn bootstrap(service: &AccessService, slug: &str) -> Bootstrapped {
    service
        .bootstrap(BootstrapOrganisation {
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse("Org").expect("name"),
            admin_email: EmailAddress::parse(&format!("admin@{slug}.example")).expect("email"),
            admin_name: PersonName::parse("Admin").expect("name"),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
        })
        .await
        .expect("bootstrap")
}

fn token_of(url: &SecretString) -> String {
    url.expose_secret()
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned()
}

fn attempt(slug: &str, email: &str, password: &str) -> SignInAttempt {
    SignInAttempt {
        organisation: slug.into(),
        email: email.into(),
        password: SecretString::from(password.to_owned()),
        client_ip: Some("198.51.100.7".parse().expect("ip")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_setup_link_opens_only_before_its_expiry_and_only_once(elapsed in 0i64..(48 * 3600)) {
        runtime().block_on(async {
            let w = world(SessionPolicy::default());
            let created = bootstrap(&w.service, "acme").await;
            let token = token_of(&created.setup_link.url);
            w.clock.advance(Duration::seconds(elapsed));
            let lifetime = LifetimeKind::Activation.standard().default_seconds;
            let outcome = w.service.set_password_with_link(&token, SecretString::from(PASSWORD.to_owned())).await;
            if elapsed < lifetime {
                prop_assert!(outcome.is_ok(), "{outcome:?}");
                let again = w.service.set_password_with_link(&token, SecretString::from(PASSWORD.to_owned())).await;
                prop_assert!(matches!(again, Err(SetPasswordError::Link(ActionLinkError::Used))));
                prop_assert!(matches!(w.service.inspect_action_link(&token).await, Err(ActionLinkError::Used)));
            } else {
                prop_assert!(matches!(outcome, Err(SetPasswordError::Link(ActionLinkError::Expired))), "{outcome:?}");
            }
            Ok(())
        })?;
    }

    #[test]
    fn a_session_lives_until_idle_or_absolute_timeout(
        steps in proptest::collection::vec(0i64..(3 * 3600), 1..8),
    ) {
        runtime().block_on(async {
            let policy = SessionPolicy { idle: Duration::hours(2), absolute: Duration::hours(8) };
            let w = world(policy);
            let created = bootstrap(&w.service, "acme").await;
            w.service.set_password_with_link(&token_of(&created.setup_link.url), SecretString::from(PASSWORD.to_owned())).await.expect("set");
            let signed_in = w.service.sign_in(attempt("acme", "admin@acme.example", PASSWORD)).await.expect("sign in");
            let start = frontdesk_kernel::Clock::now(w.clock.as_ref());
            let mut last_seen = start;
            let mut alive = true;
            for step in steps {
                w.clock.advance(Duration::seconds(step));
                let now = frontdesk_kernel::Clock::now(w.clock.as_ref());
                let expected = alive && now - last_seen < policy.idle && now - start < policy.absolute;
                let outcome = w.service.authenticate_session(signed_in.secret.expose()).await;
                prop_assert_eq!(outcome.is_ok(), expected, "after {}s", (now - start).whole_seconds());
                if expected {
                    // Activity is recorded at most once a minute.
                    if now - last_seen >= Duration::seconds(60) {
                        last_seen = now;
                    }
                } else {
                    alive = false;
                }
            }
            Ok(())
        })?;
    }

    #[test]
    fn an_api_token_works_until_its_expiry_or_revocation(
        lifetime in 1i64..100_000,
        elapsed in 0i64..200_000,
        revoke in any::<bool>(),
    ) {
        runtime().block_on(async {
            let w = world(SessionPolicy::default());
            let created = bootstrap(&w.service, "acme").await;
            let admin = w.service.authenticate_api_token(created.api_token.expose()).await.expect("admin");
            let now = frontdesk_kernel::Clock::now(w.clock.as_ref());
            let issued = w.service
                .create_api_token(&admin, created.admin.id, NewApiToken { label: ApiTokenLabel::parse("t").expect("label"), expires_at: Some(now + Duration::seconds(lifetime)) })
                .await
                .expect("issue");
            if revoke {
                w.service.revoke_api_token(&admin, issued.record.id).await.expect("revoke");
            }
            w.clock.advance(Duration::seconds(elapsed));
            let works = w.service.authenticate_api_token(issued.secret.expose()).await.is_ok();
            prop_assert_eq!(works, !revoke && elapsed < lifetime);
            Ok(())
        })?;
    }

    #[test]
    fn failed_sign_ins_lock_the_account_for_a_window_whether_or_not_it_exists(
        failures in 0usize..9,
        pause in 0i64..(20 * 60),
        known in any::<bool>(),
    ) {
        runtime().block_on(async {
            let w = world(SessionPolicy::default());
            let created = bootstrap(&w.service, "acme").await;
            w.service.set_password_with_link(&token_of(&created.setup_link.url), SecretString::from(PASSWORD.to_owned())).await.expect("set");
            let email = if known { "admin@acme.example" } else { "ghost@acme.example" };
            for _ in 0..failures {
                let outcome = w.service.sign_in(attempt("acme", email, "wrong password!")).await;
                prop_assert!(matches!(outcome, Err(SignInError::InvalidCredentials | SignInError::Throttled { .. })), "{:?}", outcome);
            }
            w.clock.advance(Duration::seconds(pause));
            let locked = failures >= 5 && pause < 15 * 60;
            let outcome = w.service.sign_in(attempt("acme", email, PASSWORD)).await;
            match (known, locked) {
                (_, true) => prop_assert!(matches!(outcome, Err(SignInError::Throttled { .. })), "{outcome:?}"),
                (true, false) => prop_assert!(outcome.is_ok(), "{outcome:?}"),
                (false, false) => prop_assert!(matches!(outcome, Err(SignInError::InvalidCredentials)), "{outcome:?}"),
            }
            Ok(())
        })?;
    }

    #[test]
    fn failed_sign_ins_from_one_ipv6_64_share_the_per_ip_limit(
        hosts in proptest::collection::vec(any::<u64>(), 30),
        last_host in any::<u64>(),
        other_net in 1u64..u64::MAX,
    ) {
        runtime().block_on(async {
            let w = world(SessionPolicy::default());
            bootstrap(&w.service, "acme").await;
            let net: u128 = 0x2001_0db8_0001_0002 << 64;
            let from = |bits: u128, i: usize| SignInAttempt {
                organisation: "acme".into(),
                email: format!("ghost{i}@acme.example"),
                password: SecretString::from("wrong password!".to_owned()),
                client_ip: Some(std::net::IpAddr::V6(std::net::Ipv6Addr::from(bits))),
            };
            // Each failure names another account, so only the per-address limit can trip.
            for (i, host) in hosts.iter().enumerate() {
                let outcome = w.service.sign_in(from(net | u128::from(*host), i)).await;
                prop_assert!(matches!(outcome, Err(SignInError::InvalidCredentials)), "{outcome:?}");
            }
            let same_net = w.service.sign_in(from(net | u128::from(last_host), 100)).await;
            prop_assert!(matches!(same_net, Err(SignInError::Throttled { .. })), "{same_net:?}");
            let other = (u128::from(other_net) << 64) | u128::from(last_host);
            prop_assume!(other >> 64 != net >> 64);
            let elsewhere = w.service.sign_in(from(other, 101)).await;
            prop_assert!(matches!(elsewhere, Err(SignInError::InvalidCredentials)), "{elsewhere:?}");
            Ok(())
        })?;
    }

    #[test]
    fn only_staff_managers_create_staff_and_only_inside_their_organisation(
        profiles in proptest::collection::vec(proptest::sample::select(Profile::ALL.to_vec()), 0..3),
    ) {
        runtime().block_on(async {
            let w = world(SessionPolicy::default());
            let acme = bootstrap(&w.service, "acme").await;
            let other = bootstrap(&w.service, "other").await;
            let admin = w.service.authenticate_api_token(acme.api_token.expose()).await.expect("admin");
            let set = ProfileSet::of(profiles.clone());
            let actor = StaffActor { profiles: set.clone(), ..admin.clone() };
            let outcome = w.service
                .create_staff_user(&actor, NewStaffUser {
                    email: EmailAddress::parse("new@acme.example").expect("email"),
                    name: PersonName::parse("New").expect("name"),
                    profiles: ProfileSet::of([Profile::Agent]),
                })
                .await;
            prop_assert_eq!(outcome.is_ok(), set.grants(Permission::ManageStaff));
            if let Err(error) = &outcome {
                prop_assert!(matches!(error, CreateStaffUserError::Forbidden(_)));
            }
            // Whatever the profiles, another organisation's users are invisible.
            let changed = w.service
                .update_staff_user(&admin, other.admin.id, StaffUserChanges { disabled: Some(true), ..Default::default() })
                .await;
            prop_assert!(matches!(changed, Err(UpdateStaffUserError::NotFound)));
            let unknown = w.service
                .update_staff_user(&admin, StaffUserId::from_uuid(frontdesk_kernel::Uuid::now_v7()), StaffUserChanges::default())
                .await;
            prop_assert!(matches!(unknown, Err(UpdateStaffUserError::NotFound)));
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_the_last_admin_stays() {
    let w = world(SessionPolicy::default());
    let created = bootstrap(&w.service, "acme").await;
    let admin = w
        .service
        .authenticate_api_token(created.api_token.expose())
        .await
        .expect("admin");
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
        .expect("agent");
    w.service
        .set_password_with_link(
            &token_of(&agent.setup_link.url),
            SecretString::from(PASSWORD.to_owned()),
        )
        .await
        .expect("set");
    let session = w
        .service
        .sign_in(attempt("acme", "agent@acme.example", PASSWORD))
        .await
        .expect("sign in");
    assert!(
        w.service
            .authenticate_session(session.secret.expose())
            .await
            .is_ok()
    );
    w.service
        .update_staff_user(
            &admin,
            agent.user.id,
            StaffUserChanges {
                disabled: Some(true),
                ..Default::default()
            },
        )
        .await
        .expect("disable");
    assert!(
        w.service
            .authenticate_session(session.secret.expose())
            .await
            .is_err()
    );
    let refused = w
        .service
        .sign_in(attempt("acme", "agent@acme.example", PASSWORD))
        .await;
    assert!(matches!(refused, Err(SignInError::InvalidCredentials)));
    let last = w
        .service
        .update_staff_user(
            &admin,
            created.admin.id,
            StaffUserChanges {
                profiles: Some(ProfileSet::of([Profile::Agent])),
                ..Default::default()
            },
        )
        .await;
    assert!(matches!(last, Err(UpdateStaffUserError::LastAdmin)));
}

#[tokio::test]
async fn bootstrapping_a_taken_slug_fails_clearly() {
    let w = world(SessionPolicy::default());
    bootstrap(&w.service, "acme").await;
    let again = w
        .service
        .bootstrap(BootstrapOrganisation {
            slug: OrgSlug::parse("acme").expect("slug"),
            name: OrgName::parse("Again").expect("name"),
            admin_email: EmailAddress::parse("x@acme.example").expect("email"),
            admin_name: PersonName::parse("X").expect("name"),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::Fr,
        })
        .await;
    assert!(matches!(again, Err(BootstrapError::SlugTaken(slug)) if slug == "acme"));
}
