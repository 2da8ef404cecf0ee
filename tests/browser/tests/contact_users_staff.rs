//! Contact users in the staff console, in a real browser (headless Chromium over
//! `WebDriver`) against the real server with a real SMTP sink, on `SQLite` and on
//! `PostgreSQL`, in English and then in French, used by visible labels as a person would:
//!
//! a client → **Add contact user** → the contact user's page → **Send password** (the mail
//! arrives; the page says where it went and never shows the password) → **Grant access to
//! all public cases** → a per-case grant → **Who has access** on the case page, naming the
//! user and linking to their page.
//!
//! axe-core runs on every page visited (a serious or critical violation fails the test) and
//! a full-page screenshot of each is kept as
//! `target/screenshots/contact-users-<database>/<page>-<lang>.png`, with phone-width ones.

#![expect(
    clippy::too_many_lines,
    reason = "an end-to-end journey reads best top to bottom"
)]

use std::path::PathBuf;

use fantoccini::Client;
use frontdesk_browser_tests::axe::{axe_installed, axe_violations};
use frontdesk_browser_tests::chromium::{desktop_viewport, emulate_viewport};
use frontdesk_browser_tests::mail::readable_text;
use frontdesk_browser_tests::screenshot::save_screenshot;
use frontdesk_browser_tests::ui::{
    button_in, choose, choose_in, click_and_load, current_path, field, field_in, fill, follow,
    page_language, page_text, panel, press, see, set_checked, type_text,
};
use frontdesk_browser_tests::{Chromedriver, eventually};
use frontdesk_e2e::{TestApp, TestOrg, solved_captcha};
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink};
use frontdesk_storage::test_support::TestDatabase;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// The organisation the journey runs in.
const ORG: &str = "workbook";
/// The admin's password, set through the setup link in the browser.
const PASSWORD: &str = "correct horse battery staple";
/// A phone's viewport (CSS pixels).
const PHONE: (u32, u32) = (390, 844);

