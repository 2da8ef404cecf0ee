//! `GET /o/{org}/`: the signed-in user's cases — those the access domain lets them see now
//! (grants, and the public cases of their clients under the "all public cases" rule) — on
//! an Open and a Closed tab, searchable by number or title, a page at a time; and, when the
//! portal offers forms, the **New case** links.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use frontdesk_cases::{CaseSearchPage, CaseStatus, ContactUserCaseSearch, Form};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;

use super::frame;
use super::new_case::{new_case_links, offered_forms};
use super::session::{Gate, SignedIn, signed_in, visitor};
use crate::pages::machine_time;
use crate::state::AppState;

/// Cases per page of the home list.
const PER_PAGE: u32 = 20;

/// Query of the home page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct HomeQuery {
    /// `open` (default) or `closed`.
    pub tab: Option<String>,
    /// Number or title text.
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
}

/// The message key of a status's name.
pub(crate) const fn status_key(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::New => "status-new",
        CaseStatus::Open => "status-open",
        CaseStatus::Pending => "status-pending",
        CaseStatus::Resolved => "status-resolved",
        CaseStatus::Closed => "status-closed",
    }
}

/// `/o/{org}/?tab=…&q=…&page=…` with the values that are set.
fn list_href(base: &str, closed: bool, text: &str, page: u32) -> String {
    let mut query = vec![format!("tab={}", if closed { "closed" } else { "open" })];
    if !text.is_empty() {
        query.push(format!("q={}", urlencoding(text)));
    }
    if page > 1 {
        query.push(format!("page={page}"));
    }
    format!("{base}/?{}", query.join("&"))
}

/// Percent-encodes `text` for a query string (unreserved characters stay).
fn urlencoding(text: &str) -> String {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                char::from(byte).to_string()
            } else {
                format!("%{byte:02X}")
            }
        })
        .collect()
}

fn tabs(t: Texts, base: &str, closed: bool, text: &str) -> Markup {
    html! {
        nav.tabs aria-label=(t.get("portal-tabs")) {
            @for (is_closed, key) in [(false, "portal-tab-open"), (true, "portal-tab-closed")] {
                @if is_closed == closed {
                    a href=(list_href(base, is_closed, text, 1)) aria-current="page" { (t.get(key)) }
                } @else {
                    a href=(list_href(base, is_closed, text, 1)) { (t.get(key)) }
                }
            }
        }
    }
}

fn list(t: Texts, base: &str, found: &CaseSearchPage, closed: bool, text: &str) -> Markup {
    html! {
        @if found.rows.is_empty() {
            p {
                @if text.is_empty() {
                    (t.get(if closed { "portal-home-empty-closed" } else { "portal-home-empty-open" }))
                } @else {
                    (t.with("portal-home-no-match", &[("text", Arg::from(text))]))
                }
            }
        } @else {
            p.hint role="status" { (t.with("portal-home-count", &[("count", Arg::from(found.total))])) }
            div.table-scroll {
                table {
                    thead { tr {
                        th scope="col" { (t.get("portal-col-number")) }
                        th scope="col" { (t.get("portal-col-title")) }
                        th scope="col" { (t.get("portal-col-status")) }
                        th scope="col" { (t.get("portal-col-updated")) }
                    } }
                    tbody {
                        @for row in &found.rows {
                            @let href = format!("{base}/cases/{}", row.case.number.0);
                            tr {
                                td { a href=(href) { (row.case.number) } }
                                td { a href=(href) { (row.case.title) } }
                                td { span.badge { (t.get(status_key(row.case.status))) } }
                                td { time datetime=(machine_time(row.case.updated_at)) { (row.case.updated_at.date().to_string()) } }
                            }
                        }
                    }
                }
            }
            @if found.page_count() > 1 {
                nav.pagination aria-label=(t.get("portal-pages")) {
                    @if found.page > 1 {
                        a href=(list_href(base, closed, text, found.page - 1)) rel="prev" { (t.get("portal-previous")) }
                    }
                    span { (t.with("portal-page-of", &[("page", Arg::from(found.page)), ("pages", Arg::from(found.page_count()))])) }
                    @if u64::from(found.page) < found.page_count() {
                        a href=(list_href(base, closed, text, found.page + 1)) rel="next" { (t.get("portal-next")) }
                    }
                }
            }
        }
    }
}

fn home_page(
    user: &SignedIn,
    found: &CaseSearchPage,
    (closed, text): (bool, &str),
    offered: &[Form],
) -> Response {
    let visitor = &user.visitor;
    let t = visitor.t;
    let base = visitor.path("");
    let title = t.get("portal-home-title");
    let body = html! {
        h1 { (title) }
        (new_case_links(t, &base, offered))
        (tabs(t, &base, closed, text))
        form.toolbar method="get" action={ (base) "/" } role="search" {
            input type="hidden" name="tab" value=(if closed { "closed" } else { "open" });
            div {
                label for="q" { (t.get("portal-search-label")) }
                input #q type="search" name="q" value=(text) maxlength="200";
            }
            button type="submit" { (t.get("portal-search-submit")) }
        }
        (list(t, &base, found, closed, text))
    };
    frame::page(
        StatusCode::OK,
        &visitor.org,
        t,
        Some(&user.who()),
        &title,
        &body,
    )
}

/// `GET /o/{org}/`: the user's cases (signed out: a 303 to sign-in).
pub(crate) async fn show(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    query: Result<Query<HomeQuery>, QueryRejection>,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    let user = match signed_in(&app, visitor, &headers, Gate::Changed).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    let query = query.map(|Query(query)| query).unwrap_or_default();
    let closed = query.tab.as_deref() == Some("closed");
    let text = query
        .q
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let (org, t) = (&user.visitor.org, user.visitor.t);
    let scope = match app.grants.visible_cases(org.id, user.session.user.id).await {
        Ok(scope) => scope,
        Err(error) => return frame::failed(org, t, Some(&user.who()), &error),
    };
    let search = ContactUserCaseSearch {
        closed,
        text: Some(text.clone()),
        page: query.page.unwrap_or(1),
        per_page: PER_PAGE,
    };
    let offered = match offered_forms(&app, &user.visitor).await {
        Ok(offered) => offered,
        Err(error) => return frame::failed(org, t, Some(&user.who()), &error),
    };
    match app.cases.contact_user_cases(&scope, search).await {
        Ok(found) => home_page(&user, &found, (closed, &text), &offered),
        Err(error) => frame::failed(org, t, Some(&user.who()), &error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_links_keep_the_tab_the_text_and_the_page() {
        assert_eq!(list_href("/o/acme", false, "", 1), "/o/acme/?tab=open");
        assert_eq!(
            list_href("/o/acme", true, "a b&c", 3),
            "/o/acme/?tab=closed&q=a%20b%26c&page=3"
        );
    }
}
