//! The Frontdesk worker: runs background jobs on a fixed cadence until asked to stop.
//!
//! It runs as its own process (`frontdesk-worker`) or inside the server. Jobs are small
//! units implementing [`Job`]; each tick runs every job once. Stopping is graceful: the
//! current tick finishes, no new one starts. Because every job's state lives in the shared
//! database, any number of workers may run against one PostgreSQL.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// What one run of a job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JobOutcome {
    /// Items handled (messages sent, rows swept, …).
    pub processed: u64,
}

/// A job failed this tick; it will run again next tick.
#[derive(Debug, thiserror::Error)]
#[error("{job} failed: {message}")]
pub struct JobError {
    /// The job's name.
    pub job: &'static str,
    /// What went wrong (never secrets).
    pub message: String,
}

/// A unit of background work, run once per tick.
#[async_trait::async_trait]
pub trait Job: Send + Sync {
    /// A short name for logs.
    fn name(&self) -> &'static str;

    /// Does one batch of work.
    ///
    /// # Errors
    /// [`JobError`] when the batch failed; the loop logs it and carries on.
    async fn run_once(&self) -> Result<JobOutcome, JobError>;
}

/// Runs jobs every `poll_interval` until stopped.
pub struct Worker {
    jobs: Vec<Arc<dyn Job>>,
    poll_interval: Duration,
}

/// Totals over a worker's life, returned when it stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WorkerReport {
    /// Ticks completed.
    pub ticks: u64,
    /// Items processed by all jobs.
    pub processed: u64,
    /// Job runs that failed.
    pub failures: u64,
}

impl Worker {
    /// A worker over `jobs`.
    pub fn new(jobs: Vec<Arc<dyn Job>>, poll_interval: Duration) -> Self {
        Self {
            jobs,
            poll_interval,
        }
    }

    /// Runs one tick: every job once.
    pub async fn tick(&self, report: &mut WorkerReport) {
        for job in &self.jobs {
            match job.run_once().await {
                Ok(outcome) => {
                    report.processed += outcome.processed;
                    if outcome.processed > 0 {
                        tracing::info!(job = job.name(), processed = outcome.processed, "job ran");
                    }
                }
                Err(error) => {
                    report.failures += 1;
                    tracing::warn!(%error, "job failed; will retry next tick");
                }
            }
        }
        report.ticks += 1;
    }

    /// Runs ticks until `shutdown` completes, then returns after the current tick.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> WorkerReport {
        let (stop_tx, mut stop_rx) = watch::channel(false);
        let mut report = WorkerReport::default();
        tokio::pin!(shutdown);
        let mut interval = tokio::time::interval(self.poll_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                biased;
                () = &mut shutdown => {
                    let _ = stop_tx.send(true);
                    break;
                }
                _ = stop_rx.changed() => break,
                _ = interval.tick() => self.tick(&mut report).await,
            }
        }
        tracing::info!(
            ticks = report.ticks,
            processed = report.processed,
            "worker stopped"
        );
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    struct Counting(AtomicU64, bool);

    #[async_trait::async_trait]
    impl Job for Counting {
        fn name(&self) -> &'static str {
            "counting"
        }
        async fn run_once(&self) -> Result<JobOutcome, JobError> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            if self.1 && n.is_multiple_of(2) {
                return Err(JobError {
                    job: "counting",
                    message: "boom".into(),
                });
            }
            Ok(JobOutcome { processed: 1 })
        }
    }

    #[tokio::test]
    async fn runs_jobs_until_shutdown_and_survives_failures() {
        let job = Arc::new(Counting(AtomicU64::new(0), true));
        let worker = Worker::new(vec![job.clone()], Duration::from_millis(1));
        let watched = job.clone();
        let shutdown = async move {
            let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
            while watched.0.load(Ordering::SeqCst) < 6 && tokio::time::Instant::now() < deadline {
                tokio::task::yield_now().await;
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        };
        let report = worker.run(shutdown).await;
        assert!(report.ticks >= 6, "{report:?}");
        assert_eq!(report.ticks, report.processed + report.failures);
        assert!(report.failures >= 3);
    }
}

pub mod at_rest;
pub mod jobs;

/// Why the standalone worker could not start.
#[derive(Debug, thiserror::Error)]
pub enum WorkerStartError {
    /// The database could not be reached.
    #[error("cannot use the database: {0}")]
    Database(#[from] frontdesk_storage::StorageError),
    /// The mail transport could not be set up.
    #[error("cannot set up mail delivery: {0}")]
    Mail(String),
    /// The keys queued mail is sealed with could not be loaded (see [`at_rest`]).
    #[error("cannot load the sealing keys: {0}")]
    Sealing(String),
}

/// Connects to the configured database and runs the standard jobs until `shutdown`.
///
/// # Errors
/// [`WorkerStartError`] when the database cannot be reached at start.
pub async fn run_standalone(
    config: &frontdesk_config::Config,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<WorkerReport, WorkerStartError> {
    let database = frontdesk_storage::Database::connect(config.database_url.expose())
        .await?
        .with_outbox_sealing(at_rest::outbox_sealing(&config.at_rest)?);
    tracing::info!(database = %config.database_url.redacted(), "worker started");
    let worker = Worker::new(
        jobs::standard(&database, config)?,
        config.worker.poll_interval,
    );
    let report = worker.run(shutdown).await;
    if let Err(error) = database.close().await {
        tracing::warn!(%error, "closing the database failed");
    }
    Ok(report)
}
