//! `frontdesk-bench`: measures Frontdesk on this machine. Results go to stdout as a table
//! (and are recorded by hand in `docs/performance.md`).
//!
//! - `frontdesk-bench outbox` — enqueue → accepted by a loopback SMTP server: latency
//!   p50/p99 at a steady rate, then drain throughput for a burst, with the real worker, the
//!   real lettre SMTP transport and a real database (a fresh SQLite file, or `--database`).
//! - `frontdesk-bench http` — runs the release `frontdesk-server` binary as a child process
//!   on a fresh database, seeds it through its CLI and public API, and drives guest-link
//!   views, share-link views and public case creation over loopback HTTP/1.1 keep-alive
//!   connections; then drives a raw axum + SQL baseline doing the same work on the same
//!   database, and prints throughput, p50/p99 and the ratio against the DESIGN §7 targets.

mod http;
mod outbox;
mod stats;

use clap::{Parser, Subcommand};

/// Frontdesk benchmarks.
#[derive(Debug, Parser)]
#[command(name = "frontdesk-bench", about)]
struct Cli {
    #[command(subcommand)]
    command: Bench,
}

#[derive(Debug, Subcommand)]
enum Bench {
    /// Outbox: enqueue → SMTP accept latency and drain throughput.
    Outbox {
        /// Database URL (default: a fresh SQLite file in a temporary directory).
        #[arg(long)]
        database: Option<String>,
        /// Messages per second in the latency phase.
        #[arg(long, default_value_t = 100)]
        rate: u32,
        /// Seconds of the latency phase.
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        /// Messages in the throughput burst.
        #[arg(long, default_value_t = 2000)]
        burst: u32,
    },
    /// HTTP: guest view, share view and public case creation against the release server,
    /// each followed by a raw axum + SQL baseline on the same database.
    Http(http::HttpArgs),
}

#[tokio::main]
async fn main() -> Result<(), String> {
    match Cli::parse().command {
        Bench::Outbox {
            database,
            rate,
            seconds,
            burst,
        } => outbox::outbox(database, rate, seconds, burst).await,
        Bench::Http(args) => http::run(args).await,
    }
}
