//! In-memory fakes of the cases and contacts ports, a captcha that needs no browser, a
//! template engine that renders nothing, and [`cases_ports`] to wire a
//! [`frontdesk_cases::CasesService`] over them and an [`InMemoryStore`].
//!
//! Same semantics as the storage adapter where tests can observe them: every lookup scoped to
//! one organisation, uniqueness conflicts (form slug, contact email, idempotency key, token
//! digest), one case-number sequence per organisation. Like [`InMemoryStore`], nothing rolls
//! back: writes apply at once and a dropped unit of work keeps them.

use crate::fakes::check_uow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use frontdesk_cases::{
    Case, CaseFilter, CaseNumber, CaseRepository, CaseViewReader, CasesPorts, ComposedCaseViews,
    Form, FormRepository, FormSlug, GuestAccess, GuestAccessRepository, IdempotencyRepository,
    TimelineEntry, TimelineRepository, UnsubscribeGrant,
};
use frontdesk_contacts::{Contact, ContactRepository};
use frontdesk_kernel::{
    CaptchaChallenge, CaptchaError, CaptchaVerifier, CaseId, Clock, ContactId, EmailAddress,
    FormId, IdGenerator, Language, OrgId, Page, PageRequest, RepositoryError, TokenDigest,
    TokenSource, Uow, Uuid,
};
use frontdesk_messaging::{
    MailTemplate, MessagingPorts, MessagingService, RecipientLimits, RenderError, RenderedMail,
    TemplateEngine, TemplateKind, TemplateRuleError,
};
use time::OffsetDateTime;

use crate::InMemoryStore;

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
    unsubscribed_cases: HashSet<(OrgId, ContactId, CaseId)>,
}

/// An in-memory store implementing every cases and contacts port. Clones share the same
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

/// Refuses units of work that did not come from an [`InMemoryStore`].
fn missing(what: &str) -> RepositoryError {
    RepositoryError::Corrupt(format!("{what} does not exist in this organisation"))
}

#[async_trait::async_trait]
impl FormRepository for InMemoryCasesStore {
    async fn insert(&self, form: &Form) -> Result<(), RepositoryError> {
        let mut state = self.state();
        if state.forms.contains_key(&form.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state
            .forms
            .values()
            .any(|f| f.org_id == form.org_id && f.slug == form.slug)
        {
            return Err(RepositoryError::Conflict("slug"));
        }
        state.forms.insert(form.id.as_uuid(), form.clone());
        Ok(())
    }

    async fn update(&self, form: &Form) -> Result<(), RepositoryError> {
        let mut state = self.state();
        if let Some(stored) = state
            .forms
            .get_mut(&form.id.as_uuid())
            .filter(|stored| stored.org_id == form.org_id)
        {
            stored.name.clone_from(&form.name);
            stored.default_language = form.default_language;
            stored.fields.clone_from(&form.fields);
            stored
                .guest_edit_statuses
                .clone_from(&form.guest_edit_statuses);
            stored.notify_contacts = form.notify_contacts;
            stored.share_links_enabled = form.share_links_enabled;
        }
        Ok(())
    }

    async fn find_by_slug(
        &self,
        org: OrgId,
        slug: &FormSlug,
    ) -> Result<Option<Form>, RepositoryError> {
        Ok(self
            .state()
            .forms
            .values()
            .find(|f| f.org_id == org && &f.slug == slug)
            .cloned())
    }

    async fn find(&self, org: OrgId, id: FormId) -> Result<Option<Form>, RepositoryError> {
        Ok(self
            .state()
            .forms
            .get(&id.as_uuid())
            .filter(|f| f.org_id == org)
            .cloned())
    }
}

#[async_trait::async_trait]
impl CaseRepository for InMemoryCasesStore {
    async fn next_number(&self, uow: &mut Uow, org: OrgId) -> Result<CaseNumber, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let next = state.sequences.entry(org).or_insert(0);
        *next += 1;
        Ok(CaseNumber(*next))
    }

