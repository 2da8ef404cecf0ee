//! `/a/{token}` for the activation links sign-ups mail and the invitations staff send.
//! `pages::setup` asks here after the staff links and before the contact users' password
//! links. `GET` shows a confirm button (activation) or the name-and-password form
//! (invitation) and uses nothing (mail scanners follow links); its `POST` activates, signs
//! the person in (the portal session cookie) and sends them home. A used link sends them to
//! the sign-in page with their address filled in — never a session.

use std::fmt::Write as _;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use frontdesk_access::Organisation;
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_registration::{ActivateError, ActivationError, ActivationView};
use maud::html;

use super::invitation;
use super::setup::SetPasswordForm;
use crate::csrf;
use crate::extract::cookie;
use crate::pages::{internal_error, page};
use crate::portal::frame::{private, see_other};
use crate::portal::sign_in::{signed_in_response, with_form_token};
use crate::state::AppState;

/// The sign-in page of `organisation` with `email` filled in.
pub(crate) fn sign_in_with(organisation: &Organisation, email: &str) -> Response {
    let mut query = String::with_capacity(email.len());
    for byte in email.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            query.push(char::from(byte));
        } else {
            let _ = write!(query, "%{byte:02X}");
        }
    }
    see_other(&format!(
        "/o/{}/login?login={query}",
        organisation.slug.as_str()
    ))
}

pub(super) fn message(
    status: StatusCode,
    organisation: &Organisation,
    language: Language,
    title: &str,
    text: &str,
) -> Response {
    let t = Texts::new(language);
    let title = t.get(title);
    let body = html! {
        p.hint { (organisation.name.as_str()) }
        h1 { (title) }
        p { (t.with(text, &[("organisation", Arg::from(organisation.name.as_str()))])) }
    };
    private(page(status, language, &title, &body))
}

/// The answer for a link that does not open (`None`: not an activation link).
fn link_problem(error: ActivationError) -> Option<Response> {
    match error {
        ActivationError::NotActivation => None,
        ActivationError::Expired {
            organisation,
            language,
        } => Some(message(
            StatusCode::GONE,
            &organisation,
            language,
            "activation-expired-title",
            "activation-expired-text",
        )),
        ActivationError::Used {
            organisation,
            email,
        } => Some(sign_in_with(&organisation, email.as_str())),
        ActivationError::Repository(error) => Some(internal_error(&error)),
    }
}

pub(super) fn confirm_page(app: &AppState, view: &ActivationView) -> Response {
    let t = Texts::new(view.language);
    let title = t.get("activation-title");
    let token = csrf::new_form_token();
    let body = html! {
        p.hint { (view.organisation.name.as_str()) }
        h1 { (title) }
        p { (t.with("activation-text", &[
            ("email", Arg::from(view.email.as_str())),
            ("organisation", Arg::from(view.organisation.name.as_str())),
        ])) }
        form method="post" {
            input type="hidden" name="csrf" value=(token);
            button type="submit" { (t.get("activation-submit")) }
        }
    };
    with_form_token(
        app,
        private(page(StatusCode::OK, view.language, &title, &body)),
        &token,
    )
}

/// `GET /a/{token}` of an activation link: the confirm page; `None` when `token` is no
/// activation link.
pub(crate) async fn show(app: &AppState, token: &str) -> Option<Response> {
    if let Some(response) = super::staff_activation::show(app, token).await {
        return Some(response);
    }
    match app.sign_up.open_activation(token).await {
        Ok(view) => Some(confirm_page(app, &view)),
        Err(ActivationError::NotActivation) => invitation::show(app, token).await,
        Err(error) => link_problem(error),
    }
}

/// `POST /a/{token}` of an activation link: activates and signs in; `None` when `token` is
/// no activation link.
pub(crate) async fn submit(
    app: &AppState,
    token: &str,
    headers: &HeaderMap,
    form: &SetPasswordForm,
) -> Option<Response> {
    if let Some(response) = super::staff_activation::submit(app, token, headers, form).await {
        return Some(response);
    }
    let view = match app.sign_up.open_activation(token).await {
        Ok(view) => view,
        Err(ActivationError::NotActivation) => {
            return invitation::submit(app, token, headers, form).await;
        }
        Err(error) => return link_problem(error),
    };
    if !csrf::matches(cookie(headers, app.cookies.csrf_name()), &form.csrf) {
        // A stale form: show the confirm button again.
        return Some(confirm_page(app, &view));
    }
    Some(match app.sign_up.activate(token).await {
        Ok(activated) => signed_in_response(
            app,
            &format!("/o/{}", activated.organisation.slug.as_str()),
            &activated.signed_in,
        ),
        Err(ActivateError::Link(error)) => {
            link_problem(error).unwrap_or_else(crate::pages::not_found)
        }
        Err(ActivateError::RegistrationClosed {
            organisation,
            language,
            ..
        }) => message(
            StatusCode::GONE,
            &organisation,
            language,
            "activation-closed-title",
            "activation-closed-text",
        ),
        Err(ActivateError::Repository(error)) => internal_error(&error),
    })
}
