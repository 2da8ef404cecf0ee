//! The shutdown future completes when the process gets SIGTERM. Alone in its own test
//! binary, because the signal reaches every listener in the process.

#![cfg(unix)]

use std::time::Duration;

#[tokio::test]
async fn shutdown_signal_completes_on_sigterm_sent_before_it_is_polled() {
    let stop = frontdesk_runtime::shutdown_signal();
    // The handler is installed already: a SIGTERM now is caught, not fatal.
    let status = std::process::Command::new("kill")
        .args(["-TERM", &std::process::id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill failed: {status}");
    tokio::time::timeout(Duration::from_secs(10), stop)
        .await
        .expect("the shutdown future completes after SIGTERM");
}
