//! The cases use cases: form administration, public intake, guest access, staff case work,
//! contacts, notifications and unsubscribing. One method per use case, one error enum each.

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_access::{AttemptLog, Forbidden, Organisation, OrganisationRepository, StaffActor};
use frontdesk_contacts::{Contact, ContactRepository, PublicProfile};
use frontdesk_kernel::{
    CaptchaError, CaptchaVerifier, CaseId, Clock, ContactId, IdGenerator, Language, MessageId,
    Page, PageRequest, RepositoryError, TokenSource, TransactionRunner,
};
use frontdesk_messaging::MessagingService;

use crate::{
    Case, CaseFilter, CaseNumber, CaseRepository, CaseStatus, FieldConfig, Form, FormError,
    FormRepository, GuestAccessRepository, IdempotencyRepository, TimelineEntry,
    TimelineRepository, Visibility,
};

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
    /// Idempotency keys of public submissions.
    pub idempotency: Arc<dyn IdempotencyRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Shared counters for the per-IP submission limit.
    pub attempts: Arc<dyn AttemptLog>,
    /// The security check.
    pub captcha: Arc<dyn CaptchaVerifier>,
    /// Outbound mail (enqueued inside the use case's unit of work).
    pub messaging: MessagingService,
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

/// One invalid input field, for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name (`first_name`, `email`, …).
    pub field: String,
    /// What is wrong, in the form's language.
    pub message: String,
}

/// A form to create; `None` attributes take their defaults.
#[derive(Debug, Clone, Default)]
pub struct NewForm {
    /// URL name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Default: the organisation's language.
    pub default_language: Option<Language>,
    /// Default: [`Form::standard_fields`].
    pub fields: Option<Vec<FieldConfig>>,
    /// Default: `[new]`.
    pub guest_edit_statuses: Option<Vec<CaseStatus>>,
    /// Default: `true`.
    pub notify_contacts: Option<bool>,
    /// Default: `false`.
    pub share_links_enabled: Option<bool>,
}

/// Changes to a form; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default)]
pub struct FormChanges {
    /// Display name.
    pub name: Option<String>,
    /// Default language.
    pub default_language: Option<Language>,
    /// Fields.
    pub fields: Option<Vec<FieldConfig>>,
    /// Guest-edit statuses.
    pub guest_edit_statuses: Option<Vec<CaseStatus>>,
    /// Notifications.
    pub notify_contacts: Option<bool>,
    /// Share-link addon.
    pub share_links_enabled: Option<bool>,
}

/// Why a form could not be created, read or changed.
#[derive(Debug, thiserror::Error)]
pub enum FormAdminError {
    /// The actor may not manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such form in the organisation.
    #[error("form not found")]
    NotFound,
    /// The slug is taken.
    #[error("a form with this slug already exists")]
    SlugTaken,
    /// The configuration breaks a rule.
    #[error(transparent)]
    Invalid(#[from] FormError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a public form cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum PublicFormError {
    /// No such organisation or form.
    #[error("form not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A public submission exactly as received (every field optional; the form decides).
#[derive(Debug, Clone, Default)]
pub struct RawSubmission {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// Case title.
    pub title: Option<String>,
    /// Project.
    pub project: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Priority name.
    pub priority: Option<String>,
    /// The ALTCHA (or third-party) solution.
    pub captcha: Option<String>,
}

/// A public submission with where it came from.
#[derive(Debug, Clone)]
pub struct Submission {
    /// Organisation slug from the URL.
    pub org_slug: String,
    /// Form slug from the URL.
    pub form_slug: String,
    /// The fields.
    pub fields: RawSubmission,
    /// The client's address (per-IP limit, captcha).
    pub client_ip: Option<IpAddr>,
    /// `Idempotency-Key` header, if sent.
    pub idempotency_key: Option<String>,
}

/// A created (or, for a repeated idempotent request, previously created) case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// The case.
    pub case_id: CaseId,
    /// Its number.
    pub number: CaseNumber,
    /// Whether this answer repeats an earlier request with the same key.
    pub replayed: bool,
}

/// Why a submission was refused. Nothing is stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// No such organisation or form.
    #[error("form not found")]
    NotFound,
    /// Fields are missing or invalid.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// The security check failed.
    #[error(transparent)]
    Captcha(CaptchaError),
    /// Too many submissions from this address.
    #[error("too many submissions; try again in {retry_after_seconds} seconds")]
    RateLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// The `Idempotency-Key` was used with a different request.
    #[error("this Idempotency-Key was already used for a different request")]
    IdempotencyConflict,
    /// The confirmation mail cannot be sent yet (recipient limit).
    #[error(
        "a confirmation was sent to this address moments ago; try again in {retry_after_seconds} seconds"
    )]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A case as its guest sees it.
