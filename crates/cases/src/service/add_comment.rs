//! Staff comment on a case, publicly (contacts are notified) or internally.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, Language, RepositoryError};

use crate::{
    Author, CasesService, FieldError, TimelineEntry, TimelineEvent, Visibility, intake, text,
};

/// Why a comment was not added.
#[derive(Debug, thiserror::Error)]
pub enum AddCommentError {
    /// The actor may not edit cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// The comment's body is invalid.
    #[error("some fields are invalid")]
    InvalidComment(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// Adds a staff comment; public ones notify subscribed contacts when the form says so.
    ///
    /// # Errors
    /// See [`AddCommentError`].
    pub async fn add_comment(
        &self,
        actor: &StaffActor,
        case: CaseId,
        body: &str,
        visibility: Visibility,
    ) -> Result<TimelineEntry, AddCommentError> {
        actor.require(Permission::EditCases)?;
        let mut case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(AddCommentError::CaseNotFound)?;
        let body =
            intake::body(Language::En, "body", body).map_err(AddCommentError::InvalidComment)?;
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
}
