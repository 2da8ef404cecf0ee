//! Contact users: contacts with a login. Seed 001 calls them client contact users, seed 003
//! registered users and seed 004 portal users; it is one account for all three.
//!
//! Staff never hold a contact user's credential: a [`TemporaryPassword`] or a set-password
//! link goes to the person by mail only, and only its hash or digest is stored.

use std::fmt;

use frontdesk_access::ContactUserFacts;
use frontdesk_kernel::{
    ActionTokenId, ClientId, ContactId, ContactUserId, EmailAddress, NewPassword, OrgId,
    PasswordError, PasswordHash, TokenDigest, TokenSource,
};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// How long a temporary password works unless the caller says otherwise.
pub const TEMPORARY_PASSWORD_LIFETIME: Duration = Duration::hours(72);

/// A login name: 2–64 characters of lower-case letters, digits and `.`, `_`, `-`, `@`, `+`,
/// starting with a letter or digit. Parsing folds case, so names are unique per
/// organisation ignoring case ("John.Smith" and "john.smith" are one name).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Username(String);

/// Why a string is not a username.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error(
    "a username has 2–64 characters: letters, digits and . _ - @ +, starting with a letter or digit"
)]
pub struct UsernameError;

impl Username {
    /// The longest username.
    pub const MAX_CHARS: usize = 64;

    /// Parses a username (surrounding whitespace ignored, case folded).
    ///
    /// # Errors
    /// [`UsernameError`] when it is too short or long or has other characters.
    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let folded = raw.trim().to_lowercase();
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@+".contains(c);
        let first_ok = folded
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let length = folded.chars().count();
        if first_ok && (2..=Self::MAX_CHARS).contains(&length) && folded.chars().all(allowed) {
            Ok(Self(folded))
        } else {
            Err(UsernameError)
        }
    }

    /// The default username for `email`: its local part, reduced to the allowed characters
    /// (`user` when nothing is left).
    pub fn from_email(email: &EmailAddress) -> Self {
        let local = email.as_str().split('@').next().unwrap_or_default();
        let mut base: String = local
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-+".contains(*c))
            .skip_while(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
            .take(Self::MAX_CHARS - 4)
            .collect();
        if base.chars().count() < 2 {
            base = format!("user{base}");
        }
        Self(base)
    }

    /// This name with `-n` appended (for `n` ≥ 2), to make a default name unique.
    #[must_use]
    pub fn numbered(&self, n: u32) -> Self {
        if n < 2 {
            return self.clone();
        }
        let suffix = format!("-{n}");
        let keep = Self::MAX_CHARS - suffix.len();
        let head: String = self.0.chars().take(keep).collect();
        Self(format!("{head}{suffix}"))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a contact user's account is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactUserState {
    /// Created by staff; no credential yet (seed 001 before "Send password"; seed 004 before
    /// the invitation is used).
    Invited,
    /// Signed up and waiting for the activation link (seeds 003 and 004).
    Pending,
    /// May sign in.
    Active,
    /// Turned off by staff; may not sign in, grants do not count.
    Disabled,
    /// Removed (seed 004's "Remove"): gone for good; its record stays for the audit trail.
    Removed,
}

impl ContactUserState {
    /// Every state.
    pub const ALL: [Self; 5] = [
        Self::Invited,
        Self::Pending,
        Self::Active,
        Self::Disabled,
        Self::Removed,
    ];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Invited => "invited",
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Disabled => "disabled",
            Self::Removed => "removed",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == raw)
    }
}

/// A contact with a login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUser {
    /// Its id.
    pub id: ContactUserId,
    /// The organisation.
    pub org_id: OrgId,
    /// The person (name, email, phones); a contact has at most one login.
    pub contact_id: ContactId,
    /// The clients (customer companies) it belongs to; seed 004's portal users may belong
    /// to several, seed 001's client contact users to one.
    pub client_ids: Vec<ClientId>,
    /// Login name, unique per organisation (ignoring case).
    pub username: Username,
    /// Where the account is in its life.
    pub state: ContactUserState,
    /// Must choose a new password before anything else (after a temporary password).
    pub must_change_password: bool,
    /// The password's hash, once there is one (a temporary password's, too).
    pub password_hash: Option<PasswordHash>,
    /// When the temporary password stops working, while the password is a temporary one.
    pub temporary_password_expires_at: Option<OffsetDateTime>,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

impl ContactUser {
    /// What the access decision needs to know (only active accounts pass).
    pub fn facts(&self) -> ContactUserFacts {
        ContactUserFacts {
            org_id: self.org_id,
            id: self.id,
            client_ids: self.client_ids.clone(),
            active: self.state == ContactUserState::Active,
        }
    }

    /// Whether the stored password may be used to sign in at `now`: a permanent one always,
    /// a temporary one strictly before its expiry.
    pub fn password_usable_at(&self, now: OffsetDateTime) -> bool {
        self.password_hash.is_some()
            && self
                .temporary_password_expires_at
                .is_none_or(|expires_at| now < expires_at)
    }

    /// The state the account returns to when staff enable it again.
    pub const fn enabled_state(&self) -> ContactUserState {
        if self.password_hash.is_some() {
            ContactUserState::Active
        } else {
            ContactUserState::Invited
        }
    }
}

