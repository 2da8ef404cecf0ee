//! Secret capability tokens: what links and API keys carry.
//!
//! A token is `<prefix><43 base64url characters>` encoding 32 random bytes. The prefix names
//! its purpose so a leaked token is recognisable. Only its SHA-256 [`TokenDigest`] is ever
//! stored; digests compare in constant time. A [`Token`] never prints its secret through
//! `Debug` or `Display`.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::TokenSource;

/// Number of random bytes in every token.
pub const TOKEN_BYTES: usize = 32;
const ENCODED_LEN: usize = 43;

/// What a token is for; each kind has its own prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Guest access to one case (`fdg_`).
    GuestAccess,
    /// Read-only public share link (`fds_`).
    ShareLink,
    /// Registration link or invitation (`fdr_`).
    Registration,
    /// Activation, invitation acceptance or password setup/reset (`fda_`).
    Action,
    /// Notification unsubscribe (`fdu_`).
    Unsubscribe,
    /// Staff API key (`fdk_`).
    ApiKey,
    /// Staff session id kept in a cookie (`fdc_`).
    Session,
}

impl TokenKind {
    /// Every kind.
    pub const ALL: [Self; 7] = [
        Self::GuestAccess,
        Self::ShareLink,
        Self::Registration,
        Self::Action,
        Self::Unsubscribe,
        Self::ApiKey,
        Self::Session,
    ];

    /// The prefix that starts tokens of this kind.
    pub const fn prefix(self) -> &'static str {
        match self {
            Self::GuestAccess => "fdg_",
            Self::ShareLink => "fds_",
            Self::Registration => "fdr_",
            Self::Action => "fda_",
            Self::Unsubscribe => "fdu_",
            Self::ApiKey => "fdk_",
            Self::Session => "fdc_",
        }
    }
}

/// Why a string is not a token of the expected kind. Deliberately says nothing about
/// whether such a token exists.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum TokenError {
    /// Wrong or missing prefix for the expected kind.
    #[error("this link or key is not of the expected kind")]
    WrongKind,
    /// Right prefix but not 32 bytes of canonical base64url.
    #[error("this link or key is malformed or incomplete")]
    Malformed,
}

/// A secret token. The secret is reachable only through [`Token::expose`].
pub struct Token {
    kind: TokenKind,
    secret: SecretString,
}

impl Token {
    /// Makes a new token of `kind` from 32 bytes of `source`.
    pub fn generate(kind: TokenKind, source: &dyn TokenSource) -> Self {
        let mut bytes = [0u8; TOKEN_BYTES];
        source.fill(&mut bytes);
        let text = format!("{}{}", kind.prefix(), URL_SAFE_NO_PAD.encode(bytes));
        Self {
            kind,
            secret: SecretString::from(text),
        }
    }

    /// Parses a token presented by a client, checking its kind and exact shape.
    ///
    /// # Errors
    /// [`TokenError`] when the prefix is not `kind`'s or the body is not exactly 32 bytes of
    /// canonical unpadded base64url (truncated, padded or altered tokens are rejected).
    pub fn parse(kind: TokenKind, raw: &str) -> Result<Self, TokenError> {
        let body = raw
            .strip_prefix(kind.prefix())
            .ok_or(TokenError::WrongKind)?;
        if body.len() != ENCODED_LEN {
            return Err(TokenError::Malformed);
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| TokenError::Malformed)?;
        if bytes.len() != TOKEN_BYTES || URL_SAFE_NO_PAD.encode(&bytes) != body {
            return Err(TokenError::Malformed);
        }
        Ok(Self {
            kind,
            secret: SecretString::from(raw.to_owned()),
        })
    }

    /// The kind of this token.
    pub const fn kind(&self) -> TokenKind {
        self.kind
    }

    /// The secret text, for building a link or showing a key once.
    pub fn expose(&self) -> &str {
        self.secret.expose_secret()
    }

    /// A value derived one-way from this token for `purpose` (e.g. a session's CSRF token):
    /// knowing it reveals nothing about the token, and it needs no storage of its own.
    pub fn derive(&self, purpose: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(purpose.as_bytes());
        hasher.update([0]);
        hasher.update(self.secret.expose_secret().as_bytes());
        URL_SAFE_NO_PAD.encode(hasher.finalize())
    }

    /// The digest under which this token is stored and looked up.
    pub fn digest(&self) -> TokenDigest {
        TokenDigest(Sha256::digest(self.secret.expose_secret().as_bytes()).into())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Token({}[redacted])", self.kind.prefix())
    }
}

/// SHA-256 of a token: what storage keeps. Equality is constant-time.
#[derive(Clone, Copy, Eq)]
pub struct TokenDigest([u8; 32]);

