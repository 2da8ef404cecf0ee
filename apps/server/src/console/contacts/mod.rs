//! `/staff/contacts…`: the people outside the organisation it knows. Staff list and search
//! them, create one, open a contact's page (its public profile and its cases), write to it
//! through the outbox and associate it with a case.
//!
//! The pages check what the JSON API checks: listing needs `ManageContacts` or `ViewCases`;
//! a contact's page, creating and writing need `ManageContacts`; associating needs
//! `EditCases` and `ManageContacts`; the contact's cases show to members who view cases.

mod actions;
mod create;
mod list;
mod messages;
mod profile;
mod widgets;

use std::str::FromStr;

use axum::Router;
use axum::routing::{get, post};
use frontdesk_access::Permission;
use frontdesk_kernel::ContactId;

use crate::console::session::Console;
use crate::state::AppState;

/// The contacts routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/contacts", get(list::show))
        .route(
            "/staff/contacts/new",
            get(create::show).post(create::submit),
        )
        .route("/staff/contacts/{id}", get(profile::show))
        .route("/staff/contacts/{id}/email", post(actions::email))
        .route("/staff/contacts/{id}/cases", post(actions::associate))
}

/// Whether the member may list and search contacts (as `search_contacts` decides).
fn may_list(console: &Console) -> bool {
    console.may(Permission::ManageContacts) || console.may(Permission::ViewCases)
}

/// The contact a path names, if it is a well-formed id.
fn contact_id(raw: &str) -> Option<ContactId> {
    ContactId::from_str(raw).ok()
}

/// The page of contact `id`.
fn contact_path(id: ContactId) -> String {
    format!("/staff/contacts/{}", id.as_uuid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_ids_name_a_contact() {
        let id = contact_id("0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d").unwrap();
        assert_eq!(
            contact_path(id),
            "/staff/contacts/0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d"
        );
        for bad in ["", "new", "42", "0192f5a0-8f3e-7a1b-9c2d", "../cases"] {
            assert!(contact_id(bad).is_none(), "{bad}");
        }
    }
}