/// The labels `DESIGN.md` §5.1 fixes on a contact user's page, by catalog key.
const CONTRACT_LABELS: [(&str, &str); 2] = [
    ("contact-users-send-password", "Send password"),
    (
        "contact-users-public-cases",
        "Grant access to all public cases",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_staff_set_up_a_contact_user() {
    let database = TestDatabase::sqlite().await;
    journey(database.url(), "sqlite").await;
    database.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_staff_set_up_a_contact_user() {
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
    let browser = driver.browser().await;
    let mut run = Run {
        app: &app,
        org: &org,
        sink: &sink,
        browser,
        suite: format!("contact-users-{database}"),
        texts: Texts::new(Language::En),
        axe: axe_installed(),
        findings: Vec::new(),
        screenshots: Vec::new(),
    };
    for (key, contract) in CONTRACT_LABELS {
        assert_eq!(run.t(key), contract, "the §5.1 label {key}");
    }
    run.sign_in().await;
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
        "contact users journey on {database}; screenshots:\n  {}",
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
        response.json().await.expect("json")
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
            let violations = axe_violations(&browser).await;
            let blocking: Vec<String> = violations
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
        if width > u64::from(PHONE.0) {
            eprintln!(
                "{name} ({}) is wider than a {}px phone: {width} CSS px",
                self.lang(),
                PHONE.0
            );
        }
        desktop_viewport(&browser).await;
        browser.refresh().await.expect("the page reloads");
    }

    /// The admin sets a password through the setup link and signs in.
    async fn sign_in(&mut self) {
        self.open(&self.org.setup_path()).await;
        fill(&self.browser, "New password", PASSWORD).await;
        fill(&self.browser, "Repeat the password", PASSWORD).await;
        press(&self.browser, "Save password").await;
        see(&self.browser, "Your password is set").await;
        self.open("/staff/login").await;
        fill(&self.browser, "Organisation", ORG).await;
        fill(&self.browser, "Email", &format!("admin@{ORG}.example")).await;
        fill(&self.browser, "Password", PASSWORD).await;
        press(&self.browser, "Sign in").await;
        assert_eq!(current_path(&self.browser).await, "/staff");
    }

    /// Switches the console to this pass's language through the frame's switch.
    async fn switch_language(&mut self) {
        let current = page_language(&self.browser).await;
        if current.as_deref() == Some(self.lang()) {
            return;
        }
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
    }

    /// A guest's case through the public form, moved to `client` (and made public when
    /// `public`); answers its number.
    async fn case_of(&self, client: &str, title: &str, public: bool) -> u64 {
        let created = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/public/orgs/{ORG}/forms/contact/cases")),
            )
            .json(&json!({
                "first_name": "Gus", "last_name": "Guest",
                "email": format!("guest-{}-{}@example.org", self.lang(), u8::from(public)),
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
        let case = cases["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|case| case["title"] == title)
            .expect("the case is listed")
            .clone();
        let id = case["id"].as_str().expect("id");
        self.api(
            reqwest::Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            json!({"client_id": client, "public": public}),
        )
        .await;
        case["number"].as_u64().expect("number")
    }

    async fn one_language(&mut self) {
        let lang = self.lang();
        self.open("/staff").await;
        self.switch_language().await;

        // A client with two cases, one of them public.
        let client_name = format!("More Profits Inc. ({lang})");
        let client = self
            .api(
                reqwest::Method::POST,
                "/api/v1/clients",
                json!({"name": client_name}),
            )
            .await["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let title = format!("Heating broken ({lang})");
        let number = self.case_of(&client, &title, false).await;
        self.case_of(&client, &format!("Office move ({lang})"), true)
            .await;

        // Clients → the client → Add contact user.
        follow(&self.browser, &self.t("nav-clients")).await;
        follow(&self.browser, &client_name).await;
        self.visit("client").await;
        let email = format!("john.smith.{lang}@more-profits.example");
        let username = format!("jsmith-{lang}");
        let add = panel(&self.browser, &self.t("contact-users-add")).await;
        for (key, text) in [
            ("contact-users-field-first_name", "John"),
            ("contact-users-field-last_name", "Smith"),
            ("contact-users-field-email", email.as_str()),
            ("contact-users-field-username", username.as_str()),
        ] {
            type_text(
                &field_in(&self.browser, Some(&add), &self.t(key)).await,
                text,
            )
            .await;
        }
        let submit = button_in(&add, &self.t("contact-users-add")).await;
        click_and_load(&self.browser, &submit).await;
        see(&self.browser, &self.t("flash-contact-user-created")).await;
        let user_page = current_path(&self.browser).await;
        assert!(
            user_page.starts_with("/staff/contact-users/"),
            "{user_page}"
        );
        self.visit("contact-user").await;
        self.visit_on_phone("contact-user").await;

        // Send password: a temporary one, by mail; the page says where it went.
        let send = panel(&self.browser, &self.t("contact-users-send-password")).await;
        let temporary = field_in(
            &self.browser,
            Some(&send),
            &self.t("contact-users-mode-temporary"),
        )
        .await;
        temporary.click().await.expect("the choice can be made");
        let submit = button_in(&send, &self.t("contact-users-send-password")).await;
        click_and_load(&self.browser, &submit).await;
        see(
            &self.browser,
            &self.texts.with(
                "contact-users-password-sent",
                &[("email", Arg::from(email.as_str()))],
            ),
        )
        .await;
        let mail = eventually(&format!("the password mail to {email}"), || async {
            self.sink
                .received()
                .iter()
                .filter(|mail| {
                    mail.rcpt_to
                        .iter()
                        .any(|to| to.eq_ignore_ascii_case(&email))
                })
                .map(|mail| readable_text(&mail.data))
                .find(|text| text.contains(&username))
        })
        .await
        .unwrap_or_else(|error| panic!("{error}"));
        let secret = mail
            .split_whitespace()
            .find(|word| word.len() == 24 && word.matches('-').count() == 4)
            .expect("the mail carries a temporary password")
            .to_owned();
        assert!(!page_text(&self.browser).await.contains(&secret));
        self.visit("contact-user-sent").await;

        // Grant access to all public cases: open ones.
        let rule = panel(&self.browser, &self.t("contact-users-public-cases")).await;
        let open = field_in(
            &self.browser,
            Some(&rule),
            &self.t("contact-users-open-cases"),
        )
        .await;
        set_checked(&open, true).await;
        let save = button_in(&rule, &self.t("contact-users-public-cases")).await;
        click_and_load(&self.browser, &save).await;
        see(
            &self.browser,
            &self.t("flash-contact-user-public-cases-saved"),
        )
        .await;
        see(&self.browser, &self.t("contact-users-public-cases-open")).await;

        // One case, as an editor.
        let case_label = format!("#{number} {title}");
        choose(
            &self.browser,
            &self.t("contact-users-field-case"),
            &case_label,
        )
        .await;
        choose(
            &self.browser,
            &self.t("contact-users-field-role"),
            &self.t("contact-users-role-editor"),
        )
        .await;
        press(&self.browser, &self.t("contact-users-grant")).await;
        see(&self.browser, &self.t("flash-contact-user-granted")).await;
        see(&self.browser, &case_label).await;
        self.visit("contact-user-granted").await;

        // The case page: Who has access names the user, by grant, linked to their page.
        follow(&self.browser, &case_label).await;
        see(&self.browser, &self.t("case-panel-who-has-access")).await;
        let who = panel(&self.browser, &self.t("case-panel-who-has-access")).await;
        let named = format!("John Smith ({username})");
        let text = who.text().await.expect("the panel's text");
        assert!(text.contains(&named), "{text}");
        assert!(
            text.contains(&self.t("contact-users-role-editor")),
            "{text}"
        );
        self.visit("case-who-has-access").await;
        self.visit_on_phone("case-who-has-access").await;
        follow(&self.browser, &named).await;
        assert_eq!(current_path(&self.browser).await, user_page);
    }
}
