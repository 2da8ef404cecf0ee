//! Where outgoing mail goes, the address it comes from, and how the outbox dispatches it.

use std::path::PathBuf;
use std::time::Duration;

use frontdesk_kernel::EmailAddress;
use secrecy::SecretString;
use url::{Host, Url};

use crate::keys::{MAIL, MAIL_FROM, OUTBOX_ATTEMPTS, OUTBOX_BATCH, OUTBOX_LEASE};
use crate::sources::Sources;
use crate::{ConfigError, InvalidValue};

const MAIL_SHAPE: &str = "expected smtp://host:port, smtps://host:port or smtp+starttls://host:port \
     (optionally with user:password@ before the host), file:DIR or memory";

/// Where outgoing mail goes.
#[derive(Debug, Clone)]
pub enum MailSetting {
    /// An SMTP relay.
    Smtp {
        /// Host name or IP address (IPv6 without brackets).
        host: String,
        /// Port; when the URL has none: 25 for `smtp`, 587 for `smtp+starttls`, 465 for
        /// `smtps`.
        port: u16,
        /// How the connection is secured.
        security: SmtpSecurity,
        /// User name and password, percent-decoded from the URL.
        credentials: Option<(String, SecretString)>,
    },
    /// One file per message in this directory (for development).
    File {
        /// Directory the messages are written to.
        dir: PathBuf,
    },
    /// Kept in memory (for tests).
    Memory,
}

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// No encryption (`smtp://`); only for a relay on the same host or network.
    Plain,
    /// Plain connection upgraded with STARTTLS (`smtp+starttls://`); required, not optional.
    StartTls,
    /// TLS from the first byte (`smtps://`).
    Tls,
}

/// Outbox dispatch settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutboxSettings {
    /// Messages a worker claims at once.
    pub batch_size: u32,
    /// How long a claim lasts before another worker may take the message over.
    pub lease: Duration,
    /// Attempts before a message is dead.
    pub max_attempts: u32,
}

impl MailSetting {
    /// Parses `smtp://host:port`, `smtps://host:port`, `smtp+starttls://host:port` (each
    /// optionally with `user:password@`, percent-encoded), `file:DIR` or `memory`.
    ///
    /// # Errors
    /// [`InvalidValue`] saying what shape is expected (without repeating `raw`).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        if raw.chars().any(char::is_control) {
            return Err(InvalidValue::new(
                "must not contain control characters or line breaks",
            ));
        }
        if raw.eq_ignore_ascii_case("memory") {
            return Ok(Self::Memory);
        }
        if raw.len() >= 5 && raw.is_char_boundary(5) && raw[..5].eq_ignore_ascii_case("file:") {
            let rest = &raw[5..];
            let dir = rest.strip_prefix("//").unwrap_or(rest);
            if dir.is_empty() {
                return Err(InvalidValue::new(
                    "file: needs a directory, such as file:./mail",
                ));
            }
            return Ok(Self::File {
                dir: PathBuf::from(dir),
            });
        }
        let Some((scheme, _)) = raw.split_once("://") else {
            return Err(InvalidValue::new(MAIL_SHAPE));
        };
        let (security, default_port) = match scheme.to_ascii_lowercase().as_str() {
            "smtp" => (SmtpSecurity::Plain, 25),
            "smtp+starttls" => (SmtpSecurity::StartTls, 587),
            "smtps" => (SmtpSecurity::Tls, 465),
            _ => return Err(InvalidValue::new(MAIL_SHAPE)),
        };
        let url = Url::parse(raw)
            .map_err(|error| InvalidValue::new(format!("{MAIL_SHAPE} ({error})")))?;
        let host = match url.host() {
            Some(Host::Domain(domain))
                if !domain.is_empty()
                    && domain
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')) =>
            {
                domain.to_ascii_lowercase()
            }
            Some(Host::Ipv4(ip)) => ip.to_string(),
            Some(Host::Ipv6(ip)) => ip.to_string(),
            _ => {
                return Err(InvalidValue::new(format!(
                    "the SMTP host is missing or not a valid host name; {MAIL_SHAPE}"
                )));
            }
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(InvalidValue::new(format!(
                "an SMTP URL has no path, ?query or #fragment; {MAIL_SHAPE}"
            )));
        }
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, Some(password)) if !user.is_empty() => Some((
                percent_decode(user)?,
                SecretString::from(percent_decode(password)?),
            )),
            _ => {
                return Err(InvalidValue::new(
                    "SMTP credentials need both a user name and a password, as in \
                     smtp+starttls://user:password@host:587",
                ));
            }
        };
        Ok(Self::Smtp {
            host,
            port: url.port().unwrap_or(default_port),
            security,
            credentials,
        })
    }
}

impl MailSetting {
    /// The configured destination, or a `./mail` directory.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        Ok(sources
            .text(&MAIL, MailSetting::parse)?
            .unwrap_or_else(|| MailSetting::File {
                dir: PathBuf::from("./mail"),
            }))
    }
}

/// Decodes `%XX` escapes of a URL's user info.
fn percent_decode(text: &str) -> Result<String, InvalidValue> {
    let invalid = || InvalidValue::new("the SMTP user name or password has a bad %-escape");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3).ok_or_else(invalid)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| invalid())?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).map_err(|_| invalid())
}

/// The configured `From` address, or [`default_sender`] for `base_url`.
pub(crate) fn sender(sources: &mut Sources, base_url: &Url) -> Result<EmailAddress, ConfigError> {
    Ok(
        match sources.text(&MAIL_FROM, |raw| {
            EmailAddress::parse(raw).map_err(|error| {
                InvalidValue::new(format!(
                    "expected a plain address such as desk@example.org ({error})"
                ))
            })
        })? {
            Some(address) => address,
            None => default_sender(base_url),
        },
    )
}

/// `no-reply@<host of the base URL>`, or `no-reply@frontdesk.localhost` when that host is
/// not a domain with a dot (an IP address or `localhost`).
fn default_sender(base_url: &Url) -> EmailAddress {
    let host = base_url.host_str().unwrap_or_default();
    EmailAddress::parse(&format!("no-reply@{host}"))
        .or_else(|_| EmailAddress::parse("no-reply@frontdesk.localhost"))
        .unwrap_or_else(|_| unreachable!("a constant, valid address"))
}

impl OutboxSettings {
    /// The configured dispatch settings, with their defaults.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        Ok(Self {
            batch_size: sources.number(&OUTBOX_BATCH, 1..=500)?.unwrap_or(20),
            lease: Duration::from_secs(sources.number(&OUTBOX_LEASE, 5..=3_600)?.unwrap_or(60)),
            max_attempts: sources.number(&OUTBOX_ATTEMPTS, 1..=50)?.unwrap_or(8),
        })
    }
}
