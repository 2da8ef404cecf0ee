//! The intake form on the organisation's own website, in a real browser (headless Chromium
//! over `WebDriver`) against the real server with a real SMTP sink, on `SQLite` and on
//! `PostgreSQL`:
//!
//! the admin allows a site (a host page served by a tiny server of the test on a second
//! loopback port) under **Forms on your website**, copies both snippets from the form's
//! console page, and the host page embeds the form both ways — the `<iframe>` (sized by the
//! loader, the form filled by its labels, the ALTCHA widget solved in the frame, "check your
//! email") and the widget script (drawn in a shadow root, its own proof of work, posted to
//! the public API with an `Idempotency-Key`, field errors beside the fields, then "check
//! your email"); both confirmation mails arrive with the guest link. The same host page on
//! a third port, not allowed, cannot frame the form (the frame's document is not the form)
//! nor call the API (the browser's fetch fails, the widget says the form is not available),
//! and creates no case.

#![expect(
    clippy::too_many_lines,
    reason = "a browser journey reads best top to bottom"
)]

use frontdesk_browser_tests::journey::{script, solve_altcha};
use frontdesk_browser_tests::ui::{fill, press, see};
use frontdesk_browser_tests::{Engine, Journey, eventually};
use frontdesk_e2e::PUBLIC_BASE;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;

const ORG: &str = "acmesite";
const PASSWORD: &str = "a long admin passphrase";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_the_form_works_on_the_organisations_site_only() {
    Journey::run(Engine::Sqlite, "widget", ORG, widget_journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_the_form_works_on_the_organisations_site_only() {
    Journey::run(Engine::Postgres, "widget", ORG, widget_journey).await;
}

/// Serves `page` to every request on `listener` (a tiny HTTP/1.1 server of the test:
/// the organisation's site); ends with the test.
fn serve(listener: TcpListener, page: String) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let page = page.clone();
            tokio::spawn(async move {
                let mut request = vec![0_u8; 8192];
                let mut read = 0;
                while read < request.len() {
                    match stream.read(&mut request[read..]).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => read += n,
                    }
                    if request[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                        break;
                    }
                }
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\n\
                     content-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{page}",
                    page.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    })
}

