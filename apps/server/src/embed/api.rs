//! The widget's JSON: the sites allowed to embed the forms
//! (`GET|PUT /api/v1/org/embed-origins`, staff) and a public form's description for the
//! widget script (`GET /api/v1/public/orgs/{org}/forms/{form}?lang=`, behind the
//! organisation's CORS layer).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use frontdesk_access::{EmbedOrigin, SetEmbedOriginsError};
use frontdesk_cases::{FormField, PublicFormError};
use frontdesk_l10n::Texts;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::embed::page::{EmbedQuery, language_of};
use crate::extract::{ApiJson, ApiPath, StaffAuth};
use crate::pages::i18n::{Text, field as field_label, t};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

/// The sites allowed to embed the organisation's forms.
#[derive(Debug, Serialize, ToSchema)]
pub struct EmbedOriginsBody {
    /// Exact origins (`https://host[:port]`), in the order saved.
    pub origins: Vec<String>,
}

impl From<Vec<EmbedOrigin>> for EmbedOriginsBody {
    fn from(origins: Vec<EmbedOrigin>) -> Self {
        Self {
            origins: origins.iter().map(|o| o.as_str().to_owned()).collect(),
        }
    }
}

/// Body of `PUT /api/v1/org/embed-origins`: the whole new list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetEmbedOriginsBody {
    /// Exact origins such as `https://www.acme.example` (http only for a loopback host), at
    /// most 20; an empty list lets no site embed the forms.
    pub origins: Vec<String>,
}

/// The origins `raw` names, or a 422 naming each bad one as `origins[i]`.
///
/// # Errors
/// A validation problem listing each entry that is not an origin, or too many entries.
pub(crate) fn parse_origins(raw: &[String]) -> Result<Vec<EmbedOrigin>, Problem> {
    let mut errors = Vec::new();
    let mut origins = Vec::new();
    for (index, text) in raw.iter().enumerate() {
        match EmbedOrigin::parse(text) {
            Ok(origin) => origins.push(origin),
            Err(error) => errors.push(FieldProblem {
                field: format!("origins[{index}]"),
                message: error.to_string(),
            }),
        }
    }
    if raw.len() > frontdesk_access::MAX_EMBED_ORIGINS {
        errors.push(FieldProblem {
            field: "origins".into(),
            message: SetEmbedOriginsError::TooMany.to_string(),
        });
    }
    if errors.is_empty() {
        Ok(origins)
    } else {
        Err(Problem::invalid(errors))
    }
}

impl From<SetEmbedOriginsError> for Problem {
    fn from(error: SetEmbedOriginsError) -> Self {
        match error {
            SetEmbedOriginsError::Forbidden(missing) => missing.into(),
            SetEmbedOriginsError::TooMany => Problem::invalid_field("origins", error.to_string()),
            SetEmbedOriginsError::Repository(error) => error.into(),
        }
    }
}

/// The sites allowed to embed the caller's organisation's forms (any staff member).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/org/embed-origins", tag = "organisation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The allowed origins", body = EmbedOriginsBody),
        (status = 401, description = "Missing, malformed, revoked or expired token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn embed_origins(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
) -> Result<Json<EmbedOriginsBody>, Problem> {
    Ok(Json(app.embed.embed_origins(&actor).await?.into()))
}

/// Replaces the sites allowed to embed the caller's organisation's forms (admins): the
/// embedded form page may be framed by, and the organisation's public API answers CORS
/// for, exactly these origins.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(put, path = "/api/v1/org/embed-origins", tag = "organisation",
    security(("bearer" = [])),
    request_body = SetEmbedOriginsBody,
    responses(
        (status = 200, description = "The allowed origins as stored", body = EmbedOriginsBody),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, malformed, revoked or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An entry is not an origin, or more than 20", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn set_embed_origins(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<SetEmbedOriginsBody>,
) -> Result<Json<EmbedOriginsBody>, Problem> {
    actor.require(frontdesk_access::Permission::ManageOrganisation)?;
    let origins = parse_origins(&body.origins)?;
    Ok(Json(
        app.embed.set_embed_origins(&actor, origins).await?.into(),
    ))
}

/// A fresh ALTCHA challenge for the widget on one of the organisation's allowed sites
/// (the same challenge as `/api/v1/public/captcha`, behind the organisation's CORS layer).
///
/// # Errors
/// 404 when this server uses a third-party captcha; 503 when no challenge can be made.
#[utoipa::path(get, path = "/api/v1/public/orgs/{org}/captcha", tag = "public",
    params(("org" = String, Path)),
    responses(
        (status = 200, description = "A challenge", body = crate::api::public::CaptchaChallengeBody),
        (status = 403, description = "Called from a site the organisation does not allow", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "This server uses a third-party captcha", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn org_captcha(state: State<AppState>) -> Result<axum::response::Response, Problem> {
    crate::api::public::captcha_challenge(state).await
}

/// One choice of a `select` field.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldOptionBody {
    /// The value sent.
    pub value: &'static str,
    /// What people read.
    pub label: &'static str,
}

/// One field of a public form, as the widget draws it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicFieldBody {
    /// The name sent in the case body.
    pub name: &'static str,
    /// Its label.
    pub label: &'static str,
    /// `text`, `email`, `tel`, `textarea` or `select`.
    pub kind: &'static str,
    /// Whether it must be filled in.
    pub required: bool,
    /// Its section's title, if any.
    pub section: Option<String>,
    /// The browser's `autocomplete` hint.
    pub autocomplete: Option<&'static str>,
    /// The choices of a `select`.
    pub options: Vec<FieldOptionBody>,
    /// The choice selected at first.
    pub default_value: Option<&'static str>,
}

