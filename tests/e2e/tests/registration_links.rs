//! Registration links over HTTP on SQLite and PostgreSQL: the organisation's switch, create,
//! list, read, mail through a real SMTP server, revoke, bounded staff links, tenant
//! isolation, and the console's registration page with a staff session.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, hidden_input, json_of, set_password, staff_session};
use frontdesk_e2e::{call, link_in};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use reqwest::{Method, StatusCode};
use serde_json::json;

frontdesk_e2e::on_both_databases!(url => registration_links_over_the_api,
    the_console_allows_registration_creates_and_revokes_links
);

async fn registration_links_over_the_api(database_url: &str) {
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
    let org = app.bootstrap("signups").await;
    let other = app.bootstrap("elsewhere").await;

    // Off by default: no link can be created.
    let org_body = json_of(call(&app, &org, Method::GET, "/api/v1/org", None).await).await;
    assert_eq!(org_body["registration_enabled"], false);
    let refused = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "client"})),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(
        refused.headers()["content-type"],
        "application/problem+json"
    );

    // On: create, list, read.
    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"registration_enabled": true})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);
    assert_eq!(json_of(switched).await["registration_enabled"], true);
    let created = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "client", "label": "Website", "max_uses": 10, "allowed_domains": ["Acme.com"], "language": "fr"})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    let id = created["id"].as_str().expect("id").to_owned();
    let url = created["url"].as_str().expect("url").to_owned();
    assert!(
        url.starts_with(&format!("{}/r/fdr_", frontdesk_e2e::PUBLIC_BASE)),
        "{url}"
    );
    assert_eq!(created["uses"], 0);
    assert_eq!(created["max_uses"], 10);
    assert_eq!(created["allowed_domains"], json!(["acme.com"]));
    assert!(created["expires_at"].as_str().is_some());

    let list =
        json_of(call(&app, &org, Method::GET, "/api/v1/registration-links", None).await).await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert!(items[0].get("url").is_none(), "the URL is shown only once");
    assert!(list.get("next_after").is_some());
    let one = call(
        &app,
        &org,
        Method::GET,
        &format!("/api/v1/registration-links/{id}"),
        None,
    )
    .await;
    assert_eq!(one.status(), StatusCode::OK);
    assert_eq!(json_of(one).await["label"], "Website");

    // Mail to several addresses, through a real SMTP server.
    let mailed = call(
        &app,
        &org,
        Method::POST,
        &format!("/api/v1/registration-links/{id}/email"),
        Some(json!({"to": ["ann@acme.com", "bob@acme.com"], "url": url})),
    )
    .await;
    assert_eq!(mailed.status(), StatusCode::ACCEPTED);
    let received = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 2);
    for mail in &received {
        assert_eq!(link_in(mail, "/r/"), url, "the mail holds the /r/ link");
    }
    let outside = call(
        &app,
        &org,
        Method::POST,
        &format!("/api/v1/registration-links/{id}/email"),
        Some(json!({"to": ["eve@evil-acme.com"], "url": url})),
    )
    .await;
    assert_eq!(outside.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Uses: none yet.
    let uses = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!("/api/v1/registration-links/{id}/uses"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(uses["items"], json!([]));

    // Another organisation's admin sees none of it.
    for (method, path) in [
        (Method::GET, format!("/api/v1/registration-links/{id}")),
        (Method::DELETE, format!("/api/v1/registration-links/{id}")),
        (Method::GET, format!("/api/v1/registration-links/{id}/uses")),
    ] {
        let answer = call(&app, &other, method.clone(), &path, None).await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{method} {path}");
    }
    let foreign = call(
        &app,
        &other,
        Method::POST,
        &format!("/api/v1/registration-links/{id}/email"),
        Some(json!({"to": ["ann@acme.com"], "url": url})),
    )
    .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);

    // A staff link must be bounded.
    let unbounded = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "staff"})),
    )
    .await;
    assert_eq!(unbounded.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(unbounded).await;
    assert!(problem.to_string().contains("allowed_domains"), "{problem}");
    let bounded = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "staff", "max_uses": 2})),
    )
    .await;
    assert_eq!(bounded.status(), StatusCode::CREATED);
    let bad = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "guest", "allowed_domains": ["not a domain"]})),
    )
    .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Revoke: 204, then mailing it is refused.
    let revoked = call(
        &app,
        &org,
        Method::DELETE,
        &format!("/api/v1/registration-links/{id}"),
        None,
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let after = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!("/api/v1/registration-links/{id}"),
            None,
        )
        .await,
    )
    .await;
    assert!(after["revoked_at"].as_str().is_some());
    let closed = call(
        &app,
        &org,
        Method::POST,
        &format!("/api/v1/registration-links/{id}/email"),
        Some(json!({"to": ["cat@acme.com"], "url": url})),
    )
    .await;
    assert_eq!(closed.status(), StatusCode::CONFLICT);

    // Switched off again: creating is refused.
    call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"registration_enabled": false})),
    )
    .await;
    let off = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({"role": "client"})),
    )
    .await;
    assert_eq!(off.status(), StatusCode::CONFLICT);
    app.stop().await;
}

