//! [`Journey`]: everything a real-browser journey runs on, started together and torn down
//! together — a fresh database (`SQLite` or `PostgreSQL`), a real SMTP sink, the server over
//! both, `chromedriver` and a headless Chromium session asking for the pass's language —
//! and what every page of a journey gets: [`Journey::visit`] checks it with axe-core and keeps
//! a desktop and a phone-width screenshot.
//!
//! [`Journey::run`] takes the journey as an async closure. Whatever happens in it (a failed
//! assertion included), the browser, the server, the sink, the driver and the database are
//! stopped and removed before the failure goes on; then the serious and critical axe-core
//! violations of every page visited fail the test, listed page by page. Journeys run one at a
//! time: two browsers and two servers on a small machine only make each other's deadlines
//! tighter.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::time::Instant;

use fantoccini::{Client, Locator};
use frontdesk_e2e::{TestApp, TestOrg, solved_captcha};
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_mail::test_support::{ReceivedMail, SinkBehaviour, SmtpSink, parse_headers};
use frontdesk_storage::test_support::TestDatabase;
use futures::FutureExt as _;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::axe::{axe_installed, axe_violations};
use crate::chromium::{desktop_viewport, devtools, emulate_viewport};
use crate::mail::readable_text;
use crate::screenshot::{save_screenshot, screenshot_dir};
use crate::ui::{choose_in, current_path, field, fill, page_language, press, see};
use crate::{Chromedriver, DEADLINE, eventually};

/// A phone's viewport (CSS pixels).
pub const PHONE: (u32, u32) = (390, 844);

/// The settings every journey's server runs with besides the database: mail to the sink,
/// a quick worker, and an ALTCHA challenge a browser solves in a moment.
const SERVER_SETTINGS: [(&str, &str); 2] = [
    ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
    ("FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER", "1000"),
];

/// One journey at a time in a test binary.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Which database a journey runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A fresh `SQLite` file.
    Sqlite,
    /// A fresh `PostgreSQL` database (the journey is skipped, loudly, when none answers and
    /// `CI` is not `true`).
    Postgres,
}

impl Engine {
    /// `sqlite` or `postgres`: the screenshot folder's suffix.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }

    async fn database(self) -> Option<TestDatabase> {
        match self {
            Self::Sqlite => Some(TestDatabase::sqlite().await),
            Self::Postgres => TestDatabase::postgres().await,
        }
    }
}

/// A running journey: the server, its organisation, the mail sink and the browser, with the
/// strings of the pass's language and what axe-core found so far.
pub struct Journey {
    /// The server.
    pub app: TestApp,
    /// The organisation the journey runs in (its admin's API token included).
    pub org: TestOrg,
    /// Every mail the server sends.
    pub sink: SmtpSink,
    /// The main browser session.
    pub browser: Client,
    driver: Chromedriver,
    slug: String,
    suite: String,
    texts: Texts,
    axe: bool,
    findings: Vec<String>,
    screenshots: Vec<PathBuf>,
    strict_reflow: bool,
}

impl Journey {
    /// Starts a journey on `engine` in organisation `slug` (bootstrapped, admin
    /// `admin@<slug>.example`), keeps its screenshots under `<suite>-<engine>`, runs `body`
    /// and tears everything down, also when `body` fails. Returns without running `body`
    /// (after a loud warning) when Chromium or `PostgreSQL` is missing outside CI.
    ///
    /// # Panics
    /// When `body` panics (after the teardown), or when axe-core found serious or critical
    /// violations on a page visited.
    pub async fn run<F>(engine: Engine, suite: &str, slug: &str, body: F)
    where
        F: AsyncFnOnce(&mut Self),
    {
        let _turn = ONE_AT_A_TIME.lock().await;
        let started = Instant::now();
        let Some(driver) = Chromedriver::start().await else {
            return;
        };
        let Some(database) = engine.database().await else {
            return;
        };
        let sink = SmtpSink::start(SinkBehaviour::default())
            .await
            .expect("SMTP sink starts");
        let smtp = format!("smtp://{}", sink.address());
        let mut settings = vec![("FRONTDESK_MAIL", smtp.as_str())];
        settings.extend(SERVER_SETTINGS);
        let app = TestApp::start_with(database.url(), &settings).await;
        let org = app.bootstrap(slug).await;
        let browser = driver.browser().await;
        let mut journey = Self {
            app,
            org,
            sink,
            browser,
            driver,
            slug: slug.to_owned(),
            suite: format!("{suite}-{}", engine.name()),
            texts: Texts::new(Language::En),
            axe: axe_installed(),
            findings: Vec::new(),
            screenshots: Vec::new(),
            strict_reflow: false,
        };
        journey.speak(Language::En).await;
        let outcome = AssertUnwindSafe(body(&mut journey)).catch_unwind().await;
        let findings = journey.stop().await;
        database.cleanup().await;
        eprintln!(
            "{suite} journey on {} took {:?}",
            engine.name(),
            started.elapsed()
        );
        if let Err(failure) = outcome {
            std::panic::resume_unwind(failure);
        }
        assert!(
            findings.is_empty(),
            "axe-core found serious or critical violations on {} page(s):\n\n{}",
            findings.len(),
            findings.join("\n")
        );
    }

