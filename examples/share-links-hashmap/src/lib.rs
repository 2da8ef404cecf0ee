//! An embedder's own storage for Frontdesk's share links: [`HashMapShareLinks`] implements
//! the two sharing ports over a `HashMap` behind a mutex, and [`demo`] drives
//! [`SharingService`] over it — create a link limited to two views, open it twice, see the
//! third visit refused, and revoke a second link.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let outcome = frontdesk_example_share_links_hashmap::demo().await.unwrap();
//! assert_eq!(outcome.views_counted, 2);
//! # });
//! ```

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_access::Profile;
use frontdesk_kernel::{CaseId, FormId, OrgId, RepositoryError, ShareLinkId, TokenDigest, Uow};
use frontdesk_sharing::{
    CreateShareLink, ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView, ShareViewError,
    SharingService, ViewerInfo,
};
use frontdesk_testkit::SharingHost;
use secrecy::ExposeSecret;
use time::OffsetDateTime;

#[derive(Default)]
struct Tables {
    links: HashMap<ShareLinkId, ShareLink>,
    views: Vec<ShareView>,
    permissions: HashMap<(OrgId, FormId, Profile), bool>,
}

/// Share links, their views and the per-form permissions, in memory. A `HashMap` has no
/// transactions, so writes ignore the caller's unit of work; each call is atomic under the
/// mutex, which is what `record_view` needs to never count past a link's maximum.
#[derive(Clone, Default)]
pub struct HashMapShareLinks(Arc<Mutex<Tables>>);

impl HashMapShareLinks {
    fn tables(&self) -> MutexGuard<'_, Tables> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl ShareLinkRepository for HashMapShareLinks {
    async fn insert(&self, _uow: &mut Uow, link: &ShareLink) -> Result<(), RepositoryError> {
        let mut tables = self.tables();
        if tables.links.values().any(|l| l.digest == link.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        if tables.links.insert(link.id, link.clone()).is_some() {
            return Err(RepositoryError::Conflict("id"));
        }
        Ok(())
    }
    async fn find_by_digest(&self, digest: &TokenDigest) -> Result<Option<ShareLink>, RepositoryError> {
        Ok(self.tables().links.values().find(|l| &l.digest == digest).cloned())
    }
    async fn find(&self, org: OrgId, id: ShareLinkId) -> Result<Option<ShareLink>, RepositoryError> {
        Ok(self.tables().links.get(&id).filter(|l| l.org_id == org).cloned())
    }
    async fn list_for_case(&self, org: OrgId, case: CaseId) -> Result<Vec<ShareLink>, RepositoryError> {
        let tables = self.tables();
        let mut links: Vec<ShareLink> =
            tables.links.values().filter(|l| l.org_id == org && l.case_id == case).cloned().collect();
        links.sort_by_key(|l| std::cmp::Reverse((l.created_at, l.id)));
        Ok(links)
    }
    async fn revoke(&self, org: OrgId, id: ShareLinkId, at: OffsetDateTime) -> Result<bool, RepositoryError> {
        let mut tables = self.tables();
        let link = tables.links.get_mut(&id).filter(|l| l.org_id == org && l.revoked_at.is_none());
        Ok(link.map(|l| l.revoked_at = Some(at)).is_some())
    }
    async fn record_view(&self, link: &ShareLink, view: &ShareView) -> Result<bool, RepositoryError> {
        let mut guard = self.tables();
        let tables = &mut *guard;
        let Some(stored) = tables.links.get_mut(&link.id).filter(|l| l.org_id == link.org_id) else {
            return Ok(false);
        };
        if !stored.is_open(view.viewed_at) {
            return Ok(false);
        }
        stored.views += 1;
        tables.views.push(view.clone());
        Ok(true)
    }
    async fn views(&self, org: OrgId, id: ShareLinkId) -> Result<Vec<ShareView>, RepositoryError> {
        let tables = self.tables();
        if tables.links.get(&id).is_none_or(|l| l.org_id != org) {
            return Ok(Vec::new());
        }
        let mut views: Vec<ShareView> = tables.views.iter().filter(|v| v.link_id == id).cloned().collect();
        views.sort_by_key(|v| v.viewed_at);
        Ok(views)
    }
    async fn count_active(&self, org: OrgId, now: OffsetDateTime) -> Result<u64, RepositoryError> {
        let open = self.tables().links.values().filter(|l| l.org_id == org && l.is_open(now)).count();
        Ok(u64::try_from(open).unwrap_or(u64::MAX))
    }
}

#[async_trait::async_trait]
impl SharePermissionRepository for HashMapShareLinks {
    async fn setting(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
    ) -> Result<Option<bool>, RepositoryError> {
        Ok(self.tables().permissions.get(&(org, form, profile)).copied())
    }
    async fn set(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
        allowed: bool,
    ) -> Result<(), RepositoryError> {
        self.tables().permissions.insert((org, form, profile), allowed);
        Ok(())
    }
}

/// What [`demo`] saw.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Views the limited link counted (its maximum is two).
    pub views_counted: u32,
    /// The third visit of the limited link was refused as gone.
    pub third_visit_gone: bool,
    /// The revoked link was refused as gone.
    pub revoked_gone: bool,
    /// Views the store logged.
    pub views_logged: usize,
}

/// Shares the host's case with two views, opens it until refused, then revokes a second link.
///
/// # Errors
/// A message when a step does not go as the demo expects.
pub async fn demo() -> Result<Outcome, String> {
    let host = SharingHost::new().await.map_err(|e| e.to_string())?;
    let store = Arc::new(HashMapShareLinks::default());
    let sharing = SharingService::new(host.ports(store.clone(), store.clone()));
    let share = |max_views| {
        sharing.create(&host.admin, host.case, CreateShareLink { max_views, ..Default::default() })
    };
    let limited = share(Some(2)).await.map_err(|e| e.to_string())?;
    let token = |url: &str| url.rsplit('/').next().unwrap_or_default().to_owned();
    let limited_token = token(limited.url.expose_secret());
    let mut views_counted = 0;
    let third_visit_gone = loop {
        match sharing.confirm(&limited_token, None, ViewerInfo::default()).await {
            Ok(_) => views_counted += 1,
            Err(ShareViewError::Gone { .. }) => break views_counted == 2,
            Err(other) => return Err(other.to_string()),
        }
    };
    let unlimited = share(None).await.map_err(|e| e.to_string())?;
    sharing.revoke(&host.admin, unlimited.link.id).await.map_err(|e| e.to_string())?;
    let revoked = sharing.open(&token(unlimited.url.expose_secret()), ViewerInfo::default()).await;
    Ok(Outcome {
        views_counted,
        third_visit_gone,
        revoked_gone: matches!(revoked, Err(ShareViewError::Gone { .. })),
        views_logged: store.tables().views.len(),
    })
}
