//! CORS for the public JSON API of one organisation
//! (`/api/v1/public/orgs/{org}/…`): a browser on one of the organisation's allowed
//! origins may read the form, get a captcha challenge and send a case — without
//! credentials. Any other origin gets no CORS header at all (so the browser refuses), and
//! a request it still sends is refused before the handler runs: nothing is created.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use frontdesk_access::{EmbedOrigin, OrgSlug};

use crate::problem::Problem;
use crate::state::AppState;

/// How long a browser may cache a preflight answer, in seconds.
const PREFLIGHT_MAX_AGE: &str = "600";

/// The organisation's slug in `/api/v1/public/orgs/{org}/…`.
fn org_of(path: &str) -> Option<&str> {
    path.strip_prefix("/api/v1/public/orgs/")?.split('/').next()
}

/// The allowed origins of the organisation named by `slug` (none when it is unknown or
/// the store fails: then nobody is let in, and the failure is logged).
async fn allowed_origins(app: &AppState, slug: &str) -> (Vec<EmbedOrigin>, Option<String>) {
    let Ok(slug) = OrgSlug::parse(slug) else {
        return (Vec::new(), None);
    };
    let org = match app.access.organisation_by_slug(&slug).await {
        Ok(Some(org)) => org,
        Ok(None) => return (Vec::new(), None),
        Err(error) => {
            tracing::error!(%error, "reading an organisation for CORS failed");
            return (Vec::new(), None);
        }
    };
    let own = org.base_url.origin().ascii_serialization();
    match app.embed.origins_of(org.id).await {
        Ok(origins) => (origins, Some(own)),
        Err(error) => {
            tracing::error!(%error, "reading the embed origins failed");
            (Vec::new(), Some(own))
        }
    }
}

fn allow(headers: &mut HeaderMap, origin: &HeaderValue) {
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after"),
    );
}

fn vary_origin(headers: &mut HeaderMap) {
    headers.append(header::VARY, HeaderValue::from_static("origin"));
}

/// The CORS layer of the organisation's public API routes.
pub(crate) async fn public_cors(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let origin = request.headers().get(header::ORIGIN).cloned();
    let preflight = request.method() == Method::OPTIONS;
    let Some(origin) = origin else {
        // Not a browser's cross-origin call (curl, a server, a same-origin GET).
        if preflight {
            return StatusCode::NO_CONTENT.into_response();
        }
        let mut response = next.run(request).await;
        vary_origin(response.headers_mut());
        return response;
    };
    let slug = org_of(request.uri().path()).unwrap_or_default().to_owned();
    let (allowed, own) = allowed_origins(&app, &slug).await;
    let text = origin.to_str().unwrap_or_default();
    let is_allowed = allowed.iter().any(|allowed| allowed.matches(text));
    let is_own = own.as_deref() == Some(text);
    if preflight {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        vary_origin(headers);
        if is_allowed {
            allow(headers, &origin);
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST"),
            );
            headers.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static("content-type, idempotency-key"),
            );
            headers.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static(PREFLIGHT_MAX_AGE),
            );
        }
        return response;
    }
    if !is_allowed && !is_own {
        let mut response = Problem::origin_not_allowed().into_response();
        vary_origin(response.headers_mut());
        return response;
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    vary_origin(headers);
    if is_allowed {
        allow(headers, &origin);
    }
    response
}

/// The answer to a preflight the layer let through (it sets the headers itself).
pub(crate) async fn preflight() -> StatusCode {
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_organisation_comes_from_the_path() {
        assert_eq!(
            org_of("/api/v1/public/orgs/acme/forms/contact/cases"),
            Some("acme")
        );
        assert_eq!(org_of("/api/v1/public/orgs/acme/captcha"), Some("acme"));
        assert_eq!(org_of("/api/v1/org"), None);
    }
}
