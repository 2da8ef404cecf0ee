//! The portal users in the console (seed 004's Settings › Portal › Portal Users):
//! `/staff/portal-users` lists the organisation's portal users with their state and name,
//! searched by name or email and filtered by state; each row has **Resend activation** and
//! **Remove** (which asks for confirmation on its own page, then reports what it revoked in
//! a banner).
//!
//! | file | what |
//! |---|---|
//! | `list.rs` | `GET /staff/portal-users` (`?q=`, `?state=`, `?after=`) |
//! | `actions.rs` | `POST …/{id}/resend`, `GET|POST …/{id}/remove` |
//!
//! Reading needs `ViewCases`, every change `ManageContacts`, as in the JSON API. Every
//! `POST` checks the session's CSRF token first.

mod actions;
mod list;

use axum::Router;
use axum::routing::{get, post};
use frontdesk_kernel::ContactUserId;

use crate::state::AppState;

/// The page's address.
pub(crate) const PATH: &str = "/staff/portal-users";

/// The portal users' routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(list::show))
        .route("/staff/portal-users/{id}/resend", post(actions::resend))
        .route(
            "/staff/portal-users/{id}/remove",
            get(actions::confirm_remove).post(actions::remove),
        )
}

/// The portal user a path names, if it is a well-formed id.
fn user_id(raw: &str) -> Option<ContactUserId> {
    raw.parse().ok()
}
