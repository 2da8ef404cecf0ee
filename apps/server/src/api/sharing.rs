//! Public share links (staff): create, list, revoke, audit, mail; per-form permissions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_access::Profile;
use frontdesk_kernel::{CaseId, EmailAddress, ShareLinkId};
use frontdesk_sharing::{
    CreateShareLink, CreateShareLinkError, EmailShareLink, EmailShareLinkError,
    ListShareLinksError, ListShareViewsError, RevokeShareLinkError, SetSharePermissionError,
    ShareLabel, ShareLabelRule, ShareLink, SharePermissionsError, ShareView,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::{ApiJson, ApiPath, StaffAuth, optional_json};
use crate::problem::Problem;
use crate::state::AppState;

impl From<CreateShareLinkError> for Problem {
    fn from(error: CreateShareLinkError) -> Self {
        match error {
            CreateShareLinkError::CaseNotFound => Problem::not_found("case"),
            CreateShareLinkError::AddonDisabled => {
                Problem::conflict("share-links-disabled", error.to_string())
            }
            CreateShareLinkError::Forbidden => Problem::forbidden(error.to_string()),
            CreateShareLinkError::NoViews => Problem::invalid_field("max_views", error.to_string()),
            CreateShareLinkError::ExpiryInPast | CreateShareLinkError::ExpiryTooLate { .. } => {
                Problem::invalid_field("expires_at", error.to_string())
            }
            CreateShareLinkError::WeakPassword => {
                Problem::invalid_field("password", error.to_string())
            }
            CreateShareLinkError::Busy => Problem::too_many_requests(2, error.to_string()),
            CreateShareLinkError::Hashing(_) => Problem::internal(&error),
            CreateShareLinkError::Repository(error) => error.into(),
        }
    }
}

impl From<ListShareLinksError> for Problem {
    fn from(error: ListShareLinksError) -> Self {
        match error {
            ListShareLinksError::Forbidden(missing) => missing.into(),
            ListShareLinksError::CaseNotFound => Problem::not_found("case"),
            ListShareLinksError::Repository(error) => error.into(),
        }
    }
}

impl From<ListShareViewsError> for Problem {
    fn from(error: ListShareViewsError) -> Self {
        match error {
            ListShareViewsError::Forbidden(missing) => missing.into(),
            ListShareViewsError::LinkNotFound => Problem::not_found("share link"),
            ListShareViewsError::Repository(error) => error.into(),
        }
    }
}

impl From<RevokeShareLinkError> for Problem {
    fn from(error: RevokeShareLinkError) -> Self {
        match error {
            RevokeShareLinkError::Forbidden(missing) => missing.into(),
            RevokeShareLinkError::LinkNotFound => Problem::not_found("share link"),
            RevokeShareLinkError::Repository(error) => error.into(),
        }
    }
}

impl From<EmailShareLinkError> for Problem {
    fn from(error: EmailShareLinkError) -> Self {
        match error {
            EmailShareLinkError::LinkNotFound => Problem::not_found("share link"),
            EmailShareLinkError::CaseNotFound => Problem::not_found("case"),
            EmailShareLinkError::WrongUrl => Problem::invalid_field("url", error.to_string()),
            EmailShareLinkError::Forbidden(missing) => missing.into(),
            EmailShareLinkError::LinkClosed | EmailShareLinkError::InvalidMessage(_) => {
                Problem::invalid_field("body", error.to_string())
            }
            EmailShareLinkError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            EmailShareLinkError::Repository(error) => error.into(),
        }
    }
}

impl From<SharePermissionsError> for Problem {
    fn from(error: SharePermissionsError) -> Self {
        match error {
            SharePermissionsError::Forbidden(missing) => missing.into(),
            SharePermissionsError::FormNotFound => Problem::not_found("form"),
            SharePermissionsError::Repository(error) => error.into(),
        }
    }
}

impl From<SetSharePermissionError> for Problem {
    fn from(error: SetSharePermissionError) -> Self {
        match error {
            SetSharePermissionError::Forbidden(missing) => missing.into(),
            SetSharePermissionError::FormNotFound => Problem::not_found("form"),
            SetSharePermissionError::Repository(error) => error.into(),
        }
    }
}

/// Body of `POST /api/v1/cases/{id}/share-links` (every field optional).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateShareLinkBody {
    /// Expiry (RFC 3339); default from the organisation's policy (7 days), at most its maximum.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// Views allowed (at least 1).
    pub max_views: Option<u32>,
    /// A password the recipient must type.
    pub password: Option<String>,
    /// A label for staff.
    pub label: Option<String>,
}