#[derive(Debug, Clone)]
pub struct GuestCaseView {
    /// The organisation (name, branding).
    pub organisation: Organisation,
    /// The form (field labels, edit rules).
    pub form: Form,
    /// The case.
    pub case: Case,
    /// The guest.
    pub contact: Contact,
    /// Entries visible to externals, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Whether the guest may edit the case now.
    pub may_edit: bool,
}

/// Why a guest link does not open a case.
#[derive(Debug, thiserror::Error)]
pub enum GuestLinkError {
    /// Malformed, unknown, or for another case.
    #[error("this link is not valid")]
    Invalid,
    /// Past its expiry.
    #[error("this link has expired")]
    Expired,
    /// Revoked by staff (or replaced by a newer link).
    #[error("this link was revoked")]
    Revoked,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A guest's changes to their case; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct GuestEdit {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Priority name.
    pub priority: Option<String>,
    /// Project.
    pub project: Option<String>,
}

/// Why a guest action failed.
#[derive(Debug, thiserror::Error)]
pub enum GuestActionError {
    /// The link does not open the case.
    #[error(transparent)]
    Link(#[from] GuestLinkError),
    /// The case's status does not allow guest edits.
    #[error("this case can no longer be edited")]
    NotEditable,
    /// Invalid input.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

/// What an unsubscribe link will do, shown before doing it.
#[derive(Debug, Clone)]
pub struct UnsubscribeView {
    /// The organisation's name.
    pub organisation_name: String,
    /// The case's number.
    pub case_number: CaseNumber,
    /// The case's title.
    pub case_title: String,
    /// The contact's address.
    pub email: String,
    /// The case's language.
    pub language: Language,
}

/// Why an unsubscribe link does nothing.
#[derive(Debug, thiserror::Error)]
pub enum UnsubscribeError {
    /// Malformed or unknown.
    #[error("this link is not valid")]
    Invalid,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A case as staff see it.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    /// The case.
    pub case: Case,
    /// Its form's slug.
    pub form_slug: String,
    /// Its contacts' public profiles.
    pub contacts: Vec<PublicProfile>,
    /// Every timeline entry, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// A contact to create.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    /// Email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

/// Why a staff case or contact action failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffCaseError {
    /// The actor lacks a permission.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case, contact or form in the actor's organisation.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// Invalid input.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// A contact with this address exists.
    #[error("a contact with this email already exists")]
    ContactExists,
    /// A recipient limit stopped the mail; nothing changed.
    #[error("this recipient was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The cases use cases.
#[derive(Clone)]
pub struct CasesService {
    #[expect(dead_code, reason = "used by the use cases as they are implemented")]
    ports: CasesPorts,
    #[expect(dead_code, reason = "used by the use cases as they are implemented")]
    intake: IntakePolicy,
}

fn unimplemented_yet() -> RepositoryError {
    RepositoryError::Corrupt("not implemented yet".into())
}

impl CasesService {
    /// A service over `ports` with the intake limits `intake`.
    pub fn new(ports: CasesPorts, intake: IntakePolicy) -> Self {
        Self { ports, intake }
    }

    /// Creates a form (admins and case admins).
    ///
    /// # Errors
    /// See [`FormAdminError`].
    pub async fn create_form(
        &self,
        _actor: &StaffActor,
        _form: NewForm,
    ) -> Result<Form, FormAdminError> {
        Err(unimplemented_yet().into())
    }

    /// A form of the actor's organisation.
    ///
    /// # Errors
    /// See [`FormAdminError`].
    pub async fn form(&self, _actor: &StaffActor, _slug: &str) -> Result<Form, FormAdminError> {
        Err(unimplemented_yet().into())
    }

    /// Changes a form.
    ///
    /// # Errors
    /// See [`FormAdminError`].
    pub async fn update_form(
        &self,
        _actor: &StaffActor,
        _slug: &str,
        _changes: FormChanges,
    ) -> Result<Form, FormAdminError> {
        Err(unimplemented_yet().into())
    }

    /// The organisation and form behind a public form URL.
    ///
    /// # Errors
    /// See [`PublicFormError`].
    pub async fn public_form(
        &self,
        _org_slug: &str,
        _form_slug: &str,
    ) -> Result<(Organisation, Form), PublicFormError> {
        Err(unimplemented_yet().into())
    }

    /// Creates a case from a public submission: checks the captcha, the per-IP limit and every
    /// field; then, in one unit of work, finds or creates the contact (never overwriting an
    /// existing one), creates the case, issues a guest link and queues the confirmation mail.
    ///
    /// # Errors
    /// See [`SubmitError`].
    pub async fn submit(&self, _submission: Submission) -> Result<Submitted, SubmitError> {
        Err(unimplemented_yet().into())
    }

    /// The case a guest link opens (for the redirect to the clean case URL).
    ///
    /// # Errors
    /// See [`GuestLinkError`].
    pub async fn open_guest_link(&self, _raw_token: &str) -> Result<CaseId, GuestLinkError> {
        Err(unimplemented_yet().into())
    }

    /// The guest's view of `case` with the token from their cookie.
    ///
    /// # Errors
    /// See [`GuestLinkError`].
    pub async fn guest_case(
        &self,
        _raw_token: &str,
        _case: CaseId,
    ) -> Result<GuestCaseView, GuestLinkError> {
        Err(unimplemented_yet().into())
    }

    /// A guest's comment (visible to externals; notifies other contacts).
    ///
    /// # Errors
    /// See [`GuestActionError`].
    pub async fn guest_comment(
        &self,
        _raw_token: &str,
        _case: CaseId,
        _body: &str,
    ) -> Result<(), GuestActionError> {
        Err(GuestActionError::Repository(unimplemented_yet()))
    }

    /// A guest's edit, allowed only in the form's guest-edit statuses.
    ///
    /// # Errors
    /// See [`GuestActionError`].
    pub async fn guest_edit(
        &self,
        _raw_token: &str,
        _case: CaseId,
        _edit: GuestEdit,
    ) -> Result<(), GuestActionError> {
        Err(GuestActionError::Repository(unimplemented_yet()))
    }

    /// "Send me a new link": when `email` and `case_number` match a case of the organisation,
    /// issues a new guest link and mails it. Answers the same whether or not they match.
    ///
    /// # Errors
    /// [`RepositoryError`] only when storage fails.
    pub async fn request_new_link(
        &self,
        _org_slug: &str,
        _email: &str,
        _case_number: &str,
    ) -> Result<(), RepositoryError> {
        Err(unimplemented_yet())
    }

    /// What an unsubscribe link will do.
    ///
    /// # Errors
    /// See [`UnsubscribeError`].
    pub async fn unsubscribe_view(
        &self,
        _raw_token: &str,
    ) -> Result<UnsubscribeView, UnsubscribeError> {
        Err(unimplemented_yet().into())
    }

    /// Unsubscribes the link's contact from its case, or from everything.
    ///
    /// # Errors
    /// See [`UnsubscribeError`].
    pub async fn unsubscribe(
        &self,
        _raw_token: &str,
        _everything: bool,
    ) -> Result<(), UnsubscribeError> {
        Err(unimplemented_yet().into())
    }

    /// A page of the actor's organisation's cases.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn list_cases(
        &self,
        _actor: &StaffActor,
        _filter: CaseFilter,
        _page: PageRequest,
    ) -> Result<Page<Case>, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// A case with its contacts and full timeline.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn case_detail(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
    ) -> Result<CaseDetail, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Changes a case's status (with an optional public comment); notifies subscribed
    /// contacts when the form says so.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn change_status(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
        _status: CaseStatus,
        _comment: Option<String>,
    ) -> Result<Case, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Adds a staff comment; public ones notify subscribed contacts when the form says so.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn add_comment(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
        _body: &str,
        _visibility: Visibility,
    ) -> Result<TimelineEntry, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Creates a contact.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn create_contact(
        &self,
        _actor: &StaffActor,
        _contact: NewContact,
    ) -> Result<Contact, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// A contact's public profile.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn contact_profile(
        &self,
        _actor: &StaffActor,
        _contact: ContactId,
    ) -> Result<PublicProfile, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Associates a contact with a case; with `send_access`, also issues a guest link and
    /// mails it.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn associate_contact(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
        _contact: ContactId,
        _send_access: bool,
    ) -> Result<(), StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Queues a message written by staff to a contact.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn email_contact(
        &self,
        _actor: &StaffActor,
        _contact: ContactId,
        _subject: &str,
        _body: &str,
    ) -> Result<MessageId, StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Revokes a case's guest links and mails new ones to its contacts.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn reissue_guest_access(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
    ) -> Result<(), StaffCaseError> {
        Err(unimplemented_yet().into())
    }

    /// Revokes every guest link of a case; returns how many were revoked.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn revoke_guest_access(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
    ) -> Result<u64, StaffCaseError> {
        Err(unimplemented_yet().into())
    }
}
