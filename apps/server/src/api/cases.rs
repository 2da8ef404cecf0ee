//! Forms, cases, contacts (staff) and public case intake (JSON).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use frontdesk_cases::{
    Case, CaseDetail, CaseFilter, CaseStatus, FieldConfig, FieldError, Form, FormAdminError,
    FormChanges, NewContact, NewForm, StaffCaseError, Submission, SubmitError, TimelineEntry,
    Visibility,
};
use frontdesk_contacts::PublicProfile;
use frontdesk_kernel::{CaseId, ContactId, Language, PageRequest};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, ApiPath, ApiQuery, ClientIp, StaffAuth};
use crate::pages::public_form::{FormInput, raw_submission};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

fn field_problems(errors: Vec<FieldError>) -> Problem {
    Problem::invalid(
        errors
            .into_iter()
            .map(|e| FieldProblem {
                field: e.field,
                message: e.message,
            })
            .collect(),
    )
}

impl From<FormAdminError> for Problem {
    fn from(error: FormAdminError) -> Self {
        match error {
            FormAdminError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            FormAdminError::NotFound => Problem::not_found("form"),
            FormAdminError::SlugTaken => Problem::conflict("form-exists", error.to_string()),
            FormAdminError::Invalid(rule) => Problem::invalid_field("form", rule.to_string()),
            FormAdminError::Repository(error) => error.into(),
        }
    }
}

impl From<StaffCaseError> for Problem {
    fn from(error: StaffCaseError) -> Self {
        match error {
            StaffCaseError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            StaffCaseError::NotFound(what) => Problem::not_found(what),
            StaffCaseError::Invalid(errors) => field_problems(errors),
            StaffCaseError::ContactExists => Problem::conflict("contact-exists", error.to_string()),
            StaffCaseError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            StaffCaseError::Repository(error) => error.into(),
        }
    }
}

impl From<SubmitError> for Problem {
    fn from(error: SubmitError) -> Self {
        match error {
            SubmitError::NotFound => Problem::not_found("form"),
            SubmitError::Invalid(errors) => field_problems(errors),
            SubmitError::Captcha(captcha) => {
                let mut problem = Problem::invalid_field("altcha", captcha.to_string());
                problem.kind = "urn:frontdesk:problem:captcha".into();
                problem
            }
            SubmitError::RateLimited {
                retry_after_seconds,
            } => Problem::too_many_requests(retry_after_seconds, error.to_string()),
            SubmitError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            SubmitError::IdempotencyConflict => {
                Problem::conflict("idempotency-key-reused", error.to_string())
            }
            SubmitError::Repository(error) => error.into(),
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
    let form = NewForm {
        slug: body.slug,
        name: body.name,
        default_language: parse_language(body.default_language)?,
        fields: parse_fields(body.fields)?,
        guest_edit_statuses: parse_statuses(body.guest_edit_statuses)?,
        notify_contacts: body.notify_contacts,
        share_links_enabled: body.share_links_enabled,
    };
    let created = app.cases.create_form(&actor, form).await?;
    Ok((
        StatusCode::CREATED,
        Json(form_answer(&org_slug(&app, &actor).await?, created)),
    ))
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
    let changes = FormChanges {
        name: body.name,
        default_language: parse_language(body.default_language)?,
        fields: parse_fields(body.fields)?,
        guest_edit_statuses: parse_statuses(body.guest_edit_statuses)?,
        notify_contacts: body.notify_contacts,
        share_links_enabled: body.share_links_enabled,
    };
    let form = app.cases.update_form(&actor, &slug, changes).await?;
    Ok(Json(form_answer(&org_slug(&app, &actor).await?, form)))
}

/// Body of a public case submission (JSON). The form decides which fields apply.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicCaseBody {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Email (the confirmation link goes there).
    pub email: Option<String>,
    /// Case title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: Option<String>,
    /// Project.
    pub project: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// The ALTCHA solution (base64), as the widget sends it.
    pub altcha: Option<String>,
}

/// Answer to a public submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceivedAnswer {
    /// Always `received`.
    pub status: &'static str,
    /// What happens next, for people.
    pub message: &'static str,
}

/// Creates a case from a public form (no account). Answers 202 and emails the submitter a
/// link to the case. Send `Idempotency-Key` to make retries safe.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/public/orgs/{org}/forms/{form}/cases", tag = "public",
    params(("org" = String, Path), ("form" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = PublicCaseBody,
    responses(
        (status = 202, description = "Received; check your email", body = ReceivedAnswer),
        (status = 404, description = "Unknown organisation or form", body = Problem),
        (status = 409, description = "Idempotency-Key reused with a different body", body = Problem),
        (status = 422, description = "Invalid fields or security check", body = Problem),
        (status = 429, description = "Too many submissions", body = Problem),
    ))]
