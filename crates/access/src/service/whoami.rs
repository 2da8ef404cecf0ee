//! Who the actor is: their organisation and their own record; and an organisation by slug for
//! the sign-in pages.

use frontdesk_kernel::RepositoryError;

use super::AccessService;
use crate::{OrgSlug, Organisation, StaffActor, StaffUser};

/// Why the actor's own records could not be read (their organisation, or their user).
#[derive(Debug, thiserror::Error)]
pub enum WhoAmIError {
    /// The actor's user or organisation no longer exists.
    #[error("not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// The actor's organisation.
    ///
    /// # Errors
    /// See [`WhoAmIError`].
    pub async fn organisation(&self, actor: &StaffActor) -> Result<Organisation, WhoAmIError> {
        self.ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(WhoAmIError::NotFound)
    }

    /// The actor's own staff record.
    ///
    /// # Errors
    /// See [`WhoAmIError`].
    pub async fn me(&self, actor: &StaffActor) -> Result<StaffUser, WhoAmIError> {
        self.ports
            .staff
            .find(actor.org_id, actor.user_id)
            .await?
            .ok_or(WhoAmIError::NotFound)
    }

    /// The organisation with this slug, for sign-in pages.
    ///
    /// # Errors
    /// [`RepositoryError`] when storage fails.
    pub async fn organisation_by_slug(
        &self,
        slug: &OrgSlug,
    ) -> Result<Option<Organisation>, RepositoryError> {
        self.ports.organisations.find_by_slug(slug).await
    }
}
