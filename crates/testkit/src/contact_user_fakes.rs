//! In-memory fakes of the contact-user and grant ports: contact users, their links and
//! sessions ([`frontdesk_contacts`]), grants, public-cases rules, and the two read ports the access
//! decision needs (contact users' and cases' facts). Same observable rules as the storage
//! adapter: usernames and contacts unique per organisation, another organisation's records
//! never found, single use of links atomic. Writes apply at once (no rollback), as in
//! [`crate::InMemoryStore`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_access::{
    AccessGrant, AccessGrantRepository, CaseFacts, CaseFactsReader, ContactUserDirectory,
    ContactUserFacts, PublicCasesRule, PublicCasesRuleRepository,
};
use frontdesk_contacts::{
    ContactUser, ContactUserLink, ContactUserLinkRepository, ContactUserRepository,
    ContactUserSession, ContactUserSessionRepository, ContactUserState, Username,
};
use frontdesk_kernel::{
    AccessGrantId, CaseId, ClientId, ContactId, ContactUserId, OrgId, RepositoryError, SessionId,
    StaffUserId, TokenDigest, Uow, Uuid,
};
use time::OffsetDateTime;

use crate::fakes::check_uow;

#[derive(Debug, Default)]
struct State {
    users: BTreeMap<Uuid, ContactUser>,
    links: BTreeMap<Uuid, ContactUserLink>,
    sessions: BTreeMap<Uuid, ContactUserSession>,
    grants: BTreeMap<Uuid, AccessGrant>,
    rules: BTreeMap<(Uuid, Uuid), PublicCasesRule>,
    cases: BTreeMap<(Uuid, Uuid), CaseFacts>,
}

/// An in-memory store of contact users, their links, grants and rules, and of the case
/// facts tests set with [`InMemoryContactUserStore::set_case`]. Clones share the data.
#[derive(Debug, Clone, Default)]
pub struct InMemoryContactUserStore {
    state: Arc<Mutex<State>>,
}

impl InMemoryContactUserStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records (or replaces) what the case reader answers for `facts.case_id`.
    pub fn set_case(&self, facts: CaseFacts) {
        self.state()
            .cases
            .insert((facts.org_id.as_uuid(), facts.case_id.as_uuid()), facts);
    }

    /// Every link stored so far.
    pub fn links(&self) -> Vec<ContactUserLink> {
        self.state().links.values().cloned().collect()
    }

    /// The contact users of `org`, by id (for [`crate::InMemoryPortalUsers`]).
    pub(crate) fn users_of(&self, org: OrgId) -> Vec<ContactUser> {
        self.state()
            .users
            .values()
            .filter(|user| user.org_id == org)
            .cloned()
            .collect()
    }

    /// Revokes `user`'s unrevoked grants and deletes its rule, as
    /// [`frontdesk_contacts::PortalUserDirectory::revoke_access`] does; how many of both.
    pub(crate) fn revoke_all_access(
        &self,
        org: OrgId,
        user: ContactUserId,
        by: StaffUserId,
        at: OffsetDateTime,
    ) -> u64 {
        let mut state = self.state();
        let mut revoked = 0;
        for grant in state.grants.values_mut().filter(|grant| {
            grant.org_id == org && grant.contact_user_id == user && grant.revoked_at.is_none()
        }) {
            grant.revoked_at = Some(at);
            grant.revoked_by = Some(by);
            revoked += 1;
        }
        if state
            .rules
            .remove(&(org.as_uuid(), user.as_uuid()))
            .is_some()
        {
            revoked += 1;
        }
        revoked
    }

    /// Every session stored so far, oldest first.
    pub fn sessions(&self) -> Vec<ContactUserSession> {
        let mut sessions: Vec<_> = self.state().sessions.values().cloned().collect();
        sessions.sort_by_key(|session| (session.created_at, session.id.as_uuid()));
        sessions
    }
}

fn sorted_grants(mut grants: Vec<AccessGrant>) -> Vec<AccessGrant> {
    grants.sort_by_key(|grant| (grant.granted_at, grant.id.as_uuid()));
    grants
}

