//! The real-browser harness: `chromedriver` on a free loopback port driving headless
//! Chromium with a throw-away profile, a few Chromium-specific `WebDriver` commands (browser
//! console log, scripts injected before a page's own, device metrics, full-page captures),
//! axe-core accessibility checks, screenshots kept under `target/screenshots/`, and helpers
//! that use a page by its visible labels. The suites live in `tests/`.
//!
//! | module | what |
//! |---|---|
//! | `driver` | [`Chromedriver`]: the driver process and its Chromium sessions |
//! | [`chromium`] | devtools commands, the browser log, full-page PNGs |
//! | [`axe`] | axe-core in the page: violations by impact, formatted |
//! | [`journey`] | [`Journey`]: database, mail sink, server and browser started and torn down together; every page checked and captured |
//! | [`mail`] | a received mail decoded to text, and its links |
//! | [`screenshot`] | `target/screenshots/<suite>/<name>-<lang>.png` |
//! | [`ui`] | links, buttons and fields by their visible text |
//! | [`wait`] | [`eventually`]: polling with a deadline |
//!
//! [`Chromedriver::start`] fails when `chromedriver` is not installed, unless the run opted
//! out with `FRONTDESK_TEST_SKIP_MISSING=chromium` outside CI: then it returns `None`.

#![expect(
    clippy::missing_panics_doc,
    reason = "a test harness: every panic is a failed test"
)]

pub mod axe;
pub mod chromium;
mod driver;
pub mod journey;
pub mod mail;
pub mod screenshot;
pub mod ui;
pub mod wait;

pub use chromium::{before_every_page, browser_log};
pub use driver::{CHROMEDRIVER, CHROMIUM, Chromedriver, running_in_ci};
pub use journey::{Engine, Journey};
pub use wait::{DEADLINE, eventually};
