//! The cases use cases: form administration, public intake, guest access, staff case work
//! (search, statistics, edits and assignment), notifications and unsubscribing. One file
//! per use case (or tight family), each with its request type, its error enum and its
//! `impl CasesService` block; this module holds the service, its ports and the helpers
//! several use cases share.

mod add_comment;
mod alert_recipients;
mod associate_contact;
mod case_detail;
mod change_status;
mod contact_user_case;
mod contact_user_cases;
mod contact_user_submit;
mod forms;
mod guest;
mod guest_access;
mod guest_links;
mod intake;
mod list_cases;
mod list_forms;
mod new_link;
mod notify;
mod search_cases;
mod statistics;
mod unsubscribe;
mod update_case;

use std::sync::Arc;

use frontdesk_access::{
    AccessGrantRepository, AttemptLog, AuditLog, LifetimeKind, Organisation,
    OrganisationRepository, StaffUserRepository,
};
use frontdesk_contacts::{ClientRepository, ContactRepository, ContactUserRepository};
use frontdesk_kernel::{
    CaptchaVerifier, CaseId, Clock, ContactId, EmailAddress, GuestAccessId, IdGenerator, OrgId,
    PersonName, PublicLinks, RepositoryError, TimelineEntryId, Token, TokenKind, TokenSource,
    TransactionRunner, Uuid,
};
use frontdesk_messaging::{MailQueue, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::{Duration, OffsetDateTime};

use crate::{
    Author, Case, CaseOverviewReader, CaseRepository, CaseViewReader, Form, FormRepository,
    GuestAccess, GuestAccessRepository, IdempotencyRepository, TimelineEntry, TimelineEvent,
    TimelineRepository, Visibility,
};

pub use add_comment::AddCommentError;
pub use associate_contact::AssociateContactError;
pub use case_detail::{CaseDetail, CaseDetailError};
pub use change_status::ChangeStatusError;
pub use contact_user_case::{ContactUserCaseError, ContactUserCaseView};
pub use contact_user_cases::{ContactUserCaseSearch, ContactUserCasesError};
pub use contact_user_submit::{ContactUserSubmission, ContactUserSubmitError};
pub use forms::{
    CreateFormError, FormChanges, GetFormError, NewForm, PublicFormError, UpdateFormError,
};
pub use guest::{GuestActionError, GuestCaseView, GuestEdit, GuestLinkError};
pub use guest_access::{ReissueGuestAccessError, RevokeGuestAccessError};
pub use guest_links::GuestLinksError;
pub use intake::{RawSubmission, Submission, SubmitError, Submitted};
pub use list_cases::ListCasesError;
pub use list_forms::ListFormsError;
pub use search_cases::{
    AssigneeFilter, CaseRow, CaseSearch, CaseSearchPage, CaseSort, SearchCasesError,
};
pub use statistics::{CaseStatistics, CaseStatisticsError, DayCount, FormCount, STATISTICS_DAYS};
pub use unsubscribe::{UnsubscribeError, UnsubscribeView};
pub use update_case::{CaseChanges, UpdateCaseError};

/// Everything the cases use cases need.
#[derive(Clone)]
pub struct CasesPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Forms.
    pub forms: Arc<dyn FormRepository>,
    /// Cases and their contacts.
    pub cases: Arc<dyn CaseRepository>,
    /// Timelines.
    pub timeline: Arc<dyn TimelineRepository>,
    /// Guest capabilities and unsubscribe grants.
    pub guest_access: Arc<dyn GuestAccessRepository>,
    /// The records behind the public pages, read together.
    pub views: Arc<dyn CaseViewReader>,
    /// The staff console's searches and counts over many cases.
    pub overview: Arc<dyn CaseOverviewReader>,
    /// Staff users (who may be assigned a case, and their names).
    pub staff: Arc<dyn StaffUserRepository>,
    /// Idempotency keys of public submissions.
    pub idempotency: Arc<dyn IdempotencyRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Clients (which a case may belong to).
    pub clients: Arc<dyn ClientRepository>,
    /// Shared counters for the per-IP submission limit.
    pub attempts: Arc<dyn AttemptLog>,
    /// Contact users' grants to cases (a portal submitter is granted their new case).
    pub grants: Arc<dyn AccessGrantRepository>,
    /// The audit trail (grants are audited in the unit of work that makes them).
    pub audit: Arc<dyn AuditLog>,
    /// Contact users (whose active accounts are alerted through the portal).
    pub contact_users: Arc<dyn ContactUserRepository>,
    /// The security check.
    pub captcha: Arc<dyn CaptchaVerifier>,
    /// Outbound mail (queued inside the use case's unit of work).
    pub mail: Arc<dyn MailQueue>,
    /// The links handed out in mail (guest case, unsubscribe).
    pub links: Arc<dyn PublicLinks>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness.
    pub tokens: Arc<dyn TokenSource>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// Limits of public intake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntakePolicy {
    /// Submissions allowed per client IP per window.
    pub per_ip: u32,
    /// The window.
    pub window: time::Duration,
    /// Longest description accepted, in characters.
    pub max_description: usize,
}