#[async_trait::async_trait]
impl ContactUserRepository for InMemoryContactUserStore {
    async fn insert(&self, uow: &mut Uow, user: &ContactUser) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.users.contains_key(&user.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        let same_org = || state.users.values().filter(|u| u.org_id == user.org_id);
        if same_org().any(|u| u.username == user.username) {
            return Err(RepositoryError::Conflict("username"));
        }
        if same_org().any(|u| u.contact_id == user.contact_id) {
            return Err(RepositoryError::Conflict("contact"));
        }
        state.users.insert(user.id.as_uuid(), user.clone());
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, user: &ContactUser) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .users
            .values()
            .any(|u| u.org_id == user.org_id && u.id != user.id && u.username == user.username)
        {
            return Err(RepositoryError::Conflict("username"));
        }
        let Some(stored) = state
            .users
            .get_mut(&user.id.as_uuid())
            .filter(|stored| stored.org_id == user.org_id)
        else {
            return Ok(false);
        };
        let (contact_id, created_at) = (stored.contact_id, stored.created_at);
        *stored = ContactUser {
            contact_id,
            created_at,
            ..user.clone()
        };
        Ok(true)
    }

    async fn find(
        &self,
        org: OrgId,
        id: ContactUserId,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        Ok(self
            .state()
            .users
            .get(&id.as_uuid())
            .filter(|u| u.org_id == org)
            .cloned())
    }

    async fn find_by_username(
        &self,
        org: OrgId,
        username: &Username,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        Ok(self
            .state()
            .users
            .values()
            .find(|u| u.org_id == org && &u.username == username)
            .cloned())
    }

    async fn find_by_contact(
        &self,
        org: OrgId,
        contact: ContactId,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        Ok(self
            .state()
            .users
            .values()
            .find(|u| u.org_id == org && u.contact_id == contact)
            .cloned())
    }

    async fn username_taken_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        username: &Username,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        Ok(self
            .state()
            .users
            .values()
            .any(|u| u.org_id == org && &u.username == username))
    }

    async fn list_for_client(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<ContactUser>, RepositoryError> {
        let mut users: Vec<ContactUser> = self
            .state()
            .users
            .values()
            .filter(|u| u.org_id == org && u.client_ids.contains(&client))
            .cloned()
            .collect();
        users.sort_by(|a, b| a.username.cmp(&b.username));
        Ok(users)
    }
}

