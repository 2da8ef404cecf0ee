//! The state of an organisation's outbox at a glance: how much mail is waiting to go out and
//! how much could not be delivered (mail administrators).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::RepositoryError;

use super::MessagingService;
use crate::OutboxSummary;

/// Why the outbox summary could not be read.
#[derive(Debug, thiserror::Error)]
pub enum OutboxSummaryError {
    /// The actor may not manage mail.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl MessagingService {
    /// How many of the actor's organisation's messages are waiting to be sent and how many
    /// are dead.
    ///
    /// # Errors
    /// See [`OutboxSummaryError`].
    pub async fn outbox_summary(
        &self,
        actor: &StaffActor,
    ) -> Result<OutboxSummary, OutboxSummaryError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(self.ports.outbox.summary(actor.org_id).await?)
    }
}
