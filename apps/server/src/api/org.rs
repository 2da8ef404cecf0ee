//! `GET|PATCH /api/v1/org` and `GET /api/v1/me`.

use axum::Json;
use axum::extract::State;
use frontdesk_access::{
    HexColour, OrgName, OrgNameRule, Organisation, OrganisationChanges, Permission, PortalChanges,
    PortalSettings, StaffUser, UpdateOrganisationError, WhoAmIError, is_acceptable_logo_url,
};
use frontdesk_kernel::Language;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use url::Url;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::portal_settings::{PortalBody, PortalPatch};
use crate::extract::{ApiJson, StaffAuth};
use crate::problem::{FieldProblem, Problem};
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
    /// Whether registration links work (`false`: none can be created, every `/r/…` is
    /// closed).
    pub registration_enabled: bool,
    /// Logo URL.
    pub logo_url: Option<String>,
    /// Accent colour `#rrggbb`.
    pub colour: Option<String>,
    /// The customer portal's settings.
    pub portal: PortalBody,
    /// Creation time.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

impl From<(Organisation, PortalSettings)> for OrganisationBody {
    fn from((org, portal): (Organisation, PortalSettings)) -> Self {
        Self {
            id: org.id.as_uuid(),
            slug: org.slug.to_string(),
            name: org.name.as_str().to_owned(),
            base_url: org.base_url.to_string(),
            default_language: org.default_language.code().to_owned(),
            portal_mode: org.portal_mode.as_str().to_owned(),
            registration_enabled: org.registration_enabled,
            logo_url: org.branding.logo_url.map(|url| url.to_string()),
            colour: org.branding.colour.map(|c| c.as_str().to_owned()),
            portal: portal.into(),
            created_at: org.created_at,
        }
    }
}

/// Body of `PATCH /api/v1/org`: only the settings sent change. `colour` and `logo_url` may be
/// `null` to remove them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::option_option,
    reason = "absent, null or a value: the three states of a PATCH field"
)]
pub struct UpdateOrganisationBody {
    /// Display name (1–200 characters, one line).
    pub name: Option<String>,
    /// Accent colour `#rrggbb`, or `null` for the default.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub colour: Option<Option<String>>,
    /// An https URL of the logo, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub logo_url: Option<Option<String>>,
    /// Default language of pages and mail (`en`, `fr`).
    pub default_language: Option<String>,
    /// Whether registration links work.
    pub registration_enabled: Option<bool>,
    /// The customer portal's settings.
    pub portal: Option<PortalPatch>,
}

/// The rule of a logo URL, in words.
const LOGO_RULE: &str = "the logo must be an https URL of at most 2000 characters";

/// Parses a logo URL under the domain's rule (https, no credentials, bounded length).
///
/// # Errors
/// [`LOGO_RULE`] when `raw` is not such a URL.
fn parse_logo_url(raw: &str) -> Result<Url, &'static str> {
    Url::parse(raw.trim())
        .ok()
        .filter(is_acceptable_logo_url)
        .ok_or(LOGO_RULE)
}

impl UpdateOrganisationBody {
    /// The domain changes, or a 422 naming every field that does not parse.
    ///
    /// # Errors
    /// A validation problem listing each bad field.
    pub fn try_into_domain(self) -> Result<(OrganisationChanges, Option<PortalChanges>), Problem> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| {
            errors.push(FieldProblem {
                field: field.to_owned(),
                message,
            });
        };
        let name = self.name.and_then(|raw| {
            OrgName::parse(&raw)
                .map_err(|_| fail("name", OrgNameRule::DESCRIPTION.to_owned()))
                .ok()
        });
        let colour = self.colour.and_then(|raw| match raw {
            None => Some(None),
            Some(raw) => HexColour::parse(raw.trim())
                .map_err(|message| fail("colour", message))
                .ok()
                .map(Some),
        });
        let logo_url = self.logo_url.and_then(|raw| match raw {
            None => Some(None),
            Some(raw) => parse_logo_url(&raw)
                .map_err(|message| fail("logo_url", message.to_owned()))
                .ok()
                .map(Some),
        });
        let default_language = self.default_language.and_then(|raw| {
            Language::parse(&raw)
                .map_err(|_| fail("default_language", "use one of: en, fr".to_owned()))
                .ok()
        });
        let portal = match self.portal.map(PortalPatch::try_into_domain).transpose() {
            Ok(portal) => portal,
            Err(problems) => {
                errors.extend(problems);
                None
            }
        };
        if !errors.is_empty() {
            return Err(Problem::invalid(errors));
        }
        let changes = OrganisationChanges {
            name,
            colour,
            logo_url,
            default_language,
            registration_enabled: self.registration_enabled,
        };
        Ok((changes, portal))
    }
}

impl From<UpdateOrganisationError> for Problem {
    fn from(error: UpdateOrganisationError) -> Self {
        match error {
            UpdateOrganisationError::Forbidden(missing) => missing.into(),
            UpdateOrganisationError::LogoUrlNotHttps => {
                Problem::invalid_field("logo_url", error.to_string())
            }
            UpdateOrganisationError::OrganisationMissing => Problem::unauthorized(),
            UpdateOrganisationError::Repository(error) => error.into(),
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
    /// The console language the user chose (`en`, `fr`); `null` follows the organisation's
    /// default.
    pub language: Option<String>,
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
            language: user.language.map(|language| language.code().to_owned()),
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
    let org = app.access.organisation(&actor).await?;
    let portal = app.portal.portal_settings(&actor).await?;
    Ok(Json((org, portal).into()))
}

/// Changes the caller's organisation's name, brand colour, logo URL, default language,
/// whether registration links work or its customer portal (`portal`: mode, title, colour,
/// logo, forms) (admins). Only the settings sent change; the whole body is checked before
/// anything changes.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/org", tag = "organisation",
    security(("bearer" = [])),
    request_body = UpdateOrganisationBody,
    responses(
        (status = 200, description = "The organisation as it now is", body = OrganisationBody),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing, malformed, revoked or expired token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or unknown fields", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_organisation(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<UpdateOrganisationBody>,
) -> Result<Json<OrganisationBody>, Problem> {
    // Permission before validation, so a caller who may not change the organisation learns
    // nothing about the body's rules.
    actor.require(Permission::ManageOrganisation)?;
    let (changes, portal) = body.try_into_domain()?;
    // The portal first: its forms are checked against the store, and every other field
    // was checked above, so a refused body changes nothing.
    if let Some(portal) = portal {
        app.portal.update_portal(&actor, portal).await?;
    }
    let org = app.access.update_organisation(&actor, changes).await?;
    let settings = app.portal.settings_of(&org).await?;
    Ok(Json((org, settings).into()))
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
