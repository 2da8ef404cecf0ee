//! `GET|POST /staff/settings/embed`: the websites allowed to embed the organisation's
//! forms (members who may manage the organisation), one origin per line. Each bad line is
//! named beside the field in the member's language, with what was typed kept and nothing
//! saved (422); a saved list answers 303 with a flash.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{EmbedOrigin, MAX_EMBED_ORIGINS, Permission, SetEmbedOriginsError};
use frontdesk_l10n::{Arg, Texts};
use maud::html;
use serde::Deserialize;

use super::fields::{FieldErrors, form_expired};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/embed";

/// What the page's form sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct EmbedForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    origins: String,
}

/// The origins typed one per line (blank lines ignored), or the errors to show beside the
/// field, each naming its line.
fn parse_lines(t: Texts, text: &str) -> Result<Vec<EmbedOrigin>, FieldErrors> {
    let mut origins = Vec::new();
    let mut messages = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match EmbedOrigin::parse(line) {
            Ok(origin) => {
                if !origins.contains(&origin) {
                    origins.push(origin);
                }
            }
            Err(_) => messages.push(t.with(
                "embed-settings-error-origin",
                &[
                    ("line", Arg::from((index + 1) as u64)),
                    ("message", Arg::from(EmbedOrigin::DESCRIPTION)),
                ],
            )),
        }
    }
    if origins.len() > MAX_EMBED_ORIGINS {
        messages.push(too_many(t));
    }
    if messages.is_empty() {
        Ok(origins)
    } else {
        let mut errors = FieldErrors::new();
        errors.add("origins", messages.join(" "));
        Err(errors)
    }
}

fn too_many(t: Texts) -> String {
    t.with(
        "embed-settings-error-too-many",
        &[("max", Arg::from(MAX_EMBED_ORIGINS as u64))],
    )
}

fn render(
    console: &Console,
    app: &AppState,
    status: StatusCode,
    text: &str,
    errors: &FieldErrors,
) -> Response {
    let t = console.texts;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("embed-settings-title")) }
        p.hint { (t.get("embed-settings-intro")) }
        form.card method="post" action=(PATH) novalidate {
            input type="hidden" name="csrf" value=(console.csrf);
            label for="embed-origins" { (t.get("embed-settings-origins")) }
            textarea #embed-origins name="origins" rows="6" spellcheck="false"
                aria-invalid=[errors.invalid("origins")]
                aria-describedby=(errors.described_by("origins").unwrap_or_else(|| "embed-origins-hint".into())) { (text) }
            small #embed-origins-hint {
                (t.with("embed-settings-origins-hint", &[("max", Arg::from(MAX_EMBED_ORIGINS as u64))]))
            }
            (errors.beside("origins"))
            button type="submit" { (t.get("embed-settings-save")) }
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Settings,
        &t.get("embed-settings-title"),
        &body,
    )
}

/// `GET /staff/settings/embed`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageOrganisation) {
        return refused;
    }
    match app.embed.embed_origins(&console.actor).await {
        Ok(origins) => {
            let text: Vec<&str> = origins.iter().map(EmbedOrigin::as_str).collect();
            render(
                &console,
                &app,
                StatusCode::OK,
                &text.join("\n"),
                &FieldErrors::new(),
            )
        }
        Err(error) => internal_error(&error),
    }
}

/// `POST /staff/settings/embed`.
pub(super) async fn save(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<EmbedForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageOrganisation) {
        return refused;
    }
    let t = console.texts;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let origins = match parse_lines(t, &form.origins) {
        Ok(origins) => origins,
        Err(errors) => return render(&console, &app, unprocessable, &form.origins, &errors),
    };
    match app.embed.set_embed_origins(&console.actor, origins).await {
        Ok(_) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Success,
            "flash-embed-settings-saved",
        ),
        Err(SetEmbedOriginsError::Forbidden(_)) => frame::forbidden(&console),
        Err(SetEmbedOriginsError::TooMany) => {
            let mut errors = FieldErrors::new();
            errors.add("origins", too_many(t));
            render(&console, &app, unprocessable, &form.origins, &errors)
        }
        Err(SetEmbedOriginsError::Repository(error)) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;

    use super::*;

    #[test]
    fn one_origin_per_line_and_each_bad_line_named() {
        let t = Texts::new(Language::En);
        let origins = parse_lines(
            t,
            "https://www.acme.example/\n\n  http://127.0.0.1:4000 \nhttps://WWW.acme.example",
        )
        .unwrap();
        let origins: Vec<&str> = origins.iter().map(EmbedOrigin::as_str).collect();
        assert_eq!(
            origins,
            ["https://www.acme.example", "http://127.0.0.1:4000"]
        );
        assert!(parse_lines(t, "").unwrap().is_empty());
        let errors = parse_lines(t, "https://ok.example\nhttp://plain.example").unwrap_err();
        assert!(
            errors.get("origins").unwrap().contains("Line 2"),
            "{:?}",
            errors.get("origins")
        );
        let many: Vec<String> = (0..=MAX_EMBED_ORIGINS)
            .map(|i| format!("https://s{i}.example"))
            .collect();
        assert!(
            parse_lines(Texts::new(Language::Fr), &many.join("\n"))
                .unwrap_err()
                .get("origins")
                .is_some()
        );
    }
}
