//! The standard jobs every worker runs.

use std::sync::{Arc, Mutex};

use frontdesk_config::{Config, MailSetting, SmtpSecurity};
use frontdesk_kernel::{Clock, OsTokenSource, SystemClock, TokenSource};
use frontdesk_mail::{HandlebarsEngine, MailSettings};
use frontdesk_messaging::{Dispatcher, DispatcherSettings, RetryPolicy};
use frontdesk_storage::Database;
use time::{Duration, OffsetDateTime};

use crate::{Job, JobError, JobOutcome, WorkerStartError};

/// The jobs a worker runs by default: outbox dispatch and housekeeping.
///
/// # Errors
/// [`WorkerStartError::Mail`] when the configured mail transport cannot be set up.
pub fn standard(
    database: &Database,
    config: &Config,
) -> Result<Vec<Arc<dyn Job>>, WorkerStartError> {
    let transport = frontdesk_mail::build_transport(&mail_settings(&config.mail))
        .map_err(|error| WorkerStartError::Mail(error.to_string()))?;
    let store = Arc::new(database.clone());
    let dispatcher = Dispatcher::new(
        store.clone(),
        store.clone(),
        Arc::new(HandlebarsEngine::new()),
        transport,
        store,
        Arc::new(SystemClock),
        Arc::new(OsTokenSource),
        DispatcherSettings {
            worker_id: worker_id(),
            batch_size: config.outbox.batch_size,
            lease: Duration::try_from(config.outbox.lease).unwrap_or(Duration::MINUTE),
            sender: config.mail_from.clone(),
            retry: RetryPolicy {
                max_attempts: config.outbox.max_attempts,
                ..RetryPolicy::default()
            },
            concurrency: 8,
        },
    );
    Ok(vec![
        Arc::new(OutboxDispatch {
            dispatcher,
            batch_size: config.outbox.batch_size,
        }),
        Arc::new(
            Housekeeping::new(database.clone(), Arc::new(SystemClock)).with_dead_mail_retention(
                Duration::try_from(config.at_rest.dead_mail_retention)
                    .unwrap_or(Housekeeping::DEAD_MAIL_RETENTION),
            ),
        ),
    ])
}

/// The mail adapter's settings for the configured [`MailSetting`].
pub fn mail_settings(setting: &MailSetting) -> MailSettings {
    match setting {
        MailSetting::Smtp {
            host,
            port,
            security,
            credentials,
        } => MailSettings::Smtp {
            host: host.clone(),
            port: *port,
            security: match security {
                SmtpSecurity::Plain => frontdesk_mail::SmtpSecurity::Plain,
                SmtpSecurity::StartTls => frontdesk_mail::SmtpSecurity::StartTls,
                SmtpSecurity::Tls => frontdesk_mail::SmtpSecurity::Tls,
            },
            credentials: credentials.clone(),
        },
        MailSetting::File { dir } => MailSettings::File { dir: dir.clone() },
        MailSetting::Memory => MailSettings::Memory,
    }
}

/// A name for this worker's leases: host, process id and a random suffix.
fn worker_id() -> String {
    let mut suffix = [0u8; 4];
    OsTokenSource.fill(&mut suffix);
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "worker".into());
    format!(
        "{host}-{}-{:08x}",
        std::process::id(),
        u32::from_le_bytes(suffix)
    )
}

/// Sends what the outbox holds: claims batches until a claim comes back short (at most
/// [`OutboxDispatch::MAX_BATCHES_PER_TICK`] per tick, so other jobs still run).
pub struct OutboxDispatch {
    dispatcher: Dispatcher,
    batch_size: u32,
}

impl OutboxDispatch {
    /// Upper bound of batches one tick sends.
    pub const MAX_BATCHES_PER_TICK: usize = 50;
}

#[async_trait::async_trait]
impl Job for OutboxDispatch {
    fn name(&self) -> &'static str {
        "outbox"
    }

    async fn run_once(&self) -> Result<JobOutcome, JobError> {
        let mut processed = 0;
        for _ in 0..Self::MAX_BATCHES_PER_TICK {
            let report = self
                .dispatcher
                .dispatch_once()
                .await
                .map_err(|error| JobError {
                    job: "outbox",
                    message: error.to_string(),
                })?;
            processed += report.sent + report.retried + report.dead;
            if report.claimed < u64::from(self.batch_size) {
                break;
            }
        }
        Ok(JobOutcome { processed })
    }
}

