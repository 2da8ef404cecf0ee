//! The listener's edge settings: timeouts, the connection cap and the trusted proxy count.

use std::time::Duration;

use super::{error_env, load_env, load_file};

#[test]
fn the_edge_settings_and_the_trusted_proxy_count() {
    let (config, _file) = load_file(
        "[http]\nheader_read_timeout_seconds = 2\nkeep_alive_idle_seconds = 5\nmax_connections = 20\ntrusted_proxies = 2\ntrust_forwarded_for = true\n",
        &[],
    );
    let config = config.unwrap();
    assert_eq!(config.http.header_read_timeout, Duration::from_secs(2));
    assert_eq!(config.http.keep_alive_idle, Duration::from_secs(5));
    assert_eq!(config.http.max_connections, 20);
    // The count wins over the older flag.
    assert_eq!(config.http.trusted_proxies, 2);
    let config = load_env(&[("FRONTDESK_HTTP_TRUSTED_PROXIES", "0")]).unwrap();
    assert_eq!(config.http.trusted_proxies, 0);
    for (var, value) in [
        ("FRONTDESK_HTTP_TRUSTED_PROXIES", "17"),
        ("FRONTDESK_HTTP_MAX_CONNECTIONS", "0"),
        ("FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS", "0"),
        ("FRONTDESK_HTTP_KEEP_ALIVE_IDLE_SECONDS", "soon"),
    ] {
        let message = error_env(&[(var, value)]);
        assert!(message.contains(var), "{message}");
    }
}