    /// Ends the browser session, the server, the sink and the driver; answers the findings.
    async fn stop(self) -> Vec<String> {
        let Self {
            app,
            sink,
            browser,
            driver,
            suite,
            findings,
            screenshots,
            ..
        } = self;
        let _closed = browser.close().await;
        app.stop().await;
        sink.stop().await;
        drop(driver);
        eprintln!(
            "screenshots in {}:\n  {}",
            screenshot_dir(&suite).display(),
            screenshots
                .iter()
                .filter_map(|path| path.file_name())
                .map(|name| name.to_string_lossy())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
        findings
    }

    /// From now on, a phone-width page wider than the phone fails the test (by default it
    /// is only reported in the log).
    pub fn require_phone_fit(&mut self) {
        self.strict_reflow = true;
    }

    /// The organisation's slug.
    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// The pass's strings.
    pub fn texts(&self) -> Texts {
        self.texts
    }

    /// Text `key` in the pass's language.
    pub fn t(&self, key: &str) -> String {
        self.texts.get(key)
    }

    /// Text `key` in the pass's language, with its placeholders.
    pub fn t_with(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        self.texts.with(key, args)
    }

    /// `en` or `fr`.
    pub fn lang(&self) -> &'static str {
        self.texts.language().code()
    }

    /// The pass's language becomes `language`: the strings, and the main browser's
    /// `Accept-Language`, as a person's browser would ask.
    pub async fn speak(&mut self, language: Language) {
        self.texts = Texts::new(language);
        accept_language(&self.browser, self.lang()).await;
    }

    /// The pass's strings become `language`'s, the browser left asking for what it asked
    /// (for pages whose language is a setting, like the console's).
    pub fn read_in(&mut self, language: Language) {
        self.texts = Texts::new(language);
    }

    /// The driver, for sessions of their own (a fresh profile, the browser's own language).
    pub fn driver(&self) -> &Chromedriver {
        &self.driver
    }

    /// `<suite>-<engine>`: the screenshot folder under `target/screenshots/`.
    pub fn suite(&self) -> &str {
        &self.suite
    }

    /// Whether axe-core is installed (outside CI it may not be: then it is skipped loudly).
    pub fn axe_enabled(&self) -> bool {
        self.axe
    }

    /// A new browser session (a fresh profile: no cookies) asking for the pass's language.
    pub async fn new_browser(&self) -> Client {
        let browser = self.driver.browser().await;
        accept_language(&browser, self.lang()).await;
        browser
    }

