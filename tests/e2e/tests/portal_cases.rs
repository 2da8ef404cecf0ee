//! Signed-in portal users submit cases (`/o/{org}/cases/new?form=…`) over HTTP with a real
//! SMTP server, on SQLite and PostgreSQL. The admin opens the private portal with the
//! `contact` form; a client's contact user signs in (temporary password, then their own);
//! the new-case page shows the form without captcha, name or email; a missing required
//! field is a 422 that keeps the input and stores nothing; a valid submission is a 303 to
//! the case page, which opens (an editor grant), the case is on the home page, in the staff
//! API with the user's contact and client, and a confirmation with the portal link (no
//! guest token) is mailed; sending the same rendered form twice creates one case. A form
//! the portal does not offer, an unknown form and another organisation's form are 404; no
//! session (or another organisation's) is a 303 to sign-in and creates nothing.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, TestOrg, hidden_input, json_of, set_cookie};
use frontdesk_e2e::{call, mail_text};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use reqwest::Method as M;
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => portal_new_case);

/// The portal's session cookie (plain name: the test base URL is http).
const SESSION: &str = "fd_portal";
/// The new password every user chooses.
const PASSWORD: &str = "correct horse battery";

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// Opens `org`'s private portal with `forms`.
async fn open_portal(app: &TestApp, org: &TestOrg, forms: &[&str]) {
    let set = call(
        app,
        org,
        M::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {"mode": "private", "forms": forms}})),
    )
    .await;
    assert_eq!(set.status(), StatusCode::OK);
}