pub async fn submit_public_case(
    State(app): State<AppState>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    ApiPath((org, form)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<PublicCaseBody>,
) -> Result<(StatusCode, Json<ReceivedAnswer>), Problem> {
    let idempotency_key = match headers.get("idempotency-key") {
        None => None,
        Some(value) => {
            let key = value
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|k| !k.is_empty() && k.len() <= 200);
            Some(
                key.ok_or_else(|| {
                    Problem::bad_request("Idempotency-Key must be 1–200 visible characters")
                })?
                .to_owned(),
            )
        }
    };
    let mut input = FormInput::new();
    for (name, value) in [
        ("first_name", body.first_name),
        ("last_name", body.last_name),
        ("email", body.email),
        ("title", body.title),
        ("description", body.description),
        ("priority", body.priority),
        ("project", body.project),
        ("phone", body.phone),
        ("address", body.address),
        ("altcha", body.altcha),
    ] {
        if let Some(value) = value {
            input.insert(name.to_owned(), value);
        }
    }
    let submission = Submission {
        org_slug: org,
        form_slug: form,
        fields: raw_submission(&input),
        client_ip,
        idempotency_key,
    };
    app.cases.submit(submission).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ReceivedAnswer {
            status: "received",
            message: "Thank you. Check your email for a link to follow your case.",
        }),
    ))
}

/// A case as the staff API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseBody {
    /// Id.
    pub id: Uuid,
    /// Number in the organisation.
    pub number: u64,
    /// Form id.
    pub form_id: Uuid,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Priority.
    pub priority: String,
    /// Project.
    pub project: Option<String>,
    /// Status.
    pub status: String,
    /// Language.
    pub language: String,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last change.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Case> for CaseBody {
    fn from(case: Case) -> Self {
        Self {
            id: case.id.as_uuid(),
            number: case.number.0,
            form_id: case.form_id.as_uuid(),
            title: case.title,
            description: case.description,
            priority: case.priority.as_str().to_owned(),
            project: case.project,
            status: case.status.as_str().to_owned(),
            language: case.language.code().to_owned(),
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }
}

/// A timeline entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineBody {
    /// Id.
    pub id: Uuid,
    /// `public` or `internal`.
    pub visibility: String,
    /// `staff`, `contact` or `system`.
    pub author: String,
    /// The author's id.
    pub author_id: Option<Uuid>,
    /// What happened (`type` plus its fields).
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl From<TimelineEntry> for TimelineBody {
    fn from(entry: TimelineEntry) -> Self {
        let (author, author_id) = match entry.author {
            frontdesk_cases::Author::Staff(id) => ("staff", Some(id.as_uuid())),
            frontdesk_cases::Author::Contact(id) => ("contact", Some(id.as_uuid())),
            frontdesk_cases::Author::System => ("system", None),
        };
        Self {
            id: entry.id.as_uuid(),
            visibility: entry.visibility.as_str().to_owned(),
            author: author.to_owned(),
            author_id,
            event: serde_json::to_value(&entry.event).unwrap_or_default(),
            at: entry.at,
        }
    }
}

/// A contact's public profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactBody {
    /// Id.
    pub id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
}

impl From<PublicProfile> for ContactBody {
    fn from(p: PublicProfile) -> Self {
        Self {
            id: p.id.as_uuid(),
            first_name: p.first_name,
            last_name: p.last_name,
            email: p.email,
            phone: p.phone,
        }
    }
}

/// A case with its contacts and timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetailBody {
    /// The case.
    #[serde(flatten)]
    pub case: CaseBody,
    /// Its form's slug.
    pub form: String,
    /// Its contacts.
    pub contacts: Vec<ContactBody>,
    /// Every timeline entry, oldest first.
    pub timeline: Vec<TimelineBody>,
}

impl From<CaseDetail> for CaseDetailBody {
    fn from(detail: CaseDetail) -> Self {
        Self {
            case: detail.case.into(),
            form: detail.form_slug,
            contacts: detail.contacts.into_iter().map(Into::into).collect(),
            timeline: detail.timeline.into_iter().map(Into::into).collect(),
        }
    }
}

/// A page of cases.
#[derive(Debug, Serialize, ToSchema)]
pub struct CasePage {
    /// Cases, oldest first.
    pub items: Vec<CaseBody>,
    /// Cursor for the next page.
    pub next_after: Option<Uuid>,
}

/// Filters and pagination of `GET /api/v1/cases`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaseQuery {
    /// Only this status.
    pub status: Option<String>,
    /// Only this form (slug).
    pub form: Option<String>,
    /// Only cases of this contact.
    pub contact: Option<Uuid>,
    /// Cursor.
    pub after: Option<Uuid>,
    /// Page size (1–200).
    pub limit: Option<u32>,
}

