//! Whether a member may share a case publicly, for interfaces that offer the action only to
//! those who may use it (the console's "Share case publicly" panel).

use frontdesk_access::StaffActor;
use frontdesk_kernel::{CaseId, RepositoryError};

use super::SharingService;

impl SharingService {
    /// Whether `actor` may create share links for `case`: the case exists in the actor's
    /// organisation, its form has the share-link addon on, and one of the actor's profiles
    /// holds the form's share permission — exactly what [`SharingService::create`] checks
    /// before it refuses with `CaseNotFound`, `AddonDisabled` or `Forbidden`.
    ///
    /// # Errors
    /// [`RepositoryError`] when storage fails.
    pub async fn may_share_case(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<bool, RepositoryError> {
        let Some(form) = self.form_of_case(actor.org_id, case).await? else {
            return Ok(false);
        };
        if !form.share_links_enabled {
            return Ok(false);
        }
        self.actor_may_share(actor, &form, true).await
    }
}
