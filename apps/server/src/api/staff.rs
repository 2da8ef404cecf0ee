//! Staff user and API token administration (admins only).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_access::{
    ApiTokenLabel, ApiTokenLabelRule, CreateApiTokenError, CreateStaffUserError, Forbidden,
    ListStaffUsersError, NewApiToken, NewStaffUser, Permission, ProfileSet, RevokeApiTokenError,
    StaffUserChanges, UpdateStaffUserError,
};
use frontdesk_kernel::{ApiTokenId, EmailAddress, PageRequest, PersonName, StaffUserId};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::org::StaffUserBody;
use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth, optional_json};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

/// Body of `POST /api/v1/staff-users`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStaffUserBody {
    /// Sign-in address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Profiles to grant: any of `admin`, `case_admin`, `agent`.
    #[serde(default)]
    pub profiles: Vec<String>,
}

/// Answer of `POST /api/v1/staff-users`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedStaffUserBody {
    /// The new user.
    pub user: StaffUserBody,
    /// One-time link for the user to choose a password. Shown only in this response; nothing
    /// is mailed.
    pub setup_url: String,
    /// When the setup link expires.
    #[serde(with = "time::serde::rfc3339")]
    pub setup_expires_at: OffsetDateTime,
}

/// Body of `PATCH /api/v1/staff-users/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStaffUserBody {
    /// New profiles (replaces the old set).
    pub profiles: Option<Vec<String>>,
    /// Disable or re-enable the user. Disabling ends their sessions.
    pub disabled: Option<bool>,
}

/// Body of `POST /api/v1/staff-users/{id}/api-tokens`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateApiTokenBody {
    /// A label to recognise the token by (default `api`).
    pub label: Option<String>,
    /// When the token stops working (RFC 3339); never if omitted.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// Answer of `POST /api/v1/staff-users/{id}/api-tokens`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiTokenBody {
    /// Token id (to revoke it).
    pub id: Uuid,
    /// The bearer token. Shown only in this response.
    pub token: String,
    /// Its label.
    pub label: String,
    /// When it expires, if ever.
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
}

/// A page of staff users.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffUserPage {
    /// The users, oldest first.
    pub items: Vec<StaffUserBody>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<Uuid>,
}

/// Pagination parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Id of the last item of the previous page.
    pub after: Option<Uuid>,
    /// Page size (1–200, default 50).
    pub limit: Option<u32>,
}

fn parse_profiles(names: &[String]) -> Result<ProfileSet, FieldProblem> {
    ProfileSet::parse(names).map_err(|error| FieldProblem {
        field: "profiles".into(),
        message: error.to_string(),
    })
}

impl CreateStaffUserBody {
    /// The domain request, or a 422 listing every bad field.
    ///
    /// # Errors
    /// A validation problem naming each field that does not parse.
    pub fn try_into_domain(self) -> Result<NewStaffUser, Problem> {
        let mut errors = Vec::new();
        let email = EmailAddress::parse(&self.email)
            .map_err(|e| {
                errors.push(FieldProblem {
                    field: "email".into(),
                    message: e.to_string(),
                });
            })
            .ok();
        let name = PersonName::parse(&self.name)
            .map_err(|e| {
                errors.push(FieldProblem {
                    field: "name".into(),
                    message: e.to_string(),
                });
            })
            .ok();
        let profiles = parse_profiles(&self.profiles)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(email), Some(name), Some(profiles)) = (email, name, profiles) else {
            return Err(Problem::invalid(errors));
        };
        Ok(NewStaffUser {
            email,
            name,
            profiles,
        })
    }
}

impl UpdateStaffUserBody {
    /// The domain changes, or a 422 naming the bad field.
    ///
    /// # Errors
    /// A validation problem when `profiles` names an unknown profile.
    pub fn try_into_domain(self) -> Result<StaffUserChanges, Problem> {
        let profiles = self
            .profiles
            .as_deref()
            .map(parse_profiles)
            .transpose()
            .map_err(|e| Problem::invalid(vec![e]))?;
        Ok(StaffUserChanges {
            profiles,
            disabled: self.disabled,
        })
    }
}

impl CreateApiTokenBody {
    /// The domain request (label `api` when none is given), or a 422 naming the bad field.
    ///
    /// # Errors
    /// A validation problem when the label is blank, too long or spans lines.
    pub fn try_into_domain(self) -> Result<NewApiToken, Problem> {
        let raw = self.label.unwrap_or_else(|| "api".into());
        // Trimmed before the rule applies, as labels always were.
        let label = ApiTokenLabel::parse(raw.trim())
            .map_err(|_| Problem::invalid_field("label", ApiTokenLabelRule::DESCRIPTION))?;
        Ok(NewApiToken {
            label,
            expires_at: self.expires_at,
        })
    }
}

impl From<Forbidden> for Problem {
    fn from(missing: Forbidden) -> Self {
        Problem::forbidden(missing.to_string())
    }
}

