//! The database going away under a running server, on `PostgreSQL`: the database stops
//! taking connections and every open one is cut, as in a restart or a failover. Requests
//! then answer 503 problem documents with `Retry-After` (never a 500 or a hang), `/readyz`
//! says 503 so a load balancer takes the replica out, and once the database takes
//! connections again the same server process answers as before — no restart.

use std::time::{Duration, Instant};

use frontdesk_e2e::{TestApp, json_of};
use frontdesk_storage::test_support::{DEFAULT_POSTGRES_URL, POSTGRES_URL_VAR, TestDatabase};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// How long the pool may take to notice the database is gone, or back.
const DEADLINE: Duration = Duration::from_mins(1);

/// A connection to the server's maintenance database, to switch the test's database.
async fn admin() -> DatabaseConnection {
    let url = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned());
    Database::connect(url).await.expect("admin connection")
}

/// The database name of a `postgres://…/name` URL.
fn name_of(url: &str) -> String {
    url.rsplit('/')
        .next()
        .and_then(|tail| tail.split('?').next())
        .expect("a database name")
        .to_owned()
}

async fn run(admin: &DatabaseConnection, sql: String) {
    admin
        .execute_unprepared(&sql)
        .await
        .expect("admin statement");
}

/// Stops `name` taking connections and cuts the open ones.
async fn take_down(admin: &DatabaseConnection, name: &str) {
    run(
        admin,
        format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS false"),
    )
    .await;
    run(
        admin,
        format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        ),
    )
    .await;
}

async fn bring_back(admin: &DatabaseConnection, name: &str) {
    run(
        admin,
        format!("ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS true"),
    )
    .await;
}

/// Polls `path` (bearer `token`) until it answers `wanted`, and returns that answer.
async fn until_status(
    app: &TestApp,
    path: &str,
    token: &str,
    wanted: StatusCode,
) -> reqwest::Response {
    let deadline = Instant::now() + DEADLINE;
    loop {
        let response = app
            .client
            .get(app.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("the server answers");
        let status = response.status();
        if status == wanted {
            return response;
        }
        assert!(
            status == StatusCode::OK || status == StatusCode::SERVICE_UNAVAILABLE,
            "{path} answered {status} while the database came and went: {:?}",
            response.text().await
        );
        assert!(
            Instant::now() < deadline,
            "{path} did not answer {wanted} within {DEADLINE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_answer_503_while_the_database_is_down_and_resume_after() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    let name = name_of(database.url());
    let app = TestApp::start(database.url()).await;
    let org = app.bootstrap("acme").await;
    let admin = admin().await;

    until_status(&app, "/api/v1/cases", &org.token, StatusCode::OK).await;
    take_down(&admin, &name).await;

    let down = until_status(
        &app,
        "/api/v1/cases",
        &org.token,
        StatusCode::SERVICE_UNAVAILABLE,
    )
    .await;
    assert_eq!(
        down.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/problem+json")
    );
    assert!(down.headers().contains_key("retry-after"));
    let problem = json_of(down).await;
    assert_eq!(problem["status"], 503, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .is_some_and(|kind| kind.ends_with("unavailable")),
        "{problem}"
    );
    let ready = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    // A public page says so in words, not as a 500.
    let page = app
        .client
        .get(app.url("/o/acme/forms/contact"))
        .send()
        .await
        .expect("form page");
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(page.headers().contains_key("retry-after"));
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("Temporarily unavailable")
    );

    bring_back(&admin, &name).await;
    let back = until_status(&app, "/api/v1/cases", &org.token, StatusCode::OK).await;
    assert!(json_of(back).await["items"].is_array());
    let ready = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), StatusCode::OK);

    app.stop().await;
    database.cleanup().await;
}
