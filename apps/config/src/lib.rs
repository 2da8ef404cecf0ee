//! Runtime configuration shared by the `frontdesk-server` and worker binaries.
//!
//! [`Config::load`] reads an optional TOML file, then lets `FRONTDESK_*` environment variables
//! override it, and validates everything once at start-up. Every error names the key or
//! variable at fault and the shape it expects, and never prints a database or SMTP password.
//!
//! | TOML key | Environment variable | Default |
//! |---|---|---|
//! | `listen` | `FRONTDESK_LISTEN` | `127.0.0.1:8080` |
//! | `database_url` | `FRONTDESK_DATABASE_URL` | `sqlite://frontdesk.db?mode=rwc` |
//! | `base_url` | `FRONTDESK_BASE_URL` | `http://<listen>` |
//! | `mail` | `FRONTDESK_MAIL` | `file:./mail` |
//! | `[log] filter` | `FRONTDESK_LOG` | `info` |
//! | `[log] format` | `FRONTDESK_LOG_FORMAT` | `text` (or `json`) |
//! | `[http] request_timeout_seconds` | `FRONTDESK_HTTP_REQUEST_TIMEOUT_SECONDS` | `30` (1–600) |
//! | `[http] body_limit_bytes` | `FRONTDESK_HTTP_BODY_LIMIT_BYTES` | `262144` (1024–16 MiB) |
//! | `[http] trust_forwarded_for` | `FRONTDESK_HTTP_TRUST_FORWARDED_FOR` | `false` |
//! | `[sessions] idle_timeout_minutes` | `FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES` | `120` (1–43200) |
//! | `[sessions] absolute_timeout_hours` | `FRONTDESK_SESSIONS_ABSOLUTE_TIMEOUT_HOURS` | `12` (1–720) |
//! | `[passwords] max_concurrent_hashes` | `FRONTDESK_PASSWORDS_MAX_CONCURRENT_HASHES` | CPU count − 1, at least 1 (1–1024) |
//! | `[passwords] max_waiting_hashes` | `FRONTDESK_PASSWORDS_MAX_WAITING_HASHES` | 4 × concurrent (0–65536) |
//! | `[worker] poll_interval_ms` | `FRONTDESK_WORKER_POLL_INTERVAL_MS` | `500` (10–60000) |
//! | `mail_from` | `FRONTDESK_MAIL_FROM` | `no-reply@<base_url host>` |
//! | `[outbox] batch_size` | `FRONTDESK_OUTBOX_BATCH_SIZE` | `20` (1–500) |
//! | `[outbox] lease_seconds` | `FRONTDESK_OUTBOX_LEASE_SECONDS` | `60` (5–3600) |
//! | `[outbox] max_attempts` | `FRONTDESK_OUTBOX_MAX_ATTEMPTS` | `8` (1–50) |
//! | `[captcha] provider` | `FRONTDESK_CAPTCHA_PROVIDER` | `altcha` (or `turnstile`, `hcaptcha`, `recaptcha`) |
//! | `[captcha] secret` | `FRONTDESK_CAPTCHA_SECRET` | ALTCHA: generated and shared through the database |
//! | `[captcha] site_key` | `FRONTDESK_CAPTCHA_SITE_KEY` | required for third-party providers |
//! | `[captcha] verify_url` | `FRONTDESK_CAPTCHA_VERIFY_URL` | the provider's siteverify endpoint |
//! | `[captcha] altcha_max_number` | `FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER` | `100000` (1000–10000000) |
//! | `[captcha] altcha_expires_seconds` | `FRONTDESK_CAPTCHA_ALTCHA_EXPIRES_SECONDS` | `600` (30–86400) |
//!
//! Rules: unknown keys in the file and unknown `FRONTDESK_*` variables are errors (other
//! variables are ignored, and so is [`CONFIG_FILE_ENV_VAR`], which the binaries read
//! themselves). An environment variable set to the empty string counts as not set. Values
//! are trimmed of surrounding whitespace and may not contain control characters.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::num::NonZeroUsize;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::time::Duration;

use frontdesk_kernel::EmailAddress;
use secrecy::{ExposeSecret, SecretString};
use url::{Host, Url};

