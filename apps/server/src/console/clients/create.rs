//! `GET|POST /staff/clients/new`: create a client. A refused name comes back beside its
//! input with what was typed kept (422).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_contacts::{CreateClientError, NewClient};
use frontdesk_l10n::Texts;
use maud::{Markup, html};
use serde::Deserialize;

use crate::console::clients::client_path;
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The new-client form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ClientInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

/// `GET /staff/clients/new`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let body = form_page(console.texts, &console.csrf, "", false);
    frame::page(
        &console,
        &app.cookies,
        Section::Clients,
        &console.texts.get("clients-new-title"),
        &body,
    )
}

/// `POST /staff/clients/new`.
pub(super) async fn submit(
    State(app): State<AppState>,
    console: Console,
    Form(input): Form<ClientInput>,
) -> Response {
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(
            &app.cookies,
            "/staff/clients/new",
            Tone::Failure,
            "flash-form-expired",
        );
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    match app
        .contacts
        .create_client(
            &console.actor,
            NewClient {
                name: input.name.clone(),
            },
        )
        .await
    {
        Ok(created) => redirect_with(
            &app.cookies,
            &client_path(created.id),
            Tone::Success,
            "flash-client-created",
        ),
        Err(CreateClientError::Forbidden(_)) => frame::forbidden(&console),
        Err(CreateClientError::InvalidFields(_)) => {
            let body = form_page(console.texts, &console.csrf, &input.name, true);
            frame::page_with_status(
                &console,
                &app.cookies,
                StatusCode::UNPROCESSABLE_ENTITY,
                Section::Clients,
                &console.texts.get("clients-new-title"),
                &body,
            )
        }
        Err(CreateClientError::Repository(error)) => internal_error(&error),
    }
}

/// The labelled name input, with its hint and (when `refused`) its error.
pub(super) fn name_field(t: Texts, name: &str, refused: bool) -> Markup {
    let described = if refused {
        "client-name-hint client-name-error"
    } else {
        "client-name-hint"
    };
    html! {
        label for="client-name" { (t.get("clients-name")) }
        span.hint #client-name-hint { (t.get("clients-name-hint")) }
        input #client-name type="text" name="name" value=(name) required maxlength="200"
            autocomplete="off" aria-invalid=[refused.then_some("true")] aria-describedby=(described);
        @if refused {
            span.field-error #client-name-error { (t.get("error-client-name")) }
        }
    }
}

fn form_page(t: Texts, csrf: &str, name: &str, refused: bool) -> Markup {
    html! {
        p { a href="/staff/clients" { "← " (t.get("clients-title")) } }
        h1 { (t.get("clients-new-title")) }
        p.hint { (t.get("clients-new-intro")) }
        @if refused {
            div.flash.err role="alert" { (t.get("clients-errors")) }
        }
        form.card method="post" action="/staff/clients/new" novalidate {
            input type="hidden" name="csrf" value=(csrf);
            (name_field(t, name, refused))
            button type="submit" { (t.get("clients-create")) }
        }
    }
}
