//! The client page's **Contact users** section: the client's contact users (name, username,
//! email, state), each linked to its page, and the **Add contact user** form.
//! `POST /staff/clients/{id}/contact-users` creates one (`create_contact_user`); a refused
//! submission comes back on a page of its own with what was typed kept and the error beside
//! its field (422, or 409 for a taken username or a contact that already has a login).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_contacts::{
    ClientDetail, ContactUserView, CreateContactUserError, FieldError, ListContactUsersError,
    NewContactUser,
};
use frontdesk_kernel::{ClientId, EmailAddress, PersonName};
use frontdesk_l10n::Texts;
use maud::{Markup, html};
use serde::Deserialize;

use super::{state_label, user_path};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The Add contact user form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct NewUserInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    username: String,
}

/// The fields refused, each with the catalog key that explains it, and a message for the
/// whole form.
#[derive(Debug, Default)]
struct Refusal {
    fields: Vec<(&'static str, &'static str)>,
    summary: Option<&'static str>,
}

impl Refusal {
    fn message(&self, field: &str) -> Option<&'static str> {
        self.fields
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, key)| *key)
    }
}

/// The client's contact users and the Add contact user form, for the client page.
///
/// # Errors
/// The page to answer instead when the list cannot be read.
pub(crate) async fn section(
    app: &AppState,
    console: &Console,
    detail: &ClientDetail,
) -> Result<Markup, Response> {
    let users = if console.may(Permission::ViewCases) {
        match app
            .contact_users
            .list_for_client(&console.actor, detail.client.id)
            .await
        {
            Ok(users) => Some(users),
            Err(ListContactUsersError::Forbidden(_) | ListContactUsersError::ClientNotFound) => {
                None
            }
            Err(ListContactUsersError::Repository(error)) => return Err(internal_error(&error)),
        }
    } else {
        None
    };
    let t = console.texts;
    Ok(html! {
        section.panel #contact-users aria-labelledby="contact-users-title" {
            h2 #contact-users-title { (t.get("clients-contact-users")) }
            @match &users {
                Some(users) if users.is_empty() => p.hint { (t.get("contact-users-none")) },
                Some(users) => (table(t, users)),
                None => {},
            }
            @if console.may(Permission::ManageContacts) {
                (form(console, detail.client.id, &NewUserInput::default(), &Refusal::default()))
            }
        }
    })
}

fn table(t: Texts, users: &[ContactUserView]) -> Markup {
    html! {
        table.list {
            thead {
                tr {
                    th scope="col" { (t.get("contact-users-column-name")) }
                    th scope="col" { (t.get("contact-users-column-username")) }
                    th scope="col" { (t.get("contact-users-column-email")) }
                    th scope="col" { (t.get("contact-users-column-state")) }
                }
            }
            tbody {
                @for view in users {
                    tr {
                        td { a href=(user_path(view.user.id)) { (view.contact.full_name()) } }
                        td { (view.user.username.as_str()) }
                        td { (view.contact.email.as_str()) }
                        td { span class={ "badge state-" (view.user.state.as_str()) } { (state_label(t, view.user.state)) } }
                    }
                }
            }
        }
    }
}

/// One labelled input of the form, its hint and its error.
fn field(
    t: Texts,
    name: &str,
    value: &str,
    required: bool,
    hint: Option<&str>,
    error: Option<&str>,
) -> Markup {
    let id = format!("new-user-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described: Vec<&str> = [
        hint.map(|_| hint_id.as_str()),
        error.map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let described = (!described.is_empty()).then(|| described.join(" "));
    let kind = if name == "email" { "email" } else { "text" };
    html! {
        label for=(id) { (t.get(&format!("contact-users-field-{name}"))) }
        @if let Some(hint) = hint {
            span.hint id=(hint_id) { (t.get(hint)) }
        }
        input id=(id) type=(kind) name=(name) value=(value) required[required] autocomplete="off"
            aria-invalid=[error.map(|_| "true")] aria-describedby=[described.as_deref()];
        @if let Some(error) = error {
            span.field-error id=(error_id) { (t.get(error)) }
        }
    }
}

fn form(console: &Console, client: ClientId, input: &NewUserInput, refusal: &Refusal) -> Markup {
    let t = console.texts;
    html! {
        h3 #add-contact-user-title { (t.get("contact-users-add")) }
        @if let Some(summary) = refusal.summary {
            div.flash.err role="alert" { (t.get(summary)) }
        }
        form.card method="post" action={ "/staff/clients/" (client) "/contact-users" } novalidate
            aria-labelledby="add-contact-user-title" {
            input type="hidden" name="csrf" value=(console.csrf);
            (field(t, "first_name", &input.first_name, true, None, refusal.message("first_name")))
            (field(t, "last_name", &input.last_name, true, None, refusal.message("last_name")))
            (field(t, "email", &input.email, true, None, refusal.message("email")))
            (field(t, "username", &input.username, false, Some("contact-users-username-hint"), refusal.message("username")))
            button type="submit" { (t.get("contact-users-add")) }
        }
    }
}

/// Why `raw`, typed into `field`, was refused: a catalog key.
fn explain(field: &str, raw: &str) -> &'static str {
    let raw = raw.trim();
    match field {
        _ if raw.is_empty() && field != "username" => "contact-users-error-required",
        "first_name" | "last_name" if PersonName::parse(raw).is_err() => "contact-users-error-name",
        "email" if EmailAddress::parse(raw).is_err() => "contact-users-error-email",
        "username" => "contact-users-error-username",
        _ => "contact-users-error-invalid",
    }
}

