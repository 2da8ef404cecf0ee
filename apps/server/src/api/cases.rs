//! Staff case work: list and read cases, edit and assign them, change their status,
//! comment, associate contacts and manage guest access.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_cases::{
    AddCommentError, AssigneeFilter, AssociateContactError, Case, CaseDetail, CaseDetailError,
    CaseFilter, CaseStatus, ChangeStatusError, GetFormError, ListCasesError, Priority,
    ReissueGuestAccessError, RevokeGuestAccessError, SearchText, TimelineEntry, Visibility,
};
use frontdesk_kernel::{CaseId, ClientId, ContactId, PageRequest, StaffUserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

pub mod edit;

pub use edit::update_case;

use crate::api::contacts::{ContactBody, field_problems};
use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

impl From<ListCasesError> for Problem {
    fn from(error: ListCasesError) -> Self {
        match error {
            ListCasesError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            ListCasesError::Repository(error) => error.into(),
        }
    }
}

impl From<CaseDetailError> for Problem {
    fn from(error: CaseDetailError) -> Self {
        match error {
            CaseDetailError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            CaseDetailError::CaseNotFound => Problem::not_found("case"),
            CaseDetailError::Repository(error) => error.into(),
        }
    }
}

impl From<ChangeStatusError> for Problem {
    fn from(error: ChangeStatusError) -> Self {
        match error {
            ChangeStatusError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            ChangeStatusError::CaseNotFound => Problem::not_found("case"),
            ChangeStatusError::InvalidComment(errors) => field_problems(errors),
            ChangeStatusError::Repository(error) => error.into(),
        }
    }
}

impl From<AddCommentError> for Problem {
    fn from(error: AddCommentError) -> Self {
        match error {
            AddCommentError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            AddCommentError::CaseNotFound => Problem::not_found("case"),
            AddCommentError::InvalidComment(errors) => field_problems(errors),
            AddCommentError::Repository(error) => error.into(),
        }
    }
}

impl From<AssociateContactError> for Problem {
    fn from(error: AssociateContactError) -> Self {
        match error {
            AssociateContactError::Forbidden(forbidden) => {
                Problem::forbidden(forbidden.to_string())
            }
            AssociateContactError::CaseNotFound => Problem::not_found("case"),
            AssociateContactError::ContactNotFound => Problem::not_found("contact"),
            AssociateContactError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            AssociateContactError::Repository(error) => error.into(),
        }
    }
}

impl From<ReissueGuestAccessError> for Problem {
    fn from(error: ReissueGuestAccessError) -> Self {
        match error {
            ReissueGuestAccessError::Forbidden(forbidden) => {
                Problem::forbidden(forbidden.to_string())
            }
            ReissueGuestAccessError::CaseNotFound => Problem::not_found("case"),
            ReissueGuestAccessError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            ReissueGuestAccessError::Repository(error) => error.into(),
        }
    }
}

impl From<RevokeGuestAccessError> for Problem {
    fn from(error: RevokeGuestAccessError) -> Self {
        match error {
            RevokeGuestAccessError::Forbidden(forbidden) => {
                Problem::forbidden(forbidden.to_string())
            }
            RevokeGuestAccessError::CaseNotFound => Problem::not_found("case"),
            RevokeGuestAccessError::Repository(error) => error.into(),
        }
    }
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
    /// The staff user working on it, if anyone is.
    pub assignee_id: Option<Uuid>,
    /// The client it belongs to, if any.
    pub client_id: Option<Uuid>,
    /// Whether it is public to its client's contact users.
    pub public: bool,
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
            assignee_id: case.assignee.map(|id| id.as_uuid()),
            client_id: case.client_id.map(|id| id.as_uuid()),
            public: case.public,
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

/// A case with its contacts and timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDetailBody {
    /// The case.
    #[serde(flatten)]
    pub case: CaseBody,
    /// Its form's slug.
    pub form: String,
    /// Its form's display name.
    pub form_name: String,
    /// Its assignee's display name, if it has one.
    pub assignee_name: Option<String>,
    /// Its client's name, if it has a client.
    pub client_name: Option<String>,
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
            form_name: detail.form_name,
            assignee_name: detail.assignee_name,
            client_name: detail.client_name,
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
    /// Only cases whose number (`42`, `#42`) is this, whose title contains it, or with a
    /// contact whose name or email contains it (ignoring case; `%` and `_` are literal).
    pub q: Option<String>,
    /// Only this priority (`low`, `normal`, `high`, `urgent`).
    pub priority: Option<String>,
    /// Only cases assigned to this staff user (an id), or to nobody (`none`).
    pub assignee: Option<String>,
    /// Only cases of this client.
    pub client: Option<Uuid>,
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
    responses(
        (status = 200, description = "A page of cases, oldest first", body = CasePage),
        (status = 400, description = "The query string could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not view cases", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown status, priority or assignee, or a form filter without permission to manage forms", body = Problem, content_type = "application/problem+json"),
    ))]
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
            Err(GetFormError::FormNotFound) => {
                return Ok(Json(CasePage {
                    items: Vec::new(),
                    next_after: None,
                }));
            }
            Err(GetFormError::Forbidden(_)) => {
                return Err(Problem::invalid_field(
                    "form",
                    "filtering by form needs permission to manage forms",
                ));
            }
            Err(other) => return Err(other.into()),
        }),
        None => None,
    };
    let priority = query
        .priority
        .map(|raw| {
            Priority::parse(&raw).ok_or_else(|| {
                Problem::invalid_field("priority", "use low, normal, high or urgent")
            })
        })
        .transpose()?;
    let assignee = match query.assignee.as_deref().map(str::trim) {
        None | Some("") => AssigneeFilter::Anyone,
        Some("none") => AssigneeFilter::Unassigned,
        Some(raw) => Uuid::parse_str(raw)
            .map(|id| AssigneeFilter::Member(StaffUserId::from_uuid(id)))
            .map_err(|_| Problem::invalid_field("assignee", "use a staff user id or none"))?,
    };
    let filter = CaseFilter {
        status,
        form,
        contact: query.contact.map(ContactId::from_uuid),
        priority,
        assignee,
        text: query.q.as_deref().and_then(SearchText::parse),
        client: query.client.map(ClientId::from_uuid),
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
    ApiPath(id): ApiPath<CaseId>,
) -> Result<Json<CaseDetailBody>, Problem> {
    Ok(Json(app.cases.case_detail(&actor, id).await?.into()))
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

impl StatusBody {
    /// The new status and the comment (checked by the use case).
    ///
    /// # Errors
    /// A 422 problem when the status is not one of the life cycle's.
    pub fn try_into_domain(self) -> Result<(CaseStatus, Option<String>), Problem> {
        let status = CaseStatus::parse(&self.status).ok_or_else(|| {
            Problem::invalid_field("status", "use new, open, pending, resolved or closed")
        })?;
        Ok((status, self.comment))
    }
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
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<CaseBody>, Problem> {
    let (status, comment) = body.try_into_domain()?;
    Ok(Json(
        app.cases
            .change_status(&actor, id, status, comment)
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

impl CommentBody {
    /// The text (checked by the use case) and its visibility.
    ///
    /// # Errors
    /// A 422 problem when the visibility is neither `public` nor `internal`.
    pub fn try_into_domain(self) -> Result<(String, Visibility), Problem> {
        let visibility = Visibility::parse(&self.visibility)
            .ok_or_else(|| Problem::invalid_field("visibility", "use public or internal"))?;
        Ok((self.body, visibility))
    }
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
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<CommentBody>,
) -> Result<(StatusCode, Json<TimelineBody>), Problem> {
    let (text, visibility) = body.try_into_domain()?;
    let entry = app.cases.add_comment(&actor, id, &text, visibility).await?;
    Ok((StatusCode::CREATED, Json(entry.into())))
}

/// Body of `POST /api/v1/cases/{id}/contacts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssociateBody {
    /// The contact.
    #[schema(value_type = Uuid)]
    pub contact_id: ContactId,
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
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<AssociateBody>,
) -> Result<StatusCode, Problem> {
    app.cases
        .associate_contact(&actor, id, body.contact_id, body.send_access)
        .await?;
    Ok(StatusCode::NO_CONTENT)
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
    ApiPath(id): ApiPath<CaseId>,
) -> Result<StatusCode, Problem> {
    app.cases.reissue_guest_access(&actor, id).await?;
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
    ApiPath(id): ApiPath<CaseId>,
) -> Result<StatusCode, Problem> {
    app.cases.revoke_guest_access(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
