//! Staff revoke a grant.

use frontdesk_kernel::{AccessGrantId, RepositoryError};

use crate::grant::actions;
use crate::{Forbidden, GrantsService, Permission, StaffActor};

/// Why a grant was not revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeGrantError {
    /// The actor may not manage contacts' access.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such grant in the actor's organisation.
    #[error("grant not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl GrantsService {
    /// Revokes grant `id` (staff who manage contacts); it stops counting on the next
    /// request. Revoking a revoked grant changes nothing and succeeds. Audited in the same
    /// unit of work.
    ///
    /// # Errors
    /// See [`RevokeGrantError`].
    pub async fn revoke_grant(
        &self,
        actor: &StaffActor,
        id: AccessGrantId,
    ) -> Result<(), RevokeGrantError> {
        actor.require(Permission::ManageContacts)?;
        let grant = self
            .ports
            .grants
            .find(actor.org_id, id)
            .await?
            .ok_or(RevokeGrantError::NotFound)?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        if self
            .ports
            .grants
            .revoke(uow.as_mut(), actor.org_id, id, actor.user_id, now)
            .await?
        {
            let event = self.event(
                actor.org_id,
                actor.user_id,
                actions::GRANT_REVOKED,
                id.to_string(),
                format!(
                    "contact_user={} case={}",
                    grant.contact_user_id, grant.case_id
                ),
            );
            self.ports.audit.record(uow.as_mut(), &event).await?;
        }
        uow.commit().await?;
        Ok(())
    }
}
