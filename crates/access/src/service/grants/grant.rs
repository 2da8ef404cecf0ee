//! Staff grant a contact user one case.

use frontdesk_kernel::{AccessGrantId, CaseId, ContactUserId, RepositoryError};

use crate::grant::actions;
use crate::{AccessGrant, CaseRole, Forbidden, GrantsService, Permission, StaffActor};

/// A grant to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantAccess {
    /// To whom.
    pub contact_user_id: ContactUserId,
    /// Which case.
    pub case_id: CaseId,
    /// With which role.
    pub role: CaseRole,
}

/// Why a grant was not made.
#[derive(Debug, thiserror::Error)]
pub enum GrantAccessError {
    /// The actor may not manage contacts' access.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    UserNotFound,
    /// No such case in the actor's organisation, or it belongs to a client the user is not
    /// part of (answered alike: staff learn nothing about the other company's cases).
    #[error("case not found")]
    CaseNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl GrantsService {
    /// Grants `request.case_id` to the contact user with `request.role` (staff who manage
    /// contacts). An unrevoked grant of the same case with the same role is returned as it
    /// is; one with another role is revoked and replaced. Audited in the same unit of work.
    ///
    /// # Errors
    /// See [`GrantAccessError`].
    pub async fn grant(
        &self,
        actor: &StaffActor,
        request: GrantAccess,
    ) -> Result<AccessGrant, GrantAccessError> {
        actor.require(Permission::ManageContacts)?;
        let user = self
            .ports
            .users
            .contact_user_facts(actor.org_id, request.contact_user_id)
            .await?
            .ok_or(GrantAccessError::UserNotFound)?;
        let facts = self
            .ports
            .cases
            .case_facts(actor.org_id, request.case_id)
            .await?
            .filter(|facts| facts.org_id == actor.org_id)
            .ok_or(GrantAccessError::CaseNotFound)?;
        if facts
            .client_id
            .is_some_and(|client| !user.client_ids.contains(&client))
        {
            return Err(GrantAccessError::CaseNotFound);
        }
        let existing = self
            .ports
            .grants
            .active_for_user(actor.org_id, user.id)
            .await?
            .into_iter()
            .filter(|grant| grant.case_id == request.case_id)
            .collect::<Vec<_>>();
        if let Some(same) = existing.iter().find(|grant| grant.role == request.role) {
            return Ok(same.clone());
        }
        let now = self.ports.clock.now();
        let grant = AccessGrant {
            id: AccessGrantId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            contact_user_id: user.id,
            case_id: request.case_id,
            role: request.role,
            granted_by: actor.user_id,
            granted_at: now,
            revoked_at: None,
            revoked_by: None,
        };
        let mut uow = self.ports.transactions.begin().await?;
        for old in &existing {
            self.ports
                .grants
                .revoke(uow.as_mut(), actor.org_id, old.id, actor.user_id, now)
                .await?;
            let event = self.event(
                actor.org_id,
                actor.user_id,
                actions::GRANT_REVOKED,
                old.id.to_string(),
                format!(
                    "contact_user={} case={} replaced",
                    old.contact_user_id, old.case_id
                ),
            );
            self.ports.audit.record(uow.as_mut(), &event).await?;
        }
        self.ports.grants.insert(uow.as_mut(), &grant).await?;
        let event = self.event(
            actor.org_id,
            actor.user_id,
            actions::GRANT_CREATED,
            grant.id.to_string(),
            format!(
                "contact_user={} case={} role={}",
                grant.contact_user_id, grant.case_id, grant.role
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(grant)
    }
}
