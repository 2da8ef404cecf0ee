//! The pure rules of sharing: who may share, and how links, mail and view records are built.
//! No ports, no time, no randomness — so each rule can be property-tested on its own.

use std::net::IpAddr;

use frontdesk_access::{Profile, ProfileSet};
use frontdesk_kernel::OrgId;
use sha2::{Digest, Sha256};

/// Most characters of a link label.
pub const MAX_LABEL_CHARS: usize = 200;

/// Most characters of a user agent kept with a view.
pub const MAX_USER_AGENT_CHARS: usize = 300;

/// Most characters of the personal message in a share-link mail.
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Whether `profile` may share cases of a form when nothing was saved for it: `admin` and
/// `case_admin` may, every other profile may not.
pub const fn default_share_permission(profile: Profile) -> bool {
    matches!(profile, Profile::Admin | Profile::CaseAdmin)
}

/// The permission `profile` holds on a form given its `explicit` setting (if one was saved):
/// the explicit setting, else the default. `admin` always holds it — an explicit `false` for
/// admins is ignored, so no form can lock out every administrator.
pub fn effective_share_permission(profile: Profile, explicit: Option<bool>) -> bool {
    profile == Profile::Admin || explicit.unwrap_or_else(|| default_share_permission(profile))
}

/// Who may share: someone holding `profiles` may create share links for cases of a form whose
/// addon is `addon_on` and whose explicit per-profile settings are `settings` (`None` where
/// nothing was saved) exactly when the addon is on and at least one of the profiles holds the
/// permission (see [`effective_share_permission`]). An empty profile set may never share.
pub fn may_share(
    profiles: &ProfileSet,
    addon_on: bool,
    settings: impl Fn(Profile) -> Option<bool>,
) -> bool {
    addon_on
        && profiles
            .iter()
            .any(|profile| effective_share_permission(profile, settings(profile)))
}

/// Percent-encodes `text` for a URI component (re-exported from the kernel, where every
/// link builder finds it).
pub use frontdesk_kernel::percent_encode;

/// A `mailto:` URL with no recipient, the subject `subject` and the body `body`, for the
/// "Email this link" button (the user's own mail program fills in the recipient).
pub fn mailto_url(subject: &str, body: &str) -> String {
    format!(
        "mailto:?subject={}&body={}",
        percent_encode(subject),
        percent_encode(body)
    )
}

/// What a view record keeps of the client address: hex SHA-256 of the organisation id's
/// bytes followed by the address's text. Salting with the organisation keeps hashes from
/// being correlated across tenants; the raw address is never stored.
pub fn ip_hash(org: OrgId, ip: IpAddr) -> String {
    let mut hasher = Sha256::new();
    hasher.update(org.as_uuid().as_bytes());
    hasher.update(ip.to_string().as_bytes());
    hex::encode(hasher.finalize())
}

/// A user agent as a view record keeps it: control characters dropped, at most
/// [`MAX_USER_AGENT_CHARS`] characters, `None` when nothing is left.
pub fn stored_user_agent(raw: Option<&str>) -> Option<String> {
    let kept: String = raw?
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_USER_AGENT_CHARS)
        .collect();
    let kept = kept.trim();
    (!kept.is_empty()).then(|| kept.to_owned())
}

/// The token in a share URL: the last path segment, ignoring any query or fragment.
pub(crate) fn token_in_url(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = url[..end].trim_end_matches('/');
    path.rsplit('/').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ShareLabel;

    #[test]
    fn percent_encoding_keeps_only_unreserved_characters() {
        assert_eq!(
            percent_encode("Case #4: a/b c"),
            "Case%20%234%3A%20a%2Fb%20c"
        );
        assert_eq!(percent_encode("é&="), "%C3%A9%26%3D");
        assert_eq!(percent_encode("aZ09-._~"), "aZ09-._~");
    }

    #[test]
    fn tokens_are_found_at_the_end_of_urls() {
        assert_eq!(token_in_url("https://x.test/s/fds_abc"), "fds_abc");
        assert_eq!(token_in_url("https://x.test/s/fds_abc/"), "fds_abc");
        assert_eq!(token_in_url("https://x.test/s/fds_abc?x=1#y"), "fds_abc");
        assert_eq!(token_in_url("fds_abc"), "fds_abc");
    }

    #[test]
    fn labels_and_user_agents_are_bounded() {
        fn label(raw: Option<&str>) -> Result<Option<String>, frontdesk_kernel::SingleLineError> {
            ShareLabel::parse_optional(raw).map(|label| label.map(String::from))
        }
        assert_eq!(label(None).ok(), Some(None));
        assert_eq!(label(Some("  ")).ok(), Some(None));
        assert_eq!(label(Some(" ok ")).ok(), Some(Some("ok".into())));
        assert!(label(Some(&"x".repeat(201))).is_err());
        assert!(label(Some("a\nb")).is_err());
        let long = "u".repeat(1_000);
        assert_eq!(
            stored_user_agent(Some(&long)).map(|ua| ua.chars().count()),
            Some(MAX_USER_AGENT_CHARS)
        );
        assert_eq!(stored_user_agent(Some("\r\n")), None);
    }
}