/// A created link: the only time its URL is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedShareLinkBody {
    /// Link id.
    pub id: Uuid,
    /// `{base}/s/{token}`.
    pub url: String,
    /// A ready `mailto:` URL for "Email this link".
    pub mailto: String,
    /// Expiry.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Views allowed.
    pub max_views: Option<u32>,
}

/// A link as listed (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareLinkBody {
    /// Id.
    pub id: Uuid,
    /// Label.
    pub label: Option<String>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Expiry.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Views allowed.
    pub max_views: Option<u32>,
    /// Views so far.
    pub views: u32,
    /// Whether a password protects it.
    pub has_password: bool,
    /// Revocation time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    /// Who created it.
    pub created_by: Uuid,
}

impl From<ShareLink> for ShareLinkBody {
    fn from(link: ShareLink) -> Self {
        Self {
            id: link.id.as_uuid(),
            label: link.label,
            created_at: link.created_at,
            expires_at: link.expires_at,
            max_views: link.max_views,
            views: link.views,
            has_password: link.password_hash.is_some(),
            revoked_at: link.revoked_at,
            created_by: link.created_by.as_uuid(),
        }
    }
}

/// A logged view.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareViewBody {
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub viewed_at: OffsetDateTime,
    /// User agent.
    pub user_agent: Option<String>,
    /// Hashed client IP.
    pub ip_hash: Option<String>,
}

impl From<ShareView> for ShareViewBody {
    fn from(view: ShareView) -> Self {
        Self {
            viewed_at: view.viewed_at,
            user_agent: view.user_agent,
            ip_hash: view.ip_hash,
        }
    }
}

/// Body of `POST /api/v1/share-links/{id}/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailShareLinkBody {
    /// Recipient.
    pub to: String,
    /// A note above the link.
    pub message: Option<String>,
    /// The link's URL as returned at creation (only its digest is stored, so it is needed to
    /// mail it).
    pub url: String,
}

/// One profile's permission to share cases of a form.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SharePermissionBody {
    /// `admin`, `case_admin` or `agent`.
    pub profile: String,
    /// Whether members may share cases of this form publicly.
    pub share_publicly: bool,
}

impl CreateShareLinkBody {
    /// The domain request, or a 422 naming the bad field.
    ///
    /// # Errors
    /// A validation problem when the label is too long or spans lines.
    pub fn try_into_domain(self) -> Result<CreateShareLink, Problem> {
        // Trimmed before the rule applies, as labels always were; blank means none.
        let label = ShareLabel::parse_optional(self.label.as_deref().map(str::trim))
            .map_err(|_| Problem::invalid_field("label", ShareLabelRule::DESCRIPTION))?;
        Ok(CreateShareLink {
            expires_at: self.expires_at,
            max_views: self.max_views,
            password: self.password.map(SecretString::from),
            label,
        })
    }
}

impl EmailShareLinkBody {
    /// The domain request, or a 422 naming the bad field.
    ///
    /// # Errors
    /// A validation problem when `to` is not a usable address.
    pub fn try_into_domain(self) -> Result<EmailShareLink, Problem> {
        let to = EmailAddress::parse(&self.to)
            .map_err(|error| Problem::invalid_field("to", error.to_string()))?;
        Ok(EmailShareLink {
            url: self.url,
            to,
            message: self.message,
        })
    }
}

