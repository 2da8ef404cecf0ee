//! The real server over HTTP, on SQLite and on PostgreSQL: a staff member's own language
//! (`PATCH /api/v1/me`) and the audit trail (`GET /api/v1/audit`).

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use frontdesk_e2e::{TestApp, TestOrg, json_of};
use reqwest::StatusCode;
use serde_json::{Value, json};

frontdesk_e2e::on_both_databases!(app => my_language, audit_trail);

fn assert_problem(response: &reqwest::Response) {
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
}

async fn get_me(app: &TestApp, token: &str) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .expect("me");
    assert_eq!(response.status(), StatusCode::OK);
    json_of(response).await
}

async fn patch_me(app: &TestApp, token: &str, body: &str) -> reqwest::Response {
    app.client
        .patch(app.url("/api/v1/me"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("patch me")
}

/// Creates an agent in `org` and returns its id and an API token acting as it.
async fn agent(app: &TestApp, org: &TestOrg, email: &str) -> (String, String) {
    let created = app
        .client
        .post(app.url("/api/v1/staff-users"))
        .bearer_auth(&org.token)
        .json(&json!({"email": email, "name": "Agent", "profiles": ["agent"]}))
        .send()
        .await
        .expect("create agent");
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = json_of(created).await["user"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let issued = app
        .client
        .post(app.url(&format!("/api/v1/staff-users/{id}/api-tokens")))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("agent token");
    assert_eq!(issued.status(), StatusCode::CREATED);
    let token = json_of(issued).await["token"]
        .as_str()
        .expect("token")
        .to_owned();
    (id, token)
}

async fn my_language(app: &TestApp) {
    let org = app.bootstrap("lingua").await;
    let before = get_me(app, &org.token).await;
    assert_eq!(
        before["language"],
        Value::Null,
        "the organisation's default"
    );

    let changed = patch_me(app, &org.token, r#"{"language": "fr"}"#).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed = json_of(changed).await;
    assert_eq!(changed["language"], "fr");
    let mut expected = before.clone();
    expected["language"] = json!("fr");
    assert_eq!(changed, expected, "the same shape as GET /api/v1/me");
    assert_eq!(get_me(app, &org.token).await, expected, "and it stays");

    let untouched = patch_me(app, &org.token, "{}").await;
    assert_eq!(untouched.status(), StatusCode::OK);
    assert_eq!(
        json_of(untouched).await["language"],
        "fr",
        "absent: unchanged"
    );

    let reset = patch_me(app, &org.token, r#"{"language": null}"#).await;
    assert_eq!(reset.status(), StatusCode::OK);
    assert_eq!(json_of(reset).await["language"], Value::Null);
    assert_eq!(get_me(app, &org.token).await, before);

    let unsupported = patch_me(app, &org.token, r#"{"language": "de"}"#).await;
    assert_eq!(unsupported.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_problem(&unsupported);
    let problem = json_of(unsupported).await;
    assert_eq!(problem["type"], "urn:frontdesk:problem:validation");
    assert_eq!(problem["errors"][0]["field"], "language");
    for (what, body, status) in [
        (
            "wrong type",
            r#"{"language": 7}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "unknown field",
            r#"{"lang": "fr"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("not JSON", "{", StatusCode::BAD_REQUEST),
    ] {
        let response = patch_me(app, &org.token, body).await;
        assert_eq!(response.status(), status, "{what}");
        assert_problem(&response);
    }
    let anonymous = app
        .client
        .patch(app.url("/api/v1/me"))
        .json(&json!({"language": "fr"}))
        .send()
        .await
        .expect("anonymous");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_problem(&anonymous);
    assert_eq!(get_me(app, &org.token).await["language"], Value::Null);

    // Any member, for themself only.
    let (agent_id, agent_token) = agent(app, &org, "agent@lingua.example").await;
    let mine = patch_me(app, &agent_token, r#"{"language": "FR"}"#).await;
    assert_eq!(mine.status(), StatusCode::OK);
    let mine = json_of(mine).await;
    assert_eq!(mine["id"], json!(agent_id));
    assert_eq!(mine["language"], "fr");
    assert_eq!(get_me(app, &org.token).await["language"], Value::Null);
    let listed = json_of(
        app.client
            .get(app.url("/api/v1/staff-users"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("list"),
    )
    .await;
    let agent_row = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|user| user["id"] == json!(agent_id))
        .expect("the agent is listed")
        .clone();
    assert_eq!(
        agent_row["language"], "fr",
        "admins see each member's language"
    );
}

async fn audit_page(app: &TestApp, token: &str, query: &str) -> Value {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/audit{query}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("audit");
    assert_eq!(response.status(), StatusCode::OK, "{query}");
    json_of(response).await
}

fn actions(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["action"].as_str().expect("action").to_owned())
        .collect()
}

async fn audit_trail(app: &TestApp) {
    let org = app.bootstrap("ledger").await;
    let other = app.bootstrap("elsewhere").await;
    let admin_id = org.created.admin.id.to_string();
    let (agent_id, agent_token) = agent(app, &org, "agent@ledger.example").await;
    for body in [r#"{"language": "fr"}"#, r#"{"language": null}"#] {
        assert_eq!(
            patch_me(app, &agent_token, body).await.status(),
            StatusCode::OK
        );
    }
    assert_eq!(
        patch_me(app, &other.token, r#"{"language": "fr"}"#)
            .await
            .status(),
        StatusCode::OK
    );

    let all = audit_page(app, &org.token, "").await;
    assert_eq!(
        actions(&all),
        [
            "staff_user.language_changed",
            "staff_user.language_changed",
            "api_token.created",
            "staff_user.created",
            "organisation.created",
        ],
        "newest first, only this organisation's"
    );
    assert_eq!(all["next_after"], Value::Null);
    let newest = &all["items"][0];
    assert_eq!(newest["actor"], json!(agent_id));
    assert_eq!(newest["subject"], json!(agent_id));
    assert_eq!(newest["detail"], "language=default");
    let times: Vec<&str> = all["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| item["at"].as_str().expect("at"))
        .collect();
    assert!(times.iter().all(|at| at.ends_with('Z')), "UTC: {times:?}");
    assert!(
        all["items"][4]["id"]
            .as_str()
            .is_some_and(|id| id.len() == 36),
        "ids are UUIDs"
    );

    // Pages of one, followed by their cursor, add up to the whole trail.
    let mut walked = Vec::new();
    let mut query = "?limit=1".to_owned();
    loop {
        let page = audit_page(app, &org.token, &query).await;
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 1);
        walked.extend(items.iter().cloned());
        match page["next_after"].as_str() {
            Some(after) => query = format!("?limit=1&after={after}"),
            None => break,
        }
    }
    assert_eq!(Value::Array(walked), all["items"]);

    let by_action = audit_page(app, &org.token, "?action=staff_user.language_changed").await;
    assert_eq!(by_action["items"].as_array().expect("items").len(), 2);
    let by_actor = audit_page(app, &org.token, &format!("?actor={admin_id}")).await;
    assert_eq!(
        actions(&by_actor),
        ["api_token.created", "staff_user.created"],
        "what the admin did"
    );
    let oldest_at = all["items"][4]["at"].as_str().expect("at").to_owned();
    let newest_at = all["items"][0]["at"].as_str().expect("at").to_owned();
    let window = audit_page(
        app,
        &org.token,
        &format!(
            "?from={}&to={}",
            oldest_at.replace('+', "%2B"),
            newest_at.replace('+', "%2B")
        ),
    )
    .await;
    let window_items = window["items"].as_array().expect("items");
    assert_eq!(
        window_items.last().map(|item| &item["at"]),
        Some(&json!(oldest_at)),
        "from is included"
    );
    assert!(
        window_items
            .iter()
            .all(|item| item["at"] != json!(newest_at)),
        "to is excluded"
    );

    let theirs = audit_page(app, &other.token, "").await;
    assert_eq!(
        actions(&theirs),
        ["staff_user.language_changed", "organisation.created"],
        "another organisation sees only its own"
    );
    let our_id = all["items"][0]["id"].as_str().expect("id");
    let foreign_cursor = audit_page(app, &other.token, &format!("?after={our_id}")).await;
    assert_eq!(foreign_cursor["items"], json!([]));

    for (what, query, status) in [
        (
            "bad time",
            "?from=yesterday",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("bad actor", "?actor=not-a-uuid", StatusCode::BAD_REQUEST),
    ] {
        let response = app
            .client
            .get(app.url(&format!("/api/v1/audit{query}")))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("audit");
        assert_eq!(response.status(), status, "{what}");
        assert_problem(&response);
    }
    let forbidden = app
        .client
        .get(app.url("/api/v1/audit?from=yesterday"))
        .bearer_auth(&agent_token)
        .send()
        .await
        .expect("audit");
    assert_eq!(
        forbidden.status(),
        StatusCode::FORBIDDEN,
        "agents may not read the trail, whatever they ask"
    );
    assert_problem(&forbidden);
    assert_eq!(
        json_of(forbidden).await["type"],
        "urn:frontdesk:problem:forbidden"
    );
    let anonymous = app
        .client
        .get(app.url("/api/v1/audit"))
        .send()
        .await
        .expect("audit");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_problem(&anonymous);

    let doc = json_of(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .expect("openapi"),
    )
    .await;
    for (path, method) in [("/api/v1/me", "patch"), ("/api/v1/audit", "get")] {
        let responses = &doc["paths"][path][method]["responses"];
        for status in ["200", "401", "422"] {
            assert!(responses[status].is_object(), "{method} {path} {status}");
        }
    }
    assert!(doc["paths"]["/api/v1/audit"]["get"]["responses"]["403"].is_object());
}
