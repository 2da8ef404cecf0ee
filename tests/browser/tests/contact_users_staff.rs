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

use frontdesk_browser_tests::mail::readable_text;
use frontdesk_browser_tests::ui::{
    button_in, choose, click_and_load, current_path, field_in, follow, page_text, panel, press,
    see, set_checked, type_text,
};
use frontdesk_browser_tests::{Engine, Journey, eventually};
use frontdesk_kernel::Language;
use frontdesk_l10n::Arg;
use serde_json::json;

/// The organisation the journey runs in.
const ORG: &str = "workbook";
/// The admin's password, set through the setup link in the browser.
const PASSWORD: &str = "correct horse battery staple";

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
    Journey::run(Engine::Sqlite, "contact-users", ORG, contact_users_journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_staff_set_up_a_contact_user() {
    Journey::run(
        Engine::Postgres,
        "contact-users",
        ORG,
        contact_users_journey,
    )
    .await;
}

/// The §5.1 labels, the admin signed in, then the journey in each language.
async fn contact_users_journey(journey: &mut Journey) {
    for (key, contract) in CONTRACT_LABELS {
        assert_eq!(journey.t(key), contract, "the §5.1 label {key}");
    }
    journey.admin_signs_in(PASSWORD).await;
    for language in [Language::En, Language::Fr] {
        journey.speak(language).await;
        one_language(journey).await;
    }
}

/// A guest's case through the public form, moved to `client` (and made public when
/// `public`); answers its number.
async fn case_of(journey: &Journey, client: &str, title: &str, public: bool) -> u64 {
    let email = format!("guest-{}-{}@example.org", journey.lang(), u8::from(public));
    let case = journey.public_case(&email, title).await;
    let id = case["id"].as_str().expect("id");
    journey
        .api(
            reqwest::Method::PATCH,
            &format!("/api/v1/cases/{id}"),
            json!({"client_id": client, "public": public}),
        )
        .await;
    case["number"].as_u64().expect("number")
}

/// A client, its contact user, Send password, the public-cases rule, a grant, Who has access.
async fn one_language(journey: &mut Journey) {
    let lang = journey.lang();
    let browser = journey.browser.clone();
    journey.open("/staff").await;
    journey.switch_console_language().await;

    // A client with two cases, one of them public.
    let client_name = format!("More Profits Inc. ({lang})");
    let client = journey
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
    let number = case_of(journey, &client, &title, false).await;
    case_of(journey, &client, &format!("Office move ({lang})"), true).await;

    // Clients → the client → Add contact user.
    follow(&browser, &journey.t("nav-clients")).await;
    follow(&browser, &client_name).await;
    journey.visit_desktop("client").await;
    let email = format!("john.smith.{lang}@more-profits.example");
    let username = format!("jsmith-{lang}");
    let add = panel(&browser, &journey.t("contact-users-add")).await;
    for (key, text) in [
        ("contact-users-field-first_name", "John"),
        ("contact-users-field-last_name", "Smith"),
        ("contact-users-field-email", email.as_str()),
        ("contact-users-field-username", username.as_str()),
    ] {
        type_text(&field_in(&browser, Some(&add), &journey.t(key)).await, text).await;
    }
    let submit = button_in(&add, &journey.t("contact-users-add")).await;
    click_and_load(&browser, &submit).await;
    see(&browser, &journey.t("flash-contact-user-created")).await;
    let user_page = current_path(&browser).await;
    assert!(
        user_page.starts_with("/staff/contact-users/"),
        "{user_page}"
    );
    journey.visit("contact-user").await;

    // Send password: a temporary one, by mail; the page says where it went.
    let send = panel(&browser, &journey.t("contact-users-send-password")).await;
    let temporary = field_in(
        &browser,
        Some(&send),
        &journey.t("contact-users-mode-temporary"),
    )
    .await;
    temporary.click().await.expect("the choice can be made");
    let submit = button_in(&send, &journey.t("contact-users-send-password")).await;
    click_and_load(&browser, &submit).await;
    see(
        &browser,
        &journey.t_with(
            "contact-users-password-sent",
            &[("email", Arg::from(email.as_str()))],
        ),
    )
    .await;
    let mail = eventually(&format!("the password mail to {email}"), || async {
        journey
            .sink
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
    assert!(!page_text(&browser).await.contains(&secret));
    journey.visit_desktop("contact-user-sent").await;

    // Grant access to all public cases: open ones.
    let rule = panel(&browser, &journey.t("contact-users-public-cases")).await;
    let open = field_in(
        &browser,
        Some(&rule),
        &journey.t("contact-users-open-cases"),
    )
    .await;
    set_checked(&open, true).await;
    let save = button_in(&rule, &journey.t("contact-users-public-cases")).await;
    click_and_load(&browser, &save).await;
    see(
        &browser,
        &journey.t("flash-contact-user-public-cases-saved"),
    )
    .await;
    see(&browser, &journey.t("contact-users-public-cases-open")).await;

    // One case, as an editor.
    let case_label = format!("#{number} {title}");
    choose(
        &browser,
        &journey.t("contact-users-field-case"),
        &case_label,
    )
    .await;
    choose(
        &browser,
        &journey.t("contact-users-field-role"),
        &journey.t("contact-users-role-editor"),
    )
    .await;
    press(&browser, &journey.t("contact-users-grant")).await;
    see(&browser, &journey.t("flash-contact-user-granted")).await;
    see(&browser, &case_label).await;
    journey.visit_desktop("contact-user-granted").await;

    // The case page: Who has access names the user, by grant, linked to their page.
    follow(&browser, &case_label).await;
    see(&browser, &journey.t("case-panel-who-has-access")).await;
    let who = panel(&browser, &journey.t("case-panel-who-has-access")).await;
    let named = format!("John Smith ({username})");
    let text = who.text().await.expect("the panel's text");
    assert!(text.contains(&named), "{text}");
    assert!(
        text.contains(&journey.t("contact-users-role-editor")),
        "{text}"
    );
    journey.visit("case-who-has-access").await;
    follow(&browser, &named).await;
    assert_eq!(current_path(&browser).await, user_page);
}
