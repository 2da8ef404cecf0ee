//! `GET /staff/cases/{id}`: a case's summary and its panels. The same renderer answers the
//! `POST`s that come back with the person's input (422) or with a share link just created
//! (200), so every form keeps what was typed.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{ListStaffUsersError, Permission};
use frontdesk_cases::{CaseDetail, CaseDetailError};
use frontdesk_contacts::{Client, Contact, PageNumber, SearchContactsError};
use frontdesk_kernel::{CaseId, PageRequest, StaffUserId};
use maud::{Markup, html};
use serde::Deserialize;

use super::input::PageInput;
use super::list::MemberChoice;
use super::{
    case_id, case_path, machine_time, not_found, panels, priority_label, share, status_label,
    timeline, when,
};
use crate::console::contact_users;
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Contacts offered at once in the "add a contact" choice.
const CONTACT_CHOICES: u32 = 20;

/// The case page's query string.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct PageQuery {
    /// The contact search of the Contacts panel.
    #[serde(default)]
    contact_q: Option<String>,
}

/// `GET /staff/cases/{id}`.
pub(crate) async fn show(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ViewCases) {
        return refused;
    }
    let Some(id) = case_id(&raw) else {
        return not_found(&console);
    };
    let input = PageInput {
        contact_search: query
            .contact_q
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty()),
        ..PageInput::default()
    };
    render(&app, console, id, input, StatusCode::OK).await
}

/// The members a case can be assigned to, for the assignee menus: every enabled member for
/// those who manage staff; for everyone else, themselves (the staff list is theirs only).
pub(super) async fn members(app: &AppState, console: &Console) -> Vec<MemberChoice> {
    let me = || MemberChoice {
        id: console.user.id.to_string(),
        name: console.user.name.as_str().to_owned(),
    };
    if !console.may(Permission::ManageStaff) {
        return vec![me()];
    }
    match app
        .access
        .list_staff_users(&console.actor, PageRequest::new(None, Some(200)))
        .await
    {
        Ok(page) => page
            .items
            .into_iter()
            .filter(|member| !member.disabled)
            .map(|member| MemberChoice {
                id: member.id.to_string(),
                name: member.name.as_str().to_owned(),
            })
            .collect(),
        Err(error @ ListStaffUsersError::Repository(_)) => {
            tracing::warn!(%error, "staff list unavailable for the assignee menu");
            vec![me()]
        }
        Err(ListStaffUsersError::Forbidden(_)) => vec![me()],
    }
}

/// The contacts the Contacts panel offers to add: those matching the member's search (the
/// first ones when there is none), leaving out the case's own. `None` when the member may
/// not add contacts.
async fn contact_choices(
    app: &AppState,
    console: &Console,
    detail: &CaseDetail,
    search: Option<&str>,
) -> Result<Option<Vec<Contact>>, Response> {
    if !(console.may(Permission::EditCases) && console.may(Permission::ManageContacts)) {
        return Ok(None);
    }
    match app
        .contacts
        .search_contacts(
            &console.actor,
            search.map(str::to_owned),
            1,
            CONTACT_CHOICES,
        )
        .await
    {
        Ok(found) => Ok(Some(
            found
                .rows
                .into_iter()
                .filter(|contact| !detail.contacts.iter().any(|linked| linked.id == contact.id))
                .collect(),
        )),
        Err(SearchContactsError::Forbidden(_)) => Ok(None),
        Err(error @ SearchContactsError::Repository(_)) => Err(internal_error(&error)),
    }
}

/// The clients the Details form offers (the first [`PageNumber::MAX_PER_PAGE`] by name), for
/// members who edit cases; none for the others or when the search fails (the page still
/// shows the case's own client).
async fn client_choices(app: &AppState, console: &Console) -> Vec<Client> {
    if !console.may(Permission::EditCases) {
        return Vec::new();
    }
    app.contacts
        .search_clients(&console.actor, None, 1, PageNumber::MAX_PER_PAGE)
        .await
        .map(|found| found.rows)
        .unwrap_or_default()
}

