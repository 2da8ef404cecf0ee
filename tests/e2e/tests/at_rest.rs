//! No working token at rest: after mail was queued, sent, failed for good and left waiting
//! for a retry, the raw database — the `SQLite` file with its `-wal` file, or a `pg_dump` of
//! the `PostgreSQL` database — holds nothing shaped like a Frontdesk token that opens
//! anything (each one found answers 404 or 410), while the mail that went out did carry a
//! working link. Queued mail's data is sealed; a sent mail's data is wiped.

use std::time::Duration;

use frontdesk_e2e::{TestApp, solved_captcha};
use frontdesk_mail::test_support::{DataReply, SinkBehaviour, SmtpSink};
use frontdesk_storage::{Database, OutboxCounts};
use reqwest::StatusCode;
use serde_json::json;

frontdesk_e2e::on_both_databases!(url => a_database_copy_holds_no_working_token);

/// The token kinds and the path each opens under.
const KINDS: [(&str, &str); 5] = [
    ("fdg_", "/g/"),
    ("fds_", "/s/"),
    ("fda_", "/a/"),
    ("fdr_", "/r/"),
    ("fdu_", "/u/"),
];

/// Characters of a token after its prefix (32 bytes in unpadded base64url).
const TOKEN_BODY: usize = 43;

/// Every distinct string in `bytes` shaped like a Frontdesk token (`fd?_` and 43 base64url
/// characters), whatever surrounds it.
fn tokens_in(bytes: &[u8]) -> Vec<String> {
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let mut found = Vec::new();
    for start in 0..bytes.len().saturating_sub(4 + TOKEN_BODY - 1) {
        let window = &bytes[start..start + 4 + TOKEN_BODY];
        if window[0] == b'f'
            && window[1] == b'd'
            && window[2].is_ascii_lowercase()
            && window[3] == b'_'
            && window[4..].iter().all(|b| is_b64(*b))
        {
            let token = String::from_utf8_lossy(window).into_owned();
            if !found.contains(&token) {
                found.push(token);
            }
        }
    }
    found
}

/// The raw bytes a copy of the database would hold.
fn raw_database(database_url: &str) -> Vec<u8> {
    if let Some(rest) = database_url.strip_prefix("sqlite://") {
        let path = rest.split('?').next().expect("a path");
        let mut bytes = std::fs::read(path).expect("the database file");
        for suffix in ["-wal", "-shm"] {
            if let Ok(more) = std::fs::read(format!("{path}{suffix}")) {
                bytes.extend(more);
            }
        }
        bytes
    } else {
        let dump = std::process::Command::new("pg_dump")
            .arg("--no-owner")
            .arg(database_url)
            .output()
            .expect("pg_dump runs");
        assert!(
            dump.status.success(),
            "pg_dump: {}",
            String::from_utf8_lossy(&dump.stderr)
        );
        dump.stdout
    }
}

async fn counts(database: &Database) -> OutboxCounts {
    database.outbox_counts().await.expect("outbox counts")
}

async fn wait_for(database: &Database, what: &str, done: impl Fn(OutboxCounts) -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let now = counts(database).await;
        if done(now) {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} never happened: {now:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until a mail waits for its retry (pending after a failed attempt).
async fn wait_for_a_retry(database_url: &str) {
    let raw_connection = sea_orm::Database::connect(database_url)
        .await
        .expect("connect");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        use sea_orm::{ConnectionTrait, Statement};
        let row = raw_connection
            .query_one_raw(Statement::from_string(
                raw_connection.get_database_backend(),
                "SELECT COUNT(*) AS n FROM outbox_messages \
                 WHERE state = 'pending' AND attempts >= 1",
            ))
            .await
            .expect("query")
            .expect("a row");
        let retrying: i64 = row.try_get("", "n").expect("count");
        if retrying >= 1 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the third mail never waited for a retry"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    raw_connection.close().await.expect("close");
}

/// Opens each token under its path: every one must answer 404 or 410.
async fn assert_none_opens(app: &TestApp, found: &[String]) {
    for token in found {
        let path = KINDS
            .iter()
            .find(|(prefix, _)| token.starts_with(prefix))
            .map_or("/g/", |(_, path)| path);
        let status = app
            .client
            .get(app.url(&format!("{path}{token}")))
            .send()
            .await
            .expect("open")
            .status();
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::GONE,
            "a token-shaped string in the database opens {path}: {status}"
        );
    }
}

async fn submit(app: &TestApp, email: &str) {
    let accepted = app
        .client
        .post(app.url("/api/v1/public/orgs/atrest/forms/contact/cases"))
        .json(&json!({
            "first_name": "Rest", "last_name": "Test", "email": email,
            "title": "Sealed", "description": "Is anything left at rest?",
            "altcha": solved_captcha(app).await,
        }))
        .send()
        .await
        .expect("submit");
    assert_eq!(accepted.status(), StatusCode::ACCEPTED);
}

async fn a_database_copy_holds_no_working_token(database_url: &str) {
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let key_dir = std::env::temp_dir().join(format!("fd-at-rest-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&key_dir).expect("key directory");
    let key_file = key_dir.join("frontdesk-sealing.key");
    let smtp = format!("smtp://{}", sink.address());
    let app = TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
            (
                "FRONTDESK_AT_REST_KEY_FILE",
                key_file.to_str().expect("a UTF-8 path"),
            ),
        ],
    )
    .await;
    assert!(key_file.exists(), "the key was generated on first start");
    let database = Database::connect(database_url).await.expect("database");
    app.bootstrap("atrest").await;

    // Sent: the mail carries a working guest link.
    submit(&app, "sent@example.org").await;
    let delivered = sink.wait_for(1, Duration::from_secs(20)).await;
    let mailed = tokens_in(delivered[0].data.as_bytes());
    let link = mailed
        .iter()
        .find(|token| token.starts_with("fdg_"))
        .expect("the scan recognises the mailed guest link");
    let opened = app
        .client
        .get(app.url(&format!("/g/{link}")))
        .send()
        .await
        .expect("open");
    assert!(
        opened.status().is_redirection() || opened.status() == StatusCode::OK,
        "the mailed link works: {}",
        opened.status()
    );
    wait_for(&database, "the first mail sent", |c| c.sent >= 1).await;

    // Dead: rejected for good.
    sink.set_behaviour(SinkBehaviour {
        reply_to_data: DataReply::PermFail,
        ..SinkBehaviour::default()
    });
    submit(&app, "dead@example.org").await;
    wait_for(&database, "a dead mail", |c| c.dead >= 1).await;

    // Pending: refused for now, waiting for its retry.
    sink.set_behaviour(SinkBehaviour {
        reply_to_data: DataReply::TempFail,
        ..SinkBehaviour::default()
    });
    submit(&app, "pending@example.org").await;
    wait_for_a_retry(database_url).await;

    let raw = raw_database(database_url);
    let sealed = raw.windows(10).filter(|w| w == b"fdseal:v1:").count();
    assert!(
        sealed >= 2,
        "the dead and the pending mail are sealed ({sealed} sealed values)"
    );
    let found = tokens_in(&raw);
    assert!(
        !found.contains(link),
        "the sent mail's link is not in the database"
    );
    assert_none_opens(&app, &found).await;

    app.stop().await;
    sink.stop().await;
    database.close().await.expect("close");
    std::fs::remove_dir_all(&key_dir).expect("remove the key");
}