impl From<CreateStaffUserError> for Problem {
    fn from(error: CreateStaffUserError) -> Self {
        match error {
            CreateStaffUserError::Forbidden(missing) => missing.into(),
            CreateStaffUserError::EmailTaken => {
                Problem::conflict("staff-user-exists", error.to_string())
            }
            CreateStaffUserError::OrganisationMissing => Problem::internal(&error),
            CreateStaffUserError::Repository(error) => error.into(),
        }
    }
}

impl From<ListStaffUsersError> for Problem {
    fn from(error: ListStaffUsersError) -> Self {
        match error {
            ListStaffUsersError::Forbidden(missing) => missing.into(),
            ListStaffUsersError::Repository(error) => error.into(),
        }
    }
}

impl From<UpdateStaffUserError> for Problem {
    fn from(error: UpdateStaffUserError) -> Self {
        match error {
            UpdateStaffUserError::Forbidden(missing) => missing.into(),
            UpdateStaffUserError::NotFound => Problem::not_found("staff user"),
            UpdateStaffUserError::LastAdmin => Problem::conflict("last-admin", error.to_string()),
            UpdateStaffUserError::Repository(error) => error.into(),
        }
    }
}

impl From<CreateApiTokenError> for Problem {
    fn from(error: CreateApiTokenError) -> Self {
        match error {
            CreateApiTokenError::Forbidden(missing) => missing.into(),
            CreateApiTokenError::UserNotFound => Problem::not_found("staff user"),
            CreateApiTokenError::UserDisabled => {
                Problem::conflict("staff-user-disabled", error.to_string())
            }
            CreateApiTokenError::ExpiryNotInFuture => {
                Problem::invalid_field("expires_at", error.to_string())
            }
            CreateApiTokenError::Repository(error) => error.into(),
        }
    }
}

impl From<RevokeApiTokenError> for Problem {
    fn from(error: RevokeApiTokenError) -> Self {
        match error {
            RevokeApiTokenError::Forbidden(missing) => missing.into(),
            RevokeApiTokenError::NotFound => Problem::not_found("API token"),
            RevokeApiTokenError::Repository(error) => error.into(),
        }
    }
}

/// Creates a staff user (admins only). Sends nothing: the answer carries a one-time setup URL
/// to hand to the user.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/staff-users", tag = "staff",
    security(("bearer" = [])),
    request_body = CreateStaffUserBody,
    responses(
        (status = 201, description = "Created", body = CreatedStaffUserBody),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Email already used in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_staff_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<CreateStaffUserBody>,
) -> Result<(StatusCode, Json<CreatedStaffUserBody>), Problem> {
    // Permission before validation, so a caller who may not create staff learns nothing
    // about the body's rules.
    actor.require(Permission::ManageStaff)?;
    let request = body.try_into_domain()?;
    let created = app.access.create_staff_user(&actor, request).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedStaffUserBody {
            setup_url: created.setup_link.url.expose_secret().to_owned(),
            setup_expires_at: created.setup_link.expires_at,
            user: created.user.into(),
        }),
    ))
}

/// Lists the organisation's staff users (admins only), oldest first.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/staff-users", tag = "staff",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of staff users", body = StaffUserPage),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_staff_users(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<StaffUserPage>, Problem> {
    let page = app
        .access
        .list_staff_users(&actor, PageRequest::new(params.after, params.limit))
        .await?;
    Ok(Json(StaffUserPage {
        next_after: page.next_after,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Changes a staff user's profiles or disables them (admins only).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/staff-users/{id}", tag = "staff",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff user id")),
    request_body = UpdateStaffUserBody,
    responses(
        (status = 200, description = "The changed user", body = StaffUserBody),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Would leave no enabled admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_staff_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<StaffUserId>,
    ApiJson(body): ApiJson<UpdateStaffUserBody>,
) -> Result<Json<StaffUserBody>, Problem> {
    let changes = body.try_into_domain()?;
    let user = app.access.update_staff_user(&actor, id, changes).await?;
    Ok(Json(user.into()))
}

/// Issues an API token acting as a staff user (admins only). The token is shown once.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/staff-users/{id}/api-tokens", tag = "staff",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Staff user id")),
    request_body(content = CreateApiTokenBody, description = "Optional label and expiry"),
    responses(
        (status = 201, description = "Issued", body = CreatedApiTokenBody),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user in this organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The user is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_api_token(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<StaffUserId>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<CreatedApiTokenBody>), Problem> {
    let body: CreateApiTokenBody = optional_json(&body)?.unwrap_or_default();
    // Permission before validation, as before labels were parsed at the edge.
    actor.require(Permission::ManageStaff)?;
    let request = body.try_into_domain()?;
    let created = app.access.create_api_token(&actor, id, request).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedApiTokenBody {
            id: created.record.id.as_uuid(),
            token: created.secret.expose().to_owned(),
            label: created.record.label,
            expires_at: created.record.expires_at,
        }),
    ))
}

/// Revokes an API token at once (admins, or the token's own user).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/api-tokens/{id}", tag = "staff",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "API token id")),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 403, description = "Not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such token in this organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke_api_token(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ApiTokenId>,
) -> Result<StatusCode, Problem> {
    app.access.revoke_api_token(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