/// Prefix of every environment variable Frontdesk reads.
pub const ENV_PREFIX: &str = "FRONTDESK_";

/// Variable the binaries may use to name the TOML file; [`Config::load`] ignores it.
pub const CONFIG_FILE_ENV_VAR: &str = "FRONTDESK_CONFIG";

/// One setting: its dotted TOML key and its environment variable.
struct Key {
    toml: &'static str,
    env: &'static str,
}

const LISTEN: Key = key("listen", "FRONTDESK_LISTEN");
const DATABASE_URL: Key = key("database_url", "FRONTDESK_DATABASE_URL");
const BASE_URL: Key = key("base_url", "FRONTDESK_BASE_URL");
const MAIL: Key = key("mail", "FRONTDESK_MAIL");
const LOG_FILTER: Key = key("log.filter", "FRONTDESK_LOG");
const LOG_FORMAT: Key = key("log.format", "FRONTDESK_LOG_FORMAT");
const HTTP_TIMEOUT: Key = key(
    "http.request_timeout_seconds",
    "FRONTDESK_HTTP_REQUEST_TIMEOUT_SECONDS",
);
const HTTP_BODY_LIMIT: Key = key("http.body_limit_bytes", "FRONTDESK_HTTP_BODY_LIMIT_BYTES");
const HTTP_TRUST_FORWARDED: Key = key(
    "http.trust_forwarded_for",
    "FRONTDESK_HTTP_TRUST_FORWARDED_FOR",
);
const SESSIONS_IDLE: Key = key(
    "sessions.idle_timeout_minutes",
    "FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES",
);
const SESSIONS_ABSOLUTE: Key = key(
    "sessions.absolute_timeout_hours",
    "FRONTDESK_SESSIONS_ABSOLUTE_TIMEOUT_HOURS",
);
const PASSWORDS_CONCURRENT: Key = key(
    "passwords.max_concurrent_hashes",
    "FRONTDESK_PASSWORDS_MAX_CONCURRENT_HASHES",
);
const PASSWORDS_WAITING: Key = key(
    "passwords.max_waiting_hashes",
    "FRONTDESK_PASSWORDS_MAX_WAITING_HASHES",
);
const MAIL_FROM: Key = key("mail_from", "FRONTDESK_MAIL_FROM");
const OUTBOX_BATCH: Key = key("outbox.batch_size", "FRONTDESK_OUTBOX_BATCH_SIZE");
const OUTBOX_LEASE: Key = key("outbox.lease_seconds", "FRONTDESK_OUTBOX_LEASE_SECONDS");
const OUTBOX_ATTEMPTS: Key = key("outbox.max_attempts", "FRONTDESK_OUTBOX_MAX_ATTEMPTS");
const CAPTCHA_PROVIDER: Key = key("captcha.provider", "FRONTDESK_CAPTCHA_PROVIDER");
const CAPTCHA_SECRET: Key = key("captcha.secret", "FRONTDESK_CAPTCHA_SECRET");
const CAPTCHA_SITE_KEY: Key = key("captcha.site_key", "FRONTDESK_CAPTCHA_SITE_KEY");
const CAPTCHA_VERIFY_URL: Key = key("captcha.verify_url", "FRONTDESK_CAPTCHA_VERIFY_URL");
const CAPTCHA_MAX_NUMBER: Key = key(
    "captcha.altcha_max_number",
    "FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER",
);
const CAPTCHA_EXPIRES: Key = key(
    "captcha.altcha_expires_seconds",
    "FRONTDESK_CAPTCHA_ALTCHA_EXPIRES_SECONDS",
);
const WORKER_POLL: Key = key(
    "worker.poll_interval_ms",
    "FRONTDESK_WORKER_POLL_INTERVAL_MS",
);

