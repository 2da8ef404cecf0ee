//! The cases use cases: form administration, public intake, guest access, staff case work,
//! contacts, notifications and unsubscribing. One method per use case, one error enum each.

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_access::{
    AttemptLog, Forbidden, LifetimeKind, OrgSlug, Organisation, OrganisationRepository, Permission,
    StaffActor,
};
use frontdesk_contacts::{Contact, ContactRepository, PublicProfile};
use frontdesk_kernel::{
    CaptchaError, CaptchaPass, CaptchaVerifier, CaseId, Clock, ContactId, EmailAddress, FormId,
    GuestAccessId, IdGenerator, Language, MessageId, OrgId, Page, PageRequest, PersonName,
    RepositoryError, TimelineEntryId, Token, TokenDigest, TokenKind, TokenSource,
    TransactionRunner, Uow, Uuid,
};
use frontdesk_messaging::{EnqueueError, MessagingService, NewMail, TemplateKind};
use time::{Duration, OffsetDateTime};

use crate::text;
use crate::{
    Author, Case, CaseFilter, CaseNumber, CaseRepository, CaseStatus, CaseViewReader, FieldConfig,
    Form, FormError, FormRepository, FormSlug, GuestAccess, GuestAccessRepository, GuestCaseRecord,
    IdempotencyRepository, SubmittedContact, TimelineEntry, TimelineEvent, TimelineRepository,
    UnsubscribeGrant, Visibility, intake,
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
    /// The records behind the public pages, read together.
    pub views: Arc<dyn CaseViewReader>,
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
    ports: CasesPorts,
    intake: IntakePolicy,
}

/// What a valid guest link opens, loaded once for every guest use case.
struct GuestContext {
    organisation: Organisation,
    form: Form,
    case: Case,
    contact: Contact,
}

/// The digest of a raw guest token; anything that is not one is an invalid link.
fn guest_token_digest(raw_token: &str) -> Result<TokenDigest, GuestLinkError> {
    Token::parse(TokenKind::GuestAccess, raw_token.trim())
        .map(|token| token.digest())
        .map_err(|_| GuestLinkError::Invalid)
}

/// The case a valid public submission creates.
fn submitted_case(
    id: CaseId,
    number: CaseNumber,
    form: &Form,
    valid: &intake::ValidSubmission,
    now: OffsetDateTime,
) -> Case {
    Case {
        id,
        org_id: form.org_id,
        number,
        form_id: form.id,
        title: valid.title.clone(),
        description: valid.description.clone(),
        priority: valid.priority,
        project: valid.project.clone(),
        status: CaseStatus::New,
        language: form.default_language,
        submitted: Some(SubmittedContact {
            first_name: valid.first_name.to_string(),
            last_name: valid.last_name.to_string(),
            email: valid.email.to_string(),
            phone: valid.phone.as_ref().map(|p| p.as_str().to_owned()),
            address: valid.address.as_ref().map(|a| a.as_str().to_owned()),
        }),
        created_at: now,
        updated_at: now,
    }
}

/// What a public submission's unit of work records beside the case.
struct Recorded<'a> {
    /// The checked captcha, spent in the same unit of work.
    captcha: CaptchaPass,
    /// The client's `Idempotency-Key`, remembered with the request's digest.
    idempotency_key: Option<&'a str>,
    /// The digest of the request.
    request: [u8; 32],
    /// The per-address limit's counter, bumped when the case is created.
    limit_key: Option<&'a str>,
}

/// A staff action's case with its organisation and form, for notifications.
struct CaseContext {
    organisation: Organisation,
    form: Form,
    case: Case,
}

fn guest_repository(error: RepositoryError) -> GuestActionError {
    GuestActionError::Repository(error)
}

fn guest_link(error: GuestLinkError) -> GuestActionError {
    match error {
        GuestLinkError::Repository(error) => GuestActionError::Repository(error),
        other => GuestActionError::Link(other),
    }
}

fn staff_enqueue(error: EnqueueError) -> StaffCaseError {
    match error {
        EnqueueError::RecipientLimited {
            retry_after_seconds,
        } => StaffCaseError::RecipientLimited {
            retry_after_seconds,
        },
        EnqueueError::Repository(error) => StaffCaseError::Repository(error),
    }
}

/// A form's display name: 1–200 characters on one line.
fn form_name(raw: &str) -> Result<String, FormError> {
    let name = raw.trim();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) {
        Err(FormError::Name)
    } else {
        Ok(name.to_owned())
    }
}

/// Statuses without repeats, in life-cycle order.
fn statuses(mut statuses: Vec<CaseStatus>) -> Vec<CaseStatus> {
    statuses.sort();
    statuses.dedup();
    statuses
}

/// "First Last" as a mail display name, or the first name alone when the whole is too long.
fn display_name(first: &PersonName, last: &PersonName) -> PersonName {
    PersonName::parse(&format!("{first} {last}")).unwrap_or_else(|_| first.clone())
}

/// Seconds until the oldest of `times` leaves the window (at least 1).
fn retry_after(times: &[OffsetDateTime], window: Duration, now: OffsetDateTime) -> u64 {
    times
        .iter()
        .min()
        .map(|oldest| (*oldest + window - now).whole_seconds())
        .and_then(|seconds| u64::try_from(seconds).ok())
        .unwrap_or(1)
        .max(1)
}

