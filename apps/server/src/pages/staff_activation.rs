//! `/a/{token}` for the activation link a staff registration link's sign-up mails.
//! `pages::activation` asks here first. `GET` shows the confirm button and uses nothing;
//! its `POST` (CSRF-checked as the contact users' activation is) activates the staff user
//! and signs them in to the console exactly as `/staff/login` does (the staff session
//! cookie, 303 to `/staff`). A used link sends them to `/staff/login` with their
//! organisation and address filled in — never a session; an expired one, or a
//! registration link that closed meanwhile, is a 410 page saying whom to ask.

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use frontdesk_access::Organisation;
use frontdesk_kernel::percent_encode;
use frontdesk_registration::{ActivateStaffError, StaffActivationError};

use super::activation::{confirm_page, message};
use super::setup::SetPasswordForm;
use crate::csrf;
use crate::extract::cookie;
use crate::pages::internal_error;
use crate::pages::login::staff_signed_in;
use crate::portal::frame::see_other;
use crate::state::AppState;

/// The staff sign-in page with the organisation and `email` filled in.
fn staff_sign_in_with(organisation: &Organisation, email: &str) -> Response {
    see_other(&format!(
        "/staff/login?org={}&email={}",
        percent_encode(organisation.slug.as_str()),
        percent_encode(email)
    ))
}

/// The answer for a link that does not open (`None`: not a staff activation link).
fn link_problem(error: StaffActivationError) -> Option<Response> {
    match error {
        StaffActivationError::NotStaffActivation => None,
        StaffActivationError::Expired {
            organisation,
            language,
        } => Some(message(
            StatusCode::GONE,
            &organisation,
            language,
            "activation-expired-title",
            "staff-activation-expired-text",
        )),
        StaffActivationError::Used {
            organisation,
            email,
        } => Some(staff_sign_in_with(&organisation, email.as_str())),
        StaffActivationError::Repository(error) => Some(internal_error(&error)),
    }
}

/// `GET /a/{token}` of a staff activation link: the confirm page; `None` when `token` is
/// no staff activation link.
pub(super) async fn show(app: &AppState, token: &str) -> Option<Response> {
    match app.sign_up.open_staff_activation(token).await {
        Ok(view) => Some(confirm_page(app, &view)),
        Err(error) => link_problem(error),
    }
}

/// `POST /a/{token}` of a staff activation link: activates and signs in to the console;
/// `None` when `token` is no staff activation link.
pub(super) async fn submit(
    app: &AppState,
    token: &str,
    headers: &HeaderMap,
    form: &SetPasswordForm,
) -> Option<Response> {
    let view = match app.sign_up.open_staff_activation(token).await {
        Ok(view) => view,
        Err(error) => return link_problem(error),
    };
    if !csrf::matches(cookie(headers, app.cookies.csrf_name()), &form.csrf) {
        // A stale form: show the confirm button again; nothing was used.
        return Some(confirm_page(app, &view));
    }
    Some(match app.sign_up.activate_staff(token).await {
        Ok(activated) => staff_signed_in(app, &activated.signed_in),
        Err(ActivateStaffError::Link(error)) => {
            link_problem(error).unwrap_or_else(crate::pages::not_found)
        }
        Err(ActivateStaffError::RegistrationClosed {
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
        Err(ActivateStaffError::Repository(error)) => internal_error(&error),
    })
}
