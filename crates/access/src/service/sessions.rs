//! Console sessions: sign in (throttled), authenticate a session cookie, sign out.
//!
//! The domain hands out the session's secret once; anything derived from it for the web
//! (such as a CSRF token) is the server's business.

use std::net::IpAddr;

use frontdesk_kernel::{
    EmailAddress, PasswordHashingError, PasswordVerification, RepositoryError, SessionId, Token,
    TokenKind, ip_rate_key,
};
use secrecy::SecretString;
use time::{Duration, OffsetDateTime};

use super::{AccessService, AuthenticateError, ip_detail};
use crate::{
    AttemptCheck, AuditAction, AuthMethod, OrgSlug, StaffActor, StaffSession, StaffUser,
    ThrottlePolicy,
};

/// Activity is written back to a session at most this often.
const TOUCH_INTERVAL: Duration = Duration::seconds(60);

/// A sign-in attempt as typed by a person.
#[derive(Debug)]
pub struct SignInAttempt {
    /// Organisation slug as typed.
    pub organisation: String,
    /// Address as typed.
    pub email: String,
    /// Password as typed.
    pub password: SecretString,
    /// The client's address, for the per-IP throttle.
    pub client_ip: Option<IpAddr>,
}

/// A started session and the only copy of its secret id.
#[derive(Debug)]
pub struct SignedIn {
    /// The session record.
    pub session: StaffSession,
    /// The secret for the session cookie.
    pub secret: Token,
}

/// Why a sign-in failed. Unknown organisation, unknown address, disabled user and wrong
/// password are all [`SignInError::InvalidCredentials`].
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The credentials do not match an enabled account.
    #[error("the email or password is not correct")]
    InvalidCredentials,
    /// Too many recent failures for this account or address.
    #[error("too many failed sign-ins; try again in {retry_after_seconds} seconds")]
    Throttled {
        /// Seconds until another attempt is allowed.
        retry_after_seconds: u64,
    },
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

/// A session that authenticated a request.
#[derive(Debug, Clone)]
pub struct AuthenticatedSession {
    /// Who it acts as.
    pub actor: StaffActor,
    /// The session record.
    pub session: StaffSession,
}

impl AccessService {
    /// The throttle keys of an attempt: its account, and its client address if known.
    fn throttle_keys(attempt: &SignInAttempt) -> (String, Option<String>) {
        let account = format!(
            "account:{}:{}",
            attempt.organisation.trim().to_lowercase(),
            attempt.email.trim().to_lowercase()
        );
        (account, attempt.client_ip.map(|ip| ip_rate_key("ip", ip)))
    }

    /// Records the attempt against each throttle key before any password work, each check
    /// and record atomic (see [`crate::AttemptLog::try_record`]), so parallel attempts
    /// cannot all pass a limit. A refusal withdraws what was recorded for the other key.
    async fn record_attempt(
        &self,
        account_key: &str,
        ip_key: Option<&str>,
        now: OffsetDateTime,
    ) -> Result<(), SignInError> {
        let attempts = &self.ports.attempts;
        if let AttemptCheck::Refused {
            retry_after_seconds,
        } = attempts
            .try_record(account_key, ThrottlePolicy::PER_ACCOUNT, now)
            .await?
        {
            return Err(SignInError::Throttled {
                retry_after_seconds,
            });
        }
        if let Some(ip_key) = ip_key
            && let AttemptCheck::Refused {
                retry_after_seconds,
            } = attempts
                .try_record(ip_key, ThrottlePolicy::PER_IP, now)
                .await?
        {
            attempts.withdraw(account_key, now).await?;
            return Err(SignInError::Throttled {
                retry_after_seconds,
            });
        }
        Ok(())
    }

    /// Signs a staff user in. Every failure that could reveal whether an account exists
    /// answers [`SignInError::InvalidCredentials`] after the same hashing work.
    ///
    /// # Errors
    /// See [`SignInError`].
    pub async fn sign_in(&self, attempt: SignInAttempt) -> Result<SignedIn, SignInError> {
        let now = self.now();
        let (account_key, ip_key) = Self::throttle_keys(&attempt);
        self.record_attempt(&account_key, ip_key.as_deref(), now)
            .await?;
        let result = self.sign_in_recorded(attempt, &account_key, now).await;
        // The recorded attempt stays a failure only when the credentials were wrong.
        if !matches!(result, Err(SignInError::InvalidCredentials)) {
            if let Some(ip_key) = &ip_key {
                self.ports.attempts.withdraw(ip_key, now).await?;
            }
            if result.is_err() {
                self.ports.attempts.withdraw(&account_key, now).await?;
            }
        }
        result
    }

