//! `GET|POST /o/{org}/login`, `POST /o/{org}/logout` and `GET|POST /o/{org}/forgot`.
//! Sign-in answers one text for every failure but throttling (429 with `Retry-After`) and
//! an expired temporary password (which says to ask for a new one); "forgot" answers the
//! same page whatever was typed.

use axum::Form;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_contacts::{
    ContactSignInAttempt, ContactSignInError, ContactSignedIn, RequestPasswordReset,
    RequestPasswordResetError,
};
use frontdesk_l10n::Texts;
use maud::html;
use secrecy::SecretString;
use serde::Deserialize;

use super::frame::{self, see_other};
use super::session::{Visitor, secret, visitor};
use crate::csrf;
use crate::extract::{ClientIp, cookie};
use crate::pages::login::set_cookie;
use crate::state::AppState;

/// Query of `GET /o/{org}/login`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct LoginQuery {
    /// The username or email to fill in.
    pub login: Option<String>,
}

/// Fields of the sign-in form (DESIGN §5.2: `login`, `password`).
#[derive(Debug, Deserialize)]
pub(crate) struct LoginForm {
    /// Username or email.
    #[serde(default)]
    pub login: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Double-submit CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Fields of the "forgot password" form.
#[derive(Debug, Deserialize)]
pub(crate) struct ForgotForm {
    /// Username or email.
    #[serde(default)]
    pub login: String,
    /// Double-submit CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Fields of the sign-out form.
#[derive(Debug, Deserialize)]
pub(crate) struct LogoutForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Adds a fresh double-submit CSRF cookie to `response` for the form token `token`.
pub(crate) fn with_form_token(app: &AppState, mut response: Response, token: &str) -> Response {
    set_cookie(
        &mut response,
        &app.cookies.set(app.cookies.csrf_name(), token, Some(3600)),
    );
    response
}

/// Adds `Retry-After: seconds`.
pub(crate) fn retry_after(mut response: Response, seconds: u64) -> Response {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

fn login_page(
    app: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    login: &str,
    errors: &[&str],
) -> Response {
    let t = visitor.t;
    let token = csrf::new_form_token();
    let title = t.get("portal-login-title");
    let body = html! {
        h1 { (title) }
        p { (t.with("portal-login-intro", &[("organisation", visitor.org.name.as_str().into())])) }
        @for error in errors {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" action=(visitor.path("/login")) {
            input type="hidden" name="csrf" value=(token);
            label for="login" { (t.get("portal-login-login")) }
            input #login type="text" name="login" value=(login) required autocomplete="username" autocapitalize="none" spellcheck="false";
            label for="password" { (t.get("portal-login-password")) }
            input #password type="password" name="password" required autocomplete="current-password";
            button type="submit" { (t.get("portal-login-submit")) }
        }
        p { a href=(visitor.path("/forgot")) { (t.get("portal-login-forgot")) } }
        @if visitor.portal.allows_sign_up() {
            p { a href=(visitor.path("/signup")) { (t.get("signup-link")) } }
        }
    };
    with_form_token(
        app,
        frame::page(status, &visitor.org, t, None, &title, &body),
        &token,
    )
}

/// `GET /o/{org}/login`: the sign-in form (home when already signed in).
pub(crate) async fn show(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    query: Result<Query<LoginQuery>, QueryRejection>,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    if let Some(raw) = secret(&app, &headers)
        && app
            .contact_users
            .authenticate(visitor.org.id, raw)
            .await
            .is_ok()
    {
        return see_other(&visitor.path("/"));
    }
    let login = query.ok().and_then(|Query(q)| q.login).unwrap_or_default();
    login_page(&app, &visitor, StatusCode::OK, login.trim(), &[])
}

/// The answer to a successful sign-in (also after a password link): the new session's
/// cookie, and a 303 to the password page when it must change, else home.
pub(crate) fn signed_in_response(
    app: &AppState,
    visitor_base: &str,
    signed_in: &ContactSignedIn,
) -> Response {
    let to = if signed_in.user.must_change_password {
        format!("{visitor_base}/password")
    } else {
        format!("{visitor_base}/")
    };
    let max_age = (signed_in.session.expires_at - signed_in.session.created_at).whole_seconds();
    let mut response = see_other(&to);
    set_cookie(
        &mut response,
        &app.cookies.set(
            app.cookies.portal_session_name(),
            signed_in.secret.expose(),
            Some(max_age.max(0)),
        ),
    );
    set_cookie(&mut response, &app.cookies.clear(app.cookies.csrf_name()));
    response
}

/// `POST /o/{org}/login`: signs in with a new session.
pub(crate) async fn submit(
    State(app): State<AppState>,
    Path(org): Path<String>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    let login = form.login.trim().to_owned();
    if !csrf::matches(cookie(&headers, app.cookies.csrf_name()), &form.csrf) {
        return login_page(
            &app,
            &visitor,
            StatusCode::BAD_REQUEST,
            &login,
            &["portal-form-expired"],
        );
    }
    let attempt = ContactSignInAttempt {
        organisation: visitor.org.slug.as_str().to_owned(),
        login: login.clone(),
        password: SecretString::from(form.password),
        client_ip,
    };
    match app.contact_users.sign_in(attempt).await {
        Ok(signed_in) => signed_in_response(&app, &visitor.path(""), &signed_in),
        Err(ContactSignInError::InvalidCredentials) => login_page(
            &app,
            &visitor,
            StatusCode::UNAUTHORIZED,
            &login,
            &["portal-login-wrong"],
        ),
        Err(ContactSignInError::Throttled {
            retry_after_seconds,
        }) => retry_after(
            login_page(
                &app,
                &visitor,
                StatusCode::TOO_MANY_REQUESTS,
                &login,
                &["portal-login-wrong", "portal-login-throttled"],
            ),
            retry_after_seconds,
        ),
        Err(ContactSignInError::TemporaryPasswordExpired) => expired_temporary(&visitor),
        Err(ContactSignInError::Busy) => retry_after(
            login_page(
                &app,
                &visitor,
                StatusCode::TOO_MANY_REQUESTS,
                &login,
                &["portal-busy"],
            ),
            2,
        ),
        Err(error) => frame::failed(&visitor.org, visitor.t, None, &error),
    }
}

fn expired_temporary(visitor: &Visitor) -> Response {
    let t = visitor.t;
    let forgot = visitor.path("/forgot");
    frame::message(
        StatusCode::UNAUTHORIZED,
        &visitor.org,
        t,
        None,
        (
            &t.get("portal-login-expired-title"),
            &t.with(
                "portal-login-expired-text",
                &[("organisation", visitor.org.name.as_str().into())],
            ),
        ),
        (&forgot, &t.get("portal-login-forgot")),
    )
}

/// `POST /o/{org}/logout`: ends the session (with its CSRF token) and returns to sign-in.
pub(crate) async fn logout(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    if let Some(raw) = secret(&app, &headers) {
        if !csrf::matches(csrf::for_session(raw).as_deref(), &form.csrf) {
            let t = visitor.t;
            let home = visitor.path("/");
            return frame::message(
                StatusCode::BAD_REQUEST,
                &visitor.org,
                t,
                None,
                (&t.get("portal-sign-out"), &t.get("portal-form-expired")),
                (&home, &t.get("portal-back-home")),
            );
        }
        if let Err(error) = app.contact_users.sign_out(raw).await {
            return frame::failed(&visitor.org, visitor.t, None, &error);
        }
    }
    let mut response = see_other(&visitor.path("/login"));
    set_cookie(
        &mut response,
        &app.cookies.clear(app.cookies.portal_session_name()),
    );
    response
}

fn forgot_page(
    app: &AppState,
    visitor: &Visitor,
    status: StatusCode,
    login: &str,
    error: Option<&str>,
) -> Response {
    let t: Texts = visitor.t;
    let token = csrf::new_form_token();
    let title = t.get("portal-forgot-title");
    let body = html! {
        h1 { (title) }
        p { (t.get("portal-forgot-intro")) }
        @if let Some(error) = error {
            p.error role="alert" { (t.get(error)) }
        }
        form method="post" action=(visitor.path("/forgot")) {
            input type="hidden" name="csrf" value=(token);
            label for="login" { (t.get("portal-forgot-login")) }
            input #login type="text" name="login" value=(login) required autocomplete="username" autocapitalize="none" spellcheck="false";
            button type="submit" { (t.get("portal-forgot-submit")) }
        }
        p { a href=(visitor.path("/login")) { (t.get("portal-back-to-sign-in")) } }
    };
    with_form_token(
        app,
        frame::page(status, &visitor.org, t, None, &title, &body),
        &token,
    )
}

/// `GET /o/{org}/forgot`: asks for the username or email.
pub(crate) async fn show_forgot(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
) -> Response {
    match visitor(&app, &org, &headers).await {
        Ok(visitor) => forgot_page(&app, &visitor, StatusCode::OK, "", None),
        Err(response) => response,
    }
}

/// `POST /o/{org}/forgot`: mails a reset link when the login names an account; the same
/// "check your email" page either way.
pub(crate) async fn submit_forgot(
    State(app): State<AppState>,
    Path(org): Path<String>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> Response {
    let visitor = match visitor(&app, &org, &headers).await {
        Ok(visitor) => visitor,
        Err(response) => return response,
    };
    let login = form.login.trim().to_owned();
    if !csrf::matches(cookie(&headers, app.cookies.csrf_name()), &form.csrf) {
        return forgot_page(
            &app,
            &visitor,
            StatusCode::BAD_REQUEST,
            &login,
            Some("portal-form-expired"),
        );
    }
    let request = RequestPasswordReset {
        organisation: visitor.org.slug.as_str().to_owned(),
        login,
        client_ip,
    };
    match app.contact_users.request_password_reset(request).await {
        Ok(()) => {
            let t = visitor.t;
            let sign_in = visitor.path("/login");
            frame::message(
                StatusCode::OK,
                &visitor.org,
                t,
                None,
                (
                    &t.get("portal-forgot-sent-title"),
                    &t.get("portal-forgot-sent"),
                ),
                (&sign_in, &t.get("portal-back-to-sign-in")),
            )
        }
        Err(RequestPasswordResetError::Throttled {
            retry_after_seconds,
        }) => retry_after(
            forgot_page(
                &app,
                &visitor,
                StatusCode::TOO_MANY_REQUESTS,
                &form.login,
                Some("portal-login-throttled"),
            ),
            retry_after_seconds,
        ),
        Err(error) => frame::failed(&visitor.org, visitor.t, None, &error),
    }
}
