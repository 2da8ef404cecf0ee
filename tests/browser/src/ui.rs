//! Using a page as a person does: by the visible text of links and buttons and by the label
//! of each field, waiting (with a deadline) for what the click brings.

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::wait::{DEADLINE, eventually};

/// `text` as an `XPath` 1.0 string literal (which has no escapes: a text with both quote kinds
/// becomes a `concat()`).
pub fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// `XPath` of a button (or submit input) whose visible text is `label`.
pub fn button_xpath(label: &str) -> String {
    let text = xpath_literal(label);
    format!(
        "//button[normalize-space()={text} or @aria-label={text}]{USABLE} \
         | //input[(@type='submit' or @type='button') and @value={text}]{USABLE}"
    )
}

/// What a person can reach: not hidden from assistive technology and not taken out of the
/// tab order (such as a form's hidden default button).
const USABLE: &str = "[not(ancestor-or-self::*[@aria-hidden='true']) and not(@tabindex='-1')]";

/// `XPath` of a link whose visible text is `label`.
pub fn link_xpath(label: &str) -> String {
    let text = xpath_literal(label);
    format!("//a[normalize-space()={text} or @aria-label={text}]{USABLE}")
}

/// `XPath` of the panel (section, details, fieldset, form) titled `heading`: the innermost
/// one whose heading, summary or legend reads `heading`.
pub fn panel_xpath(heading: &str) -> String {
    let text = xpath_literal(heading);
    format!(
        "(//*[self::section or self::details or self::fieldset or self::form or self::article]\
           [./*[self::h1 or self::h2 or self::h3 or self::h4 or self::summary or self::legend]\
              [normalize-space()={text} or starts-with(normalize-space(), {text})]\
            or ./summary/*[normalize-space()={text}]])[last()]"
    )
}

/// Waits (up to [`DEADLINE`]) for the first element at `xpath`.
///
/// # Panics
/// When none appears, with `what` in the message.
pub async fn find_xpath(client: &Client, xpath: &str, what: &str) -> Element {
    match client
        .wait()
        .at_most(DEADLINE)
        .for_element(Locator::XPath(xpath))
        .await
    {
        Ok(element) => element,
        Err(e) => {
            let url = client
                .current_url()
                .await
                .map_or_else(|_| "?".to_owned(), |u| u.to_string());
            panic!(
                "{what} is not on {url} ({e})\nthe page reads:\n{}",
                page_text(client).await
            )
        }
    }
}

/// The link reading `label`.
pub async fn link(client: &Client, label: &str) -> Element {
    find_xpath(client, &link_xpath(label), &format!("the link {label:?}")).await
}

/// The button reading `label`.
pub async fn button(client: &Client, label: &str) -> Element {
    find_xpath(
        client,
        &button_xpath(label),
        &format!("the button {label:?}"),
    )
    .await
}

/// The panel titled `heading` (see [`panel_xpath`]).
pub async fn panel(client: &Client, heading: &str) -> Element {
    find_xpath(
        client,
        &panel_xpath(heading),
        &format!("the panel {heading:?}"),
    )
    .await
}

/// The panel titled `heading`, unfolded: a closed `<details>` is opened by clicking its
/// summary, as a person would.
///
/// # Panics
/// When there is no such panel or it does not open.
pub async fn open_panel(client: &Client, heading: &str) -> Element {
    let found = panel(client, heading).await;
    let is_details = found
        .tag_name()
        .await
        .is_ok_and(|tag| tag.eq_ignore_ascii_case("details"));
    if is_details && found.attr("open").await.ok().flatten().is_none() {
        found
            .find(Locator::Css("summary"))
            .await
            .expect("a <details> has its summary")
            .click()
            .await
            .expect("the summary is clickable");
        eventually(&format!("the panel {heading:?} to open"), || async {
            found.attr("open").await.ok().flatten().map(|_| ())
        })
        .await
        .unwrap_or_else(|error| panic!("{error}"));
    }
    found
}

/// Whether a panel titled `heading` is on the page now (no waiting).
pub async fn has_panel(client: &Client, heading: &str) -> bool {
    client
        .find(Locator::XPath(&panel_xpath(heading)))
        .await
        .is_ok()
}

/// The button reading `label` inside `scope`.
///
/// # Panics
/// When `scope` holds no such button.
pub async fn button_in(scope: &Element, label: &str) -> Element {
    let text = xpath_literal(label);
    let xpath = format!(
        ".//button[normalize-space()={text} or @aria-label={text}]{USABLE} \
         | .//input[(@type='submit' or @type='button') and @value={text}]{USABLE}"
    );
    scope
        .find(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|e| panic!("no button {label:?} in the panel: {e}"))
}

