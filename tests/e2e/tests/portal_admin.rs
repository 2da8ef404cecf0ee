//! The customer portal's settings and its portal-users admin over HTTP, on SQLite and
//! PostgreSQL: `PATCH /api/v1/org {portal: …}` and its validation, the branding and the
//! **Sign up** link of `/o/{org}/login`; the list of portal users by state (pending covers
//! invited), text and client, paged; **Resend activation** twice (the second 429 with
//! `Retry-After`); **Remove** reporting what it revoked, ending the user's session at once
//! and leaving their case and client, and a second removal answering 404.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, TestOrg, hidden_input, json_of, set_cookie, solved_captcha};
use frontdesk_e2e::{call, mail_text};
use reqwest::Method as M;
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => portal_settings_and_branding);

mod admin {
    frontdesk_e2e::on_both_databases!(url => portal_users_admin);

    async fn portal_users_admin(database_url: &str) {
        super::portal_users_admin(database_url).await;
    }
}

/// The portal's session cookie (plain name: the test base URL is http).
const SESSION: &str = "fd_portal";

async fn login_page(app: &TestApp, slug: &str) -> String {
    let page = app
        .client
        .get(app.url(&format!("/o/{slug}/login")))
        .send()
        .await
        .expect("login page");
    assert_eq!(page.status(), StatusCode::OK);
    page.text().await.expect("html")
}

async fn portal_settings_and_branding(app: &TestApp) {
    let org = app.bootstrap("brandy").await;

    // A new organisation's portal is off, untitled and offers no forms.
    let shown = json_of(call(app, &org, M::GET, "/api/v1/org", None).await).await;
    assert_eq!(
        shown["portal"],
        json!({"mode": "off", "title": null, "colour": null, "logo_url": null, "forms": []})
    );

    // Every bad field is named at once, and nothing changes.
    let refused = call(
        app,
        &org,
        M::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {
            "mode": "open",
            "title": "a\nb",
            "colour": "blue",
            "logo_url": "http://cdn.example/logo.png",
        }})),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(refused).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "portal.mode",
            "portal.title",
            "portal.colour",
            "portal.logo_url"
        ]
    );
    for logo in ["javascript:alert(1)", "https://user:pw@cdn.example/x.png"] {
        let refused = call(
            app,
            &org,
            M::PATCH,
            "/api/v1/org",
            Some(json!({"portal": {"logo_url": logo}})),
        )
        .await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{logo}");
    }
    // An unknown form, with a valid mode beside it: refused whole.
    let refused = call(
        app,
        &org,
        M::PATCH,
        "/api/v1/org",
        Some(
            json!({"name": "Renamed", "portal": {"mode": "public", "forms": ["contact", "nope"]}}),
        ),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(refused).await;
    assert_eq!(problem["errors"][0]["field"], "portal.forms");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("nope")),
        "{problem}"
    );
    let shown = json_of(call(app, &org, M::GET, "/api/v1/org", None).await).await;
    assert_eq!(shown["portal"]["mode"], "off");
    assert_eq!(shown["name"], "Org brandy");
    let unknown = call(
        app,
        &org,
        M::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {"colour_name": "x"}})),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Private: no Sign up link; the login page carries the title, logo and colour.
    let changed = call(
        app,
        &org,
        M::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {
            "mode": "private",
            "title": "Brandy Help Centre",
            "colour": "#12AB34",
            "logo_url": "https://cdn.example/brandy.png",
            "forms": ["contact"],
        }})),
    )
    .await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed = json_of(changed).await;
    assert_eq!(
        changed["portal"],
        json!({
            "mode": "private",
            "title": "Brandy Help Centre",
            "colour": "#12ab34",
            "logo_url": "https://cdn.example/brandy.png",
            "forms": ["contact"],
        })
    );
    assert_eq!(changed["portal_mode"], "private");
    assert_eq!(changed["colour"], "#12ab34");
    let html = login_page(app, "brandy").await;
    assert!(html.contains("Brandy Help Centre"), "{html}");
    assert!(html.contains(r#"src="https://cdn.example/brandy.png""#));
    assert!(html.contains("/assets/brand/brandy.css"));
    assert!(
        !html.contains("/o/brandy/signup"),
        "no sign-up in private mode"
    );
    let css = app
        .client
        .get(app.url("/assets/brand/brandy.css"))
        .send()
        .await
        .expect("brand css")
        .text()
        .await
        .expect("css");
    assert!(css.contains("#12ab34"), "{css}");

    // Public: the Sign up link appears; off again: it goes.
    let public = call(
        app,
        &org,
        M::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {"mode": "public"}})),
    )
    .await;
    assert_eq!(public.status(), StatusCode::OK);
    let html = login_page(app, "brandy").await;
    assert!(html.contains(r#"href="/o/brandy/signup""#), "{html}");
    assert!(html.contains("Sign up"));
    let off = call(
        app,
        &org,
        M::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {"mode": "off", "title": null}})),
    )
    .await;
    let off = json_of(off).await;
    assert_eq!(off["portal"]["title"], Value::Null);
    assert_eq!(off["portal"]["forms"], json!(["contact"]));
    let html = login_page(app, "brandy").await;
    assert!(!html.contains("/o/brandy/signup"));
    assert!(html.contains("Org brandy"));
}

