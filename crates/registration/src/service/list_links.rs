//! The organisation's registration links, a page at a time (admins).

use frontdesk_access::{Forbidden, StaffActor};
use frontdesk_kernel::{Page, PageRequest, RepositoryError};

use super::{MANAGE_REGISTRATION, RegistrationService};
use crate::RegistrationLink;

/// Why the links could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListRegistrationLinksError {
    /// The actor is not an administrator.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl RegistrationService {
    /// A page of the organisation's links, oldest first, whatever their state (never their
    /// tokens).
    ///
    /// # Errors
    /// See [`ListRegistrationLinksError`].
    pub async fn list_links(
        &self,
        actor: &StaffActor,
        page: PageRequest,
    ) -> Result<Page<RegistrationLink>, ListRegistrationLinksError> {
        actor.require(MANAGE_REGISTRATION)?;
        Ok(self.ports.links.list(actor.org_id, page).await?)
    }
}
