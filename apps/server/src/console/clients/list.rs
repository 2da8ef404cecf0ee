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
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Clients per page.
const PER_PAGE: u32 = 25;

/// The query of the list: the search text and the page (anything else is ignored, and a
/// page that is not a number reads as the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct ListQuery {
    /// What was typed into the search box, if anything.
    text: Option<String>,
    /// The page, from 1.
    page: u32,
}

impl ListQuery {
    /// Reads the query string's pairs.
    fn from_pairs(pairs: &[(String, String)]) -> Self {
        let find = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        Self {
            text: find("q")
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned),
            page: find("page")
                .and_then(|page| page.trim().parse::<u32>().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    /// The address of page `page` of the same search.
    fn href(&self, page: u32) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(text) = &self.text {
            query.append_pair("q", text);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            "/staff/clients".to_owned()
        } else {
            format!("/staff/clients?{query}")
        }
    }
}

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
        (search_form(t, &query))
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

fn search_form(t: Texts, query: &ListQuery) -> Markup {
    html! {
        form.card.toolbar method="get" action="/staff/clients" role="search"
            aria-label=(t.get("clients-search")) data-live-search {
            div {
                label for="clients-q" { (t.get("clients-search-label")) }
                input #clients-q type="search" name="q" autocomplete="off"
                    value=(query.text.as_deref().unwrap_or_default());
            }
            button type="submit" { (t.get("clients-search-button")) }
        }
    }
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
        (pagination(t, query, found))
    }
}

fn pagination(t: Texts, query: &ListQuery, found: &ClientSearchPage) -> Markup {
    let pages = found.page_count();
    let page = found.page;
    html! {
        @if pages > 1 || page > 1 {
            nav.pagination aria-label=(t.get("clients-pages")) {
                @if page > 1 {
                    a href=(query.href(page - 1)) rel="prev" { (t.get("clients-previous")) }
                }
                span { (t.with("clients-page-of", &[("page", Arg::from(page)), ("pages", Arg::from(pages))])) }
                @if u64::from(page) < pages {
                    a href=(query.href(page + 1)) rel="next" { (t.get("clients-next")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(raw: &[(&str, &str)]) -> Vec<(String, String)> {
        raw.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_query_reads_leniently_and_page_links_keep_it() {
        let query = ListQuery::from_pairs(&pairs(&[("q", " 100% "), ("page", "x")]));
        assert_eq!(
            query,
            ListQuery {
                text: Some("100%".into()),
                page: 1
            }
        );
        assert_eq!(query.href(2), "/staff/clients?q=100%25&page=2");
        assert_eq!(ListQuery::default().href(1), "/staff/clients");
    }
}
