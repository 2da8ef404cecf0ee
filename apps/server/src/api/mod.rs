//! The staff JSON API under `/api/v1`.

pub mod mail;
pub mod org;
pub mod public;
pub mod staff;

use axum::Router;
use axum::routing::{delete, get, patch, post};

use crate::state::AppState;

/// Routes of the staff JSON API (mounted under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/org", get(org::organisation))
        .route("/me", get(org::me))
        .route(
            "/staff-users",
            post(staff::create_staff_user).get(staff::list_staff_users),
        )
        .route("/staff-users/{id}", patch(staff::update_staff_user))
        .route(
            "/staff-users/{id}/api-tokens",
            post(staff::create_api_token),
        )
        .route("/api-tokens/{id}", delete(staff::revoke_api_token))
        .route(
            "/mail-templates/{kind}/{language}",
            get(mail::get_template)
                .put(mail::put_template)
                .delete(mail::delete_template),
        )
        .route(
            "/mail-templates/{kind}/{language}/preview",
            post(mail::preview_template),
        )
        .route("/mail/test", post(mail::send_test_mail))
        .route("/mail/dead", get(mail::list_dead))
        .route("/mail/dead/{id}/retry", post(mail::retry_dead))
        .route("/public/captcha", get(public::captcha_challenge))
}
