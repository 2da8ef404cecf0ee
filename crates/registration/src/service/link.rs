//! One registration link (admins).

use frontdesk_access::{Forbidden, StaffActor};
use frontdesk_kernel::{RegistrationLinkId, RepositoryError};

use super::{MANAGE_REGISTRATION, RegistrationService};
use crate::RegistrationLink;

/// Why a link could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RegistrationLinkError {
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
    /// The link `id` of the actor's organisation (never its token).
    ///
    /// # Errors
    /// See [`RegistrationLinkError`].
    pub async fn link(
        &self,
        actor: &StaffActor,
        id: RegistrationLinkId,
    ) -> Result<RegistrationLink, RegistrationLinkError> {
        actor.require(MANAGE_REGISTRATION)?;
        self.staff_link(actor, id)
            .await?
            .ok_or(RegistrationLinkError::LinkNotFound)
    }
}
