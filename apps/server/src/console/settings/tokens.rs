//! `GET|POST /staff/settings/tokens`: the member's own API tokens — every member may issue
//! tokens acting as themself (shown once, in a read-only field with a copy button) and
//! revoke them.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{
    ApiToken, ApiTokenLabel, CreateMyApiTokenError, NewApiToken, RevokeApiTokenError,
};
use frontdesk_kernel::ApiTokenId;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::fields::{
    FieldErrors, date_value, form_expired, id_from_path, machine_time, parse_date, when,
};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/tokens";

/// How long a new token lives unless the member chooses otherwise, in days.
const DEFAULT_DAYS: i64 = 90;

/// What the new-token form sends.
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    label: String,
    /// The day the token stops working (`YYYY-MM-DD`, at 00:00 UTC).
    #[serde(default)]
    expires_on: String,
}

impl TokenForm {
    /// The form as it first shows: no label, expiring after [`DEFAULT_DAYS`].
    fn blank(now: OffsetDateTime) -> Self {
        Self {
            expires_on: date_value((now + Duration::days(DEFAULT_DAYS)).date()),
            ..Self::default()
        }
    }

    /// The token to issue, or the errors to show beside the fields.
    fn request(&self, t: Texts) -> Result<NewApiToken, FieldErrors> {
        let mut errors = FieldErrors::new();
        let label = ApiTokenLabel::parse(self.label.trim())
            .map_err(|_| errors.add("label", t.get("settings-tokens-error-label")))
            .ok();
        let expires_at = parse_date(&self.expires_on)
            .map(|day| day.midnight().assume_utc())
            .or_else(|| {
                errors.add("expires_on", t.get("settings-tokens-error-date"));
                None
            });
        match (label, expires_at) {
            (Some(label), Some(expires_at)) => Ok(NewApiToken {
                label,
                expires_at: Some(expires_at),
            }),
            _ => Err(errors),
        }
    }
}

/// What a revoke button sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RevokeForm {
    #[serde(default)]
    csrf: String,
}

/// A token's state in words: active, expired or revoked.
fn state_key(token: &ApiToken, now: OffsetDateTime) -> &'static str {
    if token.revoked_at.is_some() {
        "settings-tokens-state-revoked"
    } else if token.is_usable(now) {
        "settings-tokens-state-active"
    } else {
        "settings-tokens-state-expired"
    }
}

fn token_row(console: &Console, token: &ApiToken, now: OffsetDateTime) -> Markup {
    let t = console.texts;
    html! {
        tr {
            td { (token.label) }
            td { time datetime=(machine_time(token.created_at)) { (when(token.created_at)) } }
            td {
                @if let Some(at) = token.expires_at {
                    time datetime=(machine_time(at)) { (when(at)) }
                } @else {
                    (t.get("settings-tokens-never"))
                }
            }
            td { span.badge { (t.get(state_key(token, now))) } }
            td {
                @if token.is_usable(now) {
                    form method="post" action={ (PATH) "/" (token.id) "/revoke" } {
                        input type="hidden" name="csrf" value=(console.csrf);
                        button.danger type="submit"
                            aria-label=(t.with("settings-tokens-revoke-named", &[("label", Arg::from(token.label.as_str()))])) {
                            (t.get("settings-tokens-revoke"))
                        }
                    }
                }
            }
        }
    }
}

/// The just-issued secret, shown this once.
fn new_token(t: Texts, secret: &str) -> Markup {
    html! {
        section.card role="status" aria-labelledby="new-token-title" {
            h2 #new-token-title { (t.get("settings-tokens-new-title")) }
            p { (t.get("settings-tokens-new-hint")) }
            label for="new-token" { (t.get("settings-tokens-token")) }
            div.inline {
                input #new-token type="text" readonly value=(secret) autocomplete="off" spellcheck="false";
                button.secondary type="button" data-copy="new-token" data-copied=(t.get("settings-tokens-copied")) hidden {
                    (t.get("settings-tokens-copy"))
                }
            }
            span #new-token-status role="status" {}
        }
    }
}

