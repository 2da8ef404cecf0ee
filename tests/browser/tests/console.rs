//! The staff console in a real browser (headless Chromium over `WebDriver`) against the real
//! server with a real SMTP sink, on `SQLite` and on `PostgreSQL`, in English and then in
//! French, used by visible labels as a person would:
//!
//! sign in → dashboard → find a guest's case from the list by its title → public reply and
//! internal note → status change (the guest gets the mail) → **Share case publicly** →
//! **Create new share** → the link in its read-only field → **Copy link** → **Email this
//! link** through Frontdesk (the mail arrives) → the link in a fresh browser: the case,
//! read-only → **Revoke** → the link answers 410 → the contact's page → **Email contact** (the
//! mail arrives) → the form's **Share Case Publicly** addon off and on, a profile's share
//! permission on and off, each seen as the panel disappearing and appearing → a mail template
//! edited with legacy `<Placeholder>`s and previewed.
//!
//! axe-core runs on every console page visited; a serious or critical violation fails the
//! test (all of them are reported at the end, page by page). A full-page screenshot of each
//! page is kept as `target/screenshots/console-<database>/<page>-<lang>.png`, with phone-width
//! ones of the dashboard and the case page.

#![expect(
    clippy::too_many_lines,
    reason = "an end-to-end journey reads best top to bottom"
)]

use std::time::Instant;

use fantoccini::{Client, Locator};
use frontdesk_browser_tests::axe::blocking_violations;
use frontdesk_browser_tests::chromium::allow_clipboard;
use frontdesk_browser_tests::journey::{set_password_on_page, subject_of};
use frontdesk_browser_tests::mail::{links_starting, readable_text};
use frontdesk_browser_tests::ui::{
    button, button_in, choose_in, click_and_load, current_path, field, field_in, fill, find_xpath,
    follow, has_panel, link, open_panel, page_language, page_text, panel, press, see, set_checked,
    type_text, xpath_literal,
};
use frontdesk_browser_tests::{Engine, Journey};
use frontdesk_e2e::{PUBLIC_BASE, TestApp, path_of, solved_captcha};
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use reqwest::StatusCode;
use serde_json::json;

/// The organisation every journey runs in.
const ORG: &str = "frontdesk";
/// The name of the form every organisation starts with.
const FORM_NAME: &str = "Contact";
/// The admin's password, set through the setup link in the browser.
const PASSWORD: &str = "correct horse battery staple";
/// The agent's password.
const AGENT_PASSWORD: &str = "a second long passphrase";

