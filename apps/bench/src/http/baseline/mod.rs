//! The raw baseline: a minimal axum server doing the same work as Frontdesk directly, on the
//! same database, with hand-written SQL through the same driver (sea-orm over sqlx) and the
//! same pool layout (`SQLite`: WAL, 6 readers, 1 writer with `BEGIN IMMEDIATE`;
//! `PostgreSQL`: one pool of 16).
//!
//! - `GET /cases/{id}`: guest cookie → SHA-256 → indexed select on `guest_access.digest` →
//!   one select of case + organisation + form + contact → public timeline → HTML.
//! - `GET /s/{token}`: SHA-256 → indexed select on `share_links.digest` → case +
//!   organisation + form → public timeline → count and log the view in one write
//!   transaction (as Frontdesk does for links without a view limit) → HTML.
//! - `POST /api/v1/public/orgs/{org}/forms/{form}/cases`: resolve the form, then one
//!   transaction: next case number, contact (reused by email), case, link, timeline entry,
//!   guest access, outbox message.
//!
//! It runs on its own thread and Tokio runtime (two workers, like the server's default on
//! this machine) so that it does not share a scheduler with the load generator.

//! One file per route (`guest.rs`, `share.rs`, `intake.rs`), beside what they share: the
//! pools and helpers (`db.rs`) and the page layout and timeline (`pages.rs`).

mod db;
mod guest;
mod intake;
mod pages;
mod share;

use std::time::Duration;

use axum::Router;
use axum::routing::{get, post};

use self::db::connect;
use self::guest::guest_view;
use self::intake::create_case;
use self::share::share_view;

/// The running baseline server.
pub struct Baseline {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Baseline {
    /// Opens `url` and serves the baseline on its own thread and runtime.
    ///
    /// # Errors
    /// When the database cannot be opened or the port bound.
    pub fn start(url: &str) -> Result<Self, String> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<String, String>>();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let url = url.to_owned();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => {
                    let _ = ready_tx.send(Err(error.to_string()));
                    return;
                }
            };
            runtime.block_on(async move {
                let started = async {
                    let db = connect(&url).await?;
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                        .await
                        .map_err(|e| e.to_string())?;
                    let address = listener.local_addr().map_err(|e| e.to_string())?;
                    let app = Router::new()
                        .route("/cases/{id}", get(guest_view))
                        .route("/s/{token}", get(share_view))
                        .route(
                            "/api/v1/public/orgs/{org}/forms/{form}/cases",
                            post(create_case),
                        )
                        .with_state(db.clone());
                    Ok::<_, String>((listener, address, app, db))
                };
                match started.await {
                    Ok((listener, address, app, db)) => {
                        let _ = ready_tx.send(Ok(format!("http://{address}")));
                        let _ = axum::serve(listener, app)
                            .with_graceful_shutdown(async move {
                                let _ = stopped.await;
                            })
                            .await;
                        let _ = db.reader.close().await;
                        let _ = db.writer.close().await;
                    }
                    Err(error) => {
                        let _ = ready_tx.send(Err(error));
                    }
                }
            });
        });
        let base = ready_rx
            .recv_timeout(Duration::from_secs(30))
            .map_err(|e| format!("the baseline did not start: {e}"))??;
        Ok(Self {
            base,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// Stops the baseline and closes its pools.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = tokio::task::spawn_blocking(move || thread.join()).await;
        }
    }
}
