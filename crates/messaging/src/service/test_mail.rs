//! A test mail, so an administrator sees that delivery works.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{EmailAddress, Language, MessageId, OrgId, RepositoryError};

use super::MessagingService;
use crate::{EnqueueError, NewMail, TemplateKind};

/// Why a test mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendTestMailError {
    /// The actor may not manage mail.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The recipient limit applies.
    #[error(transparent)]
    Enqueue(#[from] EnqueueError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl MessagingService {
    /// Enqueues a test mail to `to` in the actor's organisation's default language.
    ///
    /// # Errors
    /// See [`SendTestMailError`].
    pub async fn send_test_mail(
        &self,
        actor: &StaffActor,
        to: EmailAddress,
    ) -> Result<MessageId, SendTestMailError> {
        actor.require(Permission::ManageMailTemplates)?;
        let language = self.organisation_language(actor.org_id).await?;
        let mut uow = self.ports.transactions.begin().await?;
        let id = self
            .enqueue(
                uow.as_mut(),
                NewMail {
                    org_id: actor.org_id,
                    to,
                    to_name: None,
                    kind: TemplateKind::Test,
                    language,
                    data: serde_json::json!({}),
                    unsubscribe_url: None,
                },
            )
            .await?;
        uow.commit().await?;
        Ok(id)
    }

    async fn organisation_language(&self, org: OrgId) -> Result<Language, RepositoryError> {
        Ok(self
            .ports
            .organisations
            .find(org)
            .await?
            .map_or(Language::En, |org| org.default_language))
    }
}
