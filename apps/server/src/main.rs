//! `frontdesk-server`: serve, migrate and administer Frontdesk.

use std::process::ExitCode;

use clap::Parser;
use frontdesk_access::{
    ApiTokenLabel, ApiTokenLabelRule, BootstrapOrganisation, OrgName, OrgNameRule, OrgSlug,
};
use frontdesk_config::Config;
use frontdesk_kernel::{EmailAddress, Language, PersonName};
use frontdesk_server::cli::{AdminCommand, BootstrapArgs, Cli, Command, ServeArgs, TokenCommand};
use frontdesk_server::{ServeOptions, wiring};
use frontdesk_storage::Database;
use secrecy::ExposeSecret;

/// A failure to report to the operator, with the exit code to use.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 2,
        }
    }

    fn runtime(message: impl std::fmt::Display) -> Self {
        Self {
            message: message.to_string(),
            code: 1,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match Config::load(cli.config.as_deref(), std::env::vars()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("frontdesk-server: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    frontdesk_runtime::logging::init(&config.log);
    let outcome = match cli.command {
        Command::Serve(args) => serve(&config, args).await,
        Command::Migrate => migrate(&config).await,
        Command::Worker => {
            frontdesk_worker::run_standalone(&config, frontdesk_runtime::shutdown_signal())
                .await
                .map(|report| tracing::info!(?report, "worker stopped"))
                .map_err(Failure::runtime)
        }
        Command::Admin {
            command: AdminCommand::Bootstrap(args),
        } => bootstrap(&config, args).await,
        Command::Admin {
            command:
                AdminCommand::Token {
                    command: TokenCommand::Create { org, email, label },
                },
        } => create_token(&config, &org, &email, &label).await,
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("frontdesk-server: {}", failure.message);
            ExitCode::from(failure.code)
        }
    }
}

async fn serve(config: &Config, args: ServeArgs) -> Result<(), Failure> {
    let options = ServeOptions {
        no_worker: args.no_worker,
        demo: args.demo,
        hasher: None,
    };
    let stop = frontdesk_runtime::shutdown_signal();
    let running = frontdesk_server::start(config, options)
        .await
        .map_err(Failure::runtime)?;
    eprintln!(
        "frontdesk-server: listening on http://{}",
        running.address()
    );
    stop.await;
    running.shutdown().await.map_err(Failure::runtime)
}

async fn open(config: &Config) -> Result<Database, Failure> {
    let database = Database::connect(config.database_url.expose())
        .await
        .map_err(Failure::runtime)?
        .with_outbox_sealing(
            frontdesk_worker::at_rest::outbox_sealing(&config.at_rest).map_err(Failure::runtime)?,
        );
    database.migrate().await.map_err(Failure::runtime)?;
    Ok(database)
}

async fn migrate(config: &Config) -> Result<(), Failure> {
    let database = open(config).await?;
    if let Err(error) = database.close().await {
        tracing::warn!(%error, "closing the database failed");
    }
    eprintln!("frontdesk-server: migrations applied");
    Ok(())
}

fn bootstrap_request(
    config: &Config,
    args: &BootstrapArgs,
) -> Result<BootstrapOrganisation, Failure> {
    let slug = OrgSlug::parse(&args.org).map_err(|e| Failure::usage(format!("--org: {e}")))?;
    let name = OrgName::parse(args.name.trim())
        .map_err(|_| Failure::usage(format!("--name: {}", OrgNameRule::DESCRIPTION)))?;
    let admin_email = EmailAddress::parse(&args.admin_email)
        .map_err(|e| Failure::usage(format!("--admin-email: {e}")))?;
    let admin_name = args
        .admin_name
        .clone()
        .unwrap_or_else(|| admin_email.local_part().to_owned());
    let admin_name =
        PersonName::parse(&admin_name).map_err(|e| Failure::usage(format!("--admin-name: {e}")))?;
    let default_language =
        Language::parse(&args.language).map_err(|e| Failure::usage(format!("--language: {e}")))?;
    Ok(BootstrapOrganisation {
        slug,
        name,
        admin_email,
        admin_name,
        base_url: config.base_url.clone(),
        default_language,
    })
}

async fn bootstrap(config: &Config, args: BootstrapArgs) -> Result<(), Failure> {
    let request = bootstrap_request(config, &args)?;
    let database = open(config).await?;
    let access = wiring::access_service(config, &database, wiring::hasher(config));
    let outcome = access.bootstrap(request).await;
    if let Err(error) = database.close().await {
        tracing::warn!(%error, "closing the database failed");
    }
    let created = outcome.map_err(Failure::runtime)?;
    let output = serde_json::json!({
        "org_id": created.organisation.id,
        "org_slug": created.organisation.slug.as_str(),
        "form_slug": created.form_slug,
        "admin_user_id": created.admin.id,
        "admin_email": created.admin.email.as_str(),
        "api_token": created.api_token.expose(),
        "admin_setup_url": created.setup_link.url.expose_secret(),
        "admin_setup_expires_at": created.setup_link.expires_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "base_url": created.organisation.base_url.as_str(),
    });
    println!("{output}");
    Ok(())
}

async fn create_token(config: &Config, org: &str, email: &str, label: &str) -> Result<(), Failure> {
    let slug = OrgSlug::parse(org).map_err(|e| Failure::usage(format!("--org: {e}")))?;
    let email = EmailAddress::parse(email).map_err(|e| Failure::usage(format!("--email: {e}")))?;
    // Trimmed first, as the label always was; refused with the rule's words, as before.
    let label = ApiTokenLabel::parse(label.trim())
        .map_err(|_| Failure::runtime(ApiTokenLabelRule::DESCRIPTION))?;
    let database = open(config).await?;
    let access = wiring::access_service(config, &database, wiring::hasher(config));
    let outcome = access.operator_create_api_token(&slug, &email, label).await;
    if let Err(error) = database.close().await {
        tracing::warn!(%error, "closing the database failed");
    }
    let created = outcome.map_err(Failure::runtime)?;
    println!("{}", created.secret.expose());
    Ok(())
}
