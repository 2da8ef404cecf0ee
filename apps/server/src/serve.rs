//! Starting and stopping the server (and the in-process worker).

mod edge;

use std::net::SocketAddr;
use std::sync::Arc;

use frontdesk_access::{BootstrapError, BootstrapOrganisation, OrgName, OrgSlug};
use frontdesk_config::{Config, MailSetting};
use frontdesk_kernel::{EmailAddress, Language, PasswordHasher, PersonName};
use frontdesk_storage::{Database, StorageError};
use frontdesk_worker::{Worker, WorkerReport};
use secrecy::ExposeSecret;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app::{HttpLimits, router};
use crate::wiring;

/// How to run `serve`.
#[derive(Clone, Default)]
pub struct ServeOptions {
    /// Do not run the worker inside the server.
    pub no_worker: bool,
    /// Create the demo organisation if the database has none, and print its links.
    pub demo: bool,
    /// Use this hasher instead of the configured argon2id one (tests).
    pub hasher: Option<Arc<dyn PasswordHasher>>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// The listen address could not be bound.
    #[error("cannot listen on {address}: {source}")]
    Bind {
        /// The address.
        address: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The captcha verifier could not be set up.
    #[error(transparent)]
    Captcha(#[from] wiring::CaptchaSetupError),
    /// The worker could not be set up.
    #[error(transparent)]
    Worker(#[from] frontdesk_worker::WorkerStartError),
    /// The demo organisation could not be created.
    #[error("cannot create the demo organisation: {0}")]
    Demo(#[from] BootstrapError),
}

/// A started server: its address, and the handle to stop it.
pub struct RunningServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: JoinHandle<std::io::Result<()>>,
    worker: Option<(oneshot::Sender<()>, JoinHandle<WorkerReport>)>,
    database: Database,
}

impl RunningServer {
    /// The address it listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The database it uses.
    pub fn database(&self) -> &Database {
        &self.database
    }

    /// Stops accepting connections, lets in-flight requests finish, stops the worker after
    /// its current tick, and closes the database.
    ///
    /// # Errors
    /// The server's I/O error, if it failed while running.
    pub async fn shutdown(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let served = (&mut self.server)
            .await
            .unwrap_or_else(|join| Err(std::io::Error::other(join)));
        if let Some((stop, worker)) = self.worker.take() {
            let _ = stop.send(());
            let _ = worker.await;
        }
        if let Err(error) = self.database.close().await {
            tracing::warn!(%error, "closing the database failed");
        }
        served
    }
}

/// Opens the database, applies migrations, optionally seeds the demo organisation, binds the
/// listen address and starts serving (and, unless disabled, the worker) in the background.
///
/// # Errors
/// See [`ServeError`].
pub async fn start(config: &Config, options: ServeOptions) -> Result<RunningServer, ServeError> {
    let database = Database::connect(config.database_url.expose())
        .await?
        .with_outbox_sealing(frontdesk_worker::at_rest::outbox_sealing(&config.at_rest)?);
    database.migrate().await?;
    let hasher = options
        .hasher
        .clone()
        .unwrap_or_else(|| wiring::hasher(config));
    let state = wiring::app_state(config, &database, hasher).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|source| ServeError::Bind {
            address: config.listen,
            source,
        })?;
    let address = listener.local_addr().map_err(|source| ServeError::Bind {
        address: config.listen,
        source,
    })?;
    if let Some(warning) = file_mail_warning(address, &config.mail) {
        tracing::warn!(%address, "{warning}");
    }
    if options.demo {
        seed_demo(config, &state.access, address).await?;
    }
    let app = router(
        state,
        HttpLimits {
            body_limit_bytes: config.http.body_limit_bytes,
            request_timeout: config.http.request_timeout,
        },
    );
    let (stop, stopped) = oneshot::channel::<()>();
    let limits = edge::EdgeLimits::from_config(&config.http);
    let server = tokio::spawn(edge::serve(listener, app, limits, async move {
        let _ = stopped.await;
    }));
    let worker = if options.no_worker {
        None
    } else {
        let (stop, stopped) = oneshot::channel::<()>();
        let jobs = frontdesk_worker::jobs::standard(&database, config)?;
        let worker = Worker::new(jobs, config.worker.poll_interval);
        let handle = tokio::spawn(worker.run(async move {
            let _ = stopped.await;
        }));
        Some((stop, handle))
    };
    tracing::info!(%address, database = %config.database_url.redacted(), worker = !options.no_worker, "listening");
    Ok(RunningServer {
        address,
        stop: Some(stop),
        server,
        worker,
        database,
    })
}

/// The warning of a server reachable from other machines that still writes its mail to
/// files (the default `file:` transport): nobody gets invitations, links or alerts.
fn file_mail_warning(address: SocketAddr, mail: &MailSetting) -> Option<&'static str> {
    let MailSetting::File { .. } = mail else {
        return None;
    };
    (!address.ip().is_loopback()).then_some(
        "!!! MAIL IS NOT SENT: this server listens beyond loopback but writes every mail to \
         files (mail = file:…, the default). Nobody receives invitations, links or alerts. \
         Set FRONTDESK_MAIL (mail = \"smtp://…\") to an SMTP relay. !!!",
    )
}

async fn seed_demo(
    config: &Config,
    access: &frontdesk_access::AccessService,
    address: SocketAddr,
) -> Result<(), ServeError> {
    let slug = OrgSlug::parse("demo").expect("valid slug");
    if access
        .organisation_by_slug(&slug)
        .await
        .map_err(BootstrapError::from)?
        .is_some()
    {
        println!(
            "Demo organisation already exists. Sign in at {}",
            config.public_url("/staff/login?org=demo")
        );
        return Ok(());
    }
    let request = demo_request(config, slug);
    let created = access.bootstrap(request).await?;
    println!("Frontdesk demo is running on http://{address}");
    println!("  organisation:     demo (admin@demo.example)");
    println!(
        "  set the admin password: {}",
        created.setup_link.url.expose_secret()
    );
    println!(
        "  then sign in:     {}",
        config.public_url("/staff/login?org=demo")
    );
    println!(
        "  public case form: {}",
        config.public_url("/o/demo/forms/contact")
    );
    println!("  staff API token:  {}", created.api_token.expose());
    println!(
        "  API description:  {}",
        config.public_url("/api/v1/openapi.json")
    );
    Ok(())
}

fn demo_request(config: &Config, slug: OrgSlug) -> BootstrapOrganisation {
    BootstrapOrganisation {
        slug,
        name: OrgName::parse("Demo Organisation").expect("valid name"),
        admin_email: EmailAddress::parse("admin@demo.example").expect("valid address"),
        admin_name: PersonName::parse("Demo Admin").expect("valid name"),
        base_url: config.base_url.clone(),
        default_language: Language::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_mail_on_a_non_loopback_listener_warns_loudly() {
        let file = MailSetting::File {
            dir: std::path::PathBuf::from("./mail"),
        };
        for public in ["0.0.0.0:8080", "[::]:8080", "192.0.2.10:80"] {
            let warning = file_mail_warning(public.parse().unwrap(), &file);
            assert!(
                warning.is_some_and(|w| w.contains("MAIL IS NOT SENT")),
                "{public}"
            );
        }
        for local in ["127.0.0.1:8080", "[::1]:8080"] {
            assert_eq!(file_mail_warning(local.parse().unwrap(), &file), None);
        }
        assert_eq!(
            file_mail_warning("0.0.0.0:8080".parse().unwrap(), &MailSetting::Memory),
            None
        );
    }

    #[test]
    fn the_demo_constants_parse() {
        let config = Config::load(None, Vec::<(String, String)>::new()).unwrap();
        let request = demo_request(&config, OrgSlug::parse("demo").unwrap());
        assert_eq!(request.admin_email.as_str(), "admin@demo.example");
    }
}
