//! Signing up to a public portal in a real browser (headless Chromium over `WebDriver`)
//! against the real server with a real SMTP sink, on `SQLite` and on `PostgreSQL`, in English
//! and then in French (the browser's `Accept-Language`), by visible labels as a person would:
//!
//! an admin opens the portal to the public and switches registration on → the portal's
//! sign-in page → **Sign up** → first name, last name, email and password → the ALTCHA
//! widget → "check your email" → the activation mail's link → **Activate my account** →
//! signed in at the portal home → **Sign out** → the activation link again: the sign-in page
//! with the address filled in, and no session.
//!
//! axe-core runs on every page visited (a serious or critical violation fails the test) and
//! desktop and phone screenshots of each are kept under
//! `target/screenshots/portal-signup-<database>/`.

use frontdesk_browser_tests::journey::solve_altcha;
use frontdesk_browser_tests::mail::links_starting;
use frontdesk_browser_tests::ui::{current_path, field, fill, follow, page_text, press, see};
use frontdesk_browser_tests::{Engine, Journey};
use frontdesk_e2e::{PUBLIC_BASE, path_of};
use frontdesk_kernel::Language;
use reqwest::Method;
use serde_json::json;

/// The organisation the journey runs in.
const ORG: &str = "opendoors";
/// The portal's title, set by the admin.
const PORTAL_TITLE: &str = "Open Doors help centre";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_person_signs_up_to_the_public_portal() {
    Journey::run(Engine::Sqlite, "portal-signup", ORG, sign_up_journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_person_signs_up_to_the_public_portal() {
    Journey::run(Engine::Postgres, "portal-signup", ORG, sign_up_journey).await;
}

/// The admin opens the portal, then the sign-up in each language.
async fn sign_up_journey(journey: &mut Journey) {
    journey
        .api(
            Method::PATCH,
            "/api/v1/org",
            json!({
                "registration_enabled": true,
                "portal": {"mode": "public", "title": PORTAL_TITLE},
            }),
        )
        .await;
    let settings = journey.api(Method::GET, "/api/v1/org", json!(null)).await;
    assert_eq!(settings["portal"]["mode"], "public", "{settings}");
    assert_eq!(settings["registration_enabled"], true, "{settings}");
    for language in [Language::En, Language::Fr] {
        journey.speak(language).await;
        // The public portal's sign-up speaks the organisation's language (the account gets
        // it too), whatever the browser asks for; the sign-in page follows the browser.
        journey
            .api(
                Method::PATCH,
                "/api/v1/org",
                json!({"default_language": journey.lang()}),
            )
            .await;
        one_language(journey).await;
    }
}

/// Sign up, activate, sign out, and the used activation link, in the pass's language.
async fn one_language(journey: &mut Journey) {
    let lang = journey.lang();
    let email = format!("ada.{lang}@people.example");
    let (first, last) = ("Ada", format!("Lovelace {lang}"));

    // The sign-in page links to the sign-up form.
    journey.open(&format!("/o/{ORG}/login")).await;
    journey.visit("login").await;
    follow(&journey.browser, &journey.t("signup-link")).await;
    assert_eq!(
        current_path(&journey.browser).await,
        format!("/o/{ORG}/signup")
    );
    see(&journey.browser, &journey.t("signup-title")).await;
    journey.visit("signup").await;

    // The form, by its labels, and the security check solved in the page.
    let browser = journey.browser.clone();
    fill(&browser, &journey.t("signup-first-name"), first).await;
    fill(&browser, &journey.t("signup-last-name"), &last).await;
    fill(&browser, &journey.t("signup-email"), &email).await;
    fill(
        &browser,
        &journey.t("signup-password"),
        &format!("a long passphrase in {lang}"),
    )
    .await;
    let solution = solve_altcha(&browser).await;
    assert!(solution.len() > 20, "an ALTCHA payload: {solution:?}");
    journey.visit_desktop("signup-filled").await;
    press(&browser, &journey.t("signup-submit")).await;
    see(&browser, &journey.t("signup-sent-title")).await;
    journey.visit("signup-sent").await;

    // The activation mail's link, and its confirm button.
    let mail = journey
        .mail_to(&email, &format!("{PUBLIC_BASE}/a/fda_"))
        .await;
    let activation = path_of(
        links_starting(&mail, &format!("{PUBLIC_BASE}/a/"))
            .first()
            .expect("the mail carries the activation link"),
    );
    journey.open(&activation).await;
    see(&browser, &journey.t("activation-title")).await;
    assert!(
        page_text(&browser).await.contains(&email),
        "the confirm page names the address"
    );
    journey.visit("activation").await;
    press(&browser, &journey.t("activation-submit")).await;

    // Signed in at the portal home.
    assert_eq!(current_path(&browser).await, format!("/o/{ORG}/"));
    see(&browser, &journey.t("portal-home-title")).await;
    see(&browser, &journey.t("portal-sign-out")).await;
    journey.visit("home").await;

    // Signed out; the used link opens the sign-in page with the address, not a session.
    press(&browser, &journey.t("portal-sign-out")).await;
    assert_eq!(current_path(&browser).await, format!("/o/{ORG}/login"));
    journey.open(&activation).await;
    let landed = current_path(&browser).await;
    assert!(
        landed.starts_with(&format!("/o/{ORG}/login")),
        "the used activation link opens the sign-in page: {landed}"
    );
    let login = field(&browser, &journey.t("portal-login-login")).await;
    assert_eq!(
        login.prop("value").await.expect("the field's value"),
        Some(email.clone()),
        "the sign-in page has the address filled in"
    );
    assert!(
        !page_text(&browser)
            .await
            .contains(&journey.t("portal-sign-out")),
        "opening the used link again signs nobody in"
    );
    journey.visit("login-after-activation").await;
}
