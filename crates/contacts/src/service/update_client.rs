//! Staff rename a client.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, RepositoryError};

use crate::field::{self, Errors};
use crate::{Client, ContactsService, FieldError};

/// Changes to a client; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientChanges {
    /// New name (one line, 1–200 characters).
    pub name: Option<String>,
}

/// Why a client was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateClientError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such client in the actor's organisation.
    #[error("client not found")]
    ClientNotFound,
    /// Fields are invalid.
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// Changes a client's name (staff who manage contacts). A change to the current value
    /// writes nothing.
    ///
    /// # Errors
    /// See [`UpdateClientError`].
    pub async fn update_client(
        &self,
        actor: &StaffActor,
        client: ClientId,
        changes: ClientChanges,
    ) -> Result<Client, UpdateClientError> {
        actor.require(Permission::ManageContacts)?;
        let mut errors = Errors::default();
        let name = match changes.name.as_deref() {
            None => None,
            Some(raw) => errors.required("name", raw, field::client_name),
        };
        let name = errors
            .finish(|| Some(name))
            .map_err(UpdateClientError::InvalidFields)?;
        let mut client = self
            .find_client(actor.org_id, client)
            .await?
            .ok_or(UpdateClientError::ClientNotFound)?;
        let Some(name) = name.filter(|name| *name != client.name) else {
            return Ok(client);
        };
        client.name = name;
        client.updated_at = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.clients.update(uow.as_mut(), &client).await?;
        uow.commit().await?;
        Ok(client)
    }
}
