//! When to try a failed message again, and when to give up.

use time::Duration;

/// Exponential backoff with jitter, up to a number of attempts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts before a message is dead (the first attempt counts).
    pub max_attempts: u32,
    /// Delay after the first failure.
    pub base_delay: Duration,
    /// Longest delay between attempts.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay: Duration::seconds(30),
            max_delay: Duration::hours(2),
        }
    }
}

impl RetryPolicy {
    /// After failed attempt number `attempt` (1-based): `None` when the message is now dead,
    /// otherwise how long to wait. `jitter` in `0.0..=1.0` spreads retries: the wait is between
    /// half and all of the exponential delay.
    pub fn after_failure(&self, attempt: u32, jitter: f64) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let exponent = attempt.saturating_sub(1).min(30);
        let full = self
            .base_delay
            .checked_mul(1_i32 << exponent)
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let factor = 0.5 + 0.5 * jitter.clamp(0.0, 1.0);
        Some(Duration::seconds_f64(full.as_seconds_f64() * factor).max(Duration::SECOND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn delays_grow_stay_bounded_and_stop_at_the_maximum(attempt in 1u32..40, jitter in 0.0f64..=1.0) {
            let policy = RetryPolicy::default();
            match policy.after_failure(attempt, jitter) {
                None => prop_assert!(attempt >= policy.max_attempts),
                Some(delay) => {
                    prop_assert!(attempt < policy.max_attempts);
                    prop_assert!(delay >= Duration::SECOND);
                    prop_assert!(delay <= policy.max_delay);
                    let lower = policy.after_failure(attempt, 0.0).unwrap();
                    let upper = policy.after_failure(attempt, 1.0).unwrap();
                    prop_assert!(lower <= delay && delay <= upper);
                    if attempt > 1 {
                        prop_assert!(policy.after_failure(attempt - 1, 1.0).unwrap() <= upper);
                    }
                }
            }
        }
    }
}
