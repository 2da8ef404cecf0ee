//! Staff write to a contact: the message is queued for the outbox.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ContactId, Language, MessageId, RepositoryError};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};

use crate::field::{self, Errors};
use crate::{ContactsService, FieldError};

/// A message written by staff, as typed.
#[derive(Debug, Clone, Default)]
pub struct ContactMessage {
    /// Subject: one line of 1–200 characters.
    pub subject: String,
    /// Body: 1–10 000 characters.
    pub body: String,
}

/// Why a message to a contact was not queued.
#[derive(Debug, thiserror::Error)]
pub enum EmailContactError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact in the actor's organisation.
    #[error("contact not found")]
    ContactNotFound,
    /// The subject or body is invalid (each listed).
    #[error("some fields are invalid")]
    InvalidMessage(Vec<FieldError>),
    /// The recipient limit holds the mail back; nothing was queued.
    #[error("this recipient was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<EnqueueError> for EmailContactError {
    fn from(error: EnqueueError) -> Self {
        match error {
            EnqueueError::RecipientLimited {
                retry_after_seconds,
            } => Self::RecipientLimited {
                retry_after_seconds,
            },
            EnqueueError::Repository(error) => Self::Repository(error),
        }
    }
}

impl ContactsService {
    /// Queues a message written by staff to a contact, in the organisation's language.
    ///
    /// # Errors
    /// See [`EmailContactError`].
    pub async fn email_contact(
        &self,
        actor: &StaffActor,
        contact: ContactId,
        message: ContactMessage,
    ) -> Result<MessageId, EmailContactError> {
        actor.require(Permission::ManageContacts)?;
        let contact = self
            .find(actor.org_id, contact)
            .await?
            .ok_or(EmailContactError::ContactNotFound)?;
        let mut errors = Errors::default();
        let subject = errors.check("subject", field::subject(&message.subject));
        let body = errors.check("body", field::body(&message.body));
        let (subject, body) = errors
            .finish(|| subject.zip(body))
            .map_err(EmailContactError::InvalidMessage)?;
        let language = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .map_or(Language::default(), |org| org.default_language);
        let mail = NewMail {
            org_id: actor.org_id,
            to: contact.email.clone(),
            to_name: Some(contact.display_name()),
            kind: TemplateKind::ContactMessage,
            language,
            data: serde_json::json!({ "subject": subject, "message": body }),
            unsubscribe_url: None,
        };
        let mut uow = self.ports.transactions.begin().await?;
        let id = self.ports.mail.enqueue(uow.as_mut(), mail).await?;
        uow.commit().await?;
        Ok(id)
    }
}