/// The form control labelled `label` (by `<label for>`, a wrapping `<label>`, or
/// `aria-label`), in the whole page or inside `scope`. A label may carry more after the
/// text, such as a "required" mark.
///
/// # Panics
/// When no control has that label.
pub async fn field_in(client: &Client, scope: Option<&Element>, label: &str) -> Element {
    let text = xpath_literal(label);
    let prefix = if scope.is_some() { "." } else { "" };
    // Exact labels first, then labels that go on after the text.
    let label_xpaths = [
        format!("{prefix}//label[normalize-space()={text}]"),
        format!("{prefix}//label[starts-with(normalize-space(), {text})]"),
    ];
    let found = eventually(&format!("the field labelled {label:?}"), || async {
        let mut labels = Vec::new();
        for label_xpath in &label_xpaths {
            let found = match scope {
                Some(scope) => scope.find_all(Locator::XPath(label_xpath)).await.ok()?,
                None => client.find_all(Locator::XPath(label_xpath)).await.ok()?,
            };
            labels.extend(found);
        }
        for candidate in labels {
            if let Some(id) = candidate.attr("for").await.ok().flatten() {
                if let Ok(control) = client.find(Locator::Id(&id)).await {
                    return Some(control);
                }
            } else if let Ok(control) = candidate
                .find(Locator::XPath(".//input | .//select | .//textarea"))
                .await
            {
                return Some(control);
            }
        }
        let aria = format!(
            "{prefix}//*[(self::input or self::select or self::textarea) and @aria-label={text}]"
        );
        match scope {
            Some(scope) => scope.find(Locator::XPath(&aria)).await.ok(),
            None => client.find(Locator::XPath(&aria)).await.ok(),
        }
    })
    .await;
    match found {
        Ok(control) => control,
        Err(error) => panic!("{error}\nthe page reads:\n{}", page_text(client).await),
    }
}

/// The form control labelled `label` anywhere on the page.
pub async fn field(client: &Client, label: &str) -> Element {
    field_in(client, None, label).await
}

/// Replaces the text of `control` with `text`.
///
/// # Panics
/// When the control does not take text.
pub async fn type_text(control: &Element, text: &str) {
    control.clear().await.expect("the field can be cleared");
    control
        .send_keys(text)
        .await
        .expect("the field takes the text");
}

/// Types `text` into the field labelled `label`.
pub async fn fill(client: &Client, label: &str, text: &str) {
    type_text(&field(client, label).await, text).await;
}

/// Picks the option reading `option` in `select`.
///
/// # Panics
/// When there is no such option.
pub async fn choose_in(select: &Element, option: &str) {
    let text = xpath_literal(option);
    select
        .find(Locator::XPath(&format!(
            ".//option[normalize-space()={text}]"
        )))
        .await
        .unwrap_or_else(|e| panic!("no option {option:?}: {e}"))
        .click()
        .await
        .expect("the option can be picked");
}

/// Picks `option` in the list labelled `label`.
pub async fn choose(client: &Client, label: &str, option: &str) {
    choose_in(&field(client, label).await, option).await;
}

/// Ticks (`on`) or unticks the checkbox `control`.
///
/// # Panics
/// When it cannot be clicked.
pub async fn set_checked(control: &Element, on: bool) {
    let checked = control
        .prop("checked")
        .await
        .expect("a checkbox")
        .is_some_and(|value| value == "true");
    if checked != on {
        control.click().await.expect("the checkbox can be clicked");
    }
}

/// Clicks `element` and waits until the page it leads to has loaded (the current document
/// is replaced and the new one is complete).
///
/// # Panics
/// When no new page has loaded by the deadline.
pub async fn click_and_load(client: &Client, element: &Element) {
    client
        .execute("window.__fdLeaving = true; return true;", vec![])
        .await
        .expect("the page runs scripts");
    if let Err(error) = element.click().await {
        // A page that navigated on its own first (such as a live search submitting itself)
        // leaves a stale element behind: fine, the next page is what was wanted.
        let left = client
            .execute("return window.__fdLeaving !== true;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        assert!(left, "the element is not clickable: {error}");
    }
    let loaded = eventually("the next page to load", || async {
        client
            .execute(
                "return window.__fdLeaving !== true && document.readyState === 'complete';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .filter(|loaded| *loaded)
    })
    .await;
    if let Err(error) = loaded {
        panic!("{error}\nthe page reads:\n{}", page_text(client).await);
    }
}

/// Clicks the link reading `label` and waits for its page.
pub async fn follow(client: &Client, label: &str) {
    let target = link(client, label).await;
    click_and_load(client, &target).await;
}

/// Clicks the button reading `label` and waits for the page it answers with.
pub async fn press(client: &Client, label: &str) {
    let target = button(client, label).await;
    click_and_load(client, &target).await;
}

/// The visible text of the page's body.
pub async fn page_text(client: &Client) -> String {
    client
        .execute(
            "return document.body ? document.body.innerText : '';",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Waits until the page's visible text contains `text`.
///
/// # Panics
/// When it does not by the deadline.
pub async fn see(client: &Client, text: &str) {
    let seen = eventually(&format!("{text:?} on the page"), || async {
        page_text(client).await.contains(text).then_some(())
    })
    .await;
    if let Err(error) = seen {
        panic!("{error}\nthe page reads:\n{}", page_text(client).await);
    }
}

/// The path (and query) of the current page.
///
/// # Panics
/// When the session has no current page.
pub async fn current_path(client: &Client) -> String {
    let url = client.current_url().await.expect("a current page");
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// The `lang` of the current page's `<html>`.
pub async fn page_language(client: &Client) -> Option<String> {
    client
        .execute("return document.documentElement.lang || null;", vec![])
        .await
        .ok()
        .and_then(|v: Value| v.as_str().map(str::to_owned))
}
