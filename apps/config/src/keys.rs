//! The name of every setting, as a TOML key and as an environment variable.

/// One setting: its dotted TOML key and its environment variable.
pub(crate) struct Key {
    /// Dotted TOML key, such as `http.body_limit_bytes`.
    pub(crate) toml: &'static str,
    /// Environment variable, such as `FRONTDESK_HTTP_BODY_LIMIT_BYTES`.
    pub(crate) env: &'static str,
}

pub(crate) const LISTEN: Key = key("listen", "FRONTDESK_LISTEN");
pub(crate) const DATABASE_URL: Key = key("database_url", "FRONTDESK_DATABASE_URL");
pub(crate) const BASE_URL: Key = key("base_url", "FRONTDESK_BASE_URL");
pub(crate) const MAIL: Key = key("mail", "FRONTDESK_MAIL");
pub(crate) const LOG_FILTER: Key = key("log.filter", "FRONTDESK_LOG");
pub(crate) const LOG_FORMAT: Key = key("log.format", "FRONTDESK_LOG_FORMAT");
pub(crate) const HTTP_TIMEOUT: Key = key(
    "http.request_timeout_seconds",
    "FRONTDESK_HTTP_REQUEST_TIMEOUT_SECONDS",
);
pub(crate) const HTTP_BODY_LIMIT: Key =
    key("http.body_limit_bytes", "FRONTDESK_HTTP_BODY_LIMIT_BYTES");
pub(crate) const HTTP_TRUST_FORWARDED: Key = key(
    "http.trust_forwarded_for",
    "FRONTDESK_HTTP_TRUST_FORWARDED_FOR",
);
pub(crate) const HTTP_TRUSTED_PROXIES: Key =
    key("http.trusted_proxies", "FRONTDESK_HTTP_TRUSTED_PROXIES");
pub(crate) const HTTP_HEADER_READ: Key = key(
    "http.header_read_timeout_seconds",
    "FRONTDESK_HTTP_HEADER_READ_TIMEOUT_SECONDS",
);
pub(crate) const HTTP_KEEP_ALIVE_IDLE: Key = key(
    "http.keep_alive_idle_seconds",
    "FRONTDESK_HTTP_KEEP_ALIVE_IDLE_SECONDS",
);
pub(crate) const HTTP_MAX_CONNECTIONS: Key =
    key("http.max_connections", "FRONTDESK_HTTP_MAX_CONNECTIONS");
pub(crate) const SESSIONS_IDLE: Key = key(
    "sessions.idle_timeout_minutes",
    "FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES",
);
pub(crate) const SESSIONS_ABSOLUTE: Key = key(
    "sessions.absolute_timeout_hours",
    "FRONTDESK_SESSIONS_ABSOLUTE_TIMEOUT_HOURS",
);
pub(crate) const PASSWORDS_CONCURRENT: Key = key(
    "passwords.max_concurrent_hashes",
    "FRONTDESK_PASSWORDS_MAX_CONCURRENT_HASHES",
);
pub(crate) const PASSWORDS_WAITING: Key = key(
    "passwords.max_waiting_hashes",
    "FRONTDESK_PASSWORDS_MAX_WAITING_HASHES",
);
pub(crate) const MAIL_FROM: Key = key("mail_from", "FRONTDESK_MAIL_FROM");
pub(crate) const OUTBOX_BATCH: Key = key("outbox.batch_size", "FRONTDESK_OUTBOX_BATCH_SIZE");
pub(crate) const OUTBOX_LEASE: Key = key("outbox.lease_seconds", "FRONTDESK_OUTBOX_LEASE_SECONDS");
pub(crate) const OUTBOX_ATTEMPTS: Key = key("outbox.max_attempts", "FRONTDESK_OUTBOX_MAX_ATTEMPTS");
pub(crate) const CAPTCHA_PROVIDER: Key = key("captcha.provider", "FRONTDESK_CAPTCHA_PROVIDER");
pub(crate) const CAPTCHA_SECRET: Key = key("captcha.secret", "FRONTDESK_CAPTCHA_SECRET");
pub(crate) const CAPTCHA_SITE_KEY: Key = key("captcha.site_key", "FRONTDESK_CAPTCHA_SITE_KEY");
pub(crate) const CAPTCHA_VERIFY_URL: Key =
    key("captcha.verify_url", "FRONTDESK_CAPTCHA_VERIFY_URL");
pub(crate) const CAPTCHA_MAX_NUMBER: Key = key(
    "captcha.altcha_max_number",
    "FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER",
);
pub(crate) const CAPTCHA_EXPIRES: Key = key(
    "captcha.altcha_expires_seconds",
    "FRONTDESK_CAPTCHA_ALTCHA_EXPIRES_SECONDS",
);
pub(crate) const AT_REST_KEY: Key = key("at_rest.key", "FRONTDESK_AT_REST_KEY");
pub(crate) const AT_REST_OLD_KEYS: Key = key("at_rest.old_keys", "FRONTDESK_AT_REST_OLD_KEYS");
pub(crate) const AT_REST_KEY_FILE: Key = key("at_rest.key_file", "FRONTDESK_AT_REST_KEY_FILE");
pub(crate) const AT_REST_DEAD_RETENTION: Key = key(
    "at_rest.dead_mail_retention_days",
    "FRONTDESK_AT_REST_DEAD_MAIL_RETENTION_DAYS",
);
pub(crate) const WORKER_POLL: Key = key(
    "worker.poll_interval_ms",
    "FRONTDESK_WORKER_POLL_INTERVAL_MS",
);

/// Every setting, in documentation order.
pub(crate) const KEYS: &[Key] = &[
    LISTEN,
    DATABASE_URL,
    BASE_URL,
    MAIL,
    LOG_FILTER,
    LOG_FORMAT,
    HTTP_TIMEOUT,
    HTTP_BODY_LIMIT,
    HTTP_TRUST_FORWARDED,
    HTTP_TRUSTED_PROXIES,
    HTTP_HEADER_READ,
    HTTP_KEEP_ALIVE_IDLE,
    HTTP_MAX_CONNECTIONS,
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
    AT_REST_KEY,
    AT_REST_OLD_KEYS,
    AT_REST_KEY_FILE,
    AT_REST_DEAD_RETENTION,
];

const fn key(toml: &'static str, env: &'static str) -> Key {
    Key { toml, env }
}

/// The names of the TOML sections, such as `http`.
pub(crate) fn sections() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&'static str> = KEYS
        .iter()
        .filter_map(|key| key.toml.split_once('.').map(|(section, _)| section))
        .collect();
    names.dedup();
    names.into_iter()
}

/// The keys allowed in `section` (the top level when empty), for an error message.
pub(crate) fn known_keys(section: &str) -> String {
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