const KEYS: &[Key] = &[
    LISTEN,
    DATABASE_URL,
    BASE_URL,
    MAIL,
    LOG_FILTER,
    LOG_FORMAT,
    HTTP_TIMEOUT,
    HTTP_BODY_LIMIT,
    HTTP_TRUST_FORWARDED,
    SESSIONS_IDLE,
    SESSIONS_ABSOLUTE,
    PASSWORDS_CONCURRENT,
    PASSWORDS_WAITING,
    WORKER_POLL,
    MAIL_FROM,
    OUTBOX_BATCH,
    OUTBOX_LEASE,
    OUTBOX_ATTEMPTS,
    CAPTCHA_PROVIDER,
    CAPTCHA_SECRET,
    CAPTCHA_SITE_KEY,
    CAPTCHA_VERIFY_URL,
    CAPTCHA_MAX_NUMBER,
    CAPTCHA_EXPIRES,
];

const fn key(toml: &'static str, env: &'static str) -> Key {
    Key { toml, env }
}

const MAIL_SHAPE: &str = "expected smtp://host:port, smtps://host:port or smtp+starttls://host:port \
     (optionally with user:password@ before the host), file:DIR or memory";

/// The validated runtime configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub listen: SocketAddr,
    /// Database to connect to (`SQLite` or `PostgreSQL`).
    pub database_url: DatabaseUrl,
    /// Public base URL used in links sent by mail. Its path always ends in `/`; build links
    /// with [`Config::public_url`].
    pub base_url: Url,
    /// Where outgoing mail goes.
    pub mail: MailSetting,
    /// Logging.
    pub log: LogSettings,
    /// HTTP server limits.
    pub http: HttpSettings,
    /// Session lifetimes.
    pub sessions: SessionSettings,
    /// Password hashing capacity.
    pub passwords: PasswordSettings,
    /// Background worker.
    pub worker: WorkerSettings,
    /// The `From` address of every mail.
    pub mail_from: EmailAddress,
    /// Outbox dispatch.
    pub outbox: OutboxSettings,
    /// The security check on public writes.
    pub captcha: CaptchaSettings,
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

/// Which captcha service checks public writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptchaProvider {
    /// ALTCHA proof-of-work, verified by Frontdesk itself (works offline).
    Altcha,
    /// Cloudflare Turnstile.
    Turnstile,
    /// hCaptcha.
    HCaptcha,
    /// Google reCAPTCHA.
    ReCaptcha,
}

/// Captcha settings.
#[derive(Debug, Clone)]
pub struct CaptchaSettings {
    /// The service.
    pub provider: CaptchaProvider,
    /// ALTCHA: HMAC key (at least 32 characters; when absent one is generated and kept in
    /// the database so every replica shares it). Others: the siteverify secret.
    pub secret: Option<SecretString>,
    /// Third-party services: the public site key their widget needs.
    pub site_key: Option<String>,
    /// Third-party services: a siteverify endpoint other than the provider's own.
    pub verify_url: Option<String>,
    /// ALTCHA: difficulty (largest secret number).
    pub altcha_max_number: u64,
    /// ALTCHA: how long a challenge may be solved and sent.
    pub altcha_expires: Duration,
}

/// Database connection URL. It may hold a password, so it is kept secret and its `Debug`
/// output hides the password.
#[derive(Clone)]
pub struct DatabaseUrl {
    url: SecretString,
    sqlite: bool,
}

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

/// Logging settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    /// `tracing` filter directive, such as `info` or `frontdesk=debug,info`; checked by the
    /// binary that installs the subscriber.
    pub filter: String,
    /// Output format.
    pub format: LogFormat,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

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

/// Password hashing capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordSettings {
    /// Hashes running at once.
    pub max_concurrent_hashes: usize,
    /// Hashes waiting for a slot; more are refused with 429.
    pub max_waiting_hashes: usize,
}

/// Background worker settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkerSettings {
    /// Pause between polls of the outbox when it is empty.
    pub poll_interval: Duration,
}

/// Where a value came from, as the operator would look for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// An environment variable.
    Env {
        /// Its name.
        var: String,
    },
    /// A key in the TOML file.
    File {
        /// Dotted key, such as `http.body_limit_bytes`.
        key: String,
        /// The file.
        path: PathBuf,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env { var } => write!(f, "environment variable {var}"),
            Self::File { key, path } => write!(f, "`{key}` in config file {}", path.display()),
        }
    }
}

