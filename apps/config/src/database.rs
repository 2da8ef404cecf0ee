//! The database connection URL, kept secret and redacted in logs.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::keys::DATABASE_URL;
use crate::sources::Sources;
use crate::{ConfigError, InvalidValue};

/// Database connection URL. It may hold a password, so it is kept secret and its `Debug`
/// output hides the password.
#[derive(Clone)]
pub struct DatabaseUrl {
    url: SecretString,
    sqlite: bool,
}

impl DatabaseUrl {
    /// Checks that `raw` is a `sqlite:` or `postgres://` / `postgresql://` URL.
    ///
    /// # Errors
    /// [`InvalidValue`] saying what shape is expected (without repeating `raw`).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        if raw.chars().any(char::is_control) {
            return Err(InvalidValue::new(
                "must not contain control characters or line breaks",
            ));
        }
        let sqlite = if let Some(rest) = raw.strip_prefix("sqlite:") {
            if rest.is_empty() {
                return Err(InvalidValue::new(
                    "a SQLite URL needs a file, such as sqlite://frontdesk.db?mode=rwc",
                ));
            }
            true
        } else if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            Url::parse(raw).map_err(|error| {
                InvalidValue::new(format!("is not a valid PostgreSQL URL ({error})"))
            })?;
            false
        } else {
            return Err(InvalidValue::new(
                "expected a URL starting with sqlite: (such as sqlite://frontdesk.db?mode=rwc), \
                 postgres:// or postgresql://",
            ));
        };
        Ok(Self {
            url: SecretString::from(raw),
            sqlite,
        })
    }

    /// The full URL, password included, for the database driver only.
    pub fn expose(&self) -> &str {
        self.url.expose_secret()
    }

    /// Whether this is a `SQLite` database (otherwise `PostgreSQL`).
    pub fn is_sqlite(&self) -> bool {
        self.sqlite
    }

    /// The URL with any password replaced by `***` (in the user info and in a `password`
    /// query parameter), safe to log.
    pub fn redacted(&self) -> String {
        redact_url(self.expose())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DatabaseUrl")
            .field(&self.redacted())
            .finish()
    }
}

impl DatabaseUrl {
    /// The configured URL, or `sqlite://frontdesk.db?mode=rwc`.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        match sources.text(&DATABASE_URL, DatabaseUrl::parse)? {
            Some(url) => Ok(url),
            None => DatabaseUrl::parse("sqlite://frontdesk.db?mode=rwc").map_err(|error| {
                ConfigError::Inconsistent(format!("default database URL: {error}"))
            }),
        }
    }
}

/// Replaces the password in `scheme://user:password@host…` and in `password=` query
/// parameters with `***`.
fn redact_url(raw: &str) -> String {
    let (head, query) = match raw.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (raw, None),
    };
    let mut out = match head.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find(['/', '#']).unwrap_or(rest.len());
            let (authority, tail) = rest.split_at(authority_end);
            match authority.rsplit_once('@') {
                Some((userinfo, host)) => {
                    let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
                    let hidden = if userinfo.contains(':') { ":***" } else { "" };
                    format!("{scheme}://{user}{hidden}@{host}{tail}")
                }
                None => head.to_owned(),
            }
        }
        None => head.to_owned(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((name, _)) if name.to_ascii_lowercase().contains("password") => {
                    format!("{name}=***")
                }
                _ => pair.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}
