//! Staff read a case with its form, assignee, contacts and full timeline.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_contacts::PublicProfile;
use frontdesk_kernel::{CaseId, RepositoryError};

use crate::{Case, CasesService, TimelineEntry};

/// A case as staff see it.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    /// The case.
    pub case: Case,
    /// Its form's slug.
    pub form_slug: String,
    /// Its form's display name.
    pub form_name: String,
    /// The display name of its assignee ([`Case::assignee`]), if it has one.
    pub assignee_name: Option<String>,
    /// The name of its client ([`Case::client_id`]), if it has one.
    pub client_name: Option<String>,
    /// Its contacts' public profiles.
    pub contacts: Vec<PublicProfile>,
    /// Every timeline entry, oldest first.
    pub timeline: Vec<TimelineEntry>,
}

/// Why a case cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum CaseDetailError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// A case with its contacts and full timeline.
    ///
    /// # Errors
    /// See [`CaseDetailError`].
    pub async fn case_detail(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<CaseDetail, CaseDetailError> {
        actor.require(Permission::ViewCases)?;
        let case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(CaseDetailError::CaseNotFound)?;
        let form = self.form_of(&case).await?;
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
        let assignee_name = match case.assignee {
            Some(id) => self
                .ports
                .staff
                .find(actor.org_id, id)
                .await?
                .map(|member| member.name.to_string()),
            None => None,
        };
        let client_name = match case.client_id {
            Some(id) => self
                .ports
                .clients
                .find(actor.org_id, id)
                .await?
                .map(|client| client.name.into_string()),
            None => None,
        };
        Ok(CaseDetail {
            case,
            client_name,
            form_slug: form.slug.as_str().to_owned(),
            form_name: form.name.clone(),
            assignee_name,
            contacts,
            timeline,
        })
    }
}
