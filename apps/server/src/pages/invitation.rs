//! `/a/{token}` for invitations to the portal (`pages::activation` asks here for a token
//! that is no activation link): `GET` shows the form — first and last name, a password
//! twice — without using the link; its `POST` completes the invitation, signs the person in
//! and sends them home. A used invitation opens the sign-in page with the address.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_contacts::{
    CompleteInvitation, CompleteInvitationError, InvitationLinkError, InvitationView,
};
use frontdesk_l10n::{Arg, Texts};
use maud::html;
use secrecy::SecretString;

use super::activation::sign_in_with;
use super::setup::SetPasswordForm;
use crate::csrf;
use crate::extract::cookie;
use crate::pages::{internal_error, page, preferred_language};
use crate::portal::frame::private;
use crate::portal::password::password_rule_key;
use crate::portal::sign_in::{signed_in_response, with_form_token};
use crate::state::AppState;

fn link_problem(t: Texts, error: InvitationLinkError) -> Option<Response> {
    match error {
        InvitationLinkError::NotInvitation => None,
        InvitationLinkError::Expired(organisation) => {
            let title = t.get("invitation-expired-title");
            let body = html! {
                p.hint { (organisation.name.as_str()) }
                h1 { (title) }
                p { (t.with("invitation-expired-text", &[("organisation", Arg::from(organisation.name.as_str()))])) }
            };
            Some(private(page(StatusCode::GONE, t.language(), &title, &body)))
        }
        InvitationLinkError::Used(organisation, email) => {
            Some(sign_in_with(&organisation, email.as_str()))
        }
        InvitationLinkError::Repository(error) => Some(internal_error(&error)),
    }
}

struct Typed<'a> {
    first_name: &'a str,
    last_name: &'a str,
}

fn form_page(
    app: &AppState,
    t: Texts,
    status: StatusCode,
    view: &InvitationView,
    typed: &Typed<'_>,
    error: Option<&str>,
) -> Response {
    let token = csrf::new_form_token();
    let title = t.get("invitation-title");
    let body = html! {
        p.hint { (view.organisation.name.as_str()) }
        h1 { (title) }
        p { (t.with("invitation-intro", &[
            ("email", Arg::from(view.email.as_str())),
            ("organisation", Arg::from(view.organisation.name.as_str())),
        ])) }
        @if let Some(error) = error {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" {
            input type="hidden" name="csrf" value=(token);
            label for="first_name" { (t.get("signup-first-name")) }
            input #first_name type="text" name="first_name" value=(typed.first_name) required autocomplete="given-name";
            label for="last_name" { (t.get("signup-last-name")) }
            input #last_name type="text" name="last_name" value=(typed.last_name) required autocomplete="family-name";
            label for="password" { (t.get("portal-password-new")) }
            input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="rules";
            p #rules .hint { (t.get("portal-password-rules")) }
            label for="password_confirmation" { (t.get("portal-password-repeat")) }
            input #password_confirmation type="password" name="password_confirmation" required autocomplete="new-password";
            button type="submit" { (t.get("invitation-submit")) }
        }
    };
    with_form_token(
        app,
        private(page(status, t.language(), &title, &body)),
        &token,
    )
}

/// `GET /a/{token}` of an invitation: the form; `None` when `token` is no invitation.
pub(crate) async fn show(app: &AppState, token: &str) -> Option<Response> {
    match app.contact_users.open_invitation(token).await {
        Ok(view) => {
            let t = Texts::new(view.organisation.default_language);
            let (first, last) = (view.first_name.to_string(), view.last_name.to_string());
            let typed = Typed {
                first_name: &first,
                last_name: &last,
            };
            Some(form_page(app, t, StatusCode::OK, &view, &typed, None))
        }
        Err(error) => link_problem(Texts::new(frontdesk_kernel::Language::En), error),
    }
}

/// `POST /a/{token}` of an invitation: completes it and signs in; `None` when `token` is
/// no invitation.
pub(crate) async fn submit(
    app: &AppState,
    token: &str,
    headers: &HeaderMap,
    form: &SetPasswordForm,
) -> Option<Response> {
    let view = match app.contact_users.open_invitation(token).await {
        Ok(view) => view,
        Err(error) => return link_problem(Texts::new(preferred_language(headers)), error),
    };
    let t = Texts::new(view.organisation.default_language);
    let typed = Typed {
        first_name: &form.first_name,
        last_name: &form.last_name,
    };
    let again = |status, key: &str| Some(form_page(app, t, status, &view, &typed, Some(key)));
    if !csrf::matches(cookie(headers, app.cookies.csrf_name()), &form.csrf) {
        return again(StatusCode::BAD_REQUEST, "portal-form-expired");
    }
    if form.password != form.password_confirmation {
        return again(StatusCode::UNPROCESSABLE_ENTITY, "portal-password-mismatch");
    }
    let request = CompleteInvitation {
        first_name: form.first_name.clone(),
        last_name: form.last_name.clone(),
        password: SecretString::from(form.password.clone()),
    };
    match app.contact_users.complete_invitation(token, request).await {
        Ok(signed_in) => Some(signed_in_response(
            app,
            &format!("/o/{}", view.organisation.slug.as_str()),
            &signed_in,
        )),
        Err(CompleteInvitationError::FirstName) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            "signup-invalid-first_name",
        ),
        Err(CompleteInvitationError::LastName) => {
            again(StatusCode::UNPROCESSABLE_ENTITY, "signup-invalid-last_name")
        }
        Err(CompleteInvitationError::Password(rule)) => {
            again(StatusCode::UNPROCESSABLE_ENTITY, password_rule_key(rule))
        }
        Err(CompleteInvitationError::Busy) => {
            let mut response = again(StatusCode::TOO_MANY_REQUESTS, "portal-busy")?;
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            Some(response)
        }
        Err(CompleteInvitationError::Link(error)) => link_problem(t, error),
        Err(error) => Some(internal_error(&error)),
    }
}
