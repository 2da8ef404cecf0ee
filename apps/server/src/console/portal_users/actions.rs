//! The portal users' actions: **Resend activation** (`POST …/{id}/resend`, back to the list
//! with a flash) and **Remove** (`GET …/{id}/remove` asks for confirmation, its `POST`
//! removes and returns to the list with a banner of what was revoked).

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use frontdesk_access::Permission;
use frontdesk_contacts::{ContactUserError, RemoveContactUserError, ResendActivationError};
use frontdesk_kernel::ContactUserId;
use frontdesk_l10n::Arg;
use maud::html;
use serde::Deserialize;

use super::{PATH, user_id};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The actions' form: only the CSRF token.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ActionInput {
    #[serde(default)]
    csrf: String,
}

fn back(app: &AppState, tone: Tone, key: &str) -> Response {
    redirect_with(&app.cookies, PATH, tone, key)
}

/// The checks every `POST` starts with: an id, a fresh form, the permission.
fn admit(
    app: &AppState,
    console: &Console,
    raw: &str,
    input: &ActionInput,
) -> Result<ContactUserId, Box<Response>> {
    let Some(id) = user_id(raw) else {
        return Err(Box::new(frame::not_found(console, Section::Settings)));
    };
    if !console.csrf_ok(&input.csrf) {
        return Err(Box::new(back(app, Tone::Failure, "flash-form-expired")));
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return Err(Box::new(refused));
    }
    Ok(id)
}

/// `POST /staff/portal-users/{id}/resend`.
pub(super) async fn resend(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    match app
        .contact_users
        .resend_activation(&console.actor, id)
        .await
    {
        Ok(_) => back(&app, Tone::Success, "flash-portal-admin-resent"),
        Err(ResendActivationError::Forbidden(_)) => frame::forbidden(&console),
        Err(ResendActivationError::NotFound) => frame::not_found(&console, Section::Settings),
        Err(ResendActivationError::Disabled) => {
            back(&app, Tone::Failure, "flash-contact-user-is-disabled")
        }
        Err(ResendActivationError::RecipientLimited { .. }) => {
            back(&app, Tone::Failure, "flash-contact-user-mailed-recently")
        }
        Err(ResendActivationError::Repository(error)) => internal_error(&error),
        Err(error @ ResendActivationError::Unexpected(_)) => internal_error(&error),
    }
}

/// `GET /staff/portal-users/{id}/remove`: "Remove {name}?" with what it will do.
pub(super) async fn confirm_remove(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
) -> Response {
    let Some(id) = user_id(&raw) else {
        return frame::not_found(&console, Section::Settings);
    };
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let view = match app.contact_users.contact_user(&console.actor, id).await {
        Ok(view) => view,
        Err(ContactUserError::Forbidden(_)) => return frame::forbidden(&console),
        Err(ContactUserError::NotFound) => return frame::not_found(&console, Section::Settings),
        Err(ContactUserError::Repository(error)) => return internal_error(&error),
    };
    let t = console.texts;
    let name = view.contact.display_name();
    let title = t.with(
        "portal-admin-remove-title",
        &[("name", Arg::from(name.as_str()))],
    );
    let body = html! {
        h1 { (title) }
        p { (t.with("portal-admin-remove-text", &[("email", Arg::from(view.contact.email.as_str()))])) }
        form method="post" action={ "/staff/portal-users/" (id) "/remove" } {
            input type="hidden" name="csrf" value=(console.csrf);
            div.actions {
                button.danger type="submit" { (t.get("portal-admin-remove-confirm")) }
                a href=(PATH) { (t.get("portal-admin-remove-cancel")) }
            }
        }
    };
    frame::page(&console, &app.cookies, Section::Settings, &title, &body)
}

/// `POST /staff/portal-users/{id}/remove`: removes, then the list with the banner.
pub(super) async fn remove(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let name = match app.contact_users.contact_user(&console.actor, id).await {
        Ok(view) => view.contact.display_name().as_str().to_owned(),
        Err(ContactUserError::NotFound) => {
            return back(&app, Tone::Failure, "flash-portal-admin-gone");
        }
        Err(ContactUserError::Forbidden(_)) => return frame::forbidden(&console),
        Err(ContactUserError::Repository(error)) => return internal_error(&error),
    };
    match app
        .contact_users
        .remove_contact_user(&console.actor, id)
        .await
    {
        Ok(report) => {
            let mut pairs = url::form_urlencoded::Serializer::new(String::new());
            pairs
                .append_pair("removed", &name)
                .append_pair("sessions", &report.sessions.to_string())
                .append_pair("grants", &report.grants.to_string())
                .append_pair("client_links", &report.client_links.to_string())
                .append_pair("tokens", &report.tokens.to_string());
            Redirect::to(&format!("{PATH}?{}", pairs.finish())).into_response()
        }
        Err(RemoveContactUserError::NotFound) => {
            back(&app, Tone::Failure, "flash-portal-admin-gone")
        }
        Err(RemoveContactUserError::Forbidden(_)) => frame::forbidden(&console),
        Err(RemoveContactUserError::Repository(error)) => internal_error(&error),
    }
}
