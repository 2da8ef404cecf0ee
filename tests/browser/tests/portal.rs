//! The contact users' portal in a real browser (headless Chromium over `WebDriver`) against
//! the real server with a real SMTP sink, on `SQLite` and on `PostgreSQL`, in English and
//! then in French (the browser's `Accept-Language`), used by visible labels as a person
//! would: sign in with the temporary password from the mail → the forced password change →
//! the home page's Open and Closed tabs → a case → a comment → **Sign out**.
//!
//! axe-core runs on every page visited (a serious or critical violation fails the test) and
//! a full-page screenshot of each is kept as
//! `target/screenshots/portal-<database>/<page>-<lang>.png`, with phone-width ones.

#![expect(
    clippy::too_many_lines,
    reason = "an end-to-end journey reads best top to bottom"
)]

use std::path::PathBuf;

use fantoccini::Client;
use frontdesk_browser_tests::axe::{axe_installed, axe_violations};
use frontdesk_browser_tests::chromium::{desktop_viewport, devtools, emulate_viewport};
use frontdesk_browser_tests::mail::readable_text;
use frontdesk_browser_tests::screenshot::save_screenshot;
use frontdesk_browser_tests::ui::{current_path, fill, follow, page_language, press, see};
use frontdesk_browser_tests::{Chromedriver, eventually};
use frontdesk_e2e::{TestApp, TestOrg, solved_captcha};
use frontdesk_kernel::Language;
use frontdesk_l10n::Texts;
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use frontdesk_storage::test_support::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The organisation the journey runs in.
const ORG: &str = "workbook";
/// A phone's viewport (CSS pixels).
const PHONE: (u32, u32) = (390, 844);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_contact_user_uses_the_portal() {
    let database = TestDatabase::sqlite().await;
    journey(database.url(), "sqlite").await;
    database.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_contact_user_uses_the_portal() {
    let Some(database) = TestDatabase::postgres().await else {
        return;
    };
    journey(database.url(), "postgres").await;
    database.cleanup().await;
}

/// One journey at a time: two browsers and two servers on a small machine only make each
/// other's deadlines tighter.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

async fn journey(database_url: &str, database: &str) {
    let _turn = ONE_AT_A_TIME.lock().await;
    let Some(driver) = Chromedriver::start().await else {
        return;
    };
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let smtp = format!("smtp://{}", sink.address());
    let app = TestApp::start_with(
        database_url,
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
            ("FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER", "1000"),
        ],
    )
    .await;
    let org = app.bootstrap(ORG).await;
    let mut run = Run {
        app: &app,
        org: &org,
        sink: &sink,
        browser: driver.browser().await,
        suite: format!("portal-{database}"),
        texts: Texts::new(Language::En),
        axe: axe_installed(),
        findings: Vec::new(),
        screenshots: Vec::new(),
    };
    run.api(
        reqwest::Method::PUT,
        "/api/v1/mail-templates/temporary_password/en",
        json!({
            "subject": "Your password at <CompanyName>",
            "html": "<p>Dear &lt;ResourceName&gt;</p><p>Login: &lt;ResourceLogin&gt;</p><p>Temporary Password: &lt;ResourceTempPassword&gt;</p>",
            "text": "Dear <ResourceName>\n\nLogin: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\n\nKind regards",
        }),
    )
    .await;
    for language in [Language::En, Language::Fr] {
        run.texts = Texts::new(language);
        run.one_language().await;
    }
    let Run {
        browser,
        findings,
        screenshots,
        ..
    } = run;
    browser.close().await.expect("the browser session ends");
    app.stop().await;
    sink.stop().await;
    drop(driver);
    eprintln!(
        "portal journey on {database}; screenshots:\n  {}",
        screenshots
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join("\n  ")
    );
    assert!(
        findings.is_empty(),
        "axe-core found serious or critical violations on {} page(s):\n\n{}",
        findings.len(),
        findings.join("\n")
    );
}

/// What the journey carries from step to step.
struct Run<'a> {
    app: &'a TestApp,
    org: &'a TestOrg,
    sink: &'a SmtpSink,
    browser: Client,
    suite: String,
    texts: Texts,
    axe: bool,
    findings: Vec<String>,
    screenshots: Vec<PathBuf>,
}