    /// Opens `path` on the server in the main session.
    pub async fn open(&self, path: &str) {
        self.browser
            .goto(&self.app.url(path))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    /// A staff API call as the admin, which must succeed; answers the JSON body (`null`
    /// when there is none).
    pub async fn api(&self, method: Method, path: &str, body: Value) -> Value {
        let mut request = self
            .app
            .client
            .request(method, self.app.url(path))
            .bearer_auth(&self.org.token);
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.expect("api call");
        let status = response.status();
        let text = response.text().await.expect("body");
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// A guest opens a case titled `title` through the organisation's `contact` form over
    /// the public API (the captcha solved as the widget would), from `email`; answers the
    /// case as the staff API lists it.
    pub async fn public_case(&self, email: &str, title: &str) -> Value {
        let form = format!("/api/v1/public/orgs/{}/forms/contact/cases", self.slug);
        let created = self
            .app
            .client
            .post(self.app.url(&form))
            .json(&json!({
                "first_name": "Gus", "last_name": "Guest", "email": email,
                "title": title, "description": "Please help.",
                "altcha": solved_captcha(&self.app).await,
            }))
            .send()
            .await
            .expect("submit the public form");
        assert_eq!(
            created.status(),
            StatusCode::ACCEPTED,
            "the case is accepted"
        );
        let cases = self.api(Method::GET, "/api/v1/cases", Value::Null).await;
        cases["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|case| case["title"] == title)
            .unwrap_or_else(|| panic!("the case {title:?} is listed"))
            .clone()
    }

    /// The main session's page is page `name`: it is in the pass's language, axe-core checks
    /// it, and its screenshot is kept; then the same at a phone's width.
    pub async fn visit(&mut self, name: &str) {
        self.visit_desktop(name).await;
        self.visit_phone(name).await;
    }

    /// [`Journey::visit`] at the desktop width only.
    pub async fn visit_desktop(&mut self, name: &str) {
        let browser = self.browser.clone();
        self.check_page(&browser, name).await;
    }

    /// [`Journey::visit`] at a phone's width only, as `<name>-phone`: axe-core runs at that
    /// width too (reflow can hide or overlap things), and a page wider than the phone is
    /// reported. The page is laid out again, not reloaded, so a form's answer stays.
    pub async fn visit_phone(&mut self, name: &str) {
        let browser = self.browser.clone();
        emulate_viewport(&browser, PHONE.0, PHONE.1, true).await;
        self.check_page(&browser, &format!("{name}-phone")).await;
        let width = browser
            .execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .expect("the page's width")
            .as_u64()
            .unwrap_or_default();
        desktop_viewport(&browser).await;
        if width > u64::from(PHONE.0) {
            let report = format!(
                "{name} ({}) is wider than a {}px phone: {width} CSS px scroll sideways",
                self.lang(),
                PHONE.0
            );
            // Reflow (WCAG 1.4.10) is not an axe rule: reported unless the journey asks.
            assert!(!self.strict_reflow, "{report}");
            eprintln!("{report}");
        }
    }

    /// [`Journey::visit_desktop`] for any session's current page.
    pub async fn check_page(&mut self, browser: &Client, name: &str) {
        assert_eq!(
            page_language(browser).await.as_deref(),
            Some(self.lang()),
            "the {name} page is in {}",
            self.lang()
        );
        self.keep_page(browser, name).await;
    }

    /// axe-core checks `browser`'s page and its screenshot is kept as `name`, whatever
    /// language it speaks (a public page speaks its case's).
    pub async fn keep_page(&mut self, browser: &Client, name: &str) {
        self.axe(browser, name).await;
        let shot = save_screenshot(browser, &self.suite, name, self.lang()).await;
        self.screenshots.push(shot);
    }

    /// Runs axe-core on `browser`'s page: serious and critical violations become findings
    /// (the test fails on them at the end); lesser ones are only listed in the log.
    async fn axe(&mut self, browser: &Client, name: &str) {
        if !self.axe {
            return;
        }
        let violations = axe_violations(browser).await;
        let url = current_path(browser).await;
        let (blocking, minor): (Vec<_>, Vec<_>) = violations
            .iter()
            .partition(|violation| violation.is_blocking());
        if !blocking.is_empty() {
            let report: String = blocking.iter().map(ToString::to_string).collect();
            self.findings
                .push(format!("== {name} ({}, {url})\n{report}", self.lang()));
        }
        if !minor.is_empty() {
            let rules: Vec<String> = minor
                .iter()
                .map(|violation| format!("{} ({})", violation.id, violation.impact))
                .collect();
            eprintln!(
                "axe on {name} ({}, {url}), not failing: {}",
                self.lang(),
                rules.join(", ")
            );
        }
    }

    /// Waits for a mail to `to` whose decoded text contains `needle`, and answers that text.
    /// On the deadline, the failure lists what did arrive.
    pub async fn mail_to(&self, to: &str, needle: &str) -> String {
        let found = eventually(&format!("a mail to {to} saying {needle:?}"), || async {
            self.sink
                .received()
                .iter()
                .filter(|mail: &&ReceivedMail| {
                    mail.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(to))
                })
                .map(|mail| readable_text(&mail.data))
                .find(|text| text.contains(needle))
        })
        .await;
        found.unwrap_or_else(|error| {
            let seen: Vec<String> = self
                .sink
                .received()
                .iter()
                .map(|m| format!("to {:?}: {}", m.rcpt_to, subject_of(&m.data)))
                .collect();
            panic!("{error}; received so far:\n  {}", seen.join("\n  "))
        })
    }

    /// Signs `browser` in to the console at `/staff/login` and lands on the dashboard.
    pub async fn staff_sign_in(&self, browser: &Client, email: &str, password: &str) {
        browser
            .goto(&self.app.url("/staff/login"))
            .await
            .expect("open the sign-in page");
        fill(browser, "Organisation", &self.slug).await;
        fill(browser, "Email", email).await;
        fill(browser, "Password", password).await;
        press(browser, "Sign in").await;
        assert_eq!(
            current_path(browser).await,
            "/staff",
            "signing in leads to the dashboard"
        );
    }

    /// The admin opens the setup link from bootstrapping, chooses `password` and signs in
    /// to the console in the main session.
    pub async fn admin_signs_in(&mut self, password: &str) {
        self.open(&self.org.setup_path()).await;
        self.visit_desktop("set-password").await;
        set_password_on_page(&self.browser, password).await;
        let admin = format!("admin@{}.example", self.slug);
        let browser = self.browser.clone();
        self.staff_sign_in(&browser, &admin, password).await;
    }

    /// The signed-in member switches the console to the pass's language in the frame (it is
    /// saved with their account); nothing happens when it speaks that language already.
    pub async fn switch_console_language(&self) {
        let current = page_language(&self.browser).await;
        if current.as_deref() == Some(self.lang()) {
            return;
        }
        // The switch reads in the language the console speaks now.
        let now = Texts::new(match current.as_deref() {
            Some("fr") => Language::Fr,
            _ => Language::En,
        });
        let switch = field(&self.browser, &now.get("language-switch")).await;
        choose_in(&switch, &now.get(&format!("language-{}", self.lang()))).await;
        press(&self.browser, &now.get("language-save")).await;
        eventually("the console to speak the new language", || async {
            (page_language(&self.browser).await.as_deref() == Some(self.lang())).then_some(())
        })
        .await
        .unwrap_or_else(|error| panic!("{error}"));
        see(&self.browser, &self.t("flash-language-saved")).await;
    }
}

/// `browser` asks for `lang` (`Accept-Language`) from now on, as a person's browser would.
async fn accept_language(browser: &Client, lang: &str) {
    let agent = browser
        .execute("return navigator.userAgent;", vec![])
        .await
        .expect("the user agent");
    devtools(
        browser,
        "Emulation.setUserAgentOverride",
        json!({"userAgent": agent, "acceptLanguage": lang}),
    )
    .await;
}

/// Enters `password` twice on the password setup page and submits it.
pub async fn set_password_on_page(browser: &Client, password: &str) {
    fill(browser, "New password", password).await;
    fill(browser, "Repeat the password", password).await;
    press(browser, "Save password").await;
    see(browser, "Your password is set").await;
}

/// A raw mail's `Subject` header, for failure reports.
pub fn subject_of(raw: &str) -> String {
    parse_headers(raw)
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("subject"))
        .map(|(_, value)| value)
        .unwrap_or_default()
}

/// Clicks the page's ALTCHA checkbox and waits until the widget has put its solution in the
/// form; answers the solution. On the deadline, the failure says what the page knows.
pub async fn solve_altcha(browser: &Client) -> String {
    if let Err(error) = eventually("the altcha-widget element to be defined", || async {
        script(browser, "return !!customElements.get('altcha-widget');")
            .await
            .as_bool()
            .filter(|defined| *defined)
    })
    .await
    {
        panic!(
            "{error}: the widget script did not run\n{}",
            altcha_diagnostics(browser).await
        );
    }
    let checkbox = browser
        .wait()
        .at_most(DEADLINE)
        .for_element(Locator::Css("altcha-widget input[type=checkbox]"))
        .await
        .expect("the widget renders its checkbox");
    checkbox.click().await.expect("the checkbox is clickable");
    let solution = eventually("the widget to verify", || async {
        script(
            browser,
            "const i = document.querySelector('form input[type=hidden][name=altcha]');\
             return i ? i.value : null;",
        )
        .await
        .as_str()
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
    })
    .await;
    match solution {
        Ok(solution) => solution,
        Err(error) => panic!(
            "{error}: the ALTCHA widget did not solve its challenge\n{}",
            altcha_diagnostics(browser).await
        ),
    }
}

/// Runs `source` in the page and returns its result.
///
/// # Panics
/// When the script fails.
pub async fn script(browser: &Client, source: &str) -> Value {
    browser
        .execute(source, vec![])
        .await
        .unwrap_or_else(|e| panic!("script {source:?} fails: {e}"))
}

/// What the browser knows when the ALTCHA widget fails: CSP violations (when a recorder
/// collects them in `window.__fdCsp`), the widget's state and the console.
pub async fn altcha_diagnostics(browser: &Client) -> String {
    let state = browser
        .execute(
            "const w = document.querySelector('altcha-widget');\
             return {\
               csp: window.__fdCsp || null,\
               widgetDefined: !!customElements.get('altcha-widget'),\
               widgetState: w && w.querySelector('[data-state]')\
                 ? w.querySelector('[data-state]').getAttribute('data-state') : null,\
               widgetHtml: w ? w.innerHTML.slice(0, 2000) : null,\
               url: location.href,\
             };",
            vec![],
        )
        .await
        .map_or_else(
            |e| format!("(page state unavailable: {e})"),
            |v| v.to_string(),
        );
    let console = crate::browser_log(browser).await.join("\n  ");
    format!("page: {state}\nconsole:\n  {console}")
}
