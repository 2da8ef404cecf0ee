use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use secrecy::ExposeSecret;

use super::*;

mod edge;
mod production;

/// A TOML file in the temp dir, removed on drop.
struct TempToml(PathBuf);

impl TempToml {
    fn new(contents: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "frontdesk-config-test-{}-{}.toml",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::write(&path, contents).unwrap();
        Self(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempToml {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

fn load_env(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    Config::load(None, env(pairs))
}

fn load_file(contents: &str, pairs: &[(&str, &str)]) -> (Result<Config, ConfigError>, TempToml) {
    let file = TempToml::new(contents);
    (Config::load(Some(file.path()), env(pairs)), file)
}

fn error_env(pairs: &[(&str, &str)]) -> String {
    load_env(pairs).unwrap_err().to_string()
}

#[test]
fn defaults_with_empty_env() {
    let config = load_env(&[]).unwrap();
    assert_eq!(config.listen, "127.0.0.1:8080".parse().unwrap());
    assert_eq!(
        config.database_url.expose(),
        "sqlite://frontdesk.db?mode=rwc"
    );
    assert!(config.database_url.is_sqlite());
    assert_eq!(config.base_url.as_str(), "http://127.0.0.1:8080/");
    assert!(matches!(&config.mail, MailSetting::File { dir } if dir == Path::new("./mail")));
    assert_eq!(
        config.log,
        LogSettings {
            filter: "info".to_owned(),
            format: LogFormat::Text
        }
    );
    assert_eq!(
        config.http,
        HttpSettings {
            request_timeout: Duration::from_secs(30),
            body_limit_bytes: 262_144,
            trusted_proxies: 0,
            header_read_timeout: Duration::from_secs(10),
            keep_alive_idle: Duration::from_mins(1),
            max_connections: 1024,
        }
    );
    assert_eq!(config.sessions.idle_timeout, Duration::from_hours(2));
    assert_eq!(config.sessions.absolute_timeout, Duration::from_hours(12));
    let running = std::thread::available_parallelism()
        .unwrap()
        .get()
        .saturating_sub(1)
        .max(1);
    assert_eq!(
        config.passwords,
        PasswordSettings {
            max_concurrent_hashes: running,
            max_waiting_hashes: 4 * running
        }
    );
    assert_eq!(config.worker.poll_interval, Duration::from_millis(500));
}

#[test]
fn other_env_vars_and_the_config_file_variable_are_ignored() {
    let config = load_env(&[
        ("PATH", "/usr/bin"),
        ("HOME", "/root"),
        ("frontdesk_listen", "nope"),
        (CONFIG_FILE_ENV_VAR, "/etc/frontdesk.toml"),
    ])
    .unwrap();
    assert_eq!(config.listen.port(), 8080);
}

#[test]
fn file_sets_every_key() {
    let (config, _file) = load_file(
        r#"
listen = "0.0.0.0:9000"
database_url = "postgres://app:pw@db.internal:5432/frontdesk"
base_url = "https://help.example.org/desk"
mail = "smtp+starttls://mailer:s3cret@smtp.example.org:587"

[log]
filter = "frontdesk=debug,info"
format = "json"

[http]
request_timeout_seconds = 10
body_limit_bytes = 1048576
trust_forwarded_for = true

[sessions]
idle_timeout_minutes = 30
absolute_timeout_hours = 8

[passwords]
max_concurrent_hashes = 3
max_waiting_hashes = 0

[worker]
poll_interval_ms = 250
"#,
        &[],
    );
    let config = config.unwrap();
    assert_eq!(config.listen, "0.0.0.0:9000".parse().unwrap());
    assert!(!config.database_url.is_sqlite());
    assert_eq!(config.base_url.as_str(), "https://help.example.org/desk/");
    assert!(matches!(
        &config.mail,
        MailSetting::Smtp { host, port: 587, security: SmtpSecurity::StartTls, credentials: Some((user, _)) }
            if host == "smtp.example.org" && user == "mailer"
    ));
    assert_eq!(config.log.format, LogFormat::Json);
    assert_eq!(config.log.filter, "frontdesk=debug,info");
    assert_eq!(config.http.request_timeout, Duration::from_secs(10));
    assert_eq!(config.http.body_limit_bytes, 1_048_576);
    assert_eq!(config.http.trusted_proxies, 1);
    assert_eq!(config.sessions.idle_timeout, Duration::from_mins(30));
    assert_eq!(config.sessions.absolute_timeout, Duration::from_hours(8));
    assert_eq!(config.passwords.max_concurrent_hashes, 3);
    assert_eq!(config.passwords.max_waiting_hashes, 0);
    assert_eq!(config.worker.poll_interval, Duration::from_millis(250));
}

#[test]
fn env_overrides_file() {
    let (config, _file) = load_file(
        "listen = \"127.0.0.1:9000\"\nmail = \"memory\"\n[http]\ntrust_forwarded_for = true\n[passwords]\nmax_concurrent_hashes = 2\n",
        &[
            ("FRONTDESK_LISTEN", "127.0.0.1:9100"),
            ("FRONTDESK_HTTP_TRUST_FORWARDED_FOR", "no"),
            ("FRONTDESK_MAIL", ""),
            ("FRONTDESK_PASSWORDS_MAX_CONCURRENT_HASHES", " 5 "),
        ],
    );
    let config = config.unwrap();
    assert_eq!(config.listen.port(), 9100);
    assert_eq!(config.http.trusted_proxies, 0);
    // An empty variable counts as not set, so the file's value stays.
    assert!(matches!(config.mail, MailSetting::Memory));
    // The waiting default follows the concurrency actually chosen.
    assert_eq!(config.passwords.max_concurrent_hashes, 5);
    assert_eq!(config.passwords.max_waiting_hashes, 20);
    // base_url follows the listen address that won.
    assert_eq!(config.base_url.as_str(), "http://127.0.0.1:9100/");
}

#[test]
fn missing_file_names_the_path() {
    let path = std::env::temp_dir().join("frontdesk-config-test-does-not-exist.toml");
    let error = Config::load(Some(&path), env(&[])).unwrap_err();
    assert!(matches!(error, ConfigError::ReadFile { .. }));
    assert!(
        error.to_string().contains(&path.display().to_string()),
        "{error}"
    );
}

#[test]
fn unknown_toml_key_names_key_and_path() {
    let (result, file) = load_file("listen = \"127.0.0.1:1\"\nlisten_port = 8080\n", &[]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("`listen_port`"), "{message}");
    assert!(
        message.contains(&file.path().display().to_string()),
        "{message}"
    );

    let (result, file) = load_file("[http]\nbody_limit = 1024\n", &[]);
    let message = result.unwrap_err().to_string();
    assert!(message.contains("`http.body_limit`"), "{message}");
    assert!(message.contains("body_limit_bytes"), "{message}");
    assert!(
        message.contains(&file.path().display().to_string()),
        "{message}"
    );

    let (result, _file) = load_file("[smtp]\nhost = \"x\"\n", &[]);
    assert!(result.unwrap_err().to_string().contains("`smtp`"));

    let (result, _file) = load_file("http = 5\n", &[]);
    assert!(result.unwrap_err().to_string().contains("expected a table"));
}

#[test]
fn toml_syntax_error_names_file_and_line() {
    let (result, file) = load_file("listen = \"127.0.0.1:1\"\nmail = memory\n", &[]);
    let error = result.unwrap_err();
    assert!(
        matches!(error, ConfigError::Syntax { line: 2, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains(&file.path().display().to_string())
    );
}

#[test]
fn unknown_env_var_is_named() {
    let message = error_env(&[("FRONTDESK_LISTEN_PORT", "8080")]);
    assert!(message.contains("FRONTDESK_LISTEN_PORT"), "{message}");
    assert!(message.contains("FRONTDESK_LISTEN,"), "{message}");
}

#[test]
fn bad_listen_names_the_variable_and_the_shape() {
    let message = error_env(&[("FRONTDESK_LISTEN", "nope")]);
    assert!(message.contains("FRONTDESK_LISTEN"), "{message}");
    assert!(message.contains("127.0.0.1:8080"), "{message}");
    let (result, _file) = load_file("listen = 8080\n", &[]);
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("`listen`") && message.contains("expected a string"),
        "{message}"
    );
}

#[test]
fn bad_database_url_scheme_is_rejected() {
    for url in [
        "mysql://u:p@h/db",
        "frontdesk.db",
        "sqlite:",
        "postgres://h:notaport/db",
    ] {
        let message = error_env(&[("FRONTDESK_DATABASE_URL", url)]);
        assert!(message.contains("FRONTDESK_DATABASE_URL"), "{message}");
    }
    let config = load_env(&[("FRONTDESK_DATABASE_URL", "postgresql://h/db")]).unwrap();
    assert!(!config.database_url.is_sqlite());
    assert_eq!(config.database_url.expose(), "postgresql://h/db");
}

#[test]
fn database_password_never_shows_in_debug_or_errors() {
    let url =
        DatabaseUrl::parse("postgres://app:hunter2@db:5432/fd?sslmode=require&password=hunter3")
            .unwrap();
    assert_eq!(
        url.redacted(),
        "postgres://app:***@db:5432/fd?sslmode=require&password=***"
    );
    assert!(!format!("{url:?}").contains("hunter"));
    assert_eq!(
        url.expose(),
        "postgres://app:hunter2@db:5432/fd?sslmode=require&password=hunter3"
    );
    assert_eq!(
        DatabaseUrl::parse("postgres://app@db/fd")
            .unwrap()
            .redacted(),
        "postgres://app@db/fd"
    );

    let config = load_env(&[
        ("FRONTDESK_DATABASE_URL", "postgres://app:hunter2@db/fd"),
        ("FRONTDESK_MAIL", "smtps://mailer:hunter4@smtp.example.org"),
    ])
    .unwrap();
    let debug = format!("{config:?}");
    assert!(!debug.contains("hunter"), "{debug}");
    assert!(debug.contains("postgres://app:***@db/fd"), "{debug}");

    // Errors about a value never repeat it, from the environment or the file.
    let cases = [
        ("FRONTDESK_DATABASE_URL", "mysql://app:hunter2@db/fd"),
        ("FRONTDESK_DATABASE_URL", "postgres://app:hunter2@db:bad/fd"),
        ("FRONTDESK_DATABASE_URL", "postgres://app:hunter2@d\nb/fd"),
        ("FRONTDESK_MAIL", "smtp://mailer:hunter2@smtp.example.org/x"),
        (
            "FRONTDESK_MAIL",
            "smtp://mailer:hunter2@smtp.example.org:99999",
        ),
        (
            "FRONTDESK_MAIL",
            "smtp://mailer:hunter2%zz@smtp.example.org",
        ),
        ("FRONTDESK_LISTEN", "hunter2"),
    ];
    for (var, value) in cases {
        let message = error_env(&[(var, value)]);
        assert!(!message.contains("hunter"), "{var}: {message}");
        assert!(message.contains(var), "{message}");
    }
    for contents in [
        "databse_url = \"postgres://app:hunter2@db/fd\"\n",
        "database_url = \"postgres://app:hunter2@db/fd\n",
        "[http]\nbody_limit_bytes = \"postgres://app:hunter2@db/fd\"\n",
        "database_url = \"mysql://app:hunter2@db/fd\"\n",
    ] {
        let (result, _file) = load_file(contents, &[]);
        let error = result.unwrap_err();
        assert!(!error.to_string().contains("hunter"), "{error}");
        assert!(!format!("{error:?}").contains("hunter"), "{error:?}");
    }
}

#[test]
fn base_url_default_follows_listen() {
    let config = load_env(&[("FRONTDESK_LISTEN", "[::1]:8443")]).unwrap();
    assert_eq!(config.base_url.as_str(), "http://[::1]:8443/");
    assert_eq!(
        config.public_url("/g/fdg_abc"),
        "http://[::1]:8443/g/fdg_abc"
    );
}

#[test]
fn base_url_is_checked_and_joins_cleanly() {
    for (raw, expected) in [
        ("https://help.example.org", "https://help.example.org/g/t"),
        ("https://help.example.org/", "https://help.example.org/g/t"),
        ("https://example.org/desk", "https://example.org/desk/g/t"),
        ("https://example.org/desk/", "https://example.org/desk/g/t"),
    ] {
        let config = load_env(&[("FRONTDESK_BASE_URL", raw)]).unwrap();
        assert_eq!(config.public_url("/g/t"), expected);
        assert_eq!(config.public_url("g/t"), expected);
        assert!(config.base_url.path().ends_with('/'));
    }
    for raw in [
        "help.example.org",
        "ftp://example.org",
        "https://example.org/?a=1",
        "https://example.org/#top",
        "https://user:pw@example.org",
        "/relative",
    ] {
        let message = error_env(&[("FRONTDESK_BASE_URL", raw)]);
        assert!(message.contains("FRONTDESK_BASE_URL"), "{message}");
    }
}

#[test]
fn mail_forms_parse() {
    assert!(matches!(
        MailSetting::parse("memory"),
        Ok(MailSetting::Memory)
    ));
    assert!(matches!(
        MailSetting::parse("file:./mail"),
        Ok(MailSetting::File { dir }) if dir == Path::new("./mail")
    ));
    assert!(matches!(
        MailSetting::parse("file:///var/spool/frontdesk"),
        Ok(MailSetting::File { dir }) if dir == Path::new("/var/spool/frontdesk")
    ));
    assert!(matches!(
        MailSetting::parse("smtp://localhost:1025"),
        Ok(MailSetting::Smtp { host, port: 1025, security: SmtpSecurity::Plain, credentials: None })
            if host == "localhost"
    ));
    assert!(matches!(
        MailSetting::parse("smtp+starttls://smtp.example.org"),
        Ok(MailSetting::Smtp {
            port: 587,
            security: SmtpSecurity::StartTls,
            ..
        })
    ));
    assert!(matches!(
        MailSetting::parse("smtp://[::1]:25"),
        Ok(MailSetting::Smtp { host, .. }) if host == "::1"
    ));
    let Ok(MailSetting::Smtp {
        host,
        port,
        security,
        credentials: Some((user, password)),
    }) = MailSetting::parse("smtps://no-reply%40example.org:p%40ss%3Aw0rd@SMTP.Example.org")
    else {
        panic!("smtps with credentials should parse");
    };
    assert_eq!(
        (host.as_str(), port, security, user.as_str()),
        (
            "smtp.example.org",
            465,
            SmtpSecurity::Tls,
            "no-reply@example.org"
        )
    );
    assert_eq!(password.expose_secret(), "p@ss:w0rd");
}

#[test]
fn mail_garbage_is_rejected() {
    for raw in [
        "a@x",
        "smtp",
        "smtp://",
        "smtp://a@x",
        "smtp://:pw@x",
        "smtp://x:25/path",
        "smtp://x:25?helo=y",
        "smtp://ex ample.org",
        "smtp://x\r\nRCPT TO:<victim@example.org>",
        "http://x",
        "file:",
        "",
    ] {
        assert!(
            MailSetting::parse(raw).is_err(),
            "{raw:?} should be refused"
        );
    }
    let message = error_env(&[("FRONTDESK_MAIL", "a@x")]);
    assert!(
        message.contains("FRONTDESK_MAIL") && message.contains("smtp://host:port"),
        "{message}"
    );
}

#[test]
fn idle_not_shorter_than_absolute_is_rejected() {
    let message = error_env(&[
        ("FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES", "120"),
        ("FRONTDESK_SESSIONS_ABSOLUTE_TIMEOUT_HOURS", "2"),
    ]);
    assert!(
        message.contains("FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES"),
        "{message}"
    );
    assert!(
        message.contains("FRONTDESK_SESSIONS_ABSOLUTE_TIMEOUT_HOURS"),
        "{message}"
    );
    assert!(
        load_env(&[
            ("FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES", "119"),
            ("FRONTDESK_SESSIONS_ABSOLUTE_TIMEOUT_HOURS", "2"),
        ])
        .is_ok()
    );
}

#[test]
fn numbers_out_of_range_or_unparsable_are_named() {
    for (var, value) in [
        ("FRONTDESK_HTTP_REQUEST_TIMEOUT_SECONDS", "0"),
        ("FRONTDESK_HTTP_REQUEST_TIMEOUT_SECONDS", "601"),
        ("FRONTDESK_HTTP_BODY_LIMIT_BYTES", "1023"),
        ("FRONTDESK_HTTP_BODY_LIMIT_BYTES", "16777217"),
        ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "9"),
        ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "-5"),
        ("FRONTDESK_PASSWORDS_MAX_CONCURRENT_HASHES", "0"),
        ("FRONTDESK_SESSIONS_IDLE_TIMEOUT_MINUTES", "ten"),
        ("FRONTDESK_HTTP_TRUST_FORWARDED_FOR", "maybe"),
        ("FRONTDESK_LOG_FORMAT", "xml"),
    ] {
        let message = error_env(&[(var, value)]);
        assert!(message.contains(var), "{message}");
        assert!(message.contains("expected"), "{message}");
    }
    let (result, _file) = load_file("[worker]\npoll_interval_ms = 5\n", &[]);
    let message = result.unwrap_err().to_string();
    assert!(
        message.contains("`worker.poll_interval_ms`") && message.contains("10 to 60000"),
        "{message}"
    );
    let config = load_env(&[
        ("FRONTDESK_HTTP_BODY_LIMIT_BYTES", "16777216"),
        ("FRONTDESK_HTTP_TRUST_FORWARDED_FOR", "TRUE"),
        ("FRONTDESK_LOG_FORMAT", "JSON"),
    ])
    .unwrap();
    assert_eq!(config.http.body_limit_bytes, 16 * 1024 * 1024);
    assert_eq!(config.http.trusted_proxies, 1);
    assert_eq!(config.log.format, LogFormat::Json);
}

#[test]
fn the_sender_defaults_to_the_base_url_host() {
    let config = load_env(&[("FRONTDESK_BASE_URL", "https://desk.acme.example")]).unwrap();
    assert_eq!(config.mail_from.as_str(), "no-reply@desk.acme.example");
    let local = load_env(&[]).unwrap();
    assert_eq!(local.mail_from.as_str(), "no-reply@frontdesk.localhost");
    let explicit = load_env(&[("FRONTDESK_MAIL_FROM", "Help@Acme.example")]).unwrap();
    assert_eq!(explicit.mail_from.as_str(), "Help@acme.example");
    let injected = load_env(&[("FRONTDESK_MAIL_FROM", "a@x.example, b@y.example")]).unwrap_err();
    assert!(
        injected.to_string().contains("FRONTDESK_MAIL_FROM"),
        "{injected}"
    );
}

#[test]
fn outbox_and_captcha_settings_have_defaults_and_ranges() {
    let config = load_env(&[]).unwrap();
    assert_eq!(
        config.outbox,
        OutboxSettings {
            batch_size: 20,
            lease: Duration::from_mins(1),
            max_attempts: 8
        }
    );
    assert_eq!(config.captcha.provider, CaptchaProvider::Altcha);
    assert_eq!(config.captcha.altcha_max_number, 100_000);
    assert!(config.captcha.secret.is_none());
    let error = load_env(&[("FRONTDESK_OUTBOX_MAX_ATTEMPTS", "0")]).unwrap_err();
    assert!(
        error.to_string().contains("FRONTDESK_OUTBOX_MAX_ATTEMPTS"),
        "{error}"
    );
}

#[test]
fn captcha_secrets_are_checked_and_never_printed() {
    let short = load_env(&[("FRONTDESK_CAPTCHA_SECRET", "tooshort-secret")]).unwrap_err();
    assert!(
        short.to_string().contains("FRONTDESK_CAPTCHA_SECRET"),
        "{short}"
    );
    assert!(!short.to_string().contains("tooshort-secret"), "{short}");
    let missing = load_env(&[
        ("FRONTDESK_CAPTCHA_PROVIDER", "turnstile"),
        ("FRONTDESK_CAPTCHA_SECRET", "x"),
    ])
    .unwrap_err();
    assert!(
        missing.to_string().contains("FRONTDESK_CAPTCHA_SITE_KEY"),
        "{missing}"
    );
    let ok = load_env(&[
        ("FRONTDESK_CAPTCHA_PROVIDER", "hcaptcha"),
        ("FRONTDESK_CAPTCHA_SECRET", "0x-secret"),
        ("FRONTDESK_CAPTCHA_SITE_KEY", "site"),
    ])
    .unwrap();
    assert_eq!(ok.captcha.provider, CaptchaProvider::HCaptcha);
    assert!(!format!("{ok:?}").contains("0x-secret"));
    let bad = load_env(&[("FRONTDESK_CAPTCHA_PROVIDER", "recaptchaa")]).unwrap_err();
    assert!(
        bad.to_string().contains("FRONTDESK_CAPTCHA_PROVIDER"),
        "{bad}"
    );
}
