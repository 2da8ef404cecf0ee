//! A contact user's case page: reading the case, commenting and editing, each allowed by
//! the access decision (`frontdesk_access::GrantsService::decide_for`, which the caller
//! asks and hands over) and, for edits, by the form's guest-edit statuses. The comment and
//! edit steps are shared with guests: both write as the contact they are.

use frontdesk_access::{CaseRole, Decision, Organisation, Reach};
use frontdesk_kernel::{CaseId, ContactId, OrgId, RepositoryError};

use super::CaseContext;
use crate::intake::{self, ValidEdit};
use crate::{
    Author, Case, CaseNumber, CasesService, FieldError, Form, GuestEdit, TimelineEntry,
    TimelineEvent, Visibility, text,
};

/// A case as a contact user sees it.
#[derive(Debug, Clone)]
pub struct ContactUserCaseView {
    /// The organisation (name, branding).
    pub organisation: Organisation,
    /// The form (field labels, edit rules).
    pub form: Form,
    /// The case.
    pub case: Case,
    /// Entries visible to externals, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// How the user reaches it: a grant's role, or the public-cases rule (as a viewer).
    pub role: CaseRole,
    /// Whether the user may edit it now (an editor, in one of the form's edit statuses).
    pub may_edit: bool,
}

/// Why a contact user's case action failed.
#[derive(Debug, thiserror::Error)]
pub enum ContactUserCaseError {
    /// No such case in the organisation, or the decision denied it (one answer, so no one
    /// learns which cases exist).
    #[error("case not found")]
    NotFound,
    /// The user may read the case but not edit it, or its status does not allow edits.
    #[error("this case can no longer be edited")]
    NotEditable,
    /// Invalid input.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The role a decision gives, if it allows.
const fn allowed_role(decision: Decision) -> Option<CaseRole> {
    match decision {
        Decision::Allow(Reach::Grant { role, .. }) => Some(role),
        Decision::Allow(_) => Some(CaseRole::Viewer),
        Decision::Deny => None,
    }
}

impl CasesService {
    /// The id of the case of `org` with number `number`, if there is one (the contact
    /// users' pages address cases by number; they ask the decision with the id).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn case_id_by_number(
        &self,
        org: OrgId,
        number: CaseNumber,
    ) -> Result<Option<CaseId>, RepositoryError> {
        Ok(self
            .ports
            .cases
            .find_by_number(org, number)
            .await?
            .map(|case| case.id))
    }

    /// Case `case` of `org` with its public timeline, when `read` (the decision for
    /// reading) allows; `edit` (the decision for editing) says whether the edit form shows.
    ///
    /// # Errors
    /// See [`ContactUserCaseError`].
    pub async fn contact_user_case(
        &self,
        org: OrgId,
        case: CaseId,
        read: Decision,
        edit: Decision,
    ) -> Result<ContactUserCaseView, ContactUserCaseError> {
        let role = allowed_role(read).ok_or(ContactUserCaseError::NotFound)?;
        let context = self.allowed_case(org, case).await?;
        let timeline = self.ports.timeline.list(org, case, false).await?;
        let may_edit = edit.is_allowed() && context.form.guest_may_edit(context.case.status);
        Ok(ContactUserCaseView {
            organisation: context.organisation,
            form: context.form,
            case: context.case,
            timeline,
            role,
            may_edit,
        })
    }

    /// A public comment on case `case` of `org` by the contact user whose contact is
    /// `contact`, when `decision` (for commenting) allows. Notifies the other contacts.
    ///
    /// # Errors
    /// See [`ContactUserCaseError`].
    pub async fn contact_user_comment(
        &self,
        org: OrgId,
        case: CaseId,
        contact: ContactId,
        decision: Decision,
        body: &str,
    ) -> Result<(), ContactUserCaseError> {
        allowed_role(decision).ok_or(ContactUserCaseError::NotFound)?;
        let context = self.allowed_case(org, case).await?;
        let body = intake::body(context.case.language, "body", body)
            .map_err(ContactUserCaseError::Invalid)?;
        Ok(self.comment_as_contact(context, contact, body).await?)
    }

