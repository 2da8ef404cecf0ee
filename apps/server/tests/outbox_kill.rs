//! Kill the worker with SIGKILL in the middle of a batch and start it again: every message
//! is delivered to the SMTP server, none is lost. Duplicates (messages the killed worker had
//! handed to SMTP but not yet marked sent) are counted and reported.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink, parse_headers};
use frontdesk_storage::test_support::TestDatabase;
use serde_json::{Value, json};

const MESSAGES: usize = 120;

fn server(database_url: &str, smtp: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontdesk-server"));
    command
        .env_clear()
        .env("FRONTDESK_DATABASE_URL", database_url)
        .env("FRONTDESK_LISTEN", "127.0.0.1:0")
        .env("FRONTDESK_BASE_URL", "https://desk.example.org")
        .env("FRONTDESK_MAIL", smtp)
        .env("FRONTDESK_LOG", "warn")
        .env("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20")
        .env("FRONTDESK_OUTBOX_BATCH_SIZE", "10")
        .env("FRONTDESK_OUTBOX_LEASE_SECONDS", "5");
    command
}

/// Starts `serve --no-worker`, returns it and its base URL.
fn serve_without_worker(database_url: &str, smtp: &str) -> (Child, String) {
    use std::io::{BufRead, BufReader};
    let mut child = server(database_url, smtp)
        .args(["serve", "--no-worker"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let base = loop {
        let line = lines
            .next()
            .expect("serve prints its address")
            .expect("utf-8");
        if let Some(address) = line.strip_prefix("frontdesk-server: listening on ") {
            break address.trim().to_owned();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, base)
}

fn kill(child: &mut Child, signal: &str) {
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    child.wait().expect("wait");
}

fn distinct_message_ids(
    received: &[frontdesk_mail::test_support::ReceivedMail],
) -> HashMap<String, usize> {
    let mut ids = HashMap::new();
    for mail in received {
        let headers = parse_headers(&mail.data);
        let id = headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("Message-ID"))
            .map(|(_, value)| value.clone())
            .expect("every mail has a Message-ID");
        *ids.entry(id).or_insert(0) += 1;
    }
    ids
}

async fn survive_a_killed_worker(database_url: &str) {
    // Each message takes 15 ms at the SMTP server, so a batch is in flight when we kill.
    let sink = SmtpSink::start(SinkBehaviour {
        delay_per_message: Duration::from_millis(15),
        ..SinkBehaviour::default()
    })
    .await
    .expect("SMTP sink starts");
    let smtp = format!("smtp://{}", sink.address());

    let bootstrap = server(database_url, &smtp)
        .args([
            "admin",
            "bootstrap",
            "--org",
            "killtest",
            "--name",
            "Kill Test",
            "--admin-email",
            "admin@killtest.example",
        ])
        .output()
        .expect("bootstrap");
    assert!(
        bootstrap.status.success(),
        "{}",
        String::from_utf8_lossy(&bootstrap.stderr)
    );
    let token = serde_json::from_slice::<Value>(&bootstrap.stdout).expect("json")["api_token"]
        .as_str()
        .expect("token")
        .to_owned();

    let (mut api, base) = serve_without_worker(database_url, &smtp);
    let client = reqwest::Client::new();
    for n in 0..MESSAGES {
        let response = client
            .post(format!("{base}/api/v1/mail/test"))
            .bearer_auth(&token)
            .json(&json!({"to": format!("person{n}@example.org")}))
            .send()
            .await
            .expect("queue");
        assert_eq!(response.status(), 202);
    }
    kill(&mut api, "-TERM");

    let mut worker = server(database_url, &smtp)
        .arg("worker")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("worker");
    let deadline = Instant::now() + Duration::from_mins(1);
    while sink.received().len() < MESSAGES / 3 {
        assert!(Instant::now() < deadline, "the worker made no progress");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    kill(&mut worker, "-KILL");
    let at_kill = sink.received().len();
    assert!(
        at_kill < MESSAGES,
        "the worker was killed before it finished"
    );

    let mut restarted = server(database_url, &smtp)
        .arg("worker")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("worker");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let ids = distinct_message_ids(&sink.received());
        if ids.len() == MESSAGES {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {} of {MESSAGES} messages arrived after the restart",
            ids.len()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    kill(&mut restarted, "-TERM");
    let received = sink.received();
    let ids = distinct_message_ids(&received);
    let duplicates = received.len() - ids.len();
    eprintln!(
        "outbox kill test ({database_url_kind}): {MESSAGES} messages, {at_kill} received before SIGKILL, \
         {} deliveries in all, {duplicates} duplicate(s)",
        received.len(),
        database_url_kind = if database_url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
    );
    assert_eq!(ids.len(), MESSAGES, "no message lost");
    assert!(
        duplicates <= 10,
        "at most the batch in flight is sent twice, got {duplicates}"
    );
    sink.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_loses_no_mail_on_sqlite() {
    let database = TestDatabase::sqlite().await;
    survive_a_killed_worker(database.url()).await;
    database.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_worker_loses_no_mail_on_postgres() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    survive_a_killed_worker(database.url()).await;
    database.cleanup().await;
}
