//! Staff list their organisation's cases.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{Page, PageRequest, RepositoryError};

use crate::{Case, CaseFilter, CasesService};

/// Why cases cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListCasesError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// A page of the actor's organisation's cases.
    ///
    /// # Errors
    /// See [`ListCasesError`].
    pub async fn list_cases(
        &self,
        actor: &StaffActor,
        filter: CaseFilter,
        page: PageRequest,
    ) -> Result<Page<Case>, ListCasesError> {
        actor.require(Permission::ViewCases)?;
        Ok(self.ports.cases.list(actor.org_id, &filter, page).await?)
    }
}