impl TokenDigest {
    /// Wraps 32 stored bytes.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Wraps stored bytes, if they are 32 long.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        <[u8; 32]>::try_from(bytes).ok().map(Self)
    }

    /// The digest bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl PartialEq for TokenDigest {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl std::hash::Hash for TokenDigest {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl fmt::Debug for TokenDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenDigest({:02x}{:02x}…)", self.0[0], self.0[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OsTokenSource;
    use proptest::prelude::*;

    struct Fixed(u8);
    impl TokenSource for Fixed {
        fn fill(&self, buffer: &mut [u8]) {
            buffer.fill(self.0);
        }
    }

    #[test]
    fn generated_tokens_have_prefix_and_length() {
        for kind in TokenKind::ALL {
            let token = Token::generate(kind, &OsTokenSource);
            assert!(token.expose().starts_with(kind.prefix()));
            assert_eq!(token.expose().len(), 4 + ENCODED_LEN);
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let token = Token::generate(TokenKind::ShareLink, &Fixed(7));
        let printed = format!("{token:?}");
        assert!(!printed.contains(&token.expose()[4..]), "{printed}");
        assert!(printed.contains("redacted"));
    }

    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    #[test]
    fn rejects_wrong_kind_truncated_padded_and_altered_tokens() {
        let token = Token::generate(TokenKind::ShareLink, &Fixed(1));
        let raw = token.expose();
        assert_eq!(
            Token::parse(TokenKind::GuestAccess, raw).unwrap_err(),
            TokenError::WrongKind
        );
        assert_eq!(
            Token::parse(TokenKind::ShareLink, &raw[..raw.len() - 1]).unwrap_err(),
            TokenError::Malformed
        );
        assert_eq!(
            Token::parse(TokenKind::ShareLink, &format!("{raw}=")).unwrap_err(),
            TokenError::Malformed
        );
        assert_eq!(
            Token::parse(TokenKind::ShareLink, &format!("{raw}A")).unwrap_err(),
            TokenError::Malformed
        );
        let bad_char = format!("{}!{}", &raw[..10], &raw[11..]);
        assert_eq!(
            Token::parse(TokenKind::ShareLink, &bad_char).unwrap_err(),
            TokenError::Malformed
        );
        // The last character carries two padding bits; setting one gives a different string
        // for the same bytes, which must not be accepted as a second spelling of the token.
        let last = raw.chars().last().unwrap();
        let index = ALPHABET.find(last).unwrap();
        assert_eq!(
            index & 0b11,
            0,
            "canonical encodings leave the padding bits clear"
        );
        let sibling = ALPHABET.as_bytes()[index | 1] as char;
        let non_canonical = format!("{}{sibling}", &raw[..raw.len() - 1]);
        assert_eq!(
            Token::parse(TokenKind::ShareLink, &non_canonical).unwrap_err(),
            TokenError::Malformed
        );
    }

    #[test]
    fn digests_differ_between_tokens_and_compare_equal_for_the_same_token() {
        let a = Token::generate(TokenKind::ApiKey, &Fixed(1));
        let b = Token::generate(TokenKind::ApiKey, &Fixed(2));
        assert_ne!(a.digest(), b.digest());
        let again = Token::parse(TokenKind::ApiKey, a.expose()).unwrap();
        assert_eq!(a.digest(), again.digest());
        assert_eq!(
            TokenDigest::from_slice(a.digest().as_bytes()),
            Some(a.digest())
        );
        assert_eq!(TokenDigest::from_slice(&[0; 31]), None);
    }

    proptest! {
        #[test]
        fn tokens_round_trip(bytes in any::<[u8; 32]>(), kind_index in 0usize..TokenKind::ALL.len()) {
            struct Bytes([u8; 32]);
            impl TokenSource for Bytes {
                fn fill(&self, buffer: &mut [u8]) { buffer.copy_from_slice(&self.0); }
            }
            let kind = TokenKind::ALL[kind_index];
            let token = Token::generate(kind, &Bytes(bytes));
            let parsed = Token::parse(kind, token.expose()).unwrap();
            prop_assert_eq!(parsed.expose(), token.expose());
            prop_assert_eq!(parsed.digest(), token.digest());
        }

        #[test]
        fn parsing_never_panics(raw in any::<String>(), kind_index in 0usize..TokenKind::ALL.len()) {
            let _ = Token::parse(TokenKind::ALL[kind_index], &raw);
        }

        #[test]
        fn parsing_prefixed_garbage_never_panics(body in "[A-Za-z0-9_=+/-]{0,60}") {
            let _ = Token::parse(TokenKind::GuestAccess, &format!("fdg_{body}"));
        }
    }
}
