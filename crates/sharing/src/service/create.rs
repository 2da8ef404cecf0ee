//! Creating a share link (staff).

use frontdesk_access::{LifetimeError, LifetimeKind, StaffActor};
use frontdesk_cases::CaseInContext;
use frontdesk_kernel::{
    CaseId, NewPassword, PasswordHashingError, RepositoryError, ShareLinkId, Token, TokenKind,
};
use secrecy::{ExposeSecret, SecretString};
use time::OffsetDateTime;

use super::{SharingService, format_expiry};
use crate::{SHARE_LINK_CREATED, ShareLabel, ShareLink, mailto_url};

/// What staff ask for when sharing.
#[derive(Debug, Default)]
pub struct CreateShareLink {
    /// When it should expire (default: the organisation's share-link default, 7 days).
    pub expires_at: Option<OffsetDateTime>,
    /// How many views it allows (at least 1), if limited.
    pub max_views: Option<u32>,
    /// A password the recipient must type (8–128 characters), if any.
    pub password: Option<SecretString>,
    /// A label for staff.
    pub label: Option<ShareLabel>,
}

/// A new link and the only copies of its secret URL.
#[derive(Debug)]
pub struct CreatedShareLink {
    /// The stored link.
    pub link: ShareLink,
    /// The public page of the link (`{base}/s/{token}` on the bundled server).
    pub url: SecretString,
    /// A `mailto:` URL with a subject and the link in the body, for "Email this link".
    pub mailto: SecretString,
}

/// Why a link could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateShareLinkError {
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// The case's form does not have the share-link addon switched on.
    #[error("sharing is not switched on for this case's form")]
    AddonDisabled,
    /// The actor's profiles may not share cases of this form.
    #[error("you may not share cases of this form publicly")]
    Forbidden,
    /// `max_views` is 0.
    #[error("max_views must be at least 1")]
    NoViews,
    /// The expiry is not in the future.
    #[error("the expiry must be in the future")]
    ExpiryInPast,
    /// The expiry is past the organisation's maximum.
    #[error("the expiry is past the organisation's maximum of {max_days} days")]
    ExpiryTooLate {
        /// The maximum in days.
        max_days: i64,
    },
    /// The password breaks the policy.
    #[error("the password must be 8–128 characters and not a common one")]
    WeakPassword,
    /// Hashing is saturated.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Hashing the link's password failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
    /// Creates a link to `case`.
    ///
    /// # Errors
    /// See [`CreateShareLinkError`].
    pub async fn create(
        &self,
        actor: &StaffActor,
        case: CaseId,
        request: CreateShareLink,
    ) -> Result<CreatedShareLink, CreateShareLinkError> {
        let CaseInContext {
            organisation,
            form,
            case,
        } = self
            .ports
            .views
            .case_in_context(actor.org_id, case)
            .await?
            .ok_or(CreateShareLinkError::CaseNotFound)?;
        if !form.share_links_enabled {
            return Err(CreateShareLinkError::AddonDisabled);
        }
        if !self.actor_may_share(actor, &form, true).await? {
            return Err(CreateShareLinkError::Forbidden);
        }

        if request.max_views == Some(0) {
            return Err(CreateShareLinkError::NoViews);
        }
        let now = self.ports.clock.now();
        let expires_at = organisation
            .lifetimes
            .expiry(LifetimeKind::ShareLink, now, request.expires_at)
            .map_err(|error| match error {
                LifetimeError::NotInFuture => CreateShareLinkError::ExpiryInPast,
                LifetimeError::ExceedsMaximum { max_days } => {
                    CreateShareLinkError::ExpiryTooLate { max_days }
                }
            })?;
        let password_hash = match request.password {
            None => None,
            Some(password) => {
                let password =
                    NewPassword::parse(password).map_err(|_| CreateShareLinkError::WeakPassword)?;
                Some(
                    self.ports
                        .hasher
                        .hash(&password)
                        .await
                        .map_err(|error| match error {
                            PasswordHashingError::Busy => CreateShareLinkError::Busy,
                            other @ PasswordHashingError::Failed(_) => {
                                CreateShareLinkError::Hashing(other)
                            }
                        })?,
                )
            }
        };

        let token = Token::generate(TokenKind::ShareLink, self.ports.tokens.as_ref());
        let link = ShareLink {
            id: ShareLinkId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            case_id: case.id,
            created_by: actor.user_id,
            label: request.label.map(String::from),
            digest: token.digest(),
            language: case.language,
            created_at: now,
            expires_at,
            max_views: request.max_views,
            views: 0,
            password_hash,
            revoked_at: None,
        };
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.share_links.insert(uow.as_mut(), &link).await?;
        let detail = format!(
            "case {}; expires {}; max views {}; password {}",
            case.id,
            format_expiry(expires_at),
            link.max_views
                .map_or_else(|| "none".to_owned(), |max| max.to_string()),
            if link.password_hash.is_some() {
                "yes"
            } else {
                "no"
            },
        );
        self.audit(uow.as_mut(), actor, SHARE_LINK_CREATED, link.id, detail)
            .await?;
        uow.commit().await?;

        let url = self
            .ports
            .links
            .share(organisation.base_url.as_str(), &token);
        let mailto = mailto_url(
            &format!("Case {}: {}", case.number, case.title),
            url.expose_secret(),
        );
        Ok(CreatedShareLink {
            link,
            url,
            mailto: SecretString::from(mailto),
        })
    }
}
