//! The only way the domain reads the time.

use time::OffsetDateTime;

/// A source of the current time. Domain rules (expiry, timeouts, throttling windows) read
/// time only through this port, so tests can drive them with a fake clock.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait Clock: Send + Sync {
    /// The current instant, in UTC.
    fn now(&self) -> OffsetDateTime;
}

/// The real wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}
