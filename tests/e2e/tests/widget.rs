//! The intake form on the organisation's own website, over HTTP on SQLite and PostgreSQL:
//! the allowed sites (`/api/v1/org/embed-origins`: validated, normalised, stored, admins
//! only), the organisation's public API answering CORS for exactly those sites (preflight
//! and actual; another site gets no CORS header and its request creates nothing), the
//! embedded form page framed only by them (every other page still `frame-ancestors
//! 'none'`), its `?lang=`, a form of another organisation (404), a submission through the
//! embedded page and through the API from an allowed site with the confirmation mail, and a
//! replayed captcha refused; and the console's Forms on your website page (a bad line beside the
//! field and nothing saved, a stale form, saved) with the snippets on the form's page.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, TestOrg, call, json_of, mail_text, solved_captcha};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use reqwest::{Method, StatusCode};
use serde_json::json;

frontdesk_e2e::on_both_databases!(url =>
    allowed_sites_are_checked_and_stored,
    an_admin_sets_the_sites_in_the_console,
    only_allowed_sites_may_call_and_frame_the_forms
);

const SITE: &str = "https://www.acme.example";
const LOCAL_SITE: &str = "http://127.0.0.1:4321";
const OTHER_SITE: &str = "https://evil.example";

async fn put_origins(app: &TestApp, org: &TestOrg, origins: &[&str]) -> reqwest::Response {
    call(
        app,
        org,
        Method::PUT,
        "/api/v1/org/embed-origins",
        Some(json!({ "origins": origins })),
    )
    .await
}

fn header<'a>(response: &'a reqwest::Response, name: &str) -> Option<&'a str> {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
}

