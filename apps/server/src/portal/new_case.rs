//! `GET|POST /o/{org}/cases/new?form=SLUG`: a signed-in contact user submits a case with
//! one of the forms the portal offers (`PortalSettings::forms`). The page shows the form's
//! fields as the public form does (`pages::public_form::form_fields`), in the visitor's
//! language, without the name and email fields (the submitter is the signed-in contact)
//! and without a captcha (the session vouches for a person). Without `?form=`, a portal
//! offering one form shows it, one offering several a chooser. A form the portal does not
//! offer, an unknown one and another organisation's answer the portal's 404.
//!
//! Each rendering carries a fresh key in a hidden field; the use case
//! (`CasesService::contact_user_submit`) remembers it with the case, so sending the same
//! rendered form twice creates one case.

use std::fmt::Write as _;

use axum::Form as HtmlForm;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use frontdesk_cases::{
    ContactUserSubmission, ContactUserSubmitError, FieldError, Form, FormField, IdempotencyKey,
    PublicFormError,
};
use frontdesk_kernel::{OsTokenSource, RepositoryError, TokenSource};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{self, see_other};
use super::session::{Gate, SignedIn, Visitor, signed_in, visitor};
use crate::csrf;
use crate::pages::public_form::{FormInput, form_fields, raw_submission};
use crate::state::AppState;

/// Query of the new-case page.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct NewCaseQuery {
    /// The form's slug.
    pub form: Option<String>,
}

/// The forms the portal of `visitor` offers its signed-in users, in the portal's order
/// (forms since deleted are left out).
///
/// # Errors
/// When the store fails.
pub(crate) async fn offered_forms(
    app: &AppState,
    visitor: &Visitor,
) -> Result<Vec<Form>, RepositoryError> {
    let mut forms = Vec::new();
    for slug in &visitor.portal.forms {
        if let Some(form) = offered_form(app, visitor, slug).await? {
            forms.push(form);
        }
    }
    Ok(forms)
}

/// The form `slug` of `visitor`'s organisation, if the portal offers it.
async fn offered_form(
    app: &AppState,
    visitor: &Visitor,
    slug: &str,
) -> Result<Option<Form>, RepositoryError> {
    if !visitor.portal.allows_form(slug) {
        return Ok(None);
    }
    match app.cases.public_form(visitor.org.slug.as_str(), slug).await {
        Ok((_, form)) => Ok(Some(form)),
        Err(PublicFormError::NotFound) => Ok(None),
        Err(PublicFormError::Repository(error)) => Err(error),
    }
}

/// The new-case page of form `slug` of `base`'s portal.
fn new_case_href(base: &str, slug: &str) -> String {
    format!("{base}/cases/new?form={slug}")
}

/// The home page's **New case** links: one link when the portal offers one form, one per
/// form (labelled with its name) when it offers several, nothing when it offers none.
pub(crate) fn new_case_links(t: Texts, base: &str, forms: &[Form]) -> Markup {
    html! {
        @match forms {
            [] => {}
            [form] => {
                p { a.button href=(new_case_href(base, form.slug.as_str())) { (t.get("portal-new-case")) } }
            }
            several => {
                nav aria-label=(t.get("portal-new-case")) {
                    ul.actions {
                        @for form in several {
                            li { a.button href=(new_case_href(base, form.slug.as_str())) {
                                (t.with("portal-new-case-with", &[("form", Arg::from(form.name.as_str()))]))
                            } }
                        }
                    }
                }
            }
        }
    }
}

/// Which page the query asks for.
enum Target {
    /// One form.
    Form(Form),
    /// A choice among these (several offered, none named).
    Choose(Vec<Form>),
}

