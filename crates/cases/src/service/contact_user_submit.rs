//! A signed-in contact user submits a case through one of the forms their organisation's
//! portal offers (`/o/{org}/cases/new?form=…`). The submitter is their own contact: the
//! form's name and email fields are taken from it, never typed; there is no captcha (the
//! session is the proof of a person). One unit of work writes the case (linked to the
//! user's client when they have exactly one), its timeline, the contact link, an `editor`
//! grant for the submitter (audited as grants are) and the confirmation mail, whose case
//! link is the portal's case page rather than a guest capability.

use frontdesk_access::{
    AccessGrant, AuditEvent, CaseRole, Organisation, PortalSettings, grant::actions,
};
use frontdesk_contacts::{Contact, ContactUser, ContactUserState};
use frontdesk_kernel::{
    AccessGrantId, AuditEventId, CaseId, Language, OrgId, RepositoryError, StaffUserId, Uuid,
};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use time::OffsetDateTime;

use crate::{
    Author, Case, CaseStatus, CasesService, FieldError, Form, FormSlug, IdempotencyKey,
    RawSubmission, Submitted, SubmittedContact, TimelineEvent, Visibility, intake,
};

/// The staff id a grant names when no staff member made it: the submitter granted
/// themselves their own new case. No staff user has the nil id.
const SELF_SERVICE_GRANTOR: Uuid = Uuid::nil();

/// A case submitted by a signed-in contact user.
#[derive(Debug, Clone)]
pub struct ContactUserSubmission {
    /// The organisation of the portal.
    pub org_id: OrgId,
    /// The portal's settings, read for this request (which forms it offers).
    pub portal: PortalSettings,
    /// The signed-in user, read for this request.
    pub user: ContactUser,
    /// The form's slug, from the URL.
    pub form_slug: String,
    /// The typed fields. Names and email are ignored: they come from the user's contact.
    /// The captcha field is ignored too.
    pub fields: RawSubmission,
    /// The language of the page: field errors and the case (and its mail) use it.
    pub language: Language,
    /// The key the form was rendered with, so a repeated submission of the same rendered
    /// form answers the first case instead of creating another.
    pub idempotency_key: Option<IdempotencyKey>,
}

/// Why a contact user's submission was refused. Nothing is stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum ContactUserSubmitError {
    /// No such form in the organisation, the portal does not offer it, or the user is not
    /// an active user of the organisation (one answer: nobody learns which forms exist).
    #[error("form not found")]
    NotFound,
    /// Fields are missing or invalid.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// The form's key was already used for a different submission.
    #[error("this form was already sent with other content")]
    IdempotencyConflict,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The idempotency key of a portal submission, in a namespace of its own per user (so it
/// meets neither the public API's `Idempotency-Key`s nor another user's forms).
fn scoped_key(user: &ContactUser, key: &IdempotencyKey) -> String {
    format!("portal:{}:{}", user.id, key.as_str())
}

/// `fields` with the submitter's name and email taken from their contact.
fn as_contact(fields: RawSubmission, contact: &Contact) -> RawSubmission {
    RawSubmission {
        first_name: Some(contact.first_name.to_string()),
        last_name: Some(contact.last_name.to_string()),
        email: Some(contact.email.as_str().to_owned()),
        captcha: None,
        ..fields
    }
}

/// The case a valid portal submission creates.
fn portal_case(
    id: CaseId,
    number: crate::CaseNumber,
    form: &Form,
    request: &ContactUserSubmission,
    valid: &intake::ValidSubmission,
    now: OffsetDateTime,
) -> Case {
    // Exactly one client: the case is that company's. Several (or none): staff decide.
    let client_id = match request.user.client_ids.as_slice() {
        [only] => Some(*only),
        _ => None,
    };
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
        language: request.language,
        submitted: Some(SubmittedContact {
            first_name: valid.first_name.to_string(),
            last_name: valid.last_name.to_string(),
            email: valid.email.to_string(),
            phone: valid.phone.as_ref().map(|p| p.as_str().to_owned()),
            address: valid.address.as_ref().map(|a| a.as_str().to_owned()),
        }),
        assignee: None,
        client_id,
        public: false,
        created_at: now,
        updated_at: now,
    }
}

