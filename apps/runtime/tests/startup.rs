//! The start-up helpers: logging can be set up more than once, and the shutdown future
//! waits while nobody asks the process to stop (`signal.rs`, a process of its own, sends
//! the signal).

use std::time::Duration;

use frontdesk_config::{LogFormat, LogSettings};

#[test]
fn logging_can_be_set_up_twice_with_any_filter() {
    frontdesk_runtime::logging::init(&LogSettings {
        filter: "info,frontdesk=debug".to_owned(),
        format: LogFormat::Json,
    });
    // A second call, even with a filter that does not parse, does nothing and does not panic.
    frontdesk_runtime::logging::init(&LogSettings {
        filter: "[[not a filter".to_owned(),
        format: LogFormat::Text,
    });
}

#[tokio::test]
async fn shutdown_signal_waits_while_nothing_asks_to_stop() {
    let stop = frontdesk_runtime::shutdown_signal();
    assert!(
        tokio::time::timeout(Duration::from_millis(50), stop)
            .await
            .is_err(),
        "no signal, no shutdown"
    );
}
