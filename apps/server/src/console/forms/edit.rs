//! `GET|POST /staff/forms/{slug}`: the form editor. One form holds every setting; saving
//! (or pressing a field's up/down button, which saves too) checks everything at once and
//! either saves it all (303 back with a flash) or nothing (422 with each error beside its
//! input and what was typed kept). An unknown or malformed slug is the console 404 page.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{CaseStatus, FormError, FormField, GetFormError, UpdateFormError};
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use crate::console::flash::{Tone, redirect_with};
use crate::console::forms::editor::{EditorErrors, EditorInput, Row};
use crate::console::forms::{form_path, public_path};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// `GET /staff/forms/{slug}`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Path(slug): Path<String>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    match app.cases.form(&console.actor, &slug).await {
        Ok(form) => page(
            &app,
            &console,
            StatusCode::OK,
            &form,
            &EditorInput::from_form(&form),
            &EditorErrors::default(),
        ),
        Err(GetFormError::Forbidden(_)) => frame::forbidden(&console),
        Err(GetFormError::FormNotFound) => frame::not_found(&console, Section::Forms),
        Err(GetFormError::Repository(error)) => internal_error(&error),
    }
}

/// `POST /staff/forms/{slug}`.
pub(super) async fn save(
    State(app): State<AppState>,
    console: Console,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let csrf = pairs
        .iter()
        .find(|(key, _)| key == "csrf")
        .map_or("", |(_, value)| value.as_str());
    if !console.csrf_ok(csrf) {
        let back = frontdesk_cases::FormSlug::parse(&slug).map_or_else(
            |_| "/staff/forms".to_owned(),
            |slug| form_path(slug.as_str()),
        );
        return redirect_with(&app.cookies, &back, Tone::Failure, "flash-form-expired");
    }
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    let input = EditorInput::from_pairs(&pairs);
    let changes = match input.to_changes() {
        Ok(changes) => changes,
        Err(errors) => return refused(&app, &console, &slug, &input, &errors).await,
    };
    match app.cases.update_form(&console.actor, &slug, changes).await {
        Ok(form) => {
            let to = match input.movement {
                Some(_) => format!("{}#fields", form_path(form.slug.as_str())),
                None => form_path(form.slug.as_str()),
            };
            redirect_with(&app.cookies, &to, Tone::Success, "flash-forms-saved")
        }
        Err(UpdateFormError::Forbidden(_)) => frame::forbidden(&console),
        Err(UpdateFormError::FormNotFound) => frame::not_found(&console, Section::Forms),
        Err(UpdateFormError::Invalid(rule)) => {
            let errors = match rule {
                FormError::Name => EditorErrors {
                    name: Some("forms-error-name"),
                    ..EditorErrors::default()
                },
                _ => EditorErrors {
                    fields: Some("forms-error-fields"),
                    ..EditorErrors::default()
                },
            };
            refused(&app, &console, &slug, &input, &errors).await
        }
        Err(UpdateFormError::Repository(error)) => internal_error(&error),
    }
}

/// The editor again with `errors` beside the inputs, for a form that exists (422).
async fn refused(
    app: &AppState,
    console: &Console,
    slug: &str,
    input: &EditorInput,
    errors: &EditorErrors,
) -> Response {
    match app.cases.form(&console.actor, slug).await {
        Ok(form) => page(
            app,
            console,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form,
            input,
            errors,
        ),
        Err(GetFormError::Forbidden(_)) => frame::forbidden(console),
        Err(GetFormError::FormNotFound) => frame::not_found(console, Section::Forms),
        Err(GetFormError::Repository(error)) => internal_error(&error),
    }
}

fn field_label(t: Texts, field: FormField) -> String {
    t.get(&format!("forms-field-{}", field.as_str()))
}

/// The editor of `form` (its saved name in the title), showing `input`.
fn page(
    app: &AppState,
    console: &Console,
    status: StatusCode,
    form: &frontdesk_cases::Form,
    input: &EditorInput,
    errors: &EditorErrors,
) -> Response {
    let t = console.texts;
    let slug = form.slug.as_str();
    let public = public_path(console.organisation.slug.as_str(), slug);
    let title = t.with(
        "forms-edit-title",
        &[("name", Arg::from(form.name.as_str()))],
    );
    let body = html! {
        p { a href="/staff/forms" { "← " (t.get("forms-title")) } }
        h1 { (title) }
        p { (t.get("forms-public-address")) ": " a href=(public) { (public) } }
        @if !errors.is_empty() {
            div.flash.err role="alert" { (t.get("forms-errors")) }
        }
        form method="post" action=(form_path(slug)) novalidate {
            input type="hidden" name="csrf" value=(console.csrf);
            // Enter in a field submits with the first submit button: make it Save, not a move.
            button.visually-hidden type="submit" tabindex="-1" aria-hidden="true" { (t.get("forms-save")) }
            (general(t, input, errors))
            (fields(t, input, errors))
            (behaviour(t, input))
            button type="submit" { (t.get("forms-save")) }
        }
        (crate::embed::console::snippets_panel(t, &console.organisation, form))
    };
    frame::page_with_status(console, &app.cookies, status, Section::Forms, &title, &body)
}

