//! The contact user page's `POST`s: send a password, change the username, disable or enable
//! the account, set the "all public cases" rule, grant one case and revoke a grant. Each
//! checks the CSRF token first, then `ManageContacts`, calls the API's use case and answers
//! 303 back to the page with a flash message; a refused username renders the page (409/422).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{
    CaseRole, GrantAccess, GrantAccessError, ListGrantsError, Permission, PublicCasesRuleError,
    RevokeGrantError, SetPublicCasesRule,
};
use frontdesk_contacts::{
    ContactUserChanges, PasswordMode, SendPasswordError, UpdateContactUserError,
};
use frontdesk_kernel::{AccessGrantId, CaseId, ContactUserId};
use serde::Deserialize;

use super::page::{self, PASSWORD_SENT, UsernameRefusal};
use super::{user_id, user_path};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Any of the page's forms, as posted (each reads its own fields).
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct ActionInput {
    #[serde(default)]
    csrf: String,
    /// Send password: `temporary` or `link`.
    #[serde(default)]
    mode: String,
    /// Username form.
    #[serde(default)]
    username: String,
    /// Disable (`true`) or enable (`false`).
    #[serde(default)]
    disabled: String,
    /// Public-cases rule: checked boxes are present.
    #[serde(default)]
    open: Option<String>,
    #[serde(default)]
    closed: Option<String>,
    /// Grant form: the case's id and the role.
    #[serde(default)]
    case: String,
    #[serde(default)]
    role: String,
}

/// The checks every action starts with: a contact user id, a fresh form, the permission.
fn admit(
    app: &AppState,
    console: &Console,
    raw: &str,
    input: &ActionInput,
) -> Result<ContactUserId, Box<Response>> {
    let Some(id) = user_id(raw) else {
        return Err(Box::new(frame::not_found(console, Section::Clients)));
    };
    if !console.csrf_ok(&input.csrf) {
        return Err(Box::new(back(app, id, Tone::Failure, "flash-form-expired")));
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return Err(Box::new(refused));
    }
    Ok(id)
}

fn back(app: &AppState, id: ContactUserId, tone: Tone, key: &str) -> Response {
    redirect_with(&app.cookies, &user_path(id), tone, key)
}

/// `POST /staff/contact-users/{id}/send-password`.
pub(super) async fn send_password(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let mode = match input.mode.as_str() {
        "temporary" => PasswordMode::Temporary,
        "link" => PasswordMode::Link,
        _ => return back(&app, id, Tone::Failure, "flash-contact-user-choose-mode"),
    };
    match app
        .contact_users
        .send_password(&console.actor, id, mode)
        .await
    {
        Ok(_) => back(&app, id, Tone::Success, PASSWORD_SENT),
        Err(SendPasswordError::Forbidden(_)) => frame::forbidden(&console),
        Err(SendPasswordError::NotFound) => frame::not_found(&console, Section::Clients),
        Err(SendPasswordError::Disabled) => {
            back(&app, id, Tone::Failure, "flash-contact-user-is-disabled")
        }
        Err(SendPasswordError::RecipientLimited { .. }) => back(
            &app,
            id,
            Tone::Failure,
            "flash-contact-user-mailed-recently",
        ),
        Err(SendPasswordError::Busy) => back(&app, id, Tone::Failure, "flash-contact-user-busy"),
        Err(error @ SendPasswordError::Hashing(_)) => internal_error(&error),
        Err(SendPasswordError::Repository(error)) => internal_error(&error),
    }
}

/// `POST /staff/contact-users/{id}/username`.
pub(super) async fn rename(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let changes = ContactUserChanges {
        username: Some(input.username.trim().to_owned()),
        disabled: None,
    };
    let (status, key) = match app
        .contact_users
        .update_contact_user(&console.actor, id, changes)
        .await
    {
        Ok(_) => return back(&app, id, Tone::Success, "flash-contact-user-saved"),
        Err(UpdateContactUserError::InvalidFields(_)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "contact-users-error-username",
        ),
        Err(UpdateContactUserError::UsernameTaken) => {
            (StatusCode::CONFLICT, "contact-users-error-username-taken")
        }
        Err(UpdateContactUserError::Forbidden(_)) => return frame::forbidden(&console),
        Err(UpdateContactUserError::NotFound) => {
            return frame::not_found(&console, Section::Clients);
        }
        Err(UpdateContactUserError::Repository(error)) => return internal_error(&error),
    };
    let refused = UsernameRefusal {
        typed: input.username,
        key,
    };
    page::render(&app, console, id, None, Some(refused), status).await
}

