//! The console's settings pages over HTTP, on SQLite and PostgreSQL, signed in through
//! `/staff/login` as a browser would (double-submit CSRF cookie, session cookie): the
//! organisation (its colour shows in the brand stylesheet at once, and `PATCH /api/v1/org`
//! agrees), inviting staff (the invitation reaches the SMTP sink; no page ever holds the
//! setup link), the member's own API tokens, a mail template with legacy placeholders and its
//! preview, the share-permission grid, the audit log and undelivered mail — in English and
//! French — and an agent typing settings addresses gets the console's 403 page.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, TestOrg, hidden_input, json_of, path_of, set_cookie};
use frontdesk_mail::test_support::{DataReply, ReceivedMail, SinkBehaviour, SmtpSink};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url =>
    the_organisation_changes_and_its_colour_shows_at_once,
    staff_are_invited_by_mail_and_agents_are_kept_out,
    templates_take_legacy_placeholders_and_preview,
    the_share_permission_grid_saves_per_form,
    undelivered_mail_is_listed_and_retried
);

const PASSWORD: &str = "correct horse battery staple";

async fn start(database_url: &str, sink: Option<&SmtpSink>) -> TestApp {
    match sink {
        Some(sink) => {
            let smtp = format!("smtp://{}", sink.address());
            TestApp::start_with(
                database_url,
                &[
                    ("FRONTDESK_MAIL", &smtp),
                    ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
                ],
            )
            .await
        }
        None => TestApp::start(database_url).await,
    }
}

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

    /// A page that must answer 200.
    async fn page(&self, path: &str) -> String {
        let (status, html) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        html
    }

    /// The session's CSRF token, as every console form carries it.
    async fn csrf(&self) -> String {
        hidden_input(&self.page("/staff/settings").await, "csrf")
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

/// Sets a password through a one-time setup link (as its page's form does).
async fn set_password(app: &TestApp, setup_path: &str) {
    frontdesk_e2e::set_password(app, setup_path, PASSWORD).await;
}

/// Signs in through `/staff/login` and returns the session.
async fn sign_in<'a>(app: &'a TestApp, org: &str, email: &str) -> Staff<'a> {
    let session = frontdesk_e2e::staff_session(app, org, email, PASSWORD).await;
    Staff { app, session }
}

/// The bootstrap admin of a new organisation, signed in (their password set through the
/// setup link bootstrapping printed).
async fn admin_of<'a>(app: &'a TestApp, slug: &str) -> (TestOrg, Staff<'a>) {
    let org = app.bootstrap(slug).await;
    set_password(app, &org.setup_path()).await;
    let admin = sign_in(app, slug, &format!("admin@{slug}.example")).await;
    (org, admin)
}

fn api(app: &TestApp, token: &str, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
    app.client.request(method, app.url(path)).bearer_auth(token)
}

async fn organisation(app: &TestApp, org: &TestOrg) -> Value {
    let response = api(app, &org.token, reqwest::Method::GET, "/api/v1/org")
        .send()
        .await
        .expect("org");
    assert_eq!(response.status(), StatusCode::OK);
    json_of(response).await
}

async fn brand_css(app: &TestApp, slug: &str) -> String {
    app.client
        .get(app.url(&format!("/assets/brand/{slug}.css")))
        .send()
        .await
        .expect("brand css")
        .text()
        .await
        .expect("css")
}

fn location(response: &reqwest::Response) -> &str {
    response.headers()["location"].to_str().expect("a location")
}

/// Creates a staff user with `profiles` through the API (which answers the setup link to
/// its caller), sets their password and signs them in.
async fn member<'a>(app: &'a TestApp, org: &TestOrg, email: &str, profiles: &[&str]) -> Staff<'a> {
    let created = api(
        app,
        &org.token,
        reqwest::Method::POST,
        "/api/v1/staff-users",
    )
    .json(&json!({"email": email, "name": "Mia Member", "profiles": profiles}))
    .send()
    .await
    .expect("create staff user");
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    set_password(
        app,
        &path_of(created["setup_url"].as_str().expect("setup url")),
    )
    .await;
    sign_in(app, org.created.organisation.slug.as_str(), email).await
}

