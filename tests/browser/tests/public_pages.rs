//! The public pages in a real browser (headless Chromium over `WebDriver`) against the real
//! server on SQLite with a real SMTP sink: the ALTCHA widget solves its challenge under the
//! page's CSP, the guest submits the form, follows the emailed link to a clean case URL,
//! folds and unfolds the panels and comments; a French form renders in French.

#![expect(
    clippy::too_many_lines,
    reason = "an end-to-end scenario reads best top to bottom"
)]

use fantoccini::{Client, Locator};
use frontdesk_browser_tests::journey::{altcha_diagnostics, script, solve_altcha};
use frontdesk_browser_tests::screenshot::save_screenshot;
use frontdesk_browser_tests::{DEADLINE, Engine, Journey, before_every_page, eventually};
use frontdesk_e2e::PUBLIC_BASE;
use frontdesk_mail::test_support::parse_headers;
use serde_json::json;

/// Collects CSP violations from the very start of every page, for failure reports.
const CSP_RECORDER: &str = "window.__fdCsp = [];\
    document.addEventListener('securitypolicyviolation', (e) => {\
      window.__fdCsp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)')\
        + ' at ' + e.sourceFile + ':' + e.lineNumber);\
    });";

/// The text of the element `css` (which must exist).
async fn text_of(browser: &Client, css: &str) -> String {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is on the page: {e}"))
        .text()
        .await
        .expect("element text")
}

async fn lang_of_page(browser: &Client) -> Option<String> {
    browser
        .find(Locator::Css("html"))
        .await
        .expect("<html>")
        .attr("lang")
        .await
        .expect("lang attribute")
}

async fn type_into(browser: &Client, css: &str, text: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} is on the page: {e}"))
        .send_keys(text)
        .await
        .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
}

async fn is_open(details: &fantoccini::elements::Element) -> bool {
    details
        .attr("open")
        .await
        .expect("open attribute")
        .is_some()
}

