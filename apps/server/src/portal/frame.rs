//! The frame of an organisation's pages for its contact users: the portal's title (else the
//! organisation's name), logo and brand colour (`pages::brand`, shared with the other external
//! pages), and, once signed in, the user's name and a
//! **Sign out** button (a `POST` with the session's CSRF token). Every page of the portal
//! is private to the person reading it: none may be cached or indexed.

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use frontdesk_access::Organisation;
use frontdesk_l10n::Texts;
use maud::{DOCTYPE, Markup, html};

use crate::pages::brand::Brand;

/// The signed-in person, as the frame shows them.
#[derive(Debug, Clone)]
pub(crate) struct Who<'a> {
    /// What to call them.
    pub name: &'a str,
    /// The session's CSRF token, for the sign-out form.
    pub csrf: &'a str,
}

/// The portal's base path for `org`: `/o/{slug}`.
pub(crate) fn base(org: &Organisation) -> String {
    format!("/o/{}", org.slug.as_str())
}

fn document(
    org: &Organisation,
    t: Texts,
    who: Option<&Who<'_>>,
    title: &str,
    body: &Markup,
) -> Markup {
    let base = base(org);
    let brand = Brand::of(org);
    html! {
        (DOCTYPE)
        html lang=(t.language().code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · " (org.name.as_str()) }
                link rel="stylesheet" href="/assets/frontdesk.css";
                (brand.head())
            }
            body.portal {
                a.visually-hidden href="#content" { (t.get("portal-skip")) }
                header.topbar {
                    nav aria-label=(t.get("portal-nav")) {
                        a.brand href={ (base) "/" } { (brand.logo()) (brand.title) }
                        @if let Some(who) = who {
                            div.who {
                                span { (t.with("portal-signed-in-as", &[("name", who.name.into())])) }
                                form method="post" action={ (base) "/logout" } {
                                    input type="hidden" name="csrf" value=(who.csrf);
                                    button.secondary type="submit" { (t.get("portal-sign-out")) }
                                }
                            }
                        }
                    }
                }
                main #content { (body) }
            }
        }
    }
}

/// Marks `response` private: not stored, not indexed, no referrer.
pub(crate) fn private(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

/// A portal page answering `status`.
pub(crate) fn page(
    status: StatusCode,
    org: &Organisation,
    t: Texts,
    who: Option<&Who<'_>>,
    title: &str,
    body: &Markup,
) -> Response {
    private(
        (
            status,
            Html(document(org, t, who, title, body).into_string()),
        )
            .into_response(),
    )
}

/// A short page with a heading, a sentence and a link onwards.
pub(crate) fn message(
    status: StatusCode,
    org: &Organisation,
    t: Texts,
    who: Option<&Who<'_>>,
    (title, text): (&str, &str),
    next: (&str, &str),
) -> Response {
    let body = html! {
        h1 { (title) }
        p { (text) }
        p { a href=(next.0) { (next.1) } }
    };
    page(status, org, t, who, title, &body)
}

/// The portal's 404: no such page, or a case the person may not see (the same answer).
pub(crate) fn not_found(org: &Organisation, t: Texts, who: Option<&Who<'_>>) -> Response {
    let home = format!("{}/", base(org));
    message(
        StatusCode::NOT_FOUND,
        org,
        t,
        who,
        (
            &t.get("portal-not-found-title"),
            &t.get("portal-not-found-text"),
        ),
        (&home, &t.get("portal-back-home")),
    )
}

/// The page shown when something failed on our side; the cause is logged, not shown.
pub(crate) fn failed(
    org: &Organisation,
    t: Texts,
    who: Option<&Who<'_>>,
    cause: &dyn std::error::Error,
) -> Response {
    tracing::error!(error = %cause, "portal page failed");
    let home = format!("{}/", base(org));
    message(
        StatusCode::INTERNAL_SERVER_ERROR,
        org,
        t,
        who,
        (&t.get("portal-error-title"), &t.get("portal-error-text")),
        (&home, &t.get("portal-back-home")),
    )
}

/// A `303 See Other` to `to`, marked private.
pub(crate) fn see_other(to: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    private(response)
}
