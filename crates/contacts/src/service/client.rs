//! Staff read a client with its contacts and how many cases it has.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, RepositoryError};

use crate::{Client, Contact, ContactsService};

/// A client as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientDetail {
    /// The client.
    pub client: Client,
    /// Its contacts, by last name, then first name.
    pub contacts: Vec<Contact>,
    /// How many cases belong to it.
    pub case_count: u64,
}

/// Why a client cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The actor may neither manage contacts nor view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such client in the actor's organisation.
    #[error("client not found")]
    ClientNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// A client with its contacts and its number of cases (staff who manage contacts or
    /// view cases).
    ///
    /// # Errors
    /// See [`ClientError`].
    pub async fn client(
        &self,
        actor: &StaffActor,
        client: ClientId,
    ) -> Result<ClientDetail, ClientError> {
        if !actor.may(Permission::ManageContacts) {
            actor.require(Permission::ViewCases)?;
        }
        let client = self
            .find_client(actor.org_id, client)
            .await?
            .ok_or(ClientError::ClientNotFound)?;
        let contacts = self
            .ports
            .clients
            .contacts_of(actor.org_id, client.id)
            .await?;
        let case_count = self
            .ports
            .clients
            .case_count(actor.org_id, client.id)
            .await?;
        Ok(ClientDetail {
            client,
            contacts,
            case_count,
        })
    }
}
