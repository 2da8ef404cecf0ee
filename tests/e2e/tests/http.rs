//! The real server over HTTP, on SQLite and on PostgreSQL: probes, OpenAPI, bearer
//! authentication, staff administration, password setup links, staff sign-in, and bad input.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::json_of;
use frontdesk_e2e::{TestApp, hidden_input, path_of, set_cookie};
use frontdesk_storage::test_support::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => probes_and_openapi,
    bearer_authentication,
    staff_administration,
    tenant_isolation,
    password_setup_and_sign_in,
    failed_sign_ins_are_throttled_alike,
    bad_input_gets_clear_answers,
);

fn assert_problem(response_headers: &reqwest::header::HeaderMap) {
    assert_eq!(
        response_headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
}

async fn probes_and_openapi(app: &TestApp) {
    let health = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    let ready = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::OK);
    assert!(ready.headers().contains_key("x-request-id"));

    let doc = json_of(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .expect("openapi"),
    )
    .await;
    assert!(
        doc["openapi"].as_str().expect("version").starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/api/v1/org",
        "/api/v1/me",
        "/api/v1/staff-users",
        "/api/v1/staff-users/{id}",
        "/api/v1/staff-users/{id}/api-tokens",
        "/api/v1/api-tokens/{id}",
    ] {
        assert!(doc["paths"].get(path).is_some(), "OpenAPI lacks {path}");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

async fn bearer_authentication(app: &TestApp) {
    let org = app.bootstrap("acme").await;
    let ok = app
        .client
        .get(app.url("/api/v1/org"))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("org");
    assert_eq!(ok.status(), StatusCode::OK);
    let body = json_of(ok).await;
    assert_eq!(body["slug"], "acme");
    assert_eq!(body["id"], json!(org.created.organisation.id.to_string()));

    let me = json_of(
        app.client
            .get(app.url("/api/v1/me"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("me"),
    )
    .await;
    assert_eq!(me["email"], "admin@acme.example");
    assert_eq!(me["profiles"], json!(["admin"]));
    assert!(me.get("password_hash").is_none());

    let cases: [(&str, Option<&str>); 5] = [
        ("no header", None),
        ("malformed", Some("Bearer not-a-token")),
        ("wrong scheme", Some("Basic YWRtaW46YWRtaW4=")),
        (
            "wrong kind",
            Some("Bearer fds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ),
        (
            "unknown",
            Some("Bearer fdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
        ),
    ];
    for (what, header) in cases {
        let mut request = app.client.get(app.url("/api/v1/org"));
        if let Some(header) = header {
            request = request.header("authorization", header);
        }
        let response = request.send().await.expect("org");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{what}");
        assert_problem(response.headers());
        assert!(
            response.headers().contains_key("www-authenticate"),
            "{what}"
        );
        let problem = json_of(response).await;
        assert_eq!(
            problem["type"], "urn:frontdesk:problem:unauthorized",
            "{what}"
        );
        assert_eq!(problem["status"], 401);
    }

    // A second token for the same admin, then revoke it: it stops working at once.
    let admin_id = org.created.admin.id.to_string();
    let issued = app
        .client
        .post(app.url(&format!("/api/v1/staff-users/{admin_id}/api-tokens")))
        .bearer_auth(&org.token)
        .json(&json!({"label": "laptop"}))
        .send()
        .await
        .expect("issue");
    assert_eq!(issued.status(), StatusCode::CREATED);
    let issued = json_of(issued).await;
    let second = issued["token"].as_str().expect("token").to_owned();
    assert!(second.starts_with("fdk_"));
    let works = app
        .client
        .get(app.url("/api/v1/org"))
        .bearer_auth(&second)
        .send()
        .await
        .expect("org");
    assert_eq!(works.status(), StatusCode::OK);
    let revoked = app
        .client
        .delete(app.url(&format!(
            "/api/v1/api-tokens/{}",
            issued["id"].as_str().expect("id")
        )))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("revoke");
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    let refused = app
        .client
        .get(app.url("/api/v1/org"))
        .bearer_auth(&second)
        .send()
        .await
        .expect("org");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let still = app
        .client
        .get(app.url("/api/v1/org"))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("org");
    assert_eq!(still.status(), StatusCode::OK);
}

async fn staff_administration(app: &TestApp) {
    let org = app.bootstrap("staffing").await;
    let create = |body: Value| {
        app.client
            .post(app.url("/api/v1/staff-users"))
            .bearer_auth(&org.token)
            .json(&body)
            .send()
    };

    let created = create(json!({"email": "Agent.Smith@Staffing.example", "name": "Agent Smith", "profiles": ["agent"]})).await.expect("create");
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    assert_eq!(created["user"]["email"], "Agent.Smith@staffing.example");
    assert_eq!(created["user"]["has_password"], false);
    let setup_url = created["setup_url"].as_str().expect("setup url");
    assert!(
        setup_url.starts_with(&format!("{}/a/fda_", frontdesk_e2e::PUBLIC_BASE)),
        "{setup_url}"
    );
    let agent_id = created["user"]["id"].as_str().expect("id").to_owned();

    let duplicate =
        create(json!({"email": "agent.smith@staffing.example", "name": "Again", "profiles": []}))
            .await
            .expect("dup");
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    assert_eq!(
        json_of(duplicate).await["type"],
        "urn:frontdesk:problem:staff-user-exists"
    );

    let invalid =
        create(json!({"email": "a@x.test\r\nBcc: b@x.test", "name": " ", "profiles": ["root"]}))
            .await
            .expect("invalid");
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_problem(invalid.headers());
    let invalid = json_of(invalid).await;
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["email", "name", "profiles"]);

    // An agent may not administer staff.
    let agent_token = json_of(
        app.client
            .post(app.url(&format!("/api/v1/staff-users/{agent_id}/api-tokens")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("agent token"),
    )
    .await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    let forbidden = app
        .client
        .get(app.url("/api/v1/staff-users"))
        .bearer_auth(&agent_token)
        .send()
        .await
        .expect("list");
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        json_of(forbidden).await["type"],
        "urn:frontdesk:problem:forbidden"
    );
    let me = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&agent_token)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::OK);

    // Pagination.
    create(json!({"email": "third@staffing.example", "name": "Third", "profiles": ["case_admin"]}))
        .await
        .expect("third");
    let first = json_of(
        app.client
            .get(app.url("/api/v1/staff-users?limit=2"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("page"),
    )
    .await;
    assert_eq!(first["items"].as_array().expect("items").len(), 2);
    let after = first["next_after"].as_str().expect("cursor");
    let second = json_of(
        app.client
            .get(app.url(&format!("/api/v1/staff-users?limit=2&after={after}")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("page"),
    )
    .await;
    assert_eq!(second["items"].as_array().expect("items").len(), 1);
    assert!(second["next_after"].is_null());

    // Disabling the agent stops its token.
    let patch = |id: &str, body: Value| {
        app.client
            .patch(app.url(&format!("/api/v1/staff-users/{id}")))
            .bearer_auth(&org.token)
            .json(&body)
            .send()
    };
    let disabled = patch(&agent_id, json!({"disabled": true}))
        .await
        .expect("disable");
    assert_eq!(disabled.status(), StatusCode::OK);
    assert_eq!(json_of(disabled).await["disabled"], true);
    let refused = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&agent_token)
        .send()
        .await
        .expect("me");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);

    // The last admin cannot be demoted or disabled.
    let admin_id = org.created.admin.id.to_string();
    for body in [json!({"profiles": ["agent"]}), json!({"disabled": true})] {
        let last = patch(&admin_id, body).await.expect("patch admin");
        assert_eq!(last.status(), StatusCode::CONFLICT);
        assert_eq!(
            json_of(last).await["type"],
            "urn:frontdesk:problem:last-admin"
        );
    }
    let unknown = patch(&uuid::Uuid::now_v7().to_string(), json!({"disabled": true}))
        .await
        .expect("unknown");
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let malformed = patch("not-a-uuid", json!({"disabled": true}))
        .await
        .expect("malformed");
    assert_eq!(malformed.status(), StatusCode::NOT_FOUND);
    assert_problem(malformed.headers());
    let bad_profile = patch(&agent_id, json!({"profiles": ["owner"]}))
        .await
        .expect("bad profile");
    assert_eq!(bad_profile.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn tenant_isolation(app: &TestApp) {
    let first = app.bootstrap("first").await;
    let second = app.bootstrap("second").await;
    let first_admin = first.created.admin.id.to_string();
    // Same address may be staff in two organisations.
    let same_email = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&second.token)
        .json(&json!({"email": "admin@first.example", "name": "Twin", "profiles": ["agent"]}))
        .send()
        .await
        .expect("create");
    assert_eq!(same_email.status(), StatusCode::CREATED);
    // Every staff route refuses the other organisation's ids with 404, never its data.
    let attempts = [
        app.client
            .patch(app.url(&format!("/api/v1/staff-users/{first_admin}")))
            .json(&json!({"disabled": true})),
        app.client
            .post(app.url(&format!("/api/v1/staff-users/{first_admin}/api-tokens"))),
    ];
    for attempt in attempts {
        let response = attempt
            .bearer_auth(&second.token)
            .send()
            .await
            .expect("cross-org");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
    let listed = json_of(
        app.client
            .get(app.url("/api/v1/staff-users"))
            .bearer_auth(&second.token)
            .send()
            .await
            .expect("list"),
    )
    .await;
    let emails: Vec<&str> = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|u| u["email"].as_str().expect("email"))
        .collect();
    assert_eq!(emails, ["admin@second.example", "admin@first.example"]);
    let org = json_of(
        app.client
            .get(app.url("/api/v1/org"))
            .bearer_auth(&second.token)
            .send()
            .await
            .expect("org"),
    )
    .await;
    assert_eq!(org["slug"], "second");
    // The first organisation's admin is untouched.
    let me = json_of(
        app.client
            .get(app.url("/api/v1/me"))
            .bearer_auth(&first.token)
            .send()
            .await
            .expect("me"),
    )
    .await;
    assert_eq!(me["disabled"], false);
}

async fn password_setup_and_sign_in(app: &TestApp) {
    let org = app.bootstrap("signin").await;
    let setup = org.setup_path();
    assert!(setup.starts_with("/a/fda_"));

    // GET renders the form and uses nothing; it can be repeated (mail scanners).
    for _ in 0..2 {
        let page = app
            .client
            .get(app.url(&setup))
            .send()
            .await
            .expect("setup page");
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(page.headers()["cache-control"], "no-store");
        assert_eq!(page.headers()["referrer-policy"], "no-referrer");
        assert!(
            page.headers()["x-robots-tag"]
                .to_str()
                .expect("header")
                .contains("noindex")
        );
        assert!(page.headers().contains_key("content-security-policy"));
    }
    let page = app
        .client
        .get(app.url(&setup))
        .send()
        .await
        .expect("setup page");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let html = page.text().await.expect("html");
    assert!(html.contains("admin@signin.example"));
    let csrf = hidden_input(&html, "csrf");
    assert_eq!(cookie, csrf);

    let post = |password: &str, confirmation: &str, csrf: &str| {
        app.client
            .post(app.url(&setup))
            .header("cookie", format!("fd_csrf={cookie}"))
            .form(&[
                ("password", password),
                ("password_confirmation", confirmation),
                ("csrf", csrf),
            ])
            .send()
    };
    let forged = post(
        "a long enough passphrase",
        "a long enough passphrase",
        "forged",
    )
    .await
    .expect("post");
    assert_eq!(forged.status(), StatusCode::BAD_REQUEST);
    let mismatch = post("a long enough passphrase", "another passphrase", &csrf)
        .await
        .expect("post");
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let weak = post("password123", "password123", &csrf)
        .await
        .expect("post");
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(weak.text().await.expect("html").contains("too common"));
    let done = post(
        "correct horse battery staple",
        "correct horse battery staple",
        &csrf,
    )
    .await
    .expect("post");
    assert_eq!(done.status(), StatusCode::OK);
    let again = post("another good passphrase", "another good passphrase", &csrf)
        .await
        .expect("post");
    assert_eq!(again.status(), StatusCode::GONE);
    let reopened = app
        .client
        .get(app.url(&setup))
        .send()
        .await
        .expect("setup page");
    assert_eq!(reopened.status(), StatusCode::GONE);
    let garbage = app
        .client
        .get(app.url("/a/fda_short"))
        .send()
        .await
        .expect("garbage");
    assert_eq!(garbage.status(), StatusCode::NOT_FOUND);

    // Sign in.
    let login_page = app
        .client
        .get(app.url("/staff/login?org=signin"))
        .send()
        .await
        .expect("login page");
    assert_eq!(login_page.status(), StatusCode::OK);
    let login_cookie = set_cookie(login_page.headers(), "fd_csrf").expect("csrf cookie");
    let login_csrf = hidden_input(&login_page.text().await.expect("html"), "csrf");
    let sign_in = |email: &str, password: &str| {
        app.client
            .post(app.url("/staff/login"))
            .header("cookie", format!("fd_csrf={login_cookie}"))
            .form(&[
                ("organisation", "signin"),
                ("email", email),
                ("password", password),
                ("csrf", login_csrf.as_str()),
            ])
            .send()
    };
    let wrong = sign_in("admin@signin.example", "not the password")
        .await
        .expect("wrong");
    let unknown = sign_in("nobody@signin.example", "not the password")
        .await
        .expect("unknown");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let message = "The organisation, email or password is not correct.";
    assert!(wrong.text().await.expect("html").contains(message));
    assert!(unknown.text().await.expect("html").contains(message));
    // A French browser gets the page, and the same refusal, in French.
    let french = app
        .client
        .post(app.url("/staff/login"))
        .header("cookie", format!("fd_csrf={login_cookie}"))
        .header("accept-language", "fr-FR,fr;q=0.9,en;q=0.5")
        .form(&[
            ("organisation", "signin"),
            ("email", "admin@signin.example"),
            ("password", "not the password"),
            ("csrf", login_csrf.as_str()),
        ])
        .send()
        .await
        .expect("French sign-in");
    assert_eq!(french.status(), StatusCode::UNAUTHORIZED);
    let french = french.text().await.expect("html");
    assert!(french.contains(r#"<html lang="fr">"#), "{french}");
    assert!(french.contains("Connexion du personnel"));
    assert!(french.contains("L’organisation, l’e-mail ou le mot de passe est incorrect."));

    let ok = sign_in("ADMIN@signin.example", "correct horse battery staple")
        .await
        .expect("sign in");
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    assert_eq!(ok.headers()["location"], "/staff");
    let raw_cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("fd_session="))
        .expect("session cookie")
        .to_owned();
    assert!(
        raw_cookie.contains("HttpOnly") && raw_cookie.contains("SameSite=Lax"),
        "{raw_cookie}"
    );
    let session = set_cookie(ok.headers(), "fd_session").expect("session");
    assert!(session.starts_with("fdc_"));

    let console = app
        .client
        .get(app.url("/staff"))
        .header("cookie", format!("fd_session={session}"))
        .send()
        .await
        .expect("console");
    assert_eq!(console.status(), StatusCode::OK);
    let html = console.text().await.expect("html");
    assert!(html.contains("Ada Admin"));
    let logout_csrf = hidden_input(&html, "csrf");

    let bad_logout = app
        .client
        .post(app.url("/staff/logout"))
        .header("cookie", format!("fd_session={session}"))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .expect("logout");
    assert_ne!(
        bad_logout.status(),
        StatusCode::SEE_OTHER,
        "a forged sign-out must not end the session"
    );
    let still_in = app
        .client
        .get(app.url("/staff"))
        .header("cookie", format!("fd_session={session}"))
        .send()
        .await
        .expect("console");
    assert_eq!(still_in.status(), StatusCode::OK);

    let logout = app
        .client
        .post(app.url("/staff/logout"))
        .header("cookie", format!("fd_session={session}"))
        .form(&[("csrf", logout_csrf.as_str())])
        .send()
        .await
        .expect("logout");
    assert_eq!(logout.status(), StatusCode::SEE_OTHER);
    let after = app
        .client
        .get(app.url("/staff"))
        .header("cookie", format!("fd_session={session}"))
        .send()
        .await
        .expect("console");
    assert!(after.status().is_redirection());
    assert_eq!(after.headers()["location"], "/staff/login");
}

async fn failed_sign_ins_are_throttled_alike(app: &TestApp) {
    app.bootstrap("throttle").await;
    for email in ["admin@throttle.example", "ghost@throttle.example"] {
        let page = app
            .client
            .get(app.url("/staff/login"))
            .send()
            .await
            .expect("login page");
        let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
        let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
        let attempt = || {
            app.client
                .post(app.url("/staff/login"))
                .header("cookie", format!("fd_csrf={cookie}"))
                .form(&[
                    ("organisation", "throttle"),
                    ("email", email),
                    ("password", "wrong password"),
                    ("csrf", csrf.as_str()),
                ])
                .send()
        };
        for n in 0..5 {
            assert_eq!(
                attempt().await.expect("attempt").status(),
                StatusCode::UNAUTHORIZED,
                "{email} attempt {n}"
            );
        }
        let throttled = attempt().await.expect("attempt");
        assert_eq!(throttled.status(), StatusCode::TOO_MANY_REQUESTS, "{email}");
        let retry_after: u64 = throttled.headers()["retry-after"]
            .to_str()
            .expect("header")
            .parse()
            .expect("seconds");
        assert!((1..=900).contains(&retry_after));
    }
}

async fn bad_input_gets_clear_answers(app: &TestApp) {
    let org = app.bootstrap("badinput").await;
    let huge = json!({"email": "x@y.example", "name": "x".repeat(300_000), "profiles": []});
    let too_large = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .json(&huge)
        .send()
        .await
        .expect("huge");
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_problem(too_large.headers());

    let syntax = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .expect("syntax");
    assert_eq!(syntax.status(), StatusCode::BAD_REQUEST);
    assert_problem(syntax.headers());

    let media = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .body("email=x")
        .send()
        .await
        .expect("media");
    assert_eq!(media.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_problem(media.headers());

    let shape = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .json(&json!({"email": 5}))
        .send()
        .await
        .expect("shape");
    assert_eq!(shape.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_problem(shape.headers());

    let not_utf8 = app
        .client
        .get(app.url("/a/%FF%FE"))
        .send()
        .await
        .expect("non-utf8");
    assert_eq!(not_utf8.status(), StatusCode::NOT_FOUND);
    assert!(
        not_utf8.headers()["content-type"]
            .to_str()
            .expect("ct")
            .starts_with("text/html")
    );
    let api_not_utf8 = app
        .client
        .patch(app.url("/api/v1/staff-users/%FF"))
        .bearer_auth(&org.token)
        .json(&json!({}))
        .send()
        .await
        .expect("non-utf8");
    assert_eq!(api_not_utf8.status(), StatusCode::NOT_FOUND);
    assert_problem(api_not_utf8.headers());

    let missing = app
        .client
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .expect("missing");
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_problem(missing.headers());

    let expired_token_shape = app
        .client
        .get(app.url(&path_of(&format!(
            "{}/a/fdk_wrongkind",
            frontdesk_e2e::PUBLIC_BASE
        ))))
        .send()
        .await
        .expect("wrong kind");
    assert_eq!(expired_token_shape.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn postgres_is_reachable() {
    // The harness's rule: an unreachable PostgreSQL fails the test with how to start it,
    // unless the run opted out with FRONTDESK_TEST_SKIP_MISSING=postgres outside CI.
    if let Some(database) = TestDatabase::postgres().await {
        assert_eq!(database.backend(), frontdesk_storage::Backend::Postgres);
        database.cleanup().await;
    }
}
