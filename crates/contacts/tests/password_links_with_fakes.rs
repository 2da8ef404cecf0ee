//! "Forgot password", the one-time links and the time rules of contact users' sign-in, over
//! the in-memory fakes: reset requests answer alike whatever the login, a link opens
//! without being used, is used once, and sets the password with every session ended; and
//! fake-clock property tests for the throttle, the temporary password's expiry, the reset
//! link's hour and the sessions' idle and absolute limits.

#![expect(clippy::unwrap_used, reason = "test code: a panic is how a test fails")]

mod sign_in_support;

use frontdesk_access::{SessionPolicy, ThrottlePolicy};
use frontdesk_contacts::{
    ContactAuthenticateError, ContactLinkError, ContactSignInError, ContactUserLinkPurpose,
    ContactUserState, PasswordMode, RequestPasswordReset, RequestPasswordResetError,
    SetContactPasswordError, contact_user_actions,
};
use frontdesk_kernel::{Clock, PasswordError};
use frontdesk_messaging::TemplateKind;
use frontdesk_testkit::FakeHasher;
use proptest::prelude::*;
use sign_in_support::{PASSWORD, World, attempt, secret, world};
use time::Duration;

fn forgot(organisation: &str, login: &str) -> RequestPasswordReset {
    RequestPasswordReset {
        organisation: organisation.into(),
        login: login.into(),
        client_ip: Some("198.51.100.4".parse().unwrap()),
    }
}

/// The token in the last mail's `action_url`.
fn last_link_token(w: &World) -> String {
    let mails = w.mails();
    let mail = mails.last().unwrap();
    let url = mail.data["action_url"].as_str().unwrap();
    url.rsplit('/').next().unwrap().to_owned()
}

async fn reset_token(w: &World, login: &str) -> String {
    w.service
        .request_password_reset(forgot("workbook", login))
        .await
        .unwrap();
    last_link_token(w)
}

#[tokio::test]
async fn reset_requests_answer_alike_and_mail_only_active_accounts() {
    let w = world().await;
    w.user("ann", "ann@x.example", ContactUserState::Active)
        .await;
    for (name, state) in [
        ("invited", ContactUserState::Invited),
        ("pending", ContactUserState::Pending),
        ("disabled", ContactUserState::Disabled),
        ("removed", ContactUserState::Removed),
    ] {
        w.user(name, &format!("{name}@x.example"), state).await;
    }
    for (org, login) in [
        ("workbook", "nobody"),
        ("workbook", "nobody@x.example"),
        ("workbook", "invited"),
        ("workbook", "pending"),
        ("workbook", "disabled@x.example"),
        ("workbook", "removed"),
        ("elsewhere", "ann"),
        ("no-such-org", "ann"),
        ("Not A Slug!", "ann"),
    ] {
        w.service
            .request_password_reset(forgot(org, login))
            .await
            .unwrap();
    }
    assert!(w.mails().is_empty());
    assert!(w.users.links().is_empty());

    let start = w.clock.now();
    w.clear_log();
    w.service
        .request_password_reset(forgot("workbook", "ANN@x.example"))
        .await
        .unwrap();
    assert_eq!(w.logged(), ["begin", "enqueue", "commit"]);
    let mails = w.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, TemplateKind::PasswordReset);
    assert_eq!(mails[0].to.as_str(), "ann@x.example");
    let url = mails[0].data["action_url"].as_str().unwrap();
    assert!(url.starts_with("https://desk.example/a/fda_"), "{url}");
    let links = w.users.links();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].purpose, ContactUserLinkPurpose::ResetPassword);
    assert_eq!(links[0].expires_at, start + Duration::hours(1));
    assert!(
        w.audit_actions().contains(
            &contact_user_actions::PASSWORD_RESET_REQUESTED
                .as_str()
                .to_owned()
        )
    );
    // Neither the link nor its token is anywhere but in the mail.
    let token = last_link_token(&w);
    assert!(
        w.store
            .audit_events()
            .iter()
            .all(|e| !e.detail.contains(&token))
    );

    // A newer request supersedes the older link.
    w.clock.advance(Duration::minutes(2));
    let newer = reset_token(&w, "ann").await;
    assert!(matches!(
        w.service.open_password_link(&token).await,
        Err(ContactLinkError::Used)
    ));
    assert!(w.service.open_password_link(&newer).await.is_ok());
}

#[tokio::test]
async fn a_recipient_limit_or_an_address_throttle_never_tells_whether_the_account_exists() {
    let w = world().await;
    w.user("bob", "bob@x.example", ContactUserState::Active)
        .await;
    *w.mail.refuse.lock().unwrap() = true;
    w.service
        .request_password_reset(forgot("workbook", "bob"))
        .await
        .unwrap();
    assert!(
        w.users.links().is_empty(),
        "nothing changes when the mail is held back"
    );
    *w.mail.refuse.lock().unwrap() = false;

    for _ in 1..ThrottlePolicy::PER_IP.max_failures {
        w.service
            .request_password_reset(forgot("workbook", "nobody"))
            .await
            .unwrap();
    }
    for login in ["bob", "nobody"] {
        assert!(matches!(
            w.service
                .request_password_reset(forgot("workbook", login))
                .await,
            Err(RequestPasswordResetError::Throttled { .. })
        ));
    }
    let mut unknown_address = forgot("workbook", "bob");
    unknown_address.client_ip = None;
    w.service
        .request_password_reset(unknown_address)
        .await
        .unwrap();
    assert_eq!(w.mails().len(), 1);
}

