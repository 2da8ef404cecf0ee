//! Staff link a contact to a case, optionally mailing them a guest link.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, ContactId, RepositoryError};
use frontdesk_messaging::{EnqueueError, TemplateKind};

use crate::CasesService;

/// Why a contact was not associated with a case.
#[derive(Debug, thiserror::Error)]
pub enum AssociateContactError {
    /// The actor may not edit cases or manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// No such contact in the actor's organisation.
    #[error("contact not found")]
    ContactNotFound,
    /// The recipient limit holds the guest link's mail back; nothing changed.
    #[error("this recipient was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<EnqueueError> for AssociateContactError {
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

impl CasesService {
    /// Associates a contact with a case; with `send_access`, also issues a guest link and
    /// mails it. Needs both `EditCases` and `ManageContacts`.
    ///
    /// # Errors
    /// See [`AssociateContactError`].
    pub async fn associate_contact(
        &self,
        actor: &StaffActor,
        case: CaseId,
        contact: ContactId,
        send_access: bool,
    ) -> Result<(), AssociateContactError> {
        actor.require(Permission::EditCases)?;
        actor.require(Permission::ManageContacts)?;
        let case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(AssociateContactError::CaseNotFound)?;
        let contact = self
            .ports
            .contacts
            .find(actor.org_id, contact)
            .await?
            .ok_or(AssociateContactError::ContactNotFound)?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let access = if send_access {
            let organisation = self.organisation(actor.org_id).await?;
            let (access, token) = self.new_guest_access(&organisation, case.id, contact.id, now);
            let mail = self.guest_link_mail(
                &organisation,
                &case,
                &contact.email,
                Some(contact.display_name()),
                &token,
                TemplateKind::GuestLinkReissued,
            );
            self.ports.mail.enqueue(uow.as_mut(), mail).await?;
            Some(access)
        } else {
            None
        };
        self.ports
            .cases
            .link_contact(uow.as_mut(), actor.org_id, case.id, contact.id, now)
            .await?;
        if let Some(access) = &access {
            self.ports.guest_access.insert(uow.as_mut(), access).await?;
        }
        uow.commit().await?;
        Ok(())
    }
}
