//! `GET /api/v1/org` and `GET /api/v1/me`.

use axum::Json;
use axum::extract::State;
use frontdesk_access::{Organisation, StaffUser, WhoAmIError};
use serde::Serialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::StaffAuth;
use crate::problem::Problem;
use crate::state::AppState;

/// An organisation as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationBody {
    /// Id.
    pub id: Uuid,
    /// URL name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Public base URL of its links.
    pub base_url: String,
    /// Default language (`en`, `fr`).
    pub default_language: String,
    /// Customer portal mode (`off`, `private`, `public`).
    pub portal_mode: String,
    /// Logo URL.
    pub logo_url: Option<String>,
    /// Accent colour `#rrggbb`.
    pub colour: Option<String>,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<Organisation> for OrganisationBody {
    fn from(org: Organisation) -> Self {
        Self {
            id: org.id.as_uuid(),
            slug: org.slug.to_string(),
            name: org.name.as_str().to_owned(),
            base_url: org.base_url.to_string(),
            default_language: org.default_language.code().to_owned(),
            portal_mode: org.portal_mode.as_str().to_owned(),
            logo_url: org.branding.logo_url.map(|url| url.to_string()),
            colour: org.branding.colour.map(|c| c.as_str().to_owned()),
            created_at: org.created_at,
        }
    }
}

/// A staff user as the API shows it (never its password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffUserBody {
    /// Id.
    pub id: Uuid,
    /// Sign-in address.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Profiles held (`admin`, `case_admin`, `agent`).
    pub profiles: Vec<String>,
    /// Whether the user is disabled.
    pub disabled: bool,
    /// Whether the user has set a password yet.
    pub has_password: bool,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<StaffUser> for StaffUserBody {
    fn from(user: StaffUser) -> Self {
        Self {
            id: user.id.as_uuid(),
            email: user.email.to_string(),
            name: user.name.to_string(),
            profiles: user
                .profiles
                .names()
                .into_iter()
                .map(str::to_owned)
                .collect(),
            disabled: user.disabled,
            has_password: user.password_hash.is_some(),
            created_at: user.created_at,
        }
    }
}

impl From<WhoAmIError> for Problem {
    fn from(error: WhoAmIError) -> Self {
        match error {
            WhoAmIError::NotFound => Problem::unauthorized(),
            WhoAmIError::Repository(error) => error.into(),
        }
    }
}

/// The caller's organisation.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/org", tag = "organisation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's organisation", body = OrganisationBody),
        (status = 401, description = "Missing, malformed, revoked or expired token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn organisation(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
) -> Result<Json<OrganisationBody>, Problem> {
    Ok(Json(app.access.organisation(&actor).await?.into()))
}

/// The caller's own staff record.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/me", tag = "organisation",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = StaffUserBody),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
) -> Result<Json<StaffUserBody>, Problem> {
    Ok(Json(app.access.me(&actor).await?.into()))
}