impl Default for IntakePolicy {
    fn default() -> Self {
        Self {
            per_ip: 10,
            window: time::Duration::minutes(10),
            max_description: 20_000,
        }
    }
}

/// The cases use cases.
#[derive(Clone)]
pub struct CasesService {
    ports: CasesPorts,
    intake: IntakePolicy,
}

/// A case with its organisation and form, for notifications.
struct CaseContext {
    organisation: Organisation,
    form: Form,
    case: Case,
}

impl CasesService {
    /// A service over `ports` with the intake limits `intake`.
    pub fn new(ports: CasesPorts, intake: IntakePolicy) -> Self {
        Self { ports, intake }
    }

    fn new_uuid(&self) -> Uuid {
        self.ports.ids.new_uuid()
    }

    fn timeline_entry(
        &self,
        case: CaseId,
        author: Author,
        event: TimelineEvent,
        visibility: Visibility,
        at: OffsetDateTime,
    ) -> TimelineEntry {
        TimelineEntry {
            id: TimelineEntryId::from_uuid(self.new_uuid()),
            case_id: case,
            author,
            event,
            visibility,
            at,
        }
    }

    /// A new guest capability for `contact` on `case` and the only copy of its token.
    fn new_guest_access(
        &self,
        organisation: &Organisation,
        case: CaseId,
        contact: ContactId,
        now: OffsetDateTime,
    ) -> (GuestAccess, Token) {
        let token = Token::generate(TokenKind::GuestAccess, self.ports.tokens.as_ref());
        let default_lifetime = Duration::seconds(
            organisation
                .lifetimes
                .lifetimes(LifetimeKind::GuestLink)
                .default_seconds,
        );
        let expires_at = organisation
            .lifetimes
            .expiry(LifetimeKind::GuestLink, now, None)
            .unwrap_or(now + default_lifetime);
        let access = GuestAccess {
            id: GuestAccessId::from_uuid(self.new_uuid()),
            org_id: organisation.id,
            case_id: case,
            contact_id: contact,
            digest: token.digest(),
            created_at: now,
            expires_at,
            revoked_at: None,
        };
        (access, token)
    }

    /// The link that opens `case` for the holder of `token`.
    fn guest_case_url(&self, organisation: &Organisation, token: &Token) -> String {
        self.ports
            .links
            .guest_case(organisation.base_url.as_str(), token)
            .expose_secret()
            .to_owned()
    }

    /// The mail that carries a guest link (confirmation or reissue).
    fn guest_link_mail(
        &self,
        organisation: &Organisation,
        case: &Case,
        to: &EmailAddress,
        to_name: Option<PersonName>,
        token: &Token,
        kind: TemplateKind,
    ) -> NewMail {
        NewMail {
            org_id: organisation.id,
            to: to.clone(),
            to_name,
            kind,
            language: case.language,
            data: serde_json::json!({
                "case_url": self.guest_case_url(organisation, token),
                "case_number": case.number.to_string(),
                "case_title": case.title,
            }),
            unsubscribe_url: None,
        }
    }

    /// The organisation `org`, which must exist (it owns the record being worked on).
    async fn organisation(&self, org: OrgId) -> Result<Organisation, RepositoryError> {
        self.ports
            .organisations
            .find(org)
            .await?
            .ok_or_else(|| RepositoryError::Corrupt("the organisation does not exist".into()))
    }

    /// The case `case` of `org`, if there is one.
    async fn find_case(&self, org: OrgId, case: CaseId) -> Result<Option<Case>, RepositoryError> {
        self.ports.cases.find(org, case).await
    }

    /// The form a case came through, which must exist.
    async fn form_of(&self, case: &Case) -> Result<Form, RepositoryError> {
        self.ports
            .forms
            .find(case.org_id, case.form_id)
            .await?
            .ok_or_else(|| RepositoryError::Corrupt("a case names a missing form".into()))
    }

    /// `case` with its organisation and form.
    async fn case_context(&self, case: Case) -> Result<CaseContext, RepositoryError> {
        let organisation = self.organisation(case.org_id).await?;
        let form = self.form_of(&case).await?;
        Ok(CaseContext {
            organisation,
            form,
            case,
        })
    }
}
