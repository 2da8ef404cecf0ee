//! Registration links (admins): create, list, read, revoke, their uses, mail them.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_cases::FormSlug;
use frontdesk_kernel::{ClientId, EmailAddress, Language, PageRequest, RegistrationLinkId};
use frontdesk_registration::{
    AllowedDomains, CreateRegistrationLink, CreateRegistrationLinkError, EmailRegistrationLink,
    EmailRegistrationLinkError, LinkBoundsError, ListRegistrationLinksError,
    ListRegistrationUsesError, RegisteredUser, RegistrationLabel, RegistrationLabelRule,
    RegistrationLink, RegistrationLinkError, RegistrationRole, RegistrationUse,
    RevokeRegistrationLinkError,
};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::staff::PageParams;
use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

impl From<CreateRegistrationLinkError> for Problem {
    fn from(error: CreateRegistrationLinkError) -> Self {
        use CreateRegistrationLinkError as E;
        match error {
            E::Forbidden(missing) => missing.into(),
            E::RegistrationDisabled => {
                Problem::conflict("registration-disabled", error.to_string())
            }
            E::Bounds(LinkBoundsError::NoUses) => {
                Problem::invalid_field("max_uses", error.to_string())
            }
            E::Bounds(LinkBoundsError::StaffUnbounded) => {
                Problem::invalid_field("allowed_domains", error.to_string())
            }
            E::ClientOnStaffLink | E::UnknownClient => {
                Problem::invalid_field("client_id", error.to_string())
            }
            E::UnknownForm => Problem::invalid_field("auto_case_form", error.to_string()),
            E::ExpiryInPast | E::ExpiryTooLate { .. } => {
                Problem::invalid_field("expires_at", error.to_string())
            }
            E::OrganisationMissing => Problem::unauthorized(),
            E::Repository(error) => error.into(),
        }
    }
}

impl From<ListRegistrationLinksError> for Problem {
    fn from(error: ListRegistrationLinksError) -> Self {
        match error {
            ListRegistrationLinksError::Forbidden(missing) => missing.into(),
            ListRegistrationLinksError::Repository(error) => error.into(),
        }
    }
}

impl From<RegistrationLinkError> for Problem {
    fn from(error: RegistrationLinkError) -> Self {
        match error {
            RegistrationLinkError::Forbidden(missing) => missing.into(),
            RegistrationLinkError::LinkNotFound => Problem::not_found("registration link"),
            RegistrationLinkError::Repository(error) => error.into(),
        }
    }
}

impl From<RevokeRegistrationLinkError> for Problem {
    fn from(error: RevokeRegistrationLinkError) -> Self {
        match error {
            RevokeRegistrationLinkError::Forbidden(missing) => missing.into(),
            RevokeRegistrationLinkError::LinkNotFound => Problem::not_found("registration link"),
            RevokeRegistrationLinkError::Repository(error) => error.into(),
        }
    }
}

impl From<ListRegistrationUsesError> for Problem {
    fn from(error: ListRegistrationUsesError) -> Self {
        match error {
            ListRegistrationUsesError::Forbidden(missing) => missing.into(),
            ListRegistrationUsesError::LinkNotFound => Problem::not_found("registration link"),
            ListRegistrationUsesError::Repository(error) => error.into(),
        }
    }
}

impl From<EmailRegistrationLinkError> for Problem {
    fn from(error: EmailRegistrationLinkError) -> Self {
        use EmailRegistrationLinkError as E;
        match error {
            E::Forbidden(missing) => missing.into(),
            E::LinkNotFound => Problem::not_found("registration link"),
            E::WrongUrl => Problem::invalid_field("url", error.to_string()),
            E::Recipients { .. } | E::DomainNotAllowed { .. } => {
                Problem::invalid_field("to", error.to_string())
            }
            E::LinkClosed => Problem::conflict("registration-link-closed", error.to_string()),
            E::RecipientLimited {
                retry_after_seconds,
                ..
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            E::OrganisationMissing => Problem::unauthorized(),
            E::Repository(error) => error.into(),
        }
    }
}

/// Body of `POST /api/v1/registration-links`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRegistrationLinkBody {
    /// A label for staff (at most 200 characters, one line).
    pub label: Option<String>,
    /// `client` (sign-ups become contact users) or `staff` (agents only).
    pub role: String,
    /// The client new contact users are linked to (client links only).
    pub client_id: Option<Uuid>,
    /// Slug of the form of the case each new user gets.
    pub auto_case_form: Option<String>,
    /// Expiry (RFC 3339); default from the organisation's policy (14 days), at most its
    /// maximum.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    /// Sign-ups allowed (at least 1).
    pub max_uses: Option<u32>,
    /// The only email domains accepted (exact domains, such as `acme.com`).
    pub allowed_domains: Option<Vec<String>>,
    /// Language of the sign-up page and new accounts (`en`, `fr`); default the
    /// organisation's.
    pub language: Option<String>,
}

