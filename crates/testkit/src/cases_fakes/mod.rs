//! In-memory fakes of the cases and contacts ports, a captcha that needs no browser, a
//! template engine that renders nothing, and [`cases_ports`] to wire a
//! [`frontdesk_cases::CasesService`] over them and an [`InMemoryStore`].
//!
//! Same semantics as the storage adapter where tests can observe them: every lookup scoped to
//! one organisation, uniqueness conflicts (form slug, contact email, idempotency key, token
//! digest), one case-number sequence per organisation. Like [`InMemoryStore`], nothing rolls
//! back: writes apply at once and a dropped unit of work keeps them.
//!
//! One file per port family: forms, cases and timelines; guest access and idempotency;
//! contacts; clients; the console's searches and counts; and the test doubles (captcha, template
//! engine).

mod clients;
mod contacts;
mod doubles;
mod guests;
mod overview;
mod records;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_cases::{
    Case, CaseOverviewReader, CaseViewReader, CasesPorts, ComposedCaseViews, Form, GuestAccess,
    TimelineEntry, UnsubscribeGrant,
};
use frontdesk_contacts::{Client, Contact};
use frontdesk_kernel::{
    CaptchaVerifier, CaseId, Clock, ContactId, IdGenerator, OrgId, TokenSource, Uuid,
};
use frontdesk_messaging::{MessagingPorts, MessagingService, RecipientLimits};

use crate::{InMemoryStore, PathLinks};

pub use doubles::{BlankTemplateEngine, FakeCaptcha};
pub use overview::InMemoryCaseOverview;

#[derive(Debug, Default)]
struct CasesState {
    forms: BTreeMap<Uuid, Form>,
    cases: BTreeMap<Uuid, Case>,
    sequences: HashMap<OrgId, u64>,
    case_contacts: Vec<(OrgId, CaseId, ContactId)>,
    timeline: Vec<(OrgId, TimelineEntry)>,
    guest_access: Vec<GuestAccess>,
    unsubscribe_grants: Vec<UnsubscribeGrant>,
    idempotency: HashMap<(OrgId, String), ([u8; 32], CaseId)>,
    contacts: BTreeMap<Uuid, Contact>,
    clients: BTreeMap<Uuid, Client>,
    unsubscribed_cases: HashSet<(OrgId, ContactId, CaseId)>,
}

impl CasesState {
    /// The contacts associated with a case of `org`, in the order they were associated.
    fn contacts_of_case(&self, org: OrgId, case: CaseId) -> Vec<&Contact> {
        self.case_contacts
            .iter()
            .filter(|(o, c, _)| *o == org && *c == case)
            .filter_map(|(_, _, contact)| self.contacts.get(&contact.as_uuid()))
            .filter(|contact| contact.org_id == org)
            .collect()
    }
}

/// An in-memory store implementing every cases, contacts and clients port. Clones share the same
/// data. Writes taking a unit of work accept only [`crate::InMemoryUnitOfWork`], as the storage
/// adapter accepts only its own.
#[derive(Debug, Clone, Default)]
pub struct InMemoryCasesStore {
    state: Arc<Mutex<CasesState>>,
}

impl InMemoryCasesStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> MutexGuard<'_, CasesState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many cases `org` has.
    pub fn case_count(&self, org: OrgId) -> usize {
        self.state()
            .cases
            .values()
            .filter(|case| case.org_id == org)
            .count()
    }

    /// How many contacts `org` has.
    pub fn contact_count(&self, org: OrgId) -> usize {
        self.state()
            .contacts
            .values()
            .filter(|contact| contact.org_id == org)
            .count()
    }

    /// Every guest capability of a case, oldest first.
    pub fn guest_accesses(&self, case: CaseId) -> Vec<GuestAccess> {
        self.state()
            .guest_access
            .iter()
            .filter(|access| access.case_id == case)
            .cloned()
            .collect()
    }

    /// How many timeline entries exist in every organisation together.
    pub fn timeline_count(&self) -> usize {
        self.state().timeline.len()
    }
}

/// A [`CaseViewReader`] composed from the fakes' entity ports.
pub fn composed_views(
    store: &Arc<InMemoryStore>,
    cases: &Arc<InMemoryCasesStore>,
) -> Arc<dyn CaseViewReader> {
    Arc::new(ComposedCaseViews {
        organisations: store.clone(),
        forms: cases.clone(),
        cases: cases.clone(),
        contacts: cases.clone(),
        guest_access: cases.clone(),
    })
}

/// A [`CaseOverviewReader`] over the fakes: cases from `cases`, assignee names from `store`.
pub fn overview_reader(
    store: &Arc<InMemoryStore>,
    cases: &Arc<InMemoryCasesStore>,
) -> Arc<dyn CaseOverviewReader> {
    Arc::new(InMemoryCaseOverview {
        cases: cases.as_ref().clone(),
        staff: store.clone(),
    })
}

/// [`CasesPorts`] over `store` (transactions, organisations, staff users, attempt log,
/// outbox, templates) and `cases` (forms, cases, timeline, guest access, idempotency,
/// contacts, clients, the console's searches and counts), with the
/// default recipient limits and a [`BlankTemplateEngine`]. Grants go to a fresh
/// [`crate::InMemoryContactUserStore`]; a test that reads them back sets `grants` to its own
/// (and `contact_users`, also a fresh one, for the contact users it alerts).
pub fn cases_ports(
    store: &InMemoryStore,
    cases: &InMemoryCasesStore,
    captcha: Arc<dyn CaptchaVerifier>,
    clock: Arc<dyn Clock>,
    tokens: Arc<dyn TokenSource>,
    ids: Arc<dyn IdGenerator>,
) -> CasesPorts {
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
    CasesPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        forms: cases.clone(),
        cases: cases.clone(),
        timeline: cases.clone(),
        guest_access: cases.clone(),
        views: composed_views(&store, &cases),
        overview: overview_reader(&store, &cases),
        staff: store.clone(),
        idempotency: cases.clone(),
        contacts: cases.clone(),
        clients: cases,
        grants: Arc::new(crate::InMemoryContactUserStore::new()),
        audit: store.clone(),
        contact_users: Arc::new(crate::InMemoryContactUserStore::new()),
        attempts: store,
        captcha,
        mail: Arc::new(messaging),
        links: Arc::new(PathLinks),
        clock,
        tokens,
        ids,
    }
}