/// Renders the case page of case `id` with `input`, answering `status`.
pub(super) async fn render(
    app: &AppState,
    mut console: Console,
    id: CaseId,
    input: PageInput,
    status: StatusCode,
) -> Response {
    // The page's own address, also when a POST renders it (the language switch returns here).
    console.path = case_path(id);
    let detail = match app.cases.case_detail(&console.actor, id).await {
        Ok(detail) => detail,
        Err(CaseDetailError::CaseNotFound) => return not_found(&console),
        Err(CaseDetailError::Forbidden(_)) => return frame::forbidden(&console),
        Err(error @ CaseDetailError::Repository(_)) => return internal_error(&error),
    };
    let sharing = match share::load(app, &console, id).await {
        Ok(sharing) => sharing,
        Err(response) => return response,
    };
    let choices =
        match contact_choices(app, &console, &detail, input.contact_search.as_deref()).await {
            Ok(choices) => choices,
            Err(response) => return response,
        };
    let clients = client_choices(app, &console).await;
    let access = match contact_users::access_panel(app, &console, &detail).await {
        Ok(access) => access,
        Err(response) => return response,
    };
    let members = members(app, &console).await;
    let names = staff_names(&console, &detail, &members);
    let t = console.texts;
    let title = t.with(
        "case-page-title",
        &[
            ("number", detail.case.number.to_string().into()),
            ("title", detail.case.title.clone().into()),
        ],
    );
    let body = html! {
        p { a href="/staff/cases" { (t.get("case-back-to-list")) } }
        h1 { (title) }
        (summary(&console, &detail))
        (panels::details(&console, &detail, &clients, input.details.as_ref()))
        (panels::contacts(&console, &detail, choices.as_deref(), input.contact.as_ref(), input.contact_search.as_deref()))
        (timeline::panel(&console, &detail, &names, input.reply.as_ref()))
        @if console.may(Permission::EditCases) {
            (panels::status(&console, &detail, input.status.as_ref()))
            (panels::assignee(&console, &detail, &members))
            (panels::guest_access(&console, &detail))
        }
        @if let Some(sharing) = &sharing {
            (share::panel(&console, &detail.case, sharing, input.share.as_ref(), input.created.as_ref()))
        }
        (access)
    };
    frame::page_with_status(
        &console,
        &app.cookies,
        status,
        Section::Cases,
        &title,
        &body,
    )
}

/// The names of the staff members the page may mention: the signed-in member, the case's
/// assignee and, for those who manage staff, every member.
fn staff_names(
    console: &Console,
    detail: &CaseDetail,
    members: &[MemberChoice],
) -> HashMap<StaffUserId, String> {
    let mut names: HashMap<StaffUserId, String> = members
        .iter()
        .filter_map(|member| Some((member.id.parse().ok()?, member.name.clone())))
        .collect();
    names.insert(console.user.id, console.user.name.as_str().to_owned());
    if let (Some(id), Some(name)) = (detail.case.assignee, &detail.assignee_name) {
        names.insert(id, name.clone());
    }
    names
}

/// The case at a glance.
fn summary(console: &Console, detail: &CaseDetail) -> Markup {
    let t = console.texts;
    let case = &detail.case;
    html! {
        section.card aria-labelledby="case-summary" {
            h2 #case-summary .visually-hidden { (t.get("case-summary")) }
            dl.summary {
                dt { (t.get("case-number")) }
                dd { (case.number) }
                dt { (t.get("case-title")) }
                dd { (case.title) }
                dt { (t.get("case-status")) }
                dd { span class={ "badge status-" (case.status.as_str()) } { (status_label(t, case.status)) } }
                dt { (t.get("case-priority")) }
                dd { (priority_label(t, case.priority)) }
                dt { (t.get("case-form")) }
                dd { (detail.form_name) }
                dt { (t.get("case-assignee")) }
                dd {
                    @match &detail.assignee_name {
                        Some(name) => (name),
                        None => span.hint { (t.get("case-unassigned")) },
                    }
                }
                dt { (t.get("case-contacts")) }
                dd {
                    @if detail.contacts.is_empty() {
                        span.hint { (t.get("case-contacts-none")) }
                    }
                    @for (index, contact) in detail.contacts.iter().enumerate() {
                        @if index > 0 { ", " }
                        a href={ "/staff/contacts/" (contact.id) } { (contact.first_name) " " (contact.last_name) }
                    }
                }
                dt { (t.get("case-created")) }
                dd { time datetime=(machine_time(case.created_at)) { (when(case.created_at)) } }
                dt { (t.get("case-updated")) }
                dd { time datetime=(machine_time(case.updated_at)) { (when(case.updated_at)) } }
            }
        }
    }
}
