//! The public case form (`/o/{org}/forms/{form}`), its submission, and the "send me a new
//! link" page (`/o/{org}/new-link`).

use std::collections::BTreeMap;

use axum::Form as HtmlForm;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontdesk_access::Organisation;
use frontdesk_cases::{
    FieldError, Form, FormField, PublicFormError, RawSubmission, Submission, SubmitError,
};
use frontdesk_kernel::Language;
use maud::{Markup, html};
use serde::Deserialize;

use crate::extract::ClientIp;
use crate::pages::brand::{Brand, presented};
use crate::pages::i18n::{Text, field as field_label, t};
use crate::pages::{branded_layout, branded_page, internal_error, not_found, page};
use crate::state::AppState;

/// CSP of pages that embed the ALTCHA widget: it adds its own `<style>` element and runs its
/// proof-of-work in a `blob:` worker. Images may come from https, as the organisation's
/// logo does.
pub const WIDGET_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' https: data:; connect-src 'self'; worker-src 'self' blob:; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// The fields of a submitted form, as typed.
pub type FormInput = BTreeMap<String, String>;

fn value<'a>(input: &'a FormInput, name: &str) -> &'a str {
    input.get(name).map_or("", String::as_str)
}

/// Builds the domain submission from form or JSON input.
pub fn raw_submission(input: &FormInput) -> RawSubmission {
    let get = |name: &str| input.get(name).filter(|v| !v.trim().is_empty()).cloned();
    RawSubmission {
        first_name: get("first_name"),
        last_name: get("last_name"),
        email: get("email"),
        phone: get("phone"),
        address: get("address"),
        title: get("title"),
        project: get("project"),
        description: get("description"),
        priority: get("priority"),
        captcha: get("altcha"),
    }
}

fn field_input(
    language: Language,
    config: &frontdesk_cases::FieldConfig,
    input: &FormInput,
    errors: &[FieldError],
) -> Markup {
    let name = config.field.as_str();
    let id = format!("f-{name}");
    let error = errors.iter().find(|e| e.field == name);
    let error_id = format!("{id}-error");
    let current = value(input, name);
    let described = error.map(|_| error_id.clone());
    html! {
        div.field {
            label for=(id) {
                (field_label(language, config.field))
                @if config.required { " " span.hint { "(" (t(language, Text::Required)) ")" } }
            }
            @match config.field {
                FormField::Description | FormField::Address => {
                    textarea id=(id) name=(name) rows="6" required[config.required] aria-invalid=[error.map(|_| "true")] aria-describedby=[described.as_deref()] { (current) }
                }
                FormField::Priority => {
                    select id=(id) name=(name) required[config.required] {
                        @for (option, text) in [("low", Text::Low), ("normal", Text::Normal), ("high", Text::High), ("urgent", Text::Urgent)] {
                            option value=(option) selected[current == option || (current.is_empty() && option == "normal")] { (t(language, text)) }
                        }
                    }
                }
                FormField::Email => {
                    input id=(id) type="email" name=(name) value=(current) required autocomplete="email" aria-invalid=[error.map(|_| "true")] aria-describedby=[described.as_deref()];
                }
                FormField::Phone => {
                    input id=(id) type="tel" name=(name) value=(current) required[config.required] autocomplete="tel" aria-invalid=[error.map(|_| "true")] aria-describedby=[described.as_deref()];
                }
                other => {
                    input id=(id) type="text" name=(name) value=(current) required[config.required]
                        autocomplete=[match other { FormField::FirstName => Some("given-name"), FormField::LastName => Some("family-name"), _ => None }]
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[described.as_deref()];
                }
            }
            @if let Some(error) = error {
                span.field-error id=(error_id) { (error.message) }
            }
        }
    }
}

