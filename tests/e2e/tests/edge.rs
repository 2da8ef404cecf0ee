//! The edge against the real server over raw loopback TCP, on SQLite and on PostgreSQL:
//! half-open connections do not starve the server and are closed after the header-read
//! timeout, idle keep-alive connections are closed (by the keep-alive idle timeout, and —
//! hyper's HTTP/1 behaviour, pinned here — by the header-read timeout, which also bounds the
//! wait for the next request on a kept-alive connection), the connection cap closes the
//! extra connection while earlier ones keep working, and a forged leftmost
//! `X-Forwarded-For` entry does not change the client address the sign-in throttle counts.
//!
//! Every wait is bounded by a deadline; nothing sleeps to wait for state.

use std::time::Duration;

use frontdesk_e2e::{TestApp, hidden_input, set_cookie};
use reqwest::StatusCode;
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout};

frontdesk_e2e::on_both_databases!(url => half_open_connections_do_not_starve_the_server,
    an_idle_keep_alive_connection_closes_after_the_idle_timeout,
    the_header_read_timeout_also_bounds_the_wait_between_keep_alive_requests,
    the_connection_cap_closes_the_extra_connection_only,
    a_forged_leftmost_forwarded_for_does_not_change_the_rate_limited_address,
);

/// How long a test waits for anything the server should do.
const DEADLINE: Duration = Duration::from_secs(20);

const HEALTHZ: &[u8] = b"GET /healthz HTTP/1.1\r\nHost: frontdesk.test\r\n\r\n";

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.server.address())
        .await
        .expect("connects over loopback")
}

async fn send(stream: &TcpStream, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        stream.writable().await.expect("writable");
        match stream.try_write(bytes) {
            Ok(written) => bytes = &bytes[written..],
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(error) => panic!("writing failed: {error}"),
        }
    }
}

/// What reading from the connection gave.
#[derive(Debug, PartialEq)]
enum Read {
    Bytes(Vec<u8>),
    Closed,
}

async fn read_some(stream: &TcpStream) -> Read {
    let mut buffer = [0u8; 4096];
    loop {
        stream.readable().await.expect("readable");
        match stream.try_read(&mut buffer) {
            Ok(0) => return Read::Closed,
            Ok(n) => return Read::Bytes(buffer[..n].to_vec()),
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => {
                return Read::Closed;
            }
            Err(error) => panic!("reading failed: {error}"),
        }
    }
}

/// Reads one whole response (head and `Content-Length` body) and returns its status line.
async fn read_response(stream: &TcpStream) -> String {
    let mut received = Vec::new();
    let read = async {
        loop {
            if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&received[..end]).to_string();
                let length: usize = head
                    .lines()
                    .find_map(|line| {
                        let (name, value) = line.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                if received.len() >= end + 4 + length {
                    return head.lines().next().unwrap_or_default().to_owned();
                }
            }
            match read_some(stream).await {
                Read::Bytes(bytes) => received.extend(bytes),
                Read::Closed => panic!(
                    "closed before a whole response: {}",
                    String::from_utf8_lossy(&received)
                ),
            }
        }
    };
    timeout(DEADLINE, read).await.expect("a response in time")
}

/// Waits (bounded) until the server closes the connection, ignoring any bytes it sends
/// first; returns how long that took.
async fn closed_within(stream: &TcpStream, limit: Duration) -> Duration {
    let start = Instant::now();
    timeout(limit, async {
        while read_some(stream).await != Read::Closed {}
    })
    .await
    .expect("the server closes the connection in time");
    start.elapsed()
}

async fn half_open_connections_do_not_starve_the_server(url: &str) {
    let app =
        TestApp::start_with(url, &[("FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS", "3")]).await;
    let mut half_open = Vec::new();
    for n in 0..300 {
        let stream = connect(&app).await;
        // A request line and some headers, never the blank line that ends them.
        let partial = format!("GET /healthz?n={n} HTTP/1.1\r\nHost: frontdesk.test\r\nX-Slow: ");
        send(&stream, partial.as_bytes()).await;
        half_open.push(stream);
    }
    let started = Instant::now();
    let answer = timeout(DEADLINE, app.client.get(app.url("/healthz")).send())
        .await
        .expect("a normal request answers while 300 connections hang")
        .expect("healthz");
    assert_eq!(answer.status(), StatusCode::OK);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the normal request waited {:?}",
        started.elapsed()
    );
    // The header-read timeout frees every one of them: none is left holding the server.
    for stream in &half_open {
        closed_within(stream, DEADLINE).await;
    }
    // On a new connection: the client's pooled one has idled past the header-read timeout
    // meanwhile, and the server may be closing it just as the client reuses it.
    let again = connect(&app).await;
    send(&again, HEALTHZ).await;
    assert_eq!(read_response(&again).await, "HTTP/1.1 200 OK");
    app.stop().await;
}