async fn render(
    app: &AppState,
    console: &Console,
    status: StatusCode,
    form: &TokenForm,
    errors: &FieldErrors,
    secret: Option<&str>,
) -> Response {
    let tokens = match app.access.my_api_tokens(&console.actor).await {
        Ok(tokens) => tokens,
        Err(error) => return internal_error(&error),
    };
    let now = OffsetDateTime::now_utc();
    let t = console.texts;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-tokens-title")) }
        p.hint { (t.get("settings-tokens-hint")) }
        @if let Some(secret) = secret { (new_token(t, secret)) }
        @if tokens.is_empty() {
            p { (t.get("settings-tokens-none")) }
        } @else {
            table.list {
                caption.visually-hidden { (t.get("settings-tokens-title")) }
                thead {
                    tr {
                        th scope="col" { (t.get("settings-tokens-label")) }
                        th scope="col" { (t.get("settings-tokens-created")) }
                        th scope="col" { (t.get("settings-tokens-expires")) }
                        th scope="col" { (t.get("settings-tokens-state")) }
                        th scope="col" { span.visually-hidden { (t.get("settings-staff-actions")) } }
                    }
                }
                tbody { @for token in &tokens { (token_row(console, token, now)) } }
            }
        }
        section.card aria-labelledby="create-token-title" {
            h2 #create-token-title { (t.get("settings-tokens-create-title")) }
            form method="post" action=(PATH) novalidate {
                input type="hidden" name="csrf" value=(console.csrf);
                label for="token-label" { (t.get("settings-tokens-label")) }
                input #token-label type="text" name="label" value=(form.label) required maxlength="100"
                    aria-invalid=[errors.invalid("label")] aria-describedby=[errors.described_by("label")];
                (errors.beside("label"))
                label for="token-expires" { (t.get("settings-tokens-expires-on")) }
                input #token-expires type="date" name="expires_on" value=(form.expires_on) required
                    aria-invalid=[errors.invalid("expires_on")]
                    aria-describedby=(errors.described_by("expires_on").unwrap_or_else(|| "token-expires-hint".into()));
                small #token-expires-hint { (t.get("settings-tokens-expires-hint")) }
                (errors.beside("expires_on"))
                button type="submit" { (t.get("settings-tokens-create")) }
            }
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Settings,
        &t.get("settings-tokens-title"),
        &body,
    )
}

/// `GET /staff/settings/tokens` (every member, for themself).
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    let form = TokenForm::blank(OffsetDateTime::now_utc());
    render(
        &app,
        &console,
        StatusCode::OK,
        &form,
        &FieldErrors::new(),
        None,
    )
    .await
}

/// `POST /staff/settings/tokens`: issues a token and shows it once.
pub(super) async fn create(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<TokenForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    let t = console.texts;
    let invalid = |errors: FieldErrors| {
        let (app, console, form) = (&app, &console, &form);
        async move {
            render(
                app,
                console,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                &errors,
                None,
            )
            .await
        }
    };
    let request = match form.request(t) {
        Ok(request) => request,
        Err(errors) => return invalid(errors).await,
    };
    let date_error = |key: &str, args: &[(&'static str, Arg)]| {
        let mut errors = FieldErrors::new();
        errors.add("expires_on", t.with(key, args));
        errors
    };
    match app
        .access
        .create_my_api_token(&console.actor, request)
        .await
    {
        Ok(created) => {
            let blank = TokenForm::blank(OffsetDateTime::now_utc());
            render(
                &app,
                &console,
                StatusCode::OK,
                &blank,
                &FieldErrors::new(),
                Some(created.secret.expose()),
            )
            .await
        }
        Err(CreateMyApiTokenError::ExpiryRequired | CreateMyApiTokenError::ExpiryNotInFuture) => {
            invalid(date_error("settings-tokens-error-past", &[])).await
        }
        Err(CreateMyApiTokenError::ExpiryTooLate { max_days }) => {
            invalid(date_error(
                "settings-tokens-error-too-late",
                &[("days", Arg::from(max_days))],
            ))
            .await
        }
        Err(error) => internal_error(&error),
    }
}

/// `POST /staff/settings/tokens/{id}/revoke`.
pub(super) async fn revoke(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<RevokeForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    let Some(id) = id_from_path::<ApiTokenId>(&id) else {
        return frame::not_found(&console, Section::Settings);
    };
    match app.access.revoke_api_token(&console.actor, id).await {
        Ok(()) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Success,
            "flash-settings-token-revoked",
        ),
        Err(RevokeApiTokenError::NotFound) => frame::not_found(&console, Section::Settings),
        Err(RevokeApiTokenError::Forbidden(_)) => frame::forbidden(&console),
        Err(error) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_new_token_expires_at_the_start_of_the_chosen_day() {
        let t = Texts::new(Language::En);
        let now = datetime!(2026-12-01 16:00 UTC);
        assert_eq!(TokenForm::blank(now).expires_on, "2027-03-01");
        let form = TokenForm {
            label: " laptop ".into(),
            ..TokenForm::blank(now)
        };
        let request = form.request(t).unwrap();
        assert_eq!(request.label.as_str(), "laptop");
        assert_eq!(request.expires_at, Some(datetime!(2027-03-01 0:00 UTC)));
        let errors = TokenForm {
            label: String::new(),
            expires_on: "soon".into(),
            ..TokenForm::default()
        }
        .request(t)
        .unwrap_err();
        assert!(errors.get("label").is_some() && errors.get("expires_on").is_some());
    }
}
