//! A staff member's own API tokens: list them and issue one for themself (any staff member;
//! revoking is [`AccessService::revoke_api_token`], which lets owners revoke their own).

use frontdesk_kernel::RepositoryError;
use time::Duration;

use super::{AccessService, CreatedApiToken, NewApiToken};
use crate::{ApiToken, StaffActor};

/// The longest a self-issued API token may live, in days.
pub const MAX_OWN_TOKEN_DAYS: i64 = 365;

/// Why the actor's own API tokens could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListMyApiTokensError {
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why the actor could not issue an API token for themself.
#[derive(Debug, thiserror::Error)]
pub enum CreateMyApiTokenError {
    /// A self-issued token must say when it stops working.
    #[error("choose when the token expires")]
    ExpiryRequired,
    /// The expiry is not in the future.
    #[error("the expiry must be in the future")]
    ExpiryNotInFuture,
    /// The expiry is further away than [`MAX_OWN_TOKEN_DAYS`].
    #[error("a token may live at most {max_days} days")]
    ExpiryTooLate {
        /// The maximum, in days.
        max_days: i64,
    },
    /// The actor's own user no longer exists or is disabled.
    #[error("the staff user is missing or disabled")]
    UserUnavailable,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// The actor's own API tokens, revoked and expired ones included, newest first. Never
    /// anyone else's, whatever the actor's profiles.
    ///
    /// # Errors
    /// See [`ListMyApiTokensError`].
    pub async fn my_api_tokens(
        &self,
        actor: &StaffActor,
    ) -> Result<Vec<ApiToken>, ListMyApiTokensError> {
        Ok(self
            .ports
            .api_tokens
            .list_for_user(actor.org_id, actor.user_id)
            .await?)
    }

    /// Issues an API token acting as the actor themself, expiring at the requested time
    /// (required: after now, at most [`MAX_OWN_TOKEN_DAYS`] days away), audited as every
    /// issued token is. The secret is returned once and never stored.
    ///
    /// # Errors
    /// See [`CreateMyApiTokenError`].
    pub async fn create_my_api_token(
        &self,
        actor: &StaffActor,
        request: NewApiToken,
    ) -> Result<CreatedApiToken, CreateMyApiTokenError> {
        let now = self.now();
        let expires_at = request
            .expires_at
            .ok_or(CreateMyApiTokenError::ExpiryRequired)?;
        if expires_at <= now {
            return Err(CreateMyApiTokenError::ExpiryNotInFuture);
        }
        if expires_at > now + Duration::days(MAX_OWN_TOKEN_DAYS) {
            return Err(CreateMyApiTokenError::ExpiryTooLate {
                max_days: MAX_OWN_TOKEN_DAYS,
            });
        }
        let user = match self.ports.staff.find(actor.org_id, actor.user_id).await? {
            Some(user) if !user.disabled => user,
            _ => return Err(CreateMyApiTokenError::UserUnavailable),
        };
        Ok(self
            .issue_api_token(Some(actor.user_id), &user, request)
            .await?)
    }
}
