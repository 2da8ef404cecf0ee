//! Contact users sign in, are authenticated by their session, sign out and change their
//! password, over the in-memory fakes: every error arm, the throttles (a refused attempt is
//! refused even with the right password), a new session id at every sign-in, and a
//! password change that ends every session and starts one in a single unit of work.
mod sign_in_support;

use frontdesk_access::ThrottlePolicy;
use frontdesk_contacts::{
    ChangeContactPassword, ChangeContactPasswordError, ContactAuthenticateError,
    ContactSignInError, ContactUserChanges, ContactUserState, contact_user_actions,
};
use frontdesk_kernel::{Clock, PasswordError, Uuid};
use frontdesk_messaging::TemplateKind;
use frontdesk_testkit::FakeHasher;
use sign_in_support::{PASSWORD, attempt, attempt_from, secret, world};
use time::Duration;

#[tokio::test]
async fn active_users_sign_in_by_username_or_email_with_a_new_session_each_time() {
    let w = world().await;
    let user = w
        .user(
            "john.smith",
            "John.Smith@profits.example",
            ContactUserState::Active,
        )
        .await;
    let first = w
        .service
        .sign_in(attempt("John.Smith", PASSWORD))
        .await
        .unwrap();
    assert_eq!(first.user.id, user.id);
    assert_eq!(first.session.contact_user_id, user.id);
    assert_eq!(first.session.org_id, w.org.id);
    assert_eq!(first.session.digest, first.secret.digest());
    assert!(first.secret.expose().starts_with("fdc_"));
    assert!(!first.user.must_change_password);
    let by_email = w
        .service
        .sign_in(attempt(" JOHN.SMITH@profits.example ", PASSWORD))
        .await
        .unwrap();
    assert_eq!(by_email.user.id, user.id);
    assert_ne!(by_email.session.id, first.session.id);
    assert_ne!(by_email.secret.digest(), first.secret.digest());
    assert_eq!(w.users.sessions().len(), 2);
    assert_eq!(
        w.audit_actions(),
        [
            contact_user_actions::SIGNED_IN.as_str(),
            contact_user_actions::SIGNED_IN.as_str()
        ]
    );
    // A forced change after a temporary password is the page's cue.
    let mut forced = w.stored(&user).await;
    forced.must_change_password = true;
    forced.temporary_password_expires_at = Some(w.clock.now() + Duration::hours(1));
    w.store_user(&forced).await;
    let signed_in = w
        .service
        .sign_in(attempt("john.smith", PASSWORD))
        .await
        .unwrap();
    assert!(signed_in.user.must_change_password);
}

#[tokio::test]
async fn every_account_that_may_not_sign_in_answers_invalid_credentials() {
    let w = world().await;
    w.user("active", "active@x.example", ContactUserState::Active)
        .await;
    for (name, state) in [
        ("invited", ContactUserState::Invited),
        ("pending", ContactUserState::Pending),
        ("disabled", ContactUserState::Disabled),
        ("removed", ContactUserState::Removed),
    ] {
        w.user(name, &format!("{name}@x.example"), state).await;
        let outcome = w.service.sign_in(attempt(name, PASSWORD)).await;
        assert!(
            matches!(outcome, Err(ContactSignInError::InvalidCredentials)),
            "{name}: {outcome:?}"
        );
    }
    for (org, login, password) in [
        ("workbook", "active", "wrong password!"),
        ("workbook", "nobody", PASSWORD),
        ("workbook", "nobody@x.example", PASSWORD),
        ("workbook", "", PASSWORD),
        ("elsewhere", "active", PASSWORD),
        ("no-such-org", "active", PASSWORD),
        ("Not A Slug!", "active", PASSWORD),
    ] {
        let outcome = w
            .service
            .sign_in(attempt_from(org, login, password, None))
            .await;
        assert!(
            matches!(outcome, Err(ContactSignInError::InvalidCredentials)),
            "{org}/{login}: {outcome:?}"
        );
    }
    assert!(w.users.sessions().is_empty());
    // Failed sign-ins of existing accounts are audited; unknown logins leave no event.
    let failed = w
        .audit_actions()
        .iter()
        .filter(|a| *a == contact_user_actions::SIGN_IN_FAILED.as_str())
        .count();
    assert_eq!(failed, 5);
}

