//! `frontdesk-worker`: runs Frontdesk's background jobs against the configured database.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Frontdesk background worker.
#[derive(Debug, Parser)]
#[command(name = "frontdesk-worker", version, about)]
struct Cli {
    /// TOML configuration file (environment variables override it).
    #[arg(long, env = "FRONTDESK_CONFIG")]
    config: Option<PathBuf>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match frontdesk_config::Config::load(cli.config.as_deref(), std::env::vars()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("frontdesk-worker: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    frontdesk_runtime::logging::init(&config.log);
    match frontdesk_worker::run_standalone(&config, frontdesk_runtime::shutdown_signal()).await {
        Ok(report) => {
            tracing::info!(?report, "bye");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("frontdesk-worker: {error}");
            ExitCode::FAILURE
        }
    }
}
