//! Limits that hold under races, against the real server on both databases: many parallel
//! requests at once never get more through than the limit allows.
//!
//! - Staff sign-in with a wrong password for one account: 32 at once, exactly 5 are
//!   checked (401), the rest throttled (429); then 40 at once for unknown accounts from the
//!   same address: exactly the 30 per address less the 5 already counted are checked.
//! - "Send me a new link" for one case: 32 at once queue exactly one mail.
//! - A password-protected share link: 32 wrong guesses at once, exactly 5 are checked.

use std::time::Duration;

use frontdesk_e2e::{TestApp, hidden_input, set_cookie, solved_captcha};
use reqwest::StatusCode;
use serde_json::json;

frontdesk_e2e::on_both_databases!(url =>
    parallel_sign_ins_never_beat_the_throttle,
    parallel_new_link_requests_queue_one_mail,
    parallel_share_password_guesses_never_beat_the_throttle,
);

/// Parallel requests of each burst.
const RACERS: usize = 32;

/// A CSRF cookie and its form token for the staff sign-in form.
async fn sign_in_form(app: &TestApp) -> (String, String) {
    let page = app
        .client
        .get(app.url("/staff/login"))
        .send()
        .await
        .expect("login page");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    (cookie, csrf)
}

/// Posts `count` sign-ins at once, the `i`-th for `email(i)` with a wrong password, and
/// returns each answer's status.
async fn wrong_sign_ins(
    app: &TestApp,
    count: usize,
    email: impl Fn(usize) -> String,
) -> Vec<StatusCode> {
    let (cookie, csrf) = sign_in_form(app).await;
    let requests = (0..count).map(|i| {
        let (cookie, csrf, email) = (cookie.clone(), csrf.clone(), email(i));
        async move {
            app.client
                .post(app.url("/staff/login"))
                .header("cookie", format!("fd_csrf={cookie}"))
                .form(&[
                    ("organisation", "races"),
                    ("email", email.as_str()),
                    ("password", "not the password at all"),
                    ("csrf", csrf.as_str()),
                ])
                .send()
                .await
                .expect("sign in")
                .status()
        }
    });
    futures::future::join_all(requests).await
}

fn count(statuses: &[StatusCode], wanted: StatusCode) -> usize {
    statuses.iter().filter(|status| **status == wanted).count()
}

async fn start(database_url: &str) -> (TestApp, frontdesk_e2e::TestOrg) {
    let app = TestApp::start_with(
        database_url,
        &[
            // Enough hashing capacity that no attempt is turned away as busy.
            ("FRONTDESK_PASSWORDS_MAX_WAITING_HASHES", "256"),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
        ],
    )
    .await;
    let org = app.bootstrap("races").await;
    (app, org)
}

/// Submits a case (number 1 in a fresh organisation) for rae@example.org.
async fn submit_case(app: &TestApp) {
    let accepted = app
        .client
        .post(app.url("/api/v1/public/orgs/races/forms/contact/cases"))
        .json(&json!({
            "first_name": "Rae", "last_name": "Race", "email": "rae@example.org",
            "title": "Racing", "description": "Many links at once.",
            "altcha": solved_captcha(app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
}

async fn parallel_sign_ins_never_beat_the_throttle(database_url: &str) {
    let (app, org) = start(database_url).await;
    let admin = org.created.admin.email.as_str().to_owned();

    // One account, 32 wrong passwords at once: the per-account limit is 5.
    let statuses = wrong_sign_ins(&app, RACERS, |_| admin.clone()).await;
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        5,
        "exactly the account's limit is checked: {statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        RACERS - 5,
        "{statuses:?}"
    );

    // One address, 40 accounts at once: 30 per address, 5 of them used above.
    let statuses = wrong_sign_ins(&app, 40, |i| format!("nobody-{i}@races.example")).await;
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        25,
        "exactly the address's limit is checked: {statuses:?}"
    );
    assert_eq!(count(&statuses, StatusCode::TOO_MANY_REQUESTS), 15);

    app.stop().await;
}

async fn parallel_new_link_requests_queue_one_mail(database_url: &str) {
    let (app, _org) = start(database_url).await;
    // "Send me a new link", 32 at once for one case: one mail per minute per recipient.
    submit_case(&app).await;
    let requests = (0..RACERS).map(|_| async {
        app.client
            .post(app.url("/o/races/new-link"))
            .form(&[("email", "rae@example.org"), ("case_number", "1")])
            .send()
            .await
            .expect("new link")
            .status()
    });
    let statuses = futures::future::join_all(requests).await;
    assert!(
        statuses.iter().all(|status| *status == StatusCode::OK),
        "every request gets the same answer: {statuses:?}"
    );
    let connection = sea_orm::Database::connect(database_url)
        .await
        .expect("connect");
    let queued = {
        use sea_orm::{ConnectionTrait, Statement};
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let row = connection
                .query_one_raw(Statement::from_string(
                    connection.get_database_backend(),
                    "SELECT COUNT(*) AS n FROM outbox_messages \
                     WHERE kind = 'guest_link_reissued' AND recipient_normalised = 'rae@example.org'",
                ))
                .await
                .expect("query")
                .expect("a row");
            let queued: i64 = row.try_get("", "n").expect("count");
            if queued >= 1 || tokio::time::Instant::now() >= deadline {
                break queued;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    assert_eq!(queued, 1, "exactly one new-link mail is queued");
    connection.close().await.expect("close");

    app.stop().await;
}

async fn parallel_share_password_guesses_never_beat_the_throttle(database_url: &str) {
    let (app, org) = start(database_url).await;
    submit_case(&app).await;
    // A password-protected share link, 32 wrong guesses at once: 5 per link.
    let cases = app
        .client
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&org.token)
        .send()
        .await
        .expect("cases");
    let cases: serde_json::Value = cases.json().await.expect("json");
    let case = cases["items"][0]["id"].as_str().expect("a case").to_owned();
    let patched = app
        .client
        .patch(app.url("/api/v1/forms/contact"))
        .bearer_auth(&org.token)
        .json(&json!({"share_links_enabled": true}))
        .send()
        .await
        .expect("patch");
    assert_eq!(patched.status(), StatusCode::OK);
    let shared = app
        .client
        .post(app.url(&format!("/api/v1/cases/{case}/share-links")))
        .bearer_auth(&org.token)
        .json(&json!({"password": "a long shared secret"}))
        .send()
        .await
        .expect("share");
    let shared: serde_json::Value = shared.json().await.expect("json");
    let path = shared["url"]
        .as_str()
        .and_then(|url| url.strip_prefix(frontdesk_e2e::PUBLIC_BASE))
        .expect("a share URL")
        .to_owned();
    let guesses = (0..RACERS).map(|i| {
        let request = app
            .client
            .post(app.url(&path))
            .form(&[("password", format!("wrong guess number {i}"))]);
        async move { request.send().await.expect("guess").status() }
    });
    let statuses = futures::future::join_all(guesses).await;
    assert_eq!(
        count(&statuses, StatusCode::UNAUTHORIZED),
        5,
        "exactly the link's limit is checked: {statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        RACERS - 5,
        "{statuses:?}"
    );
    app.stop().await;
}
