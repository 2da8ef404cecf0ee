//! Request extractors that turn every bad input into a clear problem or page, never a
//! plain-text rejection.

use std::net::{IpAddr, SocketAddr};

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use frontdesk_access::{AuthenticateError, StaffActor};
use serde::de::DeserializeOwned;

use crate::problem::Problem;
use crate::state::AppState;

/// A JSON body whose rejections become problems (400 unreadable, 413 too large, 415 wrong
/// media type, 422 wrong shape).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_problem(&rejection)),
        }
    }
}

fn json_problem(rejection: &JsonRejection) -> Problem {
    match rejection {
        JsonRejection::JsonDataError(error) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Some fields are invalid",
        )
        .detail(error.body_text()),
        JsonRejection::JsonSyntaxError(_) => Problem::bad_request("the body is not valid JSON"),
        JsonRejection::MissingJsonContentType(_) => Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Send JSON",
        )
        .detail("set `Content-Type: application/json`"),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Problem::payload_too_large(),
        other => Problem::bad_request(other.body_text()),
    }
}

/// Path parameters whose rejections become a 404 problem (a malformed id names nothing).
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| Self(value))
            .map_err(|rejection: PathRejection| {
                tracing::debug!(%rejection, "unusable path parameter");
                Problem::not_found("resource")
            })
    }
}

/// Query parameters whose rejections become a 400 problem.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| Self(value))
            .map_err(|rejection: QueryRejection| Problem::bad_request(rejection.body_text()))
    }
}

/// The staff identity of a request authenticated by `Authorization: Bearer <api token>`.
#[derive(Debug, Clone)]
pub struct StaffAuth(pub StaffActor);

impl<S> FromRequestParts<S> for StaffAuth
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let header = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(Problem::unauthorized)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|value| {
                let (scheme, token) = value.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .ok_or_else(Problem::unauthorized)?;
        match state.access.authenticate_api_token(token).await {
            Ok(actor) => Ok(Self(actor)),
            Err(AuthenticateError::Invalid) => Err(Problem::unauthorized()),
            Err(AuthenticateError::Repository(error)) => Err(error.into()),
        }
    }
}

/// The client's IP address: the socket peer, or — behind `trusted_proxies` proxies that
/// each append the address they saw to `X-Forwarded-For` — the entry that many places from
/// the right (the rightmost hop no trusted proxy could have been fooled about). Entries to
/// its left are whatever the client sent and never count.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl<S> FromRequestParts<S> for ClientIp
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        Ok(Self(client_address(
            &parts.headers,
            peer,
            state.trusted_proxies,
        )))
    }
}

/// The client address for `trusted_proxies` proxies in front: with 0, the peer; else the
/// `trusted_proxies`-th entry from the right of every `X-Forwarded-For` header joined in
/// order. An unreadable entry at or right of that position, or too few entries, falls
/// back to the peer (the nearest proxy's own address), so a forged or broken header can
/// only ever name the proxy, never an address of the client's choosing.
fn client_address(
    headers: &axum::http::HeaderMap,
    peer: Option<IpAddr>,
    trusted_proxies: usize,
) -> Option<IpAddr> {
    if trusted_proxies == 0 {
        return peer;
    }
    let mut hops = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        let Ok(text) = value.to_str() else {
            return peer;
        };
        hops.extend(text.split(',').map(str::trim));
    }
    let Some(index) = hops.len().checked_sub(trusted_proxies) else {
        return peer;
    };
    let mut chosen = None;
    for hop in hops.get(index..).unwrap_or_default().iter().rev() {
        match parse_hop(hop) {
            Some(ip) => chosen = Some(ip),
            None => return peer,
        }
    }
    chosen.or(peer)
}

/// One `X-Forwarded-For` entry: `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:4711`; anything else is `None`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(address) = hop.parse::<SocketAddr>() {
        return Some(address.ip());
    }
    let inner = hop.strip_prefix('[')?.strip_suffix(']')?;
    inner.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6)
}