    /// An edit of case `case` of `org` by the contact user whose contact is `contact`, when
    /// `decision` (for editing) allows and the case's status is one of the form's
    /// guest-edit statuses.
    ///
    /// # Errors
    /// See [`ContactUserCaseError`].
    pub async fn contact_user_edit(
        &self,
        org: OrgId,
        case: CaseId,
        contact: ContactId,
        decision: Decision,
        edit: GuestEdit,
    ) -> Result<(), ContactUserCaseError> {
        if !decision.is_allowed() {
            return Err(ContactUserCaseError::NotFound);
        }
        let context = self.allowed_case(org, case).await?;
        if !context.form.guest_may_edit(context.case.status) {
            return Err(ContactUserCaseError::NotEditable);
        }
        let valid = intake::guest_edit(
            &context.form,
            context.case.language,
            &edit,
            self.intake.max_description,
        )
        .map_err(ContactUserCaseError::Invalid)?;
        Ok(self.edit_as_contact(context, contact, valid).await?)
    }

    /// The case with its organisation and form; absent (or another organisation's) is
    /// [`ContactUserCaseError::NotFound`].
    async fn allowed_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<CaseContext, ContactUserCaseError> {
        let case = self
            .find_case(org, case)
            .await?
            .filter(|found| found.org_id == org)
            .ok_or(ContactUserCaseError::NotFound)?;
        Ok(self.case_context(case).await?)
    }

    /// Writes `contact`'s public comment `body` (already checked) on the case of `target`,
    /// touches the case and notifies the other contacts, in one unit of work.
    pub(super) async fn comment_as_contact(
        &self,
        target: CaseContext,
        contact: ContactId,
        body: String,
    ) -> Result<(), RepositoryError> {
        let now = self.ports.clock.now();
        let activity = text::comment_activity(target.case.language, &body);
        let entry = self.timeline_entry(
            target.case.id,
            Author::Contact(contact),
            TimelineEvent::Comment { body },
            Visibility::Public,
            now,
        );
        let mut target = target;
        target.case.updated_at = now;
        let org = target.organisation.id;
        let mut uow = self.ports.transactions.begin().await?;
        self.ports
            .timeline
            .append(uow.as_mut(), org, &entry)
            .await?;
        self.ports.cases.update(uow.as_mut(), &target.case).await?;
        self.notify_contacts(uow.as_mut(), &target, &activity, Some(contact), now)
            .await?;
        uow.commit().await
    }

    /// Applies `contact`'s checked edit `valid` to the case of `target`: one public
    /// `FieldChanged` entry per field that changes, nothing when none does.
    pub(super) async fn edit_as_contact(
        &self,
        target: CaseContext,
        contact: ContactId,
        valid: ValidEdit,
    ) -> Result<(), RepositoryError> {
        let mut case = target.case;
        let changes = changed_fields(&mut case, valid);
        if changes.is_empty() {
            return Ok(());
        }
        let now = self.ports.clock.now();
        case.updated_at = now;
        let org = target.organisation.id;
        let mut uow = self.ports.transactions.begin().await?;
        for (field, from, to) in changes {
            let entry = self.timeline_entry(
                case.id,
                Author::Contact(contact),
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
                .await?;
        }
        self.ports.cases.update(uow.as_mut(), &case).await?;
        uow.commit().await
    }
}

/// A field's name with its old and new value.
type FieldChange = (&'static str, Option<String>, Option<String>);

/// Applies `valid` to `case`; answers the fields that changed.
fn changed_fields(case: &mut Case, valid: ValidEdit) -> Vec<FieldChange> {
    let mut changes: Vec<FieldChange> = Vec::new();
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
    changes
}
