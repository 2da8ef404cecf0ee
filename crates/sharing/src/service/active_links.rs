//! How many public links to the organisation's cases are open right now (staff).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::RepositoryError;

use super::SharingService;

/// Why the open links could not be counted.
#[derive(Debug, thiserror::Error)]
pub enum ActiveLinkCountError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
    /// How many of the actor's organisation's share links would open now: not revoked, not
    /// expired at [`frontdesk_kernel::Clock::now`], and not used up.
    ///
    /// # Errors
    /// See [`ActiveLinkCountError`].
    pub async fn active_link_count(&self, actor: &StaffActor) -> Result<u64, ActiveLinkCountError> {
        actor.require(Permission::ViewCases)?;
        let now = self.ports.clock.now();
        Ok(self
            .ports
            .share_links
            .count_active(actor.org_id, now)
            .await?)
    }
}
