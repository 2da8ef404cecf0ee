//! Ports of the cases domain. Writes that must land together take the caller's unit of work.

use frontdesk_access::VisibleCases;
use frontdesk_contacts::{Contact, Counted, PageNumber, SearchText};
use frontdesk_kernel::{
    CaseId, ClientId, ContactId, FormId, OrgId, Page, PageRequest, RepositoryError, TokenDigest,
    Uow,
};
use time::OffsetDateTime;

use crate::{
    AssigneeFilter, Case, CaseNumber, CaseRow, CaseSort, CaseStatus, DayCount, Form, FormCount,
    FormSlug, GuestAccess, Priority, TimelineEntry, UnsubscribeGrant,
};

/// Stores intake forms.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait FormRepository: Send + Sync {
    /// Adds a form.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"slug"`) when the organisation has a form with this slug.
    async fn insert(&self, form: &Form) -> Result<(), RepositoryError>;

    /// Replaces a form's settings (everything but id, organisation, slug and creation time).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn update(&self, form: &Form) -> Result<(), RepositoryError>;

    /// The form of `org` with this slug.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_slug(
        &self,
        org: OrgId,
        slug: &FormSlug,
    ) -> Result<Option<Form>, RepositoryError>;

    /// The form `id` of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: FormId) -> Result<Option<Form>, RepositoryError>;

    /// Every form of `org`, by slug (an organisation has a handful, so there are no pages).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list(&self, org: OrgId) -> Result<Vec<Form>, RepositoryError>;
}

/// Which cases to list or search. Every filter that is set must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    /// Only cases in this status.
    pub status: Option<CaseStatus>,
    /// Only cases of this form.
    pub form: Option<FormId>,
    /// Only cases this contact is associated with.
    pub contact: Option<ContactId>,
    /// Only cases of this client.
    pub client: Option<ClientId>,
    /// Only cases of this priority.
    pub priority: Option<Priority>,
    /// Only cases assigned so.
    pub assignee: AssigneeFilter,
    /// Only cases whose number is the text (`42` or `#42`, see
    /// [`CaseNumber::parse_reference`]), whose title contains it, or with an associated
    /// contact whose name ("first last") or email contains it; ignoring case.
    pub text: Option<SearchText>,
}

impl CaseFilter {
    /// Whether `case`, associated with `contacts`, passes every filter (the rule stores
    /// implement; stores that cannot query use it directly).
    pub fn matches(&self, case: &Case, contacts: &[&Contact]) -> bool {
        self.status.is_none_or(|status| case.status == status)
            && self.form.is_none_or(|form| case.form_id == form)
            && self
                .contact
                .is_none_or(|id| contacts.iter().any(|contact| contact.id == id))
            && self
                .client
                .is_none_or(|client| case.client_id == Some(client))
            && self
                .priority
                .is_none_or(|priority| case.priority == priority)
            && self.assignee.matches(case.assignee)
            && self.text.as_ref().is_none_or(|text| {
                CaseNumber::parse_reference(text.as_str()) == Some(case.number)
                    || text.matches(&case.title)
                    || contacts.iter().any(|contact| {
                        text.matches(&contact.full_name()) || text.matches(contact.email.as_str())
                    })
            })
    }
}

/// Which of the cases a contact user may see to list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleCaseQuery {
    /// Open cases (new, open, pending) when true; resolved or closed ones when false.
    pub open: bool,
    /// Only cases whose number is the text (`42` or `#42`) or whose title contains it,
    /// ignoring case.
    pub text: Option<SearchText>,
}

impl VisibleCaseQuery {
    /// Whether `case` passes (the rule stores implement; the scope is checked apart).
    pub fn matches(&self, case: &Case) -> bool {
        case.status.is_open() == self.open
            && self.text.as_ref().is_none_or(|text| {
                CaseNumber::parse_reference(text.as_str()) == Some(case.number)
                    || text.matches(&case.title)
            })
    }
}

/// Stores cases. Every lookup is scoped to one organisation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CaseRepository: Send + Sync {
    /// The next case number of `org`, allocated inside the unit of work (numbers never repeat;
    /// a rolled-back unit of work may leave a gap).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn next_number(&self, uow: &mut Uow, org: OrgId) -> Result<CaseNumber, RepositoryError>;

    /// Adds a case.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError>;

    /// Replaces a case's mutable fields (title, description, priority, project, status,
    /// assignee, `updated_at`).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn update(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError>;

    /// The case `id` of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: CaseId) -> Result<Option<Case>, RepositoryError>;

    /// The case of `org` with this number.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_number(
        &self,
        org: OrgId,
        number: CaseNumber,
    ) -> Result<Option<Case>, RepositoryError>;

    /// A page of `org`'s cases matching `filter`, oldest first.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        page: PageRequest,
    ) -> Result<Page<Case>, RepositoryError>;

    /// Associates a contact with a case (no-op if already associated).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn link_contact(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: ContactId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// The contacts associated with a case, in the order they were associated.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn contacts_of(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ContactId>, RepositoryError>;
}

