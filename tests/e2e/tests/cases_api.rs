//! The staff API's case editing and searches over HTTP, on SQLite and on PostgreSQL:
//! `PATCH /api/v1/cases/{id}` (fields, assignment, per-field 422s, another organisation's
//! case), the case list's new filters and `GET /api/v1/contacts?q=`.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::{TestApp, json_of, solved_captcha};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => cases_are_edited_assigned_and_found,);

fn assert_problem(response: &reqwest::Response) {
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
}

/// Submits a public case to `org`'s contact form; answers 202.
async fn submit(app: &TestApp, org: &str, first: &str, last: &str, email: &str, title: &str) {
    let accepted = app
        .client
        .post(app.url(&format!("/api/v1/public/orgs/{org}/forms/contact/cases")))
        .json(&json!({
            "first_name": first, "last_name": last, "email": email,
            "title": title, "description": "Please help.", "altcha": solved_captcha(app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(
        accepted.status(),
        StatusCode::ACCEPTED,
        "{:?}",
        accepted.text().await
    );
}

async fn get(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("get")
}

async fn patch(app: &TestApp, token: &str, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .patch(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("patch")
}

/// The items' `field` of a list answer.
fn column<'a>(list: &'a Value, field: &str) -> Vec<&'a str> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item[field].as_str().expect("a string field"))
        .collect()
}

async fn cases_are_edited_assigned_and_found(app: &TestApp) {
    let acme = app.bootstrap("acme").await;
    let other = app.bootstrap("other").await;
    submit(
        app,
        "acme",
        "Gail",
        "Guest",
        "gail@example.org",
        "Heating broken",
    )
    .await;
    submit(
        app,
        "acme",
        "Hal",
        "Host_Name",
        "hal@example.org",
        "100% broken",
    )
    .await;
    submit(
        app,
        "other",
        "Hal",
        "Host",
        "hal@elsewhere.org",
        "Heating broken",
    )
    .await;

    let cases = json_of(get(app, &acme.token, "/api/v1/cases").await).await;
    assert_eq!(column(&cases, "title"), ["Heating broken", "100% broken"]);
    let case_id = cases["items"][0]["id"].as_str().expect("id").to_owned();
    assert!(cases["items"][0]["assignee_id"].is_null());
    let path = format!("/api/v1/cases/{case_id}");

    let agent = json_of(
        app.client
            .post(app.url("/api/v1/staff-users"))
            .bearer_auth(&acme.token)
            .json(&json!({"email": "sam@acme.example", "name": "Sam Agent", "profiles": ["agent"]}))
            .send()
            .await
            .expect("create agent"),
    )
    .await;
    let agent_id = agent["user"]["id"].as_str().expect("agent id").to_owned();

    // Fields and assignment change together; the answer is the case as it now is.
    let updated = patch(
        app,
        &acme.token,
        &path,
        &json!({"title": "  Heating   still broken ", "priority": "urgent", "project": "Winter",
                "description": null, "assignee_id": agent_id}),
    )
    .await;
    assert_eq!(updated.status(), StatusCode::OK);
    let updated = json_of(updated).await;
    assert_eq!(updated["id"], case_id.as_str());
    assert_eq!(updated["title"], "Heating still broken");
    assert_eq!(updated["priority"], "urgent");
    assert_eq!(updated["project"], "Winter");
    assert!(updated["description"].is_null());
    assert_eq!(updated["assignee_id"], agent_id.as_str());

    let detail = json_of(get(app, &acme.token, &path).await).await;
    assert_eq!(detail["assignee_name"], "Sam Agent");
    assert_eq!(detail["form_name"], "Contact");
    let events: Vec<(&str, &str)> = detail["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter(|entry| entry["visibility"] == "internal")
        .map(|entry| {
            (
                entry["event"]["type"].as_str().expect("type"),
                entry["event"]["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("field_changed", "title"),
            ("field_changed", "description"),
            ("field_changed", "priority"),
            ("field_changed", "project"),
            ("assignee_changed", ""),
        ]
    );

    // The list's new filters.
    assert_eq!(
        listed(app, &acme.token, &format!("assignee={agent_id}")).await,
        ["Heating still broken"]
    );
    assert_eq!(
        listed(app, &acme.token, "assignee=none").await,
        ["100% broken"]
    );
    assert_eq!(
        listed(app, &acme.token, "priority=urgent").await,
        ["Heating still broken"]
    );
    assert_eq!(
        listed(app, &acme.token, "q=100%25").await,
        ["100% broken"],
        "% is literal"
    );
    assert!(
        listed(app, &acme.token, "q=1_0").await.is_empty(),
        "_ is literal"
    );
    assert_eq!(
        listed(app, &acme.token, "q=%232").await,
        ["100% broken"],
        "#2 is the number"
    );
    assert_eq!(
        listed(app, &acme.token, "q=GAIL%40example").await,
        ["Heating still broken"],
        "a contact's email, ignoring case"
    );
    for bad in ["priority=soon", "assignee=someone"] {
        let refused = get(app, &acme.token, &format!("/api/v1/cases?{bad}")).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_problem(&refused);
    }

    // Unassigning and bad input.
    let cleared =
        json_of(patch(app, &acme.token, &path, &json!({"assignee_id": null})).await).await;
    assert!(cleared["assignee_id"].is_null());
    let invalid = patch(
        app,
        &acme.token,
        &path,
        &json!({"title": "", "priority": "soon", "project": "x".repeat(201)}),
    )
    .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_problem(&invalid);
    let invalid = json_of(invalid).await;
    let fields: Vec<&str> = invalid["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(
        fields,
        ["title", "priority", "project"],
        "every bad field at once"
    );
    let nulled = json_of(patch(app, &acme.token, &path, &json!({"title": null})).await).await;
    assert_eq!(nulled["errors"][0]["field"], "title");
    let other_admin = json_of(get(app, &other.token, "/api/v1/me").await).await;
    for stranger in [
        other_admin["id"].as_str().expect("id").to_owned(),
        "0190b7a0-0000-7000-8000-000000000000".to_owned(),
    ] {
        let unknown = patch(app, &acme.token, &path, &json!({"assignee_id": stranger})).await;
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_problem(&unknown);
        assert_eq!(json_of(unknown).await["errors"][0]["field"], "assignee_id");
    }
    let disabled = app
        .client
        .patch(app.url(&format!("/api/v1/staff-users/{agent_id}")))
        .bearer_auth(&acme.token)
        .json(&json!({"disabled": true}))
        .send()
        .await
        .expect("disable");
    assert_eq!(disabled.status(), StatusCode::OK);
    let unknown = patch(app, &acme.token, &path, &json!({"assignee_id": agent_id})).await;
    assert_eq!(
        unknown.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a disabled user"
    );
    let unknown_field = patch(app, &acme.token, &path, &json!({"colour": "red"})).await;
    assert_eq!(unknown_field.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Another organisation's case is not there.
    let hidden = patch(app, &other.token, &path, &json!({"title": "Mine now"})).await;
    assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
    assert_problem(&hidden);
    let unchanged = json_of(get(app, &acme.token, &path).await).await;
    assert_eq!(unchanged["title"], "Heating still broken");

    // Contacts: by name or email, ignoring case, wildcards literal, never another
    // organisation's.
    let all = contacts(app, &acme.token, "").await;
    assert_eq!(column(&all, "last_name"), ["Guest", "Host_Name"]);
    assert_eq!(
        (all["total"].as_u64(), all["page"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(all["next_page"].is_null());
    let found = contacts(app, &acme.token, "q=GAIL").await;
    assert_eq!(column(&found, "email"), ["gail@example.org"]);
    assert_eq!(
        column(
            &contacts(app, &acme.token, "q=hal%20host").await,
            "first_name"
        ),
        ["Hal"]
    );
    assert_eq!(
        column(&contacts(app, &acme.token, "q=host_").await, "first_name"),
        ["Hal"]
    );
    assert!(column(&contacts(app, &acme.token, "q=%25").await, "email").is_empty());
    let paged = contacts(app, &acme.token, "per_page=1&page=1").await;
    assert_eq!(column(&paged, "first_name"), ["Gail"]);
    assert_eq!(paged["next_page"], 2);
    assert_eq!(
        column(
            &contacts(app, &acme.token, "per_page=1&page=2").await,
            "first_name"
        ),
        ["Hal"]
    );
    let theirs = contacts(app, &other.token, "q=hal").await;
    assert_eq!(
        column(&theirs, "email"),
        ["hal@elsewhere.org"],
        "another organisation's contacts are never found"
    );
    assert_eq!(contacts(app, &other.token, "q=gail").await["total"], 0);
    let bad_page = get(app, &acme.token, "/api/v1/contacts?page=first").await;
    assert_eq!(bad_page.status(), StatusCode::BAD_REQUEST);
    assert_problem(&bad_page);

    // The document names the new operations and their problem answers.
    let doc = json_of(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .expect("openapi"),
    )
    .await;
    let update = &doc["paths"]["/api/v1/cases/{id}"]["patch"]["responses"];
    for status in ["200", "400", "401", "403", "404", "413", "415", "422"] {
        assert!(
            update.get(status).is_some(),
            "PATCH /cases/{{id}} documents {status}"
        );
    }
    assert!(update["422"]["content"]["application/problem+json"].is_object());
    assert!(doc["paths"]["/api/v1/contacts"]["get"]["responses"]["200"].is_object());
}

/// `GET /api/v1/contacts?{query}`, which must answer 200.
async fn contacts(app: &TestApp, token: &str, query: &str) -> Value {
    let response = get(app, token, &format!("/api/v1/contacts?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    json_of(response).await
}

/// The titles of `GET /api/v1/cases?{query}`, which must answer 200.
async fn listed(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let response = get(app, token, &format!("/api/v1/cases?{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    titles(&json_of(response).await)
}

/// The titles of a case list.
fn titles(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["title"].as_str().expect("title").to_owned())
        .collect()
}