#[async_trait::async_trait]
impl ContactUserLinkRepository for InMemoryContactUserStore {
    async fn insert(&self, uow: &mut Uow, link: &ContactUserLink) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.links.values().any(|l| l.digest == link.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.links.insert(link.id.as_uuid(), link.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ContactUserLink>, RepositoryError> {
        Ok(self
            .state()
            .links
            .values()
            .find(|l| &l.digest == digest)
            .cloned())
    }

    async fn mark_used(
        &self,
        uow: &mut Uow,
        link: &ContactUserLink,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        match state.links.get_mut(&link.id.as_uuid()) {
            Some(stored) if stored.used_at.is_none() => {
                stored.used_at = Some(at);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn supersede_all(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        check_uow(uow)?;
        let mut count = 0;
        for link in self.state().links.values_mut() {
            if link.org_id == org && link.contact_user_id == user && link.used_at.is_none() {
                link.used_at = Some(at);
                count += 1;
            }
        }
        Ok(count)
    }
}

#[async_trait::async_trait]
impl AccessGrantRepository for InMemoryContactUserStore {
    async fn insert(&self, uow: &mut Uow, grant: &AccessGrant) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.grants.contains_key(&grant.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.grants.insert(grant.id.as_uuid(), grant.clone());
        Ok(())
    }

    async fn find(
        &self,
        org: OrgId,
        id: AccessGrantId,
    ) -> Result<Option<AccessGrant>, RepositoryError> {
        Ok(self
            .state()
            .grants
            .get(&id.as_uuid())
            .filter(|g| g.org_id == org)
            .cloned())
    }

    async fn revoke(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: AccessGrantId,
        by: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        match state.grants.get_mut(&id.as_uuid()) {
            Some(grant) if grant.org_id == org && grant.revoked_at.is_none() => {
                grant.revoked_at = Some(at);
                grant.revoked_by = Some(by);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn active_for_user(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Vec<AccessGrant>, RepositoryError> {
        Ok(sorted_grants(
            self.state()
                .grants
                .values()
                .filter(|g| g.org_id == org && g.contact_user_id == user && g.is_active())
                .cloned()
                .collect(),
        ))
    }

    async fn active_for_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<AccessGrant>, RepositoryError> {
        Ok(sorted_grants(
            self.state()
                .grants
                .values()
                .filter(|g| g.org_id == org && g.case_id == case && g.is_active())
                .cloned()
                .collect(),
        ))
    }
}

#[async_trait::async_trait]
impl PublicCasesRuleRepository for InMemoryContactUserStore {
    async fn upsert(&self, uow: &mut Uow, rule: &PublicCasesRule) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        self.state().rules.insert(
            (rule.org_id.as_uuid(), rule.contact_user_id.as_uuid()),
            rule.clone(),
        );
        Ok(())
    }

    async fn delete(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        Ok(self
            .state()
            .rules
            .remove(&(org.as_uuid(), user.as_uuid()))
            .is_some())
    }

    async fn find(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<PublicCasesRule>, RepositoryError> {
        Ok(self
            .state()
            .rules
            .get(&(org.as_uuid(), user.as_uuid()))
            .cloned())
    }

    async fn for_client(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<PublicCasesRule>, RepositoryError> {
        let state = self.state();
        Ok(state
            .rules
            .values()
            .filter(|rule| {
                rule.org_id == org
                    && state
                        .users
                        .get(&rule.contact_user_id.as_uuid())
                        .is_some_and(|u| {
                            u.client_ids.contains(&client) && u.state != ContactUserState::Removed
                        })
            })
            .cloned()
            .collect())
    }
}

#[async_trait::async_trait]
impl ContactUserDirectory for InMemoryContactUserStore {
    async fn contact_user_facts(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<ContactUserFacts>, RepositoryError> {
        Ok(self
            .state()
            .users
            .get(&user.as_uuid())
            .filter(|u| u.org_id == org && u.state != ContactUserState::Removed)
            .map(ContactUser::facts))
    }
}

#[async_trait::async_trait]
impl CaseFactsReader for InMemoryContactUserStore {
    async fn case_facts(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Option<CaseFacts>, RepositoryError> {
        Ok(self
            .state()
            .cases
            .get(&(org.as_uuid(), case.as_uuid()))
            .copied())
    }

    async fn many_case_facts(
        &self,
        org: OrgId,
        cases: &[CaseId],
    ) -> Result<Vec<CaseFacts>, RepositoryError> {
        let state = self.state();
        Ok(cases
            .iter()
            .filter_map(|case| state.cases.get(&(org.as_uuid(), case.as_uuid())).copied())
            .collect())
    }
}

#[async_trait::async_trait]
impl ContactUserSessionRepository for InMemoryContactUserStore {
    async fn insert(
        &self,
        uow: &mut Uow,
        session: &ContactUserSession,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.sessions.values().any(|s| s.digest == session.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        if state.sessions.contains_key(&session.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.sessions.insert(session.id.as_uuid(), session.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ContactUserSession>, RepositoryError> {
        Ok(self
            .state()
            .sessions
            .values()
            .find(|s| &s.digest == digest)
            .cloned())
    }

    async fn touch(
        &self,
        session: &ContactUserSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        if let Some(stored) = self
            .state()
            .sessions
            .get_mut(&session.id.as_uuid())
            .filter(|s| s.org_id == session.org_id)
        {
            stored.last_seen_at = at;
        }
        Ok(())
    }

    async fn end(
        &self,
        session: &ContactUserSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        if let Some(stored) = self
            .state()
            .sessions
            .get_mut(&session.id.as_uuid())
            .filter(|s| s.org_id == session.org_id && s.ended_at.is_none())
        {
            stored.ended_at = Some(at);
        }
        Ok(())
    }

    async fn end_all_for_user(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
        except: Option<SessionId>,
    ) -> Result<u64, RepositoryError> {
        check_uow(uow)?;
        let mut count = 0;
        for session in self.state().sessions.values_mut() {
            if session.org_id == org
                && session.contact_user_id == user
                && session.ended_at.is_none()
                && Some(session.id) != except
            {
                session.ended_at = Some(at);
                count += 1;
            }
        }
        Ok(count)
    }
}
