//! `GET /staff/clients/{id}`: a client's page — its name (a form that renames it, for
//! members who manage contacts), its contacts (linked to their pages), its cases (linked to
//! the case pages, for members who view cases) and its contact users with **Add contact
//! user** (`console/contact_users/`). `POST /staff/clients/{id}/name` renames it.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{CaseSearch, CaseSearchPage, SearchCasesError};
use frontdesk_contacts::{ClientChanges, ClientDetail, ClientError, UpdateClientError};
use frontdesk_kernel::ClientId;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;

use crate::console::clients::create::name_field;
use crate::console::clients::{client_id, client_path, may_read};
use crate::console::contact_users;
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Cases listed on a client's page (the rest through the case list's client filter).
const CASES_SHOWN: u32 = 50;

/// `GET /staff/clients/{id}`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
) -> Response {
    let Some(id) = client_id(&raw) else {
        return frame::not_found(&console, Section::Clients);
    };
    render(&app, &console, id, None, StatusCode::OK).await
}

/// The rename form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct NameInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

/// `POST /staff/clients/{id}/name`.
pub(super) async fn rename(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<NameInput>,
) -> Response {
    let Some(id) = client_id(&raw) else {
        return frame::not_found(&console, Section::Clients);
    };
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(
            &app.cookies,
            &client_path(id),
            Tone::Failure,
            "flash-form-expired",
        );
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let changes = ClientChanges {
        name: Some(input.name.clone()),
    };
    match app
        .contacts
        .update_client(&console.actor, id, changes)
        .await
    {
        Ok(_) => redirect_with(
            &app.cookies,
            &client_path(id),
            Tone::Success,
            "flash-client-saved",
        ),
        Err(UpdateClientError::InvalidFields(_)) => {
            render(
                &app,
                &console,
                id,
                Some(&input.name),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(UpdateClientError::ClientNotFound) => frame::not_found(&console, Section::Clients),
        Err(UpdateClientError::Forbidden(_)) => frame::forbidden(&console),
        Err(UpdateClientError::Repository(error)) => internal_error(&error),
    }
}

/// The page of client `id`; `refused` is a refused new name, shown again in its field.
async fn render(
    app: &AppState,
    console: &Console,
    id: ClientId,
    refused: Option<&str>,
    status: StatusCode,
) -> Response {
    if !may_read(console) {
        return frame::forbidden(console);
    }
    let detail = match app.contacts.client(&console.actor, id).await {
        Ok(detail) => detail,
        Err(ClientError::ClientNotFound) => return frame::not_found(console, Section::Clients),
        Err(ClientError::Forbidden(_)) => return frame::forbidden(console),
        Err(ClientError::Repository(error)) => return internal_error(&error),
    };
    let cases = if console.may(Permission::ViewCases) {
        let search = CaseSearch {
            client: Some(id),
            per_page: CASES_SHOWN,
            ..CaseSearch::default()
        };
        match app.cases.search_cases(&console.actor, search).await {
            Ok(found) => Some(found),
            Err(SearchCasesError::Forbidden(_)) => None,
            Err(error @ SearchCasesError::Repository(_)) => return internal_error(&error),
        }
    } else {
        None
    };
    let contact_users = match contact_users::client_section(app, console, &detail).await {
        Ok(section) => section,
        Err(response) => return response,
    };
    let t = console.texts;
    let name = detail.client.name.as_str().to_owned();
    let body = html! {
        p { a href="/staff/clients" { "← " (t.get("clients-back-to-list")) } }
        h1 { (name) }
        (details_panel(console, &detail, refused))
        (contacts_panel(console, &detail))
        @if let Some(cases) = &cases {
            (cases_panel(t, &detail, cases))
        }
        (contact_users)
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Clients,
        &name,
        &body,
    )
}

/// The client's name, and the form that renames it for members who manage contacts.
fn details_panel(console: &Console, detail: &ClientDetail, refused: Option<&str>) -> Markup {
    let t = console.texts;
    html! {
        section.panel #client-details aria-labelledby="client-details-title" {
            h2 #client-details-title { (t.get("clients-details")) }
            @if console.may(Permission::ManageContacts) {
                @if refused.is_some() {
                    div.flash.err role="alert" { (t.get("clients-errors")) }
                }
                form.card method="post" action={ (client_path(detail.client.id)) "/name" } novalidate {
                    input type="hidden" name="csrf" value=(console.csrf);
                    (name_field(t, refused.unwrap_or(detail.client.name.as_str()), refused.is_some()))
                    button type="submit" { (t.get("clients-save")) }
                }
            } @else {
                p { (detail.client.name.as_str()) }
            }
        }
    }
}

/// The client's contacts, linked to their pages, and **New contact** for this client.
fn contacts_panel(console: &Console, detail: &ClientDetail) -> Markup {
    let t = console.texts;
    html! {
        section.panel #client-contacts aria-labelledby="client-contacts-title" {
            h2 #client-contacts-title { (t.get("clients-contacts")) }
            @if console.may(Permission::ManageContacts) {
                p { a.button href={ "/staff/contacts/new?client=" (detail.client.id) } { (t.get("clients-new-contact")) } }
            }
            @if detail.contacts.is_empty() {
                p.hint { (t.get("clients-no-contacts")) }
            } @else {
                ul {
                    @for contact in &detail.contacts {
                        li {
                            a href={ "/staff/contacts/" (contact.id) } { (contact.full_name()) }
                            " · " (contact.email.as_str())
                        }
                    }
                }
            }
        }
    }
}

/// The client's cases (the first [`CASES_SHOWN`]), linked to the case pages, and the case
/// list filtered by the client.
fn cases_panel(t: Texts, detail: &ClientDetail, cases: &CaseSearchPage) -> Markup {
    html! {
        section.panel #client-cases aria-labelledby="client-cases-title" {
            h2 #client-cases-title { (t.get("clients-cases")) }
            p.hint { (t.with("clients-case-count", &[("count", Arg::from(detail.case_count))])) }
            @if cases.rows.is_empty() {
                p.hint { (t.get("clients-no-cases")) }
            } @else {
                ul {
                    @for row in &cases.rows {
                        li {
                            a href={ "/staff/cases/" (row.case.id) } { (row.case.number) " " (row.case.title) }
                            " · " (t.get(&format!("status-{}", row.case.status.as_str())))
                            @if row.case.public {
                                " · " span.badge { (t.get("case-public-badge")) }
                            }
                        }
                    }
                }
                p { a href={ "/staff/cases?client=" (detail.client.id) } { (t.get("clients-more-cases")) } }
            }
        }
    }
}