impl CreateRegistrationLinkBody {
    /// The domain request, or a 422 naming every bad field.
    ///
    /// # Errors
    /// A validation problem listing each field that does not parse.
    pub fn try_into_domain(self) -> Result<CreateRegistrationLink, Problem> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| {
            errors.push(FieldProblem {
                field: field.to_owned(),
                message,
            });
        };
        let label = RegistrationLabel::parse_optional(self.label.as_deref().map(str::trim))
            .map_err(|_| fail("label", RegistrationLabelRule::DESCRIPTION.to_owned()))
            .ok()
            .flatten();
        let role = RegistrationRole::parse(&self.role)
            .map_err(|error| fail("role", error.to_string()))
            .ok();
        let auto_case_form = self.auto_case_form.as_deref().and_then(|slug| {
            FormSlug::parse(slug.trim())
                .map_err(|_| fail("auto_case_form", "form not found".to_owned()))
                .ok()
        });
        let allowed_domains = match &self.allowed_domains {
            None => None,
            Some(list) => AllowedDomains::parse(list.iter().map(String::as_str))
                .map_err(|error| fail("allowed_domains", error.to_string()))
                .ok()
                .flatten(),
        };
        let language = self.language.as_deref().and_then(|code| {
            Language::parse(code)
                .map_err(|_| fail("language", "use one of: en, fr".to_owned()))
                .ok()
        });
        match role {
            Some(role) if errors.is_empty() => Ok(CreateRegistrationLink {
                label,
                role,
                client_id: self.client_id.map(ClientId::from_uuid),
                auto_case_form,
                expires_at: self.expires_at,
                max_uses: self.max_uses,
                allowed_domains,
                language,
            }),
            _ => Err(Problem::invalid(errors)),
        }
    }
}

/// A registration link as the API shows it (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationLinkBody {
    /// Id.
    pub id: Uuid,
    /// Label.
    pub label: Option<String>,
    /// `client` or `staff`.
    pub role: String,
    /// The client new contact users are linked to.
    pub client_id: Option<Uuid>,
    /// Id of the form of the case each new user gets.
    pub auto_case_form: Option<Uuid>,
    /// Expiry.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Sign-ups allowed.
    pub max_uses: Option<u32>,
    /// Sign-ups so far.
    pub uses: u32,
    /// The only email domains accepted (`null`: any).
    pub allowed_domains: Option<Vec<String>>,
    /// Language (`en`, `fr`).
    pub language: String,
    /// Who created it.
    pub created_by: Uuid,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Revocation time.
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

impl From<RegistrationLink> for RegistrationLinkBody {
    fn from(link: RegistrationLink) -> Self {
        Self {
            id: link.id.as_uuid(),
            label: link.label,
            role: link.role.as_str().to_owned(),
            client_id: link.client_id.map(|id| id.as_uuid()),
            auto_case_form: link.auto_case_form.map(|id| id.as_uuid()),
            expires_at: link.expires_at,
            max_uses: link.max_uses,
            uses: link.uses,
            allowed_domains: link.allowed_domains.map(|domains| {
                domains
                    .domains()
                    .iter()
                    .map(|d| d.as_str().to_owned())
                    .collect()
            }),
            language: link.language.code().to_owned(),
            created_by: link.created_by.as_uuid(),
            created_at: link.created_at,
            revoked_at: link.revoked_at,
        }
    }
}

/// A created link: its fields, and the only time its URL is shown.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedRegistrationLinkBody {
    /// The link.
    #[serde(flatten)]
    pub link: RegistrationLinkBody,
    /// `{base}/r/fdr_…`.
    pub url: String,
}

/// A page of registration links.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationLinkPage {
    /// The links, oldest first.
    pub items: Vec<RegistrationLinkBody>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<Uuid>,
}

/// One sign-up through a link.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationUseBody {
    /// The contact user created (client links).
    pub contact_user_id: Option<Uuid>,
    /// The staff user created (staff links).
    pub staff_user_id: Option<Uuid>,
    /// The address signed up with.
    pub email: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl From<RegistrationUse> for RegistrationUseBody {
    fn from(used: RegistrationUse) -> Self {
        let (contact_user_id, staff_user_id) = match used.who {
            RegisteredUser::Contact(id) => (Some(id.as_uuid()), None),
            RegisteredUser::Staff(id) => (None, Some(id.as_uuid())),
        };
        Self {
            contact_user_id,
            staff_user_id,
            email: used.email.to_string(),
            at: used.at,
        }
    }
}

