//! The standard jobs every worker runs.

use std::sync::{Arc, Mutex};

use frontdesk_kernel::{Clock, SystemClock};
use frontdesk_storage::Database;
use time::{Duration, OffsetDateTime};

use crate::{Job, JobError, JobOutcome};

/// The jobs a worker runs by default.
pub fn standard(database: &Database) -> Vec<Arc<dyn Job>> {
    vec![Arc::new(Housekeeping::new(
        database.clone(),
        Arc::new(SystemClock),
    ))]
}

/// Deletes what no rule needs any more: failed sign-in records past every throttle window
/// and sessions that ended or expired more than a day ago.
pub struct Housekeeping {
    database: Database,
    clock: Arc<dyn Clock>,
    last_run: Mutex<Option<OffsetDateTime>>,
}

impl Housekeeping {
    /// How long failed attempts are kept (longer than any throttle window).
    pub const ATTEMPT_RETENTION: Duration = Duration::days(1);
    /// How long ended sessions are kept.
    pub const SESSION_RETENTION: Duration = Duration::days(1);
    /// Sweeps run at most this often, however fast the worker ticks.
    pub const EVERY: Duration = Duration::minutes(10);

    /// A housekeeping job over `database`.
    pub fn new(database: Database, clock: Arc<dyn Clock>) -> Self {
        Self {
            database,
            clock,
            last_run: Mutex::new(None),
        }
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
        let processed = self
            .database
            .purge_expired(now - Self::ATTEMPT_RETENTION, now - Self::SESSION_RETENTION)
            .await
            .map_err(|error| JobError {
                job: "housekeeping",
                message: error.to_string(),
            })?;
        Ok(JobOutcome { processed })
    }
}
