//! `/staff/clients…`: the organisation's clients (customer companies). Staff list and
//! search them, create one, and open a client's page (rename it; its contacts; its cases).
//!
//! The pages check what the JSON API checks: listing and reading need `ManageContacts` or
//! `ViewCases`; creating and renaming need `ManageContacts`; the client's cases show to
//! members who view cases.

mod create;
mod list;
mod page;

use std::str::FromStr;

use axum::Router;
use axum::routing::{get, post};
use frontdesk_access::Permission;
use frontdesk_kernel::ClientId;

use crate::console::session::Console;
use crate::state::AppState;

/// The clients routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/clients", get(list::show))
        .route("/staff/clients/new", get(create::show).post(create::submit))
        .route("/staff/clients/{id}", get(page::show))
        .route("/staff/clients/{id}/name", post(page::rename))
}

/// Whether the member may list, search and read clients (as `search_clients` decides).
fn may_read(console: &Console) -> bool {
    console.may(Permission::ManageContacts) || console.may(Permission::ViewCases)
}

/// The client a path names, if it is a well-formed id.
fn client_id(raw: &str) -> Option<ClientId> {
    ClientId::from_str(raw).ok()
}

/// The page of client `id`.
fn client_path(id: ClientId) -> String {
    format!("/staff/clients/{}", id.as_uuid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_ids_name_a_client() {
        let id = client_id("0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d").expect("an id");
        assert_eq!(
            client_path(id),
            "/staff/clients/0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d"
        );
        for bad in ["", "new", "42", "0192f5a0-8f3e-7a1b-9c2d", "../cases"] {
            assert!(client_id(bad).is_none(), "{bad}");
        }
    }
}
