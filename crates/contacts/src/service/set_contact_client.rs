//! Staff link a contact to a client, or to none.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, ContactId, RepositoryError};

use crate::ContactsService;

/// Why a contact's client was not changed.
#[derive(Debug, thiserror::Error)]
pub enum SetContactClientError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact in the actor's organisation.
    #[error("contact not found")]
    ContactNotFound,
    /// No such client in the actor's organisation.
    #[error("client not found")]
    ClientNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// Links a contact to a client of the same organisation, or to none (`None`).
    ///
    /// # Errors
    /// See [`SetContactClientError`].
    pub async fn set_contact_client(
        &self,
        actor: &StaffActor,
        contact: ContactId,
        client: Option<ClientId>,
    ) -> Result<(), SetContactClientError> {
        actor.require(Permission::ManageContacts)?;
        if let Some(client) = client
            && self.find_client(actor.org_id, client).await?.is_none()
        {
            return Err(SetContactClientError::ClientNotFound);
        }
        let mut uow = self.ports.transactions.begin().await?;
        let found = self
            .ports
            .clients
            .set_contact_client(uow.as_mut(), actor.org_id, contact, client)
            .await?;
        if !found {
            return Err(SetContactClientError::ContactNotFound);
        }
        uow.commit().await?;
        Ok(())
    }
}
