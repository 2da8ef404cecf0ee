//! CSRF tokens of the HTML forms: a web concern, so it lives here and not in the domain.
//!
//! Three kinds, each derived one-way from a secret with its own purpose string, so none can
//! be turned back into its secret or into another kind:
//! - a signed-in staff session's forms carry [`session`] of the session secret
//!   ([`for_session`] from the cookie);
//! - a guest's case page forms carry [`for_guest`] of the guest capability;
//! - forms shown before any session (sign-in, password links) carry a fresh random value
//!   from [`new_form_token`], also set as a double-submit cookie.

use frontdesk_kernel::{OsTokenSource, Token, TokenKind};
use subtle::ConstantTimeEq;

/// The CSRF token of the forms of the session whose secret is `secret`.
pub fn session(secret: &Token) -> String {
    secret.derive("csrf")
}

/// The CSRF token of the forms of the session whose cookie holds `raw`, if it is a session
/// secret at all.
pub fn for_session(raw: &str) -> Option<String> {
    Token::parse(TokenKind::Session, raw)
        .ok()
        .map(|secret| session(&secret))
}

/// The CSRF token of the forms a guest holding `capability` sees.
pub fn for_guest(capability: &Token) -> String {
    capability.derive("guest-csrf")
}

/// A fresh random value for a double-submit CSRF cookie (forms shown before sign-in).
pub fn new_form_token() -> String {
    Token::generate(TokenKind::Session, &OsTokenSource).derive("form-csrf")
}

/// Whether the form's CSRF value matches the expected one, in constant time. Nothing matches
/// a missing or empty expectation.
pub fn matches(expected: Option<&str>, submitted: &str) -> bool {
    expected.is_some_and(|expected| {
        !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(submitted.as_bytes()))
    })
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::TokenSource;

    use super::*;

    /// A token source that fills with one byte, so derivations are reproducible.
    struct Fixed(u8);

    impl TokenSource for Fixed {
        fn fill(&self, bytes: &mut [u8]) {
            bytes.fill(self.0);
        }
    }

    #[test]
    fn each_kind_has_its_own_derivation() {
        let session_secret = Token::generate(TokenKind::Session, &Fixed(7));
        let capability = Token::generate(TokenKind::GuestAccess, &Fixed(7));
        assert_eq!(session(&session_secret), session_secret.derive("csrf"));
        assert_eq!(
            for_session(session_secret.expose()),
            Some(session_secret.derive("csrf"))
        );
        assert_eq!(for_guest(&capability), capability.derive("guest-csrf"));
        assert_ne!(session(&session_secret), for_guest(&capability));
        assert_eq!(for_session("not a session"), None);
        assert_ne!(new_form_token(), new_form_token());
    }

    #[test]
    fn only_an_equal_non_empty_value_matches() {
        assert!(matches(Some("abc"), "abc"));
        assert!(!matches(Some("abc"), "abd"));
        assert!(!matches(Some(""), ""));
        assert!(!matches(None, "abc"));
    }
}
