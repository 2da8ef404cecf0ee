//! Mailing a share link through the outbox (staff).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_cases::CaseInContext;
use frontdesk_kernel::{EmailAddress, MessageId, RepositoryError, ShareLinkId, Token, TokenKind};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;

use super::{SharingService, format_expiry};
use crate::rules::token_in_url;
use crate::{MAX_MESSAGE_CHARS, SHARE_LINK_MAILED};

/// What staff send: the link's URL (shown once at creation; only its digest is stored), the
/// recipient and an optional note.
#[derive(Debug, Clone)]
pub struct EmailShareLink {
    /// The link's URL as returned at creation. Only its token is used.
    pub url: String,
    /// The recipient.
    pub to: EmailAddress,
    /// A note above the link, as typed.
    pub message: Option<String>,
}

/// Why the personal message of a share-link mail is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum ShareMessageError {
    /// Longer than [`MAX_MESSAGE_CHARS`].
    #[error("a message is at most {max} characters")]
    TooLong {
        /// The maximum, in characters.
        max: usize,
    },
    /// Control characters other than line breaks and tabs.
    #[error("a message cannot contain control characters")]
    ControlCharacter,
}

/// Why a link could not be mailed.
#[derive(Debug, thiserror::Error)]
pub enum EmailShareLinkError {
    /// No such link in the actor's organisation.
    #[error("share link not found")]
    LinkNotFound,
    /// The URL given does not belong to this link.
    #[error("this is not the link's URL")]
    WrongUrl,
    /// The link's case is gone.
    #[error("case not found")]
    CaseNotFound,
    /// The actor may not share cases of the link's form (or its addon is off).
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The link is expired, revoked or used up.
    #[error("this link no longer works (expired, revoked or used up); create a new one")]
    LinkClosed,
    /// The personal message is refused.
    #[error(transparent)]
    InvalidMessage(#[from] ShareMessageError),
    /// A recipient limit stopped the mail.
    #[error("this recipient was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
    /// Mails a link through the outbox. Only digests are stored, so the caller passes the
    /// link's URL (shown once at creation); its token must be the link's. The mail carries the
    /// URL rebuilt from the organisation's base URL, never the host the caller passed. Only
    /// those who may share cases of the form (addon on) may send it, and only while the link
    /// still opens.
    ///
    /// # Errors
    /// See [`EmailShareLinkError`].
    pub async fn email(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
        request: EmailShareLink,
    ) -> Result<MessageId, EmailShareLinkError> {
        let EmailShareLink { url, to, message } = request;
        let link = self
            .staff_link(actor, link)
            .await?
            .ok_or(EmailShareLinkError::LinkNotFound)?;
        let token = Token::parse(TokenKind::ShareLink, token_in_url(&url))
            .map_err(|_| EmailShareLinkError::WrongUrl)?;
        if token.digest() != link.digest {
            return Err(EmailShareLinkError::WrongUrl);
        }
        let CaseInContext {
            organisation,
            form,
            case,
        } = self
            .ports
            .views
            .case_in_context(actor.org_id, link.case_id)
            .await?
            .ok_or(EmailShareLinkError::CaseNotFound)?;
        if !self
            .actor_may_share(actor, &form, form.share_links_enabled)
            .await?
        {
            return Err(Forbidden(Permission::ShareCasesPublicly).into());
        }
        let now = self.ports.clock.now();
        if !link.is_open(now) {
            return Err(EmailShareLinkError::LinkClosed);
        }
        let message = parse_message(message)?;
        let share_url = self
            .ports
            .links
            .share(organisation.base_url.as_str(), &token);
        let mut data = serde_json::json!({
            "share_url": share_url.expose_secret(),
            "case_number": case.number.to_string(),
            "case_title": case.title,
            "expires_at": format_expiry(link.expires_at),
        });
        if let (Some(map), Some(message)) = (data.as_object_mut(), message) {
            map.insert("message".into(), message.into());
        }
        let recipient = to.to_string();
        let mut uow = self.ports.transactions.begin().await?;
        let id = self
            .ports
            .mail
            .enqueue(
                uow.as_mut(),
                NewMail {
                    org_id: actor.org_id,
                    to,
                    to_name: None,
                    kind: TemplateKind::ShareLink,
                    language: case.language,
                    data,
                    unsubscribe_url: None,
                },
            )
            .await
            .map_err(|error| match error {
                EnqueueError::RecipientLimited {
                    retry_after_seconds,
                } => EmailShareLinkError::RecipientLimited {
                    retry_after_seconds,
                },
                EnqueueError::Repository(error) => EmailShareLinkError::Repository(error),
            })?;
        let detail = format!("case {}; to {}", link.case_id, recipient);
        self.audit(uow.as_mut(), actor, SHARE_LINK_MAILED, link.id, detail)
            .await?;
        uow.commit().await?;
        Ok(id)
    }
}

/// A personal message for a share-link mail: trimmed, `None` when blank; line breaks and tabs
/// are kept.
fn parse_message(message: Option<String>) -> Result<Option<String>, ShareMessageError> {
    let Some(message) = message else {
        return Ok(None);
    };
    let message = message.trim();
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ShareMessageError::TooLong {
            max: MAX_MESSAGE_CHARS,
        });
    }
    if message
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ShareMessageError::ControlCharacter);
    }
    Ok((!message.is_empty()).then(|| message.to_owned()))
}