/// A case number as typed by a person: `42` or `#42`.
fn parse_case_number(raw: &str) -> Option<CaseNumber> {
    let digits = raw.trim();
    let digits = digits.strip_prefix('#').unwrap_or(digits).trim();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().map(CaseNumber)
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

    /// The mail that carries a guest link (confirmation or reissue).
    fn guest_link_mail(
        organisation: &Organisation,
        case: &Case,
        to: &EmailAddress,
        to_name: Option<PersonName>,
        token: &Token,
        kind: TemplateKind,
    ) -> NewMail {
        let case_url = organisation.public_url(&format!("/g/{}", token.expose()));
        NewMail {
            org_id: organisation.id,
            to: to.clone(),
            to_name,
            kind,
            language: case.language,
            data: serde_json::json!({
                "case_url": case_url,
                "case_number": case.number.to_string(),
                "case_title": case.title,
            }),
            unsubscribe_url: None,
        }
    }

    async fn organisation_language(&self, org: OrgId) -> Result<Language, RepositoryError> {
        Ok(self
            .ports
            .organisations
            .find(org)
            .await?
            .map_or(Language::default(), |org| org.default_language))
    }

    async fn organisation(&self, org: OrgId) -> Result<Organisation, RepositoryError> {
        self.ports
            .organisations
            .find(org)
            .await?
            .ok_or_else(|| RepositoryError::Corrupt("the organisation does not exist".into()))
    }

    // ----- forms -------------------------------------------------------------------------

    /// Creates a form (admins and case admins).
    ///
    /// # Errors
    /// See [`FormAdminError`].
    pub async fn create_form(
        &self,
        actor: &StaffActor,
        form: NewForm,
    ) -> Result<Form, FormAdminError> {
        actor.require(Permission::ManageForms)?;
        let slug = FormSlug::parse(&form.slug)?;
        let name = form_name(&form.name)?;
        let fields = form.fields.unwrap_or_else(Form::standard_fields);
        Form::check_fields(&fields)?;
        let default_language = match form.default_language {
            Some(language) => language,
            None => self.organisation_language(actor.org_id).await?,
        };
        let created = Form {
            id: FormId::from_uuid(self.new_uuid()),
            org_id: actor.org_id,
            slug,
            name,
            default_language,
            fields,
            guest_edit_statuses: statuses(
                form.guest_edit_statuses
                    .unwrap_or_else(|| vec![CaseStatus::New]),
            ),
            notify_contacts: form.notify_contacts.unwrap_or(true),
            share_links_enabled: form.share_links_enabled.unwrap_or(false),
            created_at: self.ports.clock.now(),
        };
        match self.ports.forms.insert(&created).await {
            Ok(()) => Ok(created),
            Err(RepositoryError::Conflict(_)) => Err(FormAdminError::SlugTaken),
            Err(error) => Err(error.into()),
        }
    }

    async fn find_form(&self, org: OrgId, slug: &str) -> Result<Form, FormAdminError> {
        let slug = FormSlug::parse(slug).map_err(|_| FormAdminError::NotFound)?;
        self.ports
            .forms
            .find_by_slug(org, &slug)
            .await?
            .ok_or(FormAdminError::NotFound)
    }

    /// A form of the actor's organisation.
    ///
    /// # Errors
    /// See [`FormAdminError`].
    pub async fn form(&self, actor: &StaffActor, slug: &str) -> Result<Form, FormAdminError> {
        actor.require(Permission::ManageForms)?;
        self.find_form(actor.org_id, slug).await
    }

    /// Changes a form.
    ///
    /// # Errors
    /// See [`FormAdminError`].
    pub async fn update_form(
        &self,
        actor: &StaffActor,
        slug: &str,
        changes: FormChanges,
    ) -> Result<Form, FormAdminError> {
        actor.require(Permission::ManageForms)?;
        let mut form = self.find_form(actor.org_id, slug).await?;
        if let Some(name) = changes.name {
            form.name = form_name(&name)?;
        }
        if let Some(fields) = changes.fields {
            Form::check_fields(&fields)?;
            form.fields = fields;
        }
        if let Some(language) = changes.default_language {
            form.default_language = language;
        }
        if let Some(guest_edit_statuses) = changes.guest_edit_statuses {
            form.guest_edit_statuses = statuses(guest_edit_statuses);
        }
        if let Some(notify) = changes.notify_contacts {
            form.notify_contacts = notify;
        }
        if let Some(share) = changes.share_links_enabled {
            form.share_links_enabled = share;
        }
        self.ports.forms.update(&form).await?;
        Ok(form)
    }

    /// The organisation and form behind a public form URL.
    ///
    /// # Errors
    /// See [`PublicFormError`].
    pub async fn public_form(
        &self,
        org_slug: &str,
        form_slug: &str,
    ) -> Result<(Organisation, Form), PublicFormError> {
        let (Ok(org_slug), Ok(form_slug)) = (OrgSlug::parse(org_slug), FormSlug::parse(form_slug))
        else {
            return Err(PublicFormError::NotFound);
        };
        self.ports
            .views
            .public_form(&org_slug, &form_slug)
            .await?
            .ok_or(PublicFormError::NotFound)
    }

    // ----- public intake -----------------------------------------------------------------

    /// Creates a case from a public submission: checks the captcha, the per-IP limit and every
    /// field; then, in one unit of work, finds or creates the contact (never overwriting an
    /// existing one), creates the case, issues a guest link and queues the confirmation mail.
    ///
    /// A request repeating an earlier one with the same `Idempotency-Key` and the same
    /// fields is answered from the first one (`replayed`) before the captcha is checked, so
    /// a client retrying a request whose answer it lost succeeds even though its captcha
    /// solution was already used; it creates nothing.
    ///
    /// # Errors
    /// See [`SubmitError`].
    pub async fn submit(&self, submission: Submission) -> Result<Submitted, SubmitError> {
        let now = self.ports.clock.now();
        let limit_key = submission.client_ip.map(|ip| format!("intake:{ip}"));
        // The form and the address's recent submissions do not depend on each other.
        let (public_form, recent) = futures::join!(
            self.public_form(&submission.org_slug, &submission.form_slug),
            async {
                match &limit_key {
                    Some(key) => self
                        .ports
                        .attempts
                        .failures_since(key, now - self.intake.window)
                        .await
                        .map(Some),
                    None => Ok(None),
                }
            },
        );
        let (organisation, form) = public_form.map_err(|error| match error {
            PublicFormError::NotFound => SubmitError::NotFound,
            PublicFormError::Repository(error) => SubmitError::Repository(error),
        })?;
        if let Some(recent) = recent?
            && recent.len() >= self.intake.per_ip as usize
        {
            return Err(SubmitError::RateLimited {
                retry_after_seconds: retry_after(&recent, self.intake.window, now),
            });
        }
        let mut valid = intake::submission(&form, &submission.fields, self.intake.max_description);
        let key = submission
            .idempotency_key
            .as_deref()
            .map(|raw| intake::idempotency_key(raw).map(str::to_owned));
        if let Some(None) = key {
            let mut errors = valid.err().unwrap_or_default();
            errors.push(FieldError {
                field: "idempotency_key".to_owned(),
                message: "an Idempotency-Key is 1–255 visible ASCII characters".to_owned(),
            });
            valid = Err(errors);
        }
        let key = key.flatten();
        let valid = valid.map_err(SubmitError::Invalid)?;
        let request = valid.request_hash(organisation.slug.as_str(), form.slug.as_str());
        if let Some(key) = &key
            && let Some(earlier) = self.ports.idempotency.recall(organisation.id, key).await?
        {
            return self.replay(organisation.id, earlier, request).await;
        }
        let solution = submission
            .fields
            .captcha
            .as_deref()
            .map(str::trim)
            .filter(|solution| !solution.is_empty())
            .ok_or(SubmitError::Captcha(CaptchaError::Missing))?;
        let captcha = self
            .ports
            .captcha
            .check(solution, submission.client_ip)
            .await
            .map_err(SubmitError::Captcha)?;
        self.create_submitted_case(
            &organisation,
            &form,
            valid,
            Recorded {
                captcha,
                idempotency_key: key.as_deref(),
                request,
                limit_key: limit_key.as_deref(),
            },
            now,
        )
        .await
    }

    /// The answer to a request whose key was seen: the same case when the request is the
    /// same, a conflict otherwise.
    async fn replay(
        &self,
        org: OrgId,
        (earlier, case_id): ([u8; 32], CaseId),
        request: [u8; 32],
    ) -> Result<Submitted, SubmitError> {
        if earlier != request {
            return Err(SubmitError::IdempotencyConflict);
        }
        let case = self.ports.cases.find(org, case_id).await?.ok_or_else(|| {
            RepositoryError::Corrupt("an idempotency key names a missing case".into())
        })?;
        Ok(Submitted {
            case_id,
            number: case.number,
            replayed: true,
        })
    }

    /// The unit of work of a public submission. The confirmation mail is enqueued before
    /// anything else is written, so a recipient limit leaves nothing behind even in stores
    /// without rollback.
    async fn create_submitted_case(
        &self,
        organisation: &Organisation,
        form: &Form,
        valid: intake::ValidSubmission,
        recorded: Recorded<'_>,
        now: OffsetDateTime,
    ) -> Result<Submitted, SubmitError> {
        let Recorded {
            captcha,
            idempotency_key: key,
            request,
            limit_key,
        } = recorded;
        let mut uow = self.ports.transactions.begin().await?;
        let number = self
            .ports
            .cases
            .next_number(uow.as_mut(), organisation.id)
            .await?;
        let case = submitted_case(
            CaseId::from_uuid(self.new_uuid()),
            number,
            form,
            &valid,
            now,
        );
        // The contact is known only after the lookup below; the capability is made now so
        // the mail, which goes first, carries its token.
        let (mut access, token) = self.new_guest_access(
            organisation,
            case.id,
            ContactId::from_uuid(Uuid::nil()),
            now,
        );
        let mail = Self::guest_link_mail(
            organisation,
            &case,
            &valid.email,
            Some(display_name(&valid.first_name, &valid.last_name)),
            &token,
            TemplateKind::GuestCaseCreated,
        );
        self.ports
            .messaging
            .enqueue(uow.as_mut(), mail)
            .await
            .map_err(|error| match error {
                EnqueueError::RecipientLimited {
                    retry_after_seconds,
                } => SubmitError::RecipientLimited {
                    retry_after_seconds,
                },
                EnqueueError::Repository(error) => SubmitError::Repository(error),
            })?;
        // The solution is used up only if the case is created.
        self.ports
            .captcha
            .spend_in(uow.as_mut(), captcha)
            .await
            .map_err(SubmitError::Captcha)?;
        let contact = self
            .find_or_create_contact(uow.as_mut(), organisation.id, valid, now)
            .await?;
        self.ports.cases.insert(uow.as_mut(), &case).await?;
        let created = self.timeline_entry(
            case.id,
            Author::Contact(contact.id),
            TimelineEvent::Created,
            Visibility::Public,
            now,
        );
        self.ports
            .timeline
            .append(uow.as_mut(), organisation.id, &created)
            .await?;
        self.ports
            .cases
            .link_contact(uow.as_mut(), organisation.id, case.id, contact.id, now)
            .await?;
        access.contact_id = contact.id;
        self.ports
            .guest_access
            .insert(uow.as_mut(), &access)
            .await?;
        if let Some(key) = key
            && let Err(error) = self
                .ports
                .idempotency
                .remember(uow.as_mut(), organisation.id, key, request, case.id, now)
                .await
        {
            drop(uow);
            return self
                .lost_idempotency_race(organisation.id, key, request, error)
                .await;
        }
        // The submission counts against the address's limit only if the case is created.
        if let Some(limit_key) = limit_key {
            self.ports
                .attempts
                .record_failure_in(uow.as_mut(), limit_key, now)
                .await?;
        }
        uow.commit().await?;
        Ok(Submitted {
            case_id: case.id,
            number: case.number,
            replayed: false,
        })
    }

    /// When remembering the key failed because a concurrent request with the same key won
    /// the race, the answer that request got; otherwise the failure.
    async fn lost_idempotency_race(
        &self,
        org: OrgId,
        key: &str,
        request: [u8; 32],
        error: RepositoryError,
    ) -> Result<Submitted, SubmitError> {
        let RepositoryError::Conflict(field) = error else {
            return Err(error.into());
        };
        let earlier = self
            .ports
            .idempotency
            .recall(org, key)
            .await?
            .ok_or(RepositoryError::Conflict(field))?;
        self.replay(org, earlier, request).await
    }

    /// The organisation's contact with the submitted address, or a new one made from the
    /// submission. An existing contact is never changed.
    async fn find_or_create_contact(
        &self,
        uow: &mut Uow,
        org: OrgId,
        valid: intake::ValidSubmission,
        now: OffsetDateTime,
    ) -> Result<Contact, RepositoryError> {
        let contact = Contact {
            id: ContactId::from_uuid(self.new_uuid()),
            org_id: org,
            email: valid.email,
            first_name: valid.first_name,
            last_name: valid.last_name,
            phone: valid.phone,
            address: valid.address,
            unsubscribed_all: false,
            created_at: now,
        };
        self.ports.contacts.find_or_insert_in(uow, &contact).await
    }

    // ----- guests ------------------------------------------------------------------------

    /// Checks a guest capability's state: revoked before expired.
    fn check_usable(&self, access: &GuestAccess) -> Result<(), GuestLinkError> {
        if access.revoked_at.is_some() {
            return Err(GuestLinkError::Revoked);
        }
        if !access.is_usable(self.ports.clock.now()) {
            return Err(GuestLinkError::Expired);
        }
        Ok(())
    }

    /// The capability behind a raw guest token, if it opens a case now.
    async fn usable_access(&self, raw_token: &str) -> Result<GuestAccess, GuestLinkError> {
        let digest = guest_token_digest(raw_token)?;
        let access = self
            .ports
            .guest_access
            .find_by_digest(&digest)
            .await?
            .ok_or(GuestLinkError::Invalid)?;
        self.check_usable(&access)?;
        Ok(access)
    }

    async fn guest_context(
        &self,
        raw_token: &str,
        case: CaseId,
    ) -> Result<GuestContext, GuestLinkError> {
        Ok(self.guest_context_with(raw_token, case, false).await?.0)
    }

    /// The guest's context (one read of the capability with what it opens) and, when
    /// `with_timeline`, the case's public timeline.
    async fn guest_context_with(
        &self,
        raw_token: &str,
        case: CaseId,
        with_timeline: bool,
    ) -> Result<(GuestContext, Vec<TimelineEntry>), GuestLinkError> {
        let digest = guest_token_digest(raw_token)?;
        let record = self
            .ports
            .views
            .guest_case(&digest)
            .await?
            .ok_or(GuestLinkError::Invalid)?;
        self.check_usable(&record.access)?;
        let GuestCaseRecord {
            access,
            context,
            contact,
        } = record;
        if access.case_id != case
            || context.case.id != case
            || context.case.org_id != access.org_id
            || contact.id != access.contact_id
        {
            return Err(GuestLinkError::Invalid);
        }
        let timeline = if with_timeline {
            self.ports
                .timeline
                .list(access.org_id, access.case_id, false)
                .await?
        } else {
            Vec::new()
        };
        Ok((
            GuestContext {
                organisation: context.organisation,
                form: context.form,
                case: context.case,
                contact,
            },
            timeline,
        ))
    }

    /// The case a guest link opens (for the redirect to the clean case URL).
    ///
    /// # Errors
    /// See [`GuestLinkError`].
    pub async fn open_guest_link(&self, raw_token: &str) -> Result<CaseId, GuestLinkError> {
        Ok(self.usable_access(raw_token).await?.case_id)
    }

    /// The guest's view of `case` with the token from their cookie.
    ///
    /// # Errors
    /// See [`GuestLinkError`].
    pub async fn guest_case(
        &self,
        raw_token: &str,
        case: CaseId,
    ) -> Result<GuestCaseView, GuestLinkError> {
        let (context, timeline) = self.guest_context_with(raw_token, case, true).await?;
        let may_edit = context.form.guest_may_edit(context.case.status);
        Ok(GuestCaseView {
            organisation: context.organisation,
            form: context.form,
            case: context.case,
            contact: context.contact,
            timeline,
            may_edit,
        })
    }

    /// A guest's comment (visible to externals; notifies other contacts).
    ///
    /// # Errors
    /// See [`GuestActionError`].
    pub async fn guest_comment(
        &self,
        raw_token: &str,
        case: CaseId,
        body: &str,
    ) -> Result<(), GuestActionError> {
        let context = self
            .guest_context(raw_token, case)
            .await
            .map_err(guest_link)?;
        let body =
            intake::body(context.case.language, "body", body).map_err(GuestActionError::Invalid)?;
        let now = self.ports.clock.now();
        let activity = text::comment_activity(context.case.language, &body);
        let entry = self.timeline_entry(
            context.case.id,
            Author::Contact(context.contact.id),
            TimelineEvent::Comment { body },
            Visibility::Public,
            now,
        );
        let mut case = context.case;
        case.updated_at = now;
        let org = context.organisation.id;
        let mut uow = self
            .ports
            .transactions
            .begin()
            .await
            .map_err(guest_repository)?;
        self.ports
            .timeline
            .append(uow.as_mut(), org, &entry)
            .await
            .map_err(guest_repository)?;
        self.ports
            .cases
            .update(uow.as_mut(), &case)
            .await
            .map_err(guest_repository)?;
        let target = CaseContext {
            organisation: context.organisation,
            form: context.form,
            case,
        };
        self.notify_contacts(
            uow.as_mut(),
            &target,
            &activity,
            Some(context.contact.id),
            now,
        )
        .await
        .map_err(guest_repository)?;
        uow.commit().await.map_err(guest_repository)
    }

    /// A guest's edit, allowed only in the form's guest-edit statuses.
    ///
    /// # Errors
    /// See [`GuestActionError`].
    pub async fn guest_edit(
        &self,
        raw_token: &str,
        case: CaseId,
        edit: GuestEdit,
    ) -> Result<(), GuestActionError> {
        let context = self
            .guest_context(raw_token, case)
            .await
            .map_err(guest_link)?;
        if !context.form.guest_may_edit(context.case.status) {
            return Err(GuestActionError::NotEditable);
        }
        let valid = intake::guest_edit(
            &context.form,
            context.case.language,
            &edit,
            self.intake.max_description,
        )
        .map_err(GuestActionError::Invalid)?;
        let mut case = context.case;
        let mut changes: Vec<(&'static str, Option<String>, Option<String>)> = Vec::new();
        if let Some(title) = valid.title
            && title != case.title
        {
            changes.push(("title", Some(case.title.clone()), Some(title.clone())));
            case.title = title;
        }
        if let Some(description) = valid.description
            && description != case.description
        {
            changes.push(("description", case.description.clone(), description.clone()));
            case.description = description;
        }
        if let Some(priority) = valid.priority
            && priority != case.priority
        {
            changes.push((
                "priority",
                Some(case.priority.as_str().to_owned()),
                Some(priority.as_str().to_owned()),
            ));
            case.priority = priority;
        }
        if let Some(project) = valid.project
            && project != case.project
        {
            changes.push(("project", case.project.clone(), project.clone()));
            case.project = project;
        }
        if changes.is_empty() {
            return Ok(());
        }
        let now = self.ports.clock.now();
        case.updated_at = now;
        let org = context.organisation.id;
        let mut uow = self
            .ports
            .transactions
            .begin()
            .await
            .map_err(guest_repository)?;
        for (field, from, to) in changes {
            let entry = self.timeline_entry(
                case.id,
                Author::Contact(context.contact.id),
                TimelineEvent::FieldChanged {
                    field: field.to_owned(),
                    from,
                    to,
                },
                Visibility::Public,
                now,
            );
            self.ports
                .timeline
                .append(uow.as_mut(), org, &entry)
                .await
                .map_err(guest_repository)?;
        }
        self.ports
            .cases
            .update(uow.as_mut(), &case)
            .await
            .map_err(guest_repository)?;
        uow.commit().await.map_err(guest_repository)
    }

    /// "Send me a new link": when `email` and `case_number` match a case of the organisation,
    /// issues a new guest link and mails it. Answers the same whether or not they match.
    ///
    /// When they match, the contact's earlier links to the case are revoked. When the
    /// recipient limit holds the mail back, nothing changes and the answer is still `Ok`.
    ///
    /// # Errors
    /// [`RepositoryError`] only when storage fails.
    pub async fn request_new_link(
        &self,
        org_slug: &str,
        email: &str,
        case_number: &str,
    ) -> Result<(), RepositoryError> {
        let Ok(org_slug) = OrgSlug::parse(org_slug.trim()) else {
            return Ok(());
        };
        let Some(organisation) = self.ports.organisations.find_by_slug(&org_slug).await? else {
            return Ok(());
        };
        // Both lookups run whether or not the other matched, so the work done says little
        // about which of the two did not.
        let email = EmailAddress::parse(email).ok();
        let number = parse_case_number(case_number);
        let case = match number {
            Some(number) => {
                self.ports
                    .cases
                    .find_by_number(organisation.id, number)
                    .await?
            }
            None => None,
        };
        let contact = match &email {
            Some(email) => {
                self.ports
                    .contacts
                    .find_by_email(organisation.id, email)
                    .await?
            }
            None => None,
        };
        let (Some(case), Some(contact)) = (case, contact) else {
            return Ok(());
        };
        if !self
            .ports
            .cases
            .contacts_of(organisation.id, case.id)
            .await?
            .contains(&contact.id)
        {
            return Ok(());
        }
        let now = self.ports.clock.now();
        let (access, token) = self.new_guest_access(&organisation, case.id, contact.id, now);
        let mail = Self::guest_link_mail(
            &organisation,
            &case,
            &contact.email,
            Some(display_name(&contact.first_name, &contact.last_name)),
            &token,
            TemplateKind::GuestLinkReissued,
        );
        let mut uow = self.ports.transactions.begin().await?;
        match self.ports.messaging.enqueue(uow.as_mut(), mail).await {
            Ok(_) => {}
            Err(EnqueueError::RecipientLimited { .. }) => return Ok(()),
            Err(EnqueueError::Repository(error)) => return Err(error),
        }
        self.ports
            .guest_access
            .revoke_for_case(
                uow.as_mut(),
                organisation.id,
                case.id,
                Some(contact.id),
                now,
            )
            .await?;
        self.ports
            .guest_access
            .insert(uow.as_mut(), &access)
            .await?;
        uow.commit().await
    }

    // ----- notifications -----------------------------------------------------------------

    /// Queues a notification of `activity` on the case to each contact that wants them
    /// (every contact of the case but `except`, the one who acted), inside the caller's unit
    /// of work. Each mail carries a fresh guest link and a fresh unsubscribe link.
    ///
    /// A contact held back by the recipient limit is skipped (no mail, no link issued) so
    /// that one busy inbox never fails the action that triggered the notification.
    async fn notify_contacts(
        &self,
        uow: &mut Uow,
        target: &CaseContext,
        activity: &str,
        except: Option<ContactId>,
        now: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        if !target.form.notify_contacts {
            return Ok(());
        }
        let (organisation, case) = (&target.organisation, &target.case);
        let org = organisation.id;
        for contact_id in self.ports.cases.contacts_of(org, case.id).await? {
            if Some(contact_id) == except
                || !self
                    .ports
                    .contacts
                    .is_subscribed(org, contact_id, case.id)
                    .await?
            {
                continue;
            }
            let Some(contact) = self.ports.contacts.find(org, contact_id).await? else {
                continue;
            };
            if contact.unsubscribed_all {
                continue;
            }
            let (access, guest_token) =
                self.new_guest_access(organisation, case.id, contact.id, now);
            let unsubscribe_token =
                Token::generate(TokenKind::Unsubscribe, self.ports.tokens.as_ref());
            let unsubscribe_url =
                organisation.public_url(&format!("/u/{}", unsubscribe_token.expose()));
            let case_url = organisation.public_url(&format!("/g/{}", guest_token.expose()));
            let mail = NewMail {
                org_id: org,
                to: contact.email.clone(),
                to_name: Some(display_name(&contact.first_name, &contact.last_name)),
                kind: TemplateKind::CaseNotification,
                language: case.language,
                data: serde_json::json!({
                    "case_url": case_url,
                    "case_number": case.number.to_string(),
                    "case_title": case.title,
                    "activity": activity,
                    "unsubscribe_url": unsubscribe_url,
                }),
                unsubscribe_url: Some(unsubscribe_url),
            };
            match self.ports.messaging.enqueue(uow, mail).await {
                Ok(_) => {}
                Err(EnqueueError::RecipientLimited { .. }) => continue,
                Err(EnqueueError::Repository(error)) => return Err(error),
            }
            self.ports.guest_access.insert(uow, &access).await?;
            let grant = UnsubscribeGrant {
                org_id: org,
                contact_id: contact.id,
                case_id: case.id,
                digest: unsubscribe_token.digest(),
                created_at: now,
            };
            self.ports
                .guest_access
                .insert_unsubscribe(uow, &grant)
                .await?;
        }
        Ok(())
    }

    // ----- unsubscribing -----------------------------------------------------------------

    async fn unsubscribe_grant(
        &self,
        raw_token: &str,
    ) -> Result<UnsubscribeGrant, UnsubscribeError> {
        let token = Token::parse(TokenKind::Unsubscribe, raw_token.trim())
            .map_err(|_| UnsubscribeError::Invalid)?;
        self.ports
            .guest_access
            .find_unsubscribe(&token.digest())
            .await?
            .ok_or(UnsubscribeError::Invalid)
    }

    /// What an unsubscribe link will do.
    ///
    /// # Errors
    /// See [`UnsubscribeError`].
    pub async fn unsubscribe_view(
        &self,
        raw_token: &str,
    ) -> Result<UnsubscribeView, UnsubscribeError> {
        let grant = self.unsubscribe_grant(raw_token).await?;
        let organisation = self
            .ports
            .organisations
            .find(grant.org_id)
            .await?
            .ok_or(UnsubscribeError::Invalid)?;
        let case = self
            .ports
            .cases
            .find(grant.org_id, grant.case_id)
            .await?
            .ok_or(UnsubscribeError::Invalid)?;
        let contact = self
            .ports
            .contacts
            .find(grant.org_id, grant.contact_id)
            .await?
            .ok_or(UnsubscribeError::Invalid)?;
        Ok(UnsubscribeView {
            organisation_name: organisation.name.as_str().to_owned(),
            case_number: case.number,
            case_title: case.title,
            email: contact.email.to_string(),
            language: case.language,
        })
    }

    /// Unsubscribes the link's contact from its case, or from everything.
    ///
    /// # Errors
    /// See [`UnsubscribeError`].
    pub async fn unsubscribe(
        &self,
        raw_token: &str,
        everything: bool,
    ) -> Result<(), UnsubscribeError> {
        let grant = self.unsubscribe_grant(raw_token).await?;
        let now = self.ports.clock.now();
        if everything {
            self.ports
                .contacts
                .unsubscribe_all(grant.org_id, grant.contact_id, now)
                .await?;
        } else {
            self.ports
                .contacts
                .unsubscribe_case(grant.org_id, grant.contact_id, grant.case_id, now)
                .await?;
        }
        Ok(())
    }

    // ----- staff -------------------------------------------------------------------------

    async fn staff_case(&self, actor: &StaffActor, case: CaseId) -> Result<Case, StaffCaseError> {
        self.ports
            .cases
            .find(actor.org_id, case)
            .await?
            .ok_or(StaffCaseError::NotFound("case"))
    }

    async fn case_context(&self, case: Case) -> Result<CaseContext, StaffCaseError> {
        let organisation = self.organisation(case.org_id).await?;
        let form = self
            .ports
            .forms
            .find(case.org_id, case.form_id)
            .await?
            .ok_or_else(|| RepositoryError::Corrupt("a case names a missing form".into()))?;
        Ok(CaseContext {
            organisation,
            form,
            case,
        })
    }

    async fn staff_contact(
        &self,
        actor: &StaffActor,
        contact: ContactId,
    ) -> Result<Contact, StaffCaseError> {
        self.ports
            .contacts
            .find(actor.org_id, contact)
            .await?
            .ok_or(StaffCaseError::NotFound("contact"))
    }

    /// A page of the actor's organisation's cases.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn list_cases(
        &self,
        actor: &StaffActor,
        filter: CaseFilter,
        page: PageRequest,
    ) -> Result<Page<Case>, StaffCaseError> {
        actor.require(Permission::ViewCases)?;
        Ok(self.ports.cases.list(actor.org_id, &filter, page).await?)
    }

    /// A case with its contacts and full timeline.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn case_detail(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<CaseDetail, StaffCaseError> {
        actor.require(Permission::ViewCases)?;
        let case = self.staff_case(actor, case).await?;
        let form = self
            .ports
            .forms
            .find(actor.org_id, case.form_id)
            .await?
            .ok_or_else(|| RepositoryError::Corrupt("a case names a missing form".into()))?;
        let mut contacts = Vec::new();
        for id in self.ports.cases.contacts_of(actor.org_id, case.id).await? {
            if let Some(contact) = self.ports.contacts.find(actor.org_id, id).await? {
                contacts.push(PublicProfile::from(&contact));
            }
        }
        let timeline = self
            .ports
            .timeline
            .list(actor.org_id, case.id, true)
            .await?;
        Ok(CaseDetail {
            case,
            form_slug: form.slug.as_str().to_owned(),
            contacts,
            timeline,
        })
    }

    /// Changes a case's status (with an optional public comment); notifies subscribed
    /// contacts when the form says so. Changing to the current status changes nothing.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn change_status(
        &self,
        actor: &StaffActor,
        case: CaseId,
        status: CaseStatus,
        comment: Option<String>,
    ) -> Result<Case, StaffCaseError> {
        actor.require(Permission::EditCases)?;
        let mut case = self.staff_case(actor, case).await?;
        if case.status == status {
            return Ok(case);
        }
        let comment = match comment.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => {
                Some(intake::body(Language::En, "comment", raw).map_err(StaffCaseError::Invalid)?)
            }
        };
        let now = self.ports.clock.now();
        let from = case.status;
        case.status = status;
        case.updated_at = now;
        let activity = text::status_activity(case.language, from, status, comment.as_deref());
        let author = Author::Staff(actor.user_id);
        let mut entries = vec![self.timeline_entry(
            case.id,
            author,
            TimelineEvent::StatusChanged { from, to: status },
            Visibility::Public,
            now,
        )];
        if let Some(body) = comment {
            entries.push(self.timeline_entry(
                case.id,
                author,
                TimelineEvent::Comment { body },
                Visibility::Public,
                now,
            ));
        }
        let target = self.case_context(case).await?;
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.cases.update(uow.as_mut(), &target.case).await?;
        for entry in &entries {
            self.ports
                .timeline
                .append(uow.as_mut(), actor.org_id, entry)
                .await?;
        }
        self.notify_contacts(uow.as_mut(), &target, &activity, None, now)
            .await?;
        uow.commit().await?;
        Ok(target.case)
    }

    /// Adds a staff comment; public ones notify subscribed contacts when the form says so.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn add_comment(
        &self,
        actor: &StaffActor,
        case: CaseId,
        body: &str,
        visibility: Visibility,
    ) -> Result<TimelineEntry, StaffCaseError> {
        actor.require(Permission::EditCases)?;
        let mut case = self.staff_case(actor, case).await?;
        let body = intake::body(Language::En, "body", body).map_err(StaffCaseError::Invalid)?;
        let now = self.ports.clock.now();
        let activity = text::comment_activity(case.language, &body);
        let entry = self.timeline_entry(
            case.id,
            Author::Staff(actor.user_id),
            TimelineEvent::Comment { body },
            visibility,
            now,
        );
        case.updated_at = now;
        let notify = visibility == Visibility::Public;
        let target = if notify {
            Some(self.case_context(case.clone()).await?)
        } else {
            None
        };
        let mut uow = self.ports.transactions.begin().await?;
        self.ports
            .timeline
            .append(uow.as_mut(), actor.org_id, &entry)
            .await?;
        self.ports.cases.update(uow.as_mut(), &case).await?;
        if let Some(target) = &target {
            self.notify_contacts(uow.as_mut(), target, &activity, None, now)
                .await?;
        }
        uow.commit().await?;
        Ok(entry)
    }

    /// Creates a contact.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn create_contact(
        &self,
        actor: &StaffActor,
        contact: NewContact,
    ) -> Result<Contact, StaffCaseError> {
        actor.require(Permission::ManageContacts)?;
        let fields = RawSubmission {
            first_name: Some(contact.first_name),
            last_name: Some(contact.last_name),
            email: Some(contact.email),
            phone: contact.phone,
            address: contact.address,
            ..RawSubmission::default()
        };
        let valid = intake::contact(Language::En, &fields).map_err(StaffCaseError::Invalid)?;
        let created = Contact {
            id: ContactId::from_uuid(self.new_uuid()),
            org_id: actor.org_id,
            email: valid.email,
            first_name: valid.first_name,
            last_name: valid.last_name,
            phone: valid.phone,
            address: valid.address,
            unsubscribed_all: false,
            created_at: self.ports.clock.now(),
        };
        let mut uow = self.ports.transactions.begin().await?;
        match self.ports.contacts.insert(uow.as_mut(), &created).await {
            Ok(()) => {}
            Err(RepositoryError::Conflict(_)) => return Err(StaffCaseError::ContactExists),
            Err(error) => return Err(error.into()),
        }
        uow.commit().await?;
        Ok(created)
    }

    /// A contact's public profile.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn contact_profile(
        &self,
        actor: &StaffActor,
        contact: ContactId,
    ) -> Result<PublicProfile, StaffCaseError> {
        actor.require(Permission::ManageContacts)?;
        let contact = self.staff_contact(actor, contact).await?;
        Ok(PublicProfile::from(&contact))
    }

    /// Associates a contact with a case; with `send_access`, also issues a guest link and
    /// mails it. Needs both `EditCases` and `ManageContacts`.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn associate_contact(
        &self,
        actor: &StaffActor,
        case: CaseId,
        contact: ContactId,
        send_access: bool,
    ) -> Result<(), StaffCaseError> {
        actor.require(Permission::EditCases)?;
        actor.require(Permission::ManageContacts)?;
        let case = self.staff_case(actor, case).await?;
        let contact = self.staff_contact(actor, contact).await?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let access = if send_access {
            let organisation = self.organisation(actor.org_id).await?;
            let (access, token) = self.new_guest_access(&organisation, case.id, contact.id, now);
            let mail = Self::guest_link_mail(
                &organisation,
                &case,
                &contact.email,
                Some(display_name(&contact.first_name, &contact.last_name)),
                &token,
                TemplateKind::GuestLinkReissued,
            );
            self.ports
                .messaging
                .enqueue(uow.as_mut(), mail)
                .await
                .map_err(staff_enqueue)?;
            Some(access)
        } else {
            None
        };
        self.ports
            .cases
            .link_contact(uow.as_mut(), actor.org_id, case.id, contact.id, now)
            .await?;
        if let Some(access) = &access {
            self.ports.guest_access.insert(uow.as_mut(), access).await?;
        }
        uow.commit().await?;
        Ok(())
    }

    /// Queues a message written by staff to a contact.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn email_contact(
        &self,
        actor: &StaffActor,
        contact: ContactId,
        subject: &str,
        body: &str,
    ) -> Result<MessageId, StaffCaseError> {
        actor.require(Permission::ManageContacts)?;
        let contact = self.staff_contact(actor, contact).await?;
        let mut errors = intake::Errors::new(Language::En);
        let subject = intake::single_line(subject.trim(), text::Problem::Subject)
            .map_err(|problem| errors.push("subject", problem))
            .ok();
        let body = intake::multi_line(body, intake::MAX_BODY_CHARS, text::Problem::Body)
            .map_err(|problem| errors.push("body", problem))
            .ok();
        let (subject, body) = errors
            .finish(|| subject.zip(body))
            .map_err(StaffCaseError::Invalid)?;
        let language = self.organisation_language(actor.org_id).await?;
        let mail = NewMail {
            org_id: actor.org_id,
            to: contact.email.clone(),
            to_name: Some(display_name(&contact.first_name, &contact.last_name)),
            kind: TemplateKind::ContactMessage,
            language,
            data: serde_json::json!({ "subject": subject, "message": body }),
            unsubscribe_url: None,
        };
        let mut uow = self.ports.transactions.begin().await?;
        let id = self
            .ports
            .messaging
            .enqueue(uow.as_mut(), mail)
            .await
            .map_err(staff_enqueue)?;
        uow.commit().await?;
        Ok(id)
    }

    /// Revokes a case's guest links and mails new ones to its contacts. When the recipient
    /// limit holds back any of the mails, nothing changes.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn reissue_guest_access(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<(), StaffCaseError> {
        actor.require(Permission::EditCases)?;
        let case = self.staff_case(actor, case).await?;
        let organisation = self.organisation(actor.org_id).await?;
        let now = self.ports.clock.now();
        let mut issued = Vec::new();
        for id in self.ports.cases.contacts_of(actor.org_id, case.id).await? {
            if let Some(contact) = self.ports.contacts.find(actor.org_id, id).await? {
                let (access, token) =
                    self.new_guest_access(&organisation, case.id, contact.id, now);
                issued.push((contact, access, token));
            }
        }
        let mut uow = self.ports.transactions.begin().await?;
        for (contact, _, token) in &issued {
            let mail = Self::guest_link_mail(
                &organisation,
                &case,
                &contact.email,
                Some(display_name(&contact.first_name, &contact.last_name)),
                token,
                TemplateKind::GuestLinkReissued,
            );
            self.ports
                .messaging
                .enqueue(uow.as_mut(), mail)
                .await
                .map_err(staff_enqueue)?;
        }
        self.ports
            .guest_access
            .revoke_for_case(uow.as_mut(), actor.org_id, case.id, None, now)
            .await?;
        for (_, access, _) in &issued {
            self.ports.guest_access.insert(uow.as_mut(), access).await?;
        }
        uow.commit().await?;
        Ok(())
    }

    /// Revokes every guest link of a case; returns how many were revoked.
    ///
    /// # Errors
    /// See [`StaffCaseError`].
    pub async fn revoke_guest_access(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<u64, StaffCaseError> {
        actor.require(Permission::EditCases)?;
        let case = self.staff_case(actor, case).await?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let revoked = self
            .ports
            .guest_access
            .revoke_for_case(uow.as_mut(), actor.org_id, case.id, None, now)
            .await?;
        uow.commit().await?;
        Ok(revoked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_parse_with_or_without_hash() {
        assert_eq!(parse_case_number("42"), Some(CaseNumber(42)));
        assert_eq!(parse_case_number(" #42 "), Some(CaseNumber(42)));
        assert_eq!(parse_case_number("# 7"), Some(CaseNumber(7)));
        assert_eq!(parse_case_number("#"), None);
        assert_eq!(parse_case_number("-1"), None);
        assert_eq!(parse_case_number("4 2"), None);
        assert_eq!(parse_case_number("99999999999999999999999"), None);
    }

    #[test]
    fn retry_after_counts_from_the_oldest_attempt() {
        let now = time::macros::datetime!(2026-01-01 0:10 UTC);
        let times = [now - Duration::minutes(4), now - Duration::minutes(9)];
        assert_eq!(retry_after(&times, Duration::minutes(10), now), 60);
        assert_eq!(retry_after(&[], Duration::minutes(10), now), 1);
    }

    #[test]
    fn form_names_and_statuses() {
        assert_eq!(form_name("  Contact  "), Ok("Contact".to_owned()));
        assert_eq!(form_name(" "), Err(FormError::Name));
        assert_eq!(form_name(&"x".repeat(201)), Err(FormError::Name));
        assert_eq!(form_name("a\nb"), Err(FormError::Name));
        assert_eq!(
            statuses(vec![CaseStatus::Open, CaseStatus::New, CaseStatus::Open]),
            vec![CaseStatus::New, CaseStatus::Open]
        );
    }
}
