//! What the console's searchable lists share (contacts, clients): the query (`q`, `page`),
//! the search form and the numbered pagination. Each list names its address and the prefix
//! of its catalog keys (`{prefix}-search`, `-search-label`, `-search-button`, `-pages`,
//! `-previous`, `-next`, `-page-of`).

use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

/// One searchable list: where it lives and how its strings are keyed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SearchList {
    /// The list's address (`/staff/contacts`).
    pub(crate) path: &'static str,
    /// The prefix of its catalog keys and element ids (`contacts`).
    pub(crate) prefix: &'static str,
}

/// The query of a list: the search text and the page (anything else is ignored, and a page
/// that is not a number reads as the first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ListQuery {
    /// What was typed into the search box, if anything.
    pub(crate) text: Option<String>,
    /// The page, from 1.
    pub(crate) page: u32,
}

impl ListQuery {
    /// Reads the query string's pairs.
    pub(crate) fn from_pairs(pairs: &[(String, String)]) -> Self {
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
}

impl SearchList {
    fn key(self, suffix: &str) -> String {
        format!("{}-{suffix}", self.prefix)
    }

    /// The address of page `page` of the search `query`.
    pub(crate) fn href(self, query: &ListQuery, page: u32) -> String {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        if let Some(text) = &query.text {
            pairs.append_pair("q", text);
        }
        if page > 1 {
            pairs.append_pair("page", &page.to_string());
        }
        let pairs = pairs.finish();
        if pairs.is_empty() {
            self.path.to_owned()
        } else {
            format!("{}?{pairs}", self.path)
        }
    }

    /// The search form (submitting itself while typing where the script runs).
    pub(crate) fn search_form(self, t: Texts, query: &ListQuery) -> Markup {
        let input = format!("{}-q", self.prefix);
        html! {
            form.card.toolbar method="get" action=(self.path) role="search"
                aria-label=(t.get(&self.key("search"))) data-live-search {
                div {
                    label for=(input) { (t.get(&self.key("search-label"))) }
                    input #(input) type="search" name="q" autocomplete="off"
                        value=(query.text.as_deref().unwrap_or_default());
                }
                button type="submit" { (t.get(&self.key("search-button"))) }
            }
        }
    }

    /// Previous / "page n of m" / next, when there is more than one page.
    pub(crate) fn pagination(self, t: Texts, query: &ListQuery, page: u32, pages: u64) -> Markup {
        html! {
            @if pages > 1 || page > 1 {
                nav.pagination aria-label=(t.get(&self.key("pages"))) {
                    @if page > 1 {
                        a href=(self.href(query, page - 1)) rel="prev" { (t.get(&self.key("previous"))) }
                    }
                    span { (t.with(&self.key("page-of"), &[("page", Arg::from(page)), ("pages", Arg::from(pages))])) }
                    @if u64::from(page) < pages {
                        a href=(self.href(query, page + 1)) rel="next" { (t.get(&self.key("next"))) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTACTS: SearchList = SearchList {
        path: "/staff/contacts",
        prefix: "contacts",
    };

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
        assert_eq!(CONTACTS.href(&query, 1), "/staff/contacts?q=Jane+%26+co%3F");
        assert_eq!(
            CONTACTS.href(&query, 3),
            "/staff/contacts?q=Jane+%26+co%3F&page=3"
        );
        assert_eq!(CONTACTS.href(&ListQuery::default(), 1), "/staff/contacts");
        assert_eq!(
            CONTACTS.href(&ListQuery::default(), 2),
            "/staff/contacts?page=2"
        );
        let clients = SearchList {
            path: "/staff/clients",
            prefix: "clients",
        };
        let percent = ListQuery::from_pairs(&pairs(&[("q", " 100% "), ("page", "x")]));
        assert_eq!(clients.href(&percent, 2), "/staff/clients?q=100%25&page=2");
    }
}
