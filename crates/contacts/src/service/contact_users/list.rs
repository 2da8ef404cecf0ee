//! Staff list a client's contact users (the client page's "Contact users" section).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, RepositoryError};

use crate::{ContactUserState, ContactUserView, ContactUsersService};

/// Why a client's contact users were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListContactUsersError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such client in the actor's organisation.
    #[error("client not found")]
    ClientNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactUsersService {
    /// The contact users of client `client` with their contacts, by username, leaving out
    /// removed ones (staff who view cases, as for [`ContactUsersService::contact_user`]).
    ///
    /// # Errors
    /// See [`ListContactUsersError`].
    pub async fn list_for_client(
        &self,
        actor: &StaffActor,
        client: ClientId,
    ) -> Result<Vec<ContactUserView>, ListContactUsersError> {
        actor.require(Permission::ViewCases)?;
        self.ports
            .clients
            .find(actor.org_id, client)
            .await?
            .ok_or(ListContactUsersError::ClientNotFound)?;
        let users = self
            .ports
            .users
            .list_for_client(actor.org_id, client)
            .await?;
        let mut views = Vec::with_capacity(users.len());
        for user in users
            .into_iter()
            .filter(|user| user.state != ContactUserState::Removed)
        {
            if let Some(view) = self.view(actor.org_id, user).await? {
                views.push(view);
            }
        }
        Ok(views)
    }
}
