//! Sign-up over HTTP on SQLite and PostgreSQL, with mail through a real SMTP server:
//! a registration link (client role, client, auto-case, one use, allowed domains) →
//! the same "check your email" page → the activation mail → its confirm page → activation,
//! signed in, the auto-case at home, the link's uses naming the person; the link used up
//! (410); a disallowed domain; a bad captcha creating nothing; an address that already has
//! an account getting a mail instead (same page); a used activation link sending to the
//! sign-in page; the public portal's sign-up; and an invitation to a private portal, completed
//! with a name and a password.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, hidden_input, json_of, path_of, set_cookie, solved_captcha};
use frontdesk_e2e::{call, link_in, mail_text};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => a_registration_link_signs_a_client_up,
    the_public_portal_signs_people_up,
    staff_invite_people_to_a_private_portal
);

const PASSWORD: &str = "correct horse battery staple";

/// Posts the sign-up form at `path` (a fresh captcha unless `captcha` is given).
async fn sign_up(
    app: &TestApp,
    path: &str,
    email: &str,
    captcha: Option<&str>,
) -> (StatusCode, String) {
    let solution = match captcha {
        Some(given) => given.to_owned(),
        None => solved_captcha(app).await,
    };
    let answer = app
        .client
        .post(app.url(path))
        .form(&[
            ("first_name", "Jane"),
            ("last_name", "Client"),
            ("email", email),
            ("password", PASSWORD),
            ("altcha", solution.as_str()),
        ])
        .send()
        .await
        .expect("sign up");
    let status = answer.status();
    (status, answer.text().await.expect("html"))
}

/// Opens the activation link at `path` and confirms it; the answer to the POST.
async fn activate(app: &TestApp, path: &str) -> reqwest::Response {
    let page = app.client.get(app.url(path)).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK, "the confirm page opens");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let html = page.text().await.expect("html");
    let csrf = hidden_input(&html, "csrf");
    app.client
        .post(app.url(path))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("activate")
}

async fn a_registration_link_signs_a_client_up(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("signups").await;
    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"registration_enabled": true})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let client = json_of(
        call(
            &app,
            &org,
            Method::POST,
            "/api/v1/clients",
            Some(json!({"name": "Acme Ltd"})),
        )
        .await,
    )
    .await;
    let client_id = client["id"].as_str().expect("client id").to_owned();
    let created = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/registration-links",
        Some(json!({
            "role": "client", "client_id": client_id, "auto_case_form": "contact",
            "max_uses": 1, "allowed_domains": ["acme.example"], "language": "fr",
        })),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    let link_id = created["id"].as_str().expect("id").to_owned();
    let link = path_of(created["url"].as_str().expect("url"));

    // The form, in the link's language.
    let form = app.client.get(app.url(&link)).send().await.expect("form");
    assert_eq!(form.status(), StatusCode::OK);
    let html = form.text().await.expect("html");
    assert!(html.contains("Créer votre compte"), "{html}");
    for field in ["first_name", "last_name", "email", "password", "altcha"] {
        assert!(html.contains(&format!("name=\"{field}\"")), "{field}");
    }

    // A bad captcha creates nothing; a disallowed domain says so and creates nothing.
    let (status, html) = sign_up(
        &app,
        &link,
        "jane@acme.example",
        Some("bm90IGEgc29sdXRpb24="),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("vérification de sécurité a échoué"), "{html}");
    let (status, html) = sign_up(&app, &link, "jane@elsewhere.example", None).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("certains domaines"), "{html}");
    assert!(html.contains("jane@elsewhere.example"), "the input is kept");

    // The sign-up: the "check your email" page, then the activation mail.
    let (status, sent_page) = sign_up(&app, &link, "jane@acme.example", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(sent_page.contains("Consultez vos e-mails"), "{sent_page}");
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1, "only the accepted sign-up mailed");
    assert_eq!(received[0].rcpt_to, vec!["jane@acme.example".to_owned()]);
    let activation = path_of(&link_in(&received[0], "/a/"));
    assert!(activation.starts_with("/a/fda_"), "{activation}");

    // Not yet active: the password does not sign in.
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
    assert_eq!(uses["items"], json!([]), "the use counts on activation");

    // Activation: signed in, home, with the auto-case.
    let done = activate(&app, &activation).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/o/signups/");
    let session = set_cookie(done.headers(), "fd_portal").expect("a portal session");
    let home = app
        .client
        .get(app.url("/o/signups/"))
        .header("cookie", format!("fd_portal={session}"))
        .send()
        .await
        .expect("home");
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().await.expect("html");
    assert!(
        home.contains("Jane Client"),
        "the auto-case is listed: {home}"
    );

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
    let items = uses["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["email"], "jane@acme.example");

    // The used activation link opens the sign-in page with the address, never a session.
    let again = app
        .client
        .get(app.url(&activation))
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        again.headers()["location"],
        "/o/signups/login?login=jane%40acme.example"
    );
    assert!(set_cookie(again.headers(), "fd_portal").is_none());

    // The link is used up: 410, saying whom to ask.
    let gone = app.client.get(app.url(&link)).send().await.expect("gone");
    assert_eq!(gone.status(), StatusCode::GONE);
    let gone = gone.text().await.expect("html");
    assert!(gone.contains("Org signups"), "{gone}");
    let (status, _) = sign_up(&app, &link, "john@acme.example", None).await;
    assert_eq!(status, StatusCode::GONE);

    // An address with an account: the same page, and a mail saying so.
    let open = json_of(
        call(
            &app,
            &org,
            Method::POST,
            "/api/v1/registration-links",
            Some(json!({"role": "client", "language": "fr"})),
        )
        .await,
    )
    .await;
    let open = path_of(open["url"].as_str().expect("url"));
    let (status, same_page) = sign_up(&app, &open, "jane@acme.example", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same_page, sent_page, "the same answer whoever signs up");
    let received = sink.wait_for(2, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 2);
    let exists = mail_text(&received[1]);
    assert!(
        exists.contains("/o/signups/login?login=jane%40acme.example"),
        "{exists}"
    );
    assert!(
        !exists.contains("/a/fda_"),
        "no activation link for an existing account"
    );

    app.stop().await;
    sink.stop().await;
}

