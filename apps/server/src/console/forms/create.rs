//! `GET|POST /staff/forms/new`: create a form from a name, an address name and a default
//! language; it starts with the standard fields and opens in the editor. Every refused
//! input is reported beside it at once, what was typed kept (422; a taken address 409).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{CreateFormError, FormError, FormSlug, NewForm, parse_form_name};
use frontdesk_kernel::Language;
use frontdesk_l10n::Arg;
use maud::{Markup, html};
use serde::Deserialize;

use crate::console::flash::{Tone, redirect_with};
use crate::console::forms::{form_path, public_path};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Address names the console's own pages use: a form so named could not be opened in it.
const RESERVED: [&str; 1] = ["new"];

/// The new-form form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct NewFormInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    default_language: String,
}

/// What is wrong with a submission (message keys).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Refusal {
    name: Option<&'static str>,
    slug: Option<&'static str>,
    language: Option<&'static str>,
}

impl Refusal {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Every mistake in `input`, checked with the cases domain's own rules, or the request.
fn check(input: &NewFormInput) -> Result<NewForm, Refusal> {
    let slug = input.slug.trim();
    let refusal = Refusal {
        name: parse_form_name(&input.name)
            .is_err()
            .then_some("forms-error-name"),
        slug: if FormSlug::parse(slug).is_err() {
            Some("forms-error-slug")
        } else if RESERVED.contains(&slug) {
            Some("forms-error-slug-reserved")
        } else {
            None
        },
        language: Language::parse(&input.default_language)
            .is_err()
            .then_some("forms-error-language"),
    };
    match Language::parse(&input.default_language) {
        Ok(language) if refusal.is_empty() => Ok(NewForm {
            slug: slug.to_owned(),
            name: input.name.clone(),
            default_language: Some(language),
            ..NewForm::default()
        }),
        _ => Err(refusal),
    }
}

/// `GET /staff/forms/new`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    let input = NewFormInput {
        default_language: console.organisation.default_language.code().to_owned(),
        ..NewFormInput::default()
    };
    let body = form_page(&console, &input, &Refusal::default());
    frame::page(
        &console,
        &app.cookies,
        Section::Forms,
        &console.texts.get("forms-new-title"),
        &body,
    )
}

/// `POST /staff/forms/new`.
pub(super) async fn submit(
    State(app): State<AppState>,
    console: Console,
    Form(input): Form<NewFormInput>,
) -> Response {
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(
            &app.cookies,
            "/staff/forms/new",
            Tone::Failure,
            "flash-form-expired",
        );
    }
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    let (status, refusal) = match check(&input) {
        Err(refusal) => (StatusCode::UNPROCESSABLE_ENTITY, refusal),
        Ok(request) => match app.cases.create_form(&console.actor, request).await {
            Ok(created) => {
                return redirect_with(
                    &app.cookies,
                    &form_path(created.slug.as_str()),
                    Tone::Success,
                    "flash-forms-created",
                );
            }
            Err(CreateFormError::Forbidden(_)) => return frame::forbidden(&console),
            Err(CreateFormError::SlugTaken) => (
                StatusCode::CONFLICT,
                Refusal {
                    slug: Some("forms-error-slug-taken"),
                    ..Refusal::default()
                },
            ),
            Err(CreateFormError::Invalid(rule)) => {
                (StatusCode::UNPROCESSABLE_ENTITY, domain_refusal(&rule))
            }
            Err(CreateFormError::Repository(error)) => return internal_error(&error),
        },
    };
    let body = form_page(&console, &input, &refusal);
    frame::page_with_status(
        &console,
        &app.cookies,
        status,
        Section::Forms,
        &console.texts.get("forms-new-title"),
        &body,
    )
}

/// The refusal for a rule the domain still found broken.
fn domain_refusal(rule: &FormError) -> Refusal {
    match rule {
        FormError::Slug => Refusal {
            slug: Some("forms-error-slug"),
            ..Refusal::default()
        },
        _ => Refusal {
            name: Some("forms-error-name"),
            ..Refusal::default()
        },
    }
}

fn error_span(id: &str, key: Option<&'static str>, t: frontdesk_l10n::Texts) -> Markup {
    html! {
        @if let Some(key) = key {
            span.field-error id=(id) { (t.get(key)) }
        }
    }
}

fn form_page(console: &Console, input: &NewFormInput, refusal: &Refusal) -> Markup {
    let t = console.texts;
    let org = console.organisation.slug.as_str();
    let example = public_path(org, "");
    let described = |hint: &str, error: &str, key: Option<&'static str>| {
        if key.is_some() {
            format!("{hint} {error}")
        } else {
            hint.to_owned()
        }
    };
    html! {
        p { a href="/staff/forms" { "← " (t.get("forms-title")) } }
        h1 { (t.get("forms-new-title")) }
        p.hint { (t.get("forms-new-intro")) }
        @if !refusal.is_empty() {
            div.flash.err role="alert" { (t.get("forms-errors")) }
        }
        form.card method="post" action="/staff/forms/new" novalidate {
            input type="hidden" name="csrf" value=(console.csrf);
            label for="form-name" { (t.get("forms-name")) }
            span.hint #form-name-hint { (t.get("forms-name-hint")) }
            input #form-name type="text" name="name" value=(input.name) required
                aria-invalid=[refusal.name.map(|_| "true")]
                aria-describedby=(described("form-name-hint", "form-name-error", refusal.name));
            (error_span("form-name-error", refusal.name, t))
            label for="form-slug" { (t.get("forms-slug")) }
            span.hint #form-slug-hint { (t.with("forms-slug-hint", &[("path", Arg::from(example))])) }
            input #form-slug type="text" name="slug" value=(input.slug) required autocomplete="off"
                pattern="[a-z0-9]+(-[a-z0-9]+)*" maxlength="40"
                aria-invalid=[refusal.slug.map(|_| "true")]
                aria-describedby=(described("form-slug-hint", "form-slug-error", refusal.slug));
            (error_span("form-slug-error", refusal.slug, t))
            label for="form-language" { (t.get("forms-default-language")) }
            span.hint #form-language-hint { (t.get("forms-default-language-hint")) }
            select #form-language name="default_language"
                aria-invalid=[refusal.language.map(|_| "true")]
                aria-describedby=(described("form-language-hint", "form-language-error", refusal.language)) {
                @for language in Language::ALL {
                    option value=(language.code()) selected[language.code() == input.default_language] {
                        (t.get(&format!("language-{}", language.code())))
                    }
                }
            }
            (error_span("form-language-error", refusal.language, t))
            button type="submit" { (t.get("forms-create")) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, slug: &str, language: &str) -> NewFormInput {
        NewFormInput {
            csrf: String::new(),
            name: name.into(),
            slug: slug.into(),
            default_language: language.into(),
        }
    }

    #[test]
    fn a_good_form_becomes_a_request() {
        let request = check(&input("Support", " support-desk ", "fr")).unwrap();
        assert_eq!(request.slug, "support-desk");
        assert_eq!(request.name, "Support");
        assert_eq!(request.default_language, Some(Language::Fr));
        assert!(request.fields.is_none(), "the standard fields");
    }

    #[test]
    fn every_mistake_is_reported_at_once() {
        assert_eq!(
            check(&input(" ", "Not A Slug", "xx")).unwrap_err(),
            Refusal {
                name: Some("forms-error-name"),
                slug: Some("forms-error-slug"),
                language: Some("forms-error-language"),
            }
        );
        assert_eq!(
            check(&input("New", "new", "en")).unwrap_err().slug,
            Some("forms-error-slug-reserved")
        );
    }
}
