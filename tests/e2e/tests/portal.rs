//! The contact users' portal (`/o/{org}/…`) over HTTP with a real SMTP server, on SQLite
//! and PostgreSQL. Staff (API token) create a client and a contact user, set the seed's
//! legacy `temporary_password` template and send a temporary password; the person reads
//! it from the mail, signs in, is held on the password page until they change it (a
//! `password_changed` mail follows), sees exactly the case granted to them, then a case made
//! public later under the "all public cases" rule; a revoked grant's page is a 404 at once;
//! disabling the account signs the open session out. Also: ten wrong passwords end in 429
//! with `Retry-After` and the same text; "forgot" mails a one-time `/a/` link that signs in
//! once and is 410 after; an unknown address gets the same answer and no mail.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, TestOrg, hidden_input, json_of, path_of, set_cookie, solved_captcha};
use frontdesk_e2e::{call, mail_text};
use frontdesk_mail::test_support::{ReceivedMail, SmtpSink};
use reqwest::Method as M;
use reqwest::StatusCode;
use serde_json::json;

frontdesk_e2e::on_both_databases!(url => portal_journey, portal_throttle_and_reset);

/// The wrong-password sentence of the English sign-in page.
const WRONG: &str = "The username, email or password is not correct.";
/// The portal's session cookie (plain name: the test base URL is http).
const SESSION: &str = "fd_portal";

/// The first `{base}/a/fda_…` link in a mail, as a path.
fn action_path(mail: &ReceivedMail) -> String {
    let text = mail_text(mail);
    let start = text
        .find(&format!("{}/a/fda_", frontdesk_e2e::PUBLIC_BASE))
        .expect("the mail carries a link");
    let link: String = text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || ":/._-".contains(*c))
        .collect();
    path_of(&link)
}

/// A client with one contact user; answers (client id, user id).
async fn client_with_user(
    app: &TestApp,
    org: &TestOrg,
    first: &str,
    email: &str,
) -> (String, String) {
    let client = json_of(
        call(
            app,
            org,
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": "More Profits Inc."})),
        )
        .await,
    )
    .await;
    let client_id = client["id"].as_str().expect("client id").to_owned();
    let user = add_user(app, org, &client_id, first, email).await;
    (client_id, user)
}

