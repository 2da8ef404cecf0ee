//! A registration link's counted sign-ups (admins).

use frontdesk_access::{Forbidden, StaffActor};
use frontdesk_kernel::{RegistrationLinkId, RepositoryError};

use super::{MANAGE_REGISTRATION, RegistrationService};
use crate::RegistrationUse;

/// Why a link's uses could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListRegistrationUsesError {
    /// The actor is not an administrator.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such link in the actor's organisation.
    #[error("registration link not found")]
    LinkNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl RegistrationService {
    /// Who signed up with a link, and when, oldest first.
    ///
    /// # Errors
    /// See [`ListRegistrationUsesError`].
    pub async fn list_uses(
        &self,
        actor: &StaffActor,
        id: RegistrationLinkId,
    ) -> Result<Vec<RegistrationUse>, ListRegistrationUsesError> {
        actor.require(MANAGE_REGISTRATION)?;
        let link = self
            .staff_link(actor, id)
            .await?
            .ok_or(ListRegistrationUsesError::LinkNotFound)?;
        Ok(self.ports.links.list_uses(actor.org_id, link.id).await?)
    }
}