fn general(t: Texts, input: &EditorInput, errors: &EditorErrors) -> Markup {
    html! {
        fieldset.card {
            legend { (t.get("forms-general")) }
            label for="form-name" { (t.get("forms-name")) }
            input #form-name type="text" name="name" value=(input.name) required
                aria-invalid=[errors.name.map(|_| "true")]
                aria-describedby=[errors.name.map(|_| "form-name-error")];
            @if let Some(key) = errors.name {
                span.field-error #form-name-error { (t.get(key)) }
            }
            label for="form-language" { (t.get("forms-default-language")) }
            span.hint #form-language-hint { (t.get("forms-default-language-hint")) }
            select #form-language name="default_language" aria-describedby="form-language-hint"
                aria-invalid=[errors.language.map(|_| "true")] {
                @for language in Language::ALL {
                    option value=(language.code()) selected[language.code() == input.language] {
                        (t.get(&format!("language-{}", language.code())))
                    }
                }
            }
            @if let Some(key) = errors.language {
                span.field-error { (t.get(key)) }
            }
        }
    }
}

fn fields(t: Texts, input: &EditorInput, errors: &EditorErrors) -> Markup {
    let rows = input.ordered();
    let shown = rows.iter().filter(|row| row.show).count();
    html! {
        fieldset.card #fields {
            legend { (t.get("forms-fields")) }
            p.hint #fields-hint { (t.get("forms-fields-hint")) }
            @if let Some(key) = errors.fields {
                p.field-error role="alert" { (t.get(key)) }
            }
            datalist #form-sections {
                option value="contact" {}
                option value="case" {}
            }
            table.list {
                thead {
                    tr {
                        th scope="col" { (t.get("forms-field")) }
                        th scope="col" { (t.get("forms-show")) }
                        th scope="col" { (t.get("forms-required")) }
                        th scope="col" { (t.get("forms-order")) }
                        th scope="col" { (t.get("forms-section")) }
                        th scope="col" { (t.get("forms-move")) }
                    }
                }
                tbody {
                    @for (at, row) in rows.iter().enumerate() {
                        (field_row(t, row, errors, Ends { first: at == 0, last: at + 1 == shown }))
                    }
                }
            }
        }
    }
}

/// Whether a shown row is the first or the last shown (it cannot move further that way).
#[derive(Debug, Clone, Copy)]
struct Ends {
    first: bool,
    last: bool,
}

fn field_row(t: Texts, row: &Row, errors: &EditorErrors, ends: Ends) -> Markup {
    let name = row.field.as_str();
    let label = field_label(t, row.field);
    let arg = [("field", Arg::from(label.as_str()))];
    let row_errors = errors.rows.get(&row.field);
    let order_error = row_errors.and_then(|e| e.order);
    let section_error = row_errors.and_then(|e| e.section);
    let always = row.field.always_required();
    html! {
        tr {
            th scope="row" { (label) }
            td {
                @if always {
                    span.badge { (t.get("forms-always")) }
                } @else {
                    input type="checkbox" name={ "show_" (name) } value="on" checked[row.show]
                        aria-label=(t.with("forms-show-field", &arg));
                }
            }
            td {
                @if !always {
                    input type="checkbox" name={ "required_" (name) } value="on" checked[row.required]
                        aria-label=(t.with("forms-required-field", &arg));
                }
            }
            td {
                input type="number" name={ "order_" (name) } value=(row.order) min="1" max="999"
                    inputmode="numeric" aria-label=(t.with("forms-order-field", &arg))
                    aria-invalid=[order_error.map(|_| "true")]
                    aria-describedby=[order_error.map(|_| format!("order-{name}-error"))];
                @if let Some(key) = order_error {
                    span.field-error id={ "order-" (name) "-error" } { (t.get(key)) }
                }
            }
            td {
                input type="text" name={ "section_" (name) } value=(row.section) list="form-sections"
                    aria-label=(t.with("forms-section-field", &arg))
                    aria-invalid=[section_error.map(|_| "true")]
                    aria-describedby=[section_error.map(|_| format!("section-{name}-error"))];
                @if let Some(key) = section_error {
                    span.field-error id={ "section-" (name) "-error" } { (t.get(key)) }
                }
            }
            td {
                @if row.show {
                    div.inline {
                        button.secondary type="submit" name="move" value={ "up:" (name) } disabled[ends.first]
                            aria-label=(t.with("forms-move-up", &arg)) title=(t.with("forms-move-up", &arg)) { "↑" }
                        button.secondary type="submit" name="move" value={ "down:" (name) } disabled[ends.last]
                            aria-label=(t.with("forms-move-down", &arg)) title=(t.with("forms-move-down", &arg)) { "↓" }
                    }
                }
            }
        }
    }
}

fn behaviour(t: Texts, input: &EditorInput) -> Markup {
    html! {
        fieldset.card {
            legend { (t.get("forms-guest-edit")) }
            p.hint { (t.get("forms-guest-edit-hint")) }
            @for status in CaseStatus::ALL {
                label {
                    input type="checkbox" name="guest_edit" value=(status.as_str())
                        checked[input.guest_edit.contains(&status)];
                    " " (t.get(&format!("status-{}", status.as_str())))
                }
            }
        }
        fieldset.card {
            legend { (t.get("forms-notifications")) }
            label {
                input type="checkbox" name="notify_contacts" value="on" checked[input.notify_contacts];
                " " (t.get("forms-notify-contacts"))
            }
        }
        fieldset.card #addons {
            legend { (t.get("forms-addons")) }
            label {
                input type="checkbox" name="share_links_enabled" value="on"
                    checked[input.share_links_enabled] aria-describedby="share-addon-hint";
                " " (t.get("forms-share-addon"))
            }
            p.hint #share-addon-hint { (t.get("forms-share-addon-hint")) }
        }
    }
}
