//! The last enabled admin under a race, on SQLite and on PostgreSQL: every admin of an
//! organisation disabled by parallel requests through the real server — the count of the
//! remaining admins is taken inside each change's transaction under the organisation's lock,
//! so at least one admin always stays enabled and the others are refused with 409.

use frontdesk_access::StaffUserRepository as _;
use frontdesk_e2e::{TestApp, call, json_of};
use reqwest::{Method, StatusCode};
use serde_json::json;

frontdesk_e2e::on_both_databases!(app => parallel_changes_never_disable_the_last_admin);

/// Admins besides the first, each disabled in parallel with it.
const MORE_ADMINS: usize = 31;

async fn parallel_changes_never_disable_the_last_admin(app: &TestApp) {
    let org = app.bootstrap("lastadmin").await;
    let mut admins = vec![org.created.admin.id.to_string()];
    for n in 0..MORE_ADMINS {
        let created = call(
            app,
            &org,
            Method::POST,
            "/api/v1/staff-users",
            Some(json!({
                "email": format!("admin{n}@lastadmin.example"),
                "name": format!("Admin {n}"),
                "profiles": ["admin"],
            })),
        )
        .await;
        assert_eq!(created.status(), StatusCode::CREATED);
        let body = json_of(created).await;
        admins.push(body["user"]["id"].as_str().expect("an id").to_owned());
    }
    // The first admin (whose token acts) last, so the others start before it can go.
    admins.rotate_left(1);
    let paths: Vec<String> = admins
        .iter()
        .map(|id| format!("/api/v1/staff-users/{id}"))
        .collect();
    let changes = paths.iter().map(|path| {
        call(
            app,
            &org,
            Method::PATCH,
            path,
            Some(json!({"disabled": true})),
        )
    });
    let answers = futures::future::join_all(changes).await;
    let statuses: Vec<StatusCode> = answers.iter().map(reqwest::Response::status).collect();
    let disabled = statuses.iter().filter(|s| **s == StatusCode::OK).count();
    // 409: refused as the last admin; 401: sent after the acting admin was disabled.
    assert!(
        statuses.iter().all(|s| [
            StatusCode::OK,
            StatusCode::CONFLICT,
            StatusCode::UNAUTHORIZED
        ]
        .contains(s)),
        "{statuses:?}"
    );
    let left = app
        .server
        .database()
        .count_active_admins(org.created.organisation.id)
        .await
        .expect("count");
    assert!(left >= 1, "every admin was disabled: {statuses:?}");
    assert_eq!(left, (admins.len() - disabled) as u64, "{statuses:?}");
}