impl SharePermissionBody {
    /// The profile and the permission, or a 422 naming the bad field.
    ///
    /// # Errors
    /// A validation problem when `profile` names no profile.
    pub fn try_into_domain(self) -> Result<(Profile, bool), Problem> {
        let profile = Profile::parse(&self.profile)
            .map_err(|error| Problem::invalid_field("profile", error.to_string()))?;
        Ok((profile, self.share_publicly))
    }
}

/// Creates a share link for a case.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/cases/{id}/share-links", tag = "sharing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body(content = Option<CreateShareLinkBody>),
    responses(
        (status = 201, body = CreatedShareLinkBody),
        (status = 403, description = "No permission for this form", body = Problem),
        (status = 404, description = "No such case", body = Problem),
        (status = 409, description = "The form's share-link addon is off", body = Problem),
        (status = 422, description = "Bad expiry, max_views or password", body = Problem),
    ))]
pub async fn create(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<CaseId>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<CreatedShareLinkBody>), Problem> {
    let body: CreateShareLinkBody = optional_json(&body)?.unwrap_or_default();
    let request = body.try_into_domain()?;
    let created = app.sharing.create(&actor, id, request).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedShareLinkBody {
            id: created.link.id.as_uuid(),
            url: created.url.expose_secret().to_owned(),
            mailto: created.mailto.expose_secret().to_owned(),
            expires_at: created.link.expires_at,
            max_views: created.link.max_views,
        }),
    ))
}

/// Lists a case's share links (never their tokens).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/cases/{id}/share-links", tag = "sharing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = [ShareLinkBody]), (status = 404, body = Problem)))]
pub async fn list(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<CaseId>,
) -> Result<Json<Vec<ShareLinkBody>>, Problem> {
    let links = app.sharing.list(&actor, id).await?;
    Ok(Json(links.into_iter().map(Into::into).collect()))
}

/// Revokes a share link at once.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/share-links/{id}", tag = "sharing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ShareLinkId>,
) -> Result<StatusCode, Problem> {
    app.sharing.revoke(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The views of a share link.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/share-links/{id}/views", tag = "sharing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = [ShareViewBody]), (status = 404, body = Problem)))]
pub async fn views(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ShareLinkId>,
) -> Result<Json<Vec<ShareViewBody>>, Problem> {
    let views = app.sharing.views(&actor, id).await?;
    Ok(Json(views.into_iter().map(Into::into).collect()))
}

/// Mails a share link through the outbox.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/share-links/{id}/email", tag = "sharing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = EmailShareLinkBody,
    responses((status = 202, body = crate::api::mail::QueuedAnswer), (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn email(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ShareLinkId>,
    ApiJson(body): ApiJson<EmailShareLinkBody>,
) -> Result<(StatusCode, Json<crate::api::mail::QueuedAnswer>), Problem> {
    let request = body.try_into_domain()?;
    let message = app.sharing.email(&actor, id, request).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(crate::api::mail::QueuedAnswer {
            message_id: message.as_uuid(),
            status: "queued",
        }),
    ))
}

/// Every profile's permission to share cases of a form publicly.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/forms/{slug}/share-permissions", tag = "sharing", security(("bearer" = [])), params(("slug" = String, Path)),
    responses((status = 200, body = [SharePermissionBody]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn permissions(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(slug): ApiPath<String>,
) -> Result<Json<Vec<SharePermissionBody>>, Problem> {
    let permissions = app.sharing.permissions(&actor, &slug).await?;
    Ok(Json(
        permissions
            .into_iter()
            .map(|(profile, allowed)| SharePermissionBody {
                profile: profile.as_str().to_owned(),
                share_publicly: allowed,
            })
            .collect(),
    ))
}

/// Grants or withdraws a profile's permission to share cases of a form publicly.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(put, path = "/api/v1/forms/{slug}/share-permissions", tag = "sharing", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = SharePermissionBody,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_permission(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(slug): ApiPath<String>,
    ApiJson(body): ApiJson<SharePermissionBody>,
) -> Result<StatusCode, Problem> {
    let (profile, allowed) = body.try_into_domain()?;
    app.sharing
        .set_permission(&actor, &slug, profile, allowed)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
