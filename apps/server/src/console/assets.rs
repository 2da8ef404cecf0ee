//! The console's own assets: its small script and each organisation's brand colour as a
//! stylesheet (the CSP allows no inline styles, so the colour comes from a file).

use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use frontdesk_access::OrgSlug;

use crate::state::AppState;

/// The console's enhancement script (copy buttons, live search).
pub(crate) const CONSOLE_JS: &str = include_str!("console.js");

fn with_type(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// `GET /assets/console.js`.
pub(crate) async fn console_js() -> Response {
    with_type(CONSOLE_JS.to_owned(), "text/javascript; charset=utf-8")
}

/// The stylesheet that sets `--brand` to `colour` (a validated `#rrggbb`), or nothing.
pub(crate) fn brand_stylesheet(colour: Option<&str>) -> String {
    colour.map_or_else(String::new, |colour| {
        format!(":root {{ --brand: {colour}; }}\n")
    })
}

/// `GET /assets/brand/{org}.css`: the organisation's colour; empty for an unknown slug, so
/// the page keeps the default colour and the answer says nothing about which slugs exist.
pub(crate) async fn brand_css(State(app): State<AppState>, Path(file): Path<String>) -> Response {
    let colour = match file.strip_suffix(".css").map(OrgSlug::parse) {
        Some(Ok(slug)) => match app.access.organisation_by_slug(&slug).await {
            Ok(Some(org)) => org.branding.colour.map(|c| c.as_str().to_owned()),
            Ok(None) => None,
            Err(error) => {
                tracing::warn!(%error, "brand colour unavailable");
                None
            }
        },
        _ => None,
    };
    with_type(
        brand_stylesheet(colour.as_deref()),
        "text/css; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_brand_stylesheet_sets_only_the_colour() {
        assert_eq!(
            brand_stylesheet(Some("#aa3300")),
            ":root { --brand: #aa3300; }\n"
        );
        assert_eq!(brand_stylesheet(None), "");
    }
}
