//! How much work runs at once: password hashing slots and the worker's polling pace.

use std::num::NonZeroUsize;
use std::time::Duration;

use crate::ConfigError;
use crate::keys::{PASSWORDS_CONCURRENT, PASSWORDS_WAITING, WORKER_POLL};
use crate::sources::Sources;

/// Password hashing capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordSettings {
    /// Hashes running at once.
    pub max_concurrent_hashes: usize,
    /// Hashes waiting for a slot; more are refused with 429.
    pub max_waiting_hashes: usize,
}

/// Background worker settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerSettings {
    /// Pause between polls of the outbox when it is empty.
    pub poll_interval: Duration,
}

impl PasswordSettings {
    /// The configured capacity: [`default_concurrent_hashes`] running and four times as
    /// many waiting unless set.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        let max_concurrent_hashes = sources
            .number(&PASSWORDS_CONCURRENT, 1..=1024)?
            .unwrap_or_else(default_concurrent_hashes);
        Ok(Self {
            max_concurrent_hashes,
            max_waiting_hashes: sources
                .number(&PASSWORDS_WAITING, 0..=65_536)?
                .unwrap_or(max_concurrent_hashes * 4),
        })
    }
}

/// Hashes computed at once unless configured: one per CPU but one (at least one), so
/// sign-ins can never take every core from the pages.
fn default_concurrent_hashes() -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .saturating_sub(1)
        .max(1)
}

impl WorkerSettings {
    /// The configured polling pace, 500 ms unless set.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        Ok(Self {
            poll_interval: Duration::from_millis(
                sources.number(&WORKER_POLL, 10..=60_000)?.unwrap_or(500),
            ),
        })
    }
}