/// A generated temporary password: 20 symbols from a 32-letter alphabet (100 bits), in
/// five groups of four (`k7m2-x9qa-…`), without letters people confuse (i, l, o, u).
/// Never shown by `Debug`.
pub struct TemporaryPassword(SecretString);

impl TemporaryPassword {
    /// The alphabet: Crockford's base32, lower case.
    pub const ALPHABET: &'static [u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    /// Symbols drawn (5 bits each).
    pub const SYMBOLS: usize = 20;

    /// Draws a new one from `source`.
    pub fn generate(source: &dyn TokenSource) -> Self {
        let mut bytes = [0u8; Self::SYMBOLS];
        source.fill(&mut bytes);
        let mut text = String::with_capacity(Self::SYMBOLS + 4);
        for (index, byte) in bytes.iter().enumerate() {
            if index > 0 && index % 4 == 0 {
                text.push('-');
            }
            // 256 is a multiple of 32: the low five bits are uniform.
            text.push(char::from(Self::ALPHABET[usize::from(byte & 31)]));
        }
        Self(SecretString::from(text))
    }

    /// The password as the policy checks it, for hashing.
    ///
    /// # Errors
    /// [`PasswordError`] never for a generated password (it is long and random); kept so
    /// the policy stays the one gate.
    pub fn to_new_password(&self) -> Result<NewPassword, PasswordError> {
        NewPassword::parse(self.0.clone())
    }

    /// The password itself, for the mail that carries it.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl fmt::Debug for TemporaryPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TemporaryPassword([redacted])")
    }
}

/// What a contact user's one-time link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContactUserLinkPurpose {
    /// Choose a first password (staff's "Send password" in link mode; 24 h by default).
    SetPassword,
    /// Choose a new password after "forgot password" (1 h by default).
    ResetPassword,
    /// Activate an account the person signed up for (seeds 003 and 004; 24 h by default).
    /// Only the sign-up's activation page opens it.
    Activation,
    /// Accept a staff invitation to the portal: the person enters their name and a password
    /// (seed 004's manually added portal user; 7 days by default).
    Invitation,
}

impl ContactUserLinkPurpose {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SetPassword => "set_password",
            Self::ResetPassword => "reset_password",
            Self::Activation => "activation",
            Self::Invitation => "invitation",
        }
    }

    /// Parses a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::SetPassword,
            Self::ResetPassword,
            Self::Activation,
            Self::Invitation,
        ]
        .into_iter()
        .find(|purpose| purpose.as_str() == raw)
    }
}

/// A contact user's one-time `{base}/a/fda_…` link, as stored: the token's digest only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUserLink {
    /// Its id.
    pub id: ActionTokenId,
    /// The organisation.
    pub org_id: OrgId,
    /// Whose.
    pub contact_user_id: ContactUserId,
    /// What for.
    pub purpose: ContactUserLinkPurpose,
    /// SHA-256 of the token.
    pub digest: TokenDigest,
    /// When it was issued.
    pub created_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// When it was used or superseded by a newer link, if it was.
    pub used_at: Option<OffsetDateTime>,
}

impl ContactUserLink {
    /// Whether it still opens at `now`: unused and strictly before its expiry.
    pub fn is_usable_at(&self, now: OffsetDateTime) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Bytes(u8);
    impl TokenSource for Bytes {
        fn fill(&self, buffer: &mut [u8]) {
            for (i, b) in buffer.iter_mut().enumerate() {
                *b = self.0.wrapping_add(u8::try_from(i % 256).unwrap_or(0));
            }
        }
    }

    #[test]
    fn usernames_fold_case_and_defaults_come_from_the_email() {
        assert_eq!(
            Username::parse(" John.Smith ").map(|u| u.0),
            Ok("john.smith".into())
        );
        assert!(Username::parse("a").is_err());
        assert!(Username::parse(".john").is_err());
        assert!(Username::parse("jo hn").is_err());
        assert!(Username::parse(&"a".repeat(65)).is_err());
        let email = EmailAddress::parse("John.Smith+x@More-Profits.example")
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(Username::from_email(&email).as_str(), "john.smith+x");
        let odd = EmailAddress::parse("__@x.example").unwrap_or_else(|_| unreachable!());
        assert_eq!(Username::from_email(&odd).as_str(), "user");
        let base = Username::parse("jane").unwrap_or_else(|_| unreachable!());
        assert_eq!(base.numbered(1).as_str(), "jane");
        assert_eq!(base.numbered(3).as_str(), "jane-3");
        let long = Username::parse(&"a".repeat(64)).unwrap_or_else(|_| unreachable!());
        assert_eq!(long.numbered(12).as_str().len(), 64);
        for state in ContactUserState::ALL {
            assert_eq!(ContactUserState::parse(state.as_str()), Some(state));
        }
    }

    #[test]
    fn temporary_passwords_are_grouped_readable_and_never_debugged() {
        let password = TemporaryPassword::generate(&Bytes(7));
        let text = password.expose().to_owned();
        assert_eq!(text.len(), 24);
        assert_eq!(text.split('-').count(), 5);
        assert!(
            text.chars()
                .all(|c| c == '-' || TemporaryPassword::ALPHABET.contains(&(c as u8)))
        );
        assert!(password.to_new_password().is_ok());
        assert!(!format!("{password:?}").contains(&text));
        // 20 symbols of 5 bits each.
        const { assert!(TemporaryPassword::SYMBOLS * 5 >= 80) };
    }
}