#[tokio::test]
async fn a_link_opens_without_being_used_and_says_why_it_does_not() {
    let w = world().await;
    let user = w
        .user("cleo", "cleo@x.example", ContactUserState::Active)
        .await;
    let token = reset_token(&w, "cleo").await;
    for _ in 0..2 {
        let view = w.service.open_password_link(&token).await.unwrap();
        assert_eq!(view.organisation_slug.as_str(), "workbook");
        assert_eq!(view.organisation_name.as_str(), "WorkBook Ltd");
        assert_eq!(view.email.as_str(), "cleo@x.example");
        assert_eq!(view.username, user.username);
        assert_eq!(view.purpose, ContactUserLinkPurpose::ResetPassword);
    }
    assert!(w.users.links()[0].used_at.is_none());
    for bad in [
        "",
        "fda_short",
        "fdc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "fda_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        assert!(matches!(
            w.service.open_password_link(bad).await,
            Err(ContactLinkError::Invalid)
        ));
        assert!(matches!(
            w.service
                .set_password_with_link(bad, secret("a new password"))
                .await,
            Err(SetContactPasswordError::Invalid)
        ));
    }
    // A disabled account's link does not open.
    let mut disabled = w.stored(&user).await;
    disabled.state = ContactUserState::Disabled;
    w.store_user(&disabled).await;
    assert!(matches!(
        w.service.open_password_link(&token).await,
        Err(ContactLinkError::Invalid)
    ));
    disabled.state = ContactUserState::Active;
    w.store_user(&disabled).await;
    w.clock.advance(Duration::hours(1));
    assert!(matches!(
        w.service.open_password_link(&token).await,
        Err(ContactLinkError::Expired)
    ));
    assert!(matches!(
        w.service
            .set_password_with_link(&token, secret("a new password"))
            .await,
        Err(SetContactPasswordError::Expired)
    ));
}