fn form_page(
    org: &Organisation,
    form: &Form,
    status: StatusCode,
    input: &FormInput,
    errors: &[FieldError],
    general: Option<&str>,
) -> Response {
    let language = form.default_language;
    let captcha_error = errors.iter().find(|e| e.field == "altcha");
    let action = format!("/o/{}/forms/{}", org.slug, form.slug.as_str());
    let body = html! {
        p.hint { (org.name.as_str()) }
        h1 { (form.name) }
        @if !errors.is_empty() || general.is_some() {
            p.error role="alert" { (general.unwrap_or(t(language, Text::FixErrors))) }
        }
        form method="post" action=(action) novalidate {
            (form_fields(language, form, input, errors, |_| true))
            div.field {
                label for="altcha" { (t(language, Text::SecurityCheck)) }
                altcha-widget id="altcha" challengeurl="/api/v1/public/captcha" name="altcha" hidefooter {}
                @if let Some(error) = captcha_error {
                    span.field-error role="alert" { (error.message) }
                }
            }
            button type="submit" { (t(language, Text::Submit)) }
        }
        p { a href=(format!("/o/{}/new-link", org.slug)) { (t(language, Text::LostLink)) } }
    };
    let mut response = (
        status,
        axum::response::Html(
            branded_layout(language, &Brand::of(org), &form.name, &body, true).into_string(),
        ),
    )
        .into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(WIDGET_CSP),
    );
    response
}

/// The fields of `form` that `shown` keeps, in its sections (a `fieldset` each, with the
/// section's title), labelled in `language`, with `input` filled in and each of `errors`
/// next to its field. The public form and the portal's new-case page share it.
pub(crate) fn form_fields(
    language: Language,
    form: &Form,
    input: &FormInput,
    errors: &[FieldError],
    shown: impl Fn(FormField) -> bool,
) -> Markup {
    let mut sections: Vec<(Option<String>, Vec<&frontdesk_cases::FieldConfig>)> = Vec::new();
    for config in form.fields.iter().filter(|config| shown(config.field)) {
        match sections.last_mut() {
            Some((section, fields)) if *section == config.section => fields.push(config),
            _ => sections.push((config.section.clone(), vec![config])),
        }
    }
    html! {
        @for (section, fields) in &sections {
            fieldset {
                @if let Some(section) = section {
                    legend { (section_title(language, section)) }
                }
                @for config in fields { (field_input(language, config, input, errors)) }
            }
        }
    }
}

fn section_title(language: Language, section: &str) -> String {
    match section {
        "contact" => t(language, Text::SectionContact).to_owned(),
        "case" => t(language, Text::SectionCase).to_owned(),
        other => other.to_owned(),
    }
}

fn public_form_failure(error: &PublicFormError) -> Response {
    match error {
        PublicFormError::NotFound => not_found(),
        PublicFormError::Repository(error) => internal_error(error),
    }
}

/// `GET /o/{org}/forms/{form}`: the public case form, in the form's language.
pub async fn show(
    State(app): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let Ok(Path((org, form))) = path else {
        return not_found();
    };
    match app.cases.public_form(&org, &form).await {
        Ok((org, form)) => {
            let org = presented(&app, org).await;
            form_page(&org, &form, StatusCode::OK, &FormInput::new(), &[], None)
        }
        Err(error) => public_form_failure(&error),
    }
}

