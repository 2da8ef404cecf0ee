//! The `frontdesk-server` command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Frontdesk: open your cases to the people outside your organisation, safely.
#[derive(Debug, Parser)]
#[command(name = "frontdesk-server", version, about)]
pub struct Cli {
    /// TOML configuration file (environment variables override it).
    #[arg(long, global = true, env = "FRONTDESK_CONFIG")]
    pub config: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (and, unless --no-worker, the background worker).
    Serve(ServeArgs),
    /// Run only the background worker (outbox dispatch, sweeps), as `frontdesk-worker` does.
    Worker,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Administration tasks.
    Admin {
        /// The task.
        #[command(subcommand)]
        command: AdminCommand,
    },
}

/// Options of `serve`.
#[derive(Debug, Args, Default)]
pub struct ServeArgs {
    /// Do not run the background worker in this process.
    #[arg(long)]
    pub no_worker: bool,
    /// Create a demo organisation on first start and print how to sign in.
    #[arg(long)]
    pub demo: bool,
}

/// Administration subcommands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an organisation with its default form and first admin; prints JSON.
    Bootstrap(BootstrapArgs),
    /// Staff API tokens.
    Token {
        /// The task.
        #[command(subcommand)]
        command: TokenCommand,
    },
}

/// Options of `admin bootstrap`.
#[derive(Debug, Args)]
pub struct BootstrapArgs {
    /// URL name of the organisation (e.g. `acme`).
    #[arg(long)]
    pub org: String,
    /// Display name.
    #[arg(long)]
    pub name: String,
    /// The first admin's email address.
    #[arg(long)]
    pub admin_email: String,
    /// The first admin's name (default: the part of the address before the @).
    #[arg(long)]
    pub admin_name: Option<String>,
    /// Default language: en or fr.
    #[arg(long, default_value = "en")]
    pub language: String,
}

/// Token subcommands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a new staff API token for a staff user; prints it.
    Create {
        /// Organisation slug.
        #[arg(long)]
        org: String,
        /// The staff user's email address.
        #[arg(long)]
        email: String,
        /// A label to recognise the token by.
        #[arg(long, default_value = "cli")]
        label: String,
    },
}