/// Deletes what no rule needs any more: failed sign-in records past every throttle window,
/// sessions that ended or expired more than a day ago, and dead mail queued longer ago than
/// its retention (30 days unless configured).
pub struct Housekeeping {
    database: Database,
    clock: Arc<dyn Clock>,
    dead_mail_retention: Duration,
    last_run: Mutex<Option<OffsetDateTime>>,
}

impl Housekeeping {
    /// How long failed attempts are kept (longer than any throttle window).
    pub const ATTEMPT_RETENTION: Duration = Duration::days(1);
    /// How long ended sessions are kept.
    pub const SESSION_RETENTION: Duration = Duration::days(1);
    /// How long dead mail is kept after it was queued, unless configured.
    pub const DEAD_MAIL_RETENTION: Duration = Duration::days(30);
    /// Sweeps run at most this often, however fast the worker ticks.
    pub const EVERY: Duration = Duration::minutes(10);

    /// A housekeeping job over `database`.
    pub fn new(database: Database, clock: Arc<dyn Clock>) -> Self {
        Self {
            database,
            clock,
            dead_mail_retention: Self::DEAD_MAIL_RETENTION,
            last_run: Mutex::new(None),
        }
    }

    /// This job, keeping dead mail for `retention` after it was queued.
    #[must_use]
    pub fn with_dead_mail_retention(mut self, retention: Duration) -> Self {
        self.dead_mail_retention = retention;
        self
    }
}

#[async_trait::async_trait]
impl Job for Housekeeping {
    fn name(&self) -> &'static str {
        "housekeeping"
    }

    async fn run_once(&self) -> Result<JobOutcome, JobError> {
        let now = self.clock.now();
        {
            let mut last_run = self
                .last_run
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if last_run.is_some_and(|at| now - at < Self::EVERY) {
                return Ok(JobOutcome::default());
            }
            *last_run = Some(now);
        }
        let failed = |error: frontdesk_kernel::RepositoryError| JobError {
            job: "housekeeping",
            message: error.to_string(),
        };
        let expired = self
            .database
            .purge_expired(now - Self::ATTEMPT_RETENTION, now - Self::SESSION_RETENTION)
            .await
            .map_err(failed)?;
        let dead = self
            .database
            .purge_dead_mail(now - self.dead_mail_retention)
            .await
            .map_err(failed)?;
        Ok(JobOutcome {
            processed: expired + dead,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_settings_carry_every_part_of_the_configured_setting() {
        for (raw, expected) in [
            ("smtp://relay.test", frontdesk_mail::SmtpSecurity::Plain),
            (
                "smtp+starttls://relay.test",
                frontdesk_mail::SmtpSecurity::StartTls,
            ),
            ("smtps://relay.test", frontdesk_mail::SmtpSecurity::Tls),
        ] {
            let setting = MailSetting::parse(&format!("{raw}:2525")).unwrap();
            let MailSettings::Smtp {
                host,
                port,
                security,
                credentials,
            } = mail_settings(&setting)
            else {
                panic!("{raw} is an SMTP relay");
            };
            assert_eq!(
                (host.as_str(), port, security),
                ("relay.test", 2525, expected)
            );
            assert!(credentials.is_none());
        }
        let setting = MailSetting::parse("smtp+starttls://ann:p%40ss@relay.test").unwrap();
        let MailSettings::Smtp { credentials, .. } = mail_settings(&setting) else {
            panic!("an SMTP relay");
        };
        assert_eq!(credentials.map(|(user, _)| user).as_deref(), Some("ann"));
        let setting = MailSetting::parse("file:./spool").unwrap();
        assert!(matches!(
            mail_settings(&setting),
            MailSettings::File { dir } if dir == std::path::Path::new("./spool")
        ));
        let setting = MailSetting::parse("memory").unwrap();
        assert!(matches!(mail_settings(&setting), MailSettings::Memory));
    }
}
