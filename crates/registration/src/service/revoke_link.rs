//! Revoking a registration link (admins).

use frontdesk_access::{Forbidden, StaffActor};
use frontdesk_kernel::{RegistrationLinkId, RepositoryError};

use super::{MANAGE_REGISTRATION, RegistrationService};
use crate::REGISTRATION_LINK_REVOKED;

/// Why a link could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeRegistrationLinkError {
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
    /// Revokes a link at once: nobody signs up with it afterwards. Revoking a revoked link
    /// changes nothing and succeeds; a revocation is audited (`registration_link.revoked`)
    /// right after it.
    ///
    /// # Errors
    /// See [`RevokeRegistrationLinkError`].
    pub async fn revoke_link(
        &self,
        actor: &StaffActor,
        id: RegistrationLinkId,
    ) -> Result<(), RevokeRegistrationLinkError> {
        actor.require(MANAGE_REGISTRATION)?;
        let link = self
            .staff_link(actor, id)
            .await?
            .ok_or(RevokeRegistrationLinkError::LinkNotFound)?;
        let revoked = self
            .ports
            .links
            .revoke(actor.org_id, link.id, self.ports.clock.now())
            .await?;
        if revoked {
            // In its own unit of work after the revocation: on SQLite the revocation itself
            // needs the only writer connection.
            let mut uow = self.ports.transactions.begin().await?;
            let detail = format!("role {}; uses {}", link.role, link.uses);
            self.audit(
                uow.as_mut(),
                actor,
                REGISTRATION_LINK_REVOKED,
                link.id,
                detail,
            )
            .await?;
            uow.commit().await?;
        }
        Ok(())
    }
}