async fn the_public_portal_signs_people_up(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("openportal").await;

    // Off by default: no sign-up page and no link to it.
    let none = app
        .client
        .get(app.url("/o/openportal/signup"))
        .send()
        .await
        .expect("page");
    assert_eq!(none.status(), StatusCode::NOT_FOUND);
    let login = app
        .client
        .get(app.url("/o/openportal/login"))
        .send()
        .await
        .expect("login");
    assert!(
        !login
            .text()
            .await
            .expect("html")
            .contains("/o/openportal/signup")
    );

    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {"mode": "public"}})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let login = app
        .client
        .get(app.url("/o/openportal/login"))
        .send()
        .await
        .expect("login");
    assert!(
        login
            .text()
            .await
            .expect("html")
            .contains("/o/openportal/signup")
    );
    let form = app
        .client
        .get(app.url("/o/openportal/signup"))
        .send()
        .await
        .expect("form");
    assert_eq!(form.status(), StatusCode::OK);

    let (status, html) = sign_up(&app, "/o/openportal/signup", "sam@portal.example", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Check your email"), "{html}");
    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    let activation = path_of(&link_in(&received[0], "/a/"));
    let done = activate(&app, &activation).await;
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/o/openportal/");
    assert!(set_cookie(done.headers(), "fd_portal").is_some());

    // Signed in with the chosen password from now on.
    let page = app
        .client
        .get(app.url("/o/openportal/login"))
        .send()
        .await
        .expect("login");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let signed_in = app
        .client
        .post(app.url("/o/openportal/login"))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("login", "sam@portal.example"),
            ("password", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);

    app.stop().await;
    sink.stop().await;
}

async fn staff_invite_people_to_a_private_portal(database_url: &str) {
    let (sink, app) = frontdesk_e2e::with_mail_sink(database_url).await;
    let org = app.bootstrap("privateportal").await;
    let switched = call(
        &app,
        &org,
        Method::PATCH,
        "/api/v1/org",
        Some(json!({"portal": {"mode": "private"}})),
    )
    .await;
    assert_eq!(switched.status(), StatusCode::OK);
    let none = app
        .client
        .get(app.url("/o/privateportal/signup"))
        .send()
        .await
        .expect("page");
    assert_eq!(
        none.status(),
        StatusCode::NOT_FOUND,
        "no sign-up on a private portal"
    );
    let client = json_of(
        call(
            &app,
            &org,
            Method::POST,
            "/api/v1/clients",
            Some(json!({"name": "Globex"})),
        )
        .await,
    )
    .await;
    let client_id = client["id"].as_str().expect("client id").to_owned();

    let invited = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/contact-users",
        Some(json!({"email": "pat@globex.example", "client_ids": [client_id]})),
    )
    .await;
    assert_eq!(invited.status(), StatusCode::CREATED);
    let invited = invited.text().await.expect("body");
    assert!(!invited.contains("fda_"), "the link is never in the answer");
    let invited: Value = serde_json::from_str(&invited).expect("json");
    assert_eq!(invited["state"], "invited");
    assert_eq!(invited["email"], "pat@globex.example");
    assert_eq!(invited["client_ids"], json!([client_id]));

    let twice = call(
        &app,
        &org,
        Method::POST,
        "/api/v1/contact-users",
        Some(json!({"email": "Pat@Globex.example"})),
    )
    .await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(twice.headers()["content-type"], "application/problem+json");

    let received = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(received.len(), 1);
    let invitation = path_of(&link_in(&received[0], "/a/"));
    let page = app
        .client
        .get(app.url(&invitation))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let html = page.text().await.expect("html");
    assert!(html.contains("name=\"first_name\""), "{html}");
    let csrf = hidden_input(&html, "csrf");
    let done = app
        .client
        .post(app.url(&invitation))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("first_name", "Pat"),
            ("last_name", "Globex"),
            ("password", PASSWORD),
            ("password_confirmation", PASSWORD),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("complete");
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/o/privateportal/");
    let session = set_cookie(done.headers(), "fd_portal").expect("signed in");
    let home = app
        .client
        .get(app.url("/o/privateportal/"))
        .header("cookie", format!("fd_portal={session}"))
        .send()
        .await
        .expect("home");
    assert_eq!(home.status(), StatusCode::OK);

    let user = json_of(
        call(
            &app,
            &org,
            Method::GET,
            &format!(
                "/api/v1/contact-users/{}",
                invited["id"].as_str().expect("id")
            ),
            None,
        )
        .await,
    )
    .await;
    assert_eq!(user["state"], "active");
    assert_eq!(user["first_name"], "Pat");
    assert_eq!(user["last_name"], "Globex");

    let again = app
        .client
        .get(app.url(&invitation))
        .send()
        .await
        .expect("again");
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        again.headers()["location"],
        "/o/privateportal/login?login=pat%40globex.example"
    );

    app.stop().await;
    sink.stop().await;
}
