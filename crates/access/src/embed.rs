//! The sites that may embed an organisation's intake forms (seed 000: "a public access
//! form or widget on a company's website").
//!
//! An [`EmbedOrigin`] is one exact web origin — scheme, host and port — such as
//! `https://www.acme.example`. Only the embeddable routes (the `/o/{org}/forms/{form}/embed`
//! page and the public intake API of the organisation) name these origins, in their CSP
//! `frame-ancestors` and CORS answers; every other route stays unframeable and
//! same-origin. [`EmbedOriginRepository`] stores an organisation's list.

use frontdesk_kernel::{OrgId, RepositoryError, Uow};
use url::{Host, Url};

/// The most origins an organisation may allow.
pub const MAX_EMBED_ORIGINS: usize = 20;

/// The longest origin accepted, in bytes.
pub const MAX_EMBED_ORIGIN_BYTES: usize = 200;

/// One web origin allowed to embed an organisation's forms: `https://host[:port]`, or
/// `http://` for a loopback host (`localhost`, `127.0.0.1`, `[::1]`) while developing.
///
/// Stored and compared in the browser's serialisation (`Origin` header form): lower-case
/// scheme and host, no default port, no trailing slash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EmbedOrigin(String);

/// Why a text is not an allowed origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EmbedOriginError {
    /// Not an absolute URL of at most [`MAX_EMBED_ORIGIN_BYTES`] bytes.
    #[error("an origin is a web address such as https://www.example.com")]
    NotAUrl,
    /// Neither https nor http on a loopback host.
    #[error("an origin uses https (http only for localhost or 127.0.0.1)")]
    Scheme,
    /// A path, query, fragment, user name or password, or a wildcard.
    #[error("an origin is only the scheme, host and port: no path, query, user or wildcard")]
    NotAnOrigin,
}

impl EmbedOrigin {
    /// The rule in words.
    pub const DESCRIPTION: &'static str = "an origin is https://host or https://host:port (http only for localhost or 127.0.0.1), without a path";

    /// Parses `raw` (surrounding spaces and one trailing `/` allowed).
    ///
    /// # Errors
    /// [`EmbedOriginError`] naming what is wrong.
    pub fn parse(raw: &str) -> Result<Self, EmbedOriginError> {
        let raw = raw.trim();
        if raw.is_empty() || raw.len() > MAX_EMBED_ORIGIN_BYTES {
            return Err(EmbedOriginError::NotAUrl);
        }
        if raw.contains('*') {
            return Err(EmbedOriginError::NotAnOrigin);
        }
        let url = Url::parse(raw).map_err(|_| EmbedOriginError::NotAUrl)?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(EmbedOriginError::Scheme);
        }
        let host = url.host().ok_or(EmbedOriginError::NotAUrl)?;
        if url.scheme() == "http" && !is_loopback(&host) {
            return Err(EmbedOriginError::Scheme);
        }
        if url.path() != "/"
            || url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
            || raw.contains('?')
            || raw.contains('#')
        {
            return Err(EmbedOriginError::NotAnOrigin);
        }
        Ok(Self(url.origin().ascii_serialization()))
    }

    /// The origin as browsers send it in `Origin`, e.g. `https://www.acme.example`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the `Origin` header value `header` is this origin (exact, as browsers
    /// serialise it).
    pub fn matches(&self, header: &str) -> bool {
        self.0 == header
    }
}

impl std::fmt::Display for EmbedOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_loopback(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => *name == "localhost",
        Host::Ipv4(address) => address.is_loopback(),
        Host::Ipv6(address) => address.is_loopback(),
    }
}