async fn add_user(app: &TestApp, org: &TestOrg, client: &str, first: &str, email: &str) -> String {
    let created = call(
        app,
        org,
        M::POST,
        &format!("/api/v1/clients/{client}/contact-users"),
        Some(json!({"first_name": first, "last_name": "Smith", "email": email})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    json_of(created).await["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// Sends a temporary password and reads it from mail number `nth` (from 1).
async fn temporary_password(
    app: &TestApp,
    org: &TestOrg,
    sink: &SmtpSink,
    user: &str,
    nth: usize,
) -> String {
    let sent = call(
        app,
        org,
        M::POST,
        &format!("/api/v1/contact-users/{user}/send-password"),
        Some(json!({"mode": "temporary"})),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for(nth, Duration::from_secs(20)).await;
    mail_text(&mail[nth - 1])
        .split("Temporary Password: ")
        .nth(1)
        .expect("the mail carries the password")
        .split_whitespace()
        .next()
        .expect("a password")
        .trim_end_matches("</p>")
        .to_owned()
}

/// A public case on the contact form, moved to `client` when given; answers (id, number).
async fn new_case(
    app: &TestApp,
    org: &TestOrg,
    title: &str,
    client: Option<&str>,
) -> (String, u64) {
    let slug = &org.created.organisation.slug;
    let local: String = title.chars().filter(char::is_ascii_alphanumeric).collect();
    let email = format!("{local}@example.org");
    let accepted = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{slug}/forms/contact/cases")))
        .json(&json!({
            "first_name": "Guest", "last_name": "Person", "email": email,
            "title": title, "description": "Please help.", "altcha": solved_captcha(app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    let cases = json_of(call(app, org, M::GET, "/api/v1/cases", None).await).await;
    let case = cases["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|case| case["title"] == title)
        .expect("the new case is listed")
        .clone();
    let id = case["id"].as_str().expect("id").to_owned();
    if let Some(client) = client {
        let moved = call(
            app,
            org,
            M::PATCH,
            &format!("/api/v1/cases/{id}"),
            Some(json!({"client_id": client})),
        )
        .await;
        assert_eq!(moved.status(), StatusCode::OK);
    }
    (id, case["number"].as_u64().expect("number"))
}

/// `GET path` with the portal session `session`.
async fn get(app: &TestApp, path: &str, session: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("cookie", format!("{SESSION}={session}"))
        .send()
        .await
        .expect("page")
}

fn location(response: &reqwest::Response) -> &str {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// A page with a pre-session form: (its double-submit cookie, its CSRF field, its body).
async fn form_page(app: &TestApp, path: &str) -> (String, String, String) {
    let page = app.client.get(app.url(path)).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK, "{path}");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let body = page.text().await.expect("html");
    (cookie, hidden_input(&body, "csrf"), body)
}

async fn sign_in(app: &TestApp, slug: &str, login: &str, password: &str) -> reqwest::Response {
    let (cookie, csrf, _) = form_page(app, &format!("/o/{slug}/login")).await;
    app.client
        .post(app.url(&format!("/o/{slug}/login")))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[("login", login), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .expect("sign in")
}

/// Saves seed 001's `temporary_password` template, with its legacy placeholders.
async fn legacy_template(app: &TestApp, org: &TestOrg) {
    let legacy = json!({
        "subject": "Your password at <CompanyName>",
        "html": "<p>Dear &lt;ResourceName&gt;</p><p>Login: &lt;ResourceLogin&gt;</p><p>Temporary Password: &lt;ResourceTempPassword&gt;</p>",
        "text": "Dear <ResourceName>\n\nYou or someone at <CompanyName> have requested to have your password reset for your account at <CompanyName>.\n\nPlease use this temporary password to login.\n\nLogin: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\n\nKind regards",
    });
    let saved = call(
        app,
        org,
        M::PUT,
        "/api/v1/mail-templates/temporary_password/en",
        Some(legacy),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
}

async fn portal_journey(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("acme").await;
    legacy_template(&app, &org).await;
    let (client, user) =
        client_with_user(&app, &org, "John", "john.smith@more-profits.example").await;
    let temporary = temporary_password(&app, &org, &sink, &user, 1).await;

    // Signed out: home and case pages send to sign-in, which fills in ?login=.
    let home = app
        .client
        .get(app.url("/o/acme/"))
        .send()
        .await
        .expect("home");
    assert_eq!(home.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&home), "/o/acme/login");
    assert_eq!(home.headers()["cache-control"], "no-store");
    let (_, _, login_page) = form_page(&app, "/o/acme/login?login=john.smith").await;
    assert!(login_page.contains("value=\"john.smith\""), "{login_page}");
    assert!(login_page.contains("/assets/brand/acme.css"));

    // Sign in with the temporary password: a new session, held on the password page.
    let signed_in = sign_in(&app, "acme", "john.smith", &temporary).await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/o/acme/password");
    let cookie_line = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("fd_portal="))
        .expect("a session cookie")
        .to_owned();
    assert!(cookie_line.contains("HttpOnly") && cookie_line.contains("SameSite=Lax"));
    let session = set_cookie(signed_in.headers(), SESSION).expect("session");
    for path in ["/o/acme/", "/o/acme/cases/1", "/o/acme/cases/999"] {
        let held = get(&app, path, &session).await;
        assert_eq!(held.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&held), "/o/acme/password", "{path}");
    }
    let page = get(&app, "/o/acme/password", &session).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let mismatch = app
        .client
        .post(app.url("/o/acme/password"))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[
            ("current", temporary.as_str()),
            ("password", "correct horse battery"),
            ("password_confirmation", "correct horse battery!"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("change");
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let changed = app
        .client
        .post(app.url("/o/acme/password"))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[
            ("current", temporary.as_str()),
            ("password", "correct horse battery"),
            ("password_confirmation", "correct horse battery"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("change");
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&changed), "/o/acme/");
    let session = set_cookie(changed.headers(), SESSION).expect("a new session");
    let mail = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(mail[1].rcpt_to, ["john.smith@more-profits.example"]);
    assert!(
        mail_text(&mail[1]).contains("password was changed"),
        "{}",
        mail_text(&mail[1])
    );

    // Home: exactly the granted case; the public-cases rule adds a case made public later.
    let (granted, granted_number) = new_case(&app, &org, "Heating broken", Some(&client)).await;
    let (later, later_number) = new_case(&app, &org, "Made public later", Some(&client)).await;
    let (_, hidden_number) = new_case(&app, &org, "Not for John", None).await;
    let grant = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{user}/grants"),
        Some(json!({"case_id": granted, "role": "viewer"})),
    )
    .await;
    assert_eq!(grant.status(), StatusCode::CREATED);
    let grant_id = json_of(grant).await["id"].as_str().expect("id").to_owned();
    let home = get(&app, "/o/acme/", &session).await;
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.expect("html");
    assert!(html.contains("Heating broken"), "{html}");
    assert!(!html.contains("Made public later") && !html.contains("Not for John"));
    assert!(html.contains("Sign out") && html.contains("john.smith"));
    let closed_tab = get(&app, "/o/acme/?tab=closed", &session).await;
    assert!(
        !closed_tab
            .text()
            .await
            .expect("html")
            .contains("Heating broken")
    );
    let rule = call(
        &app,
        &org,
        M::PUT,
        &format!("/api/v1/contact-users/{user}/public-cases"),
        Some(json!({"open": true, "closed": false})),
    )
    .await;
    assert!(rule.status().is_success());
    let html = get(&app, "/o/acme/", &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(!html.contains("Made public later"), "not public yet");
    let public = call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/cases/{later}"),
        Some(json!({"public": true})),
    )
    .await;
    assert_eq!(public.status(), StatusCode::OK);
    let html = get(&app, "/o/acme/", &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Made public later") && html.contains("Heating broken"));
    frontdesk_e2e::assert_machine_times(&html);
    let searched = get(&app, "/o/acme/?q=heating", &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(searched.contains("Heating broken") && !searched.contains("Made public later"));
    let by_number = get(&app, &format!("/o/acme/?q=%23{later_number}"), &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(by_number.contains("Made public later") && !by_number.contains("Heating broken"));

    // The case page: read, comment (CSRF), and no case beyond the grants.
    let case_path = format!("/o/acme/cases/{granted_number}");
    let page = get(&app, &case_path, &session).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.expect("html");
    frontdesk_e2e::assert_machine_times(&page);
    let csrf = hidden_input(&page, "csrf");
    let forged = app
        .client
        .post(app.url(&format!("{case_path}/comments")))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[("body", "Forged"), ("csrf", "nope")])
        .send()
        .await
        .expect("comment");
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let commented = app
        .client
        .post(app.url(&format!("{case_path}/comments")))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[("body", "Still cold in here."), ("csrf", &csrf)])
        .send()
        .await
        .expect("comment");
    assert_eq!(commented.status(), StatusCode::SEE_OTHER);
    let html = get(&app, &case_path, &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(html.contains("Still cold in here."), "{html}");
    assert!(!html.contains("Edit the case"), "a viewer does not edit");
    for path in [
        format!("/o/acme/cases/{hidden_number}"),
        "/o/acme/cases/999".to_owned(),
        "/o/acme/cases/abc".to_owned(),
    ] {
        assert_eq!(
            get(&app, &path, &session).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }

    // Another organisation: its pages do not know this session; its numbers are not ours.
    let rival = app.bootstrap("rival").await;
    let (_, rival_number) = new_case(&app, &rival, "Rival's own", None).await;
    let elsewhere = get(&app, &format!("/o/rival/cases/{rival_number}"), &session).await;
    assert_eq!(elsewhere.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&elsewhere), "/o/rival/login");
    let html = get(&app, "/o/acme/", &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(!html.contains("Rival's own"));

    // A revoked grant's case is gone at once.
    let revoked = call(
        &app,
        &org,
        M::DELETE,
        &format!("/api/v1/grants/{grant_id}"),
        None,
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        get(&app, &case_path, &session).await.status(),
        StatusCode::NOT_FOUND
    );
    let html = get(&app, "/o/acme/", &session)
        .await
        .text()
        .await
        .expect("html");
    assert!(!html.contains("Heating broken") && html.contains("Made public later"));

    // Disabled in the API: the open session signs nobody in on its next request.
    let disabled = call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/contact-users/{user}"),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(disabled.status(), StatusCode::OK);
    let out = get(&app, "/o/acme/", &session).await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&out), "/o/acme/login");

    app.stop().await;
    sink.stop().await;
}

async fn portal_throttle_and_reset(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("acme").await;
    legacy_template(&app, &org).await;
    let (client, john) =
        client_with_user(&app, &org, "John", "john.smith@more-profits.example").await;
    let jane = add_user(
        &app,
        &org,
        &client,
        "Jane",
        "jane.smith@more-profits.example",
    )
    .await;
    temporary_password(&app, &org, &sink, &john, 1).await;
    temporary_password(&app, &org, &sink, &jane, 2).await;

    // Ten wrong passwords: the same sentence each time, then 429 with Retry-After.
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let refused = sign_in(&app, "acme", "jane.smith", "not the password").await;
        let status = refused.status();
        if status == StatusCode::TOO_MANY_REQUESTS {
            let wait: u64 = refused.headers()["retry-after"]
                .to_str()
                .expect("ascii")
                .parse()
                .expect("seconds");
            assert!((1..=900).contains(&wait), "{wait}");
        }
        let html = refused.text().await.expect("html");
        assert!(html.contains(WRONG), "{status}: {html}");
        statuses.push(status);
    }
    assert_eq!(statuses[0], StatusCode::UNAUTHORIZED);
    assert_eq!(statuses[9], StatusCode::TOO_MANY_REQUESTS);
    let unknown = sign_in(&app, "acme", "nobody", "not the password").await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert!(unknown.text().await.expect("html").contains(WRONG));

    // Forgot: the same answer for an unknown address (and no mail) and a known one.
    let forgot = |login: &'static str| {
        let app = &app;
        async move {
            let (cookie, csrf, _) = form_page(app, "/o/acme/forgot").await;
            let answer = app
                .client
                .post(app.url("/o/acme/forgot"))
                .header("cookie", format!("fd_csrf={cookie}"))
                .form(&[("login", login), ("csrf", &csrf)])
                .send()
                .await
                .expect("forgot");
            (answer.status(), answer.text().await.expect("html"))
        }
    };
    let unknown = forgot("nobody@more-profits.example").await;
    let known = forgot("john.smith@more-profits.example").await;
    assert_eq!(unknown.0, StatusCode::OK);
    assert_eq!(unknown, known);
    assert!(known.1.contains("Check your email"));
    let mail = sink.wait_for(3, Duration::from_secs(20)).await;
    assert_eq!(mail[2].rcpt_to, ["john.smith@more-profits.example"]);
    let link = action_path(&mail[2]);

    // The link: GET renders (and uses nothing), POST sets the password and signs in.
    let (cookie, csrf, body) = form_page(&app, &link).await;
    assert!(body.contains("Choose your password") && body.contains("john.smith"));
    let (cookie, csrf) = {
        let (again_cookie, again_csrf, _) = form_page(&app, &link).await;
        assert!(!again_csrf.is_empty() && !csrf.is_empty() && !cookie.is_empty());
        (again_cookie, again_csrf)
    };
    let set = app
        .client
        .post(app.url(&link))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("password", "a brand new passphrase"),
            ("password_confirmation", "a brand new passphrase"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("set password");
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&set), "/o/acme/");
    let session = set_cookie(set.headers(), SESSION).expect("signed in");
    let home = get(&app, "/o/acme/", &session).await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(
        home.text()
            .await
            .expect("html")
            .contains("You have no open cases.")
    );
    let again = app
        .client
        .post(app.url(&link))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("password", "yet another passphrase"),
            ("password_confirmation", "yet another passphrase"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("second use");
    assert_eq!(again.status(), StatusCode::GONE);
    let shown = app.client.get(app.url(&link)).send().await.expect("link");
    assert_eq!(shown.status(), StatusCode::GONE);

    // And the new password signs in.
    let signed_in = sign_in(
        &app,
        "acme",
        "john.smith@more-profits.example",
        "a brand new passphrase",
    )
    .await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_in), "/o/acme/");

    // Nothing was mailed for the unknown address: the reset mail is the last one.
    let password_changed = sink.wait_for(4, Duration::from_secs(20)).await;
    assert_eq!(
        password_changed.len(),
        4,
        "the reset link's password change is mailed"
    );
    assert!(
        password_changed
            .iter()
            .all(|mail| mail.rcpt_to != ["nobody@more-profits.example"])
    );

    app.stop().await;
    sink.stop().await;
}
