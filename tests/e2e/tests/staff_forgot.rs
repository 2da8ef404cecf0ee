//! "Forgot your password?" for staff over HTTP on SQLite and PostgreSQL, with mail through a
//! real SMTP server: a staff sign-up with an address that already has a staff user mails a
//! link to `/staff/forgot` with the organisation and address filled in; the sign-in page
//! links there too; an unknown address and a disabled user get the same "check your email"
//! page and no mail; an enabled user gets the `password_reset` mail with its `/a/` link,
//! sets a new password with it and signs in with that (the old one no longer works, the
//! link works once); a stale form is refused; the address is throttled after the limit with
//! 429 and `Retry-After`.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_access::ThrottlePolicy;
use frontdesk_e2e::{
    TestApp, call, hidden_input, json_of, link_in, mail_text, path_of, set_cookie, set_password,
    solved_captcha, staff_session,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

frontdesk_e2e::on_both_databases!(url =>
    a_forgotten_password_is_replaced_through_the_mailed_link,
    an_address_is_throttled_after_the_limit,
);

const PASSWORD: &str = "correct horse battery staple";
const NEW_PASSWORD: &str = "a brand new passphrase";
const SENT: &str = "Check your email";

/// The forgot page at `path`: its CSRF cookie, form token and HTML.
async fn forgot_form(app: &TestApp, path: &str) -> (String, String, String) {
    let page = app
        .client
        .get(app.url(path))
        .send()
        .await
        .expect("forgot page");
    assert_eq!(page.status(), StatusCode::OK, "{path}");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let html = page.text().await.expect("html");
    let csrf = hidden_input(&html, "csrf");
    (cookie, csrf, html)
}

/// Posts the forgot form; returns the status, the `Retry-After` header and the HTML.
async fn ask(
    app: &TestApp,
    (cookie, csrf): (&str, &str),
    organisation: &str,
    email: &str,
) -> (StatusCode, Option<String>, String) {
    let answer = app
        .client
        .post(app.url("/staff/forgot"))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("organisation", organisation),
            ("email", email),
            ("csrf", csrf),
        ])
        .send()
        .await
        .expect("forgot");
    let status = answer.status();
    let retry_after = answer
        .headers()
        .get("retry-after")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    (status, retry_after, answer.text().await.expect("html"))
}

/// The status of a sign-in attempt through `/staff/login`.
async fn sign_in_status(app: &TestApp, org: &str, email: &str, password: &str) -> StatusCode {
    let page = app
        .client
        .get(app.url("/staff/login"))
        .send()
        .await
        .expect("login page");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    app.client
        .post(app.url("/staff/login"))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("organisation", org),
            ("email", email),
            ("password", password),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("sign in")
        .status()
}

