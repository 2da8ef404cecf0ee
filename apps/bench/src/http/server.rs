//! The system under test: the release `frontdesk-server` binary as a child process, on a
//! fresh `SQLite` file or a fresh `PostgreSQL` database.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::ConnectionTrait;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::sync::Mutex;

/// The base URL the server is configured with (mail links start with it).
pub const BASE_URL: &str = "https://bench.example";

/// Where the benchmark's data lives.
#[derive(Debug)]
pub struct Store {
    /// The database URL the server and the baseline open.
    pub url: String,
    /// `SQLite` or `PostgreSQL`.
    pub backend: &'static str,
    /// The throw-away `PostgreSQL` database: (admin URL, name) to drop at the end.
    drop_pg: Option<(String, String)>,
}

impl Store {
    /// A fresh `SQLite` file in `dir`, or a fresh `fd_bench_<uuid>` database on the
    /// `PostgreSQL` server at `postgres`.
    ///
    /// # Errors
    /// When the `PostgreSQL` database cannot be created.
    pub async fn create(dir: &Path, postgres: Option<&str>) -> Result<Self, String> {
        let Some(admin_url) = postgres else {
            return Ok(Self {
                url: format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()),
                backend: "SQLite",
                drop_pg: None,
            });
        };
        let name = format!("fd_bench_{}", uuid::Uuid::now_v7().simple());
        let admin = sea_orm::Database::connect(admin_url)
            .await
            .map_err(|e| format!("connecting to {admin_url}: {e}"))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .map_err(|e| format!("creating database {name}: {e}"))?;
        let _ = admin.close().await;
        let mut url = url::Url::parse(admin_url).map_err(|e| e.to_string())?;
        url.set_path(&format!("/{name}"));
        Ok(Self {
            url: url.to_string(),
            backend: "PostgreSQL",
            drop_pg: Some((admin_url.to_owned(), name)),
        })
    }

    /// Drops the `PostgreSQL` database, if one was made.
    pub async fn drop_database(&self) {
        let Some((admin_url, name)) = &self.drop_pg else {
            return;
        };
        match sea_orm::Database::connect(admin_url.as_str()).await {
            Ok(admin) => {
                if let Err(error) = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                {
                    eprintln!("frontdesk-bench: dropping {name} failed: {error}");
                }
                let _ = admin.close().await;
            }
            Err(error) => eprintln!("frontdesk-bench: dropping {name} failed: {error}"),
        }
    }
}

/// The release server binary next to this executable.
///
/// # Errors
/// When it is missing, with the command that builds it.
pub fn binary() -> Result<PathBuf, String> {
    let path = std::env::current_exe()
        .map_err(|e| e.to_string())?
        .with_file_name("frontdesk-server");
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} not found; build it first: cargo build --release -p frontdesk-server",
            path.display()
        ))
    }
}

/// The environment every server command runs with.
pub fn environment(store: &Store, mail_dir: &Path) -> Vec<(String, String)> {
    let own = [
        ("FRONTDESK_DATABASE_URL", store.url.clone()),
        ("FRONTDESK_LISTEN", "127.0.0.1:0".to_owned()),
        ("FRONTDESK_MAIL", format!("file:{}", mail_dir.display())),
        ("FRONTDESK_BASE_URL", BASE_URL.to_owned()),
        ("FRONTDESK_LOG", "warn".to_owned()),
        ("FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER", "1000".to_owned()),
        ("FRONTDESK_HTTP_TRUST_FORWARDED_FOR", "true".to_owned()),
        ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "100".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect::<Vec<_>>();
    with_passthrough(own, std::env::vars())
}

/// `env` with every other `FRONTDESK_*` variable of `vars` (the bench's own environment)
/// added, so a server setting can be tried without changing the harness; the harness's own
/// settings win.
fn with_passthrough(
    mut env: Vec<(String, String)>,
    vars: impl Iterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    for (key, value) in vars {
        if key.starts_with("FRONTDESK_") && !env.iter().any(|(set, _)| *set == key) {
            env.push((key, value));
        }
    }
    env
}

/// Runs `frontdesk-server admin bootstrap` and returns its JSON output.
///
/// # Errors
/// When the command fails or prints something else.
pub async fn bootstrap(
    binary: &Path,
    env: &[(String, String)],
) -> Result<serde_json::Value, String> {
    let output = Command::new(binary)
        .args([
            "admin",
            "bootstrap",
            "--org",
            "bench",
            "--name",
            "Bench",
            "--admin-email",
            "admin@bench.example",
        ])
        .env_clear()
        .envs(std::env::vars().filter(|(k, _)| !k.starts_with("FRONTDESK_")))
        .envs(env.iter().cloned())
        .output()
        .await
        .map_err(|e| format!("running {}: {e}", binary.display()))?;
    if !output.status.success() {
        return Err(format!(
            "admin bootstrap failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "admin bootstrap printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// The running server.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The last lines it wrote to stderr.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `frontdesk-server serve` and waits for its "listening on" line.
    ///
    /// # Errors
    /// When it cannot start or exits before listening.
    pub async fn start(binary: &Path, env: &[(String, String)]) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .arg("serve")
            .env_clear()
            .envs(std::env::vars().filter(|(k, _)| !k.starts_with("FRONTDESK_")))
            .envs(env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("starting {}: {e}", binary.display()))?;
        let stderr = child
            .stderr
            .take()
            .ok_or("the server's stderr is not piped")?;
        let mut lines = BufReader::new(stderr).lines();
        let log = Arc::new(Mutex::new(Vec::new()));
        let address = tokio::time::timeout(Duration::from_mins(1), async {
            while let Some(line) = lines.next_line().await.map_err(|e| e.to_string())? {
                if let Some(address) = line.strip_prefix("frontdesk-server: listening on http://") {
                    return Ok(address.trim().to_owned());
                }
                log.lock().await.push(line);
            }
            Err(format!(
                "the server exited before listening:\n{}",
                log.lock().await.join("\n")
            ))
        })
        .await
        .map_err(|_| "the server did not report its address within 60 s".to_owned())??;
        let keep = log.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                let mut log = keep.lock().await;
                if log.len() >= 200 {
                    log.remove(0);
                }
                log.push(line);
            }
        });
        Ok(Self {
            child,
            base: format!("http://{address}"),
            log,
        })
    }

    /// Sends SIGTERM and waits up to 15 s for a clean exit, then kills it.
    pub async fn stop(mut self) {
        if let Some(pid) = self.child.id() {
            let _ = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .await;
        }
        match tokio::time::timeout(Duration::from_secs(15), self.child.wait()).await {
            Ok(Ok(status)) if status.success() => {}
            Ok(Ok(status)) => eprintln!("frontdesk-bench: the server exited with {status}"),
            Ok(Err(error)) => eprintln!("frontdesk-bench: waiting for the server: {error}"),
            Err(_) => {
                eprintln!("frontdesk-bench: the server ignored SIGTERM for 15 s; killing it");
                let _ = self.child.kill().await;
            }
        }
    }
}
