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

use frontdesk_browser_tests::mail::readable_text;
use frontdesk_browser_tests::ui::{current_path, fill, follow, press, see};
use frontdesk_browser_tests::{Engine, Journey, eventually};
use frontdesk_kernel::Language;
use serde_json::json;

/// The organisation the journey runs in.
const ORG: &str = "workbook";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_contact_user_uses_the_portal() {
    Journey::run(Engine::Sqlite, "portal", ORG, portal_journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_contact_user_uses_the_portal() {
    Journey::run(Engine::Postgres, "portal", ORG, portal_journey).await;
}

/// The temporary-password template with legacy placeholders, then the journey in each
/// language.
async fn portal_journey(journey: &mut Journey) {
    journey.require_phone_fit();
    journey
        .api(
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
        journey.speak(language).await;
        one_language(journey).await;
    }
}

/// A guest's case through the public form, moved to `client`; answers its id.
async fn case_of(journey: &Journey, client: &str, title: &str) -> String {
    let local: String = title.chars().filter(char::is_ascii_alphanumeric).collect();
    let case = journey
        .public_case(&format!("{local}@example.org"), title)
        .await;
    let id = case["id"].as_str().expect("id").to_owned();
    journey
        .api(
            reqwest::Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            json!({"client_id": client}),
        )
        .await;
    id
}

/// Sign in, the forced change, home, a case and a comment, sign out.
async fn one_language(journey: &mut Journey) {
    let lang = journey.lang();
    let browser = journey.browser.clone();

    // Staff: a client, its contact user, two granted cases (one closed), a password.
    let client = journey
        .api(
            reqwest::Method::POST,
            "/api/v1/clients",
            json!({"name": format!("More Profits Inc. ({lang})")}),
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let user = journey
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
        let case = case_of(journey, &client, title).await;
        if closed {
            journey
                .api(
                    reqwest::Method::POST,
                    &format!("/api/v1/cases/{case}/status"),
                    json!({"status": "closed"}),
                )
                .await;
        }
        journey
            .api(
                reqwest::Method::POST,
                &format!("/api/v1/contact-users/{user}/grants"),
                json!({"case_id": case, "role": "viewer"}),
            )
            .await;
    }
    journey
        .api(
            reqwest::Method::POST,
            &format!("/api/v1/contact-users/{user}/send-password"),
            json!({"mode": "temporary"}),
        )
        .await;
    let to = format!("john.{lang}@more-profits.example");
    let temporary = eventually("the temporary password's mail", || async {
        journey.sink.received().iter().find_map(|mail| {
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
    journey.open(&format!("/o/{ORG}/login")).await;
    journey.visit("login").await;
    fill(
        &browser,
        &journey.t("portal-login-login"),
        &format!("john-{lang}"),
    )
    .await;
    fill(&browser, &journey.t("portal-login-password"), &temporary).await;
    press(&browser, &journey.t("portal-login-submit")).await;

    // Held on the password page until the password is changed.
    assert_eq!(current_path(&browser).await, format!("/o/{ORG}/password"));
    see(&browser, &journey.t("portal-password-forced")).await;
    journey.visit_desktop("password-forced").await;
    journey.open(&format!("/o/{ORG}/")).await;
    assert_eq!(current_path(&browser).await, format!("/o/{ORG}/password"));
    let chosen = format!("a long passphrase in {lang}");
    fill(&browser, &journey.t("portal-password-current"), &temporary).await;
    fill(&browser, &journey.t("portal-password-new"), &chosen).await;
    fill(&browser, &journey.t("portal-password-repeat"), &chosen).await;
    press(&browser, &journey.t("portal-password-submit")).await;

    // Home: the Open tab, then the Closed tab.
    assert_eq!(current_path(&browser).await, format!("/o/{ORG}/"));
    see(&browser, &open_title).await;
    journey.visit("home").await;
    follow(&browser, &journey.t("portal-tab-closed")).await;
    see(&browser, &closed_title).await;
    journey.visit_desktop("home-closed").await;
    follow(&browser, &journey.t("portal-tab-open")).await;

    // A case, and a comment on it.
    follow(&browser, &open_title).await;
    see(&browser, &journey.t("portal-case-conversation")).await;
    let comment = format!("Still cold in here ({lang}).");
    fill(&browser, &journey.t("portal-case-comment"), &comment).await;
    press(&browser, &journey.t("portal-case-send")).await;
    see(&browser, &comment).await;
    journey.visit("case").await;

    // Sign out.
    press(&browser, &journey.t("portal-sign-out")).await;
    assert_eq!(current_path(&browser).await, format!("/o/{ORG}/login"));
}
