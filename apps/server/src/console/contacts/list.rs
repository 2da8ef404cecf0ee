//! `GET /staff/contacts`: the organisation's contacts, searched by name or email (`q`), a
//! numbered page at a time (`page`). The search box submits itself while typing when
//! JavaScript runs, and with its button when it does not.

use axum::extract::{Query, State};
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_contacts::{ContactSearchPage, SearchContactsError};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use crate::console::contacts::{contact_path, may_list};
use crate::console::frame::{self, Section};
use crate::console::search_list::{ListQuery, SearchList};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Contacts per page.
const PER_PAGE: u32 = 25;

/// Where the list lives and how its strings are keyed.
const LIST: SearchList = SearchList {
    path: "/staff/contacts",
    prefix: "contacts",
};

/// `GET /staff/contacts`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if !may_list(&console) {
        return frame::forbidden(&console);
    }
    let query = ListQuery::from_pairs(&pairs);
    let found = match app
        .contacts
        .search_contacts(&console.actor, query.text.clone(), query.page, PER_PAGE)
        .await
    {
        Ok(found) => found,
        Err(SearchContactsError::Forbidden(_)) => return frame::forbidden(&console),
        Err(SearchContactsError::Repository(error)) => return internal_error(&error),
    };
    let t = console.texts;
    let body = html! {
        div.toolbar {
            h1 { (t.get("contacts-title")) }
            @if console.may(Permission::ManageContacts) {
                p { a.button href="/staff/contacts/new" { (t.get("contacts-new")) } }
            }
        }
        (LIST.search_form(t, &query))
        (results(t, &query, &found))
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Contacts,
        &t.get("contacts-title"),
        &body,
    )
}

fn results(t: Texts, query: &ListQuery, found: &ContactSearchPage) -> Markup {
    html! {
        p.hint role="status" { (t.with("contacts-count", &[("count", Arg::from(found.total))])) }
        @if found.rows.is_empty() {
            @if let Some(text) = &query.text {
                p { (t.with("contacts-none-matching", &[("query", Arg::from(text.as_str()))])) }
            } @else if found.total == 0 {
                p { (t.get("contacts-none")) }
            }
        } @else {
            table.list {
                thead {
                    tr {
                        th scope="col" { (t.get("contacts-column-name")) }
                        th scope="col" { (t.get("contacts-column-email")) }
                        th scope="col" { (t.get("contacts-column-phone")) }
                    }
                }
                tbody {
                    @for contact in &found.rows {
                        tr {
                            td { a href=(contact_path(contact.id)) { (contact.full_name()) } }
                            td { (contact.email.as_str()) }
                            td { (contact.phone.as_ref().map_or("", |phone| phone.as_str())) }
                        }
                    }
                }
            }
        }
        (LIST.pagination(t, query, found.page, found.page_count()))
    }
}
