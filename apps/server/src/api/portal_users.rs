//! The portal-users admin (seed 004's "Portal Users" settings): list and search the
//! organisation's contact users, resend an activation, remove one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_contacts::{
    PortalUserQuery, PortalUserStateFilter, RemovalReport, RemoveContactUserError,
    ResendActivationError, SearchPortalUsersError, SearchText,
};
use frontdesk_kernel::{ClientId, ContactUserId, PageRequest};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::contact_users::{ContactUserBody, PasswordSentBody};
use crate::extract::{ApiPath, ApiQuery, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

impl From<SearchPortalUsersError> for Problem {
    fn from(error: SearchPortalUsersError) -> Self {
        match error {
            SearchPortalUsersError::Forbidden(missing) => missing.into(),
            SearchPortalUsersError::ClientNotFound => {
                Problem::invalid_field("client_id", "no such client")
            }
            SearchPortalUsersError::Repository(error) => error.into(),
        }
    }
}

impl From<ResendActivationError> for Problem {
    fn from(error: ResendActivationError) -> Self {
        match error {
            ResendActivationError::Forbidden(missing) => missing.into(),
            ResendActivationError::NotFound => Problem::not_found("contact user"),
            ResendActivationError::Disabled => {
                Problem::conflict("contact-user-disabled", error.to_string())
            }
            ResendActivationError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            ResendActivationError::Repository(error) => error.into(),
            ResendActivationError::Unexpected(_) => Problem::internal(&error),
        }
    }
}

impl From<RemoveContactUserError> for Problem {
    fn from(error: RemoveContactUserError) -> Self {
        match error {
            RemoveContactUserError::Forbidden(missing) => missing.into(),
            RemoveContactUserError::NotFound => Problem::not_found("contact user"),
            RemoveContactUserError::Repository(error) => error.into(),
        }
    }
}

/// Filters and page of `GET /api/v1/contact-users`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PortalUserParams {
    /// `pending` (invited or waiting for activation), `active` or `disabled`.
    pub state: Option<String>,
    /// Only users whose name, email or username contains this, ignoring case.
    pub q: Option<String>,
    /// Only users who belong to this client.
    pub client_id: Option<Uuid>,
    /// The last id of the previous page.
    pub after: Option<Uuid>,
    /// Users per page (default 50, at most 100).
    pub limit: Option<u32>,
}

impl PortalUserParams {
    /// The domain query and page, or a 422 naming the bad filter.
    ///
    /// # Errors
    /// A validation problem when `state` is not one of the three.
    pub fn try_into_domain(self) -> Result<(PortalUserQuery, PageRequest), Problem> {
        let state = match self.state.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(PortalUserStateFilter::parse(raw).ok_or_else(|| {
                Problem::invalid_field("state", "use one of: pending, active, disabled")
            })?),
        };
        let query = PortalUserQuery {
            state,
            text: self.q.as_deref().and_then(SearchText::parse),
            client: self.client_id.map(ClientId::from_uuid),
        };
        Ok((query, PageRequest::new(self.after, self.limit)))
    }
}

/// A page of portal users.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalUserPage {
    /// The page's users, oldest first.
    pub items: Vec<ContactUserBody>,
    /// Pass as `after` for the next page; `null` on the last page.
    pub next_after: Option<Uuid>,
}

/// What a removal revoked.
#[derive(Debug, Serialize, ToSchema)]
pub struct RemovalBody {
    /// Sessions ended.
    pub sessions: u64,
    /// Grants revoked (per-case grants and the "all public cases" rule).
    pub grants: u64,
    /// Links to clients removed (the clients stay).
    pub client_links: u64,
    /// Unused one-time links superseded.
    pub tokens: u64,
}

impl From<RemovalReport> for RemovalBody {
    fn from(report: RemovalReport) -> Self {
        Self {
            sessions: report.sessions,
            grants: report.grants,
            client_links: report.client_links,
            tokens: report.tokens,
        }
    }
}

/// Lists the organisation's portal users (contact users, never removed ones), filtered by
/// state, text and client, in creation order (staff who view cases).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contact-users", tag = "contact users", security(("bearer" = [])), params(PortalUserParams),
    responses(
        (status = 200, description = "A page of portal users", body = PortalUserPage),
        (status = 400, description = "The query string could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not view cases", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown state or client", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_portal_users(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(params): ApiQuery<PortalUserParams>,
) -> Result<Json<PortalUserPage>, Problem> {
    let (query, page) = params.try_into_domain()?;
    let found = app
        .contact_users
        .search_portal_users(&actor, &query, page)
        .await?;
    Ok(Json(PortalUserPage {
        items: found.items.into_iter().map(Into::into).collect(),
        next_after: found.next_after,
    }))
}

/// Mails the portal user a fresh activation (or, once they have a password, set-password)
/// link; the link is never in the answer.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contact-users/{id}/resend", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 202, description = "The mail is queued", body = PasswordSentBody),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such (or a removed) contact user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The contact user is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The person was mailed moments ago (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn resend_activation(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactUserId>,
) -> Result<(StatusCode, Json<PasswordSentBody>), Problem> {
    let sent = app.contact_users.resend_activation(&actor, id).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(PasswordSentBody {
            mode: sent.mode.as_str(),
            expires_at: sent.expires_at,
            status: "queued",
        }),
    ))
}

/// Removes the portal user: sessions end, grants and the public-cases rule are revoked,
/// client links go and unused links are superseded, in one unit of work; cases and clients
/// stay. A second removal answers 404.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/contact-users/{id}", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "What was revoked", body = RemovalBody),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contact user, or removed already", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn remove_contact_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactUserId>,
) -> Result<Json<RemovalBody>, Problem> {
    Ok(Json(
        app.contact_users
            .remove_contact_user(&actor, id)
            .await?
            .into(),
    ))
}
