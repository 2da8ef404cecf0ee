//! Staff's **Resend activation** of a sign-up over HTTP on SQLite and PostgreSQL, with mail
//! through a real SMTP server: a person signs up through a one-use registration link with
//! an auto-case form → staff resend at once (429: the sign-up's mail just went) → a few
//! minutes later (the outbox aged) again (202; the activation mail again, never a
//! set-password one) → the first link has gone (410) → the resent link activates (303, signed in) → the
//! registration link counts one use and the auto-case exists; a second resend within the
//! minute is 429 with `Retry-After`.

#![expect(
    clippy::too_many_lines,
    reason = "an end-to-end scenario reads best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, hidden_input, json_of, path_of, set_cookie, solved_captcha};
use frontdesk_e2e::{call, mail_text};
use frontdesk_mail::test_support::{ReceivedMail, SinkBehaviour, SmtpSink};
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::json;

frontdesk_e2e::on_both_databases!(url => a_resent_activation_link_counts_the_sign_up);

/// The path of the first `{base}/a/…` link in a mail.
fn activation_in(mail: &ReceivedMail) -> String {
    let data = mail_text(mail);
    let marker = format!("{}/a/", frontdesk_e2e::PUBLIC_BASE);
    let start = data.find(&marker).expect("the mail carries the link");
    let rest = &data[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    path_of(&rest[..end])
}

/// Ages every queued and sent mail by two minutes, as if that time had passed for the
/// per-recipient limit (one mail of a kind per recipient per minute).
async fn two_minutes_pass(database_url: &str) {
    let db = sea_orm::Database::connect(database_url)
        .await
        .expect("a second connection to the test database");
    db.execute_unprepared("UPDATE outbox_messages SET created_at_us = created_at_us - 120000000")
        .await
        .expect("the outbox ages");
    db.close().await.expect("closes");
}

/// The confirm page of the activation link at `path`, then its POST.
async fn activate(app: &TestApp, path: &str) -> reqwest::Response {
    let page = app.client.get(app.url(path)).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK, "the confirm page opens");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    app.client
        .post(app.url(path))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("activate")
}

async fn a_resent_activation_link_counts_the_sign_up(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let smtp = format!("smtp://{}", sink.address());
    let app = TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
        ],
    )
    .await;
    let org = app.bootstrap("resends").await;
    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"registration_enabled": true})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let created = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({
            "role": "client", "auto_case_form": "contact", "max_uses": 1, "language": "en",
        })),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    let link_id = created["id"].as_str().expect("id").to_owned();
    let link = path_of(created["url"].as_str().expect("url"));

    // The sign-up mails the first activation link.
    let signed_up = app
        .client
        .post(app.url(&link))
        .form(&[
            ("first_name", "Jane"),
            ("last_name", "Client"),
            ("email", "jane@acme.example"),
            ("password", "correct horse battery staple"),
            ("altcha", solved_captcha(&app).await.as_str()),
        ])
        .send()
        .await
        .expect("sign up");
    assert_eq!(signed_up.status(), StatusCode::OK);
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    let first = activation_in(&received[0]);
    assert!(first.starts_with("/a/fda_"), "{first}");

    // At once, staff's resend is held back (the sign-up's mail went a moment ago).
    let soon = call(
        &app,
        &org,
        Method::GET,
        "/api/v1/contact-users?q=jane",
        None,
    )
    .await;
    let listed = json_of(soon).await;
    let jane = listed["items"][0]["id"].as_str().expect("jane").to_owned();
    assert_eq!(listed["items"][0]["state"], "pending", "{listed}");
    let soon = call(
        &app,
        &org,
        Method::POST,
        &format!("/api/v1/contact-users/{jane}/resend"),
        None,
    )
    .await;
    assert_eq!(soon.status(), StatusCode::TOO_MANY_REQUESTS);
    two_minutes_pass(database_url).await;

    // Staff resend: the activation mail again, with a new link.
    let resent = call(
        &app,
        &org,
        Method::POST,
        &format!("/api/v1/contact-users/{jane}/resend"),
        None,
    )
    .await;
    assert_eq!(resent.status(), StatusCode::ACCEPTED);
    let received = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 2);
    let mail = mail_text(&received[1]);
    assert!(
        mail.contains("Subject: Activate your Org resends account"),
        "the activation template: {mail}"
    );
    assert!(
        received[1]
            .rcpt_to
            .iter()
            .any(|to| to == "jane@acme.example")
    );
    let second = activation_in(&received[1]);
    assert!(second.starts_with("/a/fda_"), "{second}");
    assert_ne!(first, second);

    // At once again: held back, and no mail.
    let again = call(
        &app,
        &org,
        Method::POST,
        &format!("/api/v1/contact-users/{jane}/resend"),
        None,
    )
    .await;
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = again
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");

    // The first link has gone; the resent one activates and signs in.
    let gone = app.client.get(app.url(&first)).send().await.expect("gone");
    assert_eq!(gone.status(), StatusCode::GONE);
    assert!(set_cookie(gone.headers(), "fd_portal").is_none());
    let done = activate(&app, &second).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/o/resends/");
    assert!(
        set_cookie(done.headers(), "fd_portal").is_some(),
        "signed in"
    );

    // The registration link counted the use; the auto-case exists.
    let stored = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!("/api/v1/registration-links/{link_id}"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(stored["uses"], 1, "{stored}");
    let uses = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!("/api/v1/registration-links/{link_id}/uses"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(uses["items"][0]["email"], "jane@acme.example", "{uses}");
    let cases = json_of(call(&app, &org, Method::GET, "/api/v1/cases", None).await).await;
    let items = cases["items"].as_array().expect("cases");
    assert_eq!(items.len(), 1, "{cases}");
    assert!(
        items[0]["title"]
            .as_str()
            .is_some_and(|title| title.contains("Jane Client")),
        "{cases}"
    );

    // Sign-in with the chosen password works: the account is active.
    let listed = json_of(
        call(
            &app,
            &org,
            Method::GET,
            "/api/v1/contact-users?state=active",
            None,
        )
        .await,
    )
    .await;
    assert_eq!(listed["items"][0]["id"], jane.as_str(), "{listed}");

    app.stop().await;
    sink.stop().await;
}
