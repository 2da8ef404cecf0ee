//! `GET /staff/clients`: the organisation's clients, searched by name (`q`), a numbered
//! page at a time (`page`), with **New client** for members who manage contacts.

use axum::extract::{Query, State};
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_contacts::{ClientSearchPage, SearchClientsError};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use crate::console::clients::{client_path, may_read};
use crate::console::frame::{self, Section};
use crate::console::search_list::{ListQuery, SearchList};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Clients per page.
const PER_PAGE: u32 = 25;

/// Where the list lives and how its strings are keyed.
const LIST: SearchList = SearchList {
    path: "/staff/clients",
    prefix: "clients",
};

/// `GET /staff/clients`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if !may_read(&console) {
        return frame::forbidden(&console);
    }
    let query = ListQuery::from_pairs(&pairs);
    let found = match app
        .contacts
        .search_clients(&console.actor, query.text.clone(), query.page, PER_PAGE)
        .await
    {
        Ok(found) => found,
        Err(SearchClientsError::Forbidden(_)) => return frame::forbidden(&console),
        Err(SearchClientsError::Repository(error)) => return internal_error(&error),
    };
    let t = console.texts;
    let body = html! {
        div.toolbar {
            h1 { (t.get("clients-title")) }
            @if console.may(Permission::ManageContacts) {
                p { a.button href="/staff/clients/new" { (t.get("clients-new")) } }
            }
        }
        (LIST.search_form(t, &query))
        (results(t, &query, &found))
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Clients,
        &t.get("clients-title"),
        &body,
    )
}

fn results(t: Texts, query: &ListQuery, found: &ClientSearchPage) -> Markup {
    html! {
        p.hint role="status" { (t.with("clients-count", &[("count", Arg::from(found.total))])) }
        @if found.rows.is_empty() {
            @if let Some(text) = &query.text {
                p { (t.with("clients-none-matching", &[("query", Arg::from(text.as_str()))])) }
            } @else if found.total == 0 {
                p { (t.get("clients-none")) }
            }
        } @else {
            table.list {
                thead {
                    tr {
                        th scope="col" { (t.get("clients-column-name")) }
                        th scope="col" { (t.get("clients-column-created")) }
                    }
                }
                tbody {
                    @for client in &found.rows {
                        tr {
                            td { a href=(client_path(client.id)) { (client.name.as_str()) } }
                            td { (client.created_at.date().to_string()) }
                        }
                    }
                }
            }
        }
        (LIST.pagination(t, query, found.page, found.page_count()))
    }
}