/// A client named `client_name` with one contact user; answers (client id, user id).
async fn client_with_user(
    app: &TestApp,
    org: &TestOrg,
    client_name: &str,
    email: &str,
) -> (String, String) {
    let client = json_of(
        call(
            app,
            org,
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": client_name})),
        )
        .await,
    )
    .await;
    let client_id = client["id"].as_str().expect("client id").to_owned();
    let created = call(
        app,
        org,
        M::POST,
        &format!("/api/v1/clients/{client_id}/contact-users"),
        Some(json!({"first_name": "John", "last_name": "Smith", "email": email})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let user = json_of(created).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    (client_id, user)
}

/// Saves a `temporary_password` template whose text is easy to read the password from.
async fn plain_template(app: &TestApp, org: &TestOrg) {
    let template = json!({
        "subject": "Your password at <CompanyName>",
        "html": "<p>Login: &lt;ResourceLogin&gt;</p><p>Temporary Password: &lt;ResourceTempPassword&gt;</p>",
        "text": "Login: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\n",
    });
    let saved = call(
        app,
        org,
        M::PUT,
        "/api/v1/mail-templates/temporary_password/en",
        Some(template),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);
}

/// Signs `user` of `org` in: a temporary password by mail (number `nth`, from 1), sign-in,
/// the forced change (its notice is mail `nth + 1`); answers the session.
async fn signed_in(
    app: &TestApp,
    org: &TestOrg,
    sink: &SmtpSink,
    (user, login): (&str, &str),
    nth: usize,
) -> String {
    let slug = org.created.organisation.slug.clone();
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
    let temporary = mail_text(&mail[nth - 1])
        .split("Temporary Password: ")
        .nth(1)
        .expect("the mail carries the password")
        .split_whitespace()
        .next()
        .expect("a password")
        .trim_end_matches("</p>")
        .to_owned();
    let login_page = app
        .client
        .get(app.url(&format!("/o/{slug}/login")))
        .send()
        .await
        .expect("login page");
    let pre = set_cookie(login_page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&login_page.text().await.expect("html"), "csrf");
    let signed = app
        .client
        .post(app.url(&format!("/o/{slug}/login")))
        .header("cookie", format!("fd_csrf={pre}"))
        .form(&[("login", login), ("password", &temporary), ("csrf", &csrf)])
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let session = set_cookie(signed.headers(), SESSION).expect("session");
    let page = get(app, &format!("/o/{slug}/password"), Some(&session)).await;
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let changed = app
        .client
        .post(app.url(&format!("/o/{slug}/password")))
        .header("cookie", format!("{SESSION}={session}"))
        .form(&[
            ("current", temporary.as_str()),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .expect("change");
    assert_eq!(changed.status(), StatusCode::SEE_OTHER);
    sink.wait_for(nth + 1, Duration::from_secs(20)).await;
    set_cookie(changed.headers(), SESSION).expect("a new session")
}

/// `GET path`, with the portal session when given.
async fn get(app: &TestApp, path: &str, session: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(session) = session {
        request = request.header("cookie", format!("{SESSION}={session}"));
    }
    request.send().await.expect("page")
}

/// `POST path` (form-encoded), with the portal session when given.
async fn post(
    app: &TestApp,
    path: &str,
    session: Option<&str>,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = app.client.post(app.url(path)).form(fields);
    if let Some(session) = session {
        request = request.header("cookie", format!("{SESSION}={session}"));
    }
    request.send().await.expect("post")
}

/// The staff API's cases of `org`.
async fn cases(app: &TestApp, org: &TestOrg) -> Vec<Value> {
    json_of(call(app, org, M::GET, "/api/v1/cases", None).await).await["items"]
        .as_array()
        .expect("items")
        .clone()
}

async fn portal_new_case(database_url: &str) {
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
    let acme = app.bootstrap("acme").await;
    let beta = app.bootstrap("beta").await;
    plain_template(&app, &acme).await;
    plain_template(&app, &beta).await;
    // acme has a second form that its portal does not offer; beta has one acme lacks.
    for (org, slug) in [(&acme, "internal"), (&beta, "beta-only")] {
        let created = call(
            &app,
            org,
            M::POST,
            "/api/v1/forms",
            Some(json!({"slug": slug, "name": "Not for the portal"})),
        )
        .await;
        assert_eq!(created.status(), StatusCode::CREATED, "{slug}");
    }
    open_portal(&app, &acme, &["contact"]).await;
    open_portal(&app, &beta, &["contact", "beta-only"]).await;
    let (client, user) = client_with_user(
        &app,
        &acme,
        "More Profits Inc.",
        "john.smith@more-profits.example",
    )
    .await;
    let session = signed_in(&app, &acme, &sink, (&user, "john.smith"), 1).await;

    // Signed out: the page and its POST send to sign-in and create nothing.
    let new_path = "/o/acme/cases/new?form=contact";
    let signed_out = get(&app, new_path, None).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_out), "/o/acme/login");
    let signed_out = post(&app, new_path, None, &[("title", "Sneaky")]).await;
    assert_eq!(signed_out.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&signed_out), "/o/acme/login");

    // The home page offers the portal's one form.
    let home = get(&app, "/o/acme/", Some(&session)).await;
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.expect("html");
    assert!(
        html.contains("href=\"/o/acme/cases/new?form=contact\"") && html.contains("New case"),
        "{html}"
    );

    // The form: the case fields, no captcha, no name or email; without ?form= the same.
    for path in [new_path, "/o/acme/cases/new"] {
        let page = get(&app, path, Some(&session)).await;
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert_eq!(page.headers()["cache-control"], "no-store");
        let html = page.text().await.expect("html");
        assert!(html.contains("name=\"title\""), "{html}");
        assert!(html.contains("name=\"description\""), "{html}");
        for absent in [
            "altcha",
            "name=\"first_name\"",
            "name=\"last_name\"",
            "name=\"email\"",
        ] {
            assert!(!html.contains(absent), "{absent}: {html}");
        }
    }
    let html = get(&app, new_path, Some(&session))
        .await
        .text()
        .await
        .expect("html");
    let csrf = hidden_input(&html, "csrf");
    let key = hidden_input(&html, "key");

    // A form the portal does not offer, an unknown one, another organisation's: 404.
    for path in [
        "/o/acme/cases/new?form=internal",
        "/o/acme/cases/new?form=nope",
        "/o/acme/cases/new?form=beta-only",
    ] {
        let refused = get(&app, path, Some(&session)).await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{path}");
        let refused = post(
            &app,
            path,
            Some(&session),
            &[("csrf", &csrf), ("key", &key), ("title", "Refused")],
        )
        .await;
        assert_eq!(refused.status(), StatusCode::NOT_FOUND, "{path}");
    }

    // A missing required field: 422, the input kept, the error by the field, nothing stored.
    let missing = post(
        &app,
        new_path,
        Some(&session),
        &[
            ("csrf", &csrf),
            ("key", &key),
            ("title", ""),
            ("description", "Kept text"),
        ],
    )
    .await;
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = missing.text().await.expect("html");
    assert!(html.contains("Kept text"), "{html}");
    assert!(html.contains("f-title-error"), "{html}");
    assert!(!html.contains("altcha"));
    assert!(cases(&app, &acme).await.is_empty());

    // A forged CSRF token: refused, nothing stored.
    let forged = post(
        &app,
        new_path,
        Some(&session),
        &[("csrf", "forged"), ("key", &key), ("title", "Forged")],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    assert!(cases(&app, &acme).await.is_empty());

    // Valid: 303 to the case page; the same rendered form sent again is the same case.
    let fields = [
        ("csrf", csrf.as_str()),
        ("key", key.as_str()),
        ("title", "Printer on fire"),
        ("description", "Smoke on floor 2."),
        ("priority", "high"),
    ];
    let created = post(&app, new_path, Some(&session), &fields).await;
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let case_path = location(&created);
    assert!(case_path.starts_with("/o/acme/cases/"), "{case_path}");
    let again = post(&app, new_path, Some(&session), &fields).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&again), case_path);
    let listed = cases(&app, &acme).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    let case_id = listed[0]["id"].as_str().expect("id").to_owned();
    let number = listed[0]["number"].as_u64().expect("number");
    assert_eq!(case_path, format!("/o/acme/cases/{number}"));

    // The case page opens (the user is its editor) and the home page lists it.
    let page = get(&app, &case_path, Some(&session)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    assert!(html.contains("Printer on fire"), "{html}");
    assert!(html.contains("You can read, comment on and edit this case."));
    let home = get(&app, "/o/acme/", Some(&session))
        .await
        .text()
        .await
        .expect("html");
    assert!(home.contains("Printer on fire"), "{home}");

    // Staff see it with the user's contact, on the user's client.
    let detail = json_of(
        call(
            &app,
            &acme,
            M::GET,
            &format!("/api/v1/cases/{case_id}"),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(detail["client_id"], json!(client));
    assert_eq!(detail["priority"], "high");
    let contacts = detail["contacts"].as_array().expect("contacts");
    assert_eq!(contacts.len(), 1, "{detail}");
    assert_eq!(contacts[0]["email"], "john.smith@more-profits.example");
    let grants = json_of(
        call(
            &app,
            &acme,
            M::GET,
            &format!("/api/v1/contact-users/{user}/grants"),
            None,
        )
        .await,
    )
    .await;
    let grants = grants["items"].as_array().expect("items");
    assert_eq!(grants.len(), 1, "{grants:?}");
    assert_eq!(grants[0]["case_id"], json!(case_id));
    assert_eq!(grants[0]["role"], "editor");

    // The confirmation: to the user, with the portal case link and no guest token.
    let mail = sink.wait_for(3, Duration::from_secs(20)).await;
    assert_eq!(mail[2].rcpt_to, ["john.smith@more-profits.example"]);
    let text = mail_text(&mail[2]);
    assert!(
        text.contains(&format!("{}{case_path}", frontdesk_e2e::PUBLIC_BASE)),
        "{text}"
    );
    assert!(!text.contains("/g/fdg_"), "{text}");

    // Another organisation's user: their session opens no acme page and creates nothing
    // there; on their own portal, acme's forms do not exist.
    let (_, beta_user) =
        client_with_user(&app, &beta, "Beta Buyers", "jane.doe@beta-buyers.example").await;
    let beta_session = signed_in(&app, &beta, &sink, (&beta_user, "jane.doe"), 4).await;
    let foreign = get(&app, new_path, Some(&beta_session)).await;
    assert_eq!(foreign.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&foreign), "/o/acme/login");
    let foreign = post(
        &app,
        new_path,
        Some(&beta_session),
        &[("csrf", &csrf), ("key", "another"), ("title", "Cross-org")],
    )
    .await;
    assert_eq!(foreign.status(), StatusCode::SEE_OTHER);
    assert_eq!(cases(&app, &acme).await.len(), 1);
    let not_beta = get(&app, "/o/beta/cases/new?form=internal", Some(&beta_session)).await;
    assert_eq!(not_beta.status(), StatusCode::NOT_FOUND);
    let acme_case = get(
        &app,
        &format!("/o/beta/cases/{number}"),
        Some(&beta_session),
    )
    .await;
    assert_eq!(acme_case.status(), StatusCode::NOT_FOUND);
    // beta's portal offers two forms: a chooser without ?form=, a link each on the home page.
    let chooser = get(&app, "/o/beta/cases/new", Some(&beta_session)).await;
    assert_eq!(chooser.status(), StatusCode::OK);
    let html = chooser.text().await.expect("html");
    assert!(
        html.contains("/o/beta/cases/new?form=contact")
            && html.contains("/o/beta/cases/new?form=beta-only"),
        "{html}"
    );
    assert!(!html.contains("name=\"title\""), "{html}");
    let home = get(&app, "/o/beta/", Some(&beta_session))
        .await
        .text()
        .await
        .expect("html");
    assert!(
        home.contains("New case: Not for the portal") && home.contains("New case: Contact"),
        "{home}"
    );
    assert!(cases(&app, &beta).await.is_empty());

    app.stop().await;
}
