//! Cross-cutting HTTP behaviour: security headers, log redaction, request ids, panics.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::problem::Problem;

/// Path prefixes whose next segment is a secret capability token.
const LINK_PREFIXES: [&str; 5] = ["/a/", "/g/", "/s/", "/r/", "/u/"];

/// The path as it may appear in logs: capability tokens (and anything that looks like a
/// Frontdesk token) replaced by `[redacted]`. The query string is never logged.
pub fn redact_path(path: &str) -> String {
    for prefix in LINK_PREFIXES {
        if let Some(rest) = path.strip_prefix(prefix) {
            let tail = rest
                .split_once('/')
                .map(|(_, tail)| format!("/{tail}"))
                .unwrap_or_default();
            return format!("{prefix}[redacted]{}", redact_segments(&tail));
        }
    }
    redact_segments(path)
}

fn redact_segments(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            let looks_like_token = segment.len() > 4
                && segment.starts_with("fd")
                && segment.as_bytes().get(3) == Some(&b'_');
            if looks_like_token {
                "[redacted]"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn is_link_or_private(path: &str) -> bool {
    LINK_PREFIXES.iter().any(|p| path.starts_with(p))
        || path.starts_with("/staff")
        || path.starts_with("/api/")
        // A guest's case page (after the /g/ link was exchanged for the cookie).
        || path.starts_with("/cases/")
}

/// Marks a response that may be framed by the sites its own CSP `frame-ancestors` names
/// (the embeddable form): [`security_headers`] then leaves out `X-Frame-Options: DENY`,
/// which would refuse every frame. Only the embeddable routes set it.
#[derive(Debug, Clone, Copy)]
pub struct Embeddable;

/// Adds the security headers every response carries, and the no-store / noindex headers of
/// private and capability-link pages.
pub async fn security_headers(secure: bool, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let embeddable = response.extensions().get::<Embeddable>().is_some();
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; \
         connect-src 'self'; worker-src 'self' blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if !embeddable {
        set(header::X_FRAME_OPTIONS, "DENY");
    }
    set(header::REFERRER_POLICY, "no-referrer");
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if secure {
        set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        );
    }
    if path.starts_with("/assets/") {
        set(header::CACHE_CONTROL, "public, max-age=3600");
    } else {
        set(header::CACHE_CONTROL, "no-store");
    }
    if is_link_or_private(&path) {
        set(HeaderName::from_static("x-robots-tag"), "noindex, nofollow");
    }
    response
}

/// The most of an oversized body read (and discarded) before answering 413, so the client
/// that is still sending sees the answer instead of a reset connection.
const OVERSIZED_DRAIN_BYTES: u64 = 16 * 1024 * 1024;

/// The longest an oversized body is drained before answering 413.
const OVERSIZED_DRAIN_TIME: std::time::Duration = std::time::Duration::from_secs(5);

/// Answers 413 to a request whose declared `Content-Length` passes `limit`, before any
/// handler runs: a problem document under `/api/`, a readable page elsewhere.
///
/// A server that answers early and closes the connection while the client is still
/// sending makes the kernel reset it, and the client loses the answer. So a body up to
/// [`OVERSIZED_DRAIN_BYTES`] is read and discarded first (bounded in time too); a larger
/// one is refused at once. The answer always closes the connection.
pub async fn reject_oversized_bodies(limit: usize, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let Some(declared) = declared.filter(|length| *length > limit as u64) else {
        return next.run(request).await;
    };
    let api = request.uri().path().starts_with("/api/");
    if declared <= OVERSIZED_DRAIN_BYTES {
        let drain = drain(request.into_body());
        if tokio::time::timeout(OVERSIZED_DRAIN_TIME, drain)
            .await
            .is_err()
        {
            tracing::debug!("an oversized body was still arriving when the drain time ran out");
        }
    }
    let mut response = if api {
        Problem::payload_too_large().into_response()
    } else {
        crate::pages::message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Too much to send",
            "What you sent is larger than this page accepts. Go back, shorten it and try again.",
            None,
        )
    };
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// Reads a body to its end (or to [`OVERSIZED_DRAIN_BYTES`]) and throws it away.
async fn drain(body: Body) {
    use futures::StreamExt as _;
    let mut stream = body.into_data_stream();
    let mut read: u64 = 0;
    while let Some(Ok(chunk)) = stream.next().await {
        read = read.saturating_add(chunk.len() as u64);
        if read > OVERSIZED_DRAIN_BYTES {
            break;
        }
    }
}

/// Turns a panic in a handler into a 500 problem without details (the panic is logged).
pub fn panic_response(_panic: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Something went wrong on our side",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capability_tokens_never_reach_logs() {
        assert_eq!(redact_path("/a/fda_secret123"), "/a/[redacted]");
        assert_eq!(redact_path("/g/anything/else"), "/g/[redacted]/else");
        assert_eq!(redact_path("/s/fds_abc/view"), "/s/[redacted]/view");
        assert_eq!(redact_path("/api/v1/x/fdk_abcdef"), "/api/v1/x/[redacted]");
        assert_eq!(redact_path("/api/v1/org"), "/api/v1/org");
        assert_eq!(redact_path("/staff/login"), "/staff/login");
    }

    #[test]
    fn guest_case_pages_are_never_indexed() {
        for path in [
            "/cases/0193b1d2-aaaa-7bbb-8ccc-123456789abc",
            "/cases/x/comments",
            "/cases/x/edit",
            "/g/fdg_x",
            "/s/fds_x",
            "/staff",
        ] {
            assert!(is_link_or_private(path), "{path} may be indexed");
        }
        assert!(!is_link_or_private("/o/acme/forms/contact"));
        assert!(!is_link_or_private("/assets/frontdesk.css"));
    }
}
