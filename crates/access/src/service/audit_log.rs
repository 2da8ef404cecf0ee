//! Reading the audit trail: who did what, newest first (auditors and admins).

use frontdesk_kernel::{Page, PageRequest, RepositoryError};

use super::AccessService;
use crate::error::Forbidden;
use crate::{AuditEvent, AuditFilter, Permission, StaffActor};

/// Why the audit trail could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ListAuditError {
    /// The actor may not view the audit log.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// A page of the actor's organisation's audit events that match `filter`, newest first.
    /// Pass the page's `next_after` as `page.after` for the next, older page.
    ///
    /// # Errors
    /// See [`ListAuditError`].
    pub async fn audit_log(
        &self,
        actor: &StaffActor,
        filter: AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, ListAuditError> {
        actor.require(Permission::ViewAudit)?;
        Ok(self.ports.audit.list(actor.org_id, &filter, page).await?)
    }
}
