//! In-memory fakes of the access and messaging ports, with the same observable semantics as
//! the storage adapter (uniqueness conflicts, tenant scoping, atomic single use, id-ordered
//! pages, leased outbox claims).
//!
//! Fakes do **not** roll back: a unit of work buffers nothing, every write applies at once,
//! and dropping a unit of work without committing leaves the writes in place. Tests that need
//! rollback semantics must run against a real database.

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_access::{
    AccessPorts, ActionToken, ActionTokenRepository, ApiToken, ApiTokenRepository, AttemptLog,
    AuditEvent, AuditLog, OrgSlug, Organisation, OrganisationInitialiser, OrganisationRepository,
    Profile, SessionRepository, StaffSession, StaffUser, StaffUserRepository,
};
use frontdesk_kernel::{
    ApiTokenId, Clock, EmailAddress, IdGenerator, NewPassword, OrgId, Page, PageRequest,
    PasswordHash, PasswordHasher, PasswordHashingError, PasswordVerification, RepositoryError,
    StaffUserId, TokenDigest, TokenSource, TransactionRunner, UnitOfWork, Uow, Uuid,
};
use frontdesk_kernel::{CaptchaReplayStore, Language, MessageId};
use frontdesk_messaging::{
    ClaimedMessage, DeadMessage, MailTemplate, MessageState, OutboundMessage, Outbox, TemplateKind,
    TemplateStore,
};
use secrecy::{ExposeSecret, SecretString};
use time::OffsetDateTime;

/// The slug of the form every organisation starts with.
pub const DEFAULT_FORM_SLUG: &str = "contact";

/// A form row as the fake keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FakeForm {
    /// The organisation.
    pub org_id: OrgId,
    /// The form's URL name.
    pub slug: String,
    /// The form's display name.
    pub name: String,
}

#[derive(Debug, Default)]
struct State {
    organisations: BTreeMap<Uuid, Organisation>,
    forms: Vec<FakeForm>,
    staff: BTreeMap<Uuid, StaffUser>,
    api_tokens: BTreeMap<Uuid, ApiToken>,
    action_tokens: BTreeMap<Uuid, ActionToken>,
    sessions: BTreeMap<Uuid, StaffSession>,
    failures: Vec<(String, OffsetDateTime)>,
    audit: Vec<AuditEvent>,
    outbox: BTreeMap<Uuid, OutboxRow>,
    templates: HashMap<(OrgId, TemplateKind, Language), MailTemplate>,
    replays: HashMap<[u8; 32], OffsetDateTime>,
}

/// An outbox message as the fake keeps it.
#[derive(Debug, Clone)]
struct OutboxRow {
    message: OutboundMessage,
    state: MessageState,
    attempts: u32,
    available_at: OffsetDateTime,
    lease_owner: Option<String>,
    lease_until: Option<OffsetDateTime>,
    last_error: Option<String>,
}

impl OutboxRow {
    fn due(&self, now: OffsetDateTime) -> bool {
        match self.state {
            MessageState::Pending => self.available_at <= now,
            MessageState::Sending => self.lease_until.is_some_and(|until| until < now),
            MessageState::Sent | MessageState::Dead => false,
        }
    }

    fn leased_to(&self, worker: &str) -> bool {
        self.state == MessageState::Sending && self.lease_owner.as_deref() == Some(worker)
    }
}

/// Most characters of a failure the outbox keeps, as the storage adapter does.
const MAX_ERROR_CHARS: usize = 1_000;

/// An in-memory store implementing every access port and [`TransactionRunner`].
/// Clones share the same data.
#[derive(Debug, Clone, Default)]
pub struct InMemoryStore {
    state: Arc<Mutex<State>>,
}

impl InMemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every audit event recorded so far, oldest first.
    pub fn audit_events(&self) -> Vec<AuditEvent> {
        self.state().audit.clone()
    }

    /// How many outbox messages are in `state`.
    pub fn outbox_count(&self, state: MessageState) -> usize {
        self.state()
            .outbox
            .values()
            .filter(|row| row.state == state)
            .count()
    }

    /// The forms of `org`, in creation order.
    pub fn forms(&self, org: OrgId) -> Vec<FakeForm> {
        self.state()
            .forms
            .iter()
            .filter(|form| form.org_id == org)
            .cloned()
            .collect()
    }
}

/// The fake's unit of work: buffers nothing, and committing does nothing.
#[derive(Debug, Default)]
pub struct InMemoryUnitOfWork;

#[async_trait::async_trait]
impl UnitOfWork for InMemoryUnitOfWork {
    fn as_any(&mut self) -> &mut (dyn Any + Send) {
        self
    }