/// Clicks the `summary` of the `index`th `<details>` and waits until its `open` flips.
async fn toggle_panel(browser: &Client, index: usize) -> bool {
    let panels = browser
        .find_all(Locator::Css("main details"))
        .await
        .expect("panels");
    let panel = &panels[index];
    let before = is_open(panel).await;
    panel
        .find(Locator::Css("summary"))
        .await
        .expect("a summary")
        .click()
        .await
        .expect("the summary is clickable");
    eventually("the panel to toggle", || async {
        (is_open(panel).await != before).then_some(())
    })
    .await
    .expect("clicking a summary toggles its panel");
    !before
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_guest_uses_the_public_pages_in_a_real_browser() {
    Journey::run(Engine::Sqlite, "public_pages", "browsing", guest_journey).await;
}

/// The form, the widget, the mail's link, the case page, and a French form.
async fn guest_journey(journey: &mut Journey) {
    let (app, org, sink) = (&journey.app, &journey.org, &journey.sink);
    let created = app
        .client
        .post(app.url("/api/v1/forms"))
        .bearer_auth(&org.token)
        .json(&json!({"slug": "fr", "name": "Nous contacter", "default_language": "fr"}))
        .send()
        .await
        .expect("create the French form");
    assert!(created.status().is_success(), "{:?}", created.text().await);

    let browser = journey.browser.clone();
    before_every_page(&browser, CSP_RECORDER).await;

    // 1. The English form: language, labels, and the widget solving under the page's CSP.
    browser
        .goto(&app.url("/o/browsing/forms/contact"))
        .await
        .expect("open the form");
    assert_eq!(lang_of_page(&browser).await.as_deref(), Some("en"));
    for (field, label) in [
        ("first_name", "First name"),
        ("last_name", "Last name"),
        ("email", "Email"),
        ("title", "Subject"),
        ("description", "Description"),
    ] {
        let text = text_of(&browser, &format!("label[for=f-{field}]")).await;
        assert!(text.starts_with(label), "label of {field}: {text:?}");
    }
    let solution = solve_altcha(&browser).await;
    assert!(solution.len() > 20, "an ALTCHA payload: {solution:?}");
    let state = browser
        .find(Locator::Css("altcha-widget [data-state]"))
        .await
        .expect("the widget's state")
        .attr("data-state")
        .await
        .expect("data-state");
    assert_eq!(state.as_deref(), Some("verified"));
    let violations = script(&browser, "return window.__fdCsp;").await;
    assert_eq!(
        violations,
        json!([]),
        "no CSP violations\n{}",
        altcha_diagnostics(&browser).await
    );
    let path = save_screenshot(&browser, "public_pages", "contact-form", "en").await;
    assert!(std::fs::metadata(&path).expect("screenshot file").len() > 0);

    // 2. Fill in and submit.
    type_into(&browser, "#f-first_name", "Bea").await;
    type_into(&browser, "#f-last_name", "Browser").await;
    type_into(&browser, "#f-email", "Bea@Example.org").await;
    type_into(&browser, "#f-title", "Window will not close").await;
    type_into(&browser, "#f-description", "The latch broke on Friday.").await;
    browser
        .find(Locator::Css("form button[type=submit]"))
        .await
        .expect("submit button")
        .click()
        .await
        .expect("submit");
    let thanks = eventually("the thank-you page", || async {
        let heading = browser
            .find(Locator::Css("h1"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        (heading == "Thank you — check your email").then_some(heading)
    })
    .await;
    if let Err(error) = thanks {
        panic!(
            "{error}; the page says {:?}\n{}",
            browser.source().await.unwrap_or_default(),
            altcha_diagnostics(&browser).await
        );
    }

    // 3. The confirmation mail's link, in the browser.
    let mails = sink.wait_for(1, DEADLINE).await;
    let mail = mails
        .iter()
        .find(|m| {
            m.rcpt_to
                .iter()
                .any(|r| r.eq_ignore_ascii_case("bea@example.org"))
        })
        .expect("a confirmation mail to the guest");
    assert!(
        parse_headers(&mail.data)
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("subject"))
    );
    let marker = format!("{PUBLIC_BASE}/g/fdg_");
    let start = mail.data.find(&marker).expect("the mail carries the link") + PUBLIC_BASE.len();
    let rest = &mail.data[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<' || c == '>')
        .unwrap_or(rest.len());
    let link = &rest[..end];

    browser.goto(&app.url(link)).await.expect("open the link");
    let landed = browser.current_url().await.expect("current URL");
    let case_id = landed
        .path()
        .strip_prefix("/cases/")
        .unwrap_or_else(|| panic!("lands on a case page: {landed}"));
    assert!(
        uuid::Uuid::parse_str(case_id).is_ok(),
        "a case id: {landed}"
    );
    assert!(
        landed.query().is_none()
            && landed.fragment().is_none()
            && !landed.as_str().contains("fdg_"),
        "no token in the URL: {landed}"
    );
    let heading = text_of(&browser, "h1").await;
    assert!(
        heading.contains("Window will not close"),
        "the case title: {heading:?}"
    );

    // The panels fold and unfold: "Details" starts open, "Contact details" closed.
    assert!(!toggle_panel(&browser, 0).await, "Details folds");
    assert!(toggle_panel(&browser, 0).await, "Details unfolds");
    assert!(toggle_panel(&browser, 2).await, "Contact details unfolds");
    assert!(
        text_of(&browser, "main details:nth-of-type(3) dl")
            .await
            .contains("Bea@example.org"),
        "the unfolded panel shows the contact"
    );
    assert!(!toggle_panel(&browser, 2).await, "Contact details folds");

    // A comment through the form, shown after the redirect.
    type_into(&browser, "#comment", "Still draughty today.").await;
    browser
        .find(Locator::Css(
            "form[action$='/comments'] button[type=submit]",
        ))
        .await
        .expect("send button")
        .click()
        .await
        .expect("send the comment");
    let timeline = eventually("the comment on the case page", || async {
        let text = browser
            .find(Locator::Css("ol.timeline"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        text.contains("Still draughty today.").then_some(text)
    })
    .await;
    if let Err(error) = timeline {
        panic!(
            "{error}; the page says {:?}\n{}",
            browser.source().await.unwrap_or_default(),
            altcha_diagnostics(&browser).await
        );
    }
    let after = browser.current_url().await.expect("current URL");
    assert_eq!(after.path(), landed.path(), "back on the case page");

    // 4. The French form renders in French.
    browser
        .goto(&app.url("/o/browsing/forms/fr"))
        .await
        .expect("open the French form");
    assert_eq!(lang_of_page(&browser).await.as_deref(), Some("fr"));
    let label = text_of(&browser, "label[for=f-first_name]").await;
    assert!(label.starts_with("Prénom"), "French label: {label:?}");
    assert_eq!(text_of(&browser, "h1").await, "Nous contacter");
}
