//! Password policy and the hashing port.
//!
//! The policy follows NIST SP 800-63B: at least 8 characters, at most 128, no composition
//! rules, and a blocklist of commonly used passwords: the 20,000 most common passwords of
//! known breaches (`data/common-passwords.txt`, Django's list, BSD-3-Clause — see
//! `data/common-passwords.LICENSE`) and a few more of our own. Hashing happens behind the
//! [`PasswordHasher`] port so the domain stays free of CPU-heavy work and runtime details.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use secrecy::{ExposeSecret, SecretString};

/// Fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// Most characters a password may have.
pub const MAX_CHARS: usize = 128;

/// Commonly used passwords of at least [`MIN_CHARS`] characters, compared case-insensitively.
const BLOCKLIST: &[&str] = &[
    "password",
    "password1",
    "password12",
    "password123",
    "password1234",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword",
    "12345678",
    "123456789",
    "1234567890",
    "12345678910",
    "0123456789",
    "87654321",
    "987654321",
    "11111111",
    "00000000",
    "88888888",
    "123123123",
    "12341234",
    "11223344",
    "qwertyuiop",
    "qwerty123",
    "qwerty12",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "1qaz2wsx",
    "zaq12wsx",
    "asdfghjkl",
    "asdfasdf",
    "zxcvbnm1",
    "iloveyou",
    "iloveyou1",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "batman123",
    "trustno1",
    "welcome1",
    "welcome123",
    "letmein1",
    "letmein123",
    "abc12345",
    "abcd1234",
    "abcdefgh",
    "admin123",
    "administrator",
    "changeme",
    "changeme123",
    "starwars",
    "whatever",
    "computer",
    "internet",
    "michael1",
    "jennifer",
    "jordan23",
    "liverpool",
    "chelsea1",
    "master123",
    "dragon123",
    "monkey123",
    "shadow123",
    "charlie1",
    "freedom1",
    "mustang1",
    "access14",
    "qwertyui",
    "azertyuiop",
    "azerty123",
    "motdepasse",
    "soleil123",
    "bonjour1",
    "doudou123",
    "chocolat",
    "frontdesk",
    "frontdesk1",
    "helpdesk",
    "helpdesk1",
    "support1",
    "support123",
    "secret123",
    "test1234",
    "testtest",
    "guest123",
    "summer2024",
    "winter2024",
    "spring2025",
    "autumn2025",
    "summer2025",
    "winter2025",
    "summer2026",
    "winter2026",
];

/// The 20,000 most common breached passwords, lowercased, one a line (Django's list; its
/// source and licence are in `data/common-passwords.LICENSE`).
const COMMON_PASSWORDS: &str = include_str!("data/common-passwords.txt");

/// [`COMMON_PASSWORDS`] as a set, built on first use.
static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| COMMON_PASSWORDS.lines().collect());

/// Whether `lowered` (a lowercased candidate) is a commonly used password.
fn is_common(lowered: &str) -> bool {
    BLOCKLIST.contains(&lowered)
        || COMMON.contains(lowered)
        || lowered.chars().all(|c| lowered.starts_with(c))
}

/// A password someone chose, checked against the policy. The text stays secret.
pub struct NewPassword(SecretString);

/// Why a chosen password is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum PasswordError {
    /// Fewer than [`MIN_CHARS`] characters.
    #[error("use at least 8 characters")]
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    #[error("use at most 128 characters")]
    TooLong,
    /// On the list of commonly used passwords.
    #[error("this password is too common; choose another")]
    Common,
}

impl NewPassword {
    /// Checks `candidate` against the policy.
    ///
    /// # Errors
    /// [`PasswordError`] naming the rule it breaks.
    pub fn parse(candidate: SecretString) -> Result<Self, PasswordError> {
        let text = candidate.expose_secret();
        let chars = text.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lowered = text.to_lowercase();
        if is_common(&lowered) {
            return Err(PasswordError::Common);
        }
        Ok(Self(candidate))
    }

