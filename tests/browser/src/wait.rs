//! Waiting for state without sleeping blindly: poll a probe until it answers or a deadline
//! passes.

use std::future::Future;
use std::time::{Duration, Instant};

/// How long any one thing in the browser, the server or the mail sink may take.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// How often [`eventually`] probes.
const POLL: Duration = Duration::from_millis(50);

/// Polls `probe` every 50 ms, up to [`DEADLINE`], until it returns `Some`.
///
/// # Errors
/// A sentence naming `what` when the deadline passes first.
pub async fn eventually<T, F, Fut>(what: &str, probe: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_within(DEADLINE, what, probe).await
}

/// [`eventually`] with a deadline of its own.
///
/// # Errors
/// A sentence naming `what` when `deadline` passes first.
pub async fn eventually_within<T, F, Fut>(
    deadline: Duration,
    what: &str,
    mut probe: F,
) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let until = Instant::now() + deadline;
    loop {
        if let Some(found) = probe().await {
            return Ok(found);
        }
        if Instant::now() >= until {
            return Err(format!("timed out after {deadline:?} waiting for {what}"));
        }
        tokio::time::sleep(POLL).await;
    }
}