    async fn commit(self: Box<Self>) -> Result<(), RepositoryError> {
        Ok(())
    }
}

/// Refuses units of work that did not come from an [`InMemoryStore`], as the real adapter does.
/// Accepts only this testkit's own unit of work, as a real adapter accepts only its own.
pub(crate) fn check_uow(uow: &mut Uow) -> Result<(), RepositoryError> {
    if uow.as_any().downcast_mut::<InMemoryUnitOfWork>().is_some() {
        Ok(())
    } else {
        Err(RepositoryError::Corrupt("foreign unit of work".to_owned()))
    }
}

#[async_trait::async_trait]
impl TransactionRunner for InMemoryStore {
    async fn begin(&self) -> Result<Box<dyn UnitOfWork>, RepositoryError> {
        Ok(Box::new(InMemoryUnitOfWork))
    }
}

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
}

#[async_trait::async_trait]
impl AuditLog for InMemoryStore {
    async fn record(&self, uow: &mut Uow, event: &AuditEvent) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        self.state().audit.push(event.clone());
        Ok(())
    }
}

#[async_trait::async_trait]
impl Outbox for InMemoryStore {
    async fn enqueue(
        &self,
        uow: &mut Uow,
        message: &OutboundMessage,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.outbox.contains_key(&message.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.outbox.insert(
            message.id.as_uuid(),
            OutboxRow {
                message: message.clone(),
                state: MessageState::Pending,
                attempts: 0,
                available_at: message.created_at,
                lease_owner: None,
                lease_until: None,
                last_error: None,
            },
        );
        Ok(())
    }

    async fn count_recent(
        &self,
        to: &EmailAddress,
        kind: Option<TemplateKind>,
        since: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let to = to.normalised();
        let count = self
            .state()
            .outbox
            .values()
            .filter(|row| row.message.to.normalised() == to)
            .filter(|row| kind.is_none_or(|kind| row.message.kind == kind))
            .filter(|row| row.message.created_at > since)
            .count();
        Ok(u64::try_from(count).unwrap_or(u64::MAX))
    }

    async fn claim(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, RepositoryError> {
        let mut state = self.state();
        let mut due: Vec<(OffsetDateTime, Uuid)> = state
            .outbox
            .iter()
            .filter(|(_, row)| row.due(now))
            .map(|(id, row)| (row.available_at, *id))
            .collect();
        due.sort();
        due.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let mut claimed = Vec::with_capacity(due.len());
        for (_, id) in due {
            if let Some(row) = state.outbox.get_mut(&id) {
                row.state = MessageState::Sending;
                row.lease_owner = Some(worker.to_owned());
                row.lease_until = Some(lease_until);
                row.attempts += 1;
                claimed.push(ClaimedMessage {
                    message: row.message.clone(),
                    attempt: row.attempts,
                });
            }
        }
        Ok(claimed)
    }

    async fn mark_sent(
        &self,
        id: MessageId,
        worker: &str,
        _at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let mut state = self.state();
        let Some(row) = state
            .outbox
            .get_mut(&id.as_uuid())
            .filter(|row| row.leased_to(worker))
        else {
            return Ok(false);
        };
        row.state = MessageState::Sent;
        row.lease_until = None;
        Ok(true)
    }

    async fn mark_failed(
        &self,
        id: MessageId,
        worker: &str,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<bool, RepositoryError> {
        let mut state = self.state();
        let Some(row) = state
            .outbox
            .get_mut(&id.as_uuid())
            .filter(|row| row.leased_to(worker))
        else {
            return Ok(false);
        };
        row.lease_owner = None;
        row.lease_until = None;
        row.last_error = Some(error.chars().take(MAX_ERROR_CHARS).collect());
        if let Some(at) = retry_at {
            row.state = MessageState::Pending;
            row.available_at = at;
        } else {
            row.state = MessageState::Dead;
        }
        Ok(true)
    }

    async fn list_dead(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<DeadMessage>, RepositoryError> {
        let dead: Vec<DeadMessage> = self
            .state()
            .outbox
            .iter()
            .filter(|(id, row)| {
                row.message.org_id == org
                    && row.state == MessageState::Dead
                    && page.after.is_none_or(|after| **id > after)
            })
            .take(page.limit as usize + 1)
            .map(|(_, row)| DeadMessage {
                message: row.message.clone(),
                attempts: row.attempts,
                last_error: row.last_error.clone(),
            })
            .collect();
        Ok(Page::from_overfetch(dead, page, |dead| {
            dead.message.id.as_uuid()
        }))
    }

    async fn requeue_dead(
        &self,
        org: OrgId,
        id: MessageId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let mut state = self.state();
        let Some(row) = state
            .outbox
            .get_mut(&id.as_uuid())
            .filter(|row| row.message.org_id == org && row.state == MessageState::Dead)
        else {
            return Ok(false);
        };
        row.state = MessageState::Pending;
        row.attempts = 0;
        row.available_at = at;
        Ok(true)
    }
}

#[async_trait::async_trait]
impl TemplateStore for InMemoryStore {
    async fn find(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<Option<MailTemplate>, RepositoryError> {
        Ok(self.state().templates.get(&(org, kind, language)).cloned())
    }

    async fn save(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
        template: &MailTemplate,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        self.state()
            .templates
            .insert((org, kind, language), template.clone());
        Ok(())
    }

    async fn delete(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<bool, RepositoryError> {
        Ok(self
            .state()
            .templates
            .remove(&(org, kind, language))
            .is_some())
    }
}

/// Expiry is judged against the wall clock, as the storage adapter does (the port passes
/// no time).
#[async_trait::async_trait]
impl CaptchaReplayStore for InMemoryStore {
    async fn first_use(
        &self,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let now = OffsetDateTime::now_utc();
        let mut state = self.state();
        state.replays.retain(|_, until| *until > now);
        if state.replays.contains_key(key) {
            return Ok(false);
        }
        state.replays.insert(*key, expires_at);
        Ok(true)
    }
}

/// [`AccessPorts`] whose storage ports are all `store`.
pub fn access_ports(
    store: &InMemoryStore,
    hasher: Arc<dyn PasswordHasher>,
    clock: Arc<dyn Clock>,
    tokens: Arc<dyn TokenSource>,
    ids: Arc<dyn IdGenerator>,
) -> AccessPorts {
    let store = Arc::new(store.clone());
    AccessPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        initialiser: store.clone(),
        staff: store.clone(),
        api_tokens: store.clone(),
        action_tokens: store.clone(),
        sessions: store.clone(),
        attempts: store.clone(),
        audit: store,
        hasher,
        clock,
        tokens,
        ids,
    }
}

/// A [`PasswordHasher`] that costs nothing: the "hash" is `fake$` followed by the password.
/// [`FakeHasher::set_busy`] makes every call fail with [`PasswordHashingError::Busy`].
#[derive(Debug, Default)]
pub struct FakeHasher {
    busy: AtomicBool,
}

impl FakeHasher {
    /// A hasher that answers every call.
    pub fn new() -> Self {
        Self::default()
    }

    /// While `busy`, every call fails with [`PasswordHashingError::Busy`].
    pub fn set_busy(&self, busy: bool) {
        self.busy.store(busy, Ordering::SeqCst);
    }

    /// The hash this fake stores for `password`.
    pub fn hash_of(password: &str) -> PasswordHash {
        PasswordHash::from_phc(format!("fake${password}"))
    }

    fn check_busy(&self) -> Result<(), PasswordHashingError> {
        if self.busy.load(Ordering::SeqCst) {
            Err(PasswordHashingError::Busy)
        } else {
            Ok(())
        }
    }
}

#[async_trait::async_trait]
impl PasswordHasher for FakeHasher {
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, PasswordHashingError> {
        self.check_busy()?;
        Ok(Self::hash_of(password.expose()))
    }

    async fn verify(
        &self,
        candidate: &SecretString,
        hash: Option<PasswordHash>,
    ) -> Result<PasswordVerification, PasswordHashingError> {
        self.check_busy()?;
        let matches = hash.is_some_and(|hash| hash == Self::hash_of(candidate.expose_secret()));
        Ok(if matches {
            PasswordVerification::Match
        } else {
            PasswordVerification::Mismatch
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_fake_hasher_matches_only_its_own_hash_and_can_be_busy() {
        let hasher = FakeHasher::new();
        let password = NewPassword::parse(SecretString::from("correct horse battery")).unwrap();
        let hash = hasher.hash(&password).await.unwrap();
        let right = SecretString::from("correct horse battery");
        let wrong = SecretString::from("wrong horse battery");
        assert_eq!(
            hasher.verify(&right, Some(hash.clone())).await,
            Ok(PasswordVerification::Match)
        );
        assert_eq!(
            hasher.verify(&wrong, Some(hash.clone())).await,
            Ok(PasswordVerification::Mismatch)
        );
        assert_eq!(
            hasher.verify(&right, None).await,
            Ok(PasswordVerification::Mismatch)
        );
        hasher.set_busy(true);
        assert_eq!(
            hasher.verify(&right, Some(hash.clone())).await,
            Err(PasswordHashingError::Busy)
        );
        assert_eq!(
            hasher.hash(&password).await,
            Err(PasswordHashingError::Busy)
        );
    }
}