impl CasesService {
    /// Creates a case from a signed-in contact user's submission of a portal form: the
    /// form must be one the portal offers; the fields are checked as public intake checks
    /// them (in the page's language), with the user's contact as the submitter. Then one
    /// unit of work writes the case, its `Created` entry, the contact link, an `editor`
    /// grant for the user (audited `access_grant.created`, no staff actor), the remembered
    /// form key and the confirmation mail with the portal case link. When the recipient
    /// limit holds the mail back, the case is still created: the user is looking at it.
    ///
    /// A submission repeating an earlier one with the same key and the same fields answers
    /// the first case (`replayed`) and creates nothing.
    ///
    /// # Errors
    /// See [`ContactUserSubmitError`].
    pub async fn contact_user_submit(
        &self,
        request: ContactUserSubmission,
    ) -> Result<Submitted, ContactUserSubmitError> {
        let org = request.org_id;
        if request.user.org_id != org
            || request.user.state != ContactUserState::Active
            || !request.portal.allows_form(&request.form_slug)
        {
            return Err(ContactUserSubmitError::NotFound);
        }
        let slug =
            FormSlug::parse(&request.form_slug).map_err(|_| ContactUserSubmitError::NotFound)?;
        let (form, organisation, contact) = futures::try_join!(
            self.ports.forms.find_by_slug(org, &slug),
            self.organisation(org),
            self.ports.contacts.find(org, request.user.contact_id),
        )?;
        let form = form.ok_or(ContactUserSubmitError::NotFound)?;
        let contact = contact.ok_or_else(|| {
            RepositoryError::Corrupt("a contact user names a missing contact".into())
        })?;
        // The form's rules, with its messages in the language of the page.
        let mut in_language = form.clone();
        in_language.default_language = request.language;
        let raw = as_contact(request.fields.clone(), &contact);
        let valid = intake::submission(&in_language, &raw, self.intake.max_description)
            .map_err(ContactUserSubmitError::Invalid)?;
        let hash = valid.request_hash(organisation.slug.as_str(), form.slug.as_str());
        let key = request
            .idempotency_key
            .as_ref()
            .map(|key| scoped_key(&request.user, key));
        if let Some(key) = &key
            && let Some(earlier) = self.ports.idempotency.recall(org, key).await?
        {
            return self.replay_portal(org, earlier, hash).await;
        }
        self.create_portal_case(
            &organisation,
            &form,
            &request,
            &contact,
            valid,
            (key.as_deref(), hash),
        )
        .await
    }

