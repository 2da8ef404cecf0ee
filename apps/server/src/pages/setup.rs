//! `/a/{token}`: one-time password setup and reset links. GET only shows the form (safe for
//! mail scanners); only the POST from that form uses the link. A token that is no staff
//! link is handed to the contact users' links (`portal::link`).

use axum::Form;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_access::{ActionLinkError, ActionLinkView, ActionPurpose, SetPasswordError};
use frontdesk_kernel::{Language, PasswordError};
use maud::html;
use secrecy::SecretString;
use serde::Deserialize;

use crate::csrf;
use crate::extract::cookie;
use crate::pages::login::set_cookie;
use crate::pages::{internal_error, message, not_found, page};
use crate::state::AppState;

/// Fields of the set-password form.
#[derive(Debug, Deserialize)]
pub struct SetPasswordForm {
    /// The new password.
    #[serde(default)]
    pub password: String,
    /// The same, again.
    #[serde(default)]
    pub password_confirmation: String,
    /// Double-submit CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// First name (the invitation page asks for it).
    #[serde(default)]
    pub first_name: String,
    /// Last name (the invitation page asks for it).
    #[serde(default)]
    pub last_name: String,
}

fn link_problem(error: &ActionLinkError) -> Response {
    match error {
        ActionLinkError::Invalid => not_found(),
        ActionLinkError::Expired => message(
            StatusCode::GONE,
            "This link has expired",
            "For your security, password links only work for a limited time. Ask your administrator to send you a new one.",
            Some(("/staff/login", "Go to sign-in")),
        ),
        ActionLinkError::Used => message(
            StatusCode::GONE,
            "This link has already been used",
            "Each password link works once. If you have set your password, sign in; otherwise ask your administrator for a new link.",
            Some(("/staff/login", "Go to sign-in")),
        ),
        ActionLinkError::Repository(error) => internal_error(error),
    }
}

fn form_page(
    app: &AppState,
    status: StatusCode,
    view: &ActionLinkView,
    error: Option<&str>,
) -> Response {
    let csrf = csrf::new_form_token();
    let title = match view.purpose {
        // A sign-up's activation link never opens this form (it is no password link).
        ActionPurpose::PasswordSetup | ActionPurpose::SignUpActivation => "Choose your password",
        ActionPurpose::PasswordReset => "Choose a new password",
    };
    let body = html! {
        h1 { (title) }
        p { "For " strong { (view.email) } " at " (view.organisation_name) "." }
        @if let Some(error) = error {
            p.error role="alert" { (error) }
        }
        form method="post" {
            input type="hidden" name="csrf" value=(csrf);
            label for="password" { "New password" }
            input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="rules";
            p #rules .hint { "At least 8 characters. Long phrases are best; very common passwords are refused." }
            label for="password_confirmation" { "Repeat the password" }
            input #password_confirmation type="password" name="password_confirmation" required autocomplete="new-password";
            button type="submit" { "Save password" }
        }
    };
    let mut response = page(status, Language::En, title, &body);
    set_cookie(
        &mut response,
        &app.cookies.set(app.cookies.csrf_name(), &csrf, Some(3600)),
    );
    response
}

/// `GET /a/{token}`: shows the set-password form without using the link.
pub async fn show(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    match app.access.inspect_action_link(&token).await {
        Ok(view) => form_page(&app, StatusCode::OK, &view, None),
        // Not a staff link: perhaps a sign-up's activation link, or a contact user's.
        Err(ActionLinkError::Invalid) => match crate::pages::activation::show(&app, &token).await {
            Some(response) => response,
            None => crate::portal::link::show(&app, &token, &headers).await,
        },
        Err(error) => link_problem(&error),
    }
}

/// `POST /a/{token}`: sets the password and uses up the link.
pub async fn submit(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    Form(form): Form<SetPasswordForm>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    let view = match app.access.inspect_action_link(&token).await {
        Ok(view) => view,
        // Not a staff link: perhaps a contact user's.
        Err(ActionLinkError::Invalid) => {
            if let Some(response) =
                crate::pages::activation::submit(&app, &token, &headers, &form).await
            {
                return response;
            }
            let form = crate::portal::link::LinkForm {
                password: form.password,
                password_confirmation: form.password_confirmation,
                csrf: form.csrf,
            };
            return crate::portal::link::submit(&app, &token, &headers, form).await;
        }
        Err(error) => return link_problem(&error),
    };
    if !csrf::matches(cookie(&headers, app.cookies.csrf_name()), &form.csrf) {
        return form_page(
            &app,
            StatusCode::BAD_REQUEST,
            &view,
            Some("This form expired. Please enter your password again."),
        );
    }
    if form.password != form.password_confirmation {
        return form_page(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            &view,
            Some("The two passwords are not the same."),
        );
    }
    match app
        .access
        .set_password_with_link(&token, SecretString::from(form.password))
        .await
    {
        Ok(()) => message(
            StatusCode::OK,
            "Your password is set",
            "You can now sign in with your email and the password you chose.",
            Some(("/staff/login", "Sign in")),
        ),
        Err(SetPasswordError::Password(rule)) => {
            let text = match rule {
                PasswordError::TooShort | PasswordError::TooLong | PasswordError::Common => {
                    rule.to_string()
                }
            };
            form_page(&app, StatusCode::UNPROCESSABLE_ENTITY, &view, Some(&text))
        }
        Err(SetPasswordError::Busy) => {
            let mut response = form_page(
                &app,
                StatusCode::TOO_MANY_REQUESTS,
                &view,
                Some("The server is busy. Please try again in a moment."),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            response
        }
        Err(SetPasswordError::Link(error)) => link_problem(&error),
        Err(error) => internal_error(&error),
    }
}
