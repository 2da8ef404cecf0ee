//! Staff create a client (a customer company).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, RepositoryError};

use crate::field::{self, Errors};
use crate::{Client, ContactsService, FieldError};

/// A client to create, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewClient {
    /// Its name (one line, 1–200 characters; need not be unique).
    pub name: String,
}

/// Why a client was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateClientError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The name is missing or invalid.
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// Creates a client (staff who manage contacts).
    ///
    /// # Errors
    /// See [`CreateClientError`].
    pub async fn create_client(
        &self,
        actor: &StaffActor,
        client: NewClient,
    ) -> Result<Client, CreateClientError> {
        actor.require(Permission::ManageContacts)?;
        let mut errors = Errors::default();
        let name = errors.required("name", &client.name, field::client_name);
        let name = errors
            .finish(|| name)
            .map_err(CreateClientError::InvalidFields)?;
        let now = self.ports.clock.now();
        let created = Client {
            id: ClientId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            name,
            created_at: now,
            updated_at: now,
        };
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.clients.insert(uow.as_mut(), &created).await?;
        uow.commit().await?;
        Ok(created)
    }
}