/// Why the configuration cannot be used. The `Display` text is meant for the operator and
/// never contains a password.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The config file could not be read.
    #[error("cannot read config file {}: {source}", path.display())]
    ReadFile {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The config file is not valid TOML.
    #[error("config file {} is not valid TOML (line {line}, column {column}): {message}", path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What the TOML parser said (without the offending line's text).
        message: String,
    },
    /// The config file has a key Frontdesk does not know.
    #[error("unknown key `{key}` in config file {}; known keys here: {known}", path.display())]
    UnknownKey {
        /// The file.
        path: PathBuf,
        /// Dotted key, such as `http.body_limit`.
        key: String,
        /// The keys allowed at that level.
        known: String,
    },
    /// A `FRONTDESK_*` environment variable Frontdesk does not know.
    #[error("unknown environment variable {var}; known variables: {known}")]
    UnknownEnvVar {
        /// Its name.
        var: String,
        /// The variables Frontdesk reads.
        known: String,
    },
    /// A value has the wrong shape or is out of range.
    #[error("{origin}: {problem}")]
    Invalid {
        /// Where the value came from.
        origin: Origin,
        /// What is wrong and what is expected.
        problem: String,
    },
    /// Values that are fine alone but not together.
    #[error("{0}")]
    Inconsistent(String),
}

/// Why a database URL or mail setting was refused; the message never repeats the value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(String);

impl InvalidValue {
    fn new(problem: impl Into<String>) -> Self {
        Self(problem.into())
    }
}

