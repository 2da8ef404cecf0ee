//! `chromedriver` on a free loopback port, and headless Chromium sessions on it.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use frontdesk_storage::test_support::missing;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

/// Where Debian's `chromedriver` package puts the driver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Where Debian's `chromium` package puts the browser.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long `chromedriver` gets to answer `/status` with `ready: true`.
const STARTUP_DEADLINE: Duration = Duration::from_secs(15);

/// Whether this is a CI run (any non-empty `CI`): then a missing browser or service always
/// fails, whatever `FRONTDESK_TEST_SKIP_MISSING` says.
pub fn running_in_ci() -> bool {
    missing::running_in_ci()
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

/// A `chromedriver` process this test started, in its own process group, with a temporary
/// directory for the browser profile and artefacts. Dropping it (also while panicking) kills
/// the whole group — driver and browser — and removes the directory.
pub struct Chromedriver {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Chromedriver {
    /// Starts `chromedriver` and waits until it is ready, or returns `None` when it is not
    /// installed and the run opted out of Chromium (`FRONTDESK_TEST_SKIP_MISSING=chromium`,
    /// refused under CI), so the caller skips.
    ///
    /// # Panics
    /// When `chromedriver` or Chromium is missing and the run did not opt out (or runs under
    /// CI), or when the driver does not become ready.
    pub async fn start() -> Option<Self> {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            missing::service_missing(
                missing::Service::Chromium,
                &format!("{CHROMEDRIVER} or {CHROMIUM} is not installed"),
            );
            return None;
        }
        let dir =
            std::env::temp_dir().join(format!("fd_browser_{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let port = free_port();
        let log = std::fs::File::create(dir.join("chromedriver.log")).expect("driver log file");
        let child = {
            use std::os::unix::process::CommandExt as _;
            Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("driver log file"))
                .stderr(log)
                .process_group(0)
                .spawn()
                .expect("chromedriver starts")
        };
        let mut driver = Self { child, port, dir };
        driver.wait_until_ready().await;
        Some(driver)
    }

    async fn wait_until_ready(&mut self) {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("client builds");
        let deadline = Instant::now() + STARTUP_DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("driver status") {
                panic!(
                    "chromedriver exited early ({status}): {}",
                    std::fs::read_to_string(self.dir.join("chromedriver.log")).unwrap_or_default()
                );
            }
            let ready = match client.get(format!("{}/status", self.url())).send().await {
                Ok(response) => response
                    .json::<Value>()
                    .await
                    .is_ok_and(|status| status["value"]["ready"] == json!(true)),
                Err(_) => false,
            };
            if ready {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver was not ready within {STARTUP_DEADLINE:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The temporary directory (removed on drop).
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A new session: headless Chromium with a fresh profile and the browser log kept.
    pub async fn browser(&self) -> Client {
        let profile = self
            .dir
            .join(format!("profile-{}", uuid::Uuid::now_v7().simple()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--disable-dev-shm-usage",
                    "--window-size=1024,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("a JSON object literal")
        };
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url())
            .await
            .expect("chromedriver opens a Chromium session")
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // The driver leads its own process group, which Chromium and its helpers inherit.
        let group = format!("-{}", self.child.id());
        let _signalled = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _killed = self.child.kill();
        let _reaped = self.child.wait();
        let _removed = std::fs::remove_dir_all(&self.dir);
    }
}
