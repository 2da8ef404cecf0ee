//! The console's Portal users page in a real browser (headless Chromium over `WebDriver`)
//! against the real server with a real SMTP sink, on `SQLite` and on `PostgreSQL`, in English
//! and then in French, by visible labels as staff would use it:
//!
//! a person signs up to the public portal and has not activated yet, staff add another to a
//! client → the admin signs in to the console → Settings → **Portal users** → a search by
//! name finds the first (and not the other), Pending → a search for the other among the
//! pending, Invited → **Resend activation** (the page says so, and the mail arrives) →
//! **Remove** → the confirmation page → **Remove** → the banner of what was revoked, and the
//! search no longer finds them.
//!
//! axe-core runs on every page visited (a serious or critical violation fails the test) and
//! desktop and phone screenshots of each are kept under
//! `target/screenshots/portal-users-<database>/`.

use fantoccini::Locator;
use frontdesk_browser_tests::ui::{
    choose, current_path, fill, find_xpath, follow, link, page_text, press, see, xpath_literal,
};
use frontdesk_browser_tests::{Engine, Journey, eventually};
use frontdesk_e2e::{PUBLIC_BASE, solved_captcha};
use frontdesk_kernel::Language;
use frontdesk_l10n::Arg;
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The organisation the journey runs in.
const ORG: &str = "portaladmin";
/// The admin's password, set through the setup link in the browser.
const PASSWORD: &str = "correct horse battery staple";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_staff_manage_portal_users() {
    Journey::run(Engine::Sqlite, "portal-users", ORG, admin_journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_staff_manage_portal_users() {
    Journey::run(Engine::Postgres, "portal-users", ORG, admin_journey).await;
}

/// The admin signed in, then the page in each language.
async fn admin_journey(journey: &mut Journey) {
    journey
        .api(
            Method::PATCH,
            "/api/v1/org",
            json!({"registration_enabled": true, "portal": {"mode": "public"}}),
        )
        .await;
    journey.admin_signs_in(PASSWORD).await;
    for language in [Language::En, Language::Fr] {
        journey.speak(language).await;
        one_language(journey).await;
    }
}

/// A person signs up through the portal's form (the captcha solved as the widget would) and
/// leaves the activation mail unopened: pending.
async fn signed_up(journey: &Journey, first: &str, last: &str, email: &str) {
    let app = &journey.app;
    let solution = solved_captcha(app).await;
    let answer = app
        .client
        .post(app.url(&format!("/o/{ORG}/signup")))
        .form(&[
            ("first_name", first),
            ("last_name", last),
            ("email", email),
            ("password", "a long passphrase of theirs"),
            ("altcha", solution.as_str()),
        ])
        .send()
        .await
        .expect("sign up");
    assert_eq!(answer.status(), StatusCode::OK, "the sign-up is accepted");
    journey
        .mail_to(email, &format!("{PUBLIC_BASE}/a/fda_"))
        .await;
}

/// Staff add a portal user to `client`: invited, nothing mailed yet.
async fn invited(journey: &Journey, client: &str, first: &str, last: &str, email: &str) {
    journey
        .api(
            Method::POST,
            &format!("/api/v1/clients/{client}/contact-users"),
            json!({"first_name": first, "last_name": last, "email": email}),
        )
        .await;
}

/// How many mails `email` received so far.
fn mails_to(journey: &Journey, email: &str) -> usize {
    journey
        .sink
        .received()
        .iter()
        .filter(|mail| mail.rcpt_to.iter().any(|r| r.eq_ignore_ascii_case(email)))
        .count()
}

/// The text of the table row that names `name`.
async fn row_text(journey: &Journey, name: &str) -> String {
    let xpath = format!("//tr[td[normalize-space()={}]]", xpath_literal(name));
    find_xpath(&journey.browser, &xpath, &format!("the row of {name}"))
        .await
        .text()
        .await
        .expect("the row's text")
}

/// The page, its search, Resend activation and Remove, in the pass's language.
async fn one_language(journey: &mut Journey) {
    let lang = journey.lang();
    let (first, last) = match journey.texts().language() {
        Language::En => ("Zoe", "Waiting"),
        Language::Fr => ("Zoé", "Enattente"),
    };
    let name = format!("{first} {last}");
    let email = format!("zoe.{lang}@people.example");
    signed_up(journey, first, last, &email).await;
    let client = journey
        .api(
            Method::POST,
            "/api/v1/clients",
            json!({"name": format!("Acme ({lang})")}),
        )
        .await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let other_last = format!("Invited{lang}");
    let other = format!("Yann {other_last}");
    let other_email = format!("yann.{lang}@people.example");
    invited(journey, &client, "Yann", &other_last, &other_email).await;

    // Settings › Portal users, in the pass's language.
    journey.open("/staff").await;
    journey.switch_console_language().await;
    follow(&journey.browser, &journey.t("nav-settings")).await;
    follow(&journey.browser, &journey.t("portal-admin-title")).await;
    assert_eq!(current_path(&journey.browser).await, "/staff/portal-users");
    see(&journey.browser, &name).await;
    journey.visit("portal-users").await;

    // A search by name: only them, pending.
    let browser = journey.browser.clone();
    fill(&browser, &journey.t("portal-admin-search-label"), first).await;
    press(&browser, &journey.t("portal-admin-search-button")).await;
    see(&browser, &name).await;
    assert!(
        current_path(&browser).await.contains("q="),
        "the search is in the address"
    );
    assert!(
        !page_text(&browser).await.contains(&other),
        "the search leaves out {other}"
    );
    let row = row_text(journey, &name).await;
    assert!(
        row.contains(&journey.t("contact-users-state-pending")) && row.contains(&email),
        "the row shows the address and the pending state: {row:?}"
    );
    journey.visit("portal-users-search").await;

    // Among the pending, the invited one: Resend activation, then Remove.
    choose(
        &browser,
        &journey.t("portal-admin-state-label"),
        &journey.t("portal-admin-state-pending"),
    )
    .await;
    fill(
        &browser,
        &journey.t("portal-admin-search-label"),
        &other_last,
    )
    .await;
    press(&browser, &journey.t("portal-admin-search-button")).await;
    let row = row_text(journey, &other).await;
    assert!(
        row.contains(&journey.t("contact-users-state-invited")),
        "an invited user counts as pending: {row:?}"
    );
    assert!(
        current_path(&browser).await.contains("state=pending"),
        "the filter is in the address"
    );
    resend(journey, &other, &other_email).await;
    remove(journey, &other, &other_email).await;
    fill(
        &browser,
        &journey.t("portal-admin-search-label"),
        &other_last,
    )
    .await;
    press(&browser, &journey.t("portal-admin-search-button")).await;
    see(&browser, &journey.t("portal-admin-none")).await;
}

/// **Resend activation** on the row: the page says so, and a mail arrives.
async fn resend(journey: &mut Journey, name: &str, email: &str) {
    let browser = journey.browser.clone();
    let before = mails_to(journey, email);
    press(
        &browser,
        &journey.t_with("portal-admin-resend-for", &[("name", Arg::from(name))]),
    )
    .await;
    see(&browser, &journey.t("flash-portal-admin-resent")).await;
    eventually("the activation mail", || async {
        (mails_to(journey, email) > before).then_some(())
    })
    .await
    .unwrap_or_else(|error| panic!("{error}"));
    journey.visit("portal-users-resent").await;
}

/// **Remove** on the row → the confirmation page → **Remove** → the banner of what was
/// revoked.
async fn remove(journey: &mut Journey, name: &str, email: &str) {
    let browser = journey.browser.clone();
    let remove = journey.t_with("portal-admin-remove-for", &[("name", Arg::from(name))]);
    let target = link(&browser, &remove).await;
    frontdesk_browser_tests::ui::click_and_load(&browser, &target).await;
    see(
        &browser,
        &journey.t_with("portal-admin-remove-title", &[("name", Arg::from(name))]),
    )
    .await;
    assert!(
        page_text(&browser).await.contains(email),
        "the confirmation names the address"
    );
    journey.visit("portal-users-remove").await;
    let confirm = browser
        .find(Locator::Css("main form button[type=submit]"))
        .await
        .expect("the confirmation's button");
    assert_eq!(
        confirm.text().await.expect("its label"),
        journey.t("portal-admin-remove-confirm")
    );
    frontdesk_browser_tests::ui::click_and_load(&browser, &confirm).await;

    // The banner says what was revoked; the person is gone from the list.
    let banner = browser
        .find(Locator::Css("[role=status]"))
        .await
        .expect("the removal's banner")
        .text()
        .await
        .expect("its text");
    let counts = removal_counts(&browser.current_url().await.expect("the list's address"));
    let expected = journey.t_with(
        "portal-admin-removed",
        &[
            ("name", Arg::from(name)),
            ("sessions", Arg::from(counts[0])),
            ("grants", Arg::from(counts[1])),
            ("client_links", Arg::from(counts[2])),
            ("tokens", Arg::from(counts[3])),
        ],
    );
    assert_eq!(banner.trim(), expected, "the banner reports the removal");
    assert!(counts[3] >= 1, "the unused activation links are cancelled");
    assert_eq!(counts[2], 1, "the client link is removed");
    journey.visit("portal-users-removed").await;
}

/// The sessions, grants, client links and links the removal reported, from the list's
/// address.
fn removal_counts(url: &reqwest::Url) -> [u64; 4] {
    let count = |key: &str| {
        url.query_pairs()
            .find(|(name, _)| name == key)
            .and_then(|(_, value)| value.parse().ok())
            .unwrap_or_else(|| panic!("the list's address carries {key}: {url}"))
    };
    [
        count("sessions"),
        count("grants"),
        count("client_links"),
        count("tokens"),
    ]
}
