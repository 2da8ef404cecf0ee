//! The load generator: `connections` tasks, each with its own HTTP/1.1 keep-alive connection,
//! looping requests for a warm-up and then a measured phase, recording every latency.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, RequestBuilder, StatusCode};
use tokio::sync::Mutex;

use crate::stats::percentile;

/// Builds request number `n` on `client`, or `None` when the inputs ran out (the task stops).
pub type MakeRequest = Arc<dyn Fn(&Client, u64) -> Option<RequestBuilder> + Send + Sync>;

/// How a phase is run.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Concurrent connections (one task each).
    pub connections: u32,
    /// Unmeasured warm-up.
    pub warm_up: Duration,
    /// Measured phase.
    pub measured: Duration,
}

/// What one phase measured.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    /// Requests completed with the expected status in the measured phase.
    pub ok: u64,
    /// Requests with another status or a transport error in the measured phase.
    pub errors: u64,
    /// The first unexpected answer, for the report.
    pub first_error: Option<String>,
    /// Length of the measured phase actually run (shorter when the inputs ran out).
    pub elapsed: Duration,
    /// Whether a task ran out of inputs.
    pub exhausted: bool,
    /// Sorted latencies of the measured requests.
    pub latencies: Vec<Duration>,
}

impl Measured {
    /// Successful requests per second.
    pub fn rate(&self) -> f64 {
        if self.elapsed.is_zero() {
            return 0.0;
        }
        #[expect(
            clippy::cast_precision_loss,
            reason = "request counts are far below 2^52"
        )]
        let ok = self.ok as f64;
        ok / self.elapsed.as_secs_f64()
    }

    /// Median latency.
    pub fn p50(&self) -> Duration {
        percentile(&self.latencies, 0.50)
    }

    /// 99th percentile latency.
    pub fn p99(&self) -> Duration {
        percentile(&self.latencies, 0.99)
    }
}

/// A client that keeps exactly one idle keep-alive connection and never follows redirects.
///
/// # Errors
/// When the TLS backend cannot be initialised.
pub fn client() -> Result<Client, String> {
    Client::builder()
        .pool_max_idle_per_host(1)
        .redirect(reqwest::redirect::Policy::none())
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| e.to_string())
}

#[derive(Default)]
struct TaskResult {
    ok: u64,
    errors: u64,
    exhausted_at: Option<Instant>,
    latencies: Vec<Duration>,
}

/// Drives `make` from `settings.connections` tasks; a request succeeds when it answers
/// `expected`.
///
/// # Errors
/// When a client cannot be built or a task panics.
pub async fn drive(
    settings: Settings,
    expected: StatusCode,
    make: MakeRequest,
) -> Result<Measured, String> {
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let measure_from = started + settings.warm_up;
    let end = measure_from + settings.measured;
    let first_error = Arc::new(Mutex::new(None::<String>));
    let mut tasks = Vec::new();
    for _ in 0..settings.connections {
        let client = client()?;
        let make = make.clone();
        let counter = counter.clone();
        let first_error = first_error.clone();
        tasks.push(tokio::spawn(async move {
            let mut result = TaskResult {
                latencies: Vec::with_capacity(16_384),
                ..TaskResult::default()
            };
            loop {
                let sent = Instant::now();
                if sent >= end {
                    break;
                }
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let Some(request) = make(&client, n) else {
                    result.exhausted_at = Some(sent);
                    break;
                };
                let outcome = match request.send().await {
                    Ok(response) => {
                        let status = response.status();
                        let body = response.bytes().await;
                        match body {
                            Ok(_) if status == expected => Ok(()),
                            Ok(body) => Err(format!(
                                "{status}: {}",
                                String::from_utf8_lossy(&body)
                                    .chars()
                                    .take(300)
                                    .collect::<String>()
                            )),
                            Err(error) => Err(error.to_string()),
                        }
                    }
                    Err(error) => Err(error.to_string()),
                };
                let took = sent.elapsed();
                if sent < measure_from {
                    continue;
                }
                match outcome {
                    Ok(()) => {
                        result.ok += 1;
                        result.latencies.push(took);
                    }
                    Err(error) => {
                        result.errors += 1;
                        let mut first = first_error.lock().await;
                        if first.is_none() {
                            *first = Some(error);
                        }
                    }
                }
            }
            result
        }));
    }
    let mut measured = Measured::default();
    let mut exhausted_at: Option<Instant> = None;
    for task in tasks {
        let result = task.await.map_err(|e| e.to_string())?;
        measured.ok += result.ok;
        measured.errors += result.errors;
        measured.latencies.extend(result.latencies);
        if let Some(at) = result.exhausted_at {
            exhausted_at = Some(exhausted_at.map_or(at, |other| other.max(at)));
        }
    }
    measured.first_error = first_error.lock().await.take();
    measured.exhausted = exhausted_at.is_some();
    let stop = exhausted_at.unwrap_or(end).min(end);
    measured.elapsed = stop.saturating_duration_since(measure_from);
    measured.latencies.sort_unstable();
    Ok(measured)
}
