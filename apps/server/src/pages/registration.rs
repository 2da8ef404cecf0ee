//! `GET|POST /r/{token}`: sign-up through a registration link, in the link's language. The
//! form and its answers are `portal::signup`'s; a closed link answers 410 saying why and
//! whom to ask, an unknown one 404.

use axum::Form;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_registration::SignUpVia;

use crate::extract::ClientIp;
use crate::links;
use crate::pages::brand::presented;
use crate::pages::not_found;
use crate::portal::signup::{FormErrors, SignUpInput, form_page, submit_sign_up, target_failure};
use crate::state::AppState;

/// `GET /r/{token}`: the sign-up form.
pub async fn show(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    match app.sign_up.sign_up_target(SignUpVia::Link(&token)).await {
        Ok((organisation, _, language)) => form_page(
            StatusCode::OK,
            &presented(&app, organisation).await,
            language,
            &format!("{}{token}", links::REGISTRATION),
            &SignUpInput::default(),
            &FormErrors::default(),
        ),
        Err(error) => target_failure(&error),
    }
}

/// `POST /r/{token}`: signs up; always the same "check your email" page once taken.
pub async fn submit(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    ClientIp(client_ip): ClientIp,
    Form(input): Form<SignUpInput>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    let action = format!("{}{token}", links::REGISTRATION);
    submit_sign_up(&app, SignUpVia::Link(&token), &action, client_ip, input).await
}
