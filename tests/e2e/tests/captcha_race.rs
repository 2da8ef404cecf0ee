//! One captcha solution, spent once under concurrency: 24 submissions of the public form
//! race with the same ALTCHA solution (each from another person, with its own idempotency
//! key) against the real server on SQLite and PostgreSQL. Exactly one is accepted (202) and
//! exactly one case exists; every other answer is a clear 4xx, never a 5xx.

use frontdesk_e2e::{TestApp, json_of, solved_captcha};
use reqwest::StatusCode;
use serde_json::json;

/// How many submissions race.
const RACERS: usize = 24;

frontdesk_e2e::on_both_databases!(app => a_captcha_solution_is_spent_once_under_concurrency);

async fn a_captcha_solution_is_spent_once_under_concurrency(app: &TestApp) {
    let org = app.bootstrap("acme").await;
    let solution = solved_captcha(app).await;
    let url = app.url("/api/v1/public/orgs/acme/forms/contact/cases");
    let submissions = (0..RACERS).map(|n| {
        let body = json!({
            "first_name": "Racer",
            "last_name": format!("Number {n}"),
            "email": format!("racer{n}@example.org"),
            "title": format!("Race {n}"),
            "description": "Same captcha solution as everyone else.",
            "altcha": solution,
        });
        app.client
            .post(&url)
            .header("Idempotency-Key", format!("race-{n}"))
            .json(&body)
            .send()
    });
    let answers = futures::future::join_all(submissions).await;
    let statuses: Vec<StatusCode> = answers
        .into_iter()
        .map(|answer| answer.expect("the server answers").status())
        .collect();
    let accepted = statuses
        .iter()
        .filter(|status| **status == StatusCode::ACCEPTED)
        .count();
    assert_eq!(accepted, 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .all(|status| *status == StatusCode::ACCEPTED || status.is_client_error()),
        "{statuses:?}"
    );

    let cases = json_of(
        app.client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(&org.token)
            .send()
            .await
            .expect("cases"),
    )
    .await;
    let items = cases["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{cases}");
}
