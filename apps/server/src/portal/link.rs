//! `/a/{token}` for contact users: the one-time set-password and reset links. The staff
//! page (`pages::setup`) hands over every token that is not a staff link. `GET` shows the
//! form without using the link (safe for mail scanners); the `POST` from it sets the
//! password, uses the link up, signs the person in (a new session cookie) and sends them
//! to their portal.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_contacts::{ContactLinkError, ContactLinkView, SetContactPasswordError};
use frontdesk_l10n::{Arg, Texts};
use maud::html;
use secrecy::SecretString;

use super::password::password_rule_key;
use super::sign_in::{signed_in_response, with_form_token};
use crate::csrf;
use crate::extract::cookie;
use crate::pages::{self, internal_error, not_found, preferred_language};
use crate::state::AppState;

/// Fields of the set-password form, as `pages::setup` reads them.
#[derive(Debug)]
pub(crate) struct LinkForm {
    /// The new password.
    pub password: String,
    /// The same, again.
    pub password_confirmation: String,
    /// Double-submit CSRF token.
    pub csrf: String,
}

fn gone(t: Texts, title: &str, text: &str) -> Response {
    let title = t.get(title);
    let body = html! {
        h1 { (title) }
        p { (t.get(text)) }
    };
    pages::page(StatusCode::GONE, t.language(), &title, &body)
}

fn link_problem(t: Texts, error: &ContactLinkError) -> Response {
    match error {
        ContactLinkError::Invalid => not_found(),
        ContactLinkError::Expired => {
            gone(t, "portal-link-expired-title", "portal-link-expired-text")
        }
        ContactLinkError::Used => gone(t, "portal-link-used-title", "portal-link-used-text"),
        ContactLinkError::Repository(error) => internal_error(error),
    }
}

fn form_page(
    app: &AppState,
    t: Texts,
    status: StatusCode,
    view: &ContactLinkView,
    error: Option<&str>,
) -> Response {
    let token = csrf::new_form_token();
    let title = t.get("portal-link-title");
    let body = html! {
        p.hint { (view.organisation_name.as_str()) }
        h1 { (title) }
        p { (t.with("portal-link-for", &[
            ("login", Arg::from(view.username.as_str())),
            ("organisation", Arg::from(view.organisation_name.as_str())),
        ])) }
        @if let Some(error) = error {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" {
            input type="hidden" name="csrf" value=(token);
            label for="password" { (t.get("portal-password-new")) }
            input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="rules";
            p #rules .hint { (t.get("portal-password-rules")) }
            label for="password_confirmation" { (t.get("portal-password-repeat")) }
            input #password_confirmation type="password" name="password_confirmation" required autocomplete="new-password";
            button type="submit" { (t.get("portal-link-submit")) }
        }
    };
    with_form_token(
        app,
        pages::page(status, t.language(), &title, &body),
        &token,
    )
}

/// `GET /a/{token}` of a contact user's link: the form, or why the link does not open.
pub(crate) async fn show(app: &AppState, token: &str, headers: &HeaderMap) -> Response {
    let t = Texts::new(preferred_language(headers));
    match app.contact_users.open_password_link(token).await {
        Ok(view) => form_page(app, t, StatusCode::OK, &view, None),
        Err(error) => link_problem(t, &error),
    }
}

/// `POST /a/{token}` of a contact user's link: sets the password and signs in.
pub(crate) async fn submit(
    app: &AppState,
    token: &str,
    headers: &HeaderMap,
    form: LinkForm,
) -> Response {
    let t = Texts::new(preferred_language(headers));
    let view = match app.contact_users.open_password_link(token).await {
        Ok(view) => view,
        Err(error) => return link_problem(t, &error),
    };
    if !csrf::matches(cookie(headers, app.cookies.csrf_name()), &form.csrf) {
        return form_page(
            app,
            t,
            StatusCode::BAD_REQUEST,
            &view,
            Some("portal-form-expired"),
        );
    }
    if form.password != form.password_confirmation {
        return form_page(
            app,
            t,
            StatusCode::UNPROCESSABLE_ENTITY,
            &view,
            Some("portal-password-mismatch"),
        );
    }
    match app
        .contact_users
        .set_password_with_link(token, SecretString::from(form.password))
        .await
    {
        Ok(signed_in) => signed_in_response(
            app,
            &format!("/o/{}", view.organisation_slug.as_str()),
            &signed_in,
        ),
        Err(SetContactPasswordError::Password(rule)) => form_page(
            app,
            t,
            StatusCode::UNPROCESSABLE_ENTITY,
            &view,
            Some(password_rule_key(rule)),
        ),
        Err(SetContactPasswordError::Busy) => {
            let mut response = form_page(
                app,
                t,
                StatusCode::TOO_MANY_REQUESTS,
                &view,
                Some("portal-busy"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            response
        }
        Err(SetContactPasswordError::Invalid) => not_found(),
        Err(SetContactPasswordError::Expired) => link_problem(t, &ContactLinkError::Expired),
        Err(SetContactPasswordError::Used) => link_problem(t, &ContactLinkError::Used),
        Err(error) => internal_error(&error),
    }
}
