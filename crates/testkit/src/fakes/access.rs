//! The access ports over [`InMemoryStore`]: organisations, staff users, API and action
//! tokens, sessions, failed attempts and the audit trail.

use frontdesk_access::{
    ActionToken, ActionTokenRepository, ApiToken, ApiTokenRepository, AttemptCheck, AttemptLog,
    AuditEvent, AuditFilter, AuditLog, OrgSlug, Organisation, OrganisationInitialiser,
    OrganisationRepository, Profile, SessionRepository, StaffSession, StaffUser,
    StaffUserRepository,
};
use frontdesk_access::{ThrottleDecision, ThrottlePolicy};
use frontdesk_kernel::{
    ApiTokenId, EmailAddress, Language, OrgId, Page, PageRequest, RepositoryError, StaffUserId,
    TokenDigest, Uow,
};
use time::OffsetDateTime;

use super::{DEFAULT_FORM_SLUG, FakeForm, InMemoryStore, check_uow};

#[async_trait::async_trait]
impl OrganisationRepository for InMemoryStore {
    async fn insert(&self, uow: &mut Uow, org: &Organisation) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.organisations.contains_key(&org.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state.organisations.values().any(|o| o.slug == org.slug) {
            return Err(RepositoryError::Conflict("slug"));
        }
        state.organisations.insert(org.id.as_uuid(), org.clone());
        Ok(())
    }

    async fn find(&self, id: OrgId) -> Result<Option<Organisation>, RepositoryError> {
        Ok(self.state().organisations.get(&id.as_uuid()).cloned())
    }

    async fn find_by_slug(&self, slug: &OrgSlug) -> Result<Option<Organisation>, RepositoryError> {
        Ok(self
            .state()
            .organisations
            .values()
            .find(|o| &o.slug == slug)
            .cloned())
    }

    async fn update(&self, uow: &mut Uow, org: &Organisation) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let Some(stored) = state.organisations.get_mut(&org.id.as_uuid()) else {
            return Ok(false);
        };
        stored.name = org.name.clone();
        stored.branding = org.branding.clone();
        stored.default_language = org.default_language;
        stored.portal_mode = org.portal_mode;
        stored.registration_enabled = org.registration_enabled;
        stored.lifetimes = org.lifetimes.clone();
        Ok(true)
    }
}

#[async_trait::async_trait]
impl OrganisationInitialiser for InMemoryStore {
    async fn initialise(
        &self,
        uow: &mut Uow,
        org: &Organisation,
    ) -> Result<String, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .forms
            .iter()
            .any(|form| form.org_id == org.id && form.slug == DEFAULT_FORM_SLUG)
        {
            return Err(RepositoryError::Conflict("form"));
        }
        state.forms.push(FakeForm {
            org_id: org.id,
            slug: DEFAULT_FORM_SLUG.to_owned(),
            name: "Contact".to_owned(),
        });
        Ok(DEFAULT_FORM_SLUG.to_owned())
    }
}

