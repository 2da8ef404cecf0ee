//! Self-hosted ALTCHA proof of work, classic v1 format with SHA-256.
//!
//! A challenge is `{algorithm, challenge, maxnumber, salt, signature}` where `salt` is
//! `<24 hex>?expires=<unix>&`, `challenge = hex(SHA-256(salt || decimal(number)))` for a
//! secret `number` in `0..=maxnumber`, and `signature = hex(HMAC-SHA-256(key, challenge))`.
//! The widget finds `number` by brute force and sends back base64 of the JSON
//! `{algorithm, challenge, number, salt, signature}`.

use std::net::IpAddr;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use frontdesk_kernel::{
    CaptchaChallenge, CaptchaError, CaptchaPass, CaptchaReplayStore, CaptchaVerifier, Clock,
    RepositoryError, TokenSource, Uow,
};
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretSlice};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

type HmacSha256 = Hmac<Sha256>;

/// The only algorithm this verifier issues and accepts.
const ALGORITHM: &str = "SHA-256";
/// Random bytes in a salt (hex-encoded to 24 characters), as the ALTCHA libraries use.
const SALT_BYTES: usize = 12;
/// Longest solution we try to decode; real ones are well under 1 KiB.
const MAX_SOLUTION_LEN: usize = 8 * 1024;

/// Standard base64 alphabet, padding optional (the widget pads; some clients don't).
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The HMAC key that signs ALTCHA challenges. Every replica must use the same key; its
/// bytes never appear in `Debug` output.
#[derive(Clone)]
pub struct AltchaKey(SecretSlice<u8>);

/// Why a configured ALTCHA key is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AltchaKeyError {
    /// The key is shorter than [`AltchaKey::MIN_LEN`] bytes.
    #[error("the ALTCHA key must be at least {min} bytes long, got {actual}")]
    TooShort {
        /// The minimum length in bytes.
        min: usize,
        /// The length that was given.
        actual: usize,
    },
}

impl AltchaKey {
    /// The shortest key accepted, in bytes (256 bits).
    pub const MIN_LEN: usize = 32;

    /// A key from a configured secret; its UTF-8 bytes are the HMAC key.
    ///
    /// # Errors
    /// [`AltchaKeyError::TooShort`] when `secret` has fewer than [`Self::MIN_LEN`] bytes.
    pub fn from_secret(secret: &str) -> Result<Self, AltchaKeyError> {
        Self::from_bytes(secret.as_bytes())
    }

    /// A key from raw bytes, e.g. one read back from the database.
    ///
    /// # Errors
    /// [`AltchaKeyError::TooShort`] when `bytes` has fewer than [`Self::MIN_LEN`] bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AltchaKeyError> {
        if bytes.len() < Self::MIN_LEN {
            return Err(AltchaKeyError::TooShort {
                min: Self::MIN_LEN,
                actual: bytes.len(),
            });
        }
        Ok(Self(SecretSlice::from(bytes.to_vec())))
    }

    /// A fresh random key of [`Self::MIN_LEN`] bytes.
    pub fn generate(random: &dyn TokenSource) -> Self {
        let mut bytes = vec![0u8; Self::MIN_LEN];
        random.fill(&mut bytes);
        Self(SecretSlice::from(bytes))
    }

    /// The key's bytes, to persist it (e.g. in the database so replicas share it).
    pub fn expose_bytes(&self) -> &[u8] {
        self.0.expose_secret()
    }

    fn mac(&self) -> Result<HmacSha256, CaptchaError> {
        <HmacSha256 as Mac>::new_from_slice(self.0.expose_secret())
            .map_err(|_| CaptchaError::Unavailable("the ALTCHA key cannot be used".to_owned()))
    }
}

impl std::fmt::Debug for AltchaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AltchaKey([REDACTED])")
    }
}

