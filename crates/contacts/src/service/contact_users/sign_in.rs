//! A contact user signs in to their organisation's portal (`/o/{org}/login`) with their
//! username or email and password. Throttled per account and per address; every failure
//! that could tell whether an account exists looks the same and costs the same hashing work.

use std::net::IpAddr;

use frontdesk_access::{OrgSlug, ThrottlePolicy};
use frontdesk_kernel::{PasswordHashingError, PasswordVerification, RepositoryError, Token};
use secrecy::SecretString;

use crate::{ContactUser, ContactUserSession, ContactUserState, ContactUsersService};

use super::actions;
use super::credentials::{HashingFailure, account_key, ip_key};

/// A sign-in attempt as the person typed it.
#[derive(Debug)]
pub struct ContactSignInAttempt {
    /// The organisation's slug (from the page's path).
    pub organisation: String,
    /// Username or email, as typed.
    pub login: String,
    /// Password, as typed.
    pub password: SecretString,
    /// The client's address, for the per-address throttle.
    pub client_ip: Option<IpAddr>,
}

/// A started session, the only copy of its secret, and the account it signs in.
#[derive(Debug)]
pub struct ContactSignedIn {
    /// The session record.
    pub session: ContactUserSession,
    /// The secret for the session cookie.
    pub secret: Token,
    /// The account; while `must_change_password` the pages send it to change the password
    /// before anything else.
    pub user: ContactUser,
}

/// Why a contact user could not sign in.
#[derive(Debug, thiserror::Error)]
pub enum ContactSignInError {
    /// Unknown organisation or login, an account that may not sign in (invited, pending,
    /// disabled, removed), or a wrong password: the same answer for all.
    #[error("the login or password is not correct")]
    InvalidCredentials,
    /// The right temporary password, past its expiry: ask for a new one.
    #[error("this temporary password has expired; ask for a new one")]
    TemporaryPasswordExpired,
    /// Too many recent failures for this account or address.
    #[error("too many failed sign-ins; try again in {retry_after_seconds} seconds")]
    Throttled {
        /// Seconds until another attempt is allowed.
        retry_after_seconds: u64,
    },
    /// Every password-hashing slot is busy; try again shortly.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<HashingFailure> for ContactSignInError {
    fn from(failure: HashingFailure) -> Self {
        match failure {
            HashingFailure::Busy => Self::Busy,
            HashingFailure::Failed(error) => Self::Hashing(error),
        }
    }
}

impl ContactUsersService {
    /// Signs a contact user in: checks the throttles (per account `contact:{org}:{login}`
    /// and per address, with [`ThrottlePolicy::PER_ACCOUNT`] and
    /// [`ThrottlePolicy::PER_IP`]; a refused attempt is refused even with the right
    /// password), finds the account by username or by the email of its contact, verifies
    /// the password (the same work for unknown accounts), and starts a new session. A
    /// success clears the account's failures; a failure is counted on both keys and
    /// audited when the account exists. Only active accounts sign in.
    ///
    /// # Errors
    /// See [`ContactSignInError`].
    pub async fn sign_in(
        &self,
        attempt: ContactSignInAttempt,
    ) -> Result<ContactSignedIn, ContactSignInError> {
        let now = self.ports.clock.now();
        let account = account_key(&attempt.organisation, &attempt.login);
        let ip = attempt.client_ip.map(|ip| ip_key("ip", ip));
        let mut wait = self
            .throttle_wait(&account, ThrottlePolicy::PER_ACCOUNT, now)
            .await?;
        if let Some(ip) = &ip {
            wait = wait.max(self.throttle_wait(ip, ThrottlePolicy::PER_IP, now).await?);
        }
        if let Some(retry_after_seconds) = wait {
            return Err(ContactSignInError::Throttled {
                retry_after_seconds,
            });
        }
        let user = self.sign_in_user(&attempt).await?;
        let hash = user
            .as_ref()
            .filter(|user| user.state == ContactUserState::Active)
            .and_then(|user| user.password_hash.clone());
        let verification = self
            .ports
            .hasher
            .verify(&attempt.password, hash.clone())
            .await
            .map_err(HashingFailure::from)?;
        let user = match (user, verification) {
            (Some(user), PasswordVerification::Match) if hash.is_some() => user,
            (user, _) => {
                self.ports.attempts.record_failure(&account, now).await?;
                if let Some(ip) = &ip {
                    self.ports.attempts.record_failure(ip, now).await?;
                }
                if let Some(user) = user {
                    self.audit_failure(&user, attempt.client_ip, "wrong password or state")
                        .await?;
                }
                return Err(ContactSignInError::InvalidCredentials);
            }
        };
        if !user.password_usable_at(now) {
            // Only someone who knows the password learns this; it is not a guess to count.
            self.audit_failure(&user, attempt.client_ip, "temporary password expired")
                .await?;
            return Err(ContactSignInError::TemporaryPasswordExpired);
        }
        self.ports.attempts.clear(&account).await?;
        let (session, secret) = self.new_session(&user, now);
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.sessions.insert(uow.as_mut(), &session).await?;
        let event = self.own_event(
            user.org_id,
            actions::SIGNED_IN,
            user.id.to_string(),
            format!("session={}{}", session.id, ip_detail(attempt.client_ip)),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(ContactSignedIn {
            session,
            secret,
            user,
        })
    }

    /// The account an attempt names, if its organisation and login exist.
    async fn sign_in_user(
        &self,
        attempt: &ContactSignInAttempt,
    ) -> Result<Option<ContactUser>, RepositoryError> {
        let Ok(slug) = OrgSlug::parse(attempt.organisation.trim()) else {
            return Ok(None);
        };
        let Some(organisation) = self.ports.organisations.find_by_slug(&slug).await? else {
            return Ok(None);
        };
        self.find_by_login(organisation.id, &attempt.login).await
    }

    async fn audit_failure(
        &self,
        user: &ContactUser,
        ip: Option<IpAddr>,
        why: &str,
    ) -> Result<(), RepositoryError> {
        let mut uow = self.ports.transactions.begin().await?;
        let event = self.own_event(
            user.org_id,
            actions::SIGN_IN_FAILED,
            user.id.to_string(),
            format!("reason={why}{}", ip_detail(ip)),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await
    }
}

/// ` ip=…` for the audit detail, or nothing.
fn ip_detail(ip: Option<IpAddr>) -> String {
    ip.map(|ip| format!(" ip={ip}")).unwrap_or_default()
}
