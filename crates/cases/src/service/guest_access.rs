//! Staff reissue or revoke a case's guest links.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, RepositoryError};
use frontdesk_messaging::{EnqueueError, TemplateKind};

use crate::CasesService;

/// Why a case's guest links were not reissued.
#[derive(Debug, thiserror::Error)]
pub enum ReissueGuestAccessError {
    /// The actor may not edit cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// The recipient limit holds back one of the mails; nothing changed.
    #[error("this recipient was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<EnqueueError> for ReissueGuestAccessError {
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

/// Why a case's guest links were not revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeGuestAccessError {
    /// The actor may not edit cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// Revokes a case's guest links and mails new ones to its contacts. When the recipient
    /// limit holds back any of the mails, nothing changes.
    ///
    /// # Errors
    /// See [`ReissueGuestAccessError`].
    pub async fn reissue_guest_access(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<(), ReissueGuestAccessError> {
        actor.require(Permission::EditCases)?;
        let case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(ReissueGuestAccessError::CaseNotFound)?;
        let organisation = self.organisation(actor.org_id).await?;
        let now = self.ports.clock.now();
        let mut issued = Vec::new();
        for id in self.ports.cases.contacts_of(actor.org_id, case.id).await? {
            if let Some(contact) = self.ports.contacts.find(actor.org_id, id).await? {
                let (access, token) =
                    self.new_guest_access(&organisation, case.id, contact.id, now);
                issued.push((contact, access, token));
            }
        }
        let mut uow = self.ports.transactions.begin().await?;
        for (contact, _, token) in &issued {
            let mail = self.guest_link_mail(
                &organisation,
                &case,
                &contact.email,
                Some(contact.display_name()),
                token,
                TemplateKind::GuestLinkReissued,
            );
            self.ports.mail.enqueue(uow.as_mut(), mail).await?;
        }
        self.ports
            .guest_access
            .revoke_for_case(uow.as_mut(), actor.org_id, case.id, None, now)
            .await?;
        for (_, access, _) in &issued {
            self.ports.guest_access.insert(uow.as_mut(), access).await?;
        }
        uow.commit().await?;
        Ok(())
    }

    /// Revokes every guest link of a case; returns how many were revoked.
    ///
    /// # Errors
    /// See [`RevokeGuestAccessError`].
    pub async fn revoke_guest_access(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<u64, RevokeGuestAccessError> {
        actor.require(Permission::EditCases)?;
        let case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(RevokeGuestAccessError::CaseNotFound)?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let revoked = self
            .ports
            .guest_access
            .revoke_for_case(uow.as_mut(), actor.org_id, case.id, None, now)
            .await?;
        uow.commit().await?;
        Ok(revoked)
    }
}
