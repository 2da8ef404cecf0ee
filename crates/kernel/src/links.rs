//! The public links the domain hands out (in mail, and once in API answers).
//!
//! Domain services never spell a URL path: they ask [`PublicLinks`] for the link that opens a
//! token's page under an organisation's base URL. The server implements the port next to its
//! router, so a route and the links to it change together.

use std::fmt::Write as _;

use secrecy::SecretString;

use crate::Token;

/// Percent-encodes `text` for a URI component (a query value, a `mailto:` field):
/// everything but the RFC 3986 unreserved characters (`A–Z a–z 0–9 - . _ ~`) becomes `%XX`
/// of its UTF-8 bytes, so spaces are `%20` and `+` or `@` cannot change the meaning.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Builds the absolute URLs of Frontdesk's public pages. Each URL carries a secret token, so
/// it comes back as a [`SecretString`] that never prints.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait PublicLinks: Send + Sync {
    /// The page where a guest follows one case (`token` of kind guest access).
    fn guest_case(&self, base: &str, token: &Token) -> SecretString;

    /// The read-only page of a public share link.
    fn share(&self, base: &str, token: &Token) -> SecretString;

    /// The sign-up page of a registration link.
    fn registration(&self, base: &str, token: &Token) -> SecretString;

    /// The page of a one-time action: activation, invitation, password setup or reset.
    fn action(&self, base: &str, token: &Token) -> SecretString;

    /// The one-click unsubscribe page (and RFC 8058 endpoint) of a notification.
    fn unsubscribe(&self, base: &str, token: &Token) -> SecretString;

    /// The contact users' portal page of case `number` of the organisation `org_slug`. It
    /// carries no token (the reader signs in), so it is a plain string.
    fn portal_case(&self, base: &str, org_slug: &str, number: u64) -> String;
}
