//! `GET /staff/settings/mail…`: the mail templates, per kind and language — an editor of
//! subject, HTML and text with the placeholders the kind needs, Save (legacy `<CompanyName>`
//! placeholders are converted by the domain), Preview with sample data (a page of its own,
//! no JavaScript needed), and Reset to default (members who may manage mail templates).

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use frontdesk_access::Permission;
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_messaging::template::LEGACY_PLACEHOLDERS;
use frontdesk_messaging::{
    MailTemplate, RenderedMail, TemplateAdminError, TemplateKind, TemplateRuleError,
};
use maud::{Markup, html};
use serde::Deserialize;

use super::fields::{FieldErrors, form_expired};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/mail";

/// The policy of a rendered HTML preview: no script, no network but https images, styles
/// inline as mail has them, in a sandbox of its own origin.
const PREVIEW_CSP: &str = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'";

/// The catalog key naming `kind`.
pub(super) fn kind_label(kind: TemplateKind) -> String {
    format!("settings-mail-kind-{}", kind.as_str().replace('_', "-"))
}

/// The editor's address for `kind` in `language`.
fn editor_path(kind: TemplateKind, language: Language) -> String {
    format!("{PATH}/{}/{}", kind.as_str(), language.code())
}

/// The kind and language a path names; `None` for unknown ones (and non-canonical codes).
fn from_path(kind: &str, language: &str) -> Option<(TemplateKind, Language)> {
    let kind = TemplateKind::parse(kind)?;
    let language = Language::ALL
        .into_iter()
        .find(|candidate| candidate.code() == language)?;
    Some((kind, language))
}

/// What the editor sends.
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct TemplateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    html: String,
    #[serde(default)]
    text: String,
    /// `html` when Preview should answer the rendered HTML body alone.
    #[serde(default)]
    show: String,
}

impl TemplateForm {
    fn of(template: MailTemplate) -> Self {
        Self {
            subject: template.subject,
            html: template.html,
            text: template.text,
            ..Self::default()
        }
    }

    fn template(&self) -> MailTemplate {
        MailTemplate {
            subject: self.subject.clone(),
            html: self.html.clone(),
            text: self.text.clone(),
        }
    }
}

/// Each placeholder as written in a template: `{{name}}`.
fn braced(names: impl IntoIterator<Item = impl AsRef<str>>) -> Vec<String> {
    names
        .into_iter()
        .map(|name| format!("{{{{{}}}}}", name.as_ref()))
        .collect()
}

/// The errors a template's broken rule shows, beside the part it is about.
fn rule_errors(t: Texts, error: &TemplateRuleError) -> FieldErrors {
    let mut errors = FieldErrors::new();
    match error {
        TemplateRuleError::DoesNotCompile { part, message } => errors.add(
            part,
            t.with(
                "settings-mail-error-compile",
                &[("detail", Arg::from(message.as_str()))],
            ),
        ),
        TemplateRuleError::MissingPlaceholders { part, missing } => errors.add(
            part,
            t.with(
                "settings-mail-error-missing",
                &[("placeholders", Arg::from(braced(missing).join(", ")))],
            ),
        ),
        TemplateRuleError::Size { part, max } => errors.add(
            part,
            t.with(
                "settings-mail-error-size",
                &[("max", Arg::from(u64::try_from(*max).unwrap_or(u64::MAX)))],
            ),
        ),
    }
    errors
}

/// How a refused save or preview answers: the editor again with the error beside its field,
/// or the 403 or error page.
enum Refusal {
    Invalid(FieldErrors),
    Page(Response),
}

fn refusal(console: &Console, error: TemplateAdminError) -> Refusal {
    let t = console.texts;
    match error {
        TemplateAdminError::Rule(rule) => Refusal::Invalid(rule_errors(t, &rule)),
        TemplateAdminError::Render(render) => {
            let mut errors = FieldErrors::new();
            errors.add(
                "template",
                t.with(
                    "settings-mail-error-render",
                    &[("detail", Arg::from(render.0))],
                ),
            );
            Refusal::Invalid(errors)
        }
        TemplateAdminError::Forbidden(_) => Refusal::Page(frame::forbidden(console)),
        TemplateAdminError::Repository(error) => Refusal::Page(internal_error(&error)),
    }
}