/// Tuning of [`AltchaVerifier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AltchaSettings {
    /// The secret number is drawn from `0..=max_number`; the widget tries half of that on
    /// average. Default 100 000 (well under a second on a phone).
    pub max_number: u64,
    /// How long a challenge may be solved and sent. Default 10 minutes.
    pub expires_after: Duration,
}

impl Default for AltchaSettings {
    fn default() -> Self {
        Self {
            max_number: 100_000,
            expires_after: Duration::minutes(10),
        }
    }
}

/// The default [`CaptchaVerifier`]: issues and checks ALTCHA proof-of-work challenges
/// itself, with no third party. Each solved challenge is accepted once, remembered in the
/// shared [`CaptchaReplayStore`] until it expires.
pub struct AltchaVerifier {
    key: AltchaKey,
    settings: AltchaSettings,
    replay: Arc<dyn CaptchaReplayStore>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn TokenSource>,
}

impl AltchaVerifier {
    /// A verifier signing with `key`, remembering used solutions in `replay`, reading time
    /// from `clock` and salts and secret numbers from `random`.
    pub fn new(
        key: AltchaKey,
        settings: AltchaSettings,
        replay: Arc<dyn CaptchaReplayStore>,
        clock: Arc<dyn Clock>,
        random: Arc<dyn TokenSource>,
    ) -> Self {
        Self {
            key,
            settings,
            replay,
            clock,
            random,
        }
    }

    /// The settings this verifier was built with.
    pub fn settings(&self) -> AltchaSettings {
        self.settings
    }

    /// A number in `0..=max`, from 16 random bytes reduced modulo `max + 1` (bias below
    /// 2^-64, and no retry loop that a broken source could spin).
    fn secret_number(&self, max: u64) -> u64 {
        let mut bytes = [0u8; 16];
        self.random.fill(&mut bytes);
        let wide = u128::from_le_bytes(bytes);
        let number = wide % (u128::from(max) + 1);
        // Always fits: the remainder is at most `max`.
        u64::try_from(number).unwrap_or(max)
    }

    fn check_payload(&self, payload: &Payload) -> Result<OffsetDateTime, CaptchaError> {
        if payload.algorithm != ALGORITHM {
            return Err(CaptchaError::Invalid);
        }
        let signature = hex::decode(&payload.signature).map_err(|_| CaptchaError::Invalid)?;
        let mut mac = self.key.mac()?;
        mac.update(payload.challenge.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| CaptchaError::Invalid)?;

        let expected = hash_hex(&payload.salt, payload.number);
        if expected != payload.challenge {
            return Err(CaptchaError::Invalid);
        }

        let expires_at = salt_expiry(&payload.salt).ok_or(CaptchaError::Expired)?;
        if expires_at <= self.clock.now() {
            return Err(CaptchaError::Expired);
        }
        Ok(expires_at)
    }
}

impl std::fmt::Debug for AltchaVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AltchaVerifier")
            .field("key", &self.key)
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl CaptchaVerifier for AltchaVerifier {
    async fn challenge(&self) -> Result<Option<CaptchaChallenge>, CaptchaError> {
        let mut salt_bytes = [0u8; SALT_BYTES];
        self.random.fill(&mut salt_bytes);
        let expires = (self.clock.now() + self.settings.expires_after).unix_timestamp();
        let salt = format!("{}?expires={expires}&", hex::encode(salt_bytes));

        let number = self.secret_number(self.settings.max_number);
        let challenge = hash_hex(&salt, number);
        let mut mac = self.key.mac()?;
        mac.update(challenge.as_bytes());
        let signature = hex::encode(mac.finalize().into_bytes());

        Ok(Some(CaptchaChallenge {
            algorithm: ALGORITHM.to_owned(),
            challenge,
            maxnumber: self.settings.max_number,
            salt,
            signature,
        }))
    }

    async fn verify(&self, solution: &str, _remote_ip: Option<IpAddr>) -> Result<(), CaptchaError> {
        let (key, expires_at) = self.replay_key(solution)?;
        first_use(self.replay.first_use(&key, expires_at).await)
    }

    async fn check(
        &self,
        solution: &str,
        _remote_ip: Option<IpAddr>,
    ) -> Result<CaptchaPass, CaptchaError> {
        let (key, expires_at) = self.replay_key(solution)?;
        Ok(CaptchaPass::single_use(key, expires_at))
    }

    async fn spend_in(&self, uow: &mut Uow, pass: CaptchaPass) -> Result<(), CaptchaError> {
        let Some((key, expires_at)) = pass.replay_key() else {
            return Ok(());
        };
        first_use(self.replay.first_use_in(uow, key, expires_at).await)
    }
}

