//! The security check every public write passes: a port for captcha verifiers and the
//! shared store that makes every solution single-use across server replicas.

use std::net::IpAddr;

use serde::Serialize;
use time::OffsetDateTime;

use crate::{RepositoryError, Uow};

/// A proof-of-work challenge for the ALTCHA widget (classic v1, SHA-256 format).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaptchaChallenge {
    /// Hash algorithm, `SHA-256`.
    pub algorithm: String,
    /// Hex SHA-256 of `salt` followed by the secret number.
    pub challenge: String,
    /// Largest number the client may have to try.
    pub maxnumber: u64,
    /// Random salt; carries `?expires=<unix>&` parameters.
    pub salt: String,
    /// Hex HMAC-SHA-256 of `challenge` under the server's key.
    pub signature: String,
}

/// Why a captcha solution is refused.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum CaptchaError {
    /// No solution was sent.
    #[error("please complete the security check")]
    Missing,
    /// The solution is malformed, forged or wrong.
    #[error("the security check failed; please try again")]
    Invalid,
    /// The challenge expired before it was solved and sent.
    #[error("the security check expired; please try again")]
    Expired,
    /// This solution was already used once.
    #[error("this security check was already used; please try again")]
    Replayed,
    /// The verifier could not be reached or failed.
    #[error("the security check is unavailable; please try again shortly")]
    Unavailable(String),
}

/// A solution that checked out and is still to be spent, in the unit of work of the write it
/// protects (see [`CaptchaVerifier::check`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a checked captcha must be spent with CaptchaVerifier::spend_in"]
pub struct CaptchaPass {
    single_use: Option<([u8; 32], OffsetDateTime)>,
}

impl CaptchaPass {
    /// A pass with nothing left to record: the verifier already made the solution single-use
    /// (a third-party service does, and so does [`CaptchaVerifier::verify`]).
    pub const fn spent() -> Self {
        Self { single_use: None }
    }

    /// A pass whose replay `key` must be recorded as used until `expires_at`.
    pub const fn single_use(key: [u8; 32], expires_at: OffsetDateTime) -> Self {
        Self {
            single_use: Some((key, expires_at)),
        }
    }

    /// The replay key still to record and until when, if any.
    pub fn replay_key(&self) -> Option<(&[u8; 32], OffsetDateTime)> {
        self.single_use
            .as_ref()
            .map(|(key, expires_at)| (key, *expires_at))
    }
}

/// Verifies captcha solutions sent with public writes.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CaptchaVerifier: Send + Sync {
    /// A new challenge for the browser widget, for verifiers that issue their own (ALTCHA);
    /// `None` for third-party services whose widget talks to them directly.
    ///
    /// # Errors
    /// [`CaptchaError::Unavailable`] when a challenge cannot be made.
    async fn challenge(&self) -> Result<Option<CaptchaChallenge>, CaptchaError>;

    /// Accepts `solution` once: a second verification of the same solution is
    /// [`CaptchaError::Replayed`].
    ///
    /// # Errors
    /// See [`CaptchaError`].
    async fn verify(&self, solution: &str, remote_ip: Option<IpAddr>) -> Result<(), CaptchaError>;

    /// Checks `solution` like [`CaptchaVerifier::verify`] but leaves spending it to
    /// [`CaptchaVerifier::spend_in`], so that the solution is used up in the same unit of
    /// work as the write it protects (and costs no write of its own). Never blocks on the
    /// unit of work: call it before beginning one. The default verifies, spending the
    /// solution at once, and returns [`CaptchaPass::spent`].
    ///
    /// # Errors
    /// See [`CaptchaError`].
    async fn check(
        &self,
        solution: &str,
        remote_ip: Option<IpAddr>,
    ) -> Result<CaptchaPass, CaptchaError> {
        self.verify(solution, remote_ip).await?;
        Ok(CaptchaPass::spent())
    }

    /// Spends `pass` inside the caller's unit of work: if the unit of work commits, the
    /// solution can never be used again. The default accepts only spent passes; a verifier
    /// whose [`CaptchaVerifier::check`] returns single-use passes overrides it.
    ///
    /// # Errors
    /// [`CaptchaError::Replayed`] when the solution was already used;
    /// [`CaptchaError::Unavailable`] when it cannot be recorded.
    async fn spend_in(&self, uow: &mut Uow, pass: CaptchaPass) -> Result<(), CaptchaError> {
        let _ = uow;
        match pass.replay_key() {
            None => Ok(()),
            Some(_) => Err(CaptchaError::Unavailable(
                "this captcha verifier cannot spend single-use passes".to_owned(),
            )),
        }
    }
}

/// Remembers used captcha solutions until they expire, in storage every replica shares.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CaptchaReplayStore: Send + Sync {
    /// Records `key` as used until `expires_at`. Returns `true` the first time, `false` if
    /// the key was already recorded (a replay). Atomic across concurrent callers.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn first_use(
        &self,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// [`CaptchaReplayStore::first_use`] inside the caller's unit of work: the key is
    /// recorded only if the unit of work commits, and a concurrent unit of work recording
    /// the same key gets `false` once this one commits. Adapters with real transactions
    /// should override it; the default records at once.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn first_use_in(
        &self,
        uow: &mut Uow,
        key: &[u8; 32],
        expires_at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        let _ = uow;
        self.first_use(key, expires_at).await
    }
}