#[tokio::test]
async fn a_reset_link_sets_the_password_once_and_ends_every_session() {
    let w = world().await;
    let user = w
        .user("dan", "dan@x.example", ContactUserState::Active)
        .await;
    let old = w.service.sign_in(attempt("dan", PASSWORD)).await.unwrap();
    let token = reset_token(&w, "dan").await;

    // A refused password uses nothing up.
    match w
        .service
        .set_password_with_link(&token, secret("short"))
        .await
    {
        Err(SetContactPasswordError::Password(PasswordError::TooShort)) => {}
        other => panic!("expected TooShort, got {other:?}"),
    }
    w.hasher.set_busy(true);
    assert!(matches!(
        w.service
            .set_password_with_link(&token, secret("a long new secret"))
            .await,
        Err(SetContactPasswordError::Busy)
    ));
    w.hasher.set_busy(false);
    assert!(w.users.links()[0].used_at.is_none());

    w.clear_log();
    let signed_in = w
        .service
        .set_password_with_link(&token, secret("a long new secret"))
        .await
        .unwrap();
    assert_eq!(w.logged(), ["begin", "enqueue", "commit"]);
    assert_eq!(signed_in.user.id, user.id);
    let stored = w.stored(&user).await;
    assert_eq!(
        stored.password_hash,
        Some(FakeHasher::hash_of("a long new secret"))
    );
    assert_eq!(stored.state, ContactUserState::Active);
    assert!(!stored.must_change_password);
    assert!(w.users.links()[0].used_at.is_some());
    assert_eq!(
        w.mails().last().unwrap().kind,
        TemplateKind::PasswordChanged
    );
    assert!(matches!(
        w.service.authenticate(w.org.id, old.secret.expose()).await,
        Err(ContactAuthenticateError::NotSignedIn)
    ));
    assert!(
        w.service
            .authenticate(w.org.id, signed_in.secret.expose())
            .await
            .is_ok()
    );
    assert!(matches!(
        w.service.open_password_link(&token).await,
        Err(ContactLinkError::Used)
    ));
    assert!(matches!(
        w.service
            .set_password_with_link(&token, secret("yet another secret"))
            .await,
        Err(SetContactPasswordError::Used)
    ));
    assert!(
        w.service
            .sign_in(attempt("dan", "a long new secret"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_set_password_link_from_staff_activates_an_invited_user() {
    let w = world().await;
    let user = w
        .user("newbie", "newbie@x.example", ContactUserState::Invited)
        .await;
    w.service
        .send_password(&w.actor, user.id, PasswordMode::Link)
        .await
        .unwrap();
    let token = last_link_token(&w);
    let view = w.service.open_password_link(&token).await.unwrap();
    assert_eq!(view.purpose, ContactUserLinkPurpose::SetPassword);
    let signed_in = w
        .service
        .set_password_with_link(&token, secret("my very first one"))
        .await
        .unwrap();
    assert_eq!(signed_in.user.state, ContactUserState::Active);
    assert_eq!(w.stored(&user).await.state, ContactUserState::Active);
    assert!(
        w.service
            .sign_in(attempt("newbie", "my very first one"))
            .await
            .is_ok()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// After `failures` wrong passwords the right one works iff they are fewer than the
    /// limit; once refused, waiting the answered Retry-After lets it in.
    #[test]
    fn the_throttle_refuses_at_the_limit_until_its_window_passes(
        failures in 0u32..9,
        spacing in 0i64..60,
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let w = world().await;
            w.user("pat", "pat@x.example", ContactUserState::Active).await;
            let limit = ThrottlePolicy::PER_ACCOUNT.max_failures;
            for _ in 0..failures {
                w.clock.advance(Duration::seconds(spacing));
                let outcome = w.service.sign_in(attempt("pat", "wrong")).await;
                prop_assert!(outcome.is_err());
            }
            match w.service.sign_in(attempt("pat", PASSWORD)).await {
                Ok(_) => prop_assert!(failures < limit),
                Err(ContactSignInError::Throttled { retry_after_seconds }) => {
                    prop_assert!(failures >= limit);
                    prop_assert!(retry_after_seconds >= 1);
                    w.clock.advance(Duration::seconds(i64::try_from(retry_after_seconds).unwrap()));
                    prop_assert!(w.service.sign_in(attempt("pat", PASSWORD)).await.is_ok());
                }
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
            Ok(())
        })?;
    }

    /// A temporary password signs in at `expires_at - 1s` and is refused from `expires_at`.
    #[test]
    fn a_temporary_password_stops_exactly_at_its_expiry(offset in -5i64..=5, hours in 1i64..=72) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let w = world().await;
            let mut user = w.user("tim", "tim@x.example", ContactUserState::Active).await;
            let expires_at = w.clock.now() + Duration::hours(hours);
            user.must_change_password = true;
            user.temporary_password_expires_at = Some(expires_at);
            w.store_user(&user).await;
            w.clock.set(expires_at + Duration::seconds(offset));
            match w.service.sign_in(attempt("tim", PASSWORD)).await {
                Ok(signed_in) => {
                    prop_assert!(offset < 0);
                    prop_assert!(signed_in.user.must_change_password);
                }
                Err(ContactSignInError::TemporaryPasswordExpired) => prop_assert!(offset >= 0),
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
            Ok(())
        })?;
    }

    /// A reset link opens strictly within its hour, and sets a password at most once.
    #[test]
    fn a_reset_link_lasts_one_hour_and_is_used_once(later in 3_590i64..=3_610, uses in 1usize..4) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let w = world().await;
            w.user("rita", "rita@x.example", ContactUserState::Active).await;
            let token = reset_token(&w, "rita").await;
            w.clock.advance(Duration::seconds(later));
            let mut succeeded = 0;
            for n in 0..uses {
                match w.service.set_password_with_link(&token, secret(&format!("new secret {n}"))).await {
                    Ok(_) => succeeded += 1,
                    Err(SetContactPasswordError::Expired) => prop_assert!(later >= 3_600),
                    Err(SetContactPasswordError::Used) => prop_assert!(succeeded == 1),
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
            }
            prop_assert_eq!(succeeded, usize::from(later < 3_600));
            Ok(())
        })?;
    }

    /// A session idle for `idle` seconds after its last use, or past its absolute expiry,
    /// signs nobody in (and is ended); otherwise it does.
    #[test]
    fn sessions_stop_at_their_idle_and_absolute_limits(
        steps in proptest::collection::vec(0i64..8_000, 1..12),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let policy = SessionPolicy::default();
            let w = world().await;
            w.user("sam", "sam@x.example", ContactUserState::Active).await;
            let signed_in = w.service.sign_in(attempt("sam", PASSWORD)).await.unwrap();
            let started = w.clock.now();
            let mut last_seen = started;
            let mut alive = true;
            for step in steps {
                w.clock.advance(Duration::seconds(step));
                let now = w.clock.now();
                let expected = alive
                    && now - last_seen < policy.idle
                    && now < started + policy.absolute;
                match w.service.authenticate(w.org.id, signed_in.secret.expose()).await {
                    Ok(session) => {
                        prop_assert!(expected);
                        if now - last_seen >= Duration::seconds(60) {
                            last_seen = now;
                        }
                        prop_assert_eq!(session.session.last_seen_at, last_seen);
                    }
                    Err(ContactAuthenticateError::NotSignedIn) => {
                        prop_assert!(!expected);
                        alive = false;
                        prop_assert!(w.users.sessions()[0].ended_at.is_some());
                    }
                    Err(other) => prop_assert!(false, "unexpected {other:?}"),
                }
            }
            Ok(())
        })?;
    }
}