/// The form the query names (it must be offered), or the only one offered, or the choice.
async fn target(
    app: &AppState,
    user: &SignedIn,
    query: &NewCaseQuery,
) -> Result<Option<Target>, RepositoryError> {
    let visitor = &user.visitor;
    if let Some(slug) = query.form.as_deref() {
        return Ok(offered_form(app, visitor, slug.trim())
            .await?
            .map(Target::Form));
    }
    let mut forms = offered_forms(app, visitor).await?;
    Ok(match forms.len() {
        0 => None,
        1 => forms.pop().map(Target::Form),
        _ => Some(Target::Choose(forms)),
    })
}

/// A fresh key for one rendering of the form (not a secret: it only tells renderings apart).
fn fresh_key() -> String {
    let mut bytes = [0u8; 16];
    OsTokenSource.fill(&mut bytes);
    bytes
        .iter()
        .fold(String::with_capacity(32), |mut hex, byte| {
            let _ = write!(hex, "{byte:02x}");
            hex
        })
}

/// What a rendering of the form shows besides the fields.
struct Rendering<'a> {
    input: &'a FormInput,
    errors: &'a [FieldError],
    notice: Option<&'a str>,
    key: &'a str,
}

fn form_page(user: &SignedIn, form: &Form, status: StatusCode, shown: &Rendering<'_>) -> Response {
    let visitor = &user.visitor;
    let t = visitor.t;
    let language = t.language();
    let action = new_case_href(&visitor.path(""), form.slug.as_str());
    let notice = shown
        .notice
        .or_else(|| (!shown.errors.is_empty()).then_some("portal-new-case-fix"));
    let body = html! {
        p { a href=(visitor.path("/")) { "← " (t.get("portal-back-home")) } }
        h1 { (form.name) }
        p.hint { (t.with("portal-new-case-as", &[("name", Arg::from(user.session.user.username.as_str()))])) }
        @if let Some(notice) = notice {
            p.error role="alert" { (t.get(notice)) }
        }
        form method="post" action=(action) novalidate {
            input type="hidden" name="csrf" value=(user.csrf);
            input type="hidden" name="key" value=(shown.key);
            (form_fields(language, form, shown.input, shown.errors, |field| {
                !matches!(field, FormField::FirstName | FormField::LastName | FormField::Email)
            }))
            button type="submit" { (t.get("portal-new-case-submit")) }
        }
    };
    frame::page(
        status,
        &visitor.org,
        t,
        Some(&user.who()),
        &form.name,
        &body,
    )
}

fn chooser_page(user: &SignedIn, forms: &[Form]) -> Response {
    let visitor = &user.visitor;
    let t = visitor.t;
    let base = visitor.path("");
    let title = t.get("portal-new-case-title");
    let body = html! {
        p { a href=(visitor.path("/")) { "← " (t.get("portal-back-home")) } }
        h1 { (title) }
        p { (t.get("portal-new-case-choose")) }
        ul {
            @for form in forms {
                li { a href=(new_case_href(&base, form.slug.as_str())) { (form.name) } }
            }
        }
    };
    frame::page(
        StatusCode::OK,
        &visitor.org,
        t,
        Some(&user.who()),
        &title,
        &body,
    )
}

fn not_found(user: &SignedIn) -> Response {
    frame::not_found(&user.visitor.org, user.visitor.t, Some(&user.who()))
}

fn failure(user: &SignedIn, error: &dyn std::error::Error) -> Response {
    frame::failed(&user.visitor.org, user.visitor.t, Some(&user.who()), error)
}

/// The signed-in user (past any forced password change) and the page the query asks for,
/// or the answer instead.
async fn user_and_target(
    app: &AppState,
    org: &str,
    headers: &HeaderMap,
    query: Result<Query<NewCaseQuery>, QueryRejection>,
) -> Result<(SignedIn, Target), Response> {
    let visitor = visitor(app, org, headers).await?;
    let user = signed_in(app, visitor, headers, Gate::Changed).await?;
    let query = query.map(|Query(query)| query).unwrap_or_default();
    match target(app, &user, &query).await {
        Ok(Some(target)) => Ok((user, target)),
        Ok(None) => Err(not_found(&user)),
        Err(error) => Err(failure(&user, &error)),
    }
}