/// The widget's sentences, in the form's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct WidgetTextsBody {
    /// Required-field marker.
    pub required: &'static str,
    /// Submit button.
    pub submit: &'static str,
    /// Security check label.
    pub security_check: &'static str,
    /// Security check, before sending.
    pub security_hint: String,
    /// Security check, while solving.
    pub verifying: String,
    /// Security check, solved.
    pub security_done: String,
    /// Above a form with errors.
    pub fix_errors: &'static str,
    /// Thank-you heading.
    pub thanks_title: &'static str,
    /// Thank-you text ("check your email").
    pub thanks_text: &'static str,
    /// Too many submissions.
    pub too_many: &'static str,
    /// Sending failed.
    pub failed: String,
}

/// A public form as the widget draws it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicFormBody {
    /// The organisation's name.
    pub organisation: String,
    /// The form's name (its heading).
    pub title: String,
    /// The language of the labels (`en`, `fr`).
    pub language: &'static str,
    /// The fields, in order.
    pub fields: Vec<PublicFieldBody>,
    /// The widget's sentences.
    pub texts: WidgetTextsBody,
}

fn section_title(language: frontdesk_kernel::Language, section: &str) -> String {
    match section {
        "contact" => t(language, Text::SectionContact).to_owned(),
        "case" => t(language, Text::SectionCase).to_owned(),
        other => other.to_owned(),
    }
}

/// A public form's fields and sentences for the widget script, in `?lang=` when Frontdesk
/// speaks it, else the form's language. Answers CORS for the organisation's allowed sites.
///
/// # Errors
/// 404 for an unknown organisation or form.
#[utoipa::path(get, path = "/api/v1/public/orgs/{org}/forms/{form}", tag = "public",
    params(("org" = String, Path), ("form" = String, Path), ("lang" = Option<String>, Query)),
    responses(
        (status = 200, description = "The form", body = PublicFormBody),
        (status = 403, description = "Called from a site the organisation does not allow", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown organisation or form", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn public_form(
    State(app): State<AppState>,
    ApiPath((org, form)): ApiPath<(String, String)>,
    query: Result<Query<EmbedQuery>, QueryRejection>,
) -> Result<Json<PublicFormBody>, Problem> {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let (org, form) = match app.cases.public_form(&org, &form).await {
        Ok(found) => found,
        Err(PublicFormError::NotFound) => return Err(Problem::not_found("form")),
        Err(PublicFormError::Repository(error)) => return Err(error.into()),
    };
    let org = crate::pages::brand::presented(&app, org).await;
    let language = language_of(query.lang(), form.default_language);
    let fields = form
        .fields
        .iter()
        .map(|config| {
            let (kind, autocomplete) = match config.field {
                FormField::Description | FormField::Address => ("textarea", None),
                FormField::Priority => ("select", None),
                FormField::Email => ("email", Some("email")),
                FormField::Phone => ("tel", Some("tel")),
                FormField::FirstName => ("text", Some("given-name")),
                FormField::LastName => ("text", Some("family-name")),
                _ => ("text", None),
            };
            let options = if config.field == FormField::Priority {
                [
                    ("low", Text::Low),
                    ("normal", Text::Normal),
                    ("high", Text::High),
                    ("urgent", Text::Urgent),
                ]
                .into_iter()
                .map(|(value, text)| FieldOptionBody {
                    value,
                    label: t(language, text),
                })
                .collect()
            } else {
                Vec::new()
            };
            PublicFieldBody {
                name: config.field.as_str(),
                label: field_label(language, config.field),
                kind,
                required: config.required,
                section: config
                    .section
                    .as_deref()
                    .map(|section| section_title(language, section)),
                autocomplete,
                default_value: (config.field == FormField::Priority).then_some("normal"),
                options,
            }
        })
        .collect();
    let texts = Texts::new(language);
    Ok(Json(PublicFormBody {
        organisation: org.name.as_str().to_owned(),
        title: form.name.clone(),
        language: language.code(),
        fields,
        texts: WidgetTextsBody {
            required: t(language, Text::Required),
            submit: t(language, Text::Submit),
            security_check: t(language, Text::SecurityCheck),
            security_hint: texts.get("widget-security-hint"),
            verifying: texts.get("widget-verifying"),
            security_done: texts.get("widget-security-done"),
            fix_errors: t(language, Text::FixErrors),
            thanks_title: t(language, Text::ThanksTitle),
            thanks_text: t(language, Text::ThanksText),
            too_many: t(language, Text::TooMany),
            failed: texts.get("widget-failed"),
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_origin_is_named_by_its_place() {
        let raw = vec![
            "https://ok.example".to_owned(),
            "http://plain.example".to_owned(),
            "https://ok.example/path".to_owned(),
        ];
        let problem = parse_origins(&raw).unwrap_err();
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["origins[1]", "origins[2]"]);
        assert_eq!(parse_origins(&raw[..1]).unwrap().len(), 1);
    }
}
