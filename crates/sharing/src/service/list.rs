//! What staff may see of existing links: a case's links and a link's views.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, RepositoryError, ShareLinkId};

use super::SharingService;
use crate::{ShareLink, ShareView};

/// Why a case's links could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListShareLinksError {
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

/// Why a link's views could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListShareViewsError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such link in the actor's organisation.
    #[error("share link not found")]
    LinkNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
    /// The links of a case (never their tokens).
    ///
    /// # Errors
    /// See [`ListShareLinksError`].
    pub async fn list(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<Vec<ShareLink>, ListShareLinksError> {
        actor.require(Permission::ViewCases)?;
        if self.ports.cases.find(actor.org_id, case).await?.is_none() {
            return Err(ListShareLinksError::CaseNotFound);
        }
        Ok(self
            .ports
            .share_links
            .list_for_case(actor.org_id, case)
            .await?)
    }

    /// The views of a link.
    ///
    /// # Errors
    /// See [`ListShareViewsError`].
    pub async fn views(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
    ) -> Result<Vec<ShareView>, ListShareViewsError> {
        actor.require(Permission::ViewCases)?;
        let link = self
            .staff_link(actor, link)
            .await?
            .ok_or(ListShareViewsError::LinkNotFound)?;
        Ok(self.ports.share_links.views(actor.org_id, link.id).await?)
    }
}
