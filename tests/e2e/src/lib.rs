//! The end-to-end harness: a real server on a random loopback port over a fresh database,
//! and helpers to read what it answers. The suites live in `tests/`.

#![expect(
    clippy::missing_panics_doc,
    reason = "a test harness: every panic is a failed test"
)]

use std::sync::Arc;

use frontdesk_access::{AccessService, BootstrapOrganisation, Bootstrapped, OrgName, OrgSlug};
use frontdesk_config::Config;
use frontdesk_kernel::{EmailAddress, Language, PersonName};
use frontdesk_passwords::{Argon2Hasher, HasherLimits};
use frontdesk_server::{RunningServer, ServeOptions, wiring};
use reqwest::header::HeaderMap;
use secrecy::ExposeSecret;

/// The base URL links are built from in tests (never dialled).
pub const PUBLIC_BASE: &str = "http://frontdesk.test";

/// A running server and what tests need to talk to it.
pub struct TestApp {
    /// The server.
    pub server: RunningServer,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// A client that does not follow redirects.
    pub client: reqwest::Client,
    /// The access service over the server's database.
    pub access: AccessService,
    /// The configuration the server runs with.
    pub config: Arc<Config>,
}

/// An organisation created for a test.
pub struct TestOrg {
    /// What bootstrapping returned.
    pub created: Bootstrapped,
    /// The admin's API token.
    pub token: String,
}

impl TestOrg {
    /// The path of the admin's password setup link.
    pub fn setup_path(&self) -> String {
        path_of(self.created.setup_link.url.expose_secret())
    }
}

/// The path part of a public link (links point at [`PUBLIC_BASE`]).
pub fn path_of(url: &str) -> String {
    url.strip_prefix(PUBLIC_BASE)
        .expect("links use the configured base URL")
        .to_owned()
}

impl TestApp {
    /// Starts a server over `database_url` with test defaults.
    pub async fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[]).await
    }

    /// Starts with extra `FRONTDESK_*` settings (later pairs override earlier ones).
    pub async fn start_with(database_url: &str, extra: &[(&str, &str)]) -> Self {
        let env: std::collections::BTreeMap<String, String> = [
            ("FRONTDESK_LISTEN", "127.0.0.1:0"),
            ("FRONTDESK_DATABASE_URL", database_url),
            ("FRONTDESK_BASE_URL", PUBLIC_BASE),
            ("FRONTDESK_MAIL", "memory"),
            ("FRONTDESK_LOG", "warn"),
        ]
        .iter()
        .chain(extra)
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let config = Config::load(None, env).expect("test configuration is valid");
        let hasher = Arc::new(Argon2Hasher::with_params_for_tests(HasherLimits {
            max_concurrent: 2,
            max_waiting: 64,
        }));
        let options = ServeOptions {
            no_worker: false,
            demo: false,
            hasher: Some(hasher.clone()),
        };
        let server = frontdesk_server::start(&config, options)
            .await
            .expect("server starts");
        let access = wiring::access_service(&config, server.database(), hasher);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client builds");
        Self {
            base: format!("http://{}", server.address()),
            server,
            client,
            access,
            config: Arc::new(config),
        }
    }

    /// The URL of `path` on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Creates organisation `slug` with admin `admin@<slug>.example`.
    pub async fn bootstrap(&self, slug: &str) -> TestOrg {
        let created = self
            .access
            .bootstrap(BootstrapOrganisation {
                slug: OrgSlug::parse(slug).expect("slug"),
                name: OrgName::parse(&format!("Org {slug}")).expect("name"),
                admin_email: EmailAddress::parse(&format!("admin@{slug}.example")).expect("email"),
                admin_name: PersonName::parse("Ada Admin").expect("name"),
                base_url: PUBLIC_BASE.parse().expect("url"),
                default_language: Language::En,
            })
            .await
            .expect("bootstrap succeeds");
        let token = created.api_token.expose().to_owned();
        TestOrg { created, token }
    }

    /// Stops the server gracefully.
    pub async fn stop(self) {
        self.server.shutdown().await.expect("server stops cleanly");
    }
}

/// The value of cookie `name` set by a response, if any.
pub fn set_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| {
            v.split(';')
                .next()?
                .strip_prefix(&format!("{name}="))
                .map(str::to_owned)
        })
}

/// The value of hidden input `name` in an HTML page.
pub fn hidden_input(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("the form has the field") + marker.len();
    let end = html[start..].find('"').expect("closing quote") + start;
    html[start..end].to_owned()
}

/// The body of a response as JSON.
pub async fn json_of(response: reqwest::Response) -> serde_json::Value {
    response.json().await.expect("a JSON body")
}

/// Fetches an ALTCHA challenge from the server and solves it, as the widget would.
pub async fn solved_captcha(app: &TestApp) -> String {
    let challenge = json_of(
        app.client
            .get(app.url("/api/v1/public/captcha"))
            .send()
            .await
            .expect("captcha challenge"),
    )
    .await;
    let text = |key: &str| {
        challenge[key]
            .as_str()
            .expect("a challenge field")
            .to_owned()
    };
    frontdesk_captcha::solve_for_tests(&frontdesk_kernel::CaptchaChallenge {
        algorithm: text("algorithm"),
        challenge: text("challenge"),
        maxnumber: challenge["maxnumber"].as_u64().expect("maxnumber"),
        salt: text("salt"),
        signature: text("signature"),
    })
}

