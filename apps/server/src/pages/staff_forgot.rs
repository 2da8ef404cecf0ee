//! `GET|POST /staff/forgot`: "Forgot your password?" for staff. The form asks for the
//! organisation and the address (both prefilled from `?org=&email=`, as the sign-in page's
//! link and the `account_exists` mail send them); its `POST` (CSRF-checked as the sign-in
//! form is) answers with the same "if an account exists, we sent a link" page whatever the
//! fields name, and 429 with `Retry-After` when the address has asked too often. For an
//! enabled staff user the access use case issues the one-time `/a/{token}` link (which the
//! set-password page opens), and the `password_reset` mail goes into the outbox right
//! after, in a unit of work of its own.

use axum::Form;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_access::{
    RequestStaffPasswordReset, RequestStaffPasswordResetError, StaffPasswordReset,
};
use frontdesk_kernel::{Language, TransactionRunner, percent_encode};
use frontdesk_l10n::Texts;
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind, mail_time};
use maud::html;
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::csrf;
use crate::extract::{ClientIp, cookie};
use crate::pages::login::{LoginQuery, set_cookie};
use crate::pages::{internal_error, page, preferred_language};
use crate::state::AppState;

/// Fields of the "forgot your password?" form.
#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    /// Organisation slug.
    #[serde(default)]
    pub organisation: String,
    /// Address.
    #[serde(default)]
    pub email: String,
    /// Double-submit CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// The path of this page with `organisation` (and `email`, when not empty) prefilled.
pub(crate) fn forgot_path(organisation: &str, email: &str) -> String {
    let mut path = format!("/staff/forgot?org={}", percent_encode(organisation.trim()));
    if !email.trim().is_empty() {
        path.push_str("&email=");
        path.push_str(&percent_encode(email.trim()));
    }
    path
}

/// The sign-in page's path with the same fields prefilled.
fn sign_in_path(organisation: &str, email: &str) -> String {
    format!(
        "/staff/login?org={}&email={}",
        percent_encode(organisation.trim()),
        percent_encode(email.trim())
    )
}

fn forgot_page(
    app: &AppState,
    status: StatusCode,
    language: Language,
    organisation: &str,
    email: &str,
    error: Option<&str>,
) -> Response {
    let t = Texts::new(language);
    let csrf = csrf::new_form_token();
    let title = t.get("staff-forgot-title");
    let body = html! {
        h1 { (title) }
        p { (t.get("staff-forgot-intro")) }
        @if let Some(error) = error {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" action="/staff/forgot" {
            input type="hidden" name="csrf" value=(csrf);
            label for="organisation" { (t.get("sign-in-organisation")) }
            input #organisation type="text" name="organisation" value=(organisation) required autocomplete="organization";
            label for="email" { (t.get("sign-in-email")) }
            input #email type="email" name="email" value=(email) required autocomplete="username";
            button type="submit" { (t.get("staff-forgot-submit")) }
        }
        p { a href=(sign_in_path(organisation, email)) { (t.get("staff-forgot-back")) } }
    };
    let mut response = page(status, language, &title, &body);
    set_cookie(
        &mut response,
        &app.cookies.set(app.cookies.csrf_name(), &csrf, Some(3600)),
    );
    response
}

/// The answer to every accepted request, whatever it named.
fn sent_page(language: Language, organisation: &str, email: &str) -> Response {
    let t = Texts::new(language);
    let title = t.get("staff-forgot-sent-title");
    let body = html! {
        h1 { (title) }
        p { (t.get("staff-forgot-sent")) }
        p { a href=(sign_in_path(organisation, email)) { (t.get("staff-forgot-back")) } }
    };
    page(StatusCode::OK, language, &title, &body)
}

/// `GET /staff/forgot`: asks for the organisation and the address.
pub async fn show_forgot(
    State(app): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LoginQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    forgot_page(
        &app,
        StatusCode::OK,
        preferred_language(&headers),
        query.org.as_deref().unwrap_or_default(),
        query.email.as_deref().unwrap_or_default(),
        None,
    )
}

/// The `password_reset` mail carrying `reset`'s link, in the user's language.
fn reset_mail(reset: &StaffPasswordReset) -> NewMail {
    let user = &reset.user;
    let name = user.name.as_str();
    NewMail {
        org_id: user.org_id,
        to: user.email.clone(),
        to_name: Some(user.name.clone()),
        kind: TemplateKind::PasswordReset,
        language: user.language.unwrap_or(reset.organisation.default_language),
        data: serde_json::json!({
            "action_url": reset.link.url.expose_secret(),
            "expires_at": mail_time(reset.link.expires_at),
            "login": user.email.as_str(),
            "name": name,
            "recipient_name": name,
            "organisation_name": reset.organisation.name.as_str(),
        }),
        unsubscribe_url: None,
    }
}

/// Puts the reset mail in the outbox. A recipient limit holding it back is no failure:
/// the person was mailed very recently, and the page answers the same.
async fn queue_reset_mail(app: &AppState, reset: &StaffPasswordReset) {
    let queued = async {
        let mut uow = app.database.begin().await?;
        match app.messaging.enqueue(uow.as_mut(), reset_mail(reset)).await {
            Ok(_) => {}
            Err(EnqueueError::RecipientLimited { .. }) => return Ok(()),
            Err(error) => return Err(error.into()),
        }
        uow.commit().await?;
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    if let Err(error) = queued {
        tracing::error!(%error, user = %reset.user.id, "the password reset mail was not queued");
    }
}

/// `POST /staff/forgot`: issues and mails a reset link when the fields name an enabled
/// staff user; the same "check your email" page either way.
pub async fn submit_forgot(
    State(app): State<AppState>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> Response {
    let language = preferred_language(&headers);
    let organisation = form.organisation.trim();
    let email = form.email.trim();
    if !csrf::matches(cookie(&headers, app.cookies.csrf_name()), &form.csrf) {
        return forgot_page(
            &app,
            StatusCode::BAD_REQUEST,
            language,
            organisation,
            email,
            Some("sign-in-expired"),
        );
    }
    let request = RequestStaffPasswordReset {
        organisation: organisation.to_owned(),
        email: email.to_owned(),
        client_ip,
    };
    match app.access.request_password_reset(request).await {
        Ok(reset) => {
            if let Some(reset) = reset {
                queue_reset_mail(&app, &reset).await;
            }
            sent_page(language, organisation, email)
        }
        Err(RequestStaffPasswordResetError::Throttled {
            retry_after_seconds,
        }) => {
            let mut response = forgot_page(
                &app,
                StatusCode::TOO_MANY_REQUESTS,
                language,
                organisation,
                email,
                Some("staff-forgot-throttled"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            response
        }
        Err(error) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::{forgot_path, percent_encode};

    #[test]
    fn the_prefilled_path_encodes_its_values() {
        assert_eq!(percent_encode("a+b@x.example"), "a%2Bb%40x.example");
        assert_eq!(forgot_path(" acme ", ""), "/staff/forgot?org=acme");
        assert_eq!(
            forgot_path("acme", "a&b@x.example"),
            "/staff/forgot?org=acme&email=a%26b%40x.example"
        );
    }
}
