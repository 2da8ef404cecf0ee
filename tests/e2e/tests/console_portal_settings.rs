//! The console's Customer portal page over HTTP, on SQLite and PostgreSQL, signed in through
//! `/staff/login` as a browser would: an admin reads the page, a bad colour and an http logo
//! come back beside their fields with nothing saved, good settings are saved (and
//! `GET /api/v1/org` agrees), the public form, the portal's sign-in and sign-up pages then
//! show the portal's title, logo and colour — and an agent is refused the page.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::{TestApp, TestOrg, hidden_input, json_of, path_of, set_cookie};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app =>
    an_admin_sets_the_portal_and_its_brand_shows_on_external_pages,
    an_agent_is_refused_the_portal_settings
);

const PASSWORD: &str = "correct horse battery staple";
const PAGE: &str = "/staff/settings/portal";
const LOGO: &str = "https://cdn.example/acme-logo.png";

/// A signed-in console session.
struct Staff<'a> {
    app: &'a TestApp,
    session: String,
}

impl Staff<'_> {
    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .app
            .client
            .get(self.app.url(path))
            .header("cookie", format!("fd_session={}", self.session))
            .send()
            .await
            .expect("console page");
        let status = response.status();
        (status, response.text().await.expect("html"))
    }

    async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.app
            .client
            .post(self.app.url(path))
            .header("cookie", format!("fd_session={}", self.session))
            .form(form)
            .send()
            .await
            .expect("console post")
    }
}

async fn sign_in<'a>(app: &'a TestApp, org: &str, email: &str) -> Staff<'a> {
    let session = frontdesk_e2e::staff_session(app, org, email, PASSWORD).await;
    Staff { app, session }
}

async fn organisation(app: &TestApp, org: &TestOrg) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/org"))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("org");
    assert_eq!(response.status(), StatusCode::OK);
    json_of(response).await
}

async fn public_page(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let response = app.client.get(app.url(path)).send().await.expect("page");
    let status = response.status();
    let csp = response
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, response.text().await.expect("html"), csp)
}

