//! A staff member's own preferences: the language the console speaks to them in.

use frontdesk_kernel::{Language, RepositoryError};

use super::AccessService;
use crate::{AuditAction, StaffActor};

/// Why the actor's language could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SetLanguageError {
    /// The actor's own user no longer exists.
    #[error("staff user not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// Saves the language the actor's console uses; `None` goes back to the organisation's
    /// default. Any signed-in staff member may, for themself only. Audited as
    /// [`AuditAction::STAFF_LANGUAGE_CHANGED`] in the same unit of work.
    ///
    /// # Errors
    /// See [`SetLanguageError`].
    pub async fn set_my_language(
        &self,
        actor: &StaffActor,
        language: Option<Language>,
    ) -> Result<(), SetLanguageError> {
        let now = self.now();
        let mut uow = self.begin().await?;
        if !self
            .ports
            .staff
            .set_language(uow.as_mut(), actor.org_id, actor.user_id, language, now)
            .await?
        {
            return Err(SetLanguageError::NotFound);
        }
        let event = self.event(
            Some(actor.org_id),
            Some(actor.user_id),
            AuditAction::STAFF_LANGUAGE_CHANGED,
            Some(actor.user_id.to_string()),
            format!("language={}", language.map_or("default", Language::code)),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(())
    }
}