/// `GET /o/{org}/cases/new?form=SLUG`: the form, or the choice of forms.
pub(crate) async fn show(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    query: Result<Query<NewCaseQuery>, QueryRejection>,
) -> Response {
    match user_and_target(&app, &org, &headers, query).await {
        Ok((user, Target::Form(form))) => {
            let key = fresh_key();
            let shown = Rendering {
                input: &FormInput::new(),
                errors: &[],
                notice: None,
                key: &key,
            };
            form_page(&user, &form, StatusCode::OK, &shown)
        }
        Ok((user, Target::Choose(forms))) => chooser_page(&user, &forms),
        Err(response) => response,
    }
}

/// `POST /o/{org}/cases/new?form=SLUG` (form-encoded): creates the case and answers 303 to
/// its page, or shows the form again with the input kept and the messages next to the
/// fields (422).
pub(crate) async fn submit(
    State(app): State<AppState>,
    Path(org): Path<String>,
    headers: HeaderMap,
    query: Result<Query<NewCaseQuery>, QueryRejection>,
    HtmlForm(input): HtmlForm<FormInput>,
) -> Response {
    let (user, form) = match user_and_target(&app, &org, &headers, query).await {
        Ok((user, Target::Form(form))) => (user, form),
        Ok((user, Target::Choose(_))) => {
            return see_other(&user.visitor.path("/cases/new"));
        }
        Err(response) => return response,
    };
    let sent_key = input.get("key").map_or("", String::as_str);
    if !csrf::matches(
        Some(&user.csrf),
        input.get("csrf").map_or("", String::as_str),
    ) {
        let key = fresh_key();
        let shown = Rendering {
            input: &input,
            errors: &[],
            notice: Some("portal-form-expired"),
            key: &key,
        };
        return form_page(&user, &form, StatusCode::BAD_REQUEST, &shown);
    }
    let request = ContactUserSubmission {
        org_id: user.visitor.org.id,
        portal: user.visitor.portal.clone(),
        user: user.session.user.clone(),
        form_slug: form.slug.as_str().to_owned(),
        fields: raw_submission(&input),
        language: user.visitor.t.language(),
        idempotency_key: IdempotencyKey::parse(sent_key).ok(),
    };
    match app.cases.contact_user_submit(request).await {
        Ok(submitted) => see_other(&user.visitor.path(&format!("/cases/{}", submitted.number.0))),
        Err(ContactUserSubmitError::Invalid(errors)) => {
            // Nothing was stored under the key: the corrected form may send it again.
            let key = if IdempotencyKey::parse(sent_key).is_ok() {
                sent_key.to_owned()
            } else {
                fresh_key()
            };
            let shown = Rendering {
                input: &input,
                errors: &errors,
                notice: None,
                key: &key,
            };
            form_page(&user, &form, StatusCode::UNPROCESSABLE_ENTITY, &shown)
        }
        Err(ContactUserSubmitError::IdempotencyConflict) => {
            let key = fresh_key();
            let shown = Rendering {
                input: &input,
                errors: &[],
                notice: Some("portal-new-case-conflict"),
                key: &key,
            };
            form_page(&user, &form, StatusCode::CONFLICT, &shown)
        }
        Err(ContactUserSubmitError::NotFound) => not_found(&user),
        Err(ContactUserSubmitError::Repository(error)) => failure(&user, &error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_fresh_and_valid_idempotency_keys() {
        let (one, two) = (fresh_key(), fresh_key());
        assert_ne!(one, two);
        assert_eq!(one.len(), 32);
        assert!(IdempotencyKey::parse(&one).is_ok());
    }

    #[test]
    fn links_name_the_form() {
        assert_eq!(
            new_case_href("/o/acme", "it-help"),
            "/o/acme/cases/new?form=it-help"
        );
    }
}
