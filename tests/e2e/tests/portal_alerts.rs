//! Case alerts for contact users, end to end on SQLite and PostgreSQL with a real SMTP
//! server. A client has three contact users: one active and signed in once, granted a case
//! whose contact is someone else; one whose grant was revoked; one disabled. An internal
//! note mails nobody; a public staff comment mails the grantee once, with the portal case
//! page (no guest token) and a one-click unsubscribe link, and the case contact its guest
//! link as before; the grantee's own portal comment alerts the contact but not them; after
//! the grantee unsubscribes, a status change mails the contact only. The revoked and the
//! disabled user are never mailed.
//!
//! At most one alert reaches a recipient per minute (the per-recipient limit), so between
//! the events the test ages the outbox by two minutes: each "no mail" below is then the
//! selection's doing, not the limit's.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::{Duration, Instant};

use frontdesk_e2e::{
    PUBLIC_BASE, TestApp, TestOrg, hidden_input, json_of, set_cookie, solved_captcha,
};
use frontdesk_e2e::{call, mail_text};
use frontdesk_mail::test_support::{ReceivedMail, SinkBehaviour, SmtpSink, header, parse_headers};
use reqwest::Method as M;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::json;

frontdesk_e2e::on_both_databases!(url => grantees_are_alerted_through_the_portal);

/// The portal's session cookie (plain name: the test base URL is http).
const SESSION: &str = "fd_portal";
/// The case contact (a guest: no login).
const CONTACT: &str = "carla.contact@example.org";
/// The active, granted contact user.
const GRANTEE: &str = "gina.grant@more-profits.example";
/// A contact user whose grant was revoked.
const REVOKED: &str = "rick.revoked@more-profits.example";
/// A disabled contact user who still holds a grant.
const DISABLED: &str = "dora.disabled@more-profits.example";

fn mails_to(sink: &SmtpSink, address: &str) -> Vec<ReceivedMail> {
    sink.received()
        .into_iter()
        .filter(|m| m.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(address)))
        .collect()
}

/// The first `{base}{prefix}…` link in a mail, as a path.
fn path_in(mail: &ReceivedMail, prefix: &str) -> Option<String> {
    let text = mail_text(mail);
    let start = text.find(&format!("{PUBLIC_BASE}{prefix}"))? + PUBLIC_BASE.len();
    Some(
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "/._-".contains(*c))
            .collect(),
    )
}