/// Declares each scenario twice, as `sqlite::<name>` and `postgres::<name>` tests, each on a
/// fresh database of its own (PostgreSQL ones fail when no server answers, unless the run
/// opted out with `FRONTDESK_TEST_SKIP_MISSING=postgres` outside CI). With `url =>` a scenario takes the database URL; with `app =>` it takes
/// a started [`TestApp`].
#[macro_export]
macro_rules! on_both_databases {
    (url => $($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let database = frontdesk_storage::test_support::TestDatabase::sqlite().await;
                    super::$scenario(database.url()).await;
                    database.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let Some(database) = frontdesk_storage::test_support::TestDatabase::postgres().await else {
                        return;
                    };
                    super::$scenario(database.url()).await;
                    database.cleanup().await;
                }
            )*
        }
    };
    (app => $($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let database = frontdesk_storage::test_support::TestDatabase::sqlite().await;
                    let app = $crate::TestApp::start(database.url()).await;
                    super::$scenario(&app).await;
                    app.stop().await;
                    database.cleanup().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    let Some(database) = frontdesk_storage::test_support::TestDatabase::postgres().await else {
                        return;
                    };
                    let app = $crate::TestApp::start(database.url()).await;
                    super::$scenario(&app).await;
                    app.stop().await;
                    database.cleanup().await;
                }
            )*
        }
    };
}

/// Sets `password` through the one-time set-password link at `setup_path`, as a person does:
/// the form's page first (its double-submit CSRF cookie), then its POST.
///
/// # Panics
/// When the page or the POST does not answer 200.
pub async fn set_password(app: &TestApp, setup_path: &str, password: &str) {
    let page = app
        .client
        .get(app.url(setup_path))
        .send()
        .await
        .expect("setup page");
    assert_eq!(page.status(), reqwest::StatusCode::OK, "{setup_path}");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let done = app
        .client
        .post(app.url(setup_path))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("password", password),
            ("password_confirmation", password),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("set password");
    assert_eq!(done.status(), reqwest::StatusCode::OK);
}

/// Signs a staff member in through `/staff/login` and returns the session cookie's value.
///
/// # Panics
/// When the sign-in does not answer 303 with a session cookie.
pub async fn staff_session(app: &TestApp, org: &str, email: &str, password: &str) -> String {
    let page = app
        .client
        .get(app.url("/staff/login"))
        .send()
        .await
        .expect("login page");
    let cookie = set_cookie(page.headers(), "fd_csrf").expect("csrf cookie");
    let csrf = hidden_input(&page.text().await.expect("html"), "csrf");
    let signed_in = app
        .client
        .post(app.url("/staff/login"))
        .header("cookie", format!("fd_csrf={cookie}"))
        .form(&[
            ("organisation", org),
            ("email", email),
            ("password", password),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("sign in");
    assert_eq!(
        signed_in.status(),
        reqwest::StatusCode::SEE_OTHER,
        "{email} signs in"
    );
    set_cookie(signed_in.headers(), "fd_session").expect("session cookie")
}

/// Sends `method path` to the staff JSON API as `org`'s bootstrap token, with `body` as
/// JSON when given.
///
/// # Panics
/// When the request cannot be sent.
pub async fn call(
    app: &TestApp,
    org: &TestOrg,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(&org.token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.expect("request")
}

/// A mail's raw text with quoted-printable soft breaks and `=3D` undone.
pub fn mail_text(mail: &frontdesk_mail::test_support::ReceivedMail) -> String {
    mail.data.replace("=\r\n", "").replace("=3D", "=")
}

/// The first `{base}{prefix}…` link in a mail, as a full URL.
///
/// # Panics
/// When the mail carries no such link.
pub fn link_in(mail: &frontdesk_mail::test_support::ReceivedMail, prefix: &str) -> String {
    let data = mail_text(mail);
    let marker = format!("{PUBLIC_BASE}{prefix}");
    let start = data.find(&marker).expect("the mail carries the link");
    let rest = &data[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// Asserts that the page has `<time datetime>` attributes and every one is RFC 3339, as
/// browsers and assistive technology read them.
///
/// # Panics
/// When there is none, or one is not RFC 3339.
pub fn assert_machine_times(html: &str) {
    let values: Vec<&str> = html
        .split("datetime=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(!values.is_empty(), "no datetime attribute in {html}");
    for value in values {
        assert!(
            time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
                .is_ok(),
            "datetime={value:?} is not RFC 3339"
        );
    }
}

/// A server delivering its mail over SMTP to `sink`, its worker polling every 20 ms, as the
/// scenarios that read mail start it.
pub async fn mailing_to(
    database_url: &str,
    sink: &frontdesk_mail::test_support::SmtpSink,
) -> TestApp {
    let smtp = format!("smtp://{}", sink.address());
    TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
        ],
    )
    .await
}

/// A fresh SMTP sink and a server mailing to it ([`mailing_to`]).
///
/// # Panics
/// When the sink cannot start.
pub async fn with_mail_sink(
    database_url: &str,
) -> (frontdesk_mail::test_support::SmtpSink, TestApp) {
    let sink = frontdesk_mail::test_support::SmtpSink::start(
        frontdesk_mail::test_support::SinkBehaviour::default(),
    )
    .await
    .expect("SMTP sink starts");
    let app = mailing_to(database_url, &sink).await;
    (sink, app)
}
