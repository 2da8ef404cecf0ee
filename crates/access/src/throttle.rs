//! Failed sign-in throttling: a sliding window of failures per key.

use time::{Duration, OffsetDateTime};

/// How many failures a key may collect in a window before sign-ins from it are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed within `window`.
    pub max_failures: u32,
    /// Length of the sliding window.
    pub window: Duration,
}

impl ThrottlePolicy {
    /// Per account (organisation + address): 5 failures per 15 minutes.
    pub const PER_ACCOUNT: Self = Self {
        max_failures: 5,
        window: Duration::minutes(15),
    };
    /// Per client IP: 30 failures per 15 minutes.
    pub const PER_IP: Self = Self {
        max_failures: 30,
        window: Duration::minutes(15),
    };

    /// Where the window that matters at `now` starts.
    pub fn window_start(&self, now: OffsetDateTime) -> OffsetDateTime {
        now - self.window
    }

    /// Decides from the failures recorded in the window (times, any order).
    pub fn decide(&self, now: OffsetDateTime, failures: &[OffsetDateTime]) -> ThrottleDecision {
        let start = self.window_start(now);
        let mut recent: Vec<_> = failures
            .iter()
            .copied()
            .filter(|at| *at > start && *at <= now)
            .collect();
        if recent.len() < self.max_failures as usize {
            return ThrottleDecision::Allow;
        }
        recent.sort_unstable();
        // Sign-in reopens once enough of the recent failures have left the window.
        let excess = recent.len() - self.max_failures as usize;
        let reopens_at = recent[excess] + self.window;
        let wait = (reopens_at - now).whole_seconds().max(1);
        ThrottleDecision::Refuse {
            retry_after_seconds: u64::try_from(wait).unwrap_or(1),
        }
    }
}

/// Whether a sign-in attempt may proceed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThrottleDecision {
    /// Go ahead.
    Allow,
    /// Refuse; tell the client when to come back.
    Refuse {
        /// Seconds until an attempt will be allowed again.
        retry_after_seconds: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    proptest! {
        #[test]
        fn refuses_exactly_when_the_window_holds_the_maximum(
            offsets in proptest::collection::vec(0i64..3_600, 0..12),
        ) {
            let now = datetime!(2026-03-01 10:00 UTC);
            let policy = ThrottlePolicy::PER_ACCOUNT;
            let failures: Vec<_> = offsets.iter().map(|s| now - Duration::seconds(*s)).collect();
            let in_window = offsets.iter().filter(|s| **s < policy.window.whole_seconds()).count();
            match policy.decide(now, &failures) {
                ThrottleDecision::Allow => prop_assert!(in_window < 5),
                ThrottleDecision::Refuse { retry_after_seconds } => {
                    prop_assert!(in_window >= 5);
                    prop_assert!(retry_after_seconds >= 1);
                    prop_assert!(retry_after_seconds <= 900);
                    // Waiting that long really reopens sign-in.
                    let later = now + Duration::seconds(i64::try_from(retry_after_seconds).unwrap());
                    prop_assert_eq!(policy.decide(later, &failures), ThrottleDecision::Allow);
                }
            }
        }
    }
}