/// `POST /o/{org}/forms/{form}` (form-encoded): creates the case, or shows the form again
/// with messages next to the fields and the input kept.
pub async fn submit(
    State(app): State<AppState>,
    ClientIp(client_ip): ClientIp,
    path: Result<Path<(String, String)>, PathRejection>,
    HtmlForm(input): HtmlForm<FormInput>,
) -> Response {
    let Ok(Path((org_slug, form_slug))) = path else {
        return not_found();
    };
    let (org, form) = match app.cases.public_form(&org_slug, &form_slug).await {
        Ok(found) => found,
        Err(error) => return public_form_failure(&error),
    };
    let org = presented(&app, org).await;
    let language = form.default_language;
    let submission = Submission {
        org_slug,
        form_slug,
        fields: raw_submission(&input),
        client_ip,
        idempotency_key: None,
    };
    match app.cases.submit(submission).await {
        Ok(_) => {
            let body = html! {
                p.hint { (org.name.as_str()) }
                h1 { (t(language, Text::ThanksTitle)) }
                p { (t(language, Text::ThanksText)) }
            };
            branded_page(
                StatusCode::OK,
                language,
                &Brand::of(&org),
                t(language, Text::ThanksTitle),
                &body,
            )
        }
        Err(SubmitError::Invalid(errors)) => form_page(
            &org,
            &form,
            StatusCode::UNPROCESSABLE_ENTITY,
            &input,
            &errors,
            None,
        ),
        Err(SubmitError::Captcha(error)) => {
            let errors = [FieldError {
                field: "altcha".into(),
                message: error.to_string(),
            }];
            form_page(
                &org,
                &form,
                StatusCode::UNPROCESSABLE_ENTITY,
                &input,
                &errors,
                None,
            )
        }
        Err(
            SubmitError::RateLimited {
                retry_after_seconds,
            }
            | SubmitError::RecipientLimited {
                retry_after_seconds,
            },
        ) => {
            let mut response = form_page(
                &org,
                &form,
                StatusCode::TOO_MANY_REQUESTS,
                &input,
                &[],
                Some(t(language, Text::TooMany)),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            response
        }
        Err(SubmitError::NotFound) => not_found(),
        Err(error @ (SubmitError::IdempotencyConflict | SubmitError::Repository(_))) => {
            internal_error(&error)
        }
    }
}

/// Fields of the new-link form.
#[derive(Debug, Deserialize)]
pub struct NewLinkForm {
    /// The address the case was created with.
    #[serde(default)]
    pub email: String,
    /// The case number.
    #[serde(default)]
    pub case_number: String,
    /// The organisation (only on the generic page).
    #[serde(default)]
    pub organisation: Option<String>,
}

/// The "send me a new link" form for `org` (or, without one, with an organisation field).
pub fn new_link_form(language: Language, org_slug: Option<&str>) -> Markup {
    let action = org_slug.map_or_else(
        || "/g/new-link".to_owned(),
        |slug| format!("/o/{slug}/new-link"),
    );
    html! {
        form method="post" action=(action) {
            @if org_slug.is_none() {
                div.field {
                    label for="organisation" { (t(language, Text::Organisation)) }
                    input #organisation type="text" name="organisation" required;
                }
            }
            div.field {
                label for="nl-email" { (t(language, Text::Email)) }
                input #nl-email type="email" name="email" required autocomplete="email";
            }
            div.field {
                label for="nl-number" { (t(language, Text::CaseNumber)) }
                input #nl-number type="text" name="case_number" required inputmode="numeric";
            }
            button type="submit" { (t(language, Text::SendNewLink)) }
        }
    }
}

/// `GET /o/{org}/new-link`.
pub async fn show_new_link(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(org_slug)) = path else {
        return not_found();
    };
    let Ok(slug) = frontdesk_access::OrgSlug::parse(&org_slug) else {
        return not_found();
    };
    let org = match app.access.organisation_by_slug(&slug).await {
        Ok(Some(org)) => org,
        Ok(None) => return not_found(),
        Err(error) => return internal_error(&error),
    };
    let language = org.default_language;
    let body = html! {
        p.hint { (org.name.as_str()) }
        h1 { (t(language, Text::NewLinkTitle)) }
        p { (t(language, Text::NewLinkText)) }
        (new_link_form(language, Some(org.slug.as_str())))
    };
    page(
        StatusCode::OK,
        language,
        t(language, Text::NewLinkTitle),
        &body,
    )
}

/// `POST /o/{org}/new-link`: the same answer whether or not the details match a case.
pub async fn request_new_link_for_org(
    State(app): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    HtmlForm(form): HtmlForm<NewLinkForm>,
) -> Response {
    let Ok(Path(org_slug)) = path else {
        return not_found();
    };
    answer_new_link(&app, &org_slug, &form).await
}

/// `POST /g/new-link` (from an expired-link page): the same answer whether or not the
/// details match a case.
pub async fn request_new_link(
    State(app): State<AppState>,
    HtmlForm(form): HtmlForm<NewLinkForm>,
) -> Response {
    let org_slug = form.organisation.clone().unwrap_or_default();
    answer_new_link(&app, &org_slug, &form).await
}

async fn answer_new_link(app: &AppState, org_slug: &str, form: &NewLinkForm) -> Response {
    let org_slug = org_slug.trim().to_lowercase();
    if let Err(error) = app
        .cases
        .request_new_link(&org_slug, &form.email, &form.case_number)
        .await
    {
        return internal_error(&error);
    }
    let language = match frontdesk_access::OrgSlug::parse(&org_slug) {
        Ok(slug) => app
            .access
            .organisation_by_slug(&slug)
            .await
            .ok()
            .flatten()
            .map_or(Language::En, |o| o.default_language),
        Err(_) => Language::En,
    };
    let body = html! {
        h1 { (t(language, Text::NewLinkTitle)) }
        p role="status" { (t(language, Text::NewLinkSent)) }
    };
    page(
        StatusCode::OK,
        language,
        t(language, Text::NewLinkTitle),
        &body,
    )
}
