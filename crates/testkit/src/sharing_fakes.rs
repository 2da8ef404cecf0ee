//! In-memory fakes of the sharing ports, and [`sharing_ports`] to wire a
//! [`frontdesk_sharing::SharingService`] over them, an [`InMemoryStore`] and an
//! [`InMemoryCasesStore`].
//!
//! Same semantics as the storage adapter where tests can observe them: lookups by id scoped
//! to one organisation, unique ids and digests, and [`ShareLinkRepository::record_view`]
//! counting a view only while the link has views left — checked and counted under one lock,
//! so concurrent calls never exceed the maximum. Like [`InMemoryStore`], nothing rolls back.

use crate::fakes::check_uow;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_access::Profile;
use frontdesk_kernel::{
    CaseId, Clock, FormId, IdGenerator, OrgId, PasswordHasher, RepositoryError, ShareLinkId,
    TokenDigest, TokenSource, Uow, Uuid,
};
use frontdesk_messaging::{MessagingPorts, MessagingService, RecipientLimits};
use frontdesk_sharing::{
    ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView, SharingPorts,
};
use time::OffsetDateTime;

use crate::{BlankTemplateEngine, InMemoryCasesStore, InMemoryStore, composed_views};

#[derive(Debug, Default)]
struct SharingState {
    links: BTreeMap<Uuid, ShareLink>,
    views: Vec<(OrgId, ShareView)>,
    permissions: HashMap<(OrgId, FormId, Profile), bool>,
}

/// An in-memory store implementing [`ShareLinkRepository`] and [`SharePermissionRepository`].
/// Clones share the same data. Writes taking a unit of work accept only
/// [`crate::InMemoryUnitOfWork`], as the storage adapter accepts only its own.
#[derive(Debug, Clone, Default)]
pub struct InMemorySharingStore {
    state: Arc<Mutex<SharingState>>,
}

impl InMemorySharingStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, SharingState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every link stored, in every organisation, by id.
    pub fn links(&self) -> Vec<ShareLink> {
        self.state().links.values().cloned().collect()
    }

    /// Every view logged, in every organisation, oldest first.
    pub fn all_views(&self) -> Vec<ShareView> {
        self.state()
            .views
            .iter()
            .map(|(_, view)| view.clone())
            .collect()
    }
}

/// Refuses units of work that did not come from an [`InMemoryStore`].
#[async_trait::async_trait]
impl ShareLinkRepository for InMemorySharingStore {
    async fn insert(&self, uow: &mut Uow, link: &ShareLink) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.links.contains_key(&link.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state.links.values().any(|l| l.digest == link.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.links.insert(link.id.as_uuid(), link.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ShareLink>, RepositoryError> {
        Ok(self
            .state()
            .links
            .values()
            .find(|l| &l.digest == digest)
            .cloned())
    }

    async fn find(
        &self,
        org: OrgId,
        id: ShareLinkId,
    ) -> Result<Option<ShareLink>, RepositoryError> {
        Ok(self
            .state()
            .links
            .get(&id.as_uuid())
            .filter(|l| l.org_id == org)
            .cloned())
    }

    async fn list_for_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ShareLink>, RepositoryError> {
        let mut links: Vec<ShareLink> = self
            .state()
            .links
            .values()
            .filter(|l| l.org_id == org && l.case_id == case)
            .cloned()
            .collect();
        // Newest first; ids (UUID v7) break ties in creation order.
        links.sort_by(|a, b| {
            b.created_at
                .cmp(&a.created_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        Ok(links)
    }

    async fn revoke(
        &self,
        org: OrgId,
        id: ShareLinkId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let mut state = self.state();
        match state
            .links
            .get_mut(&id.as_uuid())
            .filter(|l| l.org_id == org && l.revoked_at.is_none())
        {
            Some(link) => {
                link.revoked_at = Some(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    async fn record_view(
        &self,
        link: &ShareLink,
        view: &ShareView,
    ) -> Result<bool, RepositoryError> {
        if view.link_id != link.id {
            return Err(RepositoryError::Corrupt(format!(
                "a view of {} recorded on link {}",
                view.link_id, link.id
            )));
        }
        let mut state = self.state();
        let Some(stored) = state
            .links
            .get_mut(&link.id.as_uuid())
            .filter(|l| l.org_id == link.org_id)
        else {
            return Ok(false);
        };
        if stored.max_views.is_some_and(|max| stored.views >= max)
            || stored.revoked_at.is_some()
            || view.viewed_at >= stored.expires_at
        {
            return Ok(false);
        }
        stored.views += 1;
        let org = stored.org_id;
        state.views.push((org, view.clone()));
        Ok(true)
    }

    async fn views(&self, org: OrgId, id: ShareLinkId) -> Result<Vec<ShareView>, RepositoryError> {
        let mut views: Vec<ShareView> = self
            .state()
            .views
            .iter()
            .filter(|(o, v)| *o == org && v.link_id == id)
            .map(|(_, v)| v.clone())
            .collect();
        views.sort_by_key(|v| v.viewed_at);
        Ok(views)
    }
    async fn count_active(&self, org: OrgId, now: OffsetDateTime) -> Result<u64, RepositoryError> {
        let open = self
            .state()
            .links
            .values()
            .filter(|link| link.org_id == org && link.is_open(now))
            .count();
        Ok(u64::try_from(open).unwrap_or(u64::MAX))
    }
}

#[async_trait::async_trait]
impl SharePermissionRepository for InMemorySharingStore {
    async fn setting(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
    ) -> Result<Option<bool>, RepositoryError> {
        Ok(self.state().permissions.get(&(org, form, profile)).copied())
    }

    async fn set(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
        allowed: bool,
    ) -> Result<(), RepositoryError> {
        self.state()
            .permissions
            .insert((org, form, profile), allowed);
        Ok(())
    }
}

/// [`SharingPorts`] over `store` (transactions, organisations, attempt log, outbox,
/// templates), `cases` (cases, forms, timeline) and `sharing` (links, views, permissions),
/// with the default recipient limits, a [`BlankTemplateEngine`] and [`crate::PathLinks`].
pub fn sharing_ports(
    store: &InMemoryStore,
    cases: &InMemoryCasesStore,
    sharing: &InMemorySharingStore,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
    tokens: Arc<dyn TokenSource>,
    ids: Arc<dyn IdGenerator>,
) -> SharingPorts {
    let store = Arc::new(store.clone());
    let cases = Arc::new(cases.clone());
    let sharing = Arc::new(sharing.clone());
    let messaging = MessagingService::new(
        MessagingPorts {
            transactions: store.clone(),
            outbox: store.clone(),
            templates: store.clone(),
            engine: Arc::new(BlankTemplateEngine),
            organisations: store.clone(),
            clock: clock.clone(),
            ids: ids.clone(),
        },
        RecipientLimits::default(),
    );
    SharingPorts {
        transactions: store.clone(),
        share_links: sharing.clone(),
        permissions: sharing,
        cases: cases.clone(),
        forms: cases.clone(),
        views: composed_views(&store, &cases),
        timeline: cases,
        attempts: store.clone(),
        audit: store,
        hasher,
        mail: Arc::new(messaging),
        links: Arc::new(crate::PathLinks),
        clock,
        tokens,
        ids,
    }
}