/// Lists cases.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", security(("bearer" = [])), params(CaseQuery),
    responses((status = 200, body = CasePage), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_cases(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(query): ApiQuery<CaseQuery>,
) -> Result<Json<CasePage>, Problem> {
    let status = query
        .status
        .map(|s| {
            CaseStatus::parse(&s).ok_or_else(|| Problem::invalid_field("status", "unknown status"))
        })
        .transpose()?;
    let form = match query.form {
        Some(slug) => Some(match app.cases.form(&actor, &slug).await {
            Ok(form) => form.id,
            Err(FormAdminError::NotFound) => {
                return Ok(Json(CasePage {
                    items: Vec::new(),
                    next_after: None,
                }));
            }
            Err(FormAdminError::Forbidden(_)) => {
                return Err(Problem::invalid_field(
                    "form",
                    "filtering by form needs permission to manage forms",
                ));
            }
            Err(other) => return Err(other.into()),
        }),
        None => None,
    };
    let filter = CaseFilter {
        status,
        form,
        contact: query.contact.map(ContactId::from_uuid),
    };
    let page = app
        .cases
        .list_cases(&actor, filter, PageRequest::new(query.after, query.limit))
        .await?;
    Ok(Json(CasePage {
        next_after: page.next_after,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// A case with its contacts and full timeline.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CaseDetailBody), (status = 404, body = Problem)))]
pub async fn get_case(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CaseDetailBody>, Problem> {
    Ok(Json(
        app.cases
            .case_detail(&actor, CaseId::from_uuid(id))
            .await?
            .into(),
    ))
}

/// Body of `POST /api/v1/cases/{id}/status`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// New status.
    pub status: String,
    /// Optional public comment.
    pub comment: Option<String>,
}

/// Changes a case's status; subscribed contacts are notified when the form says so.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/cases/{id}/status", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = StatusBody,
    responses((status = 200, body = CaseBody), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn change_status(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<CaseBody>, Problem> {
    let status = CaseStatus::parse(&body.status).ok_or_else(|| {
        Problem::invalid_field("status", "use new, open, pending, resolved or closed")
    })?;
    Ok(Json(
        app.cases
            .change_status(&actor, CaseId::from_uuid(id), status, body.comment)
            .await?
            .into(),
    ))
}

/// Body of `POST /api/v1/cases/{id}/comments`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    /// Text.
    pub body: String,
    /// `public` (contacts see it and are notified) or `internal`.
    pub visibility: String,
}

/// Adds a comment.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/cases/{id}/comments", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CommentBody,
    responses((status = 201, body = TimelineBody), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_comment(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, Json<TimelineBody>), Problem> {
    let visibility = Visibility::parse(&body.visibility)
        .ok_or_else(|| Problem::invalid_field("visibility", "use public or internal"))?;
    let entry = app
        .cases
        .add_comment(&actor, CaseId::from_uuid(id), &body.body, visibility)
        .await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// Body of `POST /api/v1/contacts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContactBody {
    /// Email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

/// Creates a contact.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])), request_body = CreateContactBody,
    responses((status = 201, body = ContactBody), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<CreateContactBody>,
) -> Result<(StatusCode, Json<ContactBody>), Problem> {
    let contact = NewContact {
        email: body.email,
        first_name: body.first_name,
        last_name: body.last_name,
        phone: body.phone,
        address: body.address,
    };
    let created = app.cases.create_contact(&actor, contact).await?;
    Ok((
        StatusCode::CREATED,
        Json(PublicProfile::from(&created).into()),
    ))
}

/// A contact's public profile.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ContactBody), (status = 404, body = Problem)))]
pub async fn get_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ContactBody>, Problem> {
    Ok(Json(
        app.cases
            .contact_profile(&actor, ContactId::from_uuid(id))
            .await?
            .into(),
    ))
}

/// Body of `POST /api/v1/cases/{id}/contacts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssociateBody {
    /// The contact.
    pub contact_id: Uuid,
    /// Also mail them a link to the case.
    #[serde(default)]
    pub send_access: bool,
}

/// Associates a contact with a case.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/cases/{id}/contacts", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = AssociateBody,
    responses((status = 204), (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn associate_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<AssociateBody>,
) -> Result<StatusCode, Problem> {
    app.cases
        .associate_contact(
            &actor,
            CaseId::from_uuid(id),
            ContactId::from_uuid(body.contact_id),
            body.send_access,
        )
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of `POST /api/v1/contacts/{id}/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailContactBody {
    /// Subject.
    pub subject: String,
    /// Message.
    pub body: String,
}

/// Queues a message to a contact.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/email", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = EmailContactBody,
    responses((status = 202, body = crate::api::mail::QueuedAnswer), (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn email_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<EmailContactBody>,
) -> Result<(StatusCode, Json<crate::api::mail::QueuedAnswer>), Problem> {
    let id = app
        .cases
        .email_contact(&actor, ContactId::from_uuid(id), &body.subject, &body.body)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(crate::api::mail::QueuedAnswer {
            message_id: id.as_uuid(),
            status: "queued",
        }),
    ))
}

/// Revokes a case's guest links and mails new ones to its contacts.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/cases/{id}/guest-access/reissue", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 202), (status = 404, body = Problem), (status = 429, body = Problem)))]
pub async fn reissue_guest_access(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, Problem> {
    app.cases
        .reissue_guest_access(&actor, CaseId::from_uuid(id))
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// Revokes every guest link of a case at once.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/cases/{id}/guest-access", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn revoke_guest_access(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, Problem> {
    app.cases
        .revoke_guest_access(&actor, CaseId::from_uuid(id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
