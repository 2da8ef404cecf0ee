//! The public pages in a real browser (headless Chromium over `WebDriver`) against the real
//! server on SQLite with a real SMTP sink: the ALTCHA widget solves its challenge under the
//! page's CSP, the guest submits the form, follows the emailed link to a clean case URL,
//! folds and unfolds the panels and comments; a French form renders in French.

#![expect(
    clippy::too_many_lines,
    reason = "an end-to-end scenario reads best top to bottom"
)]

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use frontdesk_browser_tests::screenshot::save_screenshot;
use frontdesk_browser_tests::{Chromedriver, before_every_page, browser_log};
use frontdesk_e2e::{PUBLIC_BASE, TestApp};
use frontdesk_mail::test_support::{SinkBehaviour, SmtpSink, parse_headers};
use serde_json::{Value, json};

/// Collects CSP violations from the very start of every page, for failure reports.
const CSP_RECORDER: &str = "window.__fdCsp = [];\
    document.addEventListener('securitypolicyviolation', (e) => {\
      window.__fdCsp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)')\
        + ' at ' + e.sourceFile + ':' + e.lineNumber);\
    });";

/// How long any one thing in the browser may take.
const DEADLINE: Duration = Duration::from_secs(20);

/// Polls `probe` (every 50 ms, up to [`DEADLINE`]) until it returns `Some`.
async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + DEADLINE;
    loop {
        if let Some(found) = probe().await {
            return Ok(found);
        }
        if Instant::now() >= deadline {
            return Err(format!("timed out after {DEADLINE:?} waiting for {what}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs `script` in the page and returns its result.
async fn run(browser: &Client, script: &str) -> Value {
    browser
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script {script:?} fails: {e}"))
}

/// What the browser knows about a failure: CSP violations, console, widget state.
async fn diagnostics(browser: &Client) -> String {
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
    let console = browser_log(browser).await.join("\n  ");
    format!("page: {state}\nconsole:\n  {console}")
}

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

/// Clicks the ALTCHA checkbox and waits until the widget put its solution in the form.
async fn solve_altcha(browser: &Client) -> String {
    if let Err(error) = eventually("the altcha-widget element to be defined", || async {
        run(browser, "return !!customElements.get('altcha-widget');")
            .await
            .as_bool()
            .filter(|defined| *defined)
    })
    .await
    {
        panic!(
            "{error}: the widget script did not run\n{}",
            diagnostics(browser).await
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
        run(
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
            diagnostics(browser).await
        ),
    }
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
    let started = Instant::now();
    let Some(driver) = Chromedriver::start().await else {
        return;
    };
    let sink = SmtpSink::start(SinkBehaviour::default())
        .await
        .expect("SMTP sink starts");
    let database = frontdesk_storage::test_support::TestDatabase::sqlite().await;
    let smtp = format!("smtp://{}", sink.address());
    let app = TestApp::start_with(
        database.url(),
        &[
            ("FRONTDESK_MAIL", &smtp),
            ("FRONTDESK_WORKER_POLL_INTERVAL_MS", "20"),
            ("FRONTDESK_CAPTCHA_ALTCHA_MAX_NUMBER", "1000"),
        ],
    )
    .await;
    let org = app.bootstrap("browsing").await;
    let created = app
        .client
        .post(app.url("/api/v1/forms"))
        .bearer_auth(&org.token)
        .json(&json!({"slug": "fr", "name": "Nous contacter", "default_language": "fr"}))
        .send()
        .await
        .expect("create the French form");
    assert!(created.status().is_success(), "{:?}", created.text().await);

    let browser = driver.browser().await;
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
    let violations = run(&browser, "return window.__fdCsp;").await;
    assert_eq!(
        violations,
        json!([]),
        "no CSP violations\n{}",
        diagnostics(&browser).await
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
            diagnostics(&browser).await
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
            diagnostics(&browser).await
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

    browser.close().await.expect("the browser session ends");
    app.stop().await;
    database.cleanup().await;
    drop(driver);
    eprintln!("browser scenario took {:?}", started.elapsed());
}
