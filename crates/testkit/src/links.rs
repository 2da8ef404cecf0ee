//! [`PublicLinks`] for domain tests: the same URL shapes as the bundled server
//! (`{base}/g/{token}`, `/s/`, `/r/`, `/a/`, `/u/`), so tests can read a token back out of a
//! link the way a person's mail client would.

use frontdesk_kernel::{PublicLinks, Token};
use secrecy::SecretString;

/// Links under the bundled server's paths.
#[derive(Debug, Clone, Copy, Default)]
pub struct PathLinks;

fn link(base: &str, prefix: &str, token: &Token) -> SecretString {
    SecretString::from(format!(
        "{}{prefix}{}",
        base.trim_end_matches('/'),
        token.expose()
    ))
}

impl PublicLinks for PathLinks {
    fn guest_case(&self, base: &str, token: &Token) -> SecretString {
        link(base, "/g/", token)
    }

    fn share(&self, base: &str, token: &Token) -> SecretString {
        link(base, "/s/", token)
    }

    fn registration(&self, base: &str, token: &Token) -> SecretString {
        link(base, "/r/", token)
    }

    fn action(&self, base: &str, token: &Token) -> SecretString {
        link(base, "/a/", token)
    }

    fn unsubscribe(&self, base: &str, token: &Token) -> SecretString {
        link(base, "/u/", token)
    }

    fn portal_case(&self, base: &str, org_slug: &str, number: u64) -> String {
        format!("{}/o/{org_slug}/cases/{number}", base.trim_end_matches('/'))
    }
}
