//! Contact users, their passwords by mail, grants and the public-cases rule, over HTTP with
//! a real SMTP server, on SQLite and PostgreSQL: a contact user is created on a client; the
//! organisation's legacy-placeholder `temporary_password` template carries the login and a
//! temporary password that no API answer ever shows; a duplicate username is a 409 naming
//! the field; grants are created, listed by open/closed and revoked; the rule covers a case
//! made public later; `GET /cases/{id}/access` lists who reaches a case and how.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::time::Duration;

use frontdesk_e2e::{TestApp, TestOrg, json_of, solved_captcha};
use frontdesk_e2e::{call, mail_text};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use reqwest::Method as M;
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(url => contact_users_passwords_and_grants);

/// A public case on the contact form; answers its id.
async fn new_case(app: &TestApp, org: &TestOrg, title: &str, email: &str) -> String {
    let slug = &org.created.organisation.slug;
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
    let cases = json_of(call(app, org, reqwest::Method::GET, "/api/v1/cases", None).await).await;
    cases["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|case| case["title"] == title)
        .expect("the new case is listed")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

async fn contact_users_passwords_and_grants(database_url: &str) {
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
    let org = app.bootstrap("workbook").await;

    // The seed's template, with its legacy placeholders.
    let legacy = json!({
        "subject": "Your password at <CompanyName>",
        "html": "<p>Dear &lt;ResourceName&gt;</p><p>Login: &lt;ResourceLogin&gt;</p><p>Temporary Password: &lt;ResourceTempPassword&gt;</p>",
        "text": "Dear <ResourceName>\n\nYou or someone at <CompanyName> have requested to have your password reset.\n\nLogin: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\n\nKind regards",
    });
    let saved = call(
        &app,
        &org,
        M::PUT,
        "/api/v1/mail-templates/temporary_password/en",
        Some(legacy),
    )
    .await;
    assert_eq!(saved.status(), StatusCode::OK);

    let client = json_of(
        call(
            &app,
            &org,
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": "More Profits Inc."})),
        )
        .await,
    )
    .await;
    let client_id = client["id"].as_str().expect("client id").to_owned();

    // Create: invited, no mail, default username from the email.
    let created = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/clients/{client_id}/contact-users"),
        Some(json!({"first_name": "John", "last_name": "Smith", "email": "John.Smith@more-profits.example"})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let user = json_of(created).await;
    assert_eq!(user["state"], "invited");
    assert_eq!(user["username"], "john.smith");
    assert_eq!(user["client_ids"], json!([client_id]));
    let user_id = user["id"].as_str().expect("id").to_owned();

    // Another user may not take the name, whatever its case: 409 naming the field.
    let clash = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/clients/{client_id}/contact-users"),
        Some(json!({"first_name": "Jane", "last_name": "Smith", "email": "jane@more-profits.example", "username": "JOHN.SMITH"})),
    )
    .await;
    assert_eq!(clash.status(), StatusCode::CONFLICT);
    let clash = json_of(clash).await;
    assert_eq!(clash["errors"][0]["field"], "username");
    let jane = json_of(
        call(
            &app,
            &org,
            M::POST,
            &format!("/api/v1/clients/{client_id}/contact-users"),
            Some(json!({"first_name": "Jane", "last_name": "Smith", "email": "jane@more-profits.example"})),
        )
        .await,
    )
    .await;
    let renamed = call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/contact-users/{}", jane["id"].as_str().expect("id")),
        Some(json!({"username": "John.Smith"})),
    )
    .await;
    assert_eq!(renamed.status(), StatusCode::CONFLICT);
    assert_eq!(json_of(renamed).await["errors"][0]["field"], "username");

    // Send password (temporary): 202 with no secret; the mail carries login and password.
    let sent = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/contact-users/{user_id}/send-password"),
        Some(json!({"mode": "temporary"})),
    )
    .await;
    assert_eq!(sent.status(), StatusCode::ACCEPTED);
    let sent_text = sent.text().await.expect("body");
    let mail = sink.wait_for(1, Duration::from_secs(20)).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].rcpt_to, ["John.Smith@more-profits.example"]);
    let text = mail_text(&mail[0]);
    assert!(text.contains("Login: john.smith"), "{text}");
    assert!(text.contains("Dear John Smith"), "{text}");
    assert!(text.contains("someone at Org workbook"), "{text}");
    let password = text
        .split("Temporary Password: ")
        .nth(1)
        .expect("the mail carries the password")
        .split_whitespace()
        .next()
        .expect("a password")
        .trim_end_matches("</p>")
        .to_owned();
    assert_eq!(password.len(), 24, "{password}");
    assert!(!sent_text.contains(&password));
    let shown = call(
        &app,
        &org,
        M::GET,
        &format!("/api/v1/contact-users/{user_id}"),
        None,
    )
    .await;
    let shown = shown.text().await.expect("body");
    assert!(!shown.contains(&password));
    let shown: Value = serde_json::from_str(&shown).expect("json");
    assert_eq!(shown["state"], "active");
    assert_eq!(shown["must_change_password"], true);
    let audit = call(&app, &org, M::GET, "/api/v1/audit", None)
        .await
        .text()
        .await
        .expect("audit");
    assert!(!audit.contains(&password));
    assert!(audit.contains("contact_user.password_sent"));

    // Link mode, after the recipient limit's minute: a `/a/fda_` link, never in the answer.
    let link = call(
        &app,
        &org,
        M::POST,
        &format!(
            "/api/v1/contact-users/{}/send-password",
            jane["id"].as_str().expect("id")
        ),
        Some(json!({"mode": "link"})),
    )
    .await;
    assert_eq!(link.status(), StatusCode::ACCEPTED);
    let link_text = link.text().await.expect("body");
    let mail = sink.wait_for(2, Duration::from_secs(20)).await;
    let text = mail_text(&mail[1]);
    assert!(
        text.contains(&format!("{}/a/fda_", frontdesk_e2e::PUBLIC_BASE)),
        "{text}"
    );
    assert!(!link_text.contains("fda_"));

    // Grants: one case of the client, one of no client; another client's case is 404.
    let open_case = new_case(&app, &org, "Heating broken", "guest1@example.org").await;
    let closed_case = new_case(&app, &org, "Old invoice", "guest2@example.org").await;
    let other_case = new_case(&app, &org, "Someone else's", "guest3@example.org").await;
    let public_case = new_case(&app, &org, "Made public later", "guest4@example.org").await;
    for case in [&open_case, &public_case] {
        let linked = call(
            &app,
            &org,
            M::PATCH,
            &format!("/api/v1/cases/{case}"),
            Some(json!({"client_id": client_id})),
        )
        .await;
        assert_eq!(linked.status(), StatusCode::OK, "{:?}", linked.text().await);
    }
    let other_client = json_of(
        call(
            &app,
            &org,
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": "Rivals"})),
        )
        .await,
    )
    .await;
    call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/cases/{other_case}"),
        Some(json!({"client_id": other_client["id"]})),
    )
    .await;
    let closed = call(
        &app,
        &org,
        M::POST,
        &format!("/api/v1/cases/{closed_case}/status"),
        Some(json!({"status": "closed"})),
    )
    .await;
    assert!(closed.status().is_success(), "{:?}", closed.text().await);

    let grant = |case: String, role: &'static str| {
        let app = &app;
        let org = &org;
        let user_id = user_id.clone();
        async move {
            call(
                app,
                org,
                M::POST,
                &format!("/api/v1/contact-users/{user_id}/grants"),
                Some(json!({"case_id": case, "role": role})),
            )
            .await
        }
    };
    let viewer = grant(open_case.clone(), "viewer").await;
    assert_eq!(viewer.status(), StatusCode::CREATED);
    let viewer = json_of(viewer).await;
    assert_eq!(viewer["role"], "viewer");
    let editor = grant(closed_case.clone(), "editor").await;
    assert_eq!(editor.status(), StatusCode::CREATED);
    assert_eq!(
        grant(other_case.clone(), "viewer").await.status(),
        StatusCode::NOT_FOUND
    );
    let bad_role = grant(open_case.clone(), "owner").await;
    assert_eq!(bad_role.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let list = |status: &'static str| {
        let app = &app;
        let org = &org;
        let user_id = user_id.clone();
        async move {
            json_of(
                call(
                    app,
                    org,
                    M::GET,
                    &format!("/api/v1/contact-users/{user_id}/grants{status}"),
                    None,
                )
                .await,
            )
            .await
        }
    };
    assert_eq!(list("").await["items"].as_array().expect("items").len(), 2);
    let open = list("?status=open").await;
    assert_eq!(open["items"].as_array().expect("items").len(), 1);
    assert_eq!(open["items"][0]["case_id"], open_case.as_str());
    let closed = list("?status=closed").await;
    assert_eq!(closed["items"][0]["case_id"], closed_case.as_str());

    // The rule: all public cases of the user's clients, open ones.
    let rule = call(
        &app,
        &org,
        M::PUT,
        &format!("/api/v1/contact-users/{user_id}/public-cases"),
        Some(json!({"open": true, "closed": false})),
    )
    .await;
    assert_eq!(rule.status(), StatusCode::OK);
    let access = |case: String| {
        let app = &app;
        let org = &org;
        async move {
            json_of(
                call(
                    app,
                    org,
                    M::GET,
                    &format!("/api/v1/cases/{case}/access"),
                    None,
                )
                .await,
            )
            .await
        }
    };
    assert!(
        access(public_case.clone()).await["contact_users"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    call(
        &app,
        &org,
        M::PATCH,
        &format!("/api/v1/cases/{public_case}"),
        Some(json!({"public": true})),
    )
    .await;
    let reach = access(public_case.clone()).await;
    assert_eq!(reach["public"], true);
    assert_eq!(reach["contact_users"][0]["via"], "public_cases");
    assert_eq!(reach["contact_users"][0]["username"], "john.smith");

    // The case's access: the grant, the guest who submitted it, share links if any.
    let reach = access(open_case.clone()).await;
    let users = reach["contact_users"].as_array().expect("users");
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["via"], "grant");
    assert_eq!(users[0]["grant_id"], viewer["id"]);
    assert_eq!(reach["guests"][0]["email"], "guest1@example.org");

    // Revoke: 204, gone from the lists at once; a second revoke changes nothing.
    let grant_id = viewer["id"].as_str().expect("id");
    let revoked = call(
        &app,
        &org,
        M::DELETE,
        &format!("/api/v1/grants/{grant_id}"),
        None,
    )
    .await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert!(
        list("?status=open").await["items"]
            .as_array()
            .expect("items")
            .is_empty()
    );
    assert!(
        access(open_case.clone()).await["contact_users"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    let unknown = call(
        &app,
        &org,
        M::DELETE,
        &format!("/api/v1/grants/{}", uuid::Uuid::now_v7()),
        None,
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // Both false removes the rule.
    let removed = json_of(
        call(
            &app,
            &org,
            M::PUT,
            &format!("/api/v1/contact-users/{user_id}/public-cases"),
            Some(json!({"open": false, "closed": false})),
        )
        .await,
    )
    .await;
    assert_eq!(removed, json!({"open": false, "closed": false}));
    assert!(
        access(public_case).await["contact_users"]
            .as_array()
            .expect("list")
            .is_empty()
    );

    // Another organisation sees none of it.
    let rival = app.bootstrap("rival").await;
    for path in [
        format!("/api/v1/contact-users/{user_id}"),
        format!("/api/v1/contact-users/{user_id}/grants"),
        format!("/api/v1/cases/{open_case}/access"),
    ] {
        let response = call(&app, &rival, M::GET, &path, None).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let foreign = call(
        &app,
        &rival,
        M::POST,
        &format!("/api/v1/contact-users/{user_id}/send-password"),
        Some(json!({"mode": "temporary"})),
    )
    .await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);

    // Every status these routes answer is documented.
    let doc = json_of(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .expect("doc"),
    )
    .await;
    for (path, method, status) in [
        ("/api/v1/clients/{id}/contact-users", "post", "409"),
        ("/api/v1/contact-users/{id}/send-password", "post", "202"),
        ("/api/v1/contact-users/{id}/grants", "post", "404"),
        ("/api/v1/grants/{id}", "delete", "204"),
        ("/api/v1/cases/{id}/access", "get", "200"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"][status].is_object(),
            "{method} {path} {status}"
        );
    }
    app.stop().await;
}
