//! The case a registration link's `auto_case_form` makes for each newly activated account,
//! shared by the contact users' and the staff activation.

use frontdesk_cases::{Case, CaseStatus, Priority, SubmittedContact};
use frontdesk_kernel::{CaseId, Language, OrgId, RepositoryError, StaffUserId, Uow};
use time::OffsetDateTime;

use super::SignUpService;
use crate::RegistrationLink;

/// Whom an auto-case is for: its title names them; a contact user is its submitter, a
/// staff user its assignee.
pub(super) struct AutoCaseFor {
    /// The name in the case's title (`{form} — {name}`).
    pub name: String,
    /// The submitter's details (contact users).
    pub submitted: Option<SubmittedContact>,
    /// The assignee (staff users).
    pub assignee: Option<StaffUserId>,
}

impl SignUpService {
    /// Inserts `registration`'s auto-case for `person` in `org`, in the caller's unit of
    /// work; `None` when the link has no auto-case form or the form is gone.
    pub(super) async fn insert_auto_case(
        &self,
        uow: &mut Uow,
        org: OrgId,
        registration: &RegistrationLink,
        language: Language,
        person: AutoCaseFor,
        now: OffsetDateTime,
    ) -> Result<Option<CaseId>, RepositoryError> {
        let Some(form_id) = registration.auto_case_form else {
            return Ok(None);
        };
        let Some(form) = self.ports.forms.find(org, form_id).await? else {
            return Ok(None);
        };
        let case = Case {
            id: CaseId::from_uuid(self.ports.ids.new_uuid()),
            org_id: org,
            number: self.ports.cases.next_number(uow, org).await?,
            form_id: form.id,
            title: format!("{} — {}", form.name, person.name),
            description: None,
            priority: Priority::default(),
            project: None,
            status: CaseStatus::New,
            language,
            submitted: person.submitted,
            assignee: person.assignee,
            client_id: registration.client_id,
            public: false,
            created_at: now,
            updated_at: now,
        };
        self.ports.cases.insert(uow, &case).await?;
        Ok(Some(case.id))
    }
}