#[tokio::test]
async fn an_expired_temporary_password_is_said_only_to_whoever_knows_it() {
    let w = world().await;
    let mut user = w
        .user("temp", "temp@x.example", ContactUserState::Active)
        .await;
    user.must_change_password = true;
    user.temporary_password_expires_at = Some(w.clock.now() + Duration::hours(72));
    w.store_user(&user).await;
    w.clock.advance(Duration::hours(72));
    assert!(matches!(
        w.service.sign_in(attempt("temp", PASSWORD)).await,
        Err(ContactSignInError::TemporaryPasswordExpired)
    ));
    assert!(matches!(
        w.service.sign_in(attempt("temp", "not the password")).await,
        Err(ContactSignInError::InvalidCredentials)
    ));
    assert!(w.users.sessions().is_empty());
}

#[tokio::test]
async fn a_busy_hasher_answers_busy_and_counts_nothing() {
    let w = world().await;
    w.user("busy", "busy@x.example", ContactUserState::Active)
        .await;
    w.hasher.set_busy(true);
    assert!(matches!(
        w.service.sign_in(attempt("busy", PASSWORD)).await,
        Err(ContactSignInError::Busy)
    ));
    w.hasher.set_busy(false);
    for _ in 0..ThrottlePolicy::PER_ACCOUNT.max_failures - 1 {
        assert!(w.service.sign_in(attempt("busy", "wrong")).await.is_err());
    }
    // Busy counted nothing: one more failure still fits before the limit.
    assert!(w.service.sign_in(attempt("busy", PASSWORD)).await.is_ok());
}

#[tokio::test]
async fn the_account_throttle_refuses_even_the_right_password_and_success_clears_it() {
    let w = world().await;
    w.user("jane", "jane@x.example", ContactUserState::Active)
        .await;
    let limit = ThrottlePolicy::PER_ACCOUNT.max_failures;
    for _ in 0..limit - 1 {
        w.clock.advance(Duration::seconds(1));
        assert!(matches!(
            w.service.sign_in(attempt("jane", "wrong")).await,
            Err(ContactSignInError::InvalidCredentials)
        ));
    }
    // A success clears the failures…
    assert!(w.service.sign_in(attempt("jane", PASSWORD)).await.is_ok());
    for _ in 0..limit {
        w.clock.advance(Duration::seconds(1));
        assert!(matches!(
            w.service.sign_in(attempt("JANE", "wrong")).await,
            Err(ContactSignInError::InvalidCredentials)
        ));
    }
    // …and the limit then holds, case-folded, for the right password too.
    match w.service.sign_in(attempt("Jane", PASSWORD)).await {
        Err(ContactSignInError::Throttled {
            retry_after_seconds,
        }) => {
            assert!(retry_after_seconds >= 1);
            assert!(retry_after_seconds <= 900);
            w.clock.advance(Duration::seconds(
                i64::try_from(retry_after_seconds).unwrap(),
            ));
        }
        other => panic!("expected Throttled, got {other:?}"),
    }
    assert!(w.service.sign_in(attempt("jane", PASSWORD)).await.is_ok());
}

