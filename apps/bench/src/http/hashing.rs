//! Password hashing must never starve the runtime (DESIGN §7): the guest view's p99 while
//! sign-ins arrive at twice the hashing capacity stays within 2× of its unloaded value.
//!
//! 1. **Capacity**: failed sign-ins (unknown addresses, each from its own
//!    `X-Forwarded-For`, so no throttle answers before the hash) are driven flat out for a
//!    few seconds; the sign-ins answered `401` (hashed) per second are the capacity, the
//!    `429`s are the hasher refusing work it has no room for.
//! 2. **Unloaded**: the guest view alone.
//! 3. **Loaded**: the guest view again while an open-loop sender starts sign-ins at twice
//!    the capacity, each on its own task, whatever the server answers.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use reqwest::{Client, RequestBuilder, StatusCode};

use super::load::{self, MakeRequest, Measured, Settings};

/// The double-submit CSRF value the sign-in form is sent with (cookie and field agree).
const CSRF: &str = "bench-sign-in-csrf-0123456789abcdef";

/// What the scenario measured.
pub struct HashingReport {
    /// Sign-ins hashed per second when driven flat out.
    pub capacity: f64,
    /// The guest view alone.
    pub unloaded: Measured,
    /// The guest view while sign-ins arrive at twice the capacity.
    pub loaded: Measured,
    /// Sign-ins started during the loaded phase.
    pub sign_ins_sent: u64,
    /// Of those, answered 401 (hashed).
    pub sign_ins_hashed: u64,
    /// Of those, answered 429 (hasher busy).
    pub sign_ins_refused: u64,
}

/// A failed sign-in, number `n`: an address no account has, from its own address.
fn sign_in(client: &Client, base: &str, n: u64) -> RequestBuilder {
    client
        .post(format!("{base}/staff/login"))
        .header("cookie", format!("__Host-fd_csrf={CSRF}; fd_csrf={CSRF}"))
        .header("x-forwarded-for", super::seed::forwarded_for(n + 1_000_000))
        .form(&[
            ("organisation", "bench".to_owned()),
            ("email", format!("nobody-{n}@bench.example")),
            ("password", format!("not the password {n}")),
            ("csrf", CSRF.to_owned()),
        ])
}

/// Runs the three phases against `base`, the guest view driven by `guest`.
///
/// # Errors
/// When a phase cannot be driven or the server never hashes a sign-in.
pub async fn run(
    base: &str,
    guest: MakeRequest,
    settings: Settings,
) -> Result<HashingReport, String> {
    let sign_ins: MakeRequest = {
        let base = base.to_owned();
        Arc::new(move |client, n| Some(sign_in(client, &base, n)))
    };
    let flat_out = load::drive(
        Settings {
            connections: 8,
            warm_up: Duration::from_secs(1),
            measured: Duration::from_secs(3),
        },
        StatusCode::UNAUTHORIZED,
        sign_ins,
    )
    .await?;
    let capacity = flat_out.rate();
    if flat_out.ok == 0 {
        return Err(format!(
            "no sign-in was hashed; first answer: {}",
            flat_out.first_error.as_deref().unwrap_or("none")
        ));
    }

    let unloaded = load::drive(settings, StatusCode::OK, guest.clone()).await?;

    let sent = Arc::new(AtomicU64::new(0));
    let hashed = Arc::new(AtomicU64::new(0));
    let refused = Arc::new(AtomicU64::new(0));
    let stop_at = Instant::now() + settings.warm_up + settings.measured;
    let sender = {
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .tcp_nodelay(true)
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| e.to_string())?;
        let base = base.to_owned();
        let (sent, hashed, refused) = (sent.clone(), hashed.clone(), refused.clone());
        let period = Duration::from_secs_f64(1.0 / (2.0 * capacity).max(1.0));
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut in_flight = Vec::new();
            while Instant::now() < stop_at {
                ticks.tick().await;
                let n = sent.fetch_add(1, Ordering::Relaxed);
                let request = sign_in(&client, &base, 10_000_000 + n);
                let (hashed, refused) = (hashed.clone(), refused.clone());
                in_flight.push(tokio::spawn(async move {
                    if let Ok(response) = request.send().await {
                        match response.status() {
                            StatusCode::UNAUTHORIZED => hashed.fetch_add(1, Ordering::Relaxed),
                            StatusCode::TOO_MANY_REQUESTS => {
                                refused.fetch_add(1, Ordering::Relaxed)
                            }
                            _ => 0,
                        };
                        let _ = response.bytes().await;
                    }
                }));
            }
            for task in in_flight {
                let _ = task.await;
            }
        })
    };
    let loaded = load::drive(settings, StatusCode::OK, guest).await?;
    sender.await.map_err(|e| e.to_string())?;
    Ok(HashingReport {
        capacity,
        unloaded,
        loaded,
        sign_ins_sent: sent.load(Ordering::Relaxed),
        sign_ins_hashed: hashed.load(Ordering::Relaxed),
        sign_ins_refused: refused.load(Ordering::Relaxed),
    })
}