async fn an_admin_sets_the_portal_and_its_brand_shows_on_external_pages(app: &TestApp) {
    let org = app.bootstrap("acme").await;
    frontdesk_e2e::set_password(app, &org.setup_path(), PASSWORD).await;
    let admin = sign_in(app, "acme", "admin@acme.example").await;

    // The settings index links the page; the page has every label.
    let (status, index) = admin.get("/staff/settings").await;
    assert_eq!(status, StatusCode::OK);
    assert!(index.contains(&format!("href=\"{PAGE}\"")), "{index}");
    assert!(index.contains("Customer portal"));
    let (status, page) = admin.get(PAGE).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    for label in [
        "<h1>Customer portal</h1>",
        "Off",
        "Private",
        "Public",
        "Nobody can sign in to the portal.",
        "Portal title",
        "Brand colour",
        "Logo URL",
        "Forms portal users may submit",
        "Save portal settings",
    ] {
        assert!(page.contains(label), "{label}: {page}");
    }
    assert!(
        page.contains("name=\"forms\" value=\"contact\""),
        "one checkbox per form"
    );
    assert!(
        page.contains("id=\"portal-mode-off\" type=\"radio\" name=\"mode\" value=\"off\" checked"),
        "a new organisation's portal is off: {page}"
    );
    assert!(
        !page.contains("/o/acme/signup"),
        "no sign-up address while the portal is not public"
    );
    let csrf = hidden_input(&page, "csrf");
    let before = organisation(app, &org).await;

    // A stale form changes nothing.
    let stale = admin
        .post(
            PAGE,
            &[("csrf", "stale"), ("mode", "public"), ("title", "Hijacked")],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        set_cookie(stale.headers(), "fd_flash").as_deref(),
        Some("err.flash-form-expired")
    );
    assert_eq!(organisation(app, &org).await, before);

    // A bad colour and an http logo: each error beside its field, input kept, nothing saved.
    let invalid = admin
        .post(
            PAGE,
            &[
                ("csrf", &csrf),
                ("mode", "public"),
                ("title", "Acme support"),
                ("colour", "reddish"),
                ("logo_url", "http://cdn.example/acme-logo.png"),
                ("forms", "contact"),
            ],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = invalid.text().await.expect("html");
    assert!(html.contains("id=\"colour-error\""), "{html}");
    assert!(html.contains("id=\"logo_url-error\""), "{html}");
    assert!(html.contains("Enter a colour as # followed by six hexadecimal digits"));
    assert!(html.contains("Enter an https address"));
    assert!(html.contains("value=\"reddish\""));
    assert!(html.contains("value=\"http://cdn.example/acme-logo.png\""));
    assert!(html.contains("value=\"Acme support\""));
    assert!(
        html.contains("value=\"public\" checked"),
        "the chosen mode is kept"
    );
    assert!(
        html.contains("value=\"contact\" checked"),
        "the ticked form is kept"
    );
    assert_eq!(organisation(app, &org).await, before, "nothing was saved");

    // A form that does not exist is named beside the forms, nothing saved.
    let unknown = admin
        .post(
            PAGE,
            &[
                ("csrf", &csrf),
                ("mode", "public"),
                ("forms", "no-such-form"),
            ],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = unknown.text().await.expect("html");
    assert!(html.contains("id=\"forms-error\""), "{html}");
    assert!(html.contains("no-such-form"));
    assert_eq!(organisation(app, &org).await, before);

    // Good settings are saved and the page says so.
    let saved = admin
        .post(
            PAGE,
            &[
                ("csrf", &csrf),
                ("mode", "public"),
                ("title", "Acme support"),
                ("colour", "#AA3300"),
                ("logo_url", LOGO),
                ("forms", "contact"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(saved.headers()["location"], PAGE);
    let flash = set_cookie(saved.headers(), "fd_flash").expect("a flash");
    assert_eq!(flash, "ok.flash-portal-settings-saved");
    let shown = organisation(app, &org).await;
    assert_eq!(
        shown["portal"],
        json!({
            "mode": "public",
            "title": "Acme support",
            "colour": "#aa3300",
            "logo_url": LOGO,
            "forms": ["contact"],
        })
    );
    let after = app
        .client
        .get(app.url(PAGE))
        .header(
            "cookie",
            format!("fd_session={}; fd_flash={flash}", admin.session),
        )
        .send()
        .await
        .expect("page");
    assert_eq!(after.status(), StatusCode::OK);
    let after = after.text().await.expect("html");
    assert!(after.contains("Portal settings saved"), "{after}");
    assert!(after.contains("value=\"Acme support\""));
    for address in [
        "http://frontdesk.test/o/acme/signup",
        "http://frontdesk.test/o/acme/login",
    ] {
        assert!(
            after.contains(&format!("readonly value=\"{address}\"")),
            "{address}: {after}"
        );
    }
    assert!(after.contains("data-copy=\"portal-signup-url\""));

    // Every external page shows the title, the logo and the colour.
    let stylesheet = app
        .client
        .get(app.url("/assets/brand/acme.css"))
        .send()
        .await
        .expect("brand css")
        .text()
        .await
        .expect("css");
    assert_eq!(stylesheet, ":root { --brand: #aa3300; }\n");
    let form_slug = org.created.form_slug.as_str();
    for path in [
        format!("/o/acme/forms/{form_slug}"),
        "/o/acme/login".to_owned(),
        "/o/acme/signup".to_owned(),
    ] {
        let (status, html, csp) = public_page(app, &path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        assert!(html.contains("Acme support"), "{path}: {html}");
        assert!(html.contains(&format!("src=\"{LOGO}\"")), "{path}: {html}");
        assert!(
            html.contains("href=\"/assets/brand/acme.css\""),
            "{path}: {html}"
        );
        assert!(
            html.contains("<meta name=\"theme-color\" content=\"#aa3300\">"),
            "{path}: {html}"
        );
        assert!(
            csp.contains("img-src 'self' https:"),
            "{path}: the CSP lets the logo load: {csp}"
        );
    }

    // So does a case shared by public link.
    let shared = shared_case_path(app, &org).await;
    let (status, html, _) = public_page(app, &shared).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("<span class=\"brand\"><img class=\"brand-logo\""),
        "{html}"
    );
    assert!(html.contains(&format!("src=\"{LOGO}\"")), "{html}");
    assert!(html.contains("Acme support</span>"), "{html}");
    assert!(html.contains("content=\"#aa3300\""), "{html}");

    // Clearing the title shows the organisation's name again.
    let cleared = admin
        .post(
            PAGE,
            &[
                ("csrf", &csrf),
                ("mode", "private"),
                ("title", ""),
                ("colour", "#aa3300"),
                ("logo_url", LOGO),
            ],
        )
        .await;
    assert_eq!(cleared.status(), StatusCode::SEE_OTHER);
    let (_, html, _) = public_page(app, &format!("/o/acme/forms/{form_slug}")).await;
    assert!(html.contains("Org acme"), "{html}");
    assert!(!html.contains("Acme support"), "{html}");
    let (status, _, _) = public_page(app, "/o/acme/signup").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a private portal has no sign-up"
    );
    assert_eq!(organisation(app, &org).await["portal"]["forms"], json!([]));
}

/// A case submitted through the public API, shared by an open link; the link's path.
async fn shared_case_path(app: &TestApp, org: &TestOrg) -> String {
    let solution = frontdesk_e2e::solved_captcha(app).await;
    let submitted = app
        .client
        .post(app.url("/api/v1/public/orgs/acme/forms/contact/cases"))
        .json(
            &json!({"first_name": "Sam", "last_name": "Shared", "email": "sam@example.org",
            "title": "Leaking roof", "description": "Water in the attic.", "altcha": solution}),
        )
        .send()
        .await
        .expect("submit");
    assert_eq!(submitted.status(), StatusCode::ACCEPTED);
    let cases = app
        .client
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("cases");
    let cases = json_of(cases).await;
    let case = cases["items"][0]["id"].as_str().expect("a case").to_owned();
    let enabled = app
        .client
        .patch(app.url("/api/v1/forms/contact"))
        .bearer_auth(&org.token)
        .json(&json!({"share_links_enabled": true}))
        .send()
        .await
        .expect("patch form");
    assert_eq!(enabled.status(), StatusCode::OK);
    let link = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case}/share-links")))
        .bearer_auth(&org.token)
        .json(&json!({}))
        .send()
        .await
        .expect("share");
    assert_eq!(link.status(), StatusCode::CREATED);
    path_of(json_of(link).await["url"].as_str().expect("a url"))
}

async fn an_agent_is_refused_the_portal_settings(app: &TestApp) {
    let org = app.bootstrap("kept").await;
    let created = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .json(&json!({"email": "agent@kept.example", "name": "Andy Agent", "profiles": ["agent"]}))
        .send()
        .await
        .expect("create staff user");
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    frontdesk_e2e::set_password(
        app,
        &path_of(created["setup_url"].as_str().expect("setup url")),
        PASSWORD,
    )
    .await;
    let agent = sign_in(app, "kept", "agent@kept.example").await;
    let before = organisation(app, &org).await;

    let (_, index) = agent.get("/staff/settings").await;
    assert!(!index.contains(&format!("href=\"{PAGE}\"")), "{index}");
    let (status, page) = agent.get(PAGE).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
    assert!(!page.contains("Save portal settings"));

    let (_, settings) = agent.get("/staff/settings/tokens").await;
    let csrf = hidden_input(&settings, "csrf");
    let refused = agent
        .post(
            PAGE,
            &[("csrf", &csrf), ("mode", "public"), ("title", "Taken over")],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(organisation(app, &org).await, before, "nothing changed");
}
