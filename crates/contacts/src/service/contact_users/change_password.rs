//! A signed-in contact user changes their password (`/o/{org}/password`): forced first after
//! a temporary password, or whenever they like.

use std::net::IpAddr;

use frontdesk_access::ThrottlePolicy;
use frontdesk_kernel::{
    NewPassword, PasswordError, PasswordHashingError, PasswordVerification, RepositoryError,
};
use secrecy::{ExposeSecret, SecretString};

use crate::{ContactSession, ContactSignedIn, ContactUserState, ContactUsersService};

use super::credentials::{HashingFailure, account_key};

/// A password change as the person typed it (the page checks the confirmation).
#[derive(Debug)]
pub struct ChangeContactPassword {
    /// The session that asks (from [`ContactUsersService::authenticate`]).
    pub session: ContactSession,
    /// The current password (the temporary one, when it is forced).
    pub current: SecretString,
    /// The new password.
    pub new: SecretString,
    /// The client's address, for the audit trail.
    pub client_ip: Option<IpAddr>,
}

/// Why the password was not changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeContactPasswordError {
    /// The session no longer signs an active account in.
    #[error("not signed in")]
    NotSignedIn,
    /// The current password is wrong (counted by the per-account throttle).
    #[error("the current password is not correct")]
    WrongCurrentPassword,
    /// The new password breaks the policy.
    #[error(transparent)]
    Password(PasswordError),
    /// The new password is the current one.
    #[error("choose a password different from the current one")]
    SameAsCurrent,
    /// Too many recent failures for this account.
    #[error("too many failed attempts; try again in {retry_after_seconds} seconds")]
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

impl From<HashingFailure> for ChangeContactPasswordError {
    fn from(failure: HashingFailure) -> Self {
        match failure {
            HashingFailure::Busy => Self::Busy,
            HashingFailure::Failed(error) => Self::Hashing(error),
        }
    }
}

impl ContactUsersService {
    /// Changes the signed-in user's password. The current password is required (a wrong
    /// one counts as a failed sign-in of the account, key `contact:{org}:{username}`); the
    /// new one must pass [`NewPassword`]'s policy and differ from the current one. In one
    /// unit of work: the new hash is stored, the forced change and temporary expiry are
    /// cleared, older links are superseded, every session of the user ends, a new session
    /// starts (its secret is returned), the `password_changed` mail is queued and the
    /// change is audited.
    ///
    /// # Errors
    /// See [`ChangeContactPasswordError`].
    pub async fn change_password(
        &self,
        request: ChangeContactPassword,
    ) -> Result<ContactSignedIn, ChangeContactPasswordError> {
        let now = self.ports.clock.now();
        let signed_in = &request.session;
        let org = signed_in.session.org_id;
        let mut user = self
            .ports
            .users
            .find(org, signed_in.user.id)
            .await?
            .filter(|user| user.state == ContactUserState::Active)
            .ok_or(ChangeContactPasswordError::NotSignedIn)?;
        let organisation = self
            .ports
            .organisations
            .find(org)
            .await?
            .ok_or(ChangeContactPasswordError::NotSignedIn)?;
        let contact = self
            .ports
            .contacts
            .find(org, user.contact_id)
            .await?
            .ok_or(ChangeContactPasswordError::NotSignedIn)?;
        let account = account_key(organisation.slug.as_str(), user.username.as_str());
        if let Some(retry_after_seconds) = self
            .throttle_wait(&account, ThrottlePolicy::PER_ACCOUNT, now)
            .await?
        {
            return Err(ChangeContactPasswordError::Throttled {
                retry_after_seconds,
            });
        }
        let new = NewPassword::parse(request.new).map_err(ChangeContactPasswordError::Password)?;
        if new.expose() == request.current.expose_secret() {
            return Err(ChangeContactPasswordError::SameAsCurrent);
        }
        let verification = self
            .ports
            .hasher
            .verify(&request.current, user.password_hash.clone())
            .await
            .map_err(HashingFailure::from)?;
        if verification != PasswordVerification::Match || user.password_hash.is_none() {
            self.ports.attempts.record_failure(&account, now).await?;
            return Err(ChangeContactPasswordError::WrongCurrentPassword);
        }
        let hash = self
            .ports
            .hasher
            .hash(&new)
            .await
            .map_err(HashingFailure::from)?;
        let how = match request.client_ip {
            Some(ip) => format!("change ip={ip}"),
            None => "change".to_owned(),
        };
        let mut uow = self.ports.transactions.begin().await?;
        let (session, secret) = self
            .install_password(
                uow.as_mut(),
                &organisation,
                &mut user,
                &contact,
                hash,
                now,
                &how,
            )
            .await?;
        uow.commit().await?;
        self.ports.attempts.clear(&account).await?;
        Ok(ContactSignedIn {
            session,
            secret,
            user,
        })
    }
}
