//! Staff sign-in, sign-out and the signed-in console shell.

use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use frontdesk_access::{SignInAttempt, SignInError, SignedIn};
use frontdesk_kernel::Language;
use frontdesk_l10n::Texts;
use maud::html;
use secrecy::SecretString;
use serde::Deserialize;

use crate::csrf;
use crate::extract::{ClientIp, cookie};
use crate::pages::{internal_error, page, preferred_language};
use crate::state::AppState;

/// Query of `GET /staff/login` and `GET /staff/forgot`: what to prefill.
#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    /// Organisation slug to prefill.
    pub org: Option<String>,
    /// Address to prefill (a used activation link sends the person here with theirs).
    pub email: Option<String>,
}

/// Fields of the sign-in form.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    /// Organisation slug.
    #[serde(default)]
    pub organisation: String,
    /// Address.
    #[serde(default)]
    pub email: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Double-submit CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Fields of the sign-out form.
#[derive(Debug, Deserialize)]
pub struct LogoutForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Kept under its old name for the pages that import it from here.
pub use crate::csrf::matches as csrf_matches;

fn login_page(
    app: &AppState,
    status: StatusCode,
    language: Language,
    organisation: &str,
    email: &str,
    error: Option<&str>,
) -> Response {
    let t = Texts::new(language);
    let csrf = csrf::new_form_token();
    let title = t.get("sign-in-title");
    let body = html! {
        h1 { (title) }
        @if let Some(error) = error {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" action="/staff/login" {
            input type="hidden" name="csrf" value=(csrf);
            label for="organisation" { (t.get("sign-in-organisation")) }
            input #organisation type="text" name="organisation" value=(organisation) required autocomplete="organization";
            label for="email" { (t.get("sign-in-email")) }
            input #email type="email" name="email" value=(email) required autocomplete="username";
            label for="password" { (t.get("sign-in-password")) }
            input #password type="password" name="password" required autocomplete="current-password";
            button type="submit" { (t.get("sign-in-submit")) }
        }
        p { a href=(crate::pages::staff_forgot::forgot_path(organisation, email)) { (t.get("sign-in-forgot")) } }
    };
    let mut response = page(status, language, &title, &body);
    set_cookie(
        &mut response,
        &app.cookies.set(app.cookies.csrf_name(), &csrf, Some(3600)),
    );
    response
}

/// Appends a `Set-Cookie` header.
pub fn set_cookie(response: &mut Response, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}

/// `GET /staff/login`: the sign-in form (or the console when already signed in).
pub async fn show_login(
    State(app): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<LoginQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if let Some(raw) = cookie(&headers, app.cookies.session_name())
        && app.access.authenticate_session(raw).await.is_ok()
    {
        return Redirect::to("/staff").into_response();
    }
    let query = query.map(|Query(q)| q).unwrap_or_default();
    login_page(
        &app,
        StatusCode::OK,
        preferred_language(&headers),
        query.org.as_deref().unwrap_or_default(),
        query.email.as_deref().unwrap_or_default(),
        None,
    )
}

/// The answer to a started console session: its cookie (for the session's lifetime), the
/// sign-in form's CSRF cookie cleared, and 303 to `/staff`.
pub(crate) fn staff_signed_in(app: &AppState, signed_in: &SignedIn) -> Response {
    let max_age =
        (signed_in.session.absolute_expires_at - signed_in.session.created_at).whole_seconds();
    let mut response = Redirect::to("/staff").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    set_cookie(
        &mut response,
        &app.cookies.set(
            app.cookies.session_name(),
            signed_in.secret.expose(),
            Some(max_age),
        ),
    );
    set_cookie(&mut response, &app.cookies.clear(app.cookies.csrf_name()));
    response
}

/// `POST /staff/login`: signs in and sets the session cookie.
pub async fn login(
    State(app): State<AppState>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let language = preferred_language(&headers);
    if !csrf::matches(cookie(&headers, app.cookies.csrf_name()), &form.csrf) {
        return login_page(
            &app,
            StatusCode::BAD_REQUEST,
            language,
            &form.organisation,
            &form.email,
            Some("sign-in-expired"),
        );
    }
    let attempt = SignInAttempt {
        organisation: form.organisation.clone(),
        email: form.email.clone(),
        password: SecretString::from(form.password),
        client_ip,
    };
    match app.access.sign_in(attempt).await {
        Ok(signed_in) => staff_signed_in(&app, &signed_in),
        Err(SignInError::InvalidCredentials) => login_page(
            &app,
            StatusCode::UNAUTHORIZED,
            language,
            &form.organisation,
            &form.email,
            Some("sign-in-wrong"),
        ),
        Err(SignInError::Throttled {
            retry_after_seconds,
        }) => {
            let mut response = login_page(
                &app,
                StatusCode::TOO_MANY_REQUESTS,
                language,
                &form.organisation,
                &form.email,
                Some("sign-in-throttled"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            response
        }
        Err(SignInError::Busy) => {
            let mut response = login_page(
                &app,
                StatusCode::TOO_MANY_REQUESTS,
                language,
                &form.organisation,
                &form.email,
                Some("sign-in-busy"),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            response
        }
        Err(error) => internal_error(&error),
    }
}

/// `POST /staff/logout`: ends the session.
pub async fn logout(
    State(app): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    if let Some(raw) = cookie(&headers, app.cookies.session_name()) {
        let expected = app
            .access
            .authenticate_session(raw)
            .await
            .ok()
            .and_then(|_| csrf::for_session(raw));
        if !csrf::matches(expected.as_deref(), &form.csrf) {
            return crate::pages::message(
                StatusCode::BAD_REQUEST,
                "This form expired",
                "You are still signed in. Go back to the console and sign out from there.",
                Some(("/staff", "Back to the console")),
            );
        }
        if let Err(error) = app.access.sign_out(raw).await {
            return internal_error(&error);
        }
    }
    let mut response = Redirect::to("/staff/login").into_response();
    *response.status_mut() = StatusCode::SEE_OTHER;
    set_cookie(
        &mut response,
        &app.cookies.clear(app.cookies.session_name()),
    );
    response
}
