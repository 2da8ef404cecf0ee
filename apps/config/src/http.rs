//! Where the HTTP server listens, the public base URL its links use, its limits and the
//! console's session lifetimes.

use std::net::SocketAddr;
use std::time::Duration;

use url::Url;

use crate::keys::{
    BASE_URL, HTTP_BODY_LIMIT, HTTP_HEADER_READ, HTTP_KEEP_ALIVE_IDLE, HTTP_MAX_CONNECTIONS,
    HTTP_TIMEOUT, HTTP_TRUST_FORWARDED, HTTP_TRUSTED_PROXIES, LISTEN, SESSIONS_ABSOLUTE,
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
    /// How many proxies in front of the server append to `X-Forwarded-For`: the client
    /// address is the `trusted_proxies`-th entry from the right; 0 means the socket peer
    /// only. The older `trust_forwarded_for = true` means 1 when this is not set.
    pub trusted_proxies: usize,
    /// Longest time a client may take to send a request's head (and, before its first
    /// request, to send anything).
    pub header_read_timeout: Duration,
    /// A keep-alive connection with no request in flight is closed after this long without
    /// a byte either way.
    pub keep_alive_idle: Duration,
    /// Most connections served at once; beyond it new connections are accepted and closed.
    pub max_connections: usize,
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
            trusted_proxies: trusted_proxies(sources)?,
            header_read_timeout: Duration::from_secs(
                sources.number(&HTTP_HEADER_READ, 1..=300)?.unwrap_or(10),
            ),
            keep_alive_idle: Duration::from_secs(
                sources
                    .number(&HTTP_KEEP_ALIVE_IDLE, 1..=3600)?
                    .unwrap_or(60),
            ),
            max_connections: sources
                .number(&HTTP_MAX_CONNECTIONS, 1..=65_536)?
                .unwrap_or(1024),
        })
    }
}

/// The trusted proxy count: `trusted_proxies` when set, else 1 for the older
/// `trust_forwarded_for = true`, else 0.
fn trusted_proxies(sources: &mut Sources) -> Result<usize, ConfigError> {
    let count = sources.number(&HTTP_TRUSTED_PROXIES, 0..=16)?;
    let legacy = sources.boolean(&HTTP_TRUST_FORWARDED)?.unwrap_or(false);
    Ok(count.unwrap_or(usize::from(legacy)))
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