fn host_page(iframe: &str, widget: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Acme Ltd — contact us</title>\
         <style>body{{font-family:serif;color:#600}} input,label{{all:unset}}</style></head>\
         <body><main><h1>Acme Ltd</h1>\
         <section id=\"framed\"><h2>Write to us (frame)</h2>{iframe}</section>\
         <section id=\"scripted\"><h2>Write to us (script)</h2>{widget}</section>\
         </main></body></html>"
    )
}

/// The text of the widget's shadow root on the current page ("" before it renders).
async fn widget_text(journey: &Journey) -> String {
    script(
        &journey.browser,
        "const h = document.querySelector('.frontdesk-widget');\
         return h && h.shadowRoot ? h.shadowRoot.textContent : '';",
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn wait_for_widget_text(journey: &Journey, needle: &str) {
    let found = eventually(&format!("the widget to say {needle:?}"), || async {
        widget_text(journey).await.contains(needle).then_some(())
    })
    .await;
    if let Err(error) = found {
        panic!("{error}; it says: {}", widget_text(journey).await);
    }
}

/// Types `value` into the widget's field `name` as a person would (an input event).
async fn widget_type(journey: &Journey, name: &str, value: &str) {
    let typed = journey
        .browser
        .execute(
            "const root = document.querySelector('.frontdesk-widget').shadowRoot;\
             const field = root.querySelector(`[name=\"${arguments[0]}\"]`);\
             if (!field) return false;\
             const label = root.querySelector(`label[for=\"${field.id}\"]`);\
             field.focus(); field.value = arguments[1];\
             field.dispatchEvent(new Event('input', {bubbles: true}));\
             return !!label;",
            vec![json!(name), json!(value)],
        )
        .await
        .expect("typing in the widget");
    assert_eq!(typed, json!(true), "the widget has a labelled {name} field");
}

async fn case_count(journey: &Journey) -> usize {
    journey.api(Method::GET, "/api/v1/cases", json!(null)).await["items"]
        .as_array()
        .map_or(0, Vec::len)
}

async fn widget_journey(journey: &mut Journey) {
    // The host page's two origins: one the organisation allows, one it does not.
    let allowed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let refused = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let origin_of = |listener: &TcpListener| {
        format!(
            "http://127.0.0.1:{}",
            listener.local_addr().expect("address").port()
        )
    };
    let (allowed_origin, refused_origin) = (origin_of(&allowed), origin_of(&refused));

    // The admin allows the site in the console.
    journey.admin_signs_in(PASSWORD).await;
    journey.open("/staff/settings/embed").await;
    see(&journey.browser, &journey.t("embed-settings-title")).await;
    let browser = journey.browser.clone();
    fill(
        &browser,
        &journey.t("embed-settings-origins"),
        &format!("{allowed_origin}/"),
    )
    .await;
    press(&browser, &journey.t("embed-settings-save")).await;
    see(&browser, &journey.t("flash-embed-settings-saved")).await;
    journey.visit("embed-settings").await;
    let stored = journey
        .api(Method::GET, "/api/v1/org/embed-origins", json!(null))
        .await;
    assert_eq!(stored, json!({ "origins": [allowed_origin] }));

    // Both snippets, copied from the form's console page.
    journey.open("/staff/forms/contact").await;
    see(&browser, &journey.t("embed-snippets-title")).await;
    journey.visit("form-snippets").await;
    // The console writes the public base URL; the test's server listens elsewhere.
    let base = journey.app.base.clone();
    let snippet = |id: &'static str| {
        let browser = browser.clone();
        let base = base.clone();
        async move {
            script(
                &browser,
                &format!("return document.getElementById('{id}').value;"),
            )
            .await
            .as_str()
            .expect("a snippet")
            .replace(PUBLIC_BASE, &base)
        }
    };
    let iframe = snippet("embed-snippet-iframe-code").await;
    let widget = snippet("embed-snippet-script-code").await;
    assert!(
        iframe.contains("/o/acmesite/forms/contact/embed"),
        "{iframe}"
    );
    assert!(widget.contains("data-org=\"acmesite\""), "{widget}");
    let page = host_page(&iframe, &widget);
    let _allowed_site = serve(allowed, page.clone());
    let _refused_site = serve(refused, page);

    // On the allowed site: the frame, sized by the loader, filled by its labels.
    browser
        .goto(&format!("{allowed_origin}/"))
        .await
        .expect("open the host page");
    let sized = eventually("the loader to size the frame", || async {
        script(
            &browser,
            "const f = document.querySelector('iframe[data-frontdesk-form]');\
             return f && f.style.height ? parseInt(f.style.height, 10) : 0;",
        )
        .await
        .as_i64()
        .filter(|height| *height > 300)
    })
    .await;
    assert!(sized.is_ok(), "{sized:?}");
    browser.enter_frame(0).await.expect("enter the frame");
    see(&browser, "First name").await;
    fill(&browser, "First name", "Frida").await;
    fill(&browser, "Last name", "Frame").await;
    fill(&browser, "Email", "frida@visitors.example").await;
    fill(&browser, "Subject", "Through the frame").await;
    fill(&browser, "Description", "Sent from the iframe on the site").await;
    solve_altcha(&browser).await;
    press(&browser, "Submit").await;
    see(&browser, "Thank you — check your email").await;
    browser.enter_parent_frame().await.expect("leave the frame");
    journey.visit_desktop("host-page-framed").await;
    let mail = journey
        .mail_to("frida@visitors.example", &format!("{PUBLIC_BASE}/g/"))
        .await;
    assert!(mail.contains(&format!("{PUBLIC_BASE}/g/")));

    // The widget: drawn in its shadow root, errors beside the fields, then received.
    wait_for_widget_text(journey, "First name").await;
    widget_type(journey, "first_name", "Wanda").await;
    widget_type(journey, "last_name", "Widget").await;
    widget_type(journey, "email", "not an address").await;
    widget_type(journey, "title", "Through the widget").await;
    widget_type(journey, "description", "Sent by the script on the site").await;
    submit_widget(journey).await;
    let described = eventually("an error beside the email field", || async {
        let state = script(
            &browser,
            "const root = document.querySelector('.frontdesk-widget').shadowRoot;\
             const email = root.querySelector('[name=email]');\
             const by = email.getAttribute('aria-describedby');\
             const error = by && root.getElementById(by);\
             return error && !error.hidden ? [email.getAttribute('aria-invalid'), error.textContent] : null;",
        )
        .await;
        (!state.is_null()).then_some(state)
    })
    .await
    .expect("the email's error is shown beside it");
    assert_eq!(described[0], "true", "{described}");
    assert_eq!(
        case_count(journey).await,
        1,
        "nothing created by the bad address"
    );
    widget_type(journey, "email", "wanda@visitors.example").await;
    submit_widget(journey).await;
    wait_for_widget_text(journey, "check your email").await;
    journey.visit_desktop("host-page-widget-sent").await;
    let mail = journey
        .mail_to("wanda@visitors.example", &format!("{PUBLIC_BASE}/g/"))
        .await;
    assert!(mail.contains(&format!("{PUBLIC_BASE}/g/")));
    let cookies = script(&browser, "return document.cookie;").await;
    assert_eq!(cookies, json!(""), "no cookie on the host page");
    assert_eq!(case_count(journey).await, 2);

    // The same page on a site the organisation does not allow.
    browser
        .goto(&format!("{refused_origin}/"))
        .await
        .expect("open the other host page");
    wait_for_widget_text(journey, "This form is not available here.").await;
    let fetched: Value = script(
        &browser,
        &format!(
            "return fetch('{base}/api/v1/public/orgs/{ORG}/forms/contact/cases', {{\
               method: 'POST', credentials: 'omit',\
               headers: {{'Content-Type': 'application/json', 'Idempotency-Key': 'x-1'}},\
               body: JSON.stringify({{first_name: 'E', last_name: 'Vil', email: 'e@vil.example', title: 't', description: 'd'}})\
             }}).then(() => 'answered', error => 'failed: ' + error.name);"
        ),
    )
    .await;
    assert_eq!(
        fetched,
        json!("failed: TypeError"),
        "the browser refuses the call"
    );
    // Chromium puts an error page in a frame its CSP refuses: not the form.
    browser.enter_frame(0).await.expect("enter the frame");
    let framed = eventually("the refused frame to settle", || async {
        let state = script(
            &browser,
            "return document.readyState === 'complete' ? \
               [location.href, !!document.querySelector('input[name=first_name]')] : null;",
        )
        .await;
        (!state.is_null()).then_some(state)
    })
    .await
    .expect("the frame settles");
    assert_eq!(
        framed[1],
        json!(false),
        "the frame does not show the form: {framed}"
    );
    browser.enter_parent_frame().await.expect("leave the frame");
    assert_eq!(
        case_count(journey).await,
        2,
        "nothing created from the other site"
    );
}

/// Presses the widget's submit button.
async fn submit_widget(journey: &Journey) {
    let pressed = script(
        &journey.browser,
        "const b = document.querySelector('.frontdesk-widget').shadowRoot.querySelector('button[type=submit]');\
         if (!b) return false; b.click(); return true;",
    )
    .await;
    assert_eq!(pressed, json!(true));
}
