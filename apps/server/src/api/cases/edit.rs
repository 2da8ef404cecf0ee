//! `PATCH /api/v1/cases/{id}`: staff edit a case's fields, assign it, move it to a client
//! and make it public to that client's contact users.

use axum::Json;
use axum::extract::State;
use frontdesk_cases::{CaseChanges, Priority, UpdateCaseError};
use frontdesk_kernel::{CaseId, ClientId, StaffUserId};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::CaseBody;
use crate::api::contacts::field_problems;
use crate::extract::{ApiJson, ApiPath, StaffAuth};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

impl From<UpdateCaseError> for Problem {
    fn from(error: UpdateCaseError) -> Self {
        match error {
            UpdateCaseError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            UpdateCaseError::CaseNotFound => Problem::not_found("case"),
            UpdateCaseError::Invalid(errors) => field_problems(errors),
            UpdateCaseError::UnknownAssignee => {
                Problem::invalid_field("assignee_id", error.to_string())
            }
            UpdateCaseError::UnknownClient => {
                Problem::invalid_field("client_id", error.to_string())
            }
            UpdateCaseError::Repository(error) => error.into(),
        }
    }
}

/// Body of `PATCH /api/v1/cases/{id}`: only the fields sent change; `null` clears
/// `description`, `project`, `assignee_id` and `client_id`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::option_option,
    reason = "absent, null or a value: the three states of a PATCH field"
)]
pub struct UpdateCaseBody {
    /// Title (1–200 characters, one line).
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    /// Description, or `null` (or blank) to remove it.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub description: Option<Option<String>>,
    /// `low`, `normal`, `high` or `urgent`.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>)]
    pub priority: Option<Option<String>>,
    /// Project (1–200 characters, one line), or `null` (or blank) to remove it.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub project: Option<Option<String>>,
    /// An enabled staff user of the organisation, or `null` to unassign.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub assignee_id: Option<Option<Uuid>>,
    /// A client of the organisation, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<Uuid>, nullable)]
    pub client_id: Option<Option<Uuid>>,
    /// Whether the case is public to its client's contact users (those with the rule "all
    /// public cases of the client").
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<bool>)]
    pub public: Option<Option<bool>>,
}

/// The fields of `PATCH /api/v1/cases/{id}` in the order problems are listed.
const UPDATE_FIELDS: [&str; 7] = [
    "title",
    "description",
    "priority",
    "project",
    "assignee_id",
    "client_id",
    "public",
];

impl UpdateCaseBody {
    /// The changes, and the problems only the wire can see: `title` or `priority` set to
    /// `null`, an unknown priority, `public` set to `null` (text fields are checked by the
    /// use case).
    pub fn into_domain(self) -> (CaseChanges, Vec<FieldProblem>) {
        let mut problems = Vec::new();
        let title = match self.title {
            Some(None) => {
                problems.push(FieldProblem {
                    field: "title".to_owned(),
                    message: "a case always has a title".to_owned(),
                });
                None
            }
            other => other.flatten(),
        };
        let priority = self.priority.and_then(|raw| {
            let parsed = raw.as_deref().and_then(Priority::parse);
            if parsed.is_none() {
                problems.push(FieldProblem {
                    field: "priority".to_owned(),
                    message: "use low, normal, high or urgent".to_owned(),
                });
            }
            parsed
        });
        let public = match self.public {
            Some(None) => {
                problems.push(FieldProblem {
                    field: "public".to_owned(),
                    message: "use true or false".to_owned(),
                });
                None
            }
            other => other.flatten(),
        };
        let changes = CaseChanges {
            title,
            description: self.description,
            priority,
            project: self.project,
            assignee: self.assignee_id.map(|id| id.map(StaffUserId::from_uuid)),
            client: self.client_id.map(|id| id.map(ClientId::from_uuid)),
            public,
        };
        (changes, problems)
    }
}

/// Changes a case's title, description, priority, project, assignee, client or public flag;
/// each change is an internal timeline entry.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", tag = "cases", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateCaseBody,
    responses(
        (status = 200, description = "The case as it now is", body = CaseBody),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not edit cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such case in the caller's organisation (or a malformed id)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields of the wrong type or unknown, or invalid values, each listed; `assignee_id` when it is not an enabled staff user of the organisation, `client_id` when it is not a client of the organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_case(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<CaseId>,
    ApiJson(body): ApiJson<UpdateCaseBody>,
) -> Result<Json<CaseBody>, Problem> {
    let (changes, mut problems) = body.into_domain();
    if !problems.is_empty() {
        // Answer every bad field at once: the wire's and the use case's.
        let checked = app
            .cases
            .check_case_changes(&actor, &changes)
            .map_err(|forbidden| Problem::forbidden(forbidden.to_string()))?;
        problems.extend(checked.into_iter().map(|error| FieldProblem {
            field: error.field,
            message: error.message,
        }));
        problems.sort_by_key(|problem| {
            UPDATE_FIELDS
                .iter()
                .position(|field| *field == problem.field)
        });
        return Err(Problem::invalid(problems));
    }
    Ok(Json(
        app.cases.update_case(&actor, id, changes).await?.into(),
    ))
}
