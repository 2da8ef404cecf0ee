//! Captcha adapters for [`frontdesk_kernel::CaptchaVerifier`].
//!
//! - [`AltchaVerifier`], the default: a self-hosted ALTCHA proof of work (classic v1,
//!   SHA-256) that needs no third party and works offline. Each solution is accepted once,
//!   through a shared [`CaptchaReplayStore`](frontdesk_kernel::CaptchaReplayStore).
//! - [`SiteVerifyVerifier`]: Cloudflare Turnstile, hCaptcha or Google reCAPTCHA through
//!   their `siteverify` endpoints.
//! - [`InMemoryReplayStore`]: a single-process replay store for tests and one-replica use.
//! - [`ALTCHA_WIDGET_JS`]: the ALTCHA browser widget, vendored so the server serves it itself.

mod altcha;
mod replay;
mod siteverify;
mod widget;

pub use altcha::{AltchaKey, AltchaKeyError, AltchaSettings, AltchaVerifier, solve_for_tests};
pub use replay::InMemoryReplayStore;
pub use siteverify::{SiteVerifyConfig, SiteVerifyError, SiteVerifyProvider, SiteVerifyVerifier};
pub use widget::{ALTCHA_LICENSE, ALTCHA_WIDGET_JS, ALTCHA_WIDGET_VERSION};