    /// The secret text, for the hasher.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}

/// A stored password hash in PHC string format (`$argon2id$v=19$...`).
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string read from storage or produced by a hasher.
    pub fn from_phc(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash([redacted])")
    }
}

/// The result of checking a password against a hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordVerification {
    /// The password matches.
    Match,
    /// The password does not match, or there was no hash to check against.
    Mismatch,
}

/// Why hashing or verifying could not be done.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum PasswordHashingError {
    /// Every hashing slot is busy; the caller should answer 429 and let the client retry.
    #[error("too many password checks are in progress; try again shortly")]
    Busy,
    /// The hasher failed (bad parameters, corrupt stored hash, worker thread lost).
    #[error("password hashing failed: {0}")]
    Failed(String),
}

/// Hashes and verifies passwords without blocking the async runtime.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait PasswordHasher: Send + Sync {
    /// Hashes a new password.
    ///
    /// # Errors
    /// [`PasswordHashingError::Busy`] when saturated; `Failed` when hashing fails.
    async fn hash(&self, password: &NewPassword) -> Result<PasswordHash, PasswordHashingError>;

    /// Checks `candidate` against `hash`. With no hash (unknown account), it still spends the
    /// same work on a dummy hash and answers [`PasswordVerification::Mismatch`], so timing
    /// does not reveal whether an account exists.
    ///
    /// # Errors
    /// [`PasswordHashingError::Busy`] when saturated; `Failed` when hashing fails.
    async fn verify(
        &self,
        candidate: &SecretString,
        hash: Option<PasswordHash>,
    ) -> Result<PasswordVerification, PasswordHashingError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> Result<NewPassword, PasswordError> {
        NewPassword::parse(SecretString::from(text.to_owned()))
    }

    #[test]
    fn the_breached_password_list_is_refused_whole() {
        let entries: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert!(entries.len() >= 10_000, "{} entries", entries.len());
        let mut refused_as_common = 0;
        for entry in &entries {
            let chars = entry.chars().count();
            let outcome = parse(entry).err();
            if chars < MIN_CHARS {
                assert_eq!(outcome, Some(PasswordError::TooShort), "{entry}");
            } else if chars <= MAX_CHARS {
                assert_eq!(outcome, Some(PasswordError::Common), "{entry}");
                // Case does not help.
                assert_eq!(
                    parse(&entry.to_uppercase()).err(),
                    Some(PasswordError::Common),
                    "{entry}"
                );
                refused_as_common += 1;
            }
        }
        assert!(refused_as_common > 8_000, "{refused_as_common}");
        for uncommon in ["correct horse battery staple", "Tr0ub4dor&3-frontdesk"] {
            assert!(parse(uncommon).is_ok(), "{uncommon}");
        }
    }

    #[test]
    fn applies_length_and_blocklist_rules_only() {
        assert_eq!(parse("short").unwrap_err(), PasswordError::TooShort);
        assert_eq!(parse("Password123").unwrap_err(), PasswordError::Common);
        assert_eq!(parse("aaaaaaaaaaa").unwrap_err(), PasswordError::Common);
        assert_eq!(parse(&"x".repeat(129)).unwrap_err(), PasswordError::TooLong);
        assert!(parse("correct horse battery staple").is_ok());
        assert!(parse("alllowercaseletters").is_ok());
        assert!(parse(&"xy".repeat(64)).is_ok());
        assert!(parse("mötdepässe").is_ok());
    }

    #[test]
    fn debug_never_shows_the_password() {
        let password = parse("correct horse battery staple").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
        let hash = PasswordHash::from_phc("$argon2id$v=19$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }

    proptest! {
        #[test]
        fn accepted_passwords_respect_the_length_bounds(text in any::<String>()) {
            if parse(&text).is_ok() {
                let chars = text.chars().count();
                prop_assert!((MIN_CHARS..=MAX_CHARS).contains(&chars));
            }
        }
    }
}
