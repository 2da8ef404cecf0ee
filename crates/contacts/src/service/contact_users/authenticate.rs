//! A contact user's session cookie authenticates a portal request; sign-out ends it.

use frontdesk_kernel::{OrgId, RepositoryError, Token, TokenKind};

use crate::{ContactUser, ContactUserSession, ContactUserState, ContactUsersService};

use super::actions;
use super::credentials::TOUCH_INTERVAL;

/// A live session and the active account it signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSession {
    /// The account (read afresh for this request).
    pub user: ContactUser,
    /// The session record.
    pub session: ContactUserSession,
}

/// Why a session cookie signs nobody in. One arm for malformed, unknown, ended, expired,
/// another organisation's and inactive accounts, so callers cannot tell them apart.
#[derive(Debug, thiserror::Error)]
pub enum ContactAuthenticateError {
    /// Nobody is signed in by this cookie here.
    #[error("not signed in")]
    NotSignedIn,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactUsersService {
    /// The contact user of `org` that the session secret `secret` signs in. A session past
    /// its idle or absolute timeout is ended; activity is written back at most once a
    /// minute. Another organisation's session is refused (and left alone).
    ///
    /// # Errors
    /// [`ContactAuthenticateError::NotSignedIn`] for malformed, unknown, ended, expired or
    /// another organisation's sessions and accounts that are not active; `Repository` when
    /// storage fails.
    pub async fn authenticate(
        &self,
        org: OrgId,
        secret: &str,
    ) -> Result<ContactSession, ContactAuthenticateError> {
        let token = Token::parse(TokenKind::Session, secret)
            .map_err(|_| ContactAuthenticateError::NotSignedIn)?;
        let mut session = self
            .ports
            .sessions
            .find_by_digest(&token.digest())
            .await?
            .filter(|session| session.org_id == org && session.ended_at.is_none())
            .ok_or(ContactAuthenticateError::NotSignedIn)?;
        let now = self.ports.clock.now();
        if !session.is_live_at(now, self.session_policy) {
            self.ports.sessions.end(&session, now).await?;
            return Err(ContactAuthenticateError::NotSignedIn);
        }
        let user = self
            .ports
            .users
            .find(org, session.contact_user_id)
            .await?
            .filter(|user| user.state == ContactUserState::Active)
            .ok_or(ContactAuthenticateError::NotSignedIn)?;
        if now - session.last_seen_at >= TOUCH_INTERVAL {
            self.ports.sessions.touch(&session, now).await?;
            session.last_seen_at = now;
        }
        Ok(ContactSession { user, session })
    }

    /// Ends the session whose secret is `secret`, if there is one (unknown or malformed
    /// secrets are ignored), and audits it.
    ///
    /// # Errors
    /// [`RepositoryError`] when storage fails.
    pub async fn sign_out(&self, secret: &str) -> Result<(), RepositoryError> {
        let Ok(token) = Token::parse(TokenKind::Session, secret) else {
            return Ok(());
        };
        let Some(session) = self
            .ports
            .sessions
            .find_by_digest(&token.digest())
            .await?
            .filter(|session| session.ended_at.is_none())
        else {
            return Ok(());
        };
        let now = self.ports.clock.now();
        self.ports.sessions.end(&session, now).await?;
        let mut uow = self.ports.transactions.begin().await?;
        let event = self.own_event(
            session.org_id,
            actions::SIGNED_OUT,
            session.contact_user_id.to_string(),
            format!("session={}", session.id),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await
    }
}