/// The labels `DESIGN.md` §5.1 fixes (outside browser tests click them), by catalog key.
const CONTRACT_LABELS: [(&str, &str); 5] = [
    ("share-panel", "Share case publicly"),
    ("share-create", "Create new share"),
    ("share-copy", "Copy link"),
    ("share-email", "Email this link"),
    ("share-revoke", "Revoke"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_staff_work_a_case_in_the_console() {
    Journey::run(Engine::Sqlite, "console", ORG, console_journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_staff_work_a_case_in_the_console() {
    Journey::run(Engine::Postgres, "console", ORG, console_journey).await;
}

/// The admin's password, then the journey in each language (the console's language is the
/// member's own setting, switched in the frame; the browser keeps asking for English).
async fn console_journey(journey: &mut Journey) {
    let mut run = Run { journey };
    run.set_admin_password().await;
    for language in [Language::En, Language::Fr] {
        run.read_in(language);
        run.one_language().await;
    }
}

/// What a journey carries from step to step: the [`Journey`] (the server, the sink, the
/// admin's browser session and the pass's strings).
struct Run<'a> {
    journey: &'a mut Journey,
}

impl std::ops::Deref for Run<'_> {
    type Target = Journey;

    fn deref(&self) -> &Journey {
        self.journey
    }
}

impl std::ops::DerefMut for Run<'_> {
    fn deref_mut(&mut self) -> &mut Journey {
        self.journey
    }
}

/// A case a guest opened through the public form.
struct GuestCase {
    title: String,
    email: String,
    /// The path of the guest's own link, from the confirmation mail.
    link: String,
}

impl Run<'_> {
    /// The admin opens the setup link from bootstrapping and chooses a password.
    async fn set_admin_password(&mut self) {
        self.open(&self.org.setup_path()).await;
        self.visit_desktop("set-password").await;
        set_password_on_page(&self.browser, PASSWORD).await;
    }

    /// Signs in at `/staff/login` and lands on the dashboard.
    async fn sign_in(&self, browser: &Client, email: &str, password: &str) {
        self.staff_sign_in(browser, email, password).await;
    }

    /// The whole journey in this pass's language.
    async fn one_language(&mut self) {
        let pass = Instant::now();
        if self.texts().language() == Language::En {
            for (key, contract) in CONTRACT_LABELS {
                assert_eq!(self.t(key), contract, "the §5.1 label {key}");
            }
        }
        let guest = self.guest_case().await;

        // Sign in (the sign-in page is checked in the first pass only: it is one language).
        self.browser
            .goto(&self.app.url("/staff/login"))
            .await
            .expect("open the sign-in page");
        if self.texts().language() == Language::En {
            self.visit_desktop("sign-in").await;
            if self.axe_enabled() {
                axe_sees_through_the_csp(&self.browser, &self.app).await;
            }
        }
        let browser = self.browser.clone();
        let admin = format!("admin@{ORG}.example");
        self.sign_in(&browser, &admin, PASSWORD).await;
        self.switch_console_language().await;
        self.visit_desktop("dashboard").await;
        self.visit_phone("dashboard").await;

        let case_path = self.find_case(&guest).await;
        // The status first: a recipient gets one notification a minute, so the reply's
        // would hold back the status change's mail (the reply is checked on the guest's
        // own page instead).
        self.change_status(&guest).await;
        self.reply_and_note(&guest).await;
        self.share_publicly(&guest, &case_path).await;
        self.email_contact(&guest, &case_path).await;
        self.form_addon(&case_path).await;
        self.profile_permission(&case_path).await;
        self.mail_template().await;
        self.other_pages().await;

        press(&self.browser, &self.t("sign-out")).await;
        assert_eq!(current_path(&self.browser).await, "/staff/login");
        eprintln!(
            "{} pass of {} took {:?}",
            self.lang(),
            self.suite(),
            pass.elapsed()
        );
    }

    /// A guest opens a case through the public API (captcha solved as the widget would).
    async fn guest_case(&self) -> GuestCase {
        let lang = self.lang();
        let title = match self.texts().language() {
            Language::En => "Heating broken in the east wing".to_owned(),
            Language::Fr => "Chauffage en panne aile est".to_owned(),
        };
        let email = format!("guest-{lang}@example.org");
        let solution = solved_captcha(&self.app).await;
        let created = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/public/orgs/{ORG}/forms/contact/cases")),
            )
            .json(&json!({
                "first_name": "Gus",
                "last_name": format!("Guest {lang}"),
                "email": email,
                "title": title,
                "description": "The radiators have been cold since Monday.",
                "altcha": solution,
            }))
            .send()
            .await
            .expect("submit the public form");
        assert_eq!(
            created.status(),
            StatusCode::ACCEPTED,
            "the case is accepted"
        );
        let confirmation = self.mail_to(&email, &format!("{PUBLIC_BASE}/g/fdg_")).await;
        let link = path_of(
            links_starting(&confirmation, &format!("{PUBLIC_BASE}/g/"))
                .first()
                .expect("the confirmation carries the guest's link"),
        );
        GuestCase { title, email, link }
    }

    /// Cases → search by title → the case page. Returns the case page's path.
    async fn find_case(&mut self, guest: &GuestCase) -> String {
        follow(&self.browser, &self.t("nav-cases")).await;
        self.visit_desktop("cases").await;
        fill(&self.browser, &self.t("cases-search"), &guest.title).await;
        press(&self.browser, &self.t("cases-apply")).await;
        see(&self.browser, &guest.title).await;
        assert!(
            current_path(&self.browser).await.contains("q="),
            "the search is in the address"
        );
        self.visit_desktop("cases-search").await;
        let open = link(&self.browser, &guest.title).await;
        click_and_load(&self.browser, &open).await;
        let path = current_path(&self.browser).await;
        assert!(path.starts_with("/staff/cases/"), "the case page: {path}");
        see(&self.browser, &guest.title).await;
        self.visit_desktop("case").await;
        self.visit_phone("case").await;
        path
    }

    /// Status → Pending with a comment; the guest is told by mail.
    async fn change_status(&mut self, guest: &GuestCase) {
        let comment = format!("An engineer is on the way ({}).", self.lang());
        let panel = open_panel(&self.browser, &self.t("case-panel-status")).await;
        let choice = field_in(&self.browser, Some(&panel), &self.t("case-status-new")).await;
        choose_in(&choice, &self.t("status-pending")).await;
        type_text(
            &field_in(&self.browser, Some(&panel), &self.t("case-status-comment")).await,
            &comment,
        )
        .await;
        let submit = button_in(&panel, &self.t("case-status-submit")).await;
        click_and_load(&self.browser, &submit).await;
        see(&self.browser, &comment).await;
        let mail = self.mail_to(&guest.email, &comment).await;
        assert!(mail.contains(&guest.title), "the mail names the case");
        self.visit_desktop("case-status-changed").await;
    }

    /// A public reply and an internal note on the Timeline panel; the guest, on their own
    /// page, sees the reply and not the note.
    async fn reply_and_note(&mut self, guest: &GuestCase) {
        let reply = format!("We sent a heating engineer ({}).", self.lang());
        let note = format!("Engineer booked for Tuesday, internal ({}).", self.lang());
        for (text, visibility) in [(&reply, "reply-public"), (&note, "reply-internal")] {
            let timeline = open_panel(&self.browser, &self.t("case-panel-timeline")).await;
            type_text(
                &field_in(&self.browser, Some(&timeline), &self.t("reply-label")).await,
                text,
            )
            .await;
            field_in(&self.browser, Some(&timeline), &self.t(visibility))
                .await
                .click()
                .await
                .expect("choose the visibility");
            let submit = button_in(&timeline, &self.t("reply-submit")).await;
            click_and_load(&self.browser, &submit).await;
            see(&self.browser, text).await;
        }
        self.visit_desktop("case-replied").await;

        let guest_browser = self.driver().browser().await;
        guest_browser
            .goto(&self.app.url(&guest.link))
            .await
            .expect("the guest opens their link");
        see(&guest_browser, &guest.title).await;
        see(&guest_browser, &reply).await;
        assert!(
            !page_text(&guest_browser).await.contains(&note),
            "an internal note is not shown to the guest"
        );
        guest_browser
            .close()
            .await
            .expect("the guest's session ends");
        assert!(
            !self
                .sink
                .received()
                .iter()
                .any(|mail| readable_text(&mail.data).contains(&note)),
            "an internal note is never mailed"
        );
    }

    /// Share case publicly → Create new share → the read-only link → Copy link → Email this
    /// link through Frontdesk → a fresh browser sees the case read-only → Revoke → 410.
    async fn share_publicly(&mut self, guest: &GuestCase, case_path: &str) {
        // The form's addon is off at first: no panel until it is on.
        if !has_panel(&self.browser, &self.t("share-panel")).await {
            self.set_form_addon(true, true).await;
            self.open(case_path).await;
        }
        let panel = open_panel(&self.browser, &self.t("share-panel")).await;
        type_text(
            &field_in(&self.browser, Some(&panel), &self.t("share-label")).await,
            &format!("for the insurer ({})", self.lang()),
        )
        .await;
        let create = button_in(&panel, &self.t("share-create")).await;
        click_and_load(&self.browser, &create).await;

        // The link, once, in a read-only field.
        let url_field = field(&self.browser, &self.t("share-url")).await;
        assert!(
            url_field
                .attr("readonly")
                .await
                .expect("readonly")
                .is_some(),
            "the link's field is read-only"
        );
        let url = url_field
            .prop("value")
            .await
            .expect("the field's value")
            .expect("the field holds the link");
        assert!(
            url.starts_with(&format!("{PUBLIC_BASE}/s/fds_")),
            "a share link: {url}"
        );
        self.visit_desktop("share-created").await;

        // Copy link: the script puts it on the clipboard and says so.
        allow_clipboard(&self.browser, &self.app.base).await;
        button(&self.browser, &self.t("share-copy"))
            .await
            .click()
            .await
            .expect("Copy link");
        see(&self.browser, &self.t("share-copied")).await;
        let copied = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 navigator.clipboard.readText().then(done, (e) => done('unreadable: ' + e));",
                vec![],
            )
            .await
            .expect("read the clipboard");
        assert_eq!(
            copied.as_str(),
            Some(url.as_str()),
            "Copy link copies the link"
        );

        // Email this link: a mailto: link, and a form that sends through Frontdesk.
        let mailto = link(&self.browser, &self.t("share-email"))
            .await
            .attr("href")
            .await
            .expect("href")
            .expect("the mailto link has an address");
        let token = url.rsplit('/').next().unwrap_or_default();
        assert!(
            mailto.starts_with("mailto:") && mailto.contains(token),
            "a mailto: link carrying the link: {mailto}"
        );
        let recipient = format!("insurer-{}@example.org", self.lang());
        fill(&self.browser, &self.t("share-email-to"), &recipient).await;
        fill(
            &self.browser,
            &self.t("share-email-message"),
            "Here is the case, read-only.",
        )
        .await;
        press(&self.browser, &self.t("share-email")).await;
        let mailed = self.mail_to(&recipient, &url).await;
        assert!(
            mailed.contains("Here is the case, read-only."),
            "the message goes with the link"
        );
        self.visit_desktop("share-emailed").await;

        // A fresh browser (no session, no cookie) opens the link from the mail.
        let path = path_of(
            links_starting(&mailed, &format!("{PUBLIC_BASE}/s/"))
                .first()
                .expect("the mail carries the link"),
        );
        let stranger = self.driver().browser().await;
        stranger
            .goto(&self.app.url(&path))
            .await
            .expect("open the shared link");
        if let Ok(open) = stranger
            .find(Locator::Css("form button[type=submit]"))
            .await
        {
            // The scanner-safe interstitial: only its POST counts a view.
            click_and_load(&stranger, &open).await;
        }
        see(&stranger, &guest.title).await;
        let shared = page_text(&stranger).await;
        assert!(
            !shared.contains("Engineer booked for Tuesday"),
            "internal notes stay internal"
        );
        assert!(
            stranger
                .find(Locator::Css("main textarea, main form[action*='comments']"))
                .await
                .is_err(),
            "the shared case is read-only"
        );
        self.check_shared_page(&stranger).await;
        stranger.close().await.expect("the fresh session ends");

        // Revoke: the link answers 410.
        self.open(case_path).await;
        let panel = open_panel(&self.browser, &self.t("share-panel")).await;
        let label = format!("for the insurer ({})", self.lang());
        let revoke_label = self.t_with("share-revoke-named", &[("label", Arg::from(label))]);
        let listed = panel.text().await.expect("the panel's text");
        assert!(
            !listed.contains(&self.t("share-log-none")),
            "the view log lists the fresh browser's view:\n{listed}"
        );
        let revoke = button_in(&panel, &revoke_label).await;
        click_and_load(&self.browser, &revoke).await;
        see(&self.browser, &self.t("flash-share-revoked")).await;
        let listed = open_panel(&self.browser, &self.t("share-panel"))
            .await
            .text()
            .await
            .expect("the panel's text");
        assert!(
            listed.contains(&self.t("share-state-revoked")),
            "the list shows the link revoked:\n{listed}"
        );
        self.visit_desktop("share-revoked").await;
        let gone = self
            .app
            .client
            .get(self.app.url(&path))
            .send()
            .await
            .expect("open the revoked link");
        assert_eq!(
            gone.status(),
            StatusCode::GONE,
            "a revoked link answers 410"
        );
    }

    /// axe and a screenshot of the public read-only page a share link opens (in the case's
    /// language: the form's default).
    async fn check_shared_page(&mut self, stranger: &Client) {
        self.keep_page(stranger, "shared-case").await;
    }

    /// The case's contact → their page → Email contact → the mail arrives.
    async fn email_contact(&mut self, guest: &GuestCase, case_path: &str) {
        self.open(case_path).await;
        let contacts = open_panel(&self.browser, &self.t("case-panel-contacts")).await;
        let name = format!("Gus Guest {}", self.lang());
        let contact = contacts
            .find(Locator::LinkText(&name))
            .await
            .unwrap_or_else(|e| panic!("the case lists its contact {name}: {e}"));
        click_and_load(&self.browser, &contact).await;
        see(&self.browser, &guest.email).await;
        self.visit_desktop("contact").await;
        let panel = open_panel(&self.browser, &self.t("contacts-email-panel")).await;
        let subject = format!("About your heating ({})", self.lang());
        type_text(
            &field_in(
                &self.browser,
                Some(&panel),
                &self.t("contacts-email-subject"),
            )
            .await,
            &subject,
        )
        .await;
        type_text(
            &field_in(
                &self.browser,
                Some(&panel),
                &self.t("contacts-email-message"),
            )
            .await,
            "The engineer comes on Tuesday morning.",
        )
        .await;
        let send = button_in(&panel, &self.t("contacts-email-send")).await;
        click_and_load(&self.browser, &send).await;
        see(&self.browser, &self.t("flash-contacts-emailed")).await;
        self.visit_desktop("contact-emailed").await;
        let mail = self
            .mail_to(&guest.email, "The engineer comes on Tuesday morning.")
            .await;
        let sent_subject = self
            .sink
            .received()
            .iter()
            .find(|m| {
                m.rcpt_to
                    .iter()
                    .any(|r| r.eq_ignore_ascii_case(&guest.email))
                    && readable_text(&m.data).contains("The engineer comes on Tuesday morning.")
            })
            .map(|m| subject_of(&m.data))
            .unwrap_or_default();
        assert!(
            sent_subject.contains(&subject),
            "the mail's subject is the one typed: {sent_subject:?}"
        );
        assert!(
            mail.contains(&format!("Org {ORG}")),
            "the mail comes from the organisation:\n{mail}"
        );
    }

    /// Forms → Contact → the Share Case Publicly addon ticked (`on`) or not → Save form.
    async fn set_form_addon(&mut self, on: bool, keep: bool) {
        self.open("/staff").await;
        follow(&self.browser, &self.t("nav-forms")).await;
        if keep {
            self.visit_desktop("forms").await;
        }
        follow(&self.browser, FORM_NAME).await;
        if keep {
            self.visit_desktop("form").await;
        }
        let addon = field(&self.browser, &self.t("forms-share-addon")).await;
        set_checked(&addon, on).await;
        press(&self.browser, &self.t("forms-save")).await;
        see(&self.browser, &self.t("flash-forms-saved")).await;
    }

    /// The case page shows the share panel exactly when `expected`.
    async fn share_panel_shows(&self, browser: &Client, texts: Texts, case_path: &str) -> bool {
        browser
            .goto(&self.app.url(case_path))
            .await
            .expect("open the case page");
        see(browser, &texts.get("case-panel-timeline")).await;
        has_panel(browser, &texts.get("share-panel")).await
    }

    /// The form's addon off: the panel is gone; on again: it is back.
    async fn form_addon(&mut self, case_path: &str) {
        for on in [false, true] {
            self.set_form_addon(on, !on).await;
            assert_eq!(
                self.share_panel_shows(&self.browser, self.texts(), case_path)
                    .await,
                on,
                "the share panel follows the form's addon (on: {on})"
            );
        }
    }

    /// An agent sees the share panel only while the agent profile may share the form's cases.
    async fn profile_permission(&mut self, case_path: &str) {
        let agent_email = format!("agent-{}@{ORG}.example", self.lang());
        self.invite_agent(&agent_email).await;
        let agent = self.driver().browser().await;
        self.sign_in(&agent, &agent_email, AGENT_PASSWORD).await;
        let agent_language = match page_language(&agent).await.as_deref() {
            Some("fr") => Language::Fr,
            _ => Language::En,
        };
        let agent_texts = Texts::new(agent_language);
        assert!(
            !self.share_panel_shows(&agent, agent_texts, case_path).await,
            "an agent may not share before the profile is allowed to"
        );
        for allowed in [true, false] {
            self.set_share_permission(&agent_texts, allowed).await;
            assert_eq!(
                self.share_panel_shows(&agent, agent_texts, case_path).await,
                allowed,
                "the agent's share panel follows the profile's permission (allowed: {allowed})"
            );
        }
        agent.close().await.expect("the agent's session ends");
    }

    /// Settings → Staff users → invite an agent; the invitation arrives and the agent
    /// chooses a password in a browser of their own.
    async fn invite_agent(&mut self, email: &str) {
        self.open("/staff").await;
        follow(&self.browser, &self.t("nav-settings")).await;
        self.visit_desktop("settings").await;
        follow(&self.browser, &self.t("settings-staff-title")).await;
        self.visit_desktop("staff-users").await;
        let invite = panel(&self.browser, &self.t("settings-staff-invite-title")).await;
        type_text(
            &field_in(&self.browser, Some(&invite), &self.t("settings-staff-name")).await,
            "Agnes Agent",
        )
        .await;
        type_text(
            &field_in(
                &self.browser,
                Some(&invite),
                &self.t("settings-staff-email"),
            )
            .await,
            email,
        )
        .await;
        let profile = field_in(
            &self.browser,
            Some(&invite),
            &self.t("settings-profile-agent"),
        )
        .await;
        set_checked(&profile, true).await;
        let send = button_in(&invite, &self.t("settings-staff-invite")).await;
        click_and_load(&self.browser, &send).await;
        see(&self.browser, &self.t("flash-settings-staff-invited")).await;
        see(&self.browser, email).await;
        let invitation = self.mail_to(email, &format!("{PUBLIC_BASE}/a/fda_")).await;
        let setup = path_of(
            links_starting(&invitation, &format!("{PUBLIC_BASE}/a/"))
                .first()
                .expect("the invitation carries its link"),
        );
        let fresh = self.driver().browser().await;
        fresh
            .goto(&self.app.url(&setup))
            .await
            .expect("open the invitation");
        set_password_on_page(&fresh, AGENT_PASSWORD).await;
        fresh.close().await.expect("the invitation session ends");
    }

    /// Settings → Profiles & permissions: agents may (or may not) share the form's cases.
    async fn set_share_permission(&mut self, _agent_texts: &Texts, allowed: bool) {
        self.open("/staff").await;
        follow(&self.browser, &self.t("nav-settings")).await;
        follow(&self.browser, &self.t("settings-permissions-title")).await;
        if allowed {
            self.visit_desktop("permissions").await;
        }
        let cell = self.t_with(
            "settings-permissions-cell",
            &[
                ("profile", Arg::from(self.t("settings-profile-agent"))),
                ("form", Arg::from(FORM_NAME)),
            ],
        );
        set_checked(&field(&self.browser, &cell).await, allowed).await;
        let save = self.t_with(
            "settings-permissions-save-named",
            &[("form", Arg::from(FORM_NAME))],
        );
        press(&self.browser, &save).await;
        see(&self.browser, &self.t("flash-settings-permissions-saved")).await;
        if allowed {
            self.visit_desktop("permissions-saved").await;
        }
    }

    /// Settings → Mail templates → the temporary-password mail in this pass's language,
    /// rewritten with legacy `<Placeholder>`s: the preview fills them in; saving converts
    /// them; a text without the password is refused beside its field; reset brings back the
    /// default.
    async fn mail_template(&mut self) {
        self.open("/staff").await;
        follow(&self.browser, &self.t("nav-settings")).await;
        follow(&self.browser, &self.t("settings-mail-title")).await;
        self.visit_desktop("mail-templates").await;
        let kind = xpath_literal(&self.t("settings-mail-kind-temporary-password"));
        let column = match self.texts().language() {
            Language::En => 1,
            Language::Fr => 2,
        };
        let edit = find_xpath(
            &self.browser,
            &format!("//tr[th[normalize-space()={kind}]]/td[{column}]//a"),
            "the Edit link of the temporary-password mail",
        )
        .await;
        click_and_load(&self.browser, &edit).await;
        self.visit_desktop("mail-template").await;

        let legacy = "Dear <ResourceName>,\nLogin: <ResourceLogin>\n\
                      Temporary Password: <ResourceTempPassword>\nKind regards, <CompanyName>";
        fill(
            &self.browser,
            &self.t("settings-mail-subject"),
            "<CompanyName>: your temporary password",
        )
        .await;
        fill(&self.browser, &self.t("settings-mail-text"), legacy).await;
        fill(
            &self.browser,
            &self.t("settings-mail-html"),
            "<p>Dear &lt;ResourceName&gt;,</p><p>Login: &lt;ResourceLogin&gt;</p>\
             <p>Temporary Password: <ResourceTempPassword></p><p><CompanyName></p>",
        )
        .await;
        press(&self.browser, &self.t("settings-mail-preview")).await;
        let preview = panel(&self.browser, &self.t("settings-mail-preview-title"))
            .await
            .text()
            .await
            .expect("the preview's text");
        for filled in [
            "Org frontdesk: your temporary password",
            "Dear Jane Doe,",
            "Login: jane.doe",
            "Temporary Password: Tmp-4821-kite",
            "Kind regards, Org frontdesk",
        ] {
            assert!(
                preview.contains(filled),
                "the preview fills the legacy placeholders ({filled:?}):\n{preview}"
            );
        }
        self.visit_desktop("mail-template-preview").await;

        press(&self.browser, &self.t("settings-save")).await;
        see(&self.browser, &self.t("flash-settings-template-saved")).await;
        let saved = field(&self.browser, &self.t("settings-mail-text"))
            .await
            .prop("value")
            .await
            .expect("the text's value")
            .unwrap_or_default();
        assert!(
            saved.contains("{{login}}") && saved.contains("{{temporary_password}}"),
            "saving converts the legacy placeholders:\n{saved}"
        );

        fill(
            &self.browser,
            &self.t("settings-mail-text"),
            "Dear <ResourceName>, your login is <ResourceLogin>.",
        )
        .await;
        press(&self.browser, &self.t("settings-save")).await;
        let text_field = field(&self.browser, &self.t("settings-mail-text")).await;
        assert_eq!(
            text_field
                .attr("aria-invalid")
                .await
                .expect("aria-invalid")
                .as_deref(),
            Some("true"),
            "the text without the password is marked invalid"
        );
        see(&self.browser, "{{temporary_password}}").await;
        self.visit_desktop("mail-template-invalid").await;

        press(&self.browser, &self.t("settings-mail-reset")).await;
        see(&self.browser, &self.t("flash-settings-template-reset")).await;
    }

    /// The remaining console pages, each checked and kept: contacts, a new contact, a new
    /// form, and the settings pages not used above.
    async fn other_pages(&mut self) {
        for (path, name) in [
            ("/staff/contacts", "contacts"),
            ("/staff/contacts/new", "contact-new"),
            ("/staff/forms/new", "form-new"),
            ("/staff/settings/organisation", "organisation"),
            ("/staff/settings/tokens", "api-tokens"),
            ("/staff/settings/undelivered", "undelivered-mail"),
            ("/staff/settings/audit", "audit-log"),
        ] {
            self.open(path).await;
            self.visit_desktop(name).await;
        }
    }
}

/// axe-core works on a console page under its real CSP: the page sends
/// `script-src 'self'`, and a missing `alt` planted in it is reported as critical.
async fn axe_sees_through_the_csp(browser: &Client, app: &TestApp) {
    let page = app
        .client
        .get(app.url("/staff/login"))
        .send()
        .await
        .expect("the sign-in page");
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
        "the page's CSP allows only its own scripts: {csp}"
    );
    browser
        .execute(
            "const img = document.createElement('img');\
             img.src = '/assets/none.png'; img.id = 'planted';\
             document.querySelector('main').append(img); return true;",
            vec![],
        )
        .await
        .expect("plant an image without alt");
    let report = blocking_violations(browser)
        .await
        .expect("axe reports the planted image");
    assert!(
        report.contains("image-alt") && report.contains("#planted"),
        "axe names the rule and the element:\n{report}"
    );
    browser.refresh().await.expect("reload the sign-in page");
}
