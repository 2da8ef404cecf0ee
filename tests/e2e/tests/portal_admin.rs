//! The customer portal's settings and its portal-users admin over HTTP, on SQLite and
//! PostgreSQL: `PATCH /api/v1/org {portal: …}` and its validation, the branding and the
//! **Sign up** link of `/o/{org}/login`.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::{TestApp, TestOrg, json_of};
use reqwest::Method as M;
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => portal_settings_and_branding);

async fn call(
    app: &TestApp,
    org: &TestOrg,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(&org.token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

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
