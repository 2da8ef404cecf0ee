//! Intake forms (admins and case admins): create, read and change them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_cases::{
    CaseStatus, CreateFormError, FieldConfig, Form, FormChanges, GetFormError, ListFormsError,
    NewForm, UpdateFormError,
};
use frontdesk_kernel::Language;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, ApiPath, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

impl From<CreateFormError> for Problem {
    fn from(error: CreateFormError) -> Self {
        match error {
            CreateFormError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            CreateFormError::SlugTaken => Problem::conflict("form-exists", error.to_string()),
            CreateFormError::Invalid(rule) => Problem::invalid_field("form", rule.to_string()),
            CreateFormError::Repository(error) => error.into(),
        }
    }
}

impl From<GetFormError> for Problem {
    fn from(error: GetFormError) -> Self {
        match error {
            GetFormError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            GetFormError::FormNotFound => Problem::not_found("form"),
            GetFormError::Repository(error) => error.into(),
        }
    }
}

impl From<ListFormsError> for Problem {
    fn from(error: ListFormsError) -> Self {
        match error {
            ListFormsError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            ListFormsError::Repository(error) => error.into(),
        }
    }
}

impl From<UpdateFormError> for Problem {
    fn from(error: UpdateFormError) -> Self {
        match error {
            UpdateFormError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            UpdateFormError::FormNotFound => Problem::not_found("form"),
            UpdateFormError::Invalid(rule) => Problem::invalid_field("form", rule.to_string()),
            UpdateFormError::Repository(error) => error.into(),
        }
    }
}

/// A form's field as the API shows and accepts it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldBody {
    /// `first_name`, `last_name`, `email`, `phone`, `address`, `title`, `project`,
    /// `description` or `priority`.
    pub field: String,
    /// Whether it must be filled in (always true for names and email).
    #[serde(default)]
    pub required: bool,
    /// Section heading (`contact` and `case` are translated).
    #[serde(default)]
    pub section: Option<String>,
}

/// The answer of `GET /api/v1/forms`: every form, by name (an organisation has a handful,
/// so the list is never cut into pages and `next_after` is always null).
#[derive(Debug, Serialize, ToSchema)]
pub struct FormList {
    /// The forms.
    pub items: Vec<FormAnswer>,
    /// Always null: there is no next page.
    pub next_after: Option<Uuid>,
}

/// Body of `POST /api/v1/forms`; everything but `slug` and `name` has a default.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFormBody {
    /// URL name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `en` or `fr` (default: the organisation's).
    pub default_language: Option<String>,
    /// Fields in order (default: the standard set).
    pub fields: Option<Vec<FieldBody>>,
    /// Statuses in which guests may edit (default `["new"]`).
    pub guest_edit_statuses: Option<Vec<String>>,
    /// Whether contacts get notifications (default true).
    pub notify_contacts: Option<bool>,
    /// Whether cases may be shared by public link (default false).
    pub share_links_enabled: Option<bool>,
}

/// Body of `PATCH /api/v1/forms/{slug}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateFormBody {
    /// Display name.
    pub name: Option<String>,
    /// `en` or `fr`.
    pub default_language: Option<String>,
    /// Fields in order.
    pub fields: Option<Vec<FieldBody>>,
    /// Guest-edit statuses.
    pub guest_edit_statuses: Option<Vec<String>>,
    /// Notifications.
    pub notify_contacts: Option<bool>,
    /// Share-link addon.
    pub share_links_enabled: Option<bool>,
}

/// A form.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormAnswer {
    /// Id.
    pub id: Uuid,
    /// URL name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Language.
    pub default_language: String,
    /// Fields in order.
    pub fields: Vec<FieldBody>,
    /// Guest-edit statuses.
    pub guest_edit_statuses: Vec<String>,
    /// Notifications.
    pub notify_contacts: bool,
    /// Share-link addon.
    pub share_links_enabled: bool,
    /// The public form's path.
    pub public_path: String,
}

fn form_answer(org_slug: &str, form: Form) -> FormAnswer {
    FormAnswer {
        id: form.id.as_uuid(),
        public_path: format!("/o/{org_slug}/forms/{}", form.slug.as_str()),
        slug: form.slug.as_str().to_owned(),
        name: form.name,
        default_language: form.default_language.code().to_owned(),
        fields: form
            .fields
            .into_iter()
            .map(|f| FieldBody {
                field: f.field.as_str().to_owned(),
                required: f.required,
                section: f.section,
            })
            .collect(),
        guest_edit_statuses: form
            .guest_edit_statuses
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        notify_contacts: form.notify_contacts,
        share_links_enabled: form.share_links_enabled,
    }
}

