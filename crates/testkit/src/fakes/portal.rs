//! The portal settings port over [`InMemoryStore`]: the title and forms per organisation,
//! forms known from the store's own form rows.

use frontdesk_access::{PortalExtras, PortalSettingsRepository};
use frontdesk_kernel::{OrgId, RepositoryError, Uow};

use super::{InMemoryStore, check_uow};

#[async_trait::async_trait]
impl PortalSettingsRepository for InMemoryStore {
    async fn find(&self, org: OrgId) -> Result<Option<PortalExtras>, RepositoryError> {
        Ok(self.state().portal.get(&org.as_uuid()).cloned())
    }

    async fn save(
        &self,
        uow: &mut Uow,
        org: OrgId,
        extras: &PortalExtras,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        self.state().portal.insert(org.as_uuid(), extras.clone());
        Ok(())
    }

    async fn unknown_forms(
        &self,
        org: OrgId,
        slugs: &[String],
    ) -> Result<Vec<String>, RepositoryError> {
        let state = self.state();
        Ok(slugs
            .iter()
            .filter(|slug| {
                !state
                    .forms
                    .iter()
                    .any(|form| form.org_id == org && &form.slug == *slug)
            })
            .cloned()
            .collect())
    }
}
