//! Captcha adapters for [`frontdesk_kernel::CaptchaVerifier`].
//!
//! - [`AltchaVerifier`], the default: a self-hosted ALTCHA proof of work (classic v1,
//!   SHA-256) that needs no third party and works offline. Each solution is accepted once,
//!   through a shared [`CaptchaReplayStore`](frontdesk_kernel::CaptchaReplayStore).
//! - [`SiteVerifyVerifier`]: Cloudflare Turnstile, hCaptcha or Google reCAPTCHA through
//!   their `siteverify` endpoints.
//! - [`InMemoryReplayStore`]: a single-process replay store for tests and one-replica use.
//! - [`ALTCHA_WIDGET_JS`]: the ALTCHA browser widget, vendored so the server serves it itself.
//!
//! ```
//! use std::sync::Arc;
//!
//! use frontdesk_captcha::{AltchaKey, AltchaSettings, AltchaVerifier, InMemoryReplayStore, solve_for_tests};
//! use frontdesk_kernel::{CaptchaError, CaptchaVerifier, OsTokenSource, SystemClock};
//!
//! # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
//! let clock = Arc::new(SystemClock);
//! let verifier = AltchaVerifier::new(
//!     AltchaKey::generate(&OsTokenSource),
//!     AltchaSettings { max_number: 1_000, ..AltchaSettings::default() },
//!     Arc::new(InMemoryReplayStore::new(clock.clone())),
//!     clock,
//!     Arc::new(OsTokenSource),
//! );
//! let challenge = verifier.challenge().await?.expect("ALTCHA issues challenges");
//! let solution = solve_for_tests(&challenge);
//! verifier.verify(&solution, None).await?;
//! // Each solution is accepted once.
//! assert!(matches!(verifier.verify(&solution, None).await, Err(CaptchaError::Replayed)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod altcha;
mod replay;
mod siteverify;
mod widget;

pub use altcha::{AltchaKey, AltchaKeyError, AltchaSettings, AltchaVerifier, solve_for_tests};
pub use replay::InMemoryReplayStore;
pub use siteverify::{SiteVerifyConfig, SiteVerifyError, SiteVerifyProvider, SiteVerifyVerifier};
pub use widget::{ALTCHA_LICENSE, ALTCHA_WIDGET_JS, ALTCHA_WIDGET_VERSION};
