//! The router: every route, with the middleware stack around it.

use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;

use crate::http::{panic_response, redact_path, reject_oversized_bodies, security_headers};
use crate::links::{self, token_route};
use crate::openapi::ApiDoc;
use crate::pages::{self, STYLESHEET};
use crate::problem::Problem;
use crate::state::AppState;
use crate::{api, console, embed, health, portal};

/// Limits applied to every request.
#[derive(Debug, Clone, Copy)]
pub struct HttpLimits {
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
    /// Longest a request may take.
    pub request_timeout: Duration,
}

/// Builds the whole application.
pub fn router(state: AppState, limits: HttpLimits) -> Router {
    let secure = state.cookies.secure;
    let routes = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/api/v1/openapi.json", get(openapi_json))
        .nest("/api/v1", api::routes())
        .merge(console::routes())
        .merge(portal::routes())
        .merge(embed::routes(state.clone()))
        .route(
            &token_route(links::ACTION),
            get(pages::setup::show).post(pages::setup::submit),
        )
        .route(
            &token_route(links::REGISTRATION),
            get(pages::registration::show).post(pages::registration::submit),
        )
        .route(
            "/o/{org}/forms/{form}",
            get(pages::public_form::show).post(pages::public_form::submit),
        )
        .route(
            "/o/{org}/new-link",
            get(pages::public_form::show_new_link)
                .post(pages::public_form::request_new_link_for_org),
        )
        .route("/g/new-link", post(pages::public_form::request_new_link))
        .route(&token_route(links::GUEST_CASE), get(pages::guest::open))
        .route("/cases/{id}", get(pages::guest::show))
        .route("/cases/{id}/comments", post(pages::guest::comment))
        .route("/cases/{id}/edit", post(pages::guest::edit))
        .route(
            &token_route(links::SHARE),
            get(pages::share::open).post(pages::share::confirm),
        )
        .route(
            &token_route(links::UNSUBSCRIBE),
            get(pages::unsubscribe::show).post(pages::unsubscribe::unsubscribe),
        )
        .route(
            "/staff/login",
            get(pages::login::show_login).post(pages::login::login),
        )
        .route(
            "/staff/forgot",
            get(pages::staff_forgot::show_forgot).post(pages::staff_forgot::submit_forgot),
        )
        .route("/staff/logout", post(pages::login::logout))
        .route("/assets/frontdesk.css", get(stylesheet))
        .route("/assets/altcha.js", get(api::public::altcha_widget))
        .route(
            "/assets/altcha-LICENSE.txt",
            get(|| async { frontdesk_captcha::ALTCHA_LICENSE }),
        )
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/staff") }),
        )
        .fallback(fallback)
        .with_state(state);
    with_layers(routes, secure, limits)
}

/// The middleware stack around every route. The security headers wrap the timeout and
/// panic layers, so their answers (408, 500) carry the headers too.
fn with_layers(routes: Router, secure: bool, limits: HttpLimits) -> Router {
    routes
        .layer(DefaultBodyLimit::max(limits.body_limit_bytes))
        .layer(middleware::from_fn(move |request, next| {
            reject_oversized_bodies(limits.body_limit_bytes, request, next)
        }))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(middleware::from_fn(move |request, next| {
            security_headers(secure, request, next)
        }))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let request_id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %redact_path(request.uri().path()),
                        request_id = %request_id,
                    )
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn stylesheet() -> Response {
    let mut response = STYLESHEET.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    response
}

async fn fallback(request: Request) -> Response {
    if request.uri().path().starts_with("/api/") {
        Problem::not_found("route").into_response()
    } else {
        pages::not_found()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use tower::ServiceExt;

    async fn panicking_handler() -> &'static str {
        panic!("a handler bug")
    }

    fn edge_app() -> Router {
        let routes = Router::new()
            .route("/panics", get(panicking_handler))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "too late"
                }),
            );
        with_layers(
            routes,
            false,
            HttpLimits {
                body_limit_bytes: 1024,
                request_timeout: Duration::from_millis(50),
            },
        )
    }

    fn assert_security_headers(response: &Response) {
        let headers = response.headers();
        for name in [
            "content-security-policy",
            "x-content-type-options",
            "x-frame-options",
            "referrer-policy",
            "cache-control",
        ] {
            assert!(
                headers.contains_key(name),
                "{} answer lacks {name}: {headers:?}",
                response.status()
            );
        }
        let csp = headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    }

    #[tokio::test]
    async fn panic_and_timeout_answers_carry_the_security_headers() {
        let panicked = edge_app()
            .oneshot(Request::get("/panics").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(panicked.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_security_headers(&panicked);

        let timed_out = edge_app()
            .oneshot(Request::get("/slow").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(timed_out.status(), StatusCode::REQUEST_TIMEOUT);
        assert_security_headers(&timed_out);
    }
}