impl AltchaVerifier {
    /// Checks a solution (format, signature, proof of work, expiry) without spending it;
    /// returns its replay key (the challenge's digest) and when the challenge expires.
    fn replay_key(&self, solution: &str) -> Result<([u8; 32], OffsetDateTime), CaptchaError> {
        let solution = solution.trim();
        if solution.is_empty() {
            return Err(CaptchaError::Missing);
        }
        if solution.len() > MAX_SOLUTION_LEN {
            return Err(CaptchaError::Invalid);
        }
        let json = BASE64.decode(solution).map_err(|_| CaptchaError::Invalid)?;
        let payload: Payload = serde_json::from_slice(&json).map_err(|_| CaptchaError::Invalid)?;
        let expires_at = self.check_payload(&payload)?;
        Ok((
            Sha256::digest(payload.challenge.as_bytes()).into(),
            expires_at,
        ))
    }
}

/// The verdict of the replay store: the first use passes, any other is a replay.
fn first_use(recorded: Result<bool, RepositoryError>) -> Result<(), CaptchaError> {
    match recorded {
        Ok(true) => Ok(()),
        Ok(false) => Err(CaptchaError::Replayed),
        Err(error) => Err(CaptchaError::Unavailable(format!(
            "captcha replay store: {error}"
        ))),
    }
}

/// A solution as the widget sends it; unknown fields (such as `took`) are ignored.
#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    algorithm: String,
    challenge: String,
    number: u64,
    salt: String,
    signature: String,
}

/// Hex SHA-256 of `salt` followed by `number` in decimal.
fn hash_hex(salt: &str, number: u64) -> String {
    let mut hasher = Sha256::new();
    hasher.update(salt.as_bytes());
    hasher.update(number.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// The first `expires=<unix>` parameter of the salt's query part, as the ALTCHA libraries
/// read it.
fn salt_expiry(salt: &str) -> Option<OffsetDateTime> {
    let (_, query) = salt.split_once('?')?;
    let value = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("expires="))?;
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = value.parse().ok()?;
    OffsetDateTime::from_unix_timestamp(seconds).ok()
}

/// **Test helper**: solves `challenge` by brute force over `0..=maxnumber`, as the widget
/// does, and returns the base64 payload to submit in the `altcha` form field.
///
/// Meant for end-to-end tests that submit public forms; it costs up to `maxnumber` hashes.
/// If no number matches (a forged or foreign challenge) it returns a payload with
/// `number` 0, which verification refuses.
pub fn solve_for_tests(challenge: &CaptchaChallenge) -> String {
    let target = hex::decode(&challenge.challenge).unwrap_or_default();
    let salted = {
        let mut hasher = Sha256::new();
        hasher.update(challenge.salt.as_bytes());
        hasher
    };
    let number = (0..=challenge.maxnumber)
        .find(|n| {
            let mut hasher = salted.clone();
            hasher.update(n.to_string().as_bytes());
            hasher.finalize().as_slice() == target.as_slice()
        })
        .unwrap_or(0);
    let payload = Payload {
        algorithm: challenge.algorithm.clone(),
        challenge: challenge.challenge.clone(),
        number,
        salt: challenge.salt.clone(),
        signature: challenge.signature.clone(),
    };
    // Serialising plain strings and a number cannot fail; an empty payload is refused.
    let json = serde_json::to_vec(&payload).unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(json)
}

#[cfg(test)]
mod tests;
