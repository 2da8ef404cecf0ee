//! Revoking a share link (staff).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{RepositoryError, ShareLinkId};

use super::SharingService;
use crate::SHARE_LINK_REVOKED;

/// Why a link could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeShareLinkError {
    /// The actor may neither share cases of the link's form, manage forms, nor created it.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such link in the actor's organisation.
    #[error("share link not found")]
    LinkNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
    /// Revokes a link at once. Revoking a revoked link changes nothing and succeeds. Allowed
    /// to those who may share cases of the link's form (even once its addon is off), to form
    /// managers, and to the link's creator.
    ///
    /// # Errors
    /// See [`RevokeShareLinkError`].
    pub async fn revoke(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
    ) -> Result<(), RevokeShareLinkError> {
        let link = self
            .staff_link(actor, link)
            .await?
            .ok_or(RevokeShareLinkError::LinkNotFound)?;
        let allowed = actor.may(Permission::ManageForms)
            || link.created_by == actor.user_id
            || match self.form_of_case(actor.org_id, link.case_id).await? {
                Some(form) => self.actor_may_share(actor, &form, true).await?,
                None => false,
            };
        if !allowed {
            return Err(Forbidden(Permission::ShareCasesPublicly).into());
        }
        let revoked = self
            .ports
            .share_links
            .revoke(actor.org_id, link.id, self.ports.clock.now())
            .await?;
        if revoked {
            // After the revocation, in its own unit of work: on SQLite the revocation itself
            // needs the only writer connection.
            let mut uow = self.ports.transactions.begin().await?;
            let detail = format!("case {}", link.case_id);
            self.audit(uow.as_mut(), actor, SHARE_LINK_REVOKED, link.id, detail)
                .await?;
            uow.commit().await?;
        }
        Ok(())
    }
}
