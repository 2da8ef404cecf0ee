//! Server-rendered HTML pages: the shared layout and the pages for people.

pub mod activation;
pub(crate) mod brand;
pub mod guest;
pub mod i18n;
pub mod invitation;
pub mod login;
pub mod public_form;
pub mod registration;
pub mod setup;
pub mod share;
mod staff_activation;
pub mod staff_forgot;
pub mod unsubscribe;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use frontdesk_kernel::Language;
use maud::{DOCTYPE, Markup, html};

use self::brand::Brand;

/// Inline-free stylesheet, served from `/assets/frontdesk.css`.
pub const STYLESHEET: &str = include_str!("frontdesk.css");

/// Wraps `body` in the page layout, in `language`.
pub fn layout(language: Language, title: &str, body: &Markup) -> Markup {
    page_markup(language, title, body, false, None)
}

/// Wraps `body` in the page layout of an organisation's external page: its brand's header
/// (logo and title), colour and window title; `widget` loads the ALTCHA widget script.
pub(crate) fn branded_layout(
    language: Language,
    brand: &Brand<'_>,
    title: &str,
    body: &Markup,
    widget: bool,
) -> Markup {
    page_markup(language, title, body, widget, Some(brand))
}

/// An organisation's external page with a status code (see [`branded_layout`]).
pub(crate) fn branded_page(
    status: StatusCode,
    language: Language,
    brand: &Brand<'_>,
    title: &str,
    body: &Markup,
) -> Response {
    let markup = branded_layout(language, brand, title, body, false);
    (status, Html(markup.into_string())).into_response()
}

fn page_markup(
    language: Language,
    title: &str,
    body: &Markup,
    widget: bool,
    brand: Option<&Brand<'_>>,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(language.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · " (brand.map_or("Frontdesk", |brand| brand.title)) }
                link rel="stylesheet" href="/assets/frontdesk.css";
                @if let Some(brand) = brand {
                    (brand.head())
                }
                @if widget {
                    script src="/assets/altcha.js" defer {}
                }
            }
            body {
                @if let Some(brand) = brand {
                    (brand.header())
                }
                main { (body) }
            }
        }
    }
}

/// A page with a status code.
pub fn page(status: StatusCode, language: Language, title: &str, body: &Markup) -> Response {
    (status, Html(layout(language, title, body).into_string())).into_response()
}

/// A plain message page (errors, expired links) with a next step.
pub fn message(
    status: StatusCode,
    title: &str,
    text: &str,
    next: Option<(&str, &str)>,
) -> Response {
    let body = html! {
        h1 { (title) }
        p { (text) }
        @if let Some((href, label)) = next {
            p { a href=(href) { (label) } }
        }
    };
    page(status, Language::En, title, &body)
}

/// The 404 page for people.
pub fn not_found() -> Response {
    message(
        StatusCode::NOT_FOUND,
        "Page not found",
        "There is nothing at this address.",
        None,
    )
}

/// The page shown when something failed on our side. The cause is logged, not shown. A
/// database that is unavailable answers 503 with `Retry-After` (try again shortly), as the
/// API's problem documents do; anything else 500.
pub fn internal_error(cause: &(dyn std::error::Error + 'static)) -> Response {
    if frontdesk_kernel::RepositoryError::is_unavailable_cause(cause) {
        tracing::error!(error = %cause, "page failed: the database is unavailable");
        let mut response = message(
            StatusCode::SERVICE_UNAVAILABLE,
            "Temporarily unavailable",
            "The service is briefly unavailable. Please try again in a moment.",
            None,
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        return response;
    }
    tracing::error!(error = %cause, "page failed");
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "The problem was logged. Please try again in a few minutes.",
        None,
    )
}

/// The language a visitor's browser asks for (`Accept-Language`, by quality), among those
/// Frontdesk speaks; English when it asks for none of them.
pub(crate) fn preferred_language(headers: &axum::http::HeaderMap) -> Language {
    let Some(accepted) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
    else {
        return Language::En;
    };
    let mut best: Option<(f32, Language)> = None;
    for item in accepted.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let quality = parts
            .find_map(|part| part.trim().strip_prefix("q="))
            .and_then(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or_default();
        if let Ok(language) = Language::parse(primary)
            && quality > 0.0
            && best.is_none_or(|(q, _)| quality > q)
        {
            best = Some((quality, language));
        }
    }
    best.map_or(Language::En, |(_, language)| language)
}

/// A time as a `<time datetime>` attribute holds it: RFC 3339 in UTC
/// (`2026-11-01T09:00:00Z`), the one format of every page.
pub(crate) fn machine_time(at: time::OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Asserts that every `datetime="…"` attribute of `html` is RFC 3339, and that there is one.
#[cfg(test)]
pub(crate) fn assert_machine_times(html: &str) {
    let values: Vec<&str> = html
        .split("datetime=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(!values.is_empty(), "no datetime attribute in {html}");
    for value in values {
        assert!(
            time::OffsetDateTime::parse(value, &time::format_description::well_known::Rfc3339)
                .is_ok(),
            "datetime={value:?} is not RFC 3339"
        );
    }
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, header};
    use frontdesk_kernel::Language;
    use time::macros::datetime;

    use super::{assert_machine_times, machine_time, preferred_language};

    #[test]
    fn machine_times_are_rfc_3339_in_utc() {
        assert_eq!(
            machine_time(datetime!(2026-11-01 9:00 UTC)),
            "2026-11-01T09:00:00Z"
        );
        assert_eq!(
            machine_time(datetime!(2026-11-01 11:30:05 +02:00)),
            "2026-11-01T09:30:05Z"
        );
        assert_machine_times(&format!(
            "<time datetime=\"{}\">1 Nov</time>",
            machine_time(datetime!(2026-11-01 9:00 UTC))
        ));
    }

    #[test]
    #[should_panic(expected = "is not RFC 3339")]
    fn the_display_format_is_refused() {
        assert_machine_times("<time datetime=\"2026-11-01 9:00:00.0 +00:00:00\">x</time>");
    }

    fn asking(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn the_best_spoken_language_of_the_browser_wins() {
        assert_eq!(preferred_language(&HeaderMap::new()), Language::En);
        assert_eq!(
            preferred_language(&asking("fr-CA,fr;q=0.9,en;q=0.8")),
            Language::Fr
        );
        assert_eq!(
            preferred_language(&asking("de-DE,en;q=0.5,fr;q=0.7")),
            Language::Fr
        );
        assert_eq!(preferred_language(&asking("de, sv")), Language::En);
        assert_eq!(preferred_language(&asking("fr;q=0, en")), Language::En);
        assert_eq!(preferred_language(&asking("en-GB")), Language::En);
    }
}
