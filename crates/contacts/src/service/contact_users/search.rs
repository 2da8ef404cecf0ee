//! Staff list the organisation's portal users (seed 004's "Portal Users" settings): by
//! state (pending covers invited), by name or email, by client, a page at a time.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{Page, PageRequest, RepositoryError};

use crate::{ContactUserView, ContactUsersService, PortalUserQuery};

/// Why the portal users were not listed.
#[derive(Debug, thiserror::Error)]
pub enum SearchPortalUsersError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such client in the actor's organisation (the `client` filter).
    #[error("client not found")]
    ClientNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactUsersService {
    /// One page of the actor's organisation's contact users matching `query`, with their
    /// contacts, in creation order; removed users are never listed (staff who view cases,
    /// as for [`ContactUsersService::contact_user`]).
    ///
    /// # Errors
    /// See [`SearchPortalUsersError`].
    pub async fn search_portal_users(
        &self,
        actor: &StaffActor,
        query: &PortalUserQuery,
        page: PageRequest,
    ) -> Result<Page<ContactUserView>, SearchPortalUsersError> {
        actor.require(Permission::ViewCases)?;
        if let Some(client) = query.client {
            self.ports
                .clients
                .find(actor.org_id, client)
                .await?
                .ok_or(SearchPortalUsersError::ClientNotFound)?;
        }
        let directory = self.directory()?;
        let ids = directory.search(actor.org_id, query, page).await?;
        let mut items = Vec::with_capacity(ids.items.len());
        for id in ids.items {
            if let Some(user) = self.ports.users.find(actor.org_id, id).await?
                && let Some(view) = self.view(actor.org_id, user).await?
            {
                items.push(view);
            }
        }
        Ok(Page {
            items,
            next_after: ids.next_after,
        })
    }
}
