//! The security check every public write passes: a port for captcha verifiers and the
//! shared store that makes every solution single-use across server replicas.

use std::net::IpAddr;

use serde::Serialize;
use time::OffsetDateTime;

use crate::RepositoryError;

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
}
