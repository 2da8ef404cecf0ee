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
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Contacts per page.
const PER_PAGE: u32 = 25;

/// The query of the list: the search text and the page (anything else is ignored, and a
/// page that is not a number reads as the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ListQuery {
    /// What was typed into the search box, if anything.
    pub(super) text: Option<String>,
    /// The page, from 1.
    pub(super) page: u32,
}

impl ListQuery {
    /// Reads the query string's pairs.
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> Self {
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
    pub(super) fn href(&self, page: u32) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        if let Some(text) = &self.text {
            query.append_pair("q", text);
        }
        if page > 1 {
            query.append_pair("page", &page.to_string());
        }
        let query = query.finish();
        if query.is_empty() {
            "/staff/contacts".to_owned()
        } else {
            format!("/staff/contacts?{query}")
        }
    }
}

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
        (search_form(t, &query))
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

fn search_form(t: Texts, query: &ListQuery) -> Markup {
    html! {
        form.card.toolbar method="get" action="/staff/contacts" role="search"
            aria-label=(t.get("contacts-search")) data-live-search {
            div {
                label for="contacts-q" { (t.get("contacts-search-label")) }
                input #contacts-q type="search" name="q" autocomplete="off"
                    value=(query.text.as_deref().unwrap_or_default());
            }
            button type="submit" { (t.get("contacts-search-button")) }
        }
    }
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
        (pagination(t, query, found))
    }
}

fn pagination(t: Texts, query: &ListQuery, found: &ContactSearchPage) -> Markup {
    let pages = found.page_count();
    let page = found.page;
    html! {
        @if pages > 1 || page > 1 {
            nav.pagination aria-label=(t.get("contacts-pages")) {
                @if page > 1 {
                    a href=(query.href(page - 1)) rel="prev" { (t.get("contacts-previous")) }
                }
                span { (t.with("contacts-page-of", &[("page", Arg::from(page)), ("pages", Arg::from(pages))])) }
                @if u64::from(page) < pages {
                    a href=(query.href(page + 1)) rel="next" { (t.get("contacts-next")) }
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
    fn the_query_reads_leniently() {
        assert_eq!(
            ListQuery::from_pairs(&pairs(&[])),
            ListQuery {
                text: None,
                page: 1
            }
        );
        assert_eq!(
            ListQuery::from_pairs(&pairs(&[("q", "  jane "), ("page", "3"), ("x", "y")])),
            ListQuery {
                text: Some("jane".into()),
                page: 3
            }
        );
        for page in ["0", "-1", "two", "99999999999"] {
            assert_eq!(
                ListQuery::from_pairs(&pairs(&[("page", page)])).page,
                1,
                "{page}"
            );
        }
        assert_eq!(ListQuery::from_pairs(&pairs(&[("q", "   ")])).text, None);
    }

    #[test]
    fn page_links_keep_the_search_and_escape_it() {
        let query = ListQuery {
            text: Some("Jane & co?".into()),
            page: 2,
        };
        assert_eq!(query.href(1), "/staff/contacts?q=Jane+%26+co%3F");
        assert_eq!(query.href(3), "/staff/contacts?q=Jane+%26+co%3F&page=3");
        assert_eq!(ListQuery::default().href(1), "/staff/contacts");
        assert_eq!(ListQuery::default().href(2), "/staff/contacts?page=2");
    }
}