/// `POST /staff/contact-users/{id}/state`.
pub(super) async fn set_state(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let disabled = match input.disabled.as_str() {
        "true" => true,
        "false" => false,
        _ => return back(&app, id, Tone::Failure, "flash-form-expired"),
    };
    let changes = ContactUserChanges {
        username: None,
        disabled: Some(disabled),
    };
    match app
        .contact_users
        .update_contact_user(&console.actor, id, changes)
        .await
    {
        Ok(_) if disabled => back(&app, id, Tone::Success, "flash-contact-user-disabled"),
        Ok(_) => back(&app, id, Tone::Success, "flash-contact-user-enabled"),
        Err(UpdateContactUserError::Forbidden(_)) => frame::forbidden(&console),
        Err(UpdateContactUserError::NotFound) => frame::not_found(&console, Section::Clients),
        Err(UpdateContactUserError::InvalidFields(_) | UpdateContactUserError::UsernameTaken) => {
            back(&app, id, Tone::Failure, "flash-form-expired")
        }
        Err(UpdateContactUserError::Repository(error)) => internal_error(&error),
    }
}

/// `POST /staff/contact-users/{id}/public-cases`.
pub(super) async fn set_public_cases(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let rule = SetPublicCasesRule {
        contact_user_id: id,
        open: input.open.is_some(),
        closed: input.closed.is_some(),
    };
    match app.grants.set_public_cases_rule(&console.actor, rule).await {
        Ok(Some(_)) => back(
            &app,
            id,
            Tone::Success,
            "flash-contact-user-public-cases-saved",
        ),
        Ok(None) => back(
            &app,
            id,
            Tone::Success,
            "flash-contact-user-public-cases-removed",
        ),
        Err(PublicCasesRuleError::Forbidden(_)) => frame::forbidden(&console),
        Err(PublicCasesRuleError::UserNotFound) => frame::not_found(&console, Section::Clients),
        Err(PublicCasesRuleError::Repository(error)) => internal_error(&error),
    }
}

/// `POST /staff/contact-users/{id}/grants`.
pub(super) async fn grant(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let Ok(case) = input.case.trim().parse::<CaseId>() else {
        return back(
            &app,
            id,
            Tone::Failure,
            "flash-contact-user-grant-unknown-case",
        );
    };
    let role = match input.role.as_str() {
        "" => CaseRole::Viewer,
        raw => match CaseRole::parse(raw) {
            Some(role) => role,
            None => return back(&app, id, Tone::Failure, "flash-contact-user-grant-role"),
        },
    };
    let request = GrantAccess {
        contact_user_id: id,
        case_id: case,
        role,
    };
    match app.grants.grant(&console.actor, request).await {
        Ok(_) => back(&app, id, Tone::Success, "flash-contact-user-granted"),
        Err(GrantAccessError::CaseNotFound) => back(
            &app,
            id,
            Tone::Failure,
            "flash-contact-user-grant-unknown-case",
        ),
        Err(GrantAccessError::UserNotFound) => frame::not_found(&console, Section::Clients),
        Err(GrantAccessError::Forbidden(_)) => frame::forbidden(&console),
        Err(GrantAccessError::Repository(error)) => internal_error(&error),
    }
}

/// `POST /staff/contact-users/{id}/grants/{grant}/revoke`.
pub(super) async fn revoke(
    State(app): State<AppState>,
    console: Console,
    Path((raw, grant)): Path<(String, String)>,
    Form(input): Form<ActionInput>,
) -> Response {
    let id = match admit(&app, &console, &raw, &input) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let Ok(grant) = grant.parse::<AccessGrantId>() else {
        return back(&app, id, Tone::Failure, "flash-contact-user-grant-gone");
    };
    // The page revokes only this user's own grants (the address names both).
    match app.grants.list_grants(&console.actor, id, None).await {
        Ok(grants) if grants.iter().any(|granted| granted.grant.id == grant) => {}
        Ok(_) => return back(&app, id, Tone::Failure, "flash-contact-user-grant-gone"),
        Err(ListGrantsError::UserNotFound) => {
            return frame::not_found(&console, Section::Clients);
        }
        Err(ListGrantsError::Forbidden(_)) => return frame::forbidden(&console),
        Err(ListGrantsError::Repository(error)) => return internal_error(&error),
    }
    match app.grants.revoke_grant(&console.actor, grant).await {
        Ok(()) => back(&app, id, Tone::Success, "flash-contact-user-grant-revoked"),
        Err(RevokeGrantError::NotFound) => {
            back(&app, id, Tone::Failure, "flash-contact-user-grant-gone")
        }
        Err(RevokeGrantError::Forbidden(_)) => frame::forbidden(&console),
        Err(RevokeGrantError::Repository(error)) => internal_error(&error),
    }
}