/// The CSP `frame-ancestors` source list for `origins`: the origins separated by spaces,
/// or `'none'` when there are none (nobody may frame).
pub fn frame_ancestors(origins: &[EmbedOrigin]) -> String {
    if origins.is_empty() {
        "'none'".to_owned()
    } else {
        origins
            .iter()
            .map(EmbedOrigin::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Stores the origins allowed to embed each organisation's forms.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait EmbedOriginRepository: Send + Sync {
    /// The allowed origins of `org`, in the order they were saved (empty when never set).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn origins_of(&self, org: OrgId) -> Result<Vec<EmbedOrigin>, RepositoryError>;

    /// Replaces the allowed origins of `org` with `origins`, in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn save_origins(
        &self,
        uow: &mut Uow,
        org: OrgId,
        origins: &[EmbedOrigin],
    ) -> Result<(), RepositoryError>;
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn origins_are_normalised_to_the_browsers_form() {
        for (raw, origin) in [
            ("https://www.acme.example", "https://www.acme.example"),
            (" HTTPS://WWW.Acme.Example/ ", "https://www.acme.example"),
            ("https://acme.example:443", "https://acme.example"),
            ("https://acme.example:8443", "https://acme.example:8443"),
            ("http://127.0.0.1:4321", "http://127.0.0.1:4321"),
            ("http://localhost:3000/", "http://localhost:3000"),
            ("http://[::1]:8080", "http://[::1]:8080"),
        ] {
            assert_eq!(EmbedOrigin::parse(raw).unwrap().as_str(), origin, "{raw}");
        }
    }

    #[test]
    fn anything_but_an_exact_origin_is_refused() {
        for (raw, error) in [
            ("", EmbedOriginError::NotAUrl),
            ("www.acme.example", EmbedOriginError::NotAUrl),
            ("https://", EmbedOriginError::NotAUrl),
            ("http://www.acme.example", EmbedOriginError::Scheme),
            ("ftp://acme.example", EmbedOriginError::Scheme),
            ("javascript:alert(1)", EmbedOriginError::Scheme),
            ("data:text/html,x", EmbedOriginError::Scheme),
            ("https://acme.example/path", EmbedOriginError::NotAnOrigin),
            ("https://acme.example/?q=1", EmbedOriginError::NotAnOrigin),
            ("https://acme.example?", EmbedOriginError::NotAnOrigin),
            ("https://acme.example#x", EmbedOriginError::NotAnOrigin),
            (
                "https://user:pw@acme.example",
                EmbedOriginError::NotAnOrigin,
            ),
            ("https://*.acme.example", EmbedOriginError::NotAnOrigin),
            ("*", EmbedOriginError::NotAnOrigin),
        ] {
            assert_eq!(EmbedOrigin::parse(raw), Err(error), "{raw:?}");
        }
        let long = format!("https://{}.example", "a".repeat(MAX_EMBED_ORIGIN_BYTES));
        assert_eq!(EmbedOrigin::parse(&long), Err(EmbedOriginError::NotAUrl));
    }

    #[test]
    fn no_origin_frames_nothing() {
        assert_eq!(frame_ancestors(&[]), "'none'");
        let origins = [
            EmbedOrigin::parse("https://a.example").unwrap(),
            EmbedOrigin::parse("http://127.0.0.1:9").unwrap(),
        ];
        assert_eq!(
            frame_ancestors(&origins),
            "https://a.example http://127.0.0.1:9"
        );
    }

    proptest! {
        #[test]
        fn a_parsed_origin_parses_to_itself_and_matches_only_itself(
            host in "[a-z][a-z0-9]{0,10}(\\.[a-z][a-z0-9]{0,10}){1,2}",
            port in proptest::option::of(1u16..),
            other in "[a-z]{1,8}",
        ) {
            let raw = match port {
                Some(port) => format!("https://{host}:{port}"),
                None => format!("https://{host}"),
            };
            let origin = EmbedOrigin::parse(&raw).unwrap();
            prop_assert_eq!(EmbedOrigin::parse(origin.as_str()).unwrap(), origin.clone());
            prop_assert!(origin.matches(origin.as_str()));
            let other_host = format!("https://{other}.{host}");
            prop_assert!(!origin.matches(&other_host));
            let slashed = format!("{}/", origin.as_str());
            prop_assert!(!origin.matches(&slashed));
            let plain = format!("http://{host}");
            prop_assert_eq!(EmbedOrigin::parse(&plain), Err(EmbedOriginError::Scheme));
        }
    }
}
