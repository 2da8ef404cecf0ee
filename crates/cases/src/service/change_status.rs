//! Staff move a case through its life cycle, optionally with a public comment.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, Language, RepositoryError};

use crate::{
    Author, Case, CaseStatus, CasesService, FieldError, TimelineEvent, Visibility, intake, text,
};

/// Why a status was not changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeStatusError {
    /// The actor may not edit cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// The accompanying comment is invalid.
    #[error("some fields are invalid")]
    InvalidComment(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// Changes a case's status (with an optional public comment); notifies subscribed
    /// contacts when the form says so. Changing to the current status changes nothing.
    ///
    /// # Errors
    /// See [`ChangeStatusError`].
    pub async fn change_status(
        &self,
        actor: &StaffActor,
        case: CaseId,
        status: CaseStatus,
        comment: Option<String>,
    ) -> Result<Case, ChangeStatusError> {
        actor.require(Permission::EditCases)?;
        let mut case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(ChangeStatusError::CaseNotFound)?;
        if case.status == status {
            return Ok(case);
        }
        let comment = match comment.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(
                intake::body(Language::En, "comment", raw)
                    .map_err(ChangeStatusError::InvalidComment)?,
            ),
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
}
