//! Public intake: a submission becomes a case, its contact, a guest link and the
//! confirmation mail, in one unit of work.

use std::net::IpAddr;

use frontdesk_access::Organisation;
use frontdesk_contacts::{Contact, display_name};
use frontdesk_kernel::{
    CaptchaError, CaptchaPass, CaseId, ContactId, OrgId, RepositoryError, Uow, Uuid, ip_rate_key,
};
use frontdesk_messaging::{EnqueueError, TemplateKind};
use time::{Duration, OffsetDateTime};

use crate::{
    Author, Case, CaseNumber, CaseStatus, CasesService, FieldError, Form, IdempotencyKey,
    PublicFormError, SubmittedContact, TimelineEvent, Visibility, intake,
};

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
    /// `Idempotency-Key` header, if sent (parsed at the edge).
    pub idempotency_key: Option<IdempotencyKey>,
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
        assignee: None,
        client_id: None,
        public: false,
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

impl CasesService {
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
        let limit_key = submission.client_ip.map(|ip| ip_rate_key("intake", ip));
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
        let valid = intake::submission(&form, &submission.fields, self.intake.max_description)
            .map_err(SubmitError::Invalid)?;
        let key = submission
            .idempotency_key
            .as_ref()
            .map(IdempotencyKey::as_str);
        let request = valid.request_hash(organisation.slug.as_str(), form.slug.as_str());
        if let Some(key) = key
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
                idempotency_key: key,
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
        let mail = self.guest_link_mail(
            organisation,
            &case,
            &valid.email,
            Some(display_name(&valid.first_name, &valid.last_name)),
            &token,
            TemplateKind::GuestCaseCreated,
        );
        self.ports
            .mail
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
            client_id: None,
            unsubscribed_all: false,
            created_at: now,
        };
        self.ports.contacts.find_or_insert_in(uow, &contact).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_counts_from_the_oldest_attempt() {
        let now = time::macros::datetime!(2026-01-01 0:10 UTC);
        let times = [now - Duration::minutes(4), now - Duration::minutes(9)];
        assert_eq!(retry_after(&times, Duration::minutes(10), now), 60);
        assert_eq!(retry_after(&[], Duration::minutes(10), now), 1);
    }
}
