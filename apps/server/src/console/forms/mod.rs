//! `/staff/forms…`: the organisation's intake forms, for members who manage forms (admins
//! and case admins; anyone else typing the address gets the 403 page). List them, create
//! one, and edit one: its fields (which, required, order, sections), default language,
//! guest-edit statuses, contact notifications and the **Share Case Publicly** addon.

mod create;
mod edit;
mod editor;
mod list;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

/// The forms routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/forms", get(list::show))
        .route("/staff/forms/new", get(create::show).post(create::submit))
        .route("/staff/forms/{slug}", get(edit::show).post(edit::save))
}

/// The console page of form `slug`.
fn form_path(slug: &str) -> String {
    format!("/staff/forms/{slug}")
}

/// The public page of form `slug` of organisation `org`.
fn public_path(org: &str, slug: &str) -> String {
    format!("/o/{org}/forms/{slug}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(form_path("contact"), "/staff/forms/contact");
        assert_eq!(public_path("acme", "contact"), "/o/acme/forms/contact");
    }
}