    /// The sign-in once its attempt is recorded.
    async fn sign_in_recorded(
        &self,
        attempt: SignInAttempt,
        account_key: &str,
        now: OffsetDateTime,
    ) -> Result<SignedIn, SignInError> {
        let user = self.find_sign_in_user(&attempt).await?;
        let hash = user
            .as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone());
        let verification = self
            .ports
            .hasher
            .verify(&attempt.password, hash.clone())
            .await
            .map_err(|error| match error {
                PasswordHashingError::Busy => SignInError::Busy,
                other @ PasswordHashingError::Failed(_) => SignInError::Hashing(other),
            })?;
        let user = match (user, verification) {
            (Some(user), PasswordVerification::Match) if hash.is_some() => user,
            (user, _) => {
                if let Some(user) = user {
                    let mut uow = self.begin().await?;
                    let event = self.event(
                        Some(user.org_id),
                        Some(user.id),
                        AuditAction::SIGN_IN_FAILED,
                        Some(user.id.to_string()),
                        ip_detail(attempt.client_ip),
                    );
                    self.ports.audit.record(uow.as_mut(), &event).await?;
                    uow.commit().await?;
                }
                return Err(SignInError::InvalidCredentials);
            }
        };
        self.ports.attempts.clear(account_key).await?;
        let secret = Token::generate(TokenKind::Session, self.ports.tokens.as_ref());
        let session = StaffSession {
            id: SessionId::from_uuid(self.ports.ids.new_uuid()),
            digest: secret.digest(),
            org_id: user.org_id,
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            absolute_expires_at: now + self.session_policy.absolute,
            ended_at: None,
        };
        self.ports.sessions.insert(&session).await?;
        let mut uow = self.begin().await?;
        let event = self.event(
            Some(user.org_id),
            Some(user.id),
            AuditAction::SIGNED_IN,
            Some(session.id.to_string()),
            ip_detail(attempt.client_ip),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(SignedIn { session, secret })
    }

    /// The user an attempt names, if its organisation and address parse and exist.
    async fn find_sign_in_user(
        &self,
        attempt: &SignInAttempt,
    ) -> Result<Option<StaffUser>, RepositoryError> {
        let (Ok(slug), Ok(email)) = (
            OrgSlug::parse(attempt.organisation.trim()),
            EmailAddress::parse(&attempt.email),
        ) else {
            return Ok(None);
        };
        let Some(org) = self.ports.organisations.find_by_slug(&slug).await? else {
            return Ok(None);
        };
        self.ports.staff.find_by_email(org.id, &email).await
    }

    /// The staff identity a session cookie acts as. Ends sessions past their idle or
    /// absolute timeout, and records activity.
    ///
    /// # Errors
    /// [`AuthenticateError::Invalid`] for malformed, unknown, ended or expired sessions and
    /// disabled users; `Repository` when storage fails.
    pub async fn authenticate_session(
        &self,
        raw: &str,
    ) -> Result<AuthenticatedSession, AuthenticateError> {
        let secret =
            Token::parse(TokenKind::Session, raw).map_err(|_| AuthenticateError::Invalid)?;
        let session = self
            .ports
            .sessions
            .find_by_digest(&secret.digest())
            .await?
            .ok_or(AuthenticateError::Invalid)?;
        let now = self.now();
        if session.ended_at.is_some() {
            return Err(AuthenticateError::Invalid);
        }
        if now >= session.absolute_expires_at
            || now - session.last_seen_at >= self.session_policy.idle
        {
            self.ports.sessions.end(&session, now).await?;
            return Err(AuthenticateError::Invalid);
        }
        let user = self.enabled_user(session.org_id, session.user_id).await?;
        if now - session.last_seen_at >= TOUCH_INTERVAL {
            self.ports.sessions.touch(&session, now).await?;
        }
        Ok(AuthenticatedSession {
            actor: StaffActor {
                org_id: user.org_id,
                user_id: user.id,
                profiles: user.profiles,
                method: AuthMethod::Session(session.id),
            },
            session,
        })
    }

    /// Ends the session whose secret is `raw`, if it exists. Unknown sessions are ignored.
    ///
    /// # Errors
    /// [`RepositoryError`] when storage fails.
    pub async fn sign_out(&self, raw: &str) -> Result<(), RepositoryError> {
        let Ok(secret) = Token::parse(TokenKind::Session, raw) else {
            return Ok(());
        };
        let Some(session) = self.ports.sessions.find_by_digest(&secret.digest()).await? else {
            return Ok(());
        };
        let now = self.now();
        self.ports.sessions.end(&session, now).await?;
        let mut uow = self.begin().await?;
        let event = self.event(
            Some(session.org_id),
            Some(session.user_id),
            AuditAction::SIGNED_OUT,
            Some(session.id.to_string()),
            String::new(),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await
    }
}
