//! The cases part of the console: the searchable list (`/staff/cases`) and the case page
//! (`/staff/cases/{id}`) with its panels — details, contacts, timeline, status, assignee,
//! guest access and "Share case publicly" — and the `POST`s behind them.
//!
//! | file | what |
//! |---|---|
//! | `query.rs` | the list's query string: parsing, links, the "n–m of total" range (pure) |
//! | `list.rs` | `GET /staff/cases` |
//! | `page.rs` | `GET /staff/cases/{id}`: loads the case, renders the summary and the panels |
//! | `panels.rs` | the Details, Contacts, Status, Assignee and Guest access panels |
//! | `timeline.rs` | the Timeline panel and its reply form |
//! | `input.rs` | what a person typed into a case page form, with the errors to show |
//! | `actions.rs` | the case page's `POST`s (details, comment, status, assignee, contacts, guest access) |
//! | `share.rs` | the "Share case publicly" panel |
//! | `share_actions.rs` | its `POST`s: create a link, email it, revoke one |
//!
//! Every `POST` checks the session's CSRF token first (a stale form changes nothing and comes
//! back with "This form expired"), then the member's permissions, then calls the domain's use
//! case — the same one the JSON API calls — and answers 303 back to the case page with a
//! flash message; invalid input re-renders the page (422) with what was typed and the error
//! beside its field.

mod actions;
mod input;
mod list;
mod page;
mod panels;
mod query;
mod share;
mod share_actions;
mod timeline;

use axum::Router;
use axum::response::Response;
use axum::routing::{get, post};
use frontdesk_cases::{CaseStatus, Priority};
use frontdesk_kernel::CaseId;
use frontdesk_l10n::Texts;
use time::OffsetDateTime;

use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::machine_time;
use crate::state::AppState;

/// The routes of the cases part of the console.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/cases", get(list::show))
        .route("/staff/cases/{id}", get(page::show))
        .route("/staff/cases/{id}/details", post(actions::save_details))
        .route("/staff/cases/{id}/comments", post(actions::add_comment))
        .route("/staff/cases/{id}/status", post(actions::change_status))
        .route("/staff/cases/{id}/assignee", post(actions::assign))
        .route(
            "/staff/cases/{id}/contacts",
            post(actions::associate_contact),
        )
        .route(
            "/staff/cases/{id}/guest-access/reissue",
            post(actions::reissue_guest_access),
        )
        .route(
            "/staff/cases/{id}/guest-access/revoke",
            post(actions::revoke_guest_access),
        )
        .route("/staff/cases/{id}/share-links", post(share_actions::create))
        .route(
            "/staff/cases/{id}/share-links/{link}/email",
            post(share_actions::email),
        )
        .route(
            "/staff/cases/{id}/share-links/{link}/revoke",
            post(share_actions::revoke),
        )
}

/// The case id in a path segment; `None` for anything that is not a UUID (such an address
/// names no case, and answers the same 404 as a case of another organisation).
fn case_id(raw: &str) -> Option<CaseId> {
    raw.parse().ok()
}

/// The console address of a case's page.
fn case_path(id: CaseId) -> String {
    format!("/staff/cases/{id}")
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

/// A status in the member's language.
fn status_label(t: Texts, status: CaseStatus) -> String {
    t.get(&format!("status-{}", status.as_str()))
}

/// A priority in the member's language.
fn priority_label(t: Texts, priority: Priority) -> String {
    t.get(&format!("priority-{}", priority.as_str()))
}

/// The console's 404 page in the cases section.
fn not_found(console: &Console) -> Response {
    frame::not_found(console, Section::Cases)
}

/// The 303 back to a case page after a form whose CSRF token is stale: nothing changed.
fn form_expired(app: &AppState, id: CaseId) -> Response {
    redirect_with(
        &app.cookies,
        &case_path(id),
        Tone::Failure,
        "flash-form-expired",
    )
}

/// The 303 back to a case page showing `key`.
fn back(app: &AppState, id: CaseId, tone: Tone, key: &str) -> Response {
    redirect_with(&app.cookies, &case_path(id), tone, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_uuids_name_cases() {
        assert!(case_id("0190a0f0-0000-7000-8000-000000000001").is_some());
        for bad in [
            "",
            "42",
            "not-a-uuid",
            "0190a0f0-0000-7000-8000-00000000000g",
        ] {
            assert!(case_id(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn times_read_the_same_in_every_language() {
        let at = time::macros::datetime!(2026-01-08 10:05:09 +02:00);
        assert_eq!(when(at), "2026-01-08 08:05 UTC");
        assert_eq!(machine_time(at), "2026-01-08T08:05:09Z");
    }
}
