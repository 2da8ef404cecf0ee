//! The `frontdesk-server` binary as operators use it: bootstrap, token creation, serve on
//! SQLite and PostgreSQL, graceful stop on SIGTERM, and clear failures on bad configuration.

#![expect(
    clippy::too_many_lines,
    reason = "end-to-end scenarios read best top to bottom"
)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use frontdesk_storage::test_support::TestDatabase;
use serde_json::Value;

fn server(database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontdesk-server"));
    command
        .env_clear()
        .env("FRONTDESK_DATABASE_URL", database_url)
        .env("FRONTDESK_LISTEN", "127.0.0.1:0")
        .env("FRONTDESK_BASE_URL", "https://desk.example.org")
        // An https deployment refuses test-only mail: mail goes to files as in development.
        .env(
            "FRONTDESK_MAIL",
            format!("file:{}/cli-mail", env!("CARGO_TARGET_TMPDIR")),
        )
        .env("FRONTDESK_LOG", "warn")
        .env("FRONTDESK_PASSWORDS_MAX_CONCURRENT_HASHES", "1");
    command
}

fn run(command: &mut Command) -> Output {
    command.output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn bootstrap(database_url: &str, slug: &str) -> Value {
    let output = run(server(database_url).args([
        "admin",
        "bootstrap",
        "--org",
        slug,
        "--name",
        "Acme Ltd",
        "--admin-email",
        "Admin@Acme.example",
    ]));
    assert!(
        output.status.success(),
        "bootstrap failed: {}",
        stderr(&output)
    );
    serde_json::from_slice(&output.stdout).expect("bootstrap prints one JSON object")
}

/// A `serve` process and the address it printed.
struct Serving {
    child: Child,
    base: String,
}

impl Serving {
    fn start(database_url: &str, args: &[&str]) -> Self {
        let mut child = server(database_url)
            .arg("serve")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("serve prints its address before anything fails")
                .expect("utf-8");
            if let Some(address) = line.strip_prefix("frontdesk-server: listening on ") {
                break address.trim().to_owned();
            }
        };
        // Keep draining stderr so the child never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM and waits (with a deadline) for a clean exit.
    fn terminate(mut self) -> std::process::ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not stop within 20 s of SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

async fn serve_and_probe(database_url: &str) {
    let created = bootstrap(database_url, "acme");
    for key in [
        "org_id",
        "org_slug",
        "form_slug",
        "admin_user_id",
        "api_token",
        "admin_setup_url",
    ] {
        assert!(
            created.get(key).is_some_and(|v| !v.is_null()),
            "bootstrap output lacks {key}: {created}"
        );
    }
    assert_eq!(created["org_slug"], "acme");
    assert_eq!(created["form_slug"], "contact");
    let token = created["api_token"].as_str().expect("token").to_owned();
    assert!(token.starts_with("fdk_"));
    assert!(
        created["admin_setup_url"]
            .as_str()
            .expect("url")
            .starts_with("https://desk.example.org/a/fda_")
    );

    let again = run(server(database_url).args([
        "admin",
        "bootstrap",
        "--org",
        "acme",
        "--name",
        "X",
        "--admin-email",
        "x@acme.example",
    ]));
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert!(again.stdout.is_empty());

    let issued = run(server(database_url).args([
        "admin",
        "token",
        "create",
        "--org",
        "acme",
        "--email",
        "admin@acme.example",
    ]));
    assert!(issued.status.success(), "{}", stderr(&issued));
    let second_token = String::from_utf8(issued.stdout)
        .expect("utf-8")
        .trim()
        .to_owned();
    assert!(second_token.starts_with("fdk_") && second_token != token);
    let unknown = run(server(database_url).args([
        "admin",
        "token",
        "create",
        "--org",
        "acme",
        "--email",
        "nobody@acme.example",
    ]));
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("no staff user"),
        "{}",
        stderr(&unknown)
    );

    let serving = Serving::start(database_url, &[]);
    let client = reqwest::Client::new();
    let get = |path: &str| client.get(serving.url(path)).send();
    assert_eq!(get("/healthz").await.expect("healthz").status(), 200);
    assert_eq!(get("/readyz").await.expect("readyz").status(), 200);
    let doc: Value = get("/api/v1/openapi.json")
        .await
        .expect("openapi")
        .json()
        .await
        .expect("json");
    assert!(doc["openapi"].as_str().expect("version").starts_with("3.1"));
    assert_eq!(get("/api/v1/org").await.expect("org").status(), 401);
    for bearer in [&token, &second_token] {
        let org = client
            .get(serving.url("/api/v1/org"))
            .bearer_auth(bearer)
            .send()
            .await
            .expect("org");
        assert_eq!(org.status(), 200);
        let org: Value = org.json().await.expect("json");
        assert_eq!(org["slug"], "acme");
    }
    // Over https the session and CSRF cookies carry the __Host- prefix and Secure.
    let login = get("/staff/login").await.expect("login");
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .expect("cookie")
        .to_owned();
    assert!(
        cookie.starts_with("__Host-fd_csrf=") && cookie.contains("Secure"),
        "{cookie}"
    );
    assert!(
        login.headers()["strict-transport-security"]
            .to_str()
            .expect("hsts")
            .contains("max-age")
    );
    let status = serving.terminate();
    assert!(status.success(), "serve exited with {status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_then_serve_on_sqlite() {
    let database = TestDatabase::sqlite().await;
    serve_and_probe(database.url()).await;
    database.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bootstrap_then_serve_on_postgres() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    serve_and_probe(database.url()).await;
    database.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_prints_how_to_sign_in() {
    let database = TestDatabase::sqlite().await;
    let mut child = server(database.url())
        .args(["serve", "--demo", "--no-worker"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut printed = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("utf-8");
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("API description") {
            break;
        }
    }
    assert!(
        printed.contains("https://desk.example.org/a/fda_"),
        "{printed}"
    );
    assert!(printed.contains("fdk_"), "{printed}");
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    let status = child.wait().expect("wait");
    assert!(status.success());
    database.cleanup().await;
}

#[test]
fn unknown_or_malformed_configuration_is_named_and_refused() {
    let unknown = run(server("sqlite::memory:")
        .env("FRONTDESK_LISTN", "127.0.0.1:1")
        .arg("migrate"));
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        stderr(&unknown).contains("FRONTDESK_LISTN"),
        "{}",
        stderr(&unknown)
    );

    // Test-only mail on an https deployment would lose every link: refused at start.
    let memory = run(server("sqlite::memory:")
        .env("FRONTDESK_MAIL", "memory")
        .arg("serve"));
    assert_eq!(memory.status.code(), Some(2));
    assert!(
        stderr(&memory).contains("FRONTDESK_MAIL"),
        "{}",
        stderr(&memory)
    );

    let listen = run(server("sqlite::memory:")
        .env("FRONTDESK_LISTEN", "nope")
        .arg("migrate"));
    assert_eq!(listen.status.code(), Some(2));
    assert!(
        stderr(&listen).contains("FRONTDESK_LISTEN"),
        "{}",
        stderr(&listen)
    );

    let scheme = run(server("mysql://root:hunter2@localhost/db").arg("migrate"));
    assert_eq!(scheme.status.code(), Some(2));
    let message = stderr(&scheme);
    assert!(message.contains("FRONTDESK_DATABASE_URL"), "{message}");
    assert!(
        !message.contains("hunter2"),
        "the password leaked: {message}"
    );

    let dir = std::env::temp_dir().join(format!("frontdesk-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("frontdesk.toml");
    std::fs::write(&file, "listen = \"127.0.0.1:0\"\n[http]\nbody_limit = 5\n").expect("write");
    let bad_key = run(server("sqlite::memory:")
        .arg("--config")
        .arg(&file)
        .arg("migrate"));
    assert_eq!(bad_key.status.code(), Some(2));
    assert!(
        stderr(&bad_key).contains("http.body_limit"),
        "{}",
        stderr(&bad_key)
    );
    std::fs::remove_dir_all(&dir).expect("cleanup");
}

#[test]
fn an_unreachable_database_fails_clearly_without_a_panic() {
    let output = run(server("postgres://frontdesk:s3cret@127.0.0.1:9/frontdesk").arg("migrate"));
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    assert!(
        !message.contains("s3cret"),
        "the password leaked: {message}"
    );
    assert!(
        message.contains("127.0.0.1"),
        "the message should name the server: {message}"
    );
}

#[test]
fn bad_arguments_are_named() {
    let output = run(server("sqlite::memory:").args([
        "admin",
        "bootstrap",
        "--org",
        "Bad Slug",
        "--name",
        "X",
        "--admin-email",
        "x@x.example",
    ]));
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--org"), "{}", stderr(&output));
    let email = run(server("sqlite::memory:").args([
        "admin",
        "bootstrap",
        "--org",
        "ok",
        "--name",
        "X",
        "--admin-email",
        "x@x.example\r\nBcc: y@y.example",
    ]));
    assert_eq!(email.status.code(), Some(2));
    assert!(
        stderr(&email).contains("--admin-email"),
        "{}",
        stderr(&email)
    );
}
