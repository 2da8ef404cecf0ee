//! Public, unauthenticated API routes.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontdesk_kernel::CaptchaChallenge;
use serde::Serialize;
use utoipa::ToSchema;

use crate::problem::Problem;
use crate::state::AppState;

/// An ALTCHA challenge (classic v1 format, SHA-256).
#[derive(Debug, Serialize, ToSchema)]
pub struct CaptchaChallengeBody {
    /// `SHA-256`.
    pub algorithm: String,
    /// Hex SHA-256 of `salt` followed by the secret number.
    pub challenge: String,
    /// Largest number to try.
    pub maxnumber: u64,
    /// Salt, carrying `?expires=<unix>&`.
    pub salt: String,
    /// Hex HMAC-SHA-256 of `challenge`.
    pub signature: String,
}

impl From<CaptchaChallenge> for CaptchaChallengeBody {
    fn from(c: CaptchaChallenge) -> Self {
        Self {
            algorithm: c.algorithm,
            challenge: c.challenge,
            maxnumber: c.maxnumber,
            salt: c.salt,
            signature: c.signature,
        }
    }
}

/// A fresh proof-of-work challenge for the ALTCHA widget. Solutions are sent with public
/// writes in the field `altcha` and are accepted once.
///
/// # Errors
/// 404 when this server uses a third-party captcha; 503 when no challenge can be made.
#[utoipa::path(get, path = "/api/v1/public/captcha", tag = "public",
    responses(
        (status = 200, description = "A challenge", body = CaptchaChallengeBody),
        (status = 404, description = "This server uses a third-party captcha", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn captcha_challenge(State(app): State<AppState>) -> Result<Response, Problem> {
    match app.captcha.challenge().await {
        Ok(Some(challenge)) => {
            let mut response = Json(CaptchaChallengeBody::from(challenge)).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(response)
        }
        Ok(None) => Err(Problem::not_found("captcha challenge")),
        Err(error) => Err(Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "captcha-unavailable",
            "Security check unavailable",
        )
        .detail(error.to_string())),
    }
}

/// The ALTCHA widget script, served from this server (no third-party CDN).
pub async fn altcha_widget() -> Response {
    let mut response = frontdesk_captcha::ALTCHA_WIDGET_JS.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    response
}