/// Queues a test mail to `address` and waits (with a deadline) until it arrives: the
/// outbox is sent in order, so whatever was queued before it has been sent by then.
async fn fence(app: &TestApp, org: &TestOrg, sink: &SmtpSink, address: &str) {
    let queued = call(
        app,
        org,
        M::POST,
        "/api/v1/mail/test",
        Some(json!({"to": address})),
    )
    .await;
    assert_eq!(queued.status(), StatusCode::ACCEPTED);
    let deadline = Instant::now() + Duration::from_secs(20);
    while mails_to(sink, address).is_empty() {
        assert!(
            Instant::now() < deadline,
            "the fence mail to {address} arrives"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Ages every queued and sent mail by two minutes, as if that time had passed for the
/// per-recipient limit (one alert per recipient per minute).
async fn two_minutes_pass(database_url: &str) {
    let db = sea_orm::Database::connect(database_url)
        .await
        .expect("a second connection to the test database");
    db.execute_unprepared("UPDATE outbox_messages SET created_at_us = created_at_us - 120000000")
        .await
        .expect("the outbox ages");
    db.close().await.expect("closes");
}

/// Saves a `temporary_password` template whose text shows the password plainly.
async fn plain_template(app: &TestApp, org: &TestOrg) {
    let saved = call(
        app,
        org,
        M::PUT,
        "/api/v1/mail-templates/temporary_password/en",
        Some(json!({
            "subject": "Your password",
            "html": "<p>Login: {{login}}</p><p>Temporary Password: {{temporary_password}}</p>",
            "text": "Login: {{login}}\nTemporary Password: {{temporary_password}}\n",
        })),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK, "{:?}", saved.text().await);
}

/// A contact user of `client` with a temporary password sent (so, active); answers its id
/// and the password read from its mail.
async fn active_user(
    app: &TestApp,
    org: &TestOrg,
    sink: &SmtpSink,
    client: &str,
    email: &str,
) -> (String, String) {
    let created = call(
        app,
        org,
        M::POST,
        &format!("/api/v1/clients/{client}/contact-users"),
        Some(json!({"first_name": "Pat", "last_name": "Portal", "email": email})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = json_of(created).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let sent = call(
        app,
        org,
        M::POST,
        &format!("/api/v1/contact-users/{id}/send-password"),
        Some(json!({"mode": "temporary"})),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let deadline = Instant::now() + Duration::from_secs(20);
    let mail = loop {
        if let Some(mail) = mails_to(sink, email).pop() {
            break mail;
        }
        assert!(
            Instant::now() < deadline,
            "the password mail to {email} arrives"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let password = mail_text(&mail)
        .split("Temporary Password: ")
        .nth(1)
        .expect("the mail carries the password")
        .split(|c: char| c.is_whitespace() || c == '<')
        .next()
        .expect("a password")
        .to_owned();
    (id, password)
}

/// A page with a pre-session form: its double-submit cookie and its CSRF field.
async fn form_page(app: &TestApp, path: &str) -> (String, String) {
    let page = app.client.get(app.url(path)).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK, "{path}");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    (cookie, csrf)
}

/// Signs in with the temporary password and replaces it, as a person does the first time;
/// answers the portal session.
async fn first_sign_in(app: &TestApp, slug: &str, login: &str, temporary: &str) -> String {
    let (cookie, csrf) = form_page(app, &format!("/o/{slug}/login")).await;
    let signed_in = app
        .client
        .post(app.url(&format!("/o/{slug}/login")))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[("login", login), ("password", temporary), ("csrf", &csrf)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(signed_in.headers(), SESSION).expect("session");
    let page = portal_get(app, &format!("/o/{slug}/password"), &session).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let changed = app
        .client
        .post(app.url(&format!("/o/{slug}/password")))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[
            ("current", temporary),
            ("password", "correct horse battery"),
            ("password_confirmation", "correct horse battery"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("change");
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    set_cookie(changed.headers(), SESSION).expect("a new session")
}

async fn portal_get(app: &TestApp, path: &str, session: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("cookie", format!("{SESSION}={session}"))
        .send()
        .await
        .expect("page")
}

async fn grant(app: &TestApp, org: &TestOrg, user: &str, case: &str, role: &str) -> String {
    let granted = call(
        app,
        org,
        M::POST,
        &format!("/api/v1/contact-users/{user}/grants"),
        Some(json!({"case_id": case, "role": role})),
    )
    .await;
    assert_eq!(granted.status(), StatusCode::CREATED);
    json_of(granted).await["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn grantees_are_alerted_through_the_portal(database_url: &str) {
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
    let org = app.bootstrap("alerts").await;
    plain_template(&app, &org).await;
    let client = json_of(
        call(
            &app,
            &org,
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": "More Profits Inc."})),
        )
        .await,
    )
    .await["id"]
        .as_str()
        .expect("client id")
        .to_owned();
    let (grantee, temporary) = active_user(&app, &org, &sink, &client, GRANTEE).await;
    let (revoked, _) = active_user(&app, &org, &sink, &client, REVOKED).await;
    let (disabled, _) = active_user(&app, &org, &sink, &client, DISABLED).await;
    let session = first_sign_in(&app, "alerts", GRANTEE, &temporary).await;

    // A case whose contact is someone else, on the client, granted to the three users.
    let accepted = app
        .client
        .post(app.url("/api/v1/public/orgs/alerts/forms/contact/cases"))
        .json(&json!({
            "first_name": "Carla", "last_name": "Contact", "email": CONTACT,
            "title": "Heating broken", "description": "Please help.",
            "altcha": solved_captcha(&app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    let cases = json_of(call(&app, &org, M::GET, "/api/v1/cases", None).await).await;
    let case = cases["items"][0]["id"].as_str().expect("id").to_owned();
    let number = cases["items"][0]["number"].as_u64().expect("number");
    let moved = call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/cases/{case}"),
        Some(json!({"client_id": client})),
    )
    .await;
    assert_eq!(moved.status(), StatusCode::OK);
    grant(&app, &org, &grantee, &case, "viewer").await;
    let revoked_grant = grant(&app, &org, &revoked, &case, "viewer").await;
    grant(&app, &org, &disabled, &case, "editor").await;
    let revoke = call(
        &app,
        &org,
        M::DELETE,
        &format!("/api/v1/grants/{revoked_grant}"),
        None,
    )
    .await;
    assert_eq!(revoke.status(), StatusCode::NO_CONTENT);
    let disable = call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/contact-users/{disabled}"),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(disable.status(), StatusCode::OK);
    fence(&app, &org, &sink, "fence-0@example.org").await;
    let before = |address: &str| mails_to(&sink, address).len();
    let (contact_mails, grantee_mails) = (before(CONTACT), before(GRANTEE));
    let (revoked_mails, disabled_mails) = (before(REVOKED), before(DISABLED));
    two_minutes_pass(database_url).await;

    // An internal note mails nobody.
    let comments = format!("/api/v1/cases/{case}/comments");
    let comment = |body: &str, visibility: &str| {
        call(
            &app,
            &org,
            M::POST,
            &comments,
            Some(json!({"body": body, "visibility": visibility})),
        )
    };
    assert_eq!(
        comment("Check the boiler model.", "internal")
            .await
            .status(),
        StatusCode::CREATED
    );
    fence(&app, &org, &sink, "fence-1@example.org").await;
    assert_eq!(
        before(CONTACT),
        contact_mails,
        "no alert for an internal note"
    );
    assert_eq!(
        before(GRANTEE),
        grantee_mails,
        "no alert for an internal note"
    );

    // A public comment: the grantee gets one alert linking the portal, the contact its
    // guest link; the revoked and the disabled user nothing.
    assert_eq!(
        comment("A technician comes tomorrow.", "public")
            .await
            .status(),
        StatusCode::CREATED
    );
    fence(&app, &org, &sink, "fence-2@example.org").await;
    let to_grantee = mails_to(&sink, GRANTEE);
    assert_eq!(
        to_grantee.len(),
        grantee_mails + 1,
        "one alert to the grantee"
    );
    let alert = to_grantee.last().expect("the alert");
    let text = mail_text(alert);
    let portal_case = format!("/o/alerts/cases/{number}");
    assert_eq!(path_in(alert, "/o/").as_deref(), Some(portal_case.as_str()));
    assert!(
        !text.contains("/g/") && !text.contains("fdg_"),
        "no guest capability for a contact user: {text}"
    );
    assert!(text.contains("A technician comes tomorrow."));
    let headers = parse_headers(&alert.data);
    assert_eq!(
        header(&headers, "List-Unsubscribe-Post"),
        Some("List-Unsubscribe=One-Click")
    );
    let unsubscribe = path_in(alert, "/u/fdu_").expect("an unsubscribe link");
    assert_eq!(
        header(&headers, "List-Unsubscribe"),
        Some(format!("<{PUBLIC_BASE}{unsubscribe}>").as_str())
    );
    let to_contact = mails_to(&sink, CONTACT);
    assert_eq!(
        to_contact.len(),
        contact_mails + 1,
        "one alert to the contact"
    );
    let guest_link = path_in(to_contact.last().expect("alert"), "/g/fdg_");
    assert!(guest_link.is_some(), "the contact keeps its guest link");
    assert_eq!(
        before(REVOKED),
        revoked_mails,
        "a revoked grant is not alerted"
    );
    assert_eq!(
        before(DISABLED),
        disabled_mails,
        "a disabled user is not alerted"
    );
    // The portal link opens the case for the signed-in grantee.
    assert_eq!(
        portal_get(&app, &portal_case, &session).await.status(),
        StatusCode::OK
    );
    two_minutes_pass(database_url).await;

    // The grantee comments from the portal: the contact is alerted, the grantee is not.
    let page = portal_get(&app, &portal_case, &session).await;
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let commented = app
        .client
        .post(app.url(&format!("{portal_case}/comments")))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[("body", "Thank you!"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("comment");
    assert_eq!(commented.status(), StatusCode::SEE_OTHER);
    fence(&app, &org, &sink, "fence-3@example.org").await;
    assert_eq!(
        before(CONTACT),
        contact_mails + 2,
        "the contact hears of it"
    );
    assert_eq!(
        before(GRANTEE),
        grantee_mails + 1,
        "no alert about one's own comment"
    );
    two_minutes_pass(database_url).await;

    // One click unsubscribes the grantee: the next status change mails the contact only.
    let one_click = app
        .client
        .post(app.url(&unsubscribe))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("unsubscribe");
    assert_eq!(one_click.status(), StatusCode::OK);
    let changed = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/cases/{case}/status"),
        Some(json!({"status": "resolved"})),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
    fence(&app, &org, &sink, "fence-4@example.org").await;
    assert_eq!(before(CONTACT), contact_mails + 3, "the contact is alerted");
    assert_eq!(
        before(GRANTEE),
        grantee_mails + 1,
        "no alert after unsubscribing"
    );
    assert_eq!(before(REVOKED), revoked_mails);
    assert_eq!(before(DISABLED), disabled_mails);

    app.stop().await;
    sink.stop().await;
}