impl Run<'_> {
    fn t(&self, key: &str) -> String {
        self.texts.get(key)
    }

    fn lang(&self) -> &'static str {
        self.texts.language().code()
    }

    async fn open(&self, path: &str) {
        self.browser
            .goto(&self.app.url(path))
            .await
            .unwrap_or_else(|e| panic!("cannot open {path}: {e}"));
    }

    /// The browser asks for this pass's language (`Accept-Language`), as a person's would.
    async fn speak(&self) {
        let agent = self
            .browser
            .execute("return navigator.userAgent;", vec![])
            .await
            .expect("the user agent");
        devtools(
            &self.browser,
            "Emulation.setUserAgentOverride",
            json!({"userAgent": agent, "acceptLanguage": self.lang()}),
        )
        .await;
    }

    /// A staff API call as the admin; answers the JSON body.
    async fn api(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let mut request = self
            .app
            .client
            .request(method, self.app.url(path))
            .bearer_auth(&self.org.token);
        if !body.is_null() {
            request = request.json(&body);
        }
        let response = request.send().await.expect("api call");
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let text = response.text().await.expect("body");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// The page shown now is `name`: in this pass's language, axe-core checks it, and its
    /// screenshot is kept.
    async fn visit(&mut self, name: &str) {
        let browser = self.browser.clone();
        assert_eq!(
            page_language(&browser).await.as_deref(),
            Some(self.lang()),
            "the {name} page is in {}",
            self.lang()
        );
        if self.axe {
            let blocking: Vec<String> = axe_violations(&browser)
                .await
                .iter()
                .filter(|violation| violation.is_blocking())
                .map(ToString::to_string)
                .collect();
            if !blocking.is_empty() {
                let url = current_path(&browser).await;
                self.findings.push(format!(
                    "== {name} ({}, {url})\n{}",
                    self.lang(),
                    blocking.concat()
                ));
            }
        }
        let shot = save_screenshot(&browser, &self.suite, name, self.lang()).await;
        self.screenshots.push(shot);
    }

    /// The same at a phone's width (and back).
    async fn visit_on_phone(&mut self, name: &str) {
        let browser = self.browser.clone();
        emulate_viewport(&browser, PHONE.0, PHONE.1, true).await;
        browser.refresh().await.expect("the page reloads");
        self.visit(&format!("{name}-phone")).await;
        let width = browser
            .execute("return document.documentElement.scrollWidth;", vec![])
            .await
            .expect("the page's width")
            .as_u64()
            .unwrap_or_default();
        assert!(
            width <= u64::from(PHONE.0),
            "{name} ({}) is wider than a {}px phone: {width} CSS px",
            self.lang(),
            PHONE.0
        );
        desktop_viewport(&browser).await;
        browser.refresh().await.expect("the page reloads");
    }

    /// A guest's case through the public form, moved to `client`; answers its id.
    async fn case_of(&self, client: &str, title: &str) -> String {
        let local: String = title.chars().filter(char::is_ascii_alphanumeric).collect();
        let created = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/public/orgs/{ORG}/forms/contact/cases")),
            )
            .json(&json!({
                "first_name": "Gus", "last_name": "Guest",
                "email": format!("{local}@example.org"),
                "title": title, "description": "Please help.",
                "altcha": solved_captcha(self.app).await,
            }))
            .send()
            .await
            .expect("submit the public form");
        assert_eq!(created.status(), StatusCode::ACCEPTED);
        let cases = self
            .api(reqwest::Method::GET, "/api/v1/cases", Value::Null)
            .await;
        let id = cases["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|case| case["title"] == title)
            .expect("the case is listed")["id"]
            .as_str()
            .expect("id")
            .to_owned();
        self.api(
            reqwest::Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            json!({"client_id": client}),
        )
        .await;
        id
    }

    async fn one_language(&mut self) {
        let lang = self.lang();
        self.speak().await;

        // Staff: a client, its contact user, two granted cases (one closed), a password.
        let client = self
            .api(
                reqwest::Method::POST,
                "/api/v1/clients",
                json!({"name": format!("More Profits Inc. ({lang})")}),
            )
            .await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let user = self
            .api(
                reqwest::Method::POST,
                &format!("/api/v1/clients/{client}/contact-users"),
                json!({"first_name": "John", "last_name": "Smith",
                       "email": format!("john.{lang}@more-profits.example"),
                       "username": format!("john-{lang}")}),
            )
            .await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let open_title = format!("Heating broken ({lang})");
        let closed_title = format!("Old invoice ({lang})");
        for (title, closed) in [(&open_title, false), (&closed_title, true)] {
            let case = self.case_of(&client, title).await;
            if closed {
                self.api(
                    reqwest::Method::POST,
                    &format!("/api/v1/cases/{case}/status"),
                    json!({"status": "closed"}),
                )
                .await;
            }
            self.api(
                reqwest::Method::POST,
                &format!("/api/v1/contact-users/{user}/grants"),
                json!({"case_id": case, "role": "viewer"}),
            )
            .await;
        }
        self.api(
            reqwest::Method::POST,
            &format!("/api/v1/contact-users/{user}/send-password"),
            json!({"mode": "temporary"}),
        )
        .await;
        let to = format!("john.{lang}@more-profits.example");
        let temporary = eventually("the temporary password's mail", || async {
            self.sink.received().iter().find_map(|mail| {
                let text = readable_text(&mail.data);
                let password = text.split("Temporary Password: ").nth(1)?;
                (mail.rcpt_to == [to.as_str()])
                    .then(|| password.split_whitespace().next().map(str::to_owned))
                    .flatten()
            })
        })
        .await
        .unwrap_or_else(|error| panic!("{error}"));

        // Sign in with the temporary password.
        self.open(&format!("/o/{ORG}/login")).await;
        self.visit("login").await;
        self.visit_on_phone("login").await;
        fill(
            &self.browser,
            &self.t("portal-login-login"),
            &format!("john-{lang}"),
        )
        .await;
        fill(&self.browser, &self.t("portal-login-password"), &temporary).await;
        press(&self.browser, &self.t("portal-login-submit")).await;

        // Held on the password page until the password is changed.
        assert_eq!(
            current_path(&self.browser).await,
            format!("/o/{ORG}/password")
        );
        see(&self.browser, &self.t("portal-password-forced")).await;
        self.visit("password-forced").await;
        self.open(&format!("/o/{ORG}/")).await;
        assert_eq!(
            current_path(&self.browser).await,
            format!("/o/{ORG}/password")
        );
        let chosen = format!("a long passphrase in {lang}");
        fill(
            &self.browser,
            &self.t("portal-password-current"),
            &temporary,
        )
        .await;
        fill(&self.browser, &self.t("portal-password-new"), &chosen).await;
        fill(&self.browser, &self.t("portal-password-repeat"), &chosen).await;
        press(&self.browser, &self.t("portal-password-submit")).await;

        // Home: the Open tab, then the Closed tab.
        assert_eq!(current_path(&self.browser).await, format!("/o/{ORG}/"));
        see(&self.browser, &open_title).await;
        self.visit("home").await;
        self.visit_on_phone("home").await;
        follow(&self.browser, &self.t("portal-tab-closed")).await;
        see(&self.browser, &closed_title).await;
        self.visit("home-closed").await;
        follow(&self.browser, &self.t("portal-tab-open")).await;

        // A case, and a comment on it.
        follow(&self.browser, &open_title).await;
        see(&self.browser, &self.t("portal-case-conversation")).await;
        let comment = format!("Still cold in here ({lang}).");
        fill(&self.browser, &self.t("portal-case-comment"), &comment).await;
        press(&self.browser, &self.t("portal-case-send")).await;
        see(&self.browser, &comment).await;
        self.visit("case").await;
        self.visit_on_phone("case").await;

        // Sign out.
        press(&self.browser, &self.t("portal-sign-out")).await;
        assert_eq!(current_path(&self.browser).await, format!("/o/{ORG}/login"));
    }
}
