//! Start-up helpers every Frontdesk binary shares: installing the log subscriber from the
//! configured [`LogSettings`](frontdesk_config::LogSettings), and the future that completes
//! when the operator asks the process to stop.
//!
//! The server and the worker both use these; neither owns them, so running the worker
//! inside the server is the only reason one depends on the other.

pub mod logging;
mod signal;

pub use signal::shutdown_signal;
