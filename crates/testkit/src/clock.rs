//! A clock tests move by hand, and a token source that never repeats.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use frontdesk_kernel::{Clock, TokenSource};
use time::{Duration, OffsetDateTime};

/// A [`Clock`] that stands still until a test moves it.
#[derive(Debug)]
pub struct FakeClock {
    now: Mutex<OffsetDateTime>,
}

impl FakeClock {
    /// A clock showing `start`.
    pub fn at(start: OffsetDateTime) -> Self {
        Self {
            now: Mutex::new(start),
        }
    }

    /// A clock showing 2026-01-01 00:00 UTC.
    pub fn new() -> Self {
        Self::at(time::macros::datetime!(2026-01-01 0:00 UTC))
    }

    /// Moves the clock forward (or back, with a negative duration).
    pub fn advance(&self, by: Duration) {
        let mut now = self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *now += by;
    }

    /// Sets the clock.
    pub fn set(&self, to: OffsetDateTime) {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = to;
    }
}

impl Default for FakeClock {
    fn default() -> Self {
        Self::new()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> OffsetDateTime {
        *self
            .now
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A [`TokenSource`] that yields distinct, predictable bytes on every call.
#[derive(Debug, Default)]
pub struct SequenceTokenSource {
    counter: AtomicU64,
}

impl TokenSource for SequenceTokenSource {
    fn fill(&self, buffer: &mut [u8]) {
        let n = self.counter.fetch_add(1, Ordering::Relaxed).to_le_bytes();
        for (i, byte) in buffer.iter_mut().enumerate() {
            *byte = n[i % n.len()] ^ u8::try_from(i % 251).unwrap_or(0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_only_when_told() {
        let clock = FakeClock::new();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        clock.advance(Duration::hours(1));
        assert_eq!(clock.now() - start, Duration::hours(1));
    }

    #[test]
    fn the_sequence_never_repeats_across_calls() {
        let source = SequenceTokenSource::default();
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        source.fill(&mut a);
        source.fill(&mut b);
        assert_ne!(a, b);
    }
}
