//! `/u/{token}`: notification unsubscribe. `GET` shows a confirmation page (mail scanners
//! change nothing); `POST` unsubscribes — including the RFC 8058 one-click `POST` mail
//! clients send with `List-Unsubscribe=One-Click`, which needs no cookie and no CSRF token.

use axum::Form as HtmlForm;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_cases::UnsubscribeError;
use maud::html;
use serde::Deserialize;

use crate::pages::i18n::{Text, t};
use crate::pages::{internal_error, not_found, page};
use crate::state::AppState;

fn failure(error: &UnsubscribeError) -> Response {
    match error {
        UnsubscribeError::Invalid => not_found(),
        UnsubscribeError::Repository(error) => internal_error(error),
    }
}

/// `GET /u/{token}`.
pub async fn show(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    let view = match app.cases.unsubscribe_view(&token).await {
        Ok(view) => view,
        Err(error) => return failure(&error),
    };
    let language = view.language;
    let body = html! {
        p.hint { (view.organisation_name) }
        h1 { (t(language, Text::UnsubscribeTitle)) }
        p { (view.email) " · " (view.case_number) " — " (view.case_title) }
        form method="post" {
            input type="hidden" name="scope" value="case";
            button type="submit" { (t(language, Text::UnsubscribeCase)) }
        }
        form method="post" {
            input type="hidden" name="scope" value="all";
            button type="submit" { (t(language, Text::UnsubscribeAll)) }
        }
    };
    page(
        StatusCode::OK,
        language,
        t(language, Text::UnsubscribeTitle),
        &body,
    )
}

/// Body of an unsubscribe `POST`: the page's `scope`, or RFC 8058's
/// `List-Unsubscribe=One-Click` (which unsubscribes from the case).
#[derive(Debug, Deserialize, Default)]
pub struct UnsubscribeForm {
    /// `case` or `all`.
    pub scope: Option<String>,
    /// RFC 8058 one-click marker.
    #[serde(rename = "List-Unsubscribe")]
    pub one_click: Option<String>,
}

/// `POST /u/{token}`.
pub async fn unsubscribe(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
    form: Result<HtmlForm<UnsubscribeForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    let form = form.map(|HtmlForm(form)| form).unwrap_or_default();
    let everything = form.one_click.is_none() && form.scope.as_deref() == Some("all");
    let view = match app.cases.unsubscribe_view(&token).await {
        Ok(view) => view,
        Err(error) => return failure(&error),
    };
    if let Err(error) = app.cases.unsubscribe(&token, everything).await {
        return failure(&error);
    }
    let language = view.language;
    let body = html! {
        h1 { (t(language, Text::UnsubscribedTitle)) }
        p role="status" { (t(language, Text::UnsubscribedText)) }
    };
    page(
        StatusCode::OK,
        language,
        t(language, Text::UnsubscribedTitle),
        &body,
    )
}
