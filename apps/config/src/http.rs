//! Where the HTTP server listens, the public base URL its links use, its limits and the
//! console's session lifetimes.

use std::net::SocketAddr;
use std::time::Duration;

use url::Url;

use crate::keys::{
    BASE_URL, HTTP_BODY_LIMIT, HTTP_TIMEOUT, HTTP_TRUST_FORWARDED, LISTEN, SESSIONS_ABSOLUTE,
    SESSIONS_IDLE,
};
use crate::sources::Sources;
use crate::{ConfigError, InvalidValue};

/// HTTP server limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpSettings {
    /// Longest time one request may take.
    pub request_timeout: Duration,
    /// Largest request body accepted, in bytes.
    pub body_limit_bytes: usize,
    /// Whether to take the client address from `X-Forwarded-For` (only behind a trusted
    /// proxy).
    pub trust_forwarded_for: bool,
}

/// Session lifetimes; `idle_timeout` is always shorter than `absolute_timeout`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionSettings {
    /// A session ends after this long without a request.
    pub idle_timeout: Duration,
    /// A session ends this long after login, however active.
    pub absolute_timeout: Duration,
}

/// The listen address, `127.0.0.1:8080` unless set.
pub(crate) fn listen(sources: &mut Sources) -> Result<SocketAddr, ConfigError> {
    Ok(sources
        .text(&LISTEN, |raw| {
            raw.parse::<SocketAddr>().map_err(|_| {
                InvalidValue::new(
                    "expected an IP address and port, such as 127.0.0.1:8080 or [::1]:8080 \
                     (host names are not accepted)",
                )
            })
        })?
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080))))
}

/// The public base URL, `http://<listen>/` unless set; its path always ends in `/`.
pub(crate) fn base_url(sources: &mut Sources, listen: SocketAddr) -> Result<Url, ConfigError> {
    match sources.text(&BASE_URL, parse_base_url)? {
        Some(url) => Ok(url),
        None => parse_base_url(&format!("http://{listen}")).map_err(|error| {
            ConfigError::Inconsistent(format!(
                "cannot derive base_url from listen address {listen}: {error}; set {}",
                BASE_URL.env
            ))
        }),
    }
}

/// Checks a public base URL and makes its path end in `/`.
fn parse_base_url(raw: &str) -> Result<Url, InvalidValue> {
    const SHAPE: &str =
        "expected an absolute http:// or https:// URL such as https://frontdesk.example.org";
    let mut url =
        Url::parse(raw).map_err(|error| InvalidValue::new(format!("{SHAPE} ({error})")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(InvalidValue::new(SHAPE));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(InvalidValue::new(
            "must not contain a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(InvalidValue::new("must not have a ?query or #fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

impl HttpSettings {
    /// The configured limits, with their defaults.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        Ok(Self {
            request_timeout: Duration::from_secs(
                sources.number(&HTTP_TIMEOUT, 1..=600)?.unwrap_or(30),
            ),
            body_limit_bytes: sources
                .number(&HTTP_BODY_LIMIT, 1024..=16 * 1024 * 1024)?
                .unwrap_or(262_144),
            trust_forwarded_for: sources.boolean(&HTTP_TRUST_FORWARDED)?.unwrap_or(false),
        })
    }
}

impl SessionSettings {
    /// The configured lifetimes, with their defaults; the idle timeout must be the shorter.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        let idle_minutes = sources.number(&SESSIONS_IDLE, 1..=43_200)?.unwrap_or(120);
        let absolute_hours = sources.number(&SESSIONS_ABSOLUTE, 1..=720)?.unwrap_or(12);
        if idle_minutes >= absolute_hours * 60 {
            return Err(ConfigError::Inconsistent(format!(
                "the idle session timeout ({idle_minutes} minutes, {} / {}) must be shorter than \
                 the absolute session timeout ({absolute_hours} hours, {} / {})",
                SESSIONS_IDLE.toml,
                SESSIONS_IDLE.env,
                SESSIONS_ABSOLUTE.toml,
                SESSIONS_ABSOLUTE.env
            )));
        }
        Ok(Self {
            idle_timeout: Duration::from_secs(idle_minutes * 60),
            absolute_timeout: Duration::from_secs(absolute_hours * 3600),
        })
    }
}