async fn new_client(app: &TestApp, org: &TestOrg, name: &str) -> String {
    let client = json_of(
        call(
            app,
            org,
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": name})),
        )
        .await,
    )
    .await;
    client["id"].as_str().expect("client id").to_owned()
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

/// The ids of `GET /api/v1/contact-users?{query}`, and the page's `next_after`.
async fn listed(app: &TestApp, org: &TestOrg, query: &str) -> (Vec<String>, Value) {
    let answer = call(
        app,
        org,
        M::GET,
        &format!("/api/v1/contact-users?{query}"),
        None,
    )
    .await;
    assert_eq!(answer.status(), StatusCode::OK, "{query}");
    let page = json_of(answer).await;
    let ids = page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|user| user["id"].as_str().expect("id").to_owned())
        .collect();
    (ids, page["next_after"].clone())
}

async fn sign_in(app: &TestApp, slug: &str, login: &str, password: &str) -> String {
    let path = format!("/o/{slug}/login");
    let page = app.client.get(app.url(&path)).send().await.expect("page");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let signed_in = app
        .client
        .post(app.url(&path))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[("login", login), ("password", password), ("csrf", &csrf)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    set_cookie(signed_in.headers(), SESSION).expect("a session")
}

async fn portal_users_admin(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("padmin").await;
    let slug = "padmin";
    let acme = new_client(&app, &org, "Acme Ltd").await;
    let bolt = new_client(&app, &org, "Bolt Inc").await;
    let john = add_user(&app, &org, &acme, "John", "john@acme.example").await;
    let jane = add_user(&app, &org, &bolt, "Jane", "jane@bolt.example").await;
    let zed = add_user(&app, &org, &acme, "Zed", "zed@acme.example").await;

    // Everyone, then by state (invited counts as pending), text and client; pages.
    let (all, next) = listed(&app, &org, "").await;
    assert_eq!(all, [john.as_str(), jane.as_str(), zed.as_str()]);
    assert_eq!(next, Value::Null);
    assert_eq!(listed(&app, &org, "state=pending").await.0.len(), 3);
    assert!(listed(&app, &org, "state=active").await.0.is_empty());
    assert_eq!(listed(&app, &org, "q=JANE").await.0, [jane.as_str()]);
    assert_eq!(listed(&app, &org, "q=zed%40acme").await.0, [zed.as_str()]);
    assert_eq!(
        listed(&app, &org, &format!("client_id={acme}")).await.0,
        [john.as_str(), zed.as_str()]
    );
    let (first, next) = listed(&app, &org, "limit=2").await;
    assert_eq!(first, [john.as_str(), jane.as_str()]);
    let next = next.as_str().expect("a next page").to_owned();
    assert_eq!(
        listed(&app, &org, &format!("limit=2&after={next}")).await.0,
        [zed.as_str()]
    );
    let bad = call(&app, &org, M::GET, "/api/v1/contact-users?state=gone", None).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Resend activation: mailed once; at once again is 429 with Retry-After, and no mail.
    let resent = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{jane}/resend"),
        None,
    )
    .await;
    assert_eq!(resent.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for(1, Duration::from_secs(20)).await;
    assert!(
        mail[0]
            .rcpt_to
            .iter()
            .any(|to| to.contains("jane@bolt.example"))
    );
    assert!(mail_text(&mail[0]).contains("/a/fda_"));
    let again = call(
        &app,
        &org,
        M::POST,
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

    // John: signed in, granted a case, the public-cases rule, an unused link.
    let sent = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{john}/send-password"),
        Some(json!({"mode": "temporary"})),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let mail = sink.wait_for(2, Duration::from_secs(20)).await;
    let text = mail_text(&mail[1]);
    let temporary = text
        .split_whitespace()
        .map(|word| word.trim_end_matches("</td>").trim_end_matches("</p>"))
        .find(|word| word.len() == 24 && word.matches('-').count() == 4)
        .expect("the mail carries the password")
        .to_owned();
    let session = sign_in(&app, slug, "john", &temporary).await;
    let accepted = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{slug}/forms/contact/cases")))
        .json(&json!({
            "first_name": "John", "last_name": "Smith", "email": "john@acme.example",
            "title": "Broken boiler", "description": "Please help.", "altcha": solved_captcha(&app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
    let cases = json_of(call(&app, &org, M::GET, "/api/v1/cases", None).await).await;
    let case = cases["items"][0]["id"].as_str().expect("a case").to_owned();
    let granted = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{john}/grants"),
        Some(json!({"case_id": case, "role": "editor"})),
    )
    .await;
    assert_eq!(granted.status(), StatusCode::CREATED);
    let rule = call(
        &app,
        &org,
        M::PUT,
        &format!("/api/v1/contact-users/{john}/public-cases"),
        Some(json!({"open": true, "closed": false})),
    )
    .await;
    assert!(rule.status().is_success(), "{}", rule.status());
    let link = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{john}/resend"),
        None,
    )
    .await;
    assert_eq!(link.status(), StatusCode::ACCEPTED);
    let page = app
        .client
        .get(app.url(&format!("/o/{slug}/password")))
        .header("cookie", format!("{SESSION}={session}"))
        .send()
        .await
        .expect("page");
    assert_eq!(
        page.status(),
        StatusCode::OK,
        "signed in before the removal"
    );

    // Remove: what was revoked; the session is gone on the next request.
    let removed = call(
        &app,
        &org,
        M::DELETE,
        &format!("/api/v1/contact-users/{john}"),
        None,
    )
    .await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(
        json_of(removed).await,
        json!({"sessions": 1, "grants": 2, "client_links": 1, "tokens": 1})
    );
    let page = app
        .client
        .get(app.url(&format!("/o/{slug}/password")))
        .header("cookie", format!("{SESSION}={session}"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert!(
        page.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|to| to.ends_with("/login")),
    );
    // Their case and their client stay; they are gone from the list and the API.
    let case_now = call(&app, &org, M::GET, &format!("/api/v1/cases/{case}"), None).await;
    assert_eq!(case_now.status(), StatusCode::OK);
    let client_now = call(&app, &org, M::GET, &format!("/api/v1/clients/{acme}"), None).await;
    assert_eq!(client_now.status(), StatusCode::OK);
    assert_eq!(
        listed(&app, &org, "").await.0,
        [jane.as_str(), zed.as_str()]
    );
    let gone = call(
        &app,
        &org,
        M::GET,
        &format!("/api/v1/contact-users/{john}"),
        None,
    )
    .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let twice = call(
        &app,
        &org,
        M::DELETE,
        &format!("/api/v1/contact-users/{john}"),
        None,
    )
    .await;
    assert_eq!(twice.status(), StatusCode::NOT_FOUND);
    let resend_removed = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{john}/resend"),
        None,
    )
    .await;
    assert_eq!(resend_removed.status(), StatusCode::NOT_FOUND);

    // The console page: search, the row's buttons, Remove behind a confirmation, a banner.
    frontdesk_e2e::set_password(&app, &org.setup_path(), "a long admin passphrase").await;
    let staff = frontdesk_e2e::staff_session(
        &app,
        slug,
        "admin@padmin.example",
        "a long admin passphrase",
    )
    .await;
    let console = |path: String| {
        app.client
            .get(app.url(&path))
            .header("cookie", format!("fd_session={staff}"))
            .send()
    };
    let page = console("/staff/portal-users?q=zed".to_owned())
        .await
        .expect("list");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("Zed Smith") && !html.contains("Jane Smith"),
        "{html}"
    );
    assert!(html.contains("Resend activation") && html.contains("Remove"));
    let confirm = console(format!("/staff/portal-users/{zed}/remove"))
        .await
        .expect("confirm");
    assert_eq!(confirm.status(), StatusCode::OK);
    let html = confirm.text().await.expect("html");
    assert!(html.contains("Remove Zed Smith?"), "{html}");
    let csrf = hidden_input(&html, "csrf");
    let removed = app
        .client
        .post(app.url(&format!("/staff/portal-users/{zed}/remove")))
        .header("cookie", format!("fd_session={staff}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("remove");
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let to = removed
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .expect("back to the list")
        .to_owned();
    let html = console(to).await.expect("list").text().await.expect("html");
    assert!(
        html.contains(
            "Zed Smith removed: 0 sessions ended, 0 grants revoked, 1 client link removed"
        ),
        "{html}"
    );
    let french = app
        .client
        .get(app.url("/staff/portal-users"))
        .header("cookie", format!("fd_session={staff}"))
        .header("accept-language", "fr")
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("html");
    assert!(french.contains("Utilisateurs du portail") || french.contains("Portal users"));
    assert_eq!(listed(&app, &org, "").await.0, [jane.as_str()]);
    app.stop().await;
}
