//! In-memory fakes of the access and messaging ports, with the same observable semantics as
//! the storage adapter (uniqueness conflicts, tenant scoping, atomic single use, id-ordered
//! pages, leased outbox claims).
//!
//! Fakes do **not** roll back: a unit of work buffers nothing, every write applies at once,
//! and dropping a unit of work without committing leaves the writes in place. Tests that need
//! rollback semantics must run against a real database.
//!
//! One file per port family: the access ports (organisations, staff, tokens, sessions,
//! attempts, audit), the messaging ports (outbox, templates, captcha replays) and the
//! [`FakeHasher`].

mod access;
mod hasher;
mod messaging;
mod portal;

use std::any::Any;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_access::{
    AccessPorts, ActionToken, ApiToken, AuditEvent, Organisation, StaffSession, StaffUser,
};
use frontdesk_kernel::{
    Clock, IdGenerator, Language, OrgId, PasswordHasher, RepositoryError, TokenSource,
    TransactionRunner, UnitOfWork, Uow, Uuid,
};
use frontdesk_messaging::{MailTemplate, TemplateKind};
use time::OffsetDateTime;

pub use hasher::FakeHasher;
use messaging::OutboxRow;

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
    portal: BTreeMap<Uuid, frontdesk_access::PortalExtras>,
}

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

/// [`frontdesk_access::PortalPorts`] whose storage ports are all `store`.
pub fn portal_ports(
    store: &InMemoryStore,
    clock: Arc<dyn Clock>,
    ids: Arc<dyn IdGenerator>,
) -> frontdesk_access::PortalPorts {
    let store = Arc::new(store.clone());
    frontdesk_access::PortalPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        portal: store.clone(),
        audit: store,
        clock,
        ids,
    }
}

/// [`AccessPorts`] whose storage ports are all `store`, with [`crate::PathLinks`] for links.
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
        links: Arc::new(crate::PathLinks),
        clock,
        tokens,
        ids,
    }
}
