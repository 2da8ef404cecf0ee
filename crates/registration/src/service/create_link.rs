//! Creating a registration link (admins).

use frontdesk_access::{Forbidden, LifetimeError, StaffActor};
use frontdesk_cases::FormSlug;
use frontdesk_kernel::{ClientId, Language, RegistrationLinkId, RepositoryError, Token, TokenKind};
use secrecy::SecretString;
use time::OffsetDateTime;

use super::{MANAGE_REGISTRATION, RegistrationService, format_expiry};
use crate::{
    AllowedDomains, LinkBoundsError, REGISTRATION_LINK_CREATED, RegistrationLabel,
    RegistrationLink, RegistrationRole, check_bounds, link_expiry,
};

/// What an admin asks for.
#[derive(Debug, Clone)]
pub struct CreateRegistrationLink {
    /// A label for staff.
    pub label: Option<RegistrationLabel>,
    /// What a sign-up becomes.
    pub role: RegistrationRole,
    /// The client new contact users are linked to (client links only).
    pub client_id: Option<ClientId>,
    /// The form of the case each new user gets, if any.
    pub auto_case_form: Option<FormSlug>,
    /// When it should expire (default: the organisation's default for registration links,
    /// 14 days; at most its maximum).
    pub expires_at: Option<OffsetDateTime>,
    /// Sign-ups allowed (at least 1), if limited.
    pub max_uses: Option<u32>,
    /// The only email domains accepted, if limited.
    pub allowed_domains: Option<AllowedDomains>,
    /// Language of the sign-up page and new accounts (default: the organisation's).
    pub language: Option<Language>,
}

impl CreateRegistrationLink {
    /// A request for an unlimited link of `role` with every option left to its default.
    pub fn new(role: RegistrationRole) -> Self {
        Self {
            label: None,
            role,
            client_id: None,
            auto_case_form: None,
            expires_at: None,
            max_uses: None,
            allowed_domains: None,
            language: None,
        }
    }
}

/// A new link and the only copy of its secret URL.
#[derive(Debug)]
pub struct CreatedRegistrationLink {
    /// The stored link.
    pub link: RegistrationLink,
    /// The sign-up page of the link (`{base}/r/{token}` on the bundled server).
    pub url: SecretString,
}

/// Why a link could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateRegistrationLinkError {
    /// The actor is not an administrator.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The organisation's registration switch is off.
    #[error("registration is switched off for this organisation; allow registration first")]
    RegistrationDisabled,
    /// The limits are refused (no uses, or an unbounded staff link).
    #[error(transparent)]
    Bounds(#[from] LinkBoundsError),
    /// A staff link names a client.
    #[error("only a client link may name a client")]
    ClientOnStaffLink,
    /// No such client in the organisation.
    #[error("client not found")]
    UnknownClient,
    /// No such form in the organisation.
    #[error("form not found")]
    UnknownForm,
    /// The expiry is not in the future.
    #[error("the expiry must be in the future")]
    ExpiryInPast,
    /// The expiry is past the organisation's maximum.
    #[error("the expiry is past the organisation's maximum of {max_days} days")]
    ExpiryTooLate {
        /// The maximum in days.
        max_days: i64,
    },
    /// The actor's organisation is not stored: the store lost it.
    #[error("the actor's organisation is missing")]
    OrganisationMissing,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl RegistrationService {
    /// Creates a link and returns the only copy of its URL (only its digest is stored). The
    /// link and its audit event (`registration_link.created`, with role, client, form,
    /// expiry and limits — never the token) are written in one unit of work.
    ///
    /// # Errors
    /// See [`CreateRegistrationLinkError`].
    pub async fn create_link(
        &self,
        actor: &StaffActor,
        request: CreateRegistrationLink,
    ) -> Result<CreatedRegistrationLink, CreateRegistrationLinkError> {
        actor.require(MANAGE_REGISTRATION)?;
        let organisation = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(CreateRegistrationLinkError::OrganisationMissing)?;
        if !organisation.registration_enabled {
            return Err(CreateRegistrationLinkError::RegistrationDisabled);
        }
        check_bounds(
            request.role,
            request.allowed_domains.as_ref(),
            request.max_uses,
        )?;
        if request.role == RegistrationRole::Staff && request.client_id.is_some() {
            return Err(CreateRegistrationLinkError::ClientOnStaffLink);
        }
        let now = self.ports.clock.now();
        let expires_at =
            link_expiry(&organisation.lifetimes, now, request.expires_at).map_err(|error| {
                match error {
                    LifetimeError::NotInFuture => CreateRegistrationLinkError::ExpiryInPast,
                    LifetimeError::ExceedsMaximum { max_days } => {
                        CreateRegistrationLinkError::ExpiryTooLate { max_days }
                    }
                }
            })?;
        if let Some(client) = request.client_id
            && self
                .ports
                .clients
                .find(actor.org_id, client)
                .await?
                .is_none()
        {
            return Err(CreateRegistrationLinkError::UnknownClient);
        }
        let auto_case_form = match &request.auto_case_form {
            None => None,
            Some(slug) => Some(
                self.ports
                    .forms
                    .find_by_slug(actor.org_id, slug)
                    .await?
                    .ok_or(CreateRegistrationLinkError::UnknownForm)?
                    .id,
            ),
        };

        let token = Token::generate(TokenKind::Registration, self.ports.tokens.as_ref());
        let link = RegistrationLink {
            id: RegistrationLinkId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            label: request.label.map(String::from),
            role: request.role,
            client_id: request.client_id,
            auto_case_form,
            digest: token.digest(),
            language: request.language.unwrap_or(organisation.default_language),
            allowed_domains: request.allowed_domains,
            max_uses: request.max_uses,
            uses: 0,
            created_by: actor.user_id,
            created_at: now,
            expires_at,
            revoked_at: None,
        };
        let detail = format!(
            "role {}; client {}; case form {}; expires {}; max uses {}; domains {}",
            link.role,
            link.client_id
                .map_or_else(|| "none".to_owned(), |id| id.to_string()),
            link.auto_case_form
                .map_or_else(|| "none".to_owned(), |id| id.to_string()),
            format_expiry(expires_at),
            link.max_uses
                .map_or_else(|| "none".to_owned(), |max| max.to_string()),
            link.allowed_domains.as_ref().map_or_else(
                || "any".to_owned(),
                |domains| domains.to_lines().replace('\n', ",")
            ),
        );
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.links.insert(uow.as_mut(), &link).await?;
        self.audit(
            uow.as_mut(),
            actor,
            REGISTRATION_LINK_CREATED,
            link.id,
            detail,
        )
        .await?;
        uow.commit().await?;
        let url = self
            .ports
            .public_links
            .registration(organisation.base_url.as_str(), &token);
        Ok(CreatedRegistrationLink { link, url })
    }
}