#[async_trait::async_trait]
impl StaffUserRepository for InMemoryStore {
    async fn insert(&self, uow: &mut Uow, user: &StaffUser) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.staff.contains_key(&user.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        let email = user.email.normalised();
        if state
            .staff
            .values()
            .any(|u| u.org_id == user.org_id && u.email.normalised() == email)
        {
            return Err(RepositoryError::Conflict("email"));
        }
        state.staff.insert(user.id.as_uuid(), user.clone());
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, user: &StaffUser) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if let Some(stored) = state
            .staff
            .get_mut(&user.id.as_uuid())
            .filter(|stored| stored.org_id == user.org_id)
        {
            stored.profiles.clone_from(&user.profiles);
            stored.disabled = user.disabled;
            stored.password_hash.clone_from(&user.password_hash);
            stored.updated_at = user.updated_at;
        }
        Ok(())
    }

    async fn set_language(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: StaffUserId,
        language: Option<Language>,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let Some(stored) = state
            .staff
            .get_mut(&id.as_uuid())
            .filter(|stored| stored.org_id == org)
        else {
            return Ok(false);
        };
        stored.language = language;
        stored.updated_at = at;
        Ok(true)
    }

    async fn find(
        &self,
        org: OrgId,
        id: StaffUserId,
    ) -> Result<Option<StaffUser>, RepositoryError> {
        Ok(self
            .state()
            .staff
            .get(&id.as_uuid())
            .filter(|u| u.org_id == org)
            .cloned())
    }

    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<StaffUser>, RepositoryError> {
        let email = email.normalised();
        Ok(self
            .state()
            .staff
            .values()
            .find(|u| u.org_id == org && u.email.normalised() == email)
            .cloned())
    }

    async fn list(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<StaffUser>, RepositoryError> {
        let items = self
            .state()
            .staff
            .values()
            .filter(|u| u.org_id == org && page.after.is_none_or(|after| u.id.as_uuid() > after))
            .take(page.limit as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |u| u.id.as_uuid()))
    }

    async fn count_active_admins(&self, org: OrgId) -> Result<u64, RepositoryError> {
        let count = self
            .state()
            .staff
            .values()
            .filter(|u| u.org_id == org && !u.disabled && u.profiles.contains(Profile::Admin))
            .count();
        Ok(count as u64)
    }

    async fn count_active_admins_locked(
        &self,
        uow: &mut Uow,
        org: OrgId,
    ) -> Result<u64, RepositoryError> {
        check_uow(uow)?;
        self.count_active_admins(org).await
    }
}