fn refusal_of(errors: &[FieldError], input: &NewUserInput) -> Refusal {
    let fields = errors
        .iter()
        .filter_map(|error| {
            let (name, raw) = match error.field.as_str() {
                "first_name" => ("first_name", &input.first_name),
                "last_name" => ("last_name", &input.last_name),
                "email" => ("email", &input.email),
                "username" => ("username", &input.username),
                _ => return None,
            };
            Some((name, explain(name, raw)))
        })
        .collect();
    Refusal {
        fields,
        summary: Some("contact-users-errors"),
    }
}

/// `POST /staff/clients/{id}/contact-users`.
pub(super) async fn create(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<NewUserInput>,
) -> Response {
    let Ok(client) = raw.parse::<ClientId>() else {
        return frame::not_found(&console, Section::Clients);
    };
    let back = format!("/staff/clients/{client}");
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(&app.cookies, &back, Tone::Failure, "flash-form-expired");
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let optional = |raw: &str| (!raw.trim().is_empty()).then(|| raw.trim().to_owned());
    let request = NewContactUser {
        first_name: input.first_name.clone(),
        last_name: input.last_name.clone(),
        email: input.email.clone(),
        phone: None,
        username: optional(&input.username),
    };
    let (status, refusal) = match app
        .contact_users
        .create_contact_user(&console.actor, client, request)
        .await
    {
        Ok(view) => {
            return redirect_with(
                &app.cookies,
                &user_path(view.user.id),
                Tone::Success,
                "flash-contact-user-created",
            );
        }
        Err(CreateContactUserError::Forbidden(_)) => return frame::forbidden(&console),
        Err(CreateContactUserError::ClientNotFound) => {
            return frame::not_found(&console, Section::Clients);
        }
        Err(CreateContactUserError::InvalidFields(errors)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            refusal_of(&errors, &input),
        ),
        Err(CreateContactUserError::UsernameTaken) => (
            StatusCode::CONFLICT,
            Refusal {
                fields: vec![("username", "contact-users-error-username-taken")],
                summary: Some("contact-users-errors"),
            },
        ),
        Err(CreateContactUserError::AlreadyAUser) => (
            StatusCode::CONFLICT,
            Refusal {
                fields: vec![("email", "contact-users-error-already-user")],
                summary: Some("contact-users-errors"),
            },
        ),
        Err(CreateContactUserError::Repository(error)) => return internal_error(&error),
    };
    let t = console.texts;
    let body = html! {
        p { a href=(back) { "← " (t.get("contact-users-back-to-client")) } }
        h1 { (t.get("contact-users-add")) }
        (form(&console, client, &input, &refusal))
    };
    frame::page_with_status(
        &console,
        &app.cookies,
        status,
        Section::Clients,
        &t.get("contact-users-add"),
        &body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_fields_are_explained_from_what_was_typed() {
        assert_eq!(explain("first_name", "  "), "contact-users-error-required");
        assert_eq!(
            explain("email", "not-an-address"),
            "contact-users-error-email"
        );
        assert_eq!(explain("username", "-x"), "contact-users-error-username");
        assert_eq!(explain("username", ""), "contact-users-error-username");
    }
}