    /// The unit of work of a portal submission.
    async fn create_portal_case(
        &self,
        organisation: &Organisation,
        form: &Form,
        request: &ContactUserSubmission,
        contact: &Contact,
        valid: intake::ValidSubmission,
        (key, hash): (Option<&str>, [u8; 32]),
    ) -> Result<Submitted, ContactUserSubmitError> {
        let org = organisation.id;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let number = self.ports.cases.next_number(uow.as_mut(), org).await?;
        let case = portal_case(
            CaseId::from_uuid(self.new_uuid()),
            number,
            form,
            request,
            &valid,
            now,
        );
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
            .append(uow.as_mut(), org, &created)
            .await?;
        self.ports
            .cases
            .link_contact(uow.as_mut(), org, case.id, contact.id, now)
            .await?;
        let grant = AccessGrant {
            id: AccessGrantId::from_uuid(self.new_uuid()),
            org_id: org,
            contact_user_id: request.user.id,
            case_id: case.id,
            role: CaseRole::Editor,
            granted_by: StaffUserId::from_uuid(SELF_SERVICE_GRANTOR),
            granted_at: now,
            revoked_at: None,
            revoked_by: None,
        };
        self.ports.grants.insert(uow.as_mut(), &grant).await?;
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.new_uuid()),
            org_id: Some(org),
            actor: None,
            action: actions::GRANT_CREATED,
            subject: Some(grant.id.to_string()),
            detail: format!(
                "contact_user={} case={} role={} submitted_by_user",
                grant.contact_user_id, grant.case_id, grant.role
            ),
            at: now,
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        if let Some(key) = key
            && let Err(error) = self
                .ports
                .idempotency
                .remember(uow.as_mut(), org, key, hash, case.id, now)
                .await
        {
            drop(uow);
            return self.lost_portal_race(org, key, hash, error).await;
        }
        let mail = self.portal_case_mail(organisation, &case, contact);
        match self.ports.mail.enqueue(uow.as_mut(), mail).await {
            // The recipient limit holds the confirmation back, not the case.
            Ok(_) | Err(EnqueueError::RecipientLimited { .. }) => {}
            Err(EnqueueError::Repository(error)) => return Err(error.into()),
        }
        uow.commit().await?;
        Ok(Submitted {
            case_id: case.id,
            number: case.number,
            replayed: false,
        })
    }

    /// The confirmation of a portal submission: the public intake's mail, its link the
    /// portal case page (the reader signs in; no capability travels).
    fn portal_case_mail(&self, organisation: &Organisation, case: &Case, to: &Contact) -> NewMail {
        let url = self.ports.links.portal_case(
            organisation.base_url.as_str(),
            organisation.slug.as_str(),
            case.number.0,
        );
        NewMail {
            org_id: organisation.id,
            to: to.email.clone(),
            to_name: Some(to.display_name()),
            kind: TemplateKind::GuestCaseCreated,
            language: case.language,
            data: serde_json::json!({
                "case_url": url,
                "case_number": case.number.to_string(),
                "case_title": case.title,
                "sign_in": true,
            }),
            unsubscribe_url: None,
        }
    }

    /// The answer to a form key already seen: the same case when the submission is the
    /// same, a conflict otherwise.
    async fn replay_portal(
        &self,
        org: OrgId,
        (earlier, case_id): ([u8; 32], CaseId),
        hash: [u8; 32],
    ) -> Result<Submitted, ContactUserSubmitError> {
        if earlier != hash {
            return Err(ContactUserSubmitError::IdempotencyConflict);
        }
        let case = self.find_case(org, case_id).await?.ok_or_else(|| {
            RepositoryError::Corrupt("an idempotency key names a missing case".into())
        })?;
        Ok(Submitted {
            case_id,
            number: case.number,
            replayed: true,
        })
    }

    /// When remembering the key failed because a concurrent submission of the same form
    /// won the race, the answer that submission got; otherwise the failure.
    async fn lost_portal_race(
        &self,
        org: OrgId,
        key: &str,
        hash: [u8; 32],
        error: RepositoryError,
    ) -> Result<Submitted, ContactUserSubmitError> {
        let RepositoryError::Conflict(field) = error else {
            return Err(error.into());
        };
        let earlier = self
            .ports
            .idempotency
            .recall(org, key)
            .await?
            .ok_or(RepositoryError::Conflict(field))?;
        self.replay_portal(org, earlier, hash).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contact_replaces_typed_names_and_email_and_the_captcha_is_dropped() {
        let contact = Contact {
            id: frontdesk_kernel::ContactId::from_uuid(Uuid::nil()),
            org_id: OrgId::from_uuid(Uuid::nil()),
            email: frontdesk_kernel::EmailAddress::parse("ada@example.test").unwrap(),
            first_name: frontdesk_kernel::PersonName::parse("Ada").unwrap(),
            last_name: frontdesk_kernel::PersonName::parse("Lovelace").unwrap(),
            phone: None,
            address: None,
            client_id: None,
            unsubscribed_all: false,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        let typed = RawSubmission {
            first_name: Some("Mallory".into()),
            email: Some("mallory@evil.test".into()),
            title: Some("Printer".into()),
            captcha: Some("solution".into()),
            ..RawSubmission::default()
        };
        let raw = as_contact(typed, &contact);
        assert_eq!(raw.first_name.as_deref(), Some("Ada"));
        assert_eq!(raw.last_name.as_deref(), Some("Lovelace"));
        assert_eq!(raw.email.as_deref(), Some("ada@example.test"));
        assert_eq!(raw.title.as_deref(), Some("Printer"));
        assert_eq!(raw.captcha, None);
    }
}