#[async_trait::async_trait]
impl ApiTokenRepository for InMemoryStore {
    async fn insert(&self, uow: &mut Uow, token: &ApiToken) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.api_tokens.contains_key(&token.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state.api_tokens.values().any(|t| t.digest == token.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.api_tokens.insert(token.id.as_uuid(), token.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ApiToken>, RepositoryError> {
        Ok(self
            .state()
            .api_tokens
            .values()
            .find(|t| &t.digest == digest)
            .cloned())
    }

    async fn find(&self, org: OrgId, id: ApiTokenId) -> Result<Option<ApiToken>, RepositoryError> {
        Ok(self
            .state()
            .api_tokens
            .get(&id.as_uuid())
            .filter(|t| t.org_id == org)
            .cloned())
    }

    async fn list_for_user(
        &self,
        org: OrgId,
        user: StaffUserId,
    ) -> Result<Vec<ApiToken>, RepositoryError> {
        let mut tokens: Vec<ApiToken> = self
            .state()
            .api_tokens
            .values()
            .filter(|t| t.org_id == org && t.user_id == user)
            .cloned()
            .collect();
        tokens.sort_by_key(|token| std::cmp::Reverse((token.created_at, token.id.as_uuid())));
        Ok(tokens)
    }

    async fn revoke(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: ApiTokenId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        match state
            .api_tokens
            .get_mut(&id.as_uuid())
            .filter(|t| t.org_id == org && t.revoked_at.is_none())
        {
            Some(token) => {
                token.revoked_at = Some(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

#[async_trait::async_trait]
impl ActionTokenRepository for InMemoryStore {
    async fn insert(&self, uow: &mut Uow, token: &ActionToken) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.action_tokens.contains_key(&token.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state
            .action_tokens
            .values()
            .any(|t| t.digest == token.digest)
        {
            return Err(RepositoryError::Conflict("digest"));
        }
        state
            .action_tokens
            .insert(token.id.as_uuid(), token.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ActionToken>, RepositoryError> {
        Ok(self
            .state()
            .action_tokens
            .values()
            .find(|t| &t.digest == digest)
            .cloned())
    }

    async fn mark_used(
        &self,
        uow: &mut Uow,
        token: &ActionToken,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        match state
            .action_tokens
            .get_mut(&token.id.as_uuid())
            .filter(|t| t.org_id == token.org_id && t.used_at.is_none())
        {
            Some(stored) => {
                stored.used_at = Some(at);
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

#[async_trait::async_trait]
impl SessionRepository for InMemoryStore {
    async fn insert(&self, session: &StaffSession) -> Result<(), RepositoryError> {
        let mut state = self.state();
        if state.sessions.contains_key(&session.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state.sessions.values().any(|s| s.digest == session.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.sessions.insert(session.id.as_uuid(), session.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<StaffSession>, RepositoryError> {
        Ok(self
            .state()
            .sessions
            .values()
            .find(|s| &s.digest == digest)
            .cloned())
    }

    async fn touch(
        &self,
        session: &StaffSession,
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

    async fn end(&self, session: &StaffSession, at: OffsetDateTime) -> Result<(), RepositoryError> {
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
        org: OrgId,
        user: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let mut ended = 0;
        for session in self
            .state()
            .sessions
            .values_mut()
            .filter(|s| s.org_id == org && s.user_id == user && s.ended_at.is_none())
        {
            session.ended_at = Some(at);
            ended += 1;
        }
        Ok(ended)
    }
}

#[async_trait::async_trait]
impl AttemptLog for InMemoryStore {
    async fn record_failure(&self, key: &str, at: OffsetDateTime) -> Result<(), RepositoryError> {
        self.state().failures.push((key.to_owned(), at));
        Ok(())
    }

    async fn failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> Result<Vec<OffsetDateTime>, RepositoryError> {
        let mut times: Vec<OffsetDateTime> = self
            .state()
            .failures
            .iter()
            .filter(|(k, at)| k == key && *at > since)
            .map(|(_, at)| *at)
            .collect();
        times.sort();
        Ok(times)
    }

    async fn clear(&self, key: &str) -> Result<(), RepositoryError> {
        self.state().failures.retain(|(k, _)| k != key);
        Ok(())
    }

    /// The check and the record happen under one lock of the store's state.
    async fn try_record(
        &self,
        key: &str,
        policy: ThrottlePolicy,
        at: OffsetDateTime,
    ) -> Result<AttemptCheck, RepositoryError> {
        let mut state = self.state();
        let since = policy.window_start(at);
        let failures: Vec<OffsetDateTime> = state
            .failures
            .iter()
            .filter(|(k, when)| k == key && *when > since)
            .map(|(_, when)| (*when).min(at))
            .collect();
        Ok(match policy.decide(at, &failures) {
            ThrottleDecision::Allow => {
                state.failures.push((key.to_owned(), at));
                AttemptCheck::Recorded
            }
            ThrottleDecision::Refuse {
                retry_after_seconds,
            } => AttemptCheck::Refused {
                retry_after_seconds,
            },
        })
    }

    async fn withdraw(&self, key: &str, at: OffsetDateTime) -> Result<(), RepositoryError> {
        let mut state = self.state();
        if let Some(index) = state
            .failures
            .iter()
            .rposition(|(k, when)| k == key && *when == at)
        {
            state.failures.remove(index);
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl AuditLog for InMemoryStore {
    async fn record(&self, uow: &mut Uow, event: &AuditEvent) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        self.state().audit.push(event.clone());
        Ok(())
    }

    async fn list(
        &self,
        org: OrgId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, RepositoryError> {
        let state = self.state();
        let mut events: Vec<&AuditEvent> = state
            .audit
            .iter()
            .filter(|event| event.org_id == Some(org) && filter.matches(event))
            .collect();
        // Newest first: by time, then by id, as the storage adapter orders them.
        events.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| b.id.cmp(&a.id)));
        let start = match page.after {
            None => 0,
            Some(after) => {
                let Some(cursor) = state
                    .audit
                    .iter()
                    .find(|event| event.id.as_uuid() == after && event.org_id == Some(org))
                else {
                    return Ok(Page {
                        items: Vec::new(),
                        next_after: None,
                    });
                };
                events
                    .iter()
                    .position(|event| (event.at, event.id) < (cursor.at, cursor.id))
                    .unwrap_or(events.len())
            }
        };
        let items = events
            .into_iter()
            .skip(start)
            .take(page.limit as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |event| {
            event.id.as_uuid()
        }))
    }
}
