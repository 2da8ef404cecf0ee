//! Mailing a registration link to several addresses through the outbox (admins).

use frontdesk_access::{Forbidden, StaffActor};
use frontdesk_kernel::{
    EmailAddress, MessageId, RegistrationLinkId, RepositoryError, Token, TokenKind,
};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;

use super::{MANAGE_REGISTRATION, RegistrationService, format_expiry, token_in_url};
use crate::{REGISTRATION_LINK_MAILED, Usability, usability};

/// Most recipients of one mailing.
pub const MAX_RECIPIENTS: usize = 50;

/// What an admin sends: the link's URL (shown once at creation; only its digest is stored)
/// and the recipients.
#[derive(Debug, Clone)]
pub struct EmailRegistrationLink {
    /// The link's URL as returned at creation. Only its token is used.
    pub url: String,
    /// The recipients (duplicates are mailed once).
    pub to: Vec<EmailAddress>,
}

/// Why a link could not be mailed. Nothing is queued unless every recipient can be.
#[derive(Debug, thiserror::Error)]
pub enum EmailRegistrationLinkError {
    /// The actor is not an administrator.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such link in the actor's organisation.
    #[error("registration link not found")]
    LinkNotFound,
    /// The URL given does not belong to this link.
    #[error("this is not the link's URL")]
    WrongUrl,
    /// No recipient, or more than [`MAX_RECIPIENTS`].
    #[error("send to between 1 and {max} addresses")]
    Recipients {
        /// The maximum.
        max: usize,
    },
    /// The link lets nobody sign up now (registration off, revoked, expired, used up).
    #[error("this link no longer works (registration off, revoked, expired or used up)")]
    LinkClosed,
    /// A recipient's domain is not among the link's allowed domains.
    #[error("{address} cannot sign up with this link: its domain is not allowed")]
    DomainNotAllowed {
        /// The refused address.
        address: String,
    },
    /// A recipient limit stopped the mail (for this and every other recipient).
    #[error("{address} was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// The limited address.
        address: String,
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// The actor's organisation is not stored: the store lost it.
    #[error("the actor's organisation is missing")]
    OrganisationMissing,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl RegistrationService {
    /// Mails a link through the outbox to each recipient (kind `registration_link`, in the
    /// link's language), all in one unit of work with one `registration_link.mailed` audit
    /// event per recipient: either every mail is queued or none is. The caller passes the
    /// link's URL (only digests are stored); the mail carries the URL rebuilt from the
    /// organisation's base URL. Only while the link is usable, and only to addresses it
    /// accepts.
    ///
    /// # Errors
    /// See [`EmailRegistrationLinkError`].
    pub async fn email_link(
        &self,
        actor: &StaffActor,
        id: RegistrationLinkId,
        request: EmailRegistrationLink,
    ) -> Result<Vec<MessageId>, EmailRegistrationLinkError> {
        actor.require(MANAGE_REGISTRATION)?;
        let EmailRegistrationLink { url, mut to } = request;
        to.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        to.dedup();
        if to.is_empty() || to.len() > MAX_RECIPIENTS {
            return Err(EmailRegistrationLinkError::Recipients {
                max: MAX_RECIPIENTS,
            });
        }
        let link = self
            .staff_link(actor, id)
            .await?
            .ok_or(EmailRegistrationLinkError::LinkNotFound)?;
        let token = Token::parse(TokenKind::Registration, token_in_url(&url))
            .map_err(|_| EmailRegistrationLinkError::WrongUrl)?;
        if token.digest() != link.digest {
            return Err(EmailRegistrationLinkError::WrongUrl);
        }
        let organisation = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(EmailRegistrationLinkError::OrganisationMissing)?;
        let now = self.ports.clock.now();
        for address in &to {
            match usability(&link, organisation.registration_enabled, Some(address), now) {
                Usability::Usable => {}
                Usability::Closed(_) => return Err(EmailRegistrationLinkError::LinkClosed),
                Usability::DomainNotAllowed => {
                    return Err(EmailRegistrationLinkError::DomainNotAllowed {
                        address: address.to_string(),
                    });
                }
            }
        }
        let registration_url = self
            .ports
            .public_links
            .registration(organisation.base_url.as_str(), &token);
        let data = serde_json::json!({
            "registration_url": registration_url.expose_secret(),
            "expires_at": format_expiry(link.expires_at),
            "role": link.role.as_str(),
        });
        let mut uow = self.ports.transactions.begin().await?;
        let mut queued = Vec::with_capacity(to.len());
        for address in to {
            let recipient = address.to_string();
            let message = self
                .ports
                .mail
                .enqueue(
                    uow.as_mut(),
                    NewMail {
                        org_id: actor.org_id,
                        to: address,
                        to_name: None,
                        kind: TemplateKind::RegistrationLink,
                        language: link.language,
                        data: data.clone(),
                        unsubscribe_url: None,
                    },
                )
                .await
                .map_err(|error| match error {
                    EnqueueError::RecipientLimited {
                        retry_after_seconds,
                    } => EmailRegistrationLinkError::RecipientLimited {
                        address: recipient.clone(),
                        retry_after_seconds,
                    },
                    EnqueueError::Repository(error) => {
                        EmailRegistrationLinkError::Repository(error)
                    }
                })?;
            self.audit(
                uow.as_mut(),
                actor,
                REGISTRATION_LINK_MAILED,
                link.id,
                format!("to {recipient}"),
            )
            .await?;
            queued.push(message);
        }
        uow.commit().await?;
        Ok(queued)
    }
}