async fn the_organisation_changes_and_its_colour_shows_at_once(database_url: &str) {
    let app = start(database_url, None).await;
    let (org, admin) = admin_of(&app, "brand").await;

    // The index links every settings page an admin may use.
    let index = admin.page("/staff/settings").await;
    for href in [
        "/staff/settings/organisation",
        "/staff/settings/staff",
        "/staff/settings/tokens",
        "/staff/settings/permissions",
        "/staff/settings/mail",
        "/staff/settings/undelivered",
        "/staff/settings/audit",
    ] {
        assert!(index.contains(&format!("href=\"{href}\"")), "{href}");
    }
    let form = admin.page("/staff/settings/organisation").await;
    assert!(form.contains("value=\"Org brand\""), "{form}");
    assert_eq!(brand_css(&app, "brand").await, "", "no colour yet");

    // A stale form changes nothing.
    let stale = admin
        .post(
            "/staff/settings/organisation",
            &[
                ("csrf", "stale"),
                ("name", "Hijacked"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&stale), "/staff/settings/organisation");
    assert_eq!(
        set_cookie(stale.headers(), "fd_flash").as_deref(),
        Some("err.flash-form-expired")
    );
    assert_eq!(organisation(&app, &org).await["name"], "Org brand");

    // Bad input comes back with what was typed and each error beside its field.
    let csrf = admin.csrf().await;
    let invalid = admin
        .post(
            "/staff/settings/organisation",
            &[
                ("csrf", &csrf),
                ("name", ""),
                ("colour", "red"),
                ("logo_url", "http://cdn.example/logo.png"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = invalid.text().await.expect("html");
    assert!(
        html.contains("value=\"red\"") && html.contains("value=\"http://cdn.example/logo.png\"")
    );
    assert!(html.contains("id=\"colour-error\"") && html.contains("id=\"name-error\""));
    assert!(html.contains("Enter an https address"), "{html}");
    assert_eq!(organisation(&app, &org).await["name"], "Org brand");

    // A good one is saved, and the colour shows at once.
    let saved = admin
        .post(
            "/staff/settings/organisation",
            &[
                ("csrf", &csrf),
                ("name", "Brand & Co"),
                ("colour", "#AA3300"),
                ("logo_url", "https://cdn.example/logo.png"),
                ("default_language", "fr"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/staff/settings/organisation");
    let flash = set_cookie(saved.headers(), "fd_flash").expect("a flash");
    assert_eq!(flash, "ok.flash-settings-organisation-saved");
    assert_eq!(
        brand_css(&app, "brand").await,
        ":root { --brand: #aa3300; }\n"
    );
    let shown = organisation(&app, &org).await;
    assert_eq!(shown["name"], "Brand & Co");
    assert_eq!(shown["colour"], "#aa3300");
    assert_eq!(shown["logo_url"], "https://cdn.example/logo.png");
    assert_eq!(shown["default_language"], "fr");

    // The console now speaks the organisation's language, flash included.
    let french = app
        .client
        .get(app.url("/staff/settings/organisation"))
        .header(
            "cookie",
            format!("fd_session={}; fd_flash={flash}", admin.session),
        )
        .send()
        .await
        .expect("page");
    let french = french.text().await.expect("html");
    assert!(french.contains("<html lang=\"fr\""), "{french}");
    assert!(french.contains("Les paramètres de l’organisation sont enregistrés."));
    assert!(french.contains("Couleur de marque") && french.contains("value=\"#aa3300\""));
    assert!(
        admin
            .page("/staff/settings")
            .await
            .contains("Mes jetons d’API")
    );

    // The audit log shows the change, filtered by action; a bad date is named.
    let audit = admin
        .page("/staff/settings/audit?action=organisation.changed&actor=&from=&to=")
        .await;
    assert!(audit.contains("organisation.changed"));
    assert!(audit.contains("changed=name,colour,logo_url,default_language"));
    assert!(
        !audit.contains("<code>session.signed_in</code>"),
        "the filter holds"
    );
    let bad = admin.page("/staff/settings/audit?from=yesterday").await;
    assert!(bad.contains("id=\"from-error\""), "{bad}");
    assert!(
        admin
            .page("/staff/settings/undelivered")
            .await
            .contains("Tous les e-mails ont été distribués.")
    );

    // The JSON API changes the same settings.
    let patch = |body: Value, token: String| {
        let app = &app;
        async move {
            api(app, &token, reqwest::Method::PATCH, "/api/v1/org")
                .json(&body)
                .send()
                .await
                .expect("patch")
        }
    };
    let cleared = patch(
        json!({"colour": null, "default_language": "en"}),
        org.token.clone(),
    )
    .await;
    assert_eq!(cleared.status(), StatusCode::OK);
    let cleared = json_of(cleared).await;
    assert_eq!(cleared["colour"], Value::Null);
    assert_eq!(cleared["name"], "Brand & Co", "what is not sent stays");
    assert_eq!(brand_css(&app, "brand").await, "");
    let invalid = patch(
        json!({"colour": "blue", "logo_url": "ftp://x"}),
        org.token.clone(),
    )
    .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<_> = json_of(invalid).await["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field").to_owned())
        .collect();
    assert_eq!(fields, ["colour", "logo_url"]);
    let unknown = patch(json!({"slug": "other"}), org.token.clone()).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unreadable = api(&app, &org.token, reqwest::Method::PATCH, "/api/v1/org")
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .expect("patch");
    assert_eq!(unreadable.status(), StatusCode::BAD_REQUEST);
    let anonymous = app
        .client
        .patch(app.url("/api/v1/org"))
        .json(&json!({"name": "Nobody"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    // An agent may do neither.
    let agent = member(&app, &org, "agent@brand.example", &["agent"]).await;
    let (status, html) = agent.get("/staff/settings/organisation").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("Not available to you"), "{html}");
    let agent_csrf = agent.csrf().await;
    let refused = agent
        .post(
            "/staff/settings/organisation",
            &[
                ("csrf", &agent_csrf),
                ("name", "Hijacked"),
                ("default_language", "en"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let agent_id = agent_user_id(&app, &org, "agent@brand.example").await;
    let token = api(
        &app,
        &org.token,
        reqwest::Method::POST,
        &format!("/api/v1/staff-users/{agent_id}/api-tokens"),
    )
    .json(&json!({}))
    .send()
    .await
    .expect("token");
    let token = json_of(token).await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let forbidden = patch(json!({"name": "Hijacked"}), token).await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    assert_eq!(organisation(&app, &org).await["name"], "Brand & Co");
    app.stop().await;
}

async fn agent_user_id(app: &TestApp, org: &TestOrg, email: &str) -> String {
    let users = api(app, &org.token, reqwest::Method::GET, "/api/v1/staff-users")
        .send()
        .await
        .expect("users");
    json_of(users).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|u| {
            u["email"]
                .as_str()
                .is_some_and(|e| e.eq_ignore_ascii_case(email))
        })
        .expect("the user is listed")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

/// The first `{base}{prefix}…` link in a mail, as a path (quoted-printable soft breaks
/// undone first).
fn link_in(mail: &ReceivedMail, prefix: &str) -> String {
    let data = mail.data.replace("=\r\n", "").replace("=3D", "=");
    let marker = format!("{}{prefix}", frontdesk_e2e::PUBLIC_BASE);
    let start =
        data.find(&marker).expect("the mail carries the link") + frontdesk_e2e::PUBLIC_BASE.len();
    let rest = &data[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// The value of the read-only field `id` on a page.
fn readonly_value(html: &str, id: &str) -> String {
    let start = html
        .find(&format!("id=\"{id}\""))
        .expect("the field is shown");
    let marker = "value=\"";
    let from = html[start..].find(marker).expect("a value") + start + marker.len();
    let to = html[from..].find('"').expect("closing quote") + from;
    html[from..to].to_owned()
}

async fn staff_are_invited_by_mail_and_agents_are_kept_out(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let app = start(database_url, Some(&sink)).await;
    let (org, admin) = admin_of(&app, "invite").await;
    let csrf = admin.csrf().await;

    let invited = admin
        .post(
            "/staff/settings/staff",
            &[
                ("csrf", &csrf),
                ("name", "Sam Agent"),
                ("email", "Sam@Invite.example"),
                ("agent", "on"),
            ],
        )
        .await;
    assert_eq!(invited.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&invited), "/staff/settings/staff");
    assert_eq!(
        set_cookie(invited.headers(), "fd_flash").as_deref(),
        Some("ok.flash-settings-staff-invited")
    );
    let list = admin.page("/staff/settings/staff").await;
    assert!(
        list.contains("Sam Agent") && list.contains("Invited"),
        "{list}"
    );
    assert!(
        !list.contains("fda_") && !list.contains("/a/"),
        "no setup link on the page"
    );

    // Inviting the same address again is refused beside the field, with the input kept.
    let twice = admin
        .post(
            "/staff/settings/staff",
            &[
                ("csrf", &csrf),
                ("name", "Sam Again"),
                ("email", "sam@invite.example"),
            ],
        )
        .await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = twice.text().await.expect("html");
    assert!(html.contains("already exists") && html.contains("value=\"Sam Again\""));

    // The invitation reaches the person, and only them.
    let mails = sink.wait_for(1, Duration::from_secs(20)).await;
    let invitation = mails
        .iter()
        .find(|m| {
            m.rcpt_to
                .iter()
                .any(|r| r.eq_ignore_ascii_case("sam@invite.example"))
        })
        .expect("the invitation was sent");
    let setup = link_in(invitation, "/a/fda_");
    assert!(
        invitation.data.contains("Ada Admin"),
        "the inviter is named"
    );
    set_password(&app, &setup).await;
    let sam = sign_in(&app, "invite", "sam@invite.example").await;

    // An agent sees only their own tokens; every other settings address answers 403.
    let index = sam.page("/staff/settings").await;
    assert!(index.contains("href=\"/staff/settings/tokens\""));
    assert!(!index.contains("href=\"/staff/settings/organisation\""));
    for path in [
        "/staff/settings/organisation",
        "/staff/settings/staff",
        "/staff/settings/permissions",
        "/staff/settings/mail",
        "/staff/settings/mail/temporary_password/en",
        "/staff/settings/undelivered",
        "/staff/settings/audit",
    ] {
        let (status, html) = sam.get(path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("Not available to you"), "{path}");
    }
    let sam_csrf = sam.csrf().await;
    let refused = sam
        .post(
            "/staff/settings/staff",
            &[
                ("csrf", &sam_csrf),
                ("name", "Eve"),
                ("email", "eve@invite.example"),
                ("admin", "on"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(
        !admin
            .page("/staff/settings/staff")
            .await
            .contains("eve@invite.example")
    );

    // Their own API token: shown once, works as them, and is revoked.
    let expires = (time::OffsetDateTime::now_utc() + time::Duration::days(30)).date();
    let expires = format!(
        "{:04}-{:02}-{:02}",
        expires.year(),
        u8::from(expires.month()),
        expires.day()
    );
    let bad = sam
        .post(
            "/staff/settings/tokens",
            &[
                ("csrf", &sam_csrf),
                ("label", ""),
                ("expires_on", "2000-01-01"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let created = sam
        .post(
            "/staff/settings/tokens",
            &[
                ("csrf", &sam_csrf),
                ("label", "laptop"),
                ("expires_on", &expires),
            ],
        )
        .await;
    assert_eq!(created.status(), StatusCode::OK);
    let html = created.text().await.expect("html");
    assert!(html.contains("data-copy=\"new-token\"") && html.contains("readonly"));
    let token = readonly_value(&html, "new-token");
    assert!(token.starts_with("fdk_"), "{token}");
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me");
    assert_eq!(
        json_of(me).await["email"],
        "Sam@invite.example",
        "the token acts as Sam (the address as typed, domain lower-cased)"
    );
    let listed = sam.page("/staff/settings/tokens").await;
    assert!(
        listed.contains("laptop") && !listed.contains(&token),
        "shown once only"
    );
    let marker = "action=\"/staff/settings/tokens/";
    let start = listed.find(marker).expect("a revoke form") + marker.len();
    let end = listed[start..].find('"').expect("quote") + start;
    let revoke = format!("/staff/settings/tokens/{}", &listed[start..end]);
    let revoked = sam.post(&revoke, &[("csrf", &sam_csrf)]).await;
    assert_eq!(revoked.status(), StatusCode::SEE_OTHER);
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);

    // The admin gives Sam the case admin profile, then disables them: Sam is signed out.
    let sam_id = agent_user_id(&app, &org, "sam@invite.example").await;
    let profiles = admin
        .post(
            &format!("/staff/settings/staff/{sam_id}/profiles"),
            &[("csrf", &csrf), ("agent", "on"), ("case_admin", "on")],
        )
        .await;
    assert_eq!(profiles.status(), StatusCode::SEE_OTHER);
    let users = admin.page("/staff/settings/staff").await;
    assert!(users.contains(&format!("id=\"profiles-{sam_id}-case_admin\" type=\"checkbox\" name=\"case_admin\" value=\"on\" checked")), "{users}");
    let disabled = admin
        .post(
            &format!("/staff/settings/staff/{sam_id}/state"),
            &[("csrf", &csrf), ("disabled", "true")],
        )
        .await;
    assert_eq!(disabled.status(), StatusCode::SEE_OTHER);
    let (status, _) = sam.get("/staff/settings").await;
    assert!(status.is_redirection(), "a disabled member is signed out");
    assert!(
        admin
            .page("/staff/settings/staff")
            .await
            .contains("Disabled")
    );

    // The last admin cannot be disabled.
    let admin_id = org.created.admin.id.to_string();
    let refused_last = admin
        .post(
            &format!("/staff/settings/staff/{admin_id}/state"),
            &[("csrf", &csrf), ("disabled", "true")],
        )
        .await;
    assert_eq!(
        set_cookie(refused_last.headers(), "fd_flash").as_deref(),
        Some("err.flash-settings-staff-last-admin")
    );
    assert_eq!(admin.get("/staff/settings").await.0, StatusCode::OK);
    app.stop().await;
    sink.stop().await;
}

async fn templates_take_legacy_placeholders_and_preview(database_url: &str) {
    let app = start(database_url, None).await;
    let (org, admin) = admin_of(&app, "tmpl").await;
    let list = admin.page("/staff/settings/mail").await;
    assert!(list.contains("href=\"/staff/settings/mail/temporary_password/en\""));
    assert!(list.contains("Temporary password"));
    let path = "/staff/settings/mail/temporary_password/en";
    let editor = admin.page(path).await;
    assert!(
        editor.contains("<code>{{login}}</code>")
            && editor.contains("<code>{{temporary_password}}</code>")
    );
    let csrf = admin.csrf().await;
    let subject = "Your password at <CompanyName>";
    let html = "<p>Dear &lt;ResourceName&gt;</p><p>Login: &lt;ResourceLogin&gt;<br>Temporary Password: &lt;ResourceTempPassword&gt;</p>";
    let text = "Dear <ResourceName>\n\nLogin: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\n\nKind regards, <CompanyName>";

    // Preview renders the legacy template with sample data, saving nothing.
    let preview = admin
        .post(
            &format!("{path}/preview"),
            &[
                ("csrf", &csrf),
                ("subject", subject),
                ("html", html),
                ("text", text),
            ],
        )
        .await;
    assert_eq!(preview.status(), StatusCode::OK);
    let page = preview.text().await.expect("html");
    assert!(page.contains("Your password at Org tmpl"), "{page}");
    assert!(page.contains("Login: jane.doe") && page.contains("Tmp-4821-kite"));
    assert!(
        page.contains("&lt;ResourceLogin&gt;"),
        "the editor keeps what was typed"
    );
    let alone = admin
        .post(
            &format!("{path}/preview"),
            &[
                ("csrf", &csrf),
                ("subject", subject),
                ("html", html),
                ("text", text),
                ("show", "html"),
            ],
        )
        .await;
    assert_eq!(alone.status(), StatusCode::OK);
    let policy = alone.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(policy.starts_with("sandbox;"), "{policy}");
    assert!(
        alone
            .text()
            .await
            .expect("html")
            .contains("Login: jane.doe")
    );
    let api_template = |language: &'static str| {
        let app = &app;
        let token = org.token.clone();
        async move {
            json_of(
                api(
                    app,
                    &token,
                    reqwest::Method::GET,
                    &format!("/api/v1/mail-templates/temporary_password/{language}"),
                )
                .send()
                .await
                .expect("template"),
            )
            .await
        }
    };
    assert_eq!(
        api_template("en").await["is_default"],
        true,
        "a preview saves nothing"
    );

    // A template without the temporary password is refused beside the text, input kept.
    let missing = admin
        .post(
            path,
            &[
                ("csrf", &csrf),
                ("subject", subject),
                ("html", html),
                ("text", "Dear <ResourceName>, your login is <ResourceLogin>"),
            ],
        )
        .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = missing.text().await.expect("html");
    assert!(page.contains("id=\"text-error\""), "{page}");
    assert!(
        page.contains("{{temporary_password}}")
            && page.contains("your login is &lt;ResourceLogin&gt;")
    );
    let broken = admin
        .post(
            path,
            &[
                ("csrf", &csrf),
                ("subject", "{{#if x}}"),
                ("html", html),
                ("text", text),
            ],
        )
        .await;
    assert_eq!(broken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        broken
            .text()
            .await
            .expect("html")
            .contains("id=\"subject-error\"")
    );
    assert_eq!(api_template("en").await["is_default"], true);

    // Saved: converted to handlebars.
    let saved = admin
        .post(
            path,
            &[
                ("csrf", &csrf),
                ("subject", subject),
                ("html", html),
                ("text", text),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), path);
    let stored = api_template("en").await;
    assert_eq!(stored["is_default"], false);
    assert_eq!(stored["subject"], "Your password at {{company_name}}");
    assert!(
        stored["text"]
            .as_str()
            .expect("text")
            .contains("Login: {{login}}\nTemporary Password: {{temporary_password}}")
    );
    assert!(
        stored["html"]
            .as_str()
            .expect("html")
            .contains("Login: {{login}}")
    );
    let editor = admin.page(path).await;
    assert!(editor.contains("Customised") && editor.contains("Reset to default"));
    assert!(
        admin
            .page("/staff/settings/mail")
            .await
            .contains("Customised")
    );
    assert_eq!(
        api_template("fr").await["is_default"],
        true,
        "one language at a time"
    );

    // In French, and back to the default.
    let french = api(&app, &org.token, reqwest::Method::PATCH, "/api/v1/org")
        .json(&json!({"default_language": "fr"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(french.status(), StatusCode::OK);
    let editor = admin
        .page("/staff/settings/mail/temporary_password/fr")
        .await;
    assert!(
        editor.contains("Mot de passe temporaire") && editor.contains("Aperçu"),
        "{editor}"
    );
    let reset = admin
        .post(&format!("{path}/reset"), &[("csrf", &csrf)])
        .await;
    assert_eq!(reset.status(), StatusCode::SEE_OTHER);
    assert_eq!(api_template("en").await["is_default"], true);
    let stale = admin
        .post(
            path,
            &[
                ("csrf", "stale"),
                ("subject", subject),
                ("html", html),
                ("text", text),
            ],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        api_template("en").await["is_default"],
        true,
        "a stale form saves nothing"
    );
    assert_eq!(
        admin.get("/staff/settings/mail/nope/en").await.0,
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

async fn the_share_permission_grid_saves_per_form(database_url: &str) {
    let app = start(database_url, None).await;
    let (org, admin) = admin_of(&app, "grid").await;
    let permissions = || {
        let app = &app;
        let token = org.token.clone();
        async move {
            let body = json_of(
                api(
                    app,
                    &token,
                    reqwest::Method::GET,
                    "/api/v1/forms/contact/share-permissions",
                )
                .send()
                .await
                .expect("permissions"),
            )
            .await;
            body.as_array()
                .expect("a list")
                .iter()
                .map(|p| {
                    (
                        p["profile"].as_str().expect("profile").to_owned(),
                        p["share_publicly"].as_bool().expect("bool"),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let before = permissions().await;
    let grid = admin.page("/staff/settings/permissions").await;
    assert!(grid.contains("<form id=\"share-contact\""), "{grid}");
    assert!(grid.contains("id=\"share-contact-admin\" type=\"checkbox\" checked disabled"));
    assert!(grid.contains("form=\"share-contact\" name=\"agent\""));
    assert!(grid.contains("Sharing is off for this form"));

    let stale = admin
        .post(
            "/staff/settings/permissions/contact",
            &[("csrf", "stale"), ("agent", "on")],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert_eq!(permissions().await, before, "a stale form changes nothing");

    let csrf = admin.csrf().await;
    let saved = admin
        .post(
            "/staff/settings/permissions/contact",
            &[("csrf", &csrf), ("agent", "on")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), "/staff/settings/permissions");
    assert_eq!(
        permissions().await,
        [
            ("admin".to_owned(), true),
            ("case_admin".to_owned(), false),
            ("agent".to_owned(), true),
        ]
    );
    let grid = admin.page("/staff/settings/permissions").await;
    assert!(grid.contains("form=\"share-contact\" name=\"agent\" value=\"on\" checked"));
    let unknown = admin
        .post(
            "/staff/settings/permissions/nope",
            &[("csrf", &csrf), ("agent", "on")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // The same grid in French; an agent may not see it.
    let french = api(&app, &org.token, reqwest::Method::PATCH, "/api/v1/org")
        .json(&json!({"default_language": "fr"}))
        .send()
        .await
        .expect("patch");
    assert_eq!(french.status(), StatusCode::OK);
    let grid = admin.page("/staff/settings/permissions").await;
    assert!(
        grid.contains("Profils et autorisations")
            && grid.contains("Le partage est désactivé pour ce formulaire")
    );
    let agent = member(&app, &org, "agent@grid.example", &["agent"]).await;
    assert_eq!(
        agent.get("/staff/settings/permissions").await.0,
        StatusCode::FORBIDDEN
    );
    let agent_csrf = agent.csrf().await;
    let refused = agent
        .post(
            "/staff/settings/permissions/contact",
            &[("csrf", &agent_csrf)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(permissions().await[2], ("agent".to_owned(), true));
    app.stop().await;
}

async fn undelivered_mail_is_listed_and_retried(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour {
        reply_to_data: DataReply::PermFail,
        ..SinkBehaviour::default()
    })
    .await
    .expect("SMTP sink starts");
    let app = start(database_url, Some(&sink)).await;
    let (org, admin) = admin_of(&app, "bounces").await;
    let queued = api(&app, &org.token, reqwest::Method::POST, "/api/v1/mail/test")
        .json(&json!({"to": "bounce@example.org"}))
        .send()
        .await
        .expect("queue");
    assert_eq!(queued.status(), StatusCode::ACCEPTED);
    let id = json_of(queued).await["message_id"]
        .as_str()
        .expect("id")
        .to_owned();

    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let page = loop {
        let page = admin.page("/staff/settings/undelivered").await;
        if page.contains("bounce@example.org") {
            break page;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the message never became undelivered"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(page.contains("Test mail") && page.contains("550"), "{page}");
    let retry = format!("/staff/settings/undelivered/{id}/retry");
    assert!(page.contains(&format!("action=\"{retry}\"")));

    let csrf = admin.csrf().await;
    let stale = admin.post(&retry, &[("csrf", "stale")]).await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert!(
        admin
            .page("/staff/settings/undelivered")
            .await
            .contains("bounce@example.org"),
        "a stale form retries nothing"
    );
    sink.set_behaviour(SinkBehaviour::default());
    let retried = admin.post(&retry, &[("csrf", &csrf)]).await;
    assert_eq!(retried.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        set_cookie(retried.headers(), "fd_flash").as_deref(),
        Some("ok.flash-settings-mail-retried")
    );
    let delivered = sink.wait_for(1, Duration::from_secs(20)).await;
    assert!(
        delivered.iter().any(|mail| mail.data.contains(&id)),
        "the retried message was delivered"
    );
    let again = admin.post(&retry, &[("csrf", &csrf)]).await;
    assert_eq!(
        set_cookie(again.headers(), "fd_flash").as_deref(),
        Some("err.flash-settings-mail-retry-gone")
    );
    assert!(
        admin
            .page("/staff/settings/undelivered")
            .await
            .contains("All mail was delivered.")
    );
    app.stop().await;
    sink.stop().await;
}
