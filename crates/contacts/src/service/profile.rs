//! Staff read a contact's public profile.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ContactId, RepositoryError};

use crate::{ContactsService, PublicProfile};

/// Why a contact's profile cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ContactProfileError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact in the actor's organisation.
    #[error("contact not found")]
    ContactNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// A contact's public profile.
    ///
    /// # Errors
    /// See [`ContactProfileError`].
    pub async fn contact_profile(
        &self,
        actor: &StaffActor,
        contact: ContactId,
    ) -> Result<PublicProfile, ContactProfileError> {
        actor.require(Permission::ManageContacts)?;
        let contact = self
            .find(actor.org_id, contact)
            .await?
            .ok_or(ContactProfileError::ContactNotFound)?;
        Ok(PublicProfile::from(&contact))
    }
}
