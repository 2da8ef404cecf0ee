//! The public links the domain hands out, built from the same paths the router serves.

use frontdesk_kernel::{PublicLinks, Token};
use secrecy::SecretString;

/// Where a guest opens their case link.
pub(crate) const GUEST_CASE: &str = "/g/";
/// Where a share link opens.
pub(crate) const SHARE: &str = "/s/";
/// Where a registration link opens.
pub(crate) const REGISTRATION: &str = "/r/";
/// Where activation, invitation and password links open.
pub(crate) const ACTION: &str = "/a/";
/// Where a notification's unsubscribe link opens.
pub(crate) const UNSUBSCRIBE: &str = "/u/";
/// Where an organisation's contact users' portal lives (`/o/{org}/…`).
pub(crate) const PORTAL: &str = "/o/";

/// [`PublicLinks`] for this server's routes.
#[derive(Debug, Clone, Copy, Default)]
pub struct RouterLinks;

fn link(base: &str, prefix: &str, token: &Token) -> SecretString {
    SecretString::from(format!(
        "{}{prefix}{}",
        base.trim_end_matches('/'),
        token.expose()
    ))
}

impl PublicLinks for RouterLinks {
    fn guest_case(&self, base: &str, token: &Token) -> SecretString {
        link(base, GUEST_CASE, token)
    }

    fn share(&self, base: &str, token: &Token) -> SecretString {
        link(base, SHARE, token)
    }

    fn registration(&self, base: &str, token: &Token) -> SecretString {
        link(base, REGISTRATION, token)
    }

    fn action(&self, base: &str, token: &Token) -> SecretString {
        link(base, ACTION, token)
    }

    fn unsubscribe(&self, base: &str, token: &Token) -> SecretString {
        link(base, UNSUBSCRIBE, token)
    }

    fn portal_case(&self, base: &str, org_slug: &str, number: u64) -> String {
        format!(
            "{}{PORTAL}{org_slug}/cases/{number}",
            base.trim_end_matches('/')
        )
    }
}

/// The route pattern for the page under `prefix` that takes a token.
pub(crate) fn token_route(prefix: &str) -> String {
    format!("{prefix}{{token}}")
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::{OsTokenSource, TokenKind};
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn links_sit_under_the_base_without_a_doubled_slash() {
        let token = Token::generate(TokenKind::ShareLink, &OsTokenSource);
        for base in ["https://desk.test", "https://desk.test/"] {
            let url = RouterLinks.share(base, &token);
            assert_eq!(
                url.expose_secret(),
                format!("https://desk.test/s/{}", token.expose())
            );
        }
        let url = RouterLinks.guest_case("https://x.test/desk/", &token);
        assert!(
            url.expose_secret()
                .starts_with("https://x.test/desk/g/fds_")
        );
    }
}