    async fn insert(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.cases.contains_key(&case.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state
            .cases
            .values()
            .any(|c| c.org_id == case.org_id && c.number == case.number)
        {
            return Err(RepositoryError::Conflict("number"));
        }
        if state
            .forms
            .get(&case.form_id.as_uuid())
            .is_none_or(|form| form.org_id != case.org_id)
        {
            return Err(missing("the case's form"));
        }
        state.cases.insert(case.id.as_uuid(), case.clone());
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if let Some(stored) = state
            .cases
            .get_mut(&case.id.as_uuid())
            .filter(|stored| stored.org_id == case.org_id)
        {
            stored.title.clone_from(&case.title);
            stored.description.clone_from(&case.description);
            stored.priority = case.priority;
            stored.project.clone_from(&case.project);
            stored.status = case.status;
            stored.updated_at = case.updated_at;
        }
        Ok(())
    }

    async fn find(&self, org: OrgId, id: CaseId) -> Result<Option<Case>, RepositoryError> {
        Ok(self
            .state()
            .cases
            .get(&id.as_uuid())
            .filter(|c| c.org_id == org)
            .cloned())
    }

    async fn find_by_number(
        &self,
        org: OrgId,
        number: CaseNumber,
    ) -> Result<Option<Case>, RepositoryError> {
        Ok(self
            .state()
            .cases
            .values()
            .find(|c| c.org_id == org && c.number == number)
            .cloned())
    }

    async fn list(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        page: PageRequest,
    ) -> Result<Page<Case>, RepositoryError> {
        let state = self.state();
        let items = state
            .cases
            .values()
            .filter(|c| c.org_id == org)
            .filter(|c| filter.status.is_none_or(|status| c.status == status))
            .filter(|c| filter.form.is_none_or(|form| c.form_id == form))
            .filter(|c| {
                filter
                    .contact
                    .is_none_or(|contact| state.case_contacts.contains(&(org, c.id, contact)))
            })
            .filter(|c| page.after.is_none_or(|after| c.id.as_uuid() > after))
            .take(page.limit as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |c| c.id.as_uuid()))
    }

    async fn link_contact(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: ContactId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .cases
            .get(&case.as_uuid())
            .is_none_or(|c| c.org_id != org)
        {
            return Err(missing("the case"));
        }
        if state
            .contacts
            .get(&contact.as_uuid())
            .is_none_or(|c| c.org_id != org)
        {
            return Err(missing("the contact"));
        }
        let link = (org, case, contact);
        if !state.case_contacts.contains(&link) {
            state.case_contacts.push(link);
        }
        Ok(())
    }

    async fn contacts_of(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ContactId>, RepositoryError> {
        Ok(self
            .state()
            .case_contacts
            .iter()
            .filter(|(o, c, _)| *o == org && *c == case)
            .map(|(_, _, contact)| *contact)
            .collect())
    }
}

#[async_trait::async_trait]
impl TimelineRepository for InMemoryCasesStore {
    async fn append(
        &self,
        uow: &mut Uow,
        org: OrgId,
        entry: &TimelineEntry,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .cases
            .get(&entry.case_id.as_uuid())
            .is_none_or(|c| c.org_id != org)
        {
            return Err(missing("the case"));
        }
        if state.timeline.iter().any(|(_, e)| e.id == entry.id) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.timeline.push((org, entry.clone()));
        Ok(())
    }