/// The uses of a link.
#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationUsesBody {
    /// The uses, oldest first.
    pub items: Vec<RegistrationUseBody>,
}

/// Body of `POST /api/v1/registration-links/{id}/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailRegistrationLinkBody {
    /// Recipients (1–50).
    pub to: Vec<String>,
    /// The link's URL as returned at creation (only its digest is stored, so it is needed to
    /// mail it).
    pub url: String,
}

impl EmailRegistrationLinkBody {
    /// The domain request, or a 422 naming the bad address.
    ///
    /// # Errors
    /// A validation problem when an address is not usable.
    pub fn try_into_domain(self) -> Result<EmailRegistrationLink, Problem> {
        let to = self
            .to
            .iter()
            .map(|raw| {
                EmailAddress::parse(raw.trim())
                    .map_err(|error| Problem::invalid_field("to", error.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(EmailRegistrationLink { url: self.url, to })
    }
}

/// Mails queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedMailsBody {
    /// One message id per recipient.
    pub message_ids: Vec<Uuid>,
    /// Always `queued`.
    pub status: &'static str,
}

/// Creates a registration link (admins; registration must be allowed).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/registration-links", tag = "registration", security(("bearer" = [])),
    request_body = CreateRegistrationLinkBody,
    responses(
        (status = 201, description = "The link, with its URL shown once", body = CreatedRegistrationLinkBody),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Registration is switched off", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad fields, or a staff link without allowed_domains or max_uses", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<CreateRegistrationLinkBody>,
) -> Result<(StatusCode, Json<CreatedRegistrationLinkBody>), Problem> {
    actor.require(frontdesk_registration::MANAGE_REGISTRATION)?;
    let request = body.try_into_domain()?;
    let created = app.registration.create_link(&actor, request).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedRegistrationLinkBody {
            url: created.url.expose_secret().to_owned(),
            link: created.link.into(),
        }),
    ))
}

/// The organisation's registration links, a page at a time (admins).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/registration-links", tag = "registration", security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "A page of links", body = RegistrationLinkPage),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<RegistrationLinkPage>, Problem> {
    let page = app
        .registration
        .list_links(&actor, PageRequest::new(params.after, params.limit))
        .await?;
    Ok(Json(RegistrationLinkPage {
        next_after: page.next_after,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// One registration link (admins).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/registration-links/{id}", tag = "registration", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The link", body = RegistrationLinkBody),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link in the organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_link(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<RegistrationLinkId>,
) -> Result<Json<RegistrationLinkBody>, Problem> {
    Ok(Json(app.registration.link(&actor, id).await?.into()))
}

/// Revokes a registration link at once (admins).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/registration-links/{id}", tag = "registration", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 204, description = "Revoked (or already revoked)"),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link in the organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn revoke(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<RegistrationLinkId>,
) -> Result<StatusCode, Problem> {
    app.registration.revoke_link(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Who signed up with a registration link, and when (admins).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/registration-links/{id}/uses", tag = "registration", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The uses, oldest first", body = RegistrationUsesBody),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link in the organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn uses(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<RegistrationLinkId>,
) -> Result<Json<RegistrationUsesBody>, Problem> {
    let uses = app.registration.list_uses(&actor, id).await?;
    Ok(Json(RegistrationUsesBody {
        items: uses.into_iter().map(Into::into).collect(),
    }))
}

/// Mails a registration link to several addresses through the outbox (admins): every mail
/// is queued, or none.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/registration-links/{id}/email", tag = "registration", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = EmailRegistrationLinkBody,
    responses(
        (status = 202, description = "Queued for every recipient", body = QueuedMailsBody),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such link in the organisation", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The link no longer works", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Bad address, wrong URL or a domain the link does not accept", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "A recipient was mailed moments ago (Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn email(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<RegistrationLinkId>,
    ApiJson(body): ApiJson<EmailRegistrationLinkBody>,
) -> Result<(StatusCode, Json<QueuedMailsBody>), Problem> {
    actor.require(frontdesk_registration::MANAGE_REGISTRATION)?;
    let request = body.try_into_domain()?;
    let messages = app.registration.email_link(&actor, id, request).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(QueuedMailsBody {
            message_ids: messages
                .iter()
                .map(frontdesk_kernel::MessageId::as_uuid)
                .collect(),
            status: "queued",
        }),
    ))
}