async fn case_count(app: &TestApp, org: &TestOrg) -> usize {
    let response = call(app, org, Method::GET, "/api/v1/cases", None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = json_of(response).await;
    body["items"]
        .as_array()
        .or_else(|| body.as_array())
        .map_or(0, Vec::len)
}

async fn allowed_sites_are_checked_and_stored(database_url: &str) {
    let app = TestApp::start(database_url).await;
    let org = app.bootstrap("acme").await;

    let listed = call(&app, &org, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(listed.status(), StatusCode::OK);
    assert_eq!(
        json_of(listed).await,
        json!({ "origins": [] }),
        "none at first"
    );

    // Every bad entry is named by its place; nothing is stored.
    let refused = put_origins(
        &app,
        &org,
        &[
            SITE,
            "http://www.acme.example",
            "https://www.acme.example/contact",
            "https://*.acme.example",
            "not a url",
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem = json_of(refused).await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|error| error["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        ["origins[1]", "origins[2]", "origins[3]", "origins[4]"]
    );
    let too_many: Vec<String> = (0..21)
        .map(|i| format!("https://site{i}.example"))
        .collect();
    let too_many: Vec<&str> = too_many.iter().map(String::as_str).collect();
    let refused = put_origins(&app, &org, &too_many).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let listed = call(&app, &org, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(
        json_of(listed).await,
        json!({ "origins": [] }),
        "nothing stored"
    );

    // Normalised to the browser's form, repeats dropped, order kept.
    let saved = put_origins(
        &app,
        &org,
        &[" HTTPS://WWW.Acme.Example/ ", LOCAL_SITE, SITE],
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(
        json_of(saved).await,
        json!({ "origins": [SITE, LOCAL_SITE] })
    );
    let listed = call(&app, &org, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(
        json_of(listed).await,
        json!({ "origins": [SITE, LOCAL_SITE] })
    );

    // The change is audited with the origins.
    let audit = call(
        &app,
        &org,
        Method::GET,
        "/api/v1/audit?action=embed_origins.changed",
        None,
    )
    .await;
    assert_eq!(audit.status(), StatusCode::OK);
    let audit = json_of(audit).await.to_string();
    assert!(audit.contains("embed_origins.changed"), "{audit}");
    assert!(audit.contains(LOCAL_SITE), "{audit}");

    // Another organisation's list is its own.
    let other = app.bootstrap("globex").await;
    let listed = call(&app, &other, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(json_of(listed).await, json!({ "origins": [] }));

    // An empty list allows no site again.
    let cleared = put_origins(&app, &org, &[]).await;
    assert_eq!(json_of(cleared).await, json!({ "origins": [] }));

    // Without a token: 401, nothing changes.
    let anonymous = app
        .client
        .put(app.url("/api/v1/org/embed-origins"))
        .json(&json!({ "origins": [SITE] }))
        .send()
        .await
        .expect("put");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}

async fn an_admin_sets_the_sites_in_the_console(database_url: &str) {
    const PASSWORD: &str = "correct horse battery staple";
    let app = TestApp::start(database_url).await;
    let org = app.bootstrap("acme").await;
    frontdesk_e2e::set_password(&app, &org.setup_path(), PASSWORD).await;
    let session = frontdesk_e2e::staff_session(&app, "acme", "admin@acme.example", PASSWORD).await;
    let cookie = format!("fd_session={session}");
    let page = app
        .client
        .get(app.url("/staff/settings/embed"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Websites allowed to embed your forms"));
    let csrf = frontdesk_e2e::hidden_input(&html, "csrf");
    let post = |origins: &'static str, csrf: String| {
        let cookie = cookie.clone();
        let request = app
            .client
            .post(app.url("/staff/settings/embed"))
            .header("cookie", cookie)
            .form(&[("csrf", csrf), ("origins", origins.to_owned())]);
        async move { request.send().await.expect("post") }
    };

    // A bad line is named beside the field, what was typed kept, nothing saved.
    let refused = post(
        "https://www.acme.example\nhttp://plain.example",
        csrf.clone(),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.text().await.expect("html");
    assert!(html.contains("Line 2"), "{html}");
    assert!(html.contains("http://plain.example"), "the input kept");
    let listed = call(&app, &org, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(json_of(listed).await, json!({ "origins": [] }));

    // A stale form changes nothing.
    let stale = post("https://www.acme.example", "stale".to_owned()).await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    let listed = call(&app, &org, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(json_of(listed).await, json!({ "origins": [] }));

    // Saved: 303 back, and the API agrees.
    let saved = post("https://www.acme.example/\n\nhttp://127.0.0.1:4321", csrf).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let listed = call(&app, &org, Method::GET, "/api/v1/org/embed-origins", None).await;
    assert_eq!(
        json_of(listed).await,
        json!({ "origins": [SITE, LOCAL_SITE] })
    );

    // The form's console page shows both snippets.
    let form_page = app
        .client
        .get(app.url("/staff/forms/contact"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("form page")
        .text()
        .await
        .expect("html");
    assert!(form_page.contains("/o/acme/forms/contact/embed"));
    assert!(form_page.contains("/assets/widget-"));
    assert!(
        form_page.contains("data-org=&quot;acme&quot;"),
        "escaped in the textarea"
    );
    app.stop().await;
}

async fn only_allowed_sites_may_call_and_frame_the_forms(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("smtp sink");
    let app = frontdesk_e2e::mailing_to(database_url, &sink).await;
    let org = app.bootstrap("acme").await;
    let other = app.bootstrap("globex").await;
    assert_eq!(
        put_origins(&app, &org, &[SITE, LOCAL_SITE]).await.status(),
        StatusCode::OK
    );
    let cases_path = "/api/v1/public/orgs/acme/forms/contact/cases";

    // Preflight: the allowed site may send JSON with an Idempotency-Key, never credentials.
    let preflight = app
        .client
        .request(Method::OPTIONS, app.url(cases_path))
        .header("origin", LOCAL_SITE)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .send()
        .await
        .expect("preflight");
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(&preflight, "access-control-allow-origin"),
        Some(LOCAL_SITE)
    );
    let allowed_headers = header(&preflight, "access-control-allow-headers").unwrap_or_default();
    assert!(
        allowed_headers.contains("idempotency-key"),
        "{allowed_headers}"
    );
    assert!(
        allowed_headers.contains("content-type"),
        "{allowed_headers}"
    );
    assert_eq!(header(&preflight, "access-control-allow-credentials"), None);
    assert!(
        header(&preflight, "vary")
            .unwrap_or_default()
            .contains("origin")
    );

    // Another site's preflight gets no CORS header at all.
    let preflight = app
        .client
        .request(Method::OPTIONS, app.url(cases_path))
        .header("origin", OTHER_SITE)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("preflight");
    assert_eq!(header(&preflight, "access-control-allow-origin"), None);
    assert_eq!(header(&preflight, "access-control-allow-methods"), None);
    // Nor does an allowed site of another organisation.
    let preflight = app
        .client
        .request(
            Method::OPTIONS,
            app.url("/api/v1/public/orgs/globex/forms/contact/cases"),
        )
        .header("origin", SITE)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .expect("preflight");
    assert_eq!(header(&preflight, "access-control-allow-origin"), None);

    // The form's description and a challenge, read from the allowed site, in French.
    let described = app
        .client
        .get(app.url("/api/v1/public/orgs/acme/forms/contact?lang=fr"))
        .header("origin", SITE)
        .send()
        .await
        .expect("form");
    assert_eq!(described.status(), StatusCode::OK);
    assert_eq!(
        header(&described, "access-control-allow-origin"),
        Some(SITE)
    );
    let description = json_of(described).await;
    assert_eq!(description["language"], "fr");
    let names: Vec<&str> = description["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|field| field["name"].as_str().expect("name"))
        .collect();
    for name in ["first_name", "last_name", "email"] {
        assert!(names.contains(&name), "{names:?}");
    }
    assert!(
        description["texts"]["thanks_text"]
            .as_str()
            .is_some_and(|text| !text.is_empty())
    );
    let challenge = app
        .client
        .get(app.url("/api/v1/public/orgs/acme/captcha"))
        .header("origin", SITE)
        .send()
        .await
        .expect("captcha");
    assert_eq!(challenge.status(), StatusCode::OK);
    assert_eq!(
        header(&challenge, "access-control-allow-origin"),
        Some(SITE)
    );
    let refused = app
        .client
        .get(app.url("/api/v1/public/orgs/acme/captcha"))
        .header("origin", OTHER_SITE)
        .send()
        .await
        .expect("captcha");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(header(&refused, "access-control-allow-origin"), None);

    // A submission sent anyway from another site creates nothing.
    let body = |captcha: String, email: &str| {
        json!({
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": email,
            "title": "Printer on fire",
            "description": "From the website",
            "altcha": captcha,
        })
    };
    let foreign = app
        .client
        .post(app.url(cases_path))
        .header("origin", OTHER_SITE)
        .json(&body(solved_captcha(&app).await, "grace@site.example"))
        .send()
        .await
        .expect("submit");
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);
    assert_eq!(header(&foreign, "access-control-allow-origin"), None);
    assert_eq!(
        json_of(foreign).await["type"],
        "urn:frontdesk:problem:origin-not-allowed"
    );
    assert_eq!(case_count(&app, &org).await, 0, "nothing created");

    // From the allowed site: received, with CORS for it, and the confirmation mail.
    let captcha = solved_captcha(&app).await;
    let received = app
        .client
        .post(app.url(cases_path))
        .header("origin", LOCAL_SITE)
        .header("idempotency-key", "widget-1")
        .json(&body(captcha.clone(), "grace@site.example"))
        .send()
        .await
        .expect("submit");
    assert_eq!(received.status(), StatusCode::ACCEPTED);
    assert_eq!(
        header(&received, "access-control-allow-origin"),
        Some(LOCAL_SITE)
    );
    assert_eq!(header(&received, "access-control-allow-credentials"), None);
    assert!(header(&received, "set-cookie").is_none(), "no cookie");
    let mails = sink.wait_for(1, Duration::from_secs(20)).await;
    assert!(
        mails[0]
            .rcpt_to
            .iter()
            .any(|r| r.eq_ignore_ascii_case("grace@site.example"))
    );
    assert!(
        mail_text(&mails[0]).contains(&format!("{}/g/", frontdesk_e2e::PUBLIC_BASE)),
        "the mail carries the guest link"
    );
    assert_eq!(case_count(&app, &org).await, 1);

    // The same solution again (another key and address): a replayed captcha, refused,
    // nothing created.
    let replayed = app
        .client
        .post(app.url(cases_path))
        .header("origin", LOCAL_SITE)
        .header("idempotency-key", "widget-2")
        .json(&body(captcha, "ada@site.example"))
        .send()
        .await
        .expect("submit");
    assert_eq!(replayed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        header(&replayed, "access-control-allow-origin"),
        Some(LOCAL_SITE),
        "the site may read why"
    );
    assert_eq!(
        json_of(replayed).await["type"],
        "urn:frontdesk:problem:captcha"
    );
    // A missing captcha too.
    let missing = app
        .client
        .post(app.url(cases_path))
        .header("origin", SITE)
        .json(&json!({"first_name": "A", "last_name": "B", "email": "a@b.example", "title": "t", "description": "d"}))
        .send()
        .await
        .expect("submit");
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(case_count(&app, &org).await, 1, "nothing more created");

    // The embedded page: framed only by the allowed sites, no X-Frame-Options, in ?lang=.
    let embed = app
        .client
        .get(app.url("/o/acme/forms/contact/embed?lang=fr"))
        .send()
        .await
        .expect("embed");
    assert_eq!(embed.status(), StatusCode::OK);
    let csp = header(&embed, "content-security-policy")
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains(&format!("frame-ancestors {SITE} {LOCAL_SITE};")),
        "{csp}"
    );
    assert_eq!(header(&embed, "x-frame-options"), None);
    assert!(header(&embed, "set-cookie").is_none());
    let html = embed.text().await.expect("html");
    assert!(html.contains("lang=\"fr\""), "the visitor's language");
    assert!(html.contains("altcha-widget"));
    assert!(!html.contains("class=\"topbar\""), "no page chrome");

    // Another organisation allows no site: its embedded page may be framed by nobody.
    let embed = app
        .client
        .get(app.url("/o/globex/forms/contact/embed"))
        .send()
        .await
        .expect("embed");
    assert_eq!(embed.status(), StatusCode::OK);
    assert!(
        header(&embed, "content-security-policy")
            .unwrap_or_default()
            .contains("frame-ancestors 'none'")
    );
    // Every other page stays unframeable.
    for path in ["/o/acme/forms/contact", "/staff/login", "/api/v1/org"] {
        let page = app.client.get(app.url(path)).send().await.expect("page");
        assert!(
            header(&page, "content-security-policy")
                .unwrap_or_default()
                .contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(header(&page, "x-frame-options"), Some("DENY"), "{path}");
    }

    // A form of another organisation is not found, as a page and in the API.
    let created = call(
        &app,
        &other,
        Method::POST,
        "/api/v1/forms",
        Some(json!({ "slug": "globex-only", "name": "Globex only" })),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let missing = app
        .client
        .get(app.url("/o/acme/forms/globex-only/embed"))
        .send()
        .await
        .expect("embed");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = app
        .client
        .get(app.url("/api/v1/public/orgs/acme/forms/globex-only"))
        .header("origin", SITE)
        .send()
        .await
        .expect("form");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // Submitting through the embedded page: the same rules, the thank-you in the frame.
    let page_captcha = solved_captcha(&app).await;
    let thanks = app
        .client
        .post(app.url("/o/acme/forms/contact/embed?lang=en"))
        .form(&[
            ("first_name", "Alan"),
            ("last_name", "Turing"),
            ("email", "alan@site.example"),
            ("title", "Framed"),
            ("description", "From the frame"),
            ("altcha", page_captcha.as_str()),
        ])
        .send()
        .await
        .expect("embed submit");
    assert_eq!(thanks.status(), StatusCode::OK);
    assert!(
        header(&thanks, "content-security-policy")
            .unwrap_or_default()
            .contains(&format!("frame-ancestors {SITE} {LOCAL_SITE};"))
    );
    let html = thanks.text().await.expect("html");
    assert!(html.contains("check your email"), "{html}");
    let mails = sink.wait_for(2, Duration::from_secs(20)).await;
    assert!(mails.iter().any(|m| {
        m.rcpt_to
            .iter()
            .any(|r| r.eq_ignore_ascii_case("alan@site.example"))
    }));
    let invalid = app
        .client
        .post(app.url("/o/acme/forms/contact/embed"))
        .form(&[("first_name", "Alan"), ("altcha", page_captcha.as_str())])
        .send()
        .await
        .expect("embed submit");
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = invalid.text().await.expect("html");
    assert!(html.contains("field-error"), "errors beside the fields");
    assert!(html.contains("value=\"Alan\""), "the input kept");
    assert_eq!(case_count(&app, &org).await, 2);

    // The scripts are content-hashed and immutable.
    let widget_path = {
        let page = app
            .client
            .get(app.url("/o/acme/forms/contact/embed"))
            .send()
            .await
            .expect("embed")
            .text()
            .await
            .expect("html");
        let start = page.find("/assets/embed-resize-").expect("resize script");
        let end = page[start..].find('"').expect("end") + start;
        page[start..end].to_owned()
    };
    let script = app
        .client
        .get(app.url(&widget_path))
        .send()
        .await
        .expect("script");
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(
        header(&script, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    app.stop().await;
    sink.stop().await;
}
