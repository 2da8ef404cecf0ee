//! `GET|POST /o/{org}/password`: the signed-in user changes their password (current, new,
//! repeat). Forced first after a temporary password: until then every other portal page
//! sends the user here. A change ends every session of the user and starts a new one.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use frontdesk_contacts::{ChangeContactPassword, ChangeContactPasswordError};
use frontdesk_kernel::PasswordError;
use maud::html;
use secrecy::SecretString;
use serde::Deserialize;

use super::frame::{self, see_other};
use super::session::{Gate, SignedIn, signed_in, visitor};
use super::sign_in::retry_after;
use crate::csrf;
use crate::extract::ClientIp;
use crate::pages::login::set_cookie;
use crate::state::AppState;

/// Fields of the change form.
#[derive(Debug, Deserialize)]
pub(crate) struct PasswordForm {
    /// The current password (the temporary one when the change is forced).
    #[serde(default)]
    pub current: String,
    /// The new password.
    #[serde(default)]
    pub password: String,
    /// The new password again.
    #[serde(default)]
    pub password_confirmation: String,
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// The message key that explains why `rule` refused a password.
pub(crate) const fn password_rule_key(rule: PasswordError) -> &'static str {
    match rule {
        PasswordError::TooShort => "portal-password-too-short",
        PasswordError::TooLong => "portal-password-too-long",
        PasswordError::Common => "portal-password-common",
    }
}

fn password_page(user: &SignedIn, status: StatusCode, error: Option<&str>) -> Response {
    let visitor = &user.visitor;
    let t = visitor.t;
    let title = t.get("portal-password-title");
    let forced = user.session.user.must_change_password;
    let body = html! {
        h1 { (title) }
        @if forced {
            p role="status" { (t.get("portal-password-forced")) }
        }
        @if let Some(error) = error {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" action=(visitor.path("/password")) {
            input type="hidden" name="csrf" value=(user.csrf);
            label for="current" { (t.get("portal-password-current")) }
            input #current type="password" name="current" required autocomplete="current-password";
            label for="password" { (t.get("portal-password-new")) }
            input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="rules";
            p #rules .hint { (t.get("portal-password-rules")) }
            label for="password_confirmation" { (t.get("portal-password-repeat")) }
            input #password_confirmation type="password" name="password_confirmation" required autocomplete="new-password";
            button type="submit" { (t.get("portal-password-submit")) }
        }
        @if !forced {
            p { a href=(visitor.path("/")) { (t.get("portal-back-home")) } }
        }
    };
    frame::page(status, &visitor.org, t, Some(&user.who()), &title, &body)
}

/// `GET /o/{org}/password`.
pub(crate) async fn show(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    match signed_in(&app, visitor, &headers, Gate::PasswordChange).await {
        Ok(user) => password_page(&user, StatusCode::OK, None),
        Err(response) => response,
    }
}

/// `POST /o/{org}/password`: changes the password; the new session replaces the old one.
pub(crate) async fn submit(
    State(app): State<AppState>,
    Path(org): Path<String>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    let user = match signed_in(&app, visitor, &headers, Gate::PasswordChange).await {
        Ok(user) => user,
        Err(response) => return response,
    };
    if !csrf::matches(Some(&user.csrf), &form.csrf) {
        return password_page(&user, StatusCode::BAD_REQUEST, Some("portal-form-expired"));
    }
    if form.password != form.password_confirmation {
        return password_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("portal-password-mismatch"),
        );
    }
    let change = ChangeContactPassword {
        session: user.session.clone(),
        current: SecretString::from(form.current),
        new: SecretString::from(form.password),
        client_ip,
    };
    match app.contact_users.change_password(change).await {
        Ok(signed_in) => {
            let mut response = see_other(&user.visitor.path("/"));
            let max_age =
                (signed_in.session.expires_at - signed_in.session.created_at).whole_seconds();
            set_cookie(
                &mut response,
                &app.cookies.set(
                    app.cookies.portal_session_name(),
                    signed_in.secret.expose(),
                    Some(max_age.max(0)),
                ),
            );
            response
        }
        Err(ChangeContactPasswordError::WrongCurrentPassword) => password_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("portal-password-wrong-current"),
        ),
        Err(ChangeContactPasswordError::Password(rule)) => password_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(password_rule_key(rule)),
        ),
        Err(ChangeContactPasswordError::SameAsCurrent) => password_page(
            &user,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("portal-password-same"),
        ),
        Err(ChangeContactPasswordError::Throttled {
            retry_after_seconds,
        }) => retry_after(
            password_page(
                &user,
                StatusCode::TOO_MANY_REQUESTS,
                Some("portal-login-throttled"),
            ),
            retry_after_seconds,
        ),
        Err(ChangeContactPasswordError::Busy) => retry_after(
            password_page(&user, StatusCode::TOO_MANY_REQUESTS, Some("portal-busy")),
            2,
        ),
        Err(ChangeContactPasswordError::NotSignedIn) => see_other(&user.visitor.path("/login")),
        Err(error) => frame::failed(&user.visitor.org, user.visitor.t, None, &error),
    }
}