#[tokio::test]
async fn the_address_throttle_spans_logins_and_a_whole_ipv6_64() {
    let w = world().await;
    w.user("victim", "victim@x.example", ContactUserState::Active)
        .await;
    let limit = ThrottlePolicy::PER_IP.max_failures;
    for n in 0..limit {
        let ip = format!("2001:db8:7:7::{:x}", n + 1).parse().unwrap();
        let outcome = w
            .service
            .sign_in(attempt_from(
                "workbook",
                &format!("guess{n}"),
                "x",
                Some(ip),
            ))
            .await;
        assert!(matches!(
            outcome,
            Err(ContactSignInError::InvalidCredentials)
        ));
    }
    let same_64 = "2001:db8:7:7:abcd::1".parse().unwrap();
    assert!(matches!(
        w.service
            .sign_in(attempt_from("workbook", "victim", PASSWORD, Some(same_64)))
            .await,
        Err(ContactSignInError::Throttled { .. })
    ));
    let elsewhere = "2001:db8:7:8::1".parse().unwrap();
    assert!(
        w.service
            .sign_in(attempt_from(
                "workbook",
                "victim",
                PASSWORD,
                Some(elsewhere)
            ))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn sessions_authenticate_in_their_organisation_touch_once_a_minute_and_sign_out() {
    let w = world().await;
    let user = w
        .user("amy", "amy@x.example", ContactUserState::Active)
        .await;
    let signed_in = w.service.sign_in(attempt("amy", PASSWORD)).await.unwrap();
    let secret_text = signed_in.secret.expose().to_owned();
    let session = w
        .service
        .authenticate(w.org.id, &secret_text)
        .await
        .unwrap();
    assert_eq!(session.user.id, user.id);
    assert_eq!(session.session.id, signed_in.session.id);

    // Activity is written back at most once a minute.
    let start = signed_in.session.last_seen_at;
    w.clock.advance(Duration::seconds(59));
    w.service
        .authenticate(w.org.id, &secret_text)
        .await
        .unwrap();
    assert_eq!(w.users.sessions()[0].last_seen_at, start);
    w.clock.advance(Duration::seconds(1));
    let touched = w
        .service
        .authenticate(w.org.id, &secret_text)
        .await
        .unwrap();
    assert_eq!(touched.session.last_seen_at, w.clock.now());
    assert_eq!(w.users.sessions()[0].last_seen_at, w.clock.now());

    // Another organisation, malformed and unknown secrets sign nobody in.
    let other_org = frontdesk_kernel::OrgId::from_uuid(Uuid::now_v7());
    for (org, text) in [
        (other_org, secret_text.as_str()),
        (w.org.id, "fdc_nonsense"),
        (w.org.id, ""),
        (w.org.id, "fdc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
    ] {
        assert!(matches!(
            w.service.authenticate(org, text).await,
            Err(ContactAuthenticateError::NotSignedIn)
        ));
    }
    assert!(
        w.users.sessions()[0].ended_at.is_none(),
        "another organisation ends nothing"
    );

    // Sign-out ends it; unknown secrets are ignored.
    w.service.sign_out("fdc_nonsense").await.unwrap();
    w.service.sign_out(&secret_text).await.unwrap();
    assert!(matches!(
        w.service.authenticate(w.org.id, &secret_text).await,
        Err(ContactAuthenticateError::NotSignedIn)
    ));
    assert_eq!(w.users.sessions()[0].ended_at, Some(w.clock.now()));
    assert!(
        w.audit_actions()
            .contains(&contact_user_actions::SIGNED_OUT.as_str().to_owned())
    );
}

#[tokio::test]
async fn disabling_a_user_ends_its_sessions_in_the_same_unit_of_work() {
    let w = world().await;
    let user = w
        .user("dora", "dora@x.example", ContactUserState::Active)
        .await;
    let one = w.service.sign_in(attempt("dora", PASSWORD)).await.unwrap();
    let two = w.service.sign_in(attempt("dora", PASSWORD)).await.unwrap();
    w.clear_log();
    w.service
        .update_contact_user(
            &w.actor,
            user.id,
            ContactUserChanges {
                disabled: Some(true),
                ..ContactUserChanges::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(w.logged(), ["begin", "commit"]);
    assert!(w.users.sessions().iter().all(|s| s.ended_at.is_some()));
    for signed_in in [one, two] {
        assert!(matches!(
            w.service
                .authenticate(w.org.id, signed_in.secret.expose())
                .await,
            Err(ContactAuthenticateError::NotSignedIn)
        ));
    }
    // A user who is no longer active is not signed in even by a session left open.
    let mut enabled = w.stored(&user).await;
    enabled.state = ContactUserState::Active;
    w.store_user(&enabled).await;
    let three = w.service.sign_in(attempt("dora", PASSWORD)).await.unwrap();
    enabled.state = ContactUserState::Removed;
    w.store_user(&enabled).await;
    assert!(matches!(
        w.service
            .authenticate(w.org.id, three.secret.expose())
            .await,
        Err(ContactAuthenticateError::NotSignedIn)
    ));
}

#[tokio::test]
async fn changing_the_password_ends_every_session_and_starts_one_in_one_unit_of_work() {
    let w = world().await;
    let mut user = w
        .user("carl", "carl@x.example", ContactUserState::Active)
        .await;
    user.must_change_password = true;
    user.temporary_password_expires_at = Some(w.clock.now() + Duration::hours(72));
    w.store_user(&user).await;
    let elsewhere = w.service.sign_in(attempt("carl", PASSWORD)).await.unwrap();
    let here = w.service.sign_in(attempt("carl", PASSWORD)).await.unwrap();
    let session = w
        .service
        .authenticate(w.org.id, here.secret.expose())
        .await
        .unwrap();
    let change = |current: &str, new: &str| ChangeContactPassword {
        session: session.clone(),
        current: secret(current),
        new: secret(new),
        client_ip: None,
    };

    for (new, expected) in [
        ("short", PasswordError::TooShort),
        ("password123", PasswordError::Common),
    ] {
        match w.service.change_password(change(PASSWORD, new)).await {
            Err(ChangeContactPasswordError::Password(error)) => assert_eq!(error, expected),
            other => panic!("expected a policy error, got {other:?}"),
        }
    }
    assert!(matches!(
        w.service.change_password(change(PASSWORD, PASSWORD)).await,
        Err(ChangeContactPasswordError::SameAsCurrent)
    ));
    assert!(matches!(
        w.service
            .change_password(change("not my password", "a brand new secret"))
            .await,
        Err(ChangeContactPasswordError::WrongCurrentPassword)
    ));
    assert_eq!(
        w.stored(&user).await.password_hash,
        Some(FakeHasher::hash_of(PASSWORD))
    );

    w.clear_log();
    let changed = w
        .service
        .change_password(change(PASSWORD, "a brand new secret"))
        .await
        .unwrap();
    assert_eq!(w.logged(), ["begin", "enqueue", "commit"]);
    let stored = w.stored(&user).await;
    assert_eq!(
        stored.password_hash,
        Some(FakeHasher::hash_of("a brand new secret"))
    );
    assert!(!stored.must_change_password);
    assert_eq!(stored.temporary_password_expires_at, None);
    assert!(!changed.user.must_change_password);
    for old in [&elsewhere, &here] {
        assert!(matches!(
            w.service.authenticate(w.org.id, old.secret.expose()).await,
            Err(ContactAuthenticateError::NotSignedIn)
        ));
    }
    let fresh = w
        .service
        .authenticate(w.org.id, changed.secret.expose())
        .await
        .unwrap();
    assert_eq!(fresh.session.id, changed.session.id);
    assert_ne!(changed.session.id, here.session.id);
    let mails = w.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, TemplateKind::PasswordChanged);
    assert_eq!(mails[0].to.as_str(), "carl@x.example");
    assert!(!mails[0].data.to_string().contains("brand new"));
    assert!(
        w.audit_actions()
            .contains(&contact_user_actions::PASSWORD_CHANGED.as_str().to_owned())
    );
    // The old password no longer signs in; the new one does.
    assert!(w.service.sign_in(attempt("carl", PASSWORD)).await.is_err());
    assert!(
        w.service
            .sign_in(attempt("carl", "a brand new secret"))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_and_inactive_users_cannot_change() {
    let w = world().await;
    let user = w
        .user("eve", "eve@x.example", ContactUserState::Active)
        .await;
    let here = w.service.sign_in(attempt("eve", PASSWORD)).await.unwrap();
    let session = w
        .service
        .authenticate(w.org.id, here.secret.expose())
        .await
        .unwrap();
    let change = |current: &str| ChangeContactPassword {
        session: session.clone(),
        current: secret(current),
        new: secret("another fine secret"),
        client_ip: None,
    };
    for _ in 0..ThrottlePolicy::PER_ACCOUNT.max_failures {
        assert!(matches!(
            w.service.change_password(change("guess")).await,
            Err(ChangeContactPasswordError::WrongCurrentPassword)
        ));
    }
    assert!(matches!(
        w.service.change_password(change(PASSWORD)).await,
        Err(ChangeContactPasswordError::Throttled { .. })
    ));
    // The per-account key is the sign-in's: signing in by username is throttled too.
    assert!(matches!(
        w.service.sign_in(attempt("eve", PASSWORD)).await,
        Err(ContactSignInError::Throttled { .. })
    ));
    w.clock.advance(ThrottlePolicy::PER_ACCOUNT.window);
    w.hasher.set_busy(true);
    assert!(matches!(
        w.service.change_password(change(PASSWORD)).await,
        Err(ChangeContactPasswordError::Busy)
    ));
    w.hasher.set_busy(false);
    let mut disabled = w.stored(&user).await;
    disabled.state = ContactUserState::Disabled;
    w.store_user(&disabled).await;
    assert!(matches!(
        w.service.change_password(change(PASSWORD)).await,
        Err(ChangeContactPasswordError::NotSignedIn)
    ));
}

#[tokio::test]
async fn a_held_back_notice_does_not_stop_the_change() {
    let w = world().await;
    w.user("finn", "finn@x.example", ContactUserState::Active)
        .await;
    let here = w.service.sign_in(attempt("finn", PASSWORD)).await.unwrap();
    let session = w
        .service
        .authenticate(w.org.id, here.secret.expose())
        .await
        .unwrap();
    *w.mail.refuse.lock().unwrap() = true;
    let changed = w
        .service
        .change_password(ChangeContactPassword {
            session,
            current: secret(PASSWORD),
            new: secret("held back but changed"),
            client_ip: Some("192.0.2.1".parse().unwrap()),
        })
        .await
        .unwrap();
    assert_eq!(
        changed.user.password_hash,
        Some(FakeHasher::hash_of("held back but changed"))
    );
    let event = w
        .store
        .audit_events()
        .into_iter()
        .find(|e| e.action == contact_user_actions::PASSWORD_CHANGED)
        .unwrap();
    assert!(event.detail.contains("held back"), "{}", event.detail);
    assert!(w.mails().is_empty());
}
