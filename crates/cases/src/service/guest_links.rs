//! Staff see which guest links open a case now (for "who has access").

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, RepositoryError};

use crate::{CasesService, GuestAccess};

/// Why a case's guest links were not listed.
#[derive(Debug, thiserror::Error)]
pub enum GuestLinksError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// The guest links (capabilities, never tokens) that open case `case` now: unrevoked
    /// and unexpired, oldest first (staff who view cases).
    ///
    /// # Errors
    /// See [`GuestLinksError`].
    pub async fn open_guest_links(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<Vec<GuestAccess>, GuestLinksError> {
        actor.require(Permission::ViewCases)?;
        self.find_case(actor.org_id, case)
            .await?
            .ok_or(GuestLinksError::CaseNotFound)?;
        let now = self.ports.clock.now();
        Ok(self
            .ports
            .guest_access
            .open_for_case(actor.org_id, case, now)
            .await?)
    }
}