async fn an_idle_keep_alive_connection_closes_after_the_idle_timeout(url: &str) {
    let app = TestApp::start_with(
        url,
        &[
            ("FRONTDESK_HTTP_KEEP_ALIVE_IDLE_SECONDS", "1"),
            ("FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS", "30"),
        ],
    )
    .await;
    let stream = connect(&app).await;
    send(&stream, HEALTHZ).await;
    assert_eq!(read_response(&stream).await, "HTTP/1.1 200 OK");
    // Kept alive: a second request on the same connection answers.
    send(&stream, HEALTHZ).await;
    assert_eq!(read_response(&stream).await, "HTTP/1.1 200 OK");
    let waited = closed_within(&stream, DEADLINE).await;
    assert!(
        waited >= Duration::from_millis(800) && waited < Duration::from_secs(10),
        "closed after {waited:?}, the idle timeout is 1 s"
    );
    app.stop().await;
}

async fn the_header_read_timeout_also_bounds_the_wait_between_keep_alive_requests(url: &str) {
    // hyper (1.x) starts its HTTP/1 header-read timer as soon as it waits for the next
    // request head, not at the request's first byte: an idle kept-alive connection closes
    // after the header-read timeout even when the keep-alive idle timeout is longer.
    let app = TestApp::start_with(
        url,
        &[
            ("FRONTDESK_HTTP_KEEP_ALIVE_IDLE_SECONDS", "60"),
            ("FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS", "1"),
        ],
    )
    .await;
    let stream = connect(&app).await;
    send(&stream, HEALTHZ).await;
    assert_eq!(read_response(&stream).await, "HTTP/1.1 200 OK");
    let waited = closed_within(&stream, DEADLINE).await;
    assert!(
        waited < Duration::from_secs(10),
        "closed after {waited:?}: the header-read timeout (1 s) bounds the keep-alive wait"
    );
    app.stop().await;
}

async fn the_connection_cap_closes_the_extra_connection_only(url: &str) {
    let app = TestApp::start_with(
        url,
        &[
            ("FRONTDESK_HTTP_MAX_CONNECTIONS", "4"),
            ("FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS", "30"),
            ("FRONTDESK_HTTP_KEEP_ALIVE_IDLE_SECONDS", "30"),
        ],
    )
    .await;
    let mut held = Vec::new();
    for _ in 0..4 {
        let stream = connect(&app).await;
        send(&stream, HEALTHZ).await;
        assert_eq!(read_response(&stream).await, "HTTP/1.1 200 OK");
        held.push(stream);
    }
    let extra = connect(&app).await;
    // The server accepts and closes it at once; whether the request is written before the
    // close or not, no answer comes back.
    let _ = extra.try_write(HEALTHZ);
    closed_within(&extra, DEADLINE).await;
    for stream in &held {
        send(stream, HEALTHZ).await;
        assert_eq!(read_response(stream).await, "HTTP/1.1 200 OK");
    }
    // A freed slot serves a new connection again.
    drop(held.pop());
    let deadline = Instant::now() + DEADLINE;
    loop {
        let fresh = connect(&app).await;
        let _ = fresh.try_write(HEALTHZ);
        match timeout(DEADLINE, read_some(&fresh)).await {
            Ok(Read::Bytes(bytes)) => {
                assert!(bytes.starts_with(b"HTTP/1.1 200 OK"), "{bytes:?}");
                break;
            }
            _ => assert!(Instant::now() < deadline, "the freed slot is never reused"),
        }
        tokio::task::yield_now().await;
    }
    app.stop().await;
}

async fn a_forged_leftmost_forwarded_for_does_not_change_the_rate_limited_address(url: &str) {
    let app = TestApp::start_with(url, &[("FRONTDESK_HTTP_TRUSTED_PROXIES", "1")]).await;
    app.bootstrap("edge").await;
    let page = app
        .client
        .get(app.url("/staff/login"))
        .send()
        .await
        .expect("login page");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let attempt = |forwarded: String, email: String| {
        app.client
            .post(app.url("/staff/login"))
            .header("cookie", format!("fd_csrf={cookie}"))
            .header("x-forwarded-for", forwarded)
            .form(&[
                ("organisation", "edge"),
                ("email", email.as_str()),
                ("password", "wrong password"),
                ("csrf", csrf.as_str()),
            ])
            .send()
    };
    // The proxy appends the real client (203.0.113.9); the client forges a new leftmost
    // entry each time, and names another account so only the per-address limit (30 per
    // 15 minutes) can trip.
    for n in 0..30 {
        let failed = attempt(
            format!("198.51.100.{n}, 203.0.113.9"),
            format!("ghost{n}@edge.example"),
        )
        .await
        .expect("attempt");
        assert_eq!(failed.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
    }
    let forged = attempt(
        "10.9.8.7, 203.0.113.9".to_owned(),
        "ghost-next@edge.example".to_owned(),
    )
    .await
    .expect("attempt");
    assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another real client behind the same proxy is not limited.
    let other = attempt(
        "203.0.113.9, 203.0.113.10".to_owned(),
        "ghost-other@edge.example".to_owned(),
    )
    .await
    .expect("attempt");
    assert_eq!(other.status(), StatusCode::UNAUTHORIZED);
    app.stop().await;
}
