//! Staff remove a portal user (seed 004's "Remove"): the account is gone for good — its
//! sessions end, its grants and "all public cases" rule are revoked, its client links go and
//! its unused one-time links are superseded, all in one unit of work. Its cases and its
//! clients stay as they were; its record stays (state `removed`) for the audit trail.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ContactUserId, RepositoryError};

use crate::{ContactUserState, ContactUsersService, RemovalReport};

use super::actions;

/// Why a portal user was not removed.
#[derive(Debug, thiserror::Error)]
pub enum RemoveContactUserError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation, or it was removed already.
    #[error("contact user not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactUsersService {
    /// Removes contact user `id` (staff who manage contacts) and reports what it revoked.
    /// Removing a removed user is [`RemoveContactUserError::NotFound`]: it is gone.
    /// Audited as `contact_user.removed` with the counts, in the same unit of work.
    ///
    /// # Errors
    /// See [`RemoveContactUserError`].
    pub async fn remove_contact_user(
        &self,
        actor: &StaffActor,
        id: ContactUserId,
    ) -> Result<RemovalReport, RemoveContactUserError> {
        actor.require(Permission::ManageContacts)?;
        let mut user = self
            .ports
            .users
            .find(actor.org_id, id)
            .await?
            .filter(|user| user.state != ContactUserState::Removed)
            .ok_or(RemoveContactUserError::NotFound)?;
        let directory = self.directory()?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let sessions = self
            .ports
            .sessions
            .end_all_for_user(uow.as_mut(), actor.org_id, id, now, None)
            .await?;
        let grants = directory
            .revoke_access(uow.as_mut(), actor.org_id, id, actor.user_id, now)
            .await?;
        let tokens = self
            .ports
            .user_links
            .supersede_all(uow.as_mut(), actor.org_id, id, now)
            .await?;
        let client_links = u64::try_from(user.client_ids.len()).unwrap_or(u64::MAX);
        user.client_ids.clear();
        user.state = ContactUserState::Removed;
        user.must_change_password = false;
        user.password_hash = None;
        user.temporary_password_expires_at = None;
        user.updated_at = now;
        if !self.ports.users.update(uow.as_mut(), &user).await? {
            return Err(RemoveContactUserError::NotFound);
        }
        let report = RemovalReport {
            sessions,
            grants,
            client_links,
            tokens,
        };
        let event = self.event(
            actor,
            actions::REMOVED,
            &user,
            format!(
                "sessions={} grants={} client_links={} tokens={}",
                report.sessions, report.grants, report.client_links, report.tokens
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(report)
    }
}