    async fn list(
        &self,
        org: OrgId,
        case: CaseId,
        include_internal: bool,
    ) -> Result<Vec<TimelineEntry>, RepositoryError> {
        Ok(self
            .state()
            .timeline
            .iter()
            .filter(|(o, e)| *o == org && e.case_id == case)
            .filter(|(_, e)| {
                include_internal || e.visibility == frontdesk_cases::Visibility::Public
            })
            .map(|(_, e)| e.clone())
            .collect())
    }
}

#[async_trait::async_trait]
impl GuestAccessRepository for InMemoryCasesStore {
    async fn insert(&self, uow: &mut Uow, access: &GuestAccess) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.guest_access.iter().any(|a| a.id == access.id) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state.guest_access.iter().any(|a| a.digest == access.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.guest_access.push(access.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestAccess>, RepositoryError> {
        Ok(self
            .state()
            .guest_access
            .iter()
            .find(|a| &a.digest == digest)
            .cloned())
    }

    async fn revoke_for_case(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: Option<ContactId>,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        check_uow(uow)?;
        let mut revoked = 0;
        for access in self.state().guest_access.iter_mut().filter(|a| {
            a.org_id == org
                && a.case_id == case
                && a.revoked_at.is_none()
                && contact.is_none_or(|contact| a.contact_id == contact)
        }) {
            access.revoked_at = Some(at);
            revoked += 1;
        }
        Ok(revoked)
    }

    async fn insert_unsubscribe(
        &self,
        uow: &mut Uow,
        grant: &UnsubscribeGrant,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .unsubscribe_grants
            .iter()
            .any(|g| g.digest == grant.digest)
        {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.unsubscribe_grants.push(grant.clone());
        Ok(())
    }

    async fn find_unsubscribe(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<UnsubscribeGrant>, RepositoryError> {
        Ok(self
            .state()
            .unsubscribe_grants
            .iter()
            .find(|g| &g.digest == digest)
            .cloned())
    }
}

#[async_trait::async_trait]
impl IdempotencyRepository for InMemoryCasesStore {
    async fn remember(
        &self,
        uow: &mut Uow,
        org: OrgId,
        key: &str,
        request: [u8; 32],
        case: CaseId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let slot = (org, key.to_owned());
        if state.idempotency.contains_key(&slot) {
            return Err(RepositoryError::Conflict("idempotency_key"));
        }
        state.idempotency.insert(slot, (request, case));
        Ok(())
    }

    async fn recall(
        &self,
        org: OrgId,
        key: &str,
    ) -> Result<Option<([u8; 32], CaseId)>, RepositoryError> {
        Ok(self
            .state()
            .idempotency
            .get(&(org, key.to_owned()))
            .copied())
    }
}

#[async_trait::async_trait]
impl ContactRepository for InMemoryCasesStore {
    async fn insert(&self, uow: &mut Uow, contact: &Contact) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.contacts.contains_key(&contact.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        let email = contact.email.normalised();
        if state
            .contacts
            .values()
            .any(|c| c.org_id == contact.org_id && c.email.normalised() == email)
        {
            return Err(RepositoryError::Conflict("email"));
        }
        state.contacts.insert(contact.id.as_uuid(), contact.clone());
        Ok(())
    }

    async fn find(&self, org: OrgId, id: ContactId) -> Result<Option<Contact>, RepositoryError> {
        Ok(self
            .state()
            .contacts
            .get(&id.as_uuid())
            .filter(|c| c.org_id == org)
            .cloned())
    }

    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError> {
        let email = email.normalised();
        Ok(self
            .state()
            .contacts
            .values()
            .find(|c| c.org_id == org && c.email.normalised() == email)
            .cloned())
    }

    async fn find_by_email_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError> {
        check_uow(uow)?;
        self.find_by_email(org, email).await
    }

    async fn unsubscribe_case(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        self.state().unsubscribed_cases.insert((org, contact, case));
        Ok(())
    }

    async fn unsubscribe_all(
        &self,
        org: OrgId,
        contact: ContactId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        if let Some(stored) = self
            .state()
            .contacts
            .get_mut(&contact.as_uuid())
            .filter(|c| c.org_id == org)
        {
            stored.unsubscribed_all = true;
        }
        Ok(())
    }

    async fn is_subscribed(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
    ) -> Result<bool, RepositoryError> {
        let state = self.state();
        let wants_mail = state
            .contacts
            .get(&contact.as_uuid())
            .is_some_and(|c| c.org_id == org && !c.unsubscribed_all);
        Ok(wants_mail && !state.unsubscribed_cases.contains(&(org, contact, case)))
    }
}

/// A captcha for tests: accepts `"ok"` and any solution starting with `"ok:"`, each once
/// (a second use is [`CaptchaError::Replayed`]); anything else is [`CaptchaError::Invalid`].
#[derive(Debug, Default)]
pub struct FakeCaptcha {
    used: Mutex<HashSet<String>>,
}

impl FakeCaptcha {
    /// A captcha that has accepted nothing yet.
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait::async_trait]
impl CaptchaVerifier for FakeCaptcha {
    async fn challenge(&self) -> Result<Option<CaptchaChallenge>, CaptchaError> {
        Ok(None)
    }

    async fn verify(&self, solution: &str, _remote_ip: Option<IpAddr>) -> Result<(), CaptchaError> {
        if solution != "ok" && !solution.starts_with("ok:") {
            return Err(CaptchaError::Invalid);
        }
        let first_use = self
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(solution.to_owned());
        if first_use {
            Ok(())
        } else {
            Err(CaptchaError::Replayed)
        }
    }
}

/// A template engine for tests that never touch rendering: every template is empty and
/// renders to empty parts.
#[derive(Debug, Default, Clone, Copy)]
pub struct BlankTemplateEngine;

impl TemplateEngine for BlankTemplateEngine {
    fn default_template(&self, _kind: TemplateKind, _language: Language) -> MailTemplate {
        MailTemplate {
            subject: String::new(),
            html: String::new(),
            text: String::new(),
        }
    }

    fn check(&self, _template: &MailTemplate) -> Result<(), TemplateRuleError> {
        Ok(())
    }

    fn render(
        &self,
        _template: &MailTemplate,
        _data: &serde_json::Value,
    ) -> Result<RenderedMail, RenderError> {
        Ok(RenderedMail {
            subject: String::new(),
            html: String::new(),
            text: String::new(),
        })
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

/// [`CasesPorts`] over `store` (transactions, organisations, attempt log, outbox, templates)
/// and `cases` (forms, cases, timeline, guest access, idempotency, contacts), with the
/// default recipient limits and a [`BlankTemplateEngine`].
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
        idempotency: cases.clone(),
        contacts: cases,
        attempts: store,
        captcha,
        messaging,
        clock,
        tokens,
        ids,
    }
}