fn parse_fields(fields: Option<Vec<FieldBody>>) -> Result<Option<Vec<FieldConfig>>, Problem> {
    fields
        .map(|fields| {
            fields
                .into_iter()
                .map(|f| {
                    let field = frontdesk_cases::FormField::ALL
                        .into_iter()
                        .find(|known| known.as_str() == f.field)
                        .ok_or_else(|| {
                            Problem::invalid_field("fields", format!("unknown field {:?}", f.field))
                        })?;
                    Ok(FieldConfig {
                        field,
                        required: f.required || field.always_required(),
                        section: f.section,
                    })
                })
                .collect()
        })
        .transpose()
}

fn parse_statuses(statuses: Option<Vec<String>>) -> Result<Option<Vec<CaseStatus>>, Problem> {
    statuses
        .map(|list| {
            list.iter()
                .map(|s| {
                    CaseStatus::parse(s).ok_or_else(|| {
                        Problem::invalid_field(
                            "guest_edit_statuses",
                            format!("unknown status {s:?}"),
                        )
                    })
                })
                .collect()
        })
        .transpose()
}

fn parse_language(raw: Option<String>) -> Result<Option<Language>, Problem> {
    raw.map(|raw| {
        Language::parse(&raw).map_err(|e| Problem::invalid_field("default_language", e.to_string()))
    })
    .transpose()
}

impl CreateFormBody {
    /// The domain request: language, fields and statuses parsed (422 on the first bad one);
    /// slug and name are checked by the use case.
    ///
    /// # Errors
    /// A 422 problem naming the first invalid field.
    pub fn try_into_domain(self) -> Result<NewForm, Problem> {
        Ok(NewForm {
            slug: self.slug,
            name: self.name,
            default_language: parse_language(self.default_language)?,
            fields: parse_fields(self.fields)?,
            guest_edit_statuses: parse_statuses(self.guest_edit_statuses)?,
            notify_contacts: self.notify_contacts,
            share_links_enabled: self.share_links_enabled,
        })
    }
}

impl UpdateFormBody {
    /// The domain request: language, fields and statuses parsed (422 on the first bad one);
    /// the name is checked by the use case.
    ///
    /// # Errors
    /// A 422 problem naming the first invalid field.
    pub fn try_into_domain(self) -> Result<FormChanges, Problem> {
        Ok(FormChanges {
            name: self.name,
            default_language: parse_language(self.default_language)?,
            fields: parse_fields(self.fields)?,
            guest_edit_statuses: parse_statuses(self.guest_edit_statuses)?,
            notify_contacts: self.notify_contacts,
            share_links_enabled: self.share_links_enabled,
        })
    }
}

async fn org_slug(app: &AppState, actor: &frontdesk_access::StaffActor) -> Result<String, Problem> {
    Ok(app.access.organisation(actor).await?.slug.to_string())
}

/// Creates an intake form (admins and case admins).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/forms", tag = "forms", security(("bearer" = [])), request_body = CreateFormBody,
    responses((status = 201, body = FormAnswer), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_form(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<CreateFormBody>,
) -> Result<(StatusCode, Json<FormAnswer>), Problem> {
    let created = app
        .cases
        .create_form(&actor, body.try_into_domain()?)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(form_answer(&org_slug(&app, &actor).await?, created)),
    ))
}

/// Every form of the caller's organisation, by name (staff who view cases or manage forms).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/forms", tag = "forms", security(("bearer" = [])),
    responses((status = 200, body = FormList), (status = 403, body = Problem)))]
pub async fn list_forms(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
) -> Result<Json<FormList>, Problem> {
    let forms = app.cases.list_forms(&actor).await?;
    let org_slug = org_slug(&app, &actor).await?;
    Ok(Json(FormList {
        items: forms
            .into_iter()
            .map(|form| form_answer(&org_slug, form))
            .collect(),
        next_after: None,
    }))
}

/// A form of the caller's organisation.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/forms/{slug}", tag = "forms", security(("bearer" = [])), params(("slug" = String, Path)),
    responses((status = 200, body = FormAnswer), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_form(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<FormAnswer>, Problem> {
    let form = app.cases.form(&actor, &slug).await?;
    Ok(Json(form_answer(&org_slug(&app, &actor).await?, form)))
}

/// Changes a form.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/forms/{slug}", tag = "forms", security(("bearer" = [])), params(("slug" = String, Path)), request_body = UpdateFormBody,
    responses((status = 200, body = FormAnswer), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_form(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateFormBody>,
) -> Result<Json<FormAnswer>, Problem> {
    let form = app
        .cases
        .update_form(&actor, &slug, body.try_into_domain()?)
        .await?;
    Ok(Json(form_answer(&org_slug(&app, &actor).await?, form)))
}
