//! Contact users in the console (seed 001): a client's contact users on the client page
//! with **Add contact user**, a contact user's page (`/staff/contact-users/{id}`) with
//! **Send password**, the username, **Disable**/**Enable** and the grants panel (**Grant
//! access to all public cases** and the per-case grants), and the case page's **Who has
//! access** panel.
//!
//! | file | what |
//! |---|---|
//! | `client_section.rs` | the client page's Contact users section; `POST /staff/clients/{id}/contact-users` |
//! | `page.rs` | `GET /staff/contact-users/{id}` (`?status=open\|closed` filters the grants) |
//! | `grants_panel.rs` | the contact user page's grants panel |
//! | `actions.rs` | the contact user page's `POST`s |
//! | `access_panel.rs` | the case page's Who has access panel |
//!
//! The pages check what the JSON API checks: reading needs `ViewCases`; every change needs
//! `ManageContacts`. Every `POST` checks the session's CSRF token first, then calls the same
//! use case as the API and answers 303 back with a flash message. Neither a temporary
//! password nor a set-password link ever appears on a page: they go to the person by mail.

mod access_panel;
mod actions;
mod client_section;
mod grants_panel;
mod page;

use axum::Router;
use axum::routing::{get, post};
use frontdesk_contacts::ContactUserState;
use frontdesk_kernel::ContactUserId;
use frontdesk_l10n::Texts;
use time::OffsetDateTime;

use crate::state::AppState;

pub(crate) use access_panel::panel as access_panel;
pub(crate) use client_section::section as client_section;

/// The contact users' routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/staff/clients/{id}/contact-users",
            post(client_section::create),
        )
        .route("/staff/contact-users/{id}", get(page::show))
        .route(
            "/staff/contact-users/{id}/send-password",
            post(actions::send_password),
        )
        .route("/staff/contact-users/{id}/username", post(actions::rename))
        .route("/staff/contact-users/{id}/state", post(actions::set_state))
        .route(
            "/staff/contact-users/{id}/public-cases",
            post(actions::set_public_cases),
        )
        .route("/staff/contact-users/{id}/grants", post(actions::grant))
        .route(
            "/staff/contact-users/{id}/grants/{grant}/revoke",
            post(actions::revoke),
        )
}

/// The contact user a path names, if it is a well-formed id.
fn user_id(raw: &str) -> Option<ContactUserId> {
    raw.parse().ok()
}

/// The console page of contact user `id`.
fn user_path(id: ContactUserId) -> String {
    format!("/staff/contact-users/{id}")
}

/// A state in the member's language.
fn state_label(t: Texts, state: ContactUserState) -> String {
    t.get(&format!("contact-users-state-{}", state.as_str()))
}

/// A time as the console shows it, the same in every language: `2026-01-08 10:00 UTC`.
fn when(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_name_contact_users() {
        let id = user_id("0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d").expect("an id");
        assert_eq!(
            user_path(id),
            "/staff/contact-users/0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d"
        );
        for bad in ["", "new", "42", "../clients"] {
            assert!(user_id(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn times_read_the_same_in_every_language() {
        let at = time::macros::datetime!(2026-01-08 10:05:09 +02:00);
        assert_eq!(when(at), "2026-01-08 08:05 UTC");
    }
}
