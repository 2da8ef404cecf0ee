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
//! | `[http] trusted_proxies` | `FRONTDESK_HTTP_TRUSTED_PROXIES` | `0` (0–16): proxies in front that append to `X-Forwarded-For` |
//! | `[http] trust_forwarded_for` | `FRONTDESK_HTTP_TRUST_FORWARDED_FOR` | `false`; the older spelling: `true` is `trusted_proxies = 1` when that is not set |
//! | `[http] header_read_timeout_seconds` | `FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS` | `10` (1–300) |
//! | `[http] keep_alive_idle_seconds` | `FRONTDESK_HTTP_KEEP_ALIVE_IDLE_SECONDS` | `60` (1–3600) |
//! | `[http] max_connections` | `FRONTDESK_HTTP_MAX_CONNECTIONS` | `1024` (1–65536) |
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
//! | `[at_rest] key` | `FRONTDESK_AT_REST_KEY` | unset: the key in `key_file` (`KEY_ID:SECRET`, 32 bytes base64url) |
//! | `[at_rest] old_keys` | `FRONTDESK_AT_REST_OLD_KEYS` | none (comma-separated, decrypt only) |
//! | `[at_rest] key_file` | `FRONTDESK_AT_REST_KEY_FILE` | `frontdesk-sealing.key`, created on first start |
//! | `[at_rest] dead_mail_retention_days` | `FRONTDESK_AT_REST_DEAD_MAIL_RETENTION_DAYS` | `30` (1–3650) |
//!
//! Rules: unknown keys in the file and unknown `FRONTDESK_*` variables are errors (other
//! variables are ignored, and so is [`CONFIG_FILE_ENV_VAR`], which the binaries read
//! themselves). An environment variable set to the empty string counts as not set. Values
//! are trimmed of surrounding whitespace and may not contain control characters.

mod at_rest;
mod capacity;
mod captcha;
mod database;
mod error;
mod http;
mod keys;
mod log;
mod mail;
mod production;
mod sources;

use std::net::SocketAddr;
use std::path::Path;

use frontdesk_kernel::EmailAddress;
use url::Url;

pub use at_rest::{AtRestKey, AtRestSettings, CurrentKey, DEFAULT_KEY_FILE};
pub use capacity::{PasswordSettings, WorkerSettings};
pub use captcha::{CaptchaProvider, CaptchaSettings};
pub use database::DatabaseUrl;
pub use error::{ConfigError, InvalidValue, Origin};
pub use http::{HttpSettings, SessionSettings};
pub use log::{LogFormat, LogSettings};
pub use mail::{MailSetting, OutboxSettings, SmtpSecurity};

use sources::Sources;

/// Prefix of every environment variable Frontdesk reads.
pub const ENV_PREFIX: &str = "FRONTDESK_";

/// Variable the binaries may use to name the TOML file; [`Config::load`] ignores it.
pub const CONFIG_FILE_ENV_VAR: &str = "FRONTDESK_CONFIG";

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
    /// Sealing keys and retention of queued mail.
    pub at_rest: AtRestSettings,
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

    /// Reads every setting in documentation order, so the first error is the first bad
    /// setting an operator would meet reading the table above.
    fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        let listen = http::listen(sources)?;
        let database_url = DatabaseUrl::from_sources(sources)?;
        let base_url = http::base_url(sources, listen)?;
        let mail = MailSetting::from_sources(sources)?;
        let log = LogSettings::from_sources(sources)?;
        let http = HttpSettings::from_sources(sources)?;
        let sessions = SessionSettings::from_sources(sources)?;
        let passwords = PasswordSettings::from_sources(sources)?;
        let worker = WorkerSettings::from_sources(sources)?;
        let mail_from = mail::sender(sources, &base_url)?;
        let outbox = OutboxSettings::from_sources(sources)?;
        let captcha = CaptchaSettings::from_sources(sources)?;
        let at_rest = AtRestSettings::from_sources(sources)?;
        production::refuse_test_settings(&base_url, &mail, &captcha)?;
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
            at_rest,
        })
    }
}

#[cfg(test)]
mod tests;