/// The staff console's reads over many cases at once: searches and counts. Each method is
/// one statement on stores that can join.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CaseOverviewReader: Send + Sync {
    /// Page `page` of `org`'s cases matching `filter` in `sort` order, each with its form,
    /// its first associated contact and its assignee's name; with the number of matches on
    /// every page.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn search(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        sort: CaseSort,
        page: PageNumber,
    ) -> Result<Counted<CaseRow>, RepositoryError>;

    /// Page `page` of the cases `scope` admits (the contact user's grants and public-cases
    /// rule, as [`frontdesk_access::VisibleCases::admits`] decides) that match `query`,
    /// newest first, with the number of matches on every page. Rows carry no contact or
    /// assignee (a contact user's list does not show them).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn search_visible(
        &self,
        scope: &VisibleCases,
        query: &VisibleCaseQuery,
        page: PageNumber,
    ) -> Result<Counted<CaseRow>, RepositoryError>;

    /// How many of `org`'s cases are in each status; statuses without cases are left out.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_by_status(&self, org: OrgId) -> Result<Vec<(CaseStatus, u64)>, RepositoryError>;

    /// For every form of `org` with cases in one of `statuses`, how many: most first, then
    /// by form name and slug. Forms without such cases are left out.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_by_form(
        &self,
        org: OrgId,
        statuses: &[CaseStatus],
    ) -> Result<Vec<FormCount>, RepositoryError>;

    /// How many of `org`'s cases were created on each UTC day, counting cases created at
    /// `since` or later; oldest day first, days without cases left out.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_created_per_day(
        &self,
        org: OrgId,
        since: OffsetDateTime,
    ) -> Result<Vec<DayCount>, RepositoryError>;
}

/// Stores case timelines.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait TimelineRepository: Send + Sync {
    /// Appends an entry.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn append(
        &self,
        uow: &mut Uow,
        org: OrgId,
        entry: &TimelineEntry,
    ) -> Result<(), RepositoryError>;

    /// A case's entries, oldest first; internal ones only when `include_internal`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list(
        &self,
        org: OrgId,
        case: CaseId,
        include_internal: bool,
    ) -> Result<Vec<TimelineEntry>, RepositoryError>;
}

/// Stores guest access capabilities and unsubscribe grants (digests only).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait GuestAccessRepository: Send + Sync {
    /// Adds a capability.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, access: &GuestAccess) -> Result<(), RepositoryError>;

    /// The capability with this digest, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestAccess>, RepositoryError>;

    /// The unrevoked capabilities on case `case` of `org` that have not expired at `now`,
    /// oldest first (by issue time, then id).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn open_for_case(
        &self,
        org: OrgId,
        case: CaseId,
        now: OffsetDateTime,
    ) -> Result<Vec<GuestAccess>, RepositoryError>;

    /// Revokes every unrevoked capability on a case (of one contact when given); returns how
    /// many.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn revoke_for_case(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: Option<ContactId>,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError>;

    /// Adds an unsubscribe grant.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert_unsubscribe(
        &self,
        uow: &mut Uow,
        grant: &UnsubscribeGrant,
    ) -> Result<(), RepositoryError>;

    /// The unsubscribe grant with this digest.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_unsubscribe(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<UnsubscribeGrant>, RepositoryError>;
}

/// Remembers public submissions by `Idempotency-Key`, so a retried request creates nothing
/// twice.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait IdempotencyRepository: Send + Sync {
    /// Records that `key` (scoped to `org`) produced `case` from a request whose body hashes
    /// to `request`.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"idempotency_key"`) when the key is already recorded.
    async fn remember(
        &self,
        uow: &mut Uow,
        org: OrgId,
        key: &str,
        request: [u8; 32],
        case: CaseId,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// What `key` produced, if it was seen: the request hash and the case.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn recall(
        &self,
        org: OrgId,
        key: &str,
    ) -> Result<Option<([u8; 32], CaseId)>, RepositoryError>;
}
