//! Undelivered mail: listing the dead letters and queueing one again.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{MessageId, Page, PageRequest, RepositoryError};

use super::MessagingService;
use crate::DeadMessage;

/// Why dead letters could not be listed or retried.
#[derive(Debug, thiserror::Error)]
pub enum DeadLetterError {
    /// The actor may not manage mail.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such dead message in the actor's organisation.
    #[error("no such dead message")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl MessagingService {
    /// A page of the organisation's dead messages.
    ///
    /// # Errors
    /// See [`DeadLetterError`].
    pub async fn dead_messages(
        &self,
        actor: &StaffActor,
        page: PageRequest,
    ) -> Result<Page<DeadMessage>, DeadLetterError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(self.ports.outbox.list_dead(actor.org_id, page).await?)
    }

    /// Queues a dead message again, now, with a fresh attempt count.
    ///
    /// # Errors
    /// See [`DeadLetterError`].
    pub async fn retry_dead(
        &self,
        actor: &StaffActor,
        id: MessageId,
    ) -> Result<(), DeadLetterError> {
        actor.require(Permission::ManageMailTemplates)?;
        let now = self.ports.clock.now();
        if self
            .ports
            .outbox
            .requeue_dead(actor.org_id, id, now)
            .await?
        {
            Ok(())
        } else {
            Err(DeadLetterError::NotFound)
        }
    }
}