/// The value of the read-only field `id` on a page.
fn readonly_value(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .expect("the field is shown");
    let tag_start = html[..start].rfind('<').expect("tag");
    let tag_end = html[start..].find('>').expect("tag end") + start;
    let tag = &html[tag_start..tag_end];
    let marker = "value=\"";
    let from = tag.find(marker).expect("a value") + marker.len();
    let to = tag[from..].find('"').expect("closing quote") + from;
    tag[from..to].replace("&amp;", "&")
}

async fn the_console_allows_registration_creates_and_revokes_links(database_url: &str) {
    let app = TestApp::start(database_url).await;
    let org = app.bootstrap("desk").await;
    set_password(&app, &org.setup_path(), "a long admin password").await;
    let session = staff_session(&app, "desk", "admin@desk.example", "a long admin password").await;
    let cookie = format!("fd_session={session}");
    let get = |path: &str| {
        app.client
            .get(app.url(path))
            .header("cookie", cookie.clone())
    };

    let page = get("/staff/registration").send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Allow registration"), "{html}");
    assert!(html.contains("Create registration link"));
    let csrf = hidden_input(&html, "csrf");

    // Switch registration on.
    let switched = app
        .client
        .post(app.url("/staff/registration/settings"))
        .header("cookie", cookie.clone())
        .form(&[("csrf", csrf.as_str()), ("registration_enabled", "on")])
        .send()
        .await
        .expect("switch");
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    let org_body = json_of(
        app.client
            .get(app.url("/api/v1/org"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("org"),
    )
    .await;
    assert_eq!(org_body["registration_enabled"], true);

    // Without the CSRF token nothing happens.
    let forged = app
        .client
        .post(app.url("/staff/registration/links"))
        .header("cookie", cookie.clone())
        .form(&[("role", "client"), ("label", "Forged")])
        .send()
        .await
        .expect("forged");
    assert_ne!(forged.status(), StatusCode::OK);

    // Create a link: the page shows it once in a read-only field.
    let created = app
        .client
        .post(app.url("/staff/registration/links"))
        .header("cookie", cookie.clone())
        .form(&[
            ("csrf", csrf.as_str()),
            ("label", "Front desk poster"),
            ("role", "staff"),
            ("client_id", ""),
            ("auto_case_form", ""),
            ("expires_on", ""),
            ("max_uses", "5"),
            ("allowed_domains", "desk.example"),
            ("language", "en"),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), StatusCode::OK);
    assert_eq!(created.headers()["cache-control"], "no-store");
    let html = created.text().await.expect("html");
    let url = readonly_value(&html, "registration-url");
    assert!(url.contains("/r/fdr_"), "{url}");
    assert!(html.contains("Front desk poster"));

    // A staff link without bounds is refused with a readable page, nothing stored.
    let refused = app
        .client
        .post(app.url("/staff/registration/links"))
        .header("cookie", cookie.clone())
        .form(&[
            ("csrf", csrf.as_str()),
            ("role", "staff"),
            ("label", "Open door"),
        ])
        .send()
        .await
        .expect("refused");
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let list = json_of(
        app.client
            .get(app.url("/api/v1/registration-links"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("list"),
    )
    .await;
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{list}");
    let id = items[0]["id"].as_str().expect("id").to_owned();

    // Revoke it from the page.
    let revoked = app
        .client
        .post(app.url(&format!("/staff/registration/links/{id}/revoke")))
        .header("cookie", cookie.clone())
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    let link = json_of(
        app.client
            .get(app.url(&format!("/api/v1/registration-links/{id}")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("link"),
    )
    .await;
    assert!(link["revoked_at"].as_str().is_some(), "{link}");
    let page = get("/staff/registration").send().await.expect("page");
    let html = page.text().await.expect("html");
    assert!(html.contains("Revoked"), "the list says so");

    // In French too.
    let fr = get("/staff/registration")
        .header("accept-language", "fr")
        .send()
        .await
        .expect("fr");
    assert_eq!(fr.status(), StatusCode::OK);
    app.stop().await;
}