/// `GET /staff/settings/mail`: every kind, in every language, customised or default.
pub(super) async fn list(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    let mut rows = Vec::with_capacity(TemplateKind::ALL.len());
    for kind in TemplateKind::ALL {
        let mut cells = Vec::with_capacity(Language::ALL.len());
        for language in Language::ALL {
            match app.messaging.template(&console.actor, kind, language).await {
                Ok(view) => cells.push((language, view.is_default)),
                Err(error) => return internal_error(&error),
            }
        }
        rows.push((kind, cells));
    }
    let t = console.texts;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-mail-title")) }
        p.hint { (t.get("settings-mail-intro")) }
        table.list {
            caption.visually-hidden { (t.get("settings-mail-title")) }
            thead {
                tr {
                    th scope="col" { (t.get("settings-mail-kind")) }
                    @for language in Language::ALL {
                        th scope="col" { (t.get(&format!("language-{}", language.code()))) }
                    }
                }
            }
            tbody {
                @for (kind, cells) in &rows {
                    tr {
                        th scope="row" { (t.get(&kind_label(*kind))) }
                        @for (language, is_default) in cells {
                            td {
                                a href=(editor_path(*kind, *language)) { (t.get("settings-mail-edit")) }
                                " "
                                span.badge {
                                    @if *is_default { (t.get("settings-mail-default")) } @else { (t.get("settings-mail-customised")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Settings,
        &t.get("settings-mail-title"),
        &body,
    )
}

fn placeholders(t: Texts, kind: TemplateKind) -> Markup {
    let required = braced(kind.required_placeholders());
    let mut available: Vec<String> = kind
        .sample_data()
        .as_object()
        .map(|data| data.keys().cloned().collect())
        .unwrap_or_default();
    available.sort();
    html! {
        section.card aria-labelledby="placeholders-title" {
            h2 #placeholders-title { (t.get("settings-mail-placeholders")) }
            @if required.is_empty() {
                p { (t.get("settings-mail-required-none")) }
            } @else {
                p { (t.get("settings-mail-required")) " "
                    @for (i, name) in required.iter().enumerate() {
                        @if i > 0 { ", " }
                        code { (name) }
                    }
                }
            }
            p { (t.get("settings-mail-available")) " "
                @for (i, name) in braced(&available).iter().enumerate() {
                    @if i > 0 { ", " }
                    code { (name) }
                }
            }
            p.hint { (t.get("settings-mail-legacy")) " "
                @for (i, (legacy, modern)) in LEGACY_PLACEHOLDERS.iter().enumerate() {
                    @if i > 0 { ", " }
                    code { (legacy) } " → " code { (modern) }
                }
            }
        }
    }
}

fn preview_section(t: Texts, rendered: &RenderedMail) -> Markup {
    html! {
        section.card #preview aria-labelledby="preview-title" {
            h2 #preview-title { (t.get("settings-mail-preview-title")) }
            p.hint { (t.get("settings-mail-preview-hint")) }
            dl.summary {
                dt { (t.get("settings-mail-subject")) }
                dd { (rendered.subject) }
            }
            h3 { (t.get("settings-mail-text")) }
            pre { (rendered.text) }
            details {
                summary { (t.get("settings-mail-html-source")) }
                pre { (rendered.html) }
            }
        }
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one editor page, rendered from everything a request can leave it with"
)]
fn editor(
    app: &AppState,
    console: &Console,
    status: StatusCode,
    (kind, language): (TemplateKind, Language),
    form: &TemplateForm,
    is_default: bool,
    errors: &FieldErrors,
    preview: Option<&RenderedMail>,
) -> Response {
    let t = console.texts;
    let path = editor_path(kind, language);
    let title = t.with(
        "settings-mail-editor-title",
        &[
            ("kind", Arg::from(t.get(&kind_label(kind)))),
            (
                "language",
                Arg::from(t.get(&format!("language-{}", language.code()))),
            ),
        ],
    );
    let body = html! {
        p { a href=(PATH) { (t.get("settings-mail-back")) } }
        h1 { (title) }
        p { span.badge {
            @if is_default { (t.get("settings-mail-default")) } @else { (t.get("settings-mail-customised")) }
        } }
        @if let Some(message) = errors.get("template") {
            p.error role="alert" { (message) }
        }
        (placeholders(t, kind))
        @if let Some(rendered) = preview { (preview_section(t, rendered)) }
        form.card method="post" action=(path) novalidate {
            input type="hidden" name="csrf" value=(console.csrf);
            label for="mail-subject" { (t.get("settings-mail-subject")) }
            input #mail-subject type="text" name="subject" value=(form.subject) required
                aria-invalid=[errors.invalid("subject")] aria-describedby=[errors.described_by("subject")];
            (errors.beside("subject"))
            label for="mail-html" { (t.get("settings-mail-html")) }
            textarea #mail-html name="html" rows="14" required spellcheck="false"
                aria-invalid=[errors.invalid("html")] aria-describedby=[errors.described_by("html")] { (form.html) }
            (errors.beside("html"))
            label for="mail-text" { (t.get("settings-mail-text")) }
            textarea #mail-text name="text" rows="10" required
                aria-invalid=[errors.invalid("text")] aria-describedby=[errors.described_by("text")] { (form.text) }
            (errors.beside("text"))
            div.inline {
                button type="submit" { (t.get("settings-save")) }
                button.secondary type="submit" formaction={ (path) "/preview" } { (t.get("settings-mail-preview")) }
                button.secondary type="submit" formaction={ (path) "/preview" } formtarget="_blank" name="show" value="html" {
                    (t.get("settings-mail-preview-html"))
                }
            }
        }
        @if !is_default {
            form.card method="post" action={ (path) "/reset" } {
                input type="hidden" name="csrf" value=(console.csrf);
                p { (t.get("settings-mail-reset-hint")) }
                button.danger type="submit" { (t.get("settings-mail-reset")) }
            }
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Settings,
        &title,
        &body,
    )
}

/// `GET /staff/settings/mail/{kind}/{language}`: the template in force, to edit.
pub(super) async fn edit(
    State(app): State<AppState>,
    console: Console,
    Path((kind, language)): Path<(String, String)>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    let Some(target) = from_path(&kind, &language) else {
        return frame::not_found(&console, Section::Settings);
    };
    match app
        .messaging
        .template(&console.actor, target.0, target.1)
        .await
    {
        Ok(view) => editor(
            &app,
            &console,
            StatusCode::OK,
            target,
            &TemplateForm::of(view.template),
            view.is_default,
            &FieldErrors::new(),
            None,
        ),
        Err(error) => match refusal(&console, error) {
            Refusal::Page(page) => page,
            Refusal::Invalid(_) => frame::not_found(&console, Section::Settings),
        },
    }
}

/// Whether an override is saved now (for the badge of a re-rendered editor).
async fn is_default(
    app: &AppState,
    console: &Console,
    (kind, language): (TemplateKind, Language),
) -> bool {
    app.messaging
        .template(&console.actor, kind, language)
        .await
        .is_ok_and(|view| view.is_default)
}

/// `POST /staff/settings/mail/{kind}/{language}`: saves an override.
pub(super) async fn save(
    State(app): State<AppState>,
    console: Console,
    Path((kind, language)): Path<(String, String)>,
    Form(form): Form<TemplateForm>,
) -> Response {
    let Some(target) = from_path(&kind, &language) else {
        return frame::not_found(&console, Section::Settings);
    };
    let path = editor_path(target.0, target.1);
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, &path);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    match app
        .messaging
        .save_template(&console.actor, target.0, target.1, &form.template())
        .await
    {
        Ok(_) => redirect_with(
            &app.cookies,
            &path,
            Tone::Success,
            "flash-settings-template-saved",
        ),
        Err(error) => match refusal(&console, error) {
            Refusal::Page(page) => page,
            Refusal::Invalid(errors) => {
                let is_default = is_default(&app, &console, target).await;
                editor(
                    &app,
                    &console,
                    StatusCode::UNPROCESSABLE_ENTITY,
                    target,
                    &form,
                    is_default,
                    &errors,
                    None,
                )
            }
        },
    }
}

/// The rendered HTML body alone, under a policy that lets no script run.
fn html_preview(rendered: RenderedMail) -> Response {
    let mut response = Html(rendered.html).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(PREVIEW_CSP),
    );
    response
}

/// `POST /staff/settings/mail/{kind}/{language}/preview`: renders what the editor holds with
/// sample data, saving nothing — on the editor page, or (`show=html`) as the HTML alone.
pub(super) async fn preview(
    State(app): State<AppState>,
    console: Console,
    Path((kind, language)): Path<(String, String)>,
    Form(form): Form<TemplateForm>,
) -> Response {
    let Some(target) = from_path(&kind, &language) else {
        return frame::not_found(&console, Section::Settings);
    };
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, &editor_path(target.0, target.1));
    }
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    let rendered = app
        .messaging
        .preview(&console.actor, target.0, target.1, Some(&form.template()))
        .await;
    let is_default = is_default(&app, &console, target).await;
    match rendered {
        Ok(rendered) if form.show == "html" => html_preview(rendered),
        Ok(rendered) => editor(
            &app,
            &console,
            StatusCode::OK,
            target,
            &form,
            is_default,
            &FieldErrors::new(),
            Some(&rendered),
        ),
        Err(error) => match refusal(&console, error) {
            Refusal::Page(page) => page,
            Refusal::Invalid(errors) => editor(
                &app,
                &console,
                StatusCode::UNPROCESSABLE_ENTITY,
                target,
                &form,
                is_default,
                &errors,
                None,
            ),
        },
    }
}

/// What the reset button sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ResetForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /staff/settings/mail/{kind}/{language}/reset`: back to the shipped default.
pub(super) async fn reset(
    State(app): State<AppState>,
    console: Console,
    Path((kind, language)): Path<(String, String)>,
    Form(form): Form<ResetForm>,
) -> Response {
    let Some(target) = from_path(&kind, &language) else {
        return frame::not_found(&console, Section::Settings);
    };
    let path = editor_path(target.0, target.1);
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, &path);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    match app
        .messaging
        .reset_template(&console.actor, target.0, target.1)
        .await
    {
        Ok(_) => redirect_with(
            &app.cookies,
            &path,
            Tone::Success,
            "flash-settings-template-reset",
        ),
        Err(error) => match refusal(&console, error) {
            Refusal::Page(page) => page,
            Refusal::Invalid(_) => frame::not_found(&console, Section::Settings),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_a_kind_and_a_canonical_language() {
        assert_eq!(
            from_path("temporary_password", "fr"),
            Some((TemplateKind::TemporaryPassword, Language::Fr))
        );
        for (kind, language) in [
            ("nope", "en"),
            ("test", "FR"),
            ("test", "fr-CA"),
            ("test", ""),
        ] {
            assert_eq!(from_path(kind, language), None, "{kind}/{language}");
        }
        assert_eq!(
            editor_path(TemplateKind::ShareLink, Language::En),
            "/staff/settings/mail/share_link/en"
        );
    }

    #[test]
    fn every_kind_has_a_label_in_every_language() {
        for language in Language::ALL {
            let t = Texts::new(language);
            for kind in TemplateKind::ALL {
                let key = kind_label(kind);
                assert_ne!(t.get(&key), key, "{key} in {}", language.code());
            }
        }
    }

    #[test]
    fn a_missing_placeholder_is_named_beside_its_part() {
        let t = Texts::new(Language::En);
        let errors = rule_errors(
            t,
            &TemplateRuleError::MissingPlaceholders {
                part: "text",
                missing: vec!["login".into(), "temporary_password".into()],
            },
        );
        let message = errors.get("text").unwrap();
        assert!(
            message.contains("{{login}}, {{temporary_password}}"),
            "{message}"
        );
        assert_eq!(errors.get("html"), None);
    }
}