impl Config {
    /// Reads `file` (if given), applies `FRONTDESK_*` variables from `env` over it, fills in
    /// defaults and validates the result. Pass `std::env::vars()` from a binary; tests pass
    /// their own list.
    ///
    /// # Errors
    /// [`ConfigError`] naming the file, key or variable at fault.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut sources = Sources::default();
        if let Some(path) = file {
            sources.read_file(path)?;
        }
        sources.read_env(env)?;
        Self::from_sources(&mut sources)
    }

    /// The public URL of `path` under [`Config::base_url`], such as
    /// `public_url("/g/fdg_…")` → `https://example.org/frontdesk/g/fdg_…`. Leading slashes of
    /// `path` do not matter.
    pub fn public_url(&self, path: &str) -> String {
        format!(
            "{}/{}",
            self.base_url.as_str().trim_end_matches('/'),
            path.trim_start_matches('/')
        )
    }

    #[expect(
        clippy::too_many_lines,
        reason = "one readable pass over every setting, in documentation order"
    )]
    fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        let listen = sources
            .text(&LISTEN, |raw| {
                raw.parse::<SocketAddr>().map_err(|_| {
                    InvalidValue::new(
                        "expected an IP address and port, such as 127.0.0.1:8080 or [::1]:8080 \
                         (host names are not accepted)",
                    )
                })
            })?
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
        let database_url = match sources.text(&DATABASE_URL, DatabaseUrl::parse)? {
            Some(url) => url,
            None => DatabaseUrl::parse("sqlite://frontdesk.db?mode=rwc").map_err(|error| {
                ConfigError::Inconsistent(format!("default database URL: {error}"))
            })?,
        };
        let base_url = match sources.text(&BASE_URL, parse_base_url)? {
            Some(url) => url,
            None => parse_base_url(&format!("http://{listen}")).map_err(|error| {
                ConfigError::Inconsistent(format!(
                    "cannot derive base_url from listen address {listen}: {error}; set {}",
                    BASE_URL.env
                ))
            })?,
        };
        let mail = sources
            .text(&MAIL, MailSetting::parse)?
            .unwrap_or_else(|| MailSetting::File {
                dir: PathBuf::from("./mail"),
            });
        let log = LogSettings {
            filter: sources
                .text(&LOG_FILTER, |raw| {
                    if raw.is_empty() {
                        Err(InvalidValue::new("expected a log filter such as info"))
                    } else {
                        Ok(raw.to_owned())
                    }
                })?
                .unwrap_or_else(|| "info".to_owned()),
            format: sources
                .text(&LOG_FORMAT, |raw| match raw.to_ascii_lowercase().as_str() {
                    "text" => Ok(LogFormat::Text),
                    "json" => Ok(LogFormat::Json),
                    _ => Err(InvalidValue::new("expected text or json")),
                })?
                .unwrap_or(LogFormat::Text),
        };
        let http = HttpSettings {
            request_timeout: Duration::from_secs(
                sources.number(&HTTP_TIMEOUT, 1..=600)?.unwrap_or(30),
            ),
            body_limit_bytes: sources
                .number(&HTTP_BODY_LIMIT, 1024..=16 * 1024 * 1024)?
                .unwrap_or(262_144),
            trust_forwarded_for: sources.boolean(&HTTP_TRUST_FORWARDED)?.unwrap_or(false),
        };
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
        let sessions = SessionSettings {
            idle_timeout: Duration::from_secs(idle_minutes * 60),
            absolute_timeout: Duration::from_secs(absolute_hours * 3600),
        };
        let max_concurrent_hashes = sources
            .number(&PASSWORDS_CONCURRENT, 1..=1024)?
            .unwrap_or_else(default_concurrent_hashes);
        let passwords = PasswordSettings {
            max_concurrent_hashes,
            max_waiting_hashes: sources
                .number(&PASSWORDS_WAITING, 0..=65_536)?
                .unwrap_or(max_concurrent_hashes * 4),
        };
        let worker = WorkerSettings {
            poll_interval: Duration::from_millis(
                sources.number(&WORKER_POLL, 10..=60_000)?.unwrap_or(500),
            ),
        };
        let mail_from = match sources.text(&MAIL_FROM, |raw| {
            EmailAddress::parse(raw).map_err(|error| {
                InvalidValue::new(format!(
                    "expected a plain address such as desk@example.org ({error})"
                ))
            })
        })? {
            Some(address) => address,
            None => default_sender(&base_url),
        };
        let outbox = OutboxSettings {
            batch_size: sources.number(&OUTBOX_BATCH, 1..=500)?.unwrap_or(20),
            lease: Duration::from_secs(sources.number(&OUTBOX_LEASE, 5..=3_600)?.unwrap_or(60)),
            max_attempts: sources.number(&OUTBOX_ATTEMPTS, 1..=50)?.unwrap_or(8),
        };
        let captcha = Self::captcha(sources)?;
        Ok(Self {
            listen,
            database_url,
            base_url,
            mail,
            log,
            http,
            sessions,
            passwords,
            worker,
            mail_from,
            outbox,
            captcha,
        })
    }

    fn captcha(sources: &mut Sources) -> Result<CaptchaSettings, ConfigError> {
        let provider = sources
            .text(&CAPTCHA_PROVIDER, |raw| {
                match raw.to_ascii_lowercase().as_str() {
                    "altcha" => Ok(CaptchaProvider::Altcha),
                    "turnstile" => Ok(CaptchaProvider::Turnstile),
                    "hcaptcha" => Ok(CaptchaProvider::HCaptcha),
                    "recaptcha" => Ok(CaptchaProvider::ReCaptcha),
                    _ => Err(InvalidValue::new(
                        "expected altcha, turnstile, hcaptcha or recaptcha",
                    )),
                }
            })?
            .unwrap_or(CaptchaProvider::Altcha);
        let secret = sources.text(&CAPTCHA_SECRET, |raw| {
            if provider == CaptchaProvider::Altcha && raw.len() < 32 {
                Err(InvalidValue::new(
                    "an ALTCHA key needs at least 32 characters",
                ))
            } else {
                Ok(SecretString::from(raw.to_owned()))
            }
        })?;
        let site_key = sources.text(&CAPTCHA_SITE_KEY, |raw| Ok(raw.to_owned()))?;
        let verify_url = sources.text(&CAPTCHA_VERIFY_URL, |raw| {
            Url::parse(raw)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .map(|_| raw.to_owned())
                .ok_or_else(|| InvalidValue::new("expected an http(s) URL"))
        })?;
        if provider != CaptchaProvider::Altcha && (secret.is_none() || site_key.is_none()) {
            return Err(ConfigError::Inconsistent(format!(
                "the {} captcha needs both {} and {}",
                match provider {
                    CaptchaProvider::Turnstile => "Turnstile",
                    CaptchaProvider::HCaptcha => "hCaptcha",
                    _ => "reCAPTCHA",
                },
                CAPTCHA_SECRET.env,
                CAPTCHA_SITE_KEY.env
            )));
        }
        Ok(CaptchaSettings {
            provider,
            secret,
            site_key,
            verify_url,
            altcha_max_number: sources
                .number(&CAPTCHA_MAX_NUMBER, 1_000..=10_000_000)?
                .unwrap_or(100_000),
            altcha_expires: Duration::from_secs(
                sources
                    .number(&CAPTCHA_EXPIRES, 30..=86_400)?
                    .unwrap_or(600),
            ),
        })
    }
}

