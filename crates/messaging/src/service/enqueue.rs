//! Queueing a mail: the recipient's limits are checked and the message written in the
//! caller's unit of work, so it exists exactly when the change that sends it does.

use frontdesk_kernel::{
    EmailAddress, Language, MessageId, OrgId, PersonName, RepositoryError, Uow,
};
use time::Duration;

use super::{MessagingService, whole_seconds};
use crate::{OutboundMessage, TemplateKind};

/// A mail a use case wants sent.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// The organisation sending it.
    pub org_id: OrgId,
    /// The recipient.
    pub to: EmailAddress,
    /// The recipient's name.
    pub to_name: Option<PersonName>,
    /// Which template.
    pub kind: TemplateKind,
    /// Which language.
    pub language: Language,
    /// Template data (an object).
    pub data: serde_json::Value,
    /// For notifications: the one-click unsubscribe URL.
    pub unsubscribe_url: Option<String>,
}

/// Why a mail was not enqueued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    /// The recipient got enough mail recently; nothing was queued.
    #[error(
        "this recipient was sent mail very recently; try again in {retry_after_seconds} seconds"
    )]
    RecipientLimited {
        /// Seconds until the limit allows another mail.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl MessagingService {
    /// Puts a mail in the outbox within the caller's unit of work, unless the recipient's
    /// limits forbid it (reported, never silently dropped).
    ///
    /// # Errors
    /// See [`EnqueueError`].
    pub async fn enqueue(&self, uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        let now = self.ports.clock.now();
        let counts = self
            .ports
            .outbox
            .recent_counts_in(
                uow,
                mail.org_id,
                &mail.to,
                mail.kind,
                now - self.limits.per_kind_window,
                now - Duration::HOUR,
            )
            .await?;
        if counts.of_kind >= 1 {
            return Err(EnqueueError::RecipientLimited {
                retry_after_seconds: whole_seconds(self.limits.per_kind_window),
            });
        }
        if counts.all >= self.limits.per_hour {
            return Err(EnqueueError::RecipientLimited {
                retry_after_seconds: 3_600,
            });
        }
        let message = OutboundMessage {
            id: MessageId::from_uuid(self.ports.ids.new_uuid()),
            org_id: mail.org_id,
            to: mail.to,
            to_name: mail.to_name,
            kind: mail.kind,
            language: mail.language,
            data: mail.data,
            unsubscribe_url: mail.unsubscribe_url,
            created_at: now,
        };
        self.ports.outbox.enqueue(uow, &message).await?;
        Ok(message.id)
    }
}