async fn a_forgotten_password_is_replaced_through_the_mailed_link(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("forgetful").await;
    set_password(&app, &org.setup_path(), PASSWORD).await;

    // A disabled agent, made through the API (which mails nothing).
    let agent = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/staff-users",
        Some(json!({"email": "off@forgetful.example", "name": "Off Agent", "profiles": ["agent"]})),
    )
    .await;
    assert_eq!(agent.status(), StatusCode::CREATED);
    let agent = json_of(agent).await;
    set_password(
        &app,
        &path_of(agent["setup_url"].as_str().expect("setup url")),
        PASSWORD,
    )
    .await;
    let agent_id = agent["user"]["id"].as_str().expect("id");
    let disabled = call(
        &app,
        &org,
        Method::PATCH,
        &format!("/api/v1/staff-users/{agent_id}"),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(disabled.status(), StatusCode::OK);

    // A staff sign-up with the admin's address: the account-exists mail links to the forgot
    // page with the organisation and the address filled in.
    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"registration_enabled": true})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let link = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "staff", "allowed_domains": ["forgetful.example"]})),
    )
    .await;
    assert_eq!(link.status(), StatusCode::CREATED);
    let link = path_of(json_of(link).await["url"].as_str().expect("url"));
    let solution = solved_captcha(&app).await;
    let signed_up = app
        .client
        .post(app.url(&link))
        .form(&[
            ("first_name", "Ada"),
            ("last_name", "Admin"),
            ("email", "admin@forgetful.example"),
            ("password", "some other passphrase"),
            ("altcha", solution.as_str()),
        ])
        .send()
        .await
        .expect("sign up");
    assert_eq!(signed_up.status(), StatusCode::OK);
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "the account-exists mail");
    let exists = mail_text(&received[0]);
    let forgot = path_of(&link_in(&received[0], "/staff/forgot"));
    assert_eq!(
        forgot, "/staff/forgot?org=forgetful&email=admin%40forgetful.example",
        "{exists}"
    );

    // The sign-in page links to the forgot page, carrying the typed organisation.
    let login = app
        .client
        .get(app.url("/staff/login?org=forgetful"))
        .send()
        .await
        .expect("login page")
        .text()
        .await
        .expect("html");
    assert!(
        login.contains("href=\"/staff/forgot?org=forgetful\""),
        "{login}"
    );
    assert!(login.contains("Forgot your password?"), "{login}");

    // The forgot page from the mail, prefilled; in French for a French browser.
    let (cookie, csrf, html) = forgot_form(&app, &forgot).await;
    assert!(html.contains("value=\"forgetful\""), "{html}");
    assert!(html.contains("value=\"admin@forgetful.example\""), "{html}");
    let french = app
        .client
        .get(app.url("/staff/forgot"))
        .header("accept-language", "fr")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(french.contains("Mot de passe oublié ?"), "{french}");

    // A stale form is refused.
    let (status, _, html) = ask(
        &app,
        (&cookie, "forged"),
        "forgetful",
        "admin@forgetful.example",
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("This form expired"), "{html}");

    // Unknown addresses, an unknown organisation and the disabled agent: the same page.
    for (organisation, email) in [
        ("forgetful", "nobody@forgetful.example"),
        ("nowhere", "admin@forgetful.example"),
        ("forgetful", "off@forgetful.example"),
        ("forgetful", "not an address"),
    ] {
        let (status, _, html) = ask(&app, (&cookie, &csrf), organisation, email).await;
        assert_eq!(status, StatusCode::OK, "{organisation} {email}");
        assert!(html.contains(SENT), "{html}");
    }

    // The admin: the same page, and the reset mail with its one-time link.
    let (status, _, html) = ask(
        &app,
        (&cookie, &csrf),
        "forgetful",
        "admin@forgetful.example",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(SENT), "{html}");
    let received = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(
        received.len(),
        2,
        "one reset mail, none for the unknown or disabled"
    );
    let reset = &received[1];
    assert_eq!(reset.rcpt_to, vec!["admin@forgetful.example".to_owned()]);
    let text = mail_text(reset);
    assert!(text.contains("Reset your"), "{text}");
    assert!(text.contains("UTC"), "the expiry is in the mail: {text}");
    let action = path_of(&link_in(reset, "/a/"));
    assert!(action.starts_with("/a/fda_"), "{action}");

    // The link sets a new password, once; the new one signs in, the old one no longer.
    set_password(&app, &action, NEW_PASSWORD).await;
    staff_session(&app, "forgetful", "admin@forgetful.example", NEW_PASSWORD).await;
    assert_eq!(
        sign_in_status(&app, "forgetful", "admin@forgetful.example", PASSWORD).await,
        StatusCode::UNAUTHORIZED
    );
    let again = app
        .client
        .get(app.url(&action))
        .send()
        .await
        .expect("used link");
    assert_ne!(again.status(), StatusCode::OK, "the link worked once");

    // Nothing else was mailed meanwhile.
    assert_eq!(sink.received().len(), 2);

    app.stop().await;
    sink.stop().await;
}

async fn an_address_is_throttled_after_the_limit(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("hammered").await;
    set_password(&app, &org.setup_path(), PASSWORD).await;
    let (cookie, csrf, _) = forgot_form(&app, "/staff/forgot").await;
    for n in 0..ThrottlePolicy::PER_IP.max_failures {
        let (status, _, _) = ask(
            &app,
            (&cookie, &csrf),
            "hammered",
            &format!("nobody{n}@hammered.example"),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "request {n}");
    }
    let (status, retry_after, html) =
        ask(&app, (&cookie, &csrf), "hammered", "admin@hammered.example").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = retry_after.expect("Retry-After").parse().expect("seconds");
    assert!(retry_after > 0 && retry_after <= 15 * 60, "{retry_after}");
    assert!(html.contains("Too many requests"), "{html}");
    assert!(
        !html.contains(SENT),
        "a throttled request is told so: {html}"
    );
    // The throttled request issued nothing; the sign-in still works.
    staff_session(&app, "hammered", "admin@hammered.example", PASSWORD).await;
    assert!(sink.received().is_empty(), "no mail at all");

    app.stop().await;
    sink.stop().await;
}