/// The value of cookie `name` in the request, if present.
pub fn cookie<'a>(parts_headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts_headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Reads an optional JSON body: `None` for an empty (or all-whitespace) body, else the value,
/// with the same problems as [`ApiJson`] (400 unreadable, 422 wrong shape).
///
/// # Errors
/// A problem describing why the body could not be read.
pub fn optional_json<T: DeserializeOwned>(body: &[u8]) -> Result<Option<T>, Problem> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body).map(Some).map_err(|error| {
        if error.is_data() {
            Problem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Some fields are invalid",
            )
            .detail(error.to_string())
        } else {
            Problem::bad_request("the body is not valid JSON")
        }
    })
}

/// For `#[serde(default, deserialize_with = "crate::extract::present")]` on a PATCH body's
/// field: `None` when the field is absent (leave it as it is), `Some(None)` when it is
/// `null` (clear it), `Some(Some(value))` when it has a value.
///
/// # Errors
/// The value's own deserialisation error.
#[expect(
    clippy::option_option,
    reason = "absent, null or a value: the three states of a PATCH field"
)]
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::*;

    const PEER: &str = "10.0.0.9";

    fn ip(text: &str) -> Option<IpAddr> {
        text.parse().ok()
    }

    fn address(values: &[&str], trusted: usize) -> Option<IpAddr> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        client_address(&headers, ip(PEER), trusted)
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        assert_eq!(address(&["203.0.113.5"], 0), ip(PEER));
        assert_eq!(address(&[], 0), ip(PEER));
    }

    #[test]
    fn spoofed_leftmost_entries_never_count() {
        assert_eq!(address(&["1.2.3.4, 203.0.113.5"], 1), ip("203.0.113.5"));
        assert_eq!(
            address(&["1.2.3.4,5.6.7.8,203.0.113.5"], 1),
            ip("203.0.113.5")
        );
        // Two proxies: the second from the right is what the outer proxy saw.
        assert_eq!(
            address(&["1.2.3.4, 203.0.113.5, 10.1.1.1"], 2),
            ip("203.0.113.5")
        );
    }

    #[test]
    fn spaces_and_several_headers_join_in_order() {
        assert_eq!(address(&["  203.0.113.5  "], 1), ip("203.0.113.5"));
        assert_eq!(
            address(&["1.2.3.4", "198.51.100.7 , 203.0.113.5"], 1),
            ip("203.0.113.5")
        );
        assert_eq!(address(&["1.2.3.4", "203.0.113.5"], 1), ip("203.0.113.5"));
        assert_eq!(address(&["1.2.3.4", "203.0.113.5"], 2), ip("1.2.3.4"));
    }

    #[test]
    fn garbage_falls_back_to_the_peer() {
        assert_eq!(address(&["1.2.3.4, not-an-ip"], 1), ip(PEER));
        assert_eq!(address(&["1.2.3.4, "], 1), ip(PEER));
        assert_eq!(address(&["unknown"], 1), ip(PEER));
        // Garbage left of the trusted position does not matter.
        assert_eq!(address(&["<script>, 203.0.113.5"], 1), ip("203.0.113.5"));
        // Garbage between the chosen hop and the peer does.
        assert_eq!(address(&["203.0.113.5, junk"], 2), ip(PEER));
        // Fewer entries than trusted proxies: the client went around them.
        assert_eq!(address(&["203.0.113.5"], 2), ip(PEER));
        assert_eq!(address(&[], 1), ip(PEER));
        let mut headers = HeaderMap::new();
        headers.append(
            "x-forwarded-for",
            HeaderValue::from_bytes(b"203.0.113.5\xff").unwrap(),
        );
        assert_eq!(client_address(&headers, ip(PEER), 1), ip(PEER));
    }

    #[test]
    fn ipv6_with_and_without_brackets_and_ports() {
        assert_eq!(address(&["2001:db8::1"], 1), ip("2001:db8::1"));
        assert_eq!(address(&["[2001:db8::1]"], 1), ip("2001:db8::1"));
        assert_eq!(address(&["[2001:db8::1]:4711"], 1), ip("2001:db8::1"));
        assert_eq!(address(&["1.2.3.4, 203.0.113.5:80"], 1), ip("203.0.113.5"));
        assert_eq!(address(&["[2001:db8::1"], 1), ip(PEER));
        assert_eq!(address(&["[203.0.113.5]"], 1), ip(PEER));
    }
}
