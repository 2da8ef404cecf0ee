//! In-memory fakes of [`RegistrationLinkRepository`] and [`PendingSignUpRepository`], and
//! [`registration_ports`] to wire a
//! [`frontdesk_registration::RegistrationService`] over it, an [`InMemoryStore`] and an
//! [`InMemoryCasesStore`].
//!
//! Same semantics as the storage adapter where tests can observe them: lookups by id scoped
//! to one organisation, unique ids and digests, pages by id, and
//! [`RegistrationLinkRepository::record_use`] counting a use only while the link is open —
//! checked and counted under one lock, so concurrent calls never exceed the maximum. Like
//! [`InMemoryStore`], nothing rolls back.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_kernel::{
    ActionTokenId, Clock, ContactUserId, IdGenerator, OrgId, Page, PageRequest, RegistrationLinkId,
    RepositoryError, TokenDigest, TokenSource, Uow, Uuid,
};
use frontdesk_messaging::{MessagingPorts, MessagingService, RecipientLimits};
use frontdesk_registration::{
    PendingSignUp, PendingSignUpRepository, RegistrationLink, RegistrationLinkRepository,
    RegistrationPorts, RegistrationUse,
};
use time::OffsetDateTime;

use crate::fakes::check_uow;
use crate::{BlankTemplateEngine, InMemoryCasesStore, InMemoryContactUserStore, InMemoryStore};

#[derive(Debug, Default)]
struct RegistrationState {
    links: BTreeMap<Uuid, RegistrationLink>,
    uses: Vec<(OrgId, RegistrationUse)>,
}

/// An in-memory store implementing [`RegistrationLinkRepository`]. Clones share the same
/// data. Writes taking a unit of work accept only [`crate::InMemoryUnitOfWork`].
#[derive(Debug, Clone, Default)]
pub struct InMemoryRegistrationStore {
    state: Arc<Mutex<RegistrationState>>,
}

impl InMemoryRegistrationStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, RegistrationState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every link stored, in every organisation, by id.
    pub fn links(&self) -> Vec<RegistrationLink> {
        self.state().links.values().cloned().collect()
    }
}

#[async_trait::async_trait]
impl RegistrationLinkRepository for InMemoryRegistrationStore {
    async fn insert(&self, uow: &mut Uow, link: &RegistrationLink) -> Result<(), RepositoryError> {
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

    async fn find(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
    ) -> Result<Option<RegistrationLink>, RepositoryError> {
        Ok(self
            .state()
            .links
            .get(&id.as_uuid())
            .filter(|l| l.org_id == org)
            .cloned())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<RegistrationLink>, RepositoryError> {
        Ok(self
            .state()
            .links
            .values()
            .find(|l| &l.digest == digest)
            .cloned())
    }

    async fn list(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<RegistrationLink>, RepositoryError> {
        let items: Vec<RegistrationLink> = self
            .state()
            .links
            .values()
            .filter(|l| l.org_id == org)
            .filter(|l| page.after.is_none_or(|after| l.id.as_uuid() > after))
            .take(page.limit as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |l| l.id.as_uuid()))
    }

    async fn revoke(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
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

    async fn record_use(
        &self,
        uow: &mut Uow,
        link: &RegistrationLink,
        used: &RegistrationUse,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        if used.link_id != link.id {
            return Err(RepositoryError::Corrupt(format!(
                "a use of {} recorded on link {}",
                used.link_id, link.id
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
        if stored.max_uses.is_some_and(|max| stored.uses >= max)
            || stored.revoked_at.is_some()
            || used.at >= stored.expires_at
        {
            return Ok(false);
        }
        stored.uses += 1;
        let org = stored.org_id;
        state.uses.push((org, used.clone()));
        Ok(true)
    }

    async fn list_uses(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
    ) -> Result<Vec<RegistrationUse>, RepositoryError> {
        Ok(self
            .state()
            .uses
            .iter()
            .filter(|(o, used)| *o == org && used.link_id == id)
            .map(|(_, used)| used.clone())
            .collect())
    }
}

/// An in-memory [`PendingSignUpRepository`] over the contact users' links of `users` (a
/// user's sign-ups are those whose activation link is one of the user's, as the database
/// joins them). Clones share the data; nothing rolls back.
#[derive(Debug, Clone, Default)]
pub struct InMemoryPendingSignUps {
    pending: Arc<Mutex<BTreeMap<Uuid, PendingSignUp>>>,
    users: InMemoryContactUserStore,
}

impl InMemoryPendingSignUps {
    /// An empty store whose users' links are `users`'.
    pub fn new(users: &InMemoryContactUserStore) -> Self {
        Self {
            pending: Arc::default(),
            users: users.clone(),
        }
    }

    fn pending(&self) -> MutexGuard<'_, BTreeMap<Uuid, PendingSignUp>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl PendingSignUpRepository for InMemoryPendingSignUps {
    async fn insert(&self, uow: &mut Uow, pending: &PendingSignUp) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut stored = self.pending();
        if stored.contains_key(&pending.activation_id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        stored.insert(pending.activation_id.as_uuid(), *pending);
        Ok(())
    }

    async fn link_of(
        &self,
        org: OrgId,
        activation: ActionTokenId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        Ok(self
            .pending()
            .get(&activation.as_uuid())
            .filter(|pending| pending.org_id == org)
            .map(|pending| pending.link_id))
    }

    async fn link_of_user(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        let links: Vec<Uuid> = self
            .users
            .links()
            .into_iter()
            .filter(|link| link.org_id == org && link.contact_user_id == user)
            .map(|link| link.id.as_uuid())
            .collect();
        Ok(self
            .pending()
            .values()
            .filter(|pending| {
                pending.org_id == org && links.contains(&pending.activation_id.as_uuid())
            })
            .max_by_key(|pending| (pending.created_at, pending.activation_id.as_uuid()))
            .map(|pending| pending.link_id))
    }
}

/// [`RegistrationPorts`] over `store` (transactions, organisations, audit, outbox,
/// templates), `cases` (clients, forms) and `registration` (links, uses), with the default
/// recipient limits, a [`BlankTemplateEngine`] and [`crate::PathLinks`].
pub fn registration_ports(
    store: &InMemoryStore,
    cases: &InMemoryCasesStore,
    registration: &InMemoryRegistrationStore,
    clock: Arc<dyn Clock>,
    tokens: Arc<dyn TokenSource>,
    ids: Arc<dyn IdGenerator>,
) -> RegistrationPorts {
    let store = Arc::new(store.clone());
    let cases = Arc::new(cases.clone());
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
    RegistrationPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        links: Arc::new(registration.clone()),
        clients: cases.clone(),
        forms: cases,
        audit: store,
        mail: Arc::new(messaging),
        public_links: Arc::new(crate::PathLinks),
        clock,
        tokens,
        ids,
    }
}
