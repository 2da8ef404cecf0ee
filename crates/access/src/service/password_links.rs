//! One-time password links (`/a/{token}`): see what a link is for without using it, and use
//! it once to set a password.

use frontdesk_kernel::{
    EmailAddress, NewPassword, PasswordError, PasswordHashingError, RepositoryError, Token,
    TokenKind,
};
use secrecy::SecretString;
use time::OffsetDateTime;

use super::AccessService;
use crate::{ActionPurpose, ActionToken, AuditAction};

/// What the holder of a one-time link sees before using it.
#[derive(Debug, Clone)]
pub struct ActionLinkView {
    /// What the link does.
    pub purpose: ActionPurpose,
    /// The account it is for.
    pub email: EmailAddress,
    /// The organisation's name.
    pub organisation_name: String,
    /// When it expires.
    pub expires_at: OffsetDateTime,
}

/// Why a one-time link cannot be used (inspecting it, or setting a password with it).
#[derive(Debug, thiserror::Error)]
pub enum ActionLinkError {
    /// Malformed or unknown.
    #[error("this link is not valid")]
    Invalid,
    /// Past its expiry.
    #[error("this link has expired")]
    Expired,
    /// Already used.
    #[error("this link has already been used")]
    Used,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a password could not be set through a link.
#[derive(Debug, thiserror::Error)]
pub enum SetPasswordError {
    /// The link cannot be used.
    #[error(transparent)]
    Link(#[from] ActionLinkError),
    /// The password breaks the policy.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// Hashing is saturated; try again shortly.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// The unused, unexpired link `raw` names.
    async fn usable_action_token(&self, raw: &str) -> Result<ActionToken, ActionLinkError> {
        let token = Token::parse(TokenKind::Action, raw).map_err(|_| ActionLinkError::Invalid)?;
        let record = self
            .ports
            .action_tokens
            .find_by_digest(&token.digest())
            .await?
            // A sign-up's activation link is no password link (the sign-up pages take it).
            .filter(|record| record.purpose.sets_password())
            .ok_or(ActionLinkError::Invalid)?;
        if record.used_at.is_some() {
            return Err(ActionLinkError::Used);
        }
        if self.now() >= record.expires_at {
            return Err(ActionLinkError::Expired);
        }
        Ok(record)
    }

    /// What a one-time link is for, without using it (safe for link scanners).
    ///
    /// # Errors
    /// See [`ActionLinkError`].
    pub async fn inspect_action_link(&self, raw: &str) -> Result<ActionLinkView, ActionLinkError> {
        let record = self.usable_action_token(raw).await?;
        let user = self
            .ports
            .staff
            .find(record.org_id, record.user_id)
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        let org = self
            .ports
            .organisations
            .find(record.org_id)
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        Ok(ActionLinkView {
            purpose: record.purpose,
            email: user.email,
            organisation_name: org.name.as_str().to_owned(),
            expires_at: record.expires_at,
        })
    }

    /// Uses a one-time link to set the user's password. The link works once; every open
    /// session of the user ends.
    ///
    /// # Errors
    /// See [`SetPasswordError`].
    pub async fn set_password_with_link(
        &self,
        raw: &str,
        password: SecretString,
    ) -> Result<(), SetPasswordError> {
        let record = self.usable_action_token(raw).await?;
        let password = NewPassword::parse(password)?;
        let mut user = self
            .ports
            .staff
            .find(record.org_id, record.user_id)
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        let hash = self
            .ports
            .hasher
            .hash(&password)
            .await
            .map_err(|error| match error {
                PasswordHashingError::Busy => SetPasswordError::Busy,
                other @ PasswordHashingError::Failed(_) => SetPasswordError::Hashing(other),
            })?;
        let now = self.now();
        let mut uow = self.begin().await?;
        if !self
            .ports
            .action_tokens
            .mark_used(uow.as_mut(), &record, now)
            .await?
        {
            return Err(ActionLinkError::Used.into());
        }
        user.password_hash = Some(hash);
        user.updated_at = now;
        self.ports.staff.update(uow.as_mut(), &user).await?;
        let event = self.event(
            Some(user.org_id),
            Some(user.id),
            AuditAction::PASSWORD_CHANGED,
            Some(user.id.to_string()),
            format!("via={}", record.purpose.as_str()),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        self.ports
            .sessions
            .end_all_for_user(user.org_id, user.id, now)
            .await?;
        Ok(())
    }
}
