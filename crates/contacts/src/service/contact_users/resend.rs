//! Staff resend a portal user's activation (seed 004's "resend the activation email"): a new
//! one-time `{base}/a/fda_…` link by mail — the activation for a user without a password
//! (invited or pending), a set-password link for one with — superseding the older links.
//! Limited per recipient like every mail (1 a minute, 30 an hour).

use frontdesk_access::{Forbidden, StaffActor};
use frontdesk_kernel::{ContactUserId, RepositoryError};

use crate::{ContactUsersService, PasswordMode, SendPasswordError, SentPassword};

/// Why the activation was not resent.
#[derive(Debug, thiserror::Error)]
pub enum ResendActivationError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such portal user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    NotFound,
    /// The account is disabled: enable it first.
    #[error("this contact user is disabled")]
    Disabled,
    /// The person was sent mail very recently.
    #[error("this person was sent mail very recently; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds until another mail may go.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
    /// Sending failed in a way link mode does not expect (it hashes nothing).
    #[error("the activation could not be sent")]
    Unexpected(#[source] SendPasswordError),
}

impl ContactUsersService {
    /// Mails portal user `id` a fresh activation or set-password link (staff who manage
    /// contacts), as [`ContactUsersService::send_password`] in link mode does: the mail, the
    /// link's digest, the superseding of older links and the audit event in one unit of
    /// work; the link itself goes by mail only.
    ///
    /// # Errors
    /// See [`ResendActivationError`].
    pub async fn resend_activation(
        &self,
        actor: &StaffActor,
        id: ContactUserId,
    ) -> Result<SentPassword, ResendActivationError> {
        self.send_password(actor, id, PasswordMode::Link)
            .await
            .map_err(|error| match error {
                SendPasswordError::Forbidden(missing) => ResendActivationError::Forbidden(missing),
                SendPasswordError::NotFound => ResendActivationError::NotFound,
                SendPasswordError::Disabled => ResendActivationError::Disabled,
                SendPasswordError::RecipientLimited {
                    retry_after_seconds,
                } => ResendActivationError::RecipientLimited {
                    retry_after_seconds,
                },
                SendPasswordError::Repository(error) => ResendActivationError::Repository(error),
                other @ (SendPasswordError::Busy | SendPasswordError::Hashing(_)) => {
                    ResendActivationError::Unexpected(other)
                }
            })
    }
}
