//! `GET /staff/portal-users`: the search box, the state filter, one row per portal user
//! (name, email, state) with **Resend activation** and **Remove**, and the banner of a
//! removal just made.

use axum::extract::{Query, State};
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_contacts::{
    ContactUserState, ContactUserView, PortalUserQuery, PortalUserStateFilter,
    SearchPortalUsersError, SearchText,
};
use frontdesk_kernel::PageRequest;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;

use super::PATH;
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Users per page.
const PER_PAGE: u32 = 25;

/// The page's query (anything unreadable reads as absent).
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListParams {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    after: Option<String>,
    /// After a removal: what it revoked.
    #[serde(default)]
    removed: Option<String>,
    #[serde(default)]
    sessions: Option<u64>,
    #[serde(default)]
    grants: Option<u64>,
    #[serde(default)]
    client_links: Option<u64>,
    #[serde(default)]
    tokens: Option<u64>,
}

fn state_label(t: Texts, state: ContactUserState) -> String {
    t.get(&format!("contact-users-state-{}", state.as_str()))
}

/// The banner after a removal: "{name} removed: N sessions, N grants, …".
fn removal_banner(t: Texts, params: &ListParams) -> Option<Markup> {
    let name = params.removed.as_deref()?;
    let text = t.with(
        "portal-admin-removed",
        &[
            ("name", Arg::from(name)),
            ("sessions", Arg::from(params.sessions.unwrap_or(0))),
            ("grants", Arg::from(params.grants.unwrap_or(0))),
            ("client_links", Arg::from(params.client_links.unwrap_or(0))),
            ("tokens", Arg::from(params.tokens.unwrap_or(0))),
        ],
    );
    Some(html! { div.flash role="status" { (text) } })
}

fn row(console: &Console, view: &ContactUserView) -> Markup {
    let t = console.texts;
    let id = view.user.id;
    let name = view.contact.display_name();
    let may_change = console.may(Permission::ManageContacts);
    html! {
        tr {
            td { (name.as_str()) }
            td { (view.contact.email.as_str()) }
            td { (state_label(t, view.user.state)) }
            td {
                @if may_change {
                    div.actions {
                        @if view.user.state != ContactUserState::Disabled {
                            form method="post" action={ "/staff/portal-users/" (id) "/resend" } {
                                input type="hidden" name="csrf" value=(console.csrf);
                                button.secondary type="submit"
                                    aria-label=(t.with("portal-admin-resend-for", &[("name", Arg::from(name.as_str()))])) {
                                    (t.get("portal-admin-resend"))
                                }
                            }
                        }
                        a.button.secondary href={ "/staff/portal-users/" (id) "/remove" }
                            aria-label=(t.with("portal-admin-remove-for", &[("name", Arg::from(name.as_str()))])) {
                            (t.get("portal-admin-remove"))
                        }
                    }
                }
            }
        }
    }
}

/// `GET /staff/portal-users`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Query(params): Query<ListParams>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ViewCases) {
        return refused;
    }
    let t = console.texts;
    let state = params
        .state
        .as_deref()
        .and_then(PortalUserStateFilter::parse);
    let text = params.q.as_deref().and_then(SearchText::parse);
    let query = PortalUserQuery {
        state,
        text,
        client: None,
    };
    let after = params.after.as_deref().and_then(|raw| raw.parse().ok());
    let page = match app
        .contact_users
        .search_portal_users(
            &console.actor,
            &query,
            PageRequest::new(after, Some(PER_PAGE)),
        )
        .await
    {
        Ok(page) => page,
        Err(SearchPortalUsersError::Forbidden(_)) => return frame::forbidden(&console),
        Err(SearchPortalUsersError::ClientNotFound) => {
            return frame::not_found(&console, Section::Settings);
        }
        Err(SearchPortalUsersError::Repository(error)) => return internal_error(&error),
    };
    let typed = params.q.as_deref().unwrap_or_default().trim().to_owned();
    let next = page.next_after.map(|after| {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        if !typed.is_empty() {
            pairs.append_pair("q", &typed);
        }
        if let Some(state) = state {
            pairs.append_pair("state", state.as_str());
        }
        pairs.append_pair("after", &after.to_string());
        format!("{PATH}?{}", pairs.finish())
    });
    let title = t.get("portal-admin-title");
    let body = html! {
        h1 { (title) }
        p.hint { (t.get("portal-admin-intro")) }
        @if let Some(banner) = removal_banner(t, &params) { (banner) }
        form.card.toolbar method="get" action=(PATH) role="search" aria-label=(t.get("portal-admin-search")) {
            div {
                label for="portal-users-q" { (t.get("portal-admin-search-label")) }
                input #portal-users-q type="search" name="q" autocomplete="off" value=(typed);
            }
            div {
                label for="portal-users-state" { (t.get("portal-admin-state-label")) }
                select #portal-users-state name="state" {
                    option value="" selected[state.is_none()] { (t.get("portal-admin-state-any")) }
                    @for filter in [PortalUserStateFilter::Pending, PortalUserStateFilter::Active, PortalUserStateFilter::Disabled] {
                        option value=(filter.as_str()) selected[state == Some(filter)] {
                            (t.get(&format!("portal-admin-state-{}", filter.as_str())))
                        }
                    }
                }
            }
            button type="submit" { (t.get("portal-admin-search-button")) }
        }
        @if page.items.is_empty() {
            p { (t.get("portal-admin-none")) }
        } @else {
            table {
                caption.visually-hidden { (title) }
                thead {
                    tr {
                        th scope="col" { (t.get("portal-admin-col-name")) }
                        th scope="col" { (t.get("portal-admin-col-email")) }
                        th scope="col" { (t.get("portal-admin-col-state")) }
                        th scope="col" { (t.get("portal-admin-col-actions")) }
                    }
                }
                tbody {
                    @for view in &page.items { (row(&console, view)) }
                }
            }
        }
        @if let Some(next) = next {
            nav.pagination aria-label=(t.get("portal-admin-pages")) {
                a href=(next) rel="next" { (t.get("portal-admin-next")) }
            }
        }
    };
    frame::page(&console, &app.cookies, Section::Settings, &title, &body)
}