/// `no-reply@<host of the base URL>`, or `no-reply@frontdesk.localhost` when that host is
/// not a domain with a dot (an IP address or `localhost`).
fn default_sender(base_url: &Url) -> EmailAddress {
    let host = base_url.host_str().unwrap_or_default();
    EmailAddress::parse(&format!("no-reply@{host}"))
        .or_else(|_| EmailAddress::parse("no-reply@frontdesk.localhost"))
        .unwrap_or_else(|_| unreachable!("a constant, valid address"))
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

/// A raw value before validation.
enum Raw {
    Text(String),
    Integer(i64),
    Boolean(bool),
    Other(&'static str),
}

/// Raw values by dotted TOML key, later sources overriding earlier ones.
#[derive(Default)]
struct Sources {
    values: BTreeMap<&'static str, (Raw, Origin)>,
}

impl Sources {
    fn read_file(&mut self, path: &Path) -> Result<(), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
            path: path.to_owned(),
            source,
        })?;
        let table: toml::Table = toml::from_str(&text).map_err(|error| {
            let start = error.span().map_or(0, |span| span.start).min(text.len());
            let before = text.get(..start).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let column = before
                .rsplit('\n')
                .next()
                .map_or(0, |line| line.chars().count())
                + 1;
            ConfigError::Syntax {
                path: path.to_owned(),
                line,
                column,
                message: error.message().trim().to_owned(),
            }
        })?;
        self.read_table(path, "", table)
    }

    /// Takes the keys of `table` (the top level when `section` is empty), refusing any key
    /// that is not a known setting or section.
    fn read_table(
        &mut self,
        path: &Path,
        section: &str,
        table: toml::Table,
    ) -> Result<(), ConfigError> {
        for (name, value) in table {
            let dotted = if section.is_empty() {
                name.clone()
            } else {
                format!("{section}.{name}")
            };
            if let Some(known) = KEYS.iter().find(|key| key.toml == dotted) {
                let origin = Origin::File {
                    key: dotted,
                    path: path.to_owned(),
                };
                self.values.insert(known.toml, (Raw::from(value), origin));
            } else if section.is_empty() && sections().any(|known| known == name) {
                let toml::Value::Table(inner) = value else {
                    return Err(ConfigError::Invalid {
                        origin: Origin::File {
                            key: dotted,
                            path: path.to_owned(),
                        },
                        problem: format!("expected a table, written [{name}]"),
                    });
                };
                self.read_table(path, &name, inner)?;
            } else {
                return Err(ConfigError::UnknownKey {
                    path: path.to_owned(),
                    key: dotted,
                    known: known_keys(section),
                });
            }
        }
        Ok(())
    }

    fn read_env(
        &mut self,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<(), ConfigError> {
        let mut vars: Vec<(String, String)> = env
            .into_iter()
            .filter(|(name, _)| name.starts_with(ENV_PREFIX) && name != CONFIG_FILE_ENV_VAR)
            .collect();
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, value) in vars {
            let Some(known) = KEYS.iter().find(|key| key.env == name) else {
                return Err(ConfigError::UnknownEnvVar {
                    var: name,
                    known: KEYS
                        .iter()
                        .map(|key| key.env)
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            if value.trim().is_empty() {
                continue;
            }
            self.values
                .insert(known.toml, (Raw::Text(value), Origin::Env { var: name }));
        }
        Ok(())
    }

    /// The text value of `key` run through `parse`, if set.
    fn text<T>(
        &mut self,
        key: &Key,
        parse: impl FnOnce(&str) -> Result<T, InvalidValue>,
    ) -> Result<Option<T>, ConfigError> {
        let Some((raw, origin)) = self.values.remove(key.toml) else {
            return Ok(None);
        };
        let Raw::Text(text) = raw else {
            return Err(ConfigError::Invalid {
                origin,
                problem: format!("expected a string, found {}", raw.kind()),
            });
        };
        let text = text.trim();
        if text.chars().any(char::is_control) {
            return Err(ConfigError::Invalid {
                origin,
                problem: "must not contain control characters or line breaks".to_owned(),
            });
        }
        parse(text)
            .map(Some)
            .map_err(|InvalidValue(problem)| ConfigError::Invalid { origin, problem })
    }

    /// The whole number value of `key`, if set, checked against `range`.
    fn number<T>(&mut self, key: &Key, range: RangeInclusive<T>) -> Result<Option<T>, ConfigError>
    where
        T: TryFrom<i64> + PartialOrd + fmt::Display + std::str::FromStr,
    {
        let Some((raw, origin)) = self.values.remove(key.toml) else {
            return Ok(None);
        };
        let value = match raw {
            Raw::Integer(number) => T::try_from(number).ok(),
            Raw::Text(text) => text.trim().parse::<T>().ok(),
            Raw::Boolean(_) | Raw::Other(_) => None,
        };
        match value {
            Some(value) if range.contains(&value) => Ok(Some(value)),
            _ => Err(ConfigError::Invalid {
                origin,
                problem: format!(
                    "expected a whole number from {} to {}",
                    range.start(),
                    range.end()
                ),
            }),
        }
    }

    /// The boolean value of `key`, if set (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`
    /// from the environment).
    fn boolean(&mut self, key: &Key) -> Result<Option<bool>, ConfigError> {
        let Some((raw, origin)) = self.values.remove(key.toml) else {
            return Ok(None);
        };
        let value = match raw {
            Raw::Boolean(value) => Some(value),
            Raw::Text(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" | "yes" | "on" => Some(true),
                "false" | "0" | "no" | "off" => Some(false),
                _ => None,
            },
            Raw::Integer(_) | Raw::Other(_) => None,
        };
        value.map(Some).ok_or_else(|| ConfigError::Invalid {
            origin,
            problem: "expected true or false".to_owned(),
        })
    }
}

impl From<toml::Value> for Raw {
    fn from(value: toml::Value) -> Self {
        match value {
            toml::Value::String(text) => Self::Text(text),
            toml::Value::Integer(number) => Self::Integer(number),
            toml::Value::Boolean(value) => Self::Boolean(value),
            other => Self::Other(other.type_str()),
        }
    }
}

impl Raw {
    /// The TOML type name, for errors (never the value itself).
    fn kind(&self) -> &'static str {
        match self {
            Self::Text(_) => "string",
            Self::Integer(_) => "integer",
            Self::Boolean(_) => "boolean",
            Self::Other(kind) => kind,
        }
    }
}

/// The names of the TOML sections, such as `http`.
fn sections() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&'static str> = KEYS
        .iter()
        .filter_map(|key| key.toml.split_once('.').map(|(section, _)| section))
        .collect();
    names.dedup();
    names.into_iter()
}

/// The keys allowed in `section` (the top level when empty), for an error message.
fn known_keys(section: &str) -> String {
    if section.is_empty() {
        KEYS.iter()
            .map(|key| key.toml)
            .filter(|name| !name.contains('.'))
            .map(str::to_owned)
            .chain(sections().map(|name| format!("[{name}]")))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        KEYS.iter()
            .filter_map(|key| key.toml.strip_prefix(section)?.strip_prefix('.'))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests;

/// Hashes computed at once unless configured: one per CPU but one (at least one), so
/// sign-ins can never take every core from the pages.
fn default_concurrent_hashes() -> usize {
    std::thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .saturating_sub(1)
        .max(1)
}
