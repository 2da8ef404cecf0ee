//! Organisations (tenants) and their policies.

use std::collections::BTreeMap;
use std::fmt;

use frontdesk_kernel::{Language, LineRule, OrgId, SingleLine};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};
use url::Url;

/// The short name of an organisation used in URLs: 2–40 lower-case letters, digits and
/// single hyphens, starting with a letter.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OrgSlug(String);

/// Why a string is not a usable slug.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("a slug is 2–40 lower-case letters, digits and single hyphens, starting with a letter")]
pub struct OrgSlugError;

impl OrgSlug {
    /// Parses a slug.
    ///
    /// # Errors
    /// [`OrgSlugError`] when `raw` breaks the slug rules.
    pub fn parse(raw: &str) -> Result<Self, OrgSlugError> {
        let ok = (2..=40).contains(&raw.len())
            && raw.starts_with(|c: char| c.is_ascii_lowercase())
            && !raw.ends_with('-')
            && !raw.contains("--")
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(OrgSlugError)
        }
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for OrgSlug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrgSlug({})", self.0)
    }
}

/// The rule of an organisation's display name: 1–200 characters on one line.
pub enum OrgNameRule {}

impl LineRule for OrgNameRule {
    const MAX_CHARS: usize = 200;
}

impl OrgNameRule {
    /// The rule in words, for whoever typed a name that breaks it.
    pub const DESCRIPTION: &'static str =
        "an organisation name is 1–200 characters without line breaks";
}

/// An organisation's display name: 1–200 characters, no control characters, trimmed.
pub type OrgName = SingleLine<OrgNameRule>;

/// A colour as `#rrggbb`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HexColour(String);

impl HexColour {
    /// Parses `#rrggbb` (case-insensitive; stored lower-case).
    ///
    /// # Errors
    /// A message when `raw` is not `#` followed by six hex digits.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let ok = raw.len() == 7
            && raw.starts_with('#')
            && raw[1..].chars().all(|c| c.is_ascii_hexdigit());
        if ok {
            Ok(Self(raw.to_ascii_lowercase()))
        } else {
            Err("a colour is # followed by six hex digits".to_owned())
        }
    }

    /// The `#rrggbb` text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for HexColour {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<HexColour> for String {
    fn from(value: HexColour) -> Self {
        value.0
    }
}

/// How the organisation looks on public pages and in mail.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Branding {
    /// An https URL of the logo.
    pub logo_url: Option<Url>,
    /// The accent colour.
    pub colour: Option<HexColour>,
}

/// Whether the customer portal is open, and to whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PortalMode {
    /// No portal.
    #[default]
    Off,
    /// Portal for invited users only.
    Private,
    /// Portal with open sign-up.
    Public,
}

impl PortalMode {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Private => "private",
            Self::Public => "public",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "off" => Some(Self::Off),
            "private" => Some(Self::Private),
            "public" => Some(Self::Public),
            _ => None,
        }
    }
}

/// Kinds of link whose lifetime the organisation controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifetimeKind {
    /// Account activation and first password setup.
    Activation,
    /// Password reset.
    PasswordReset,
    /// Public share link.
    ShareLink,
    /// Personal invitation.
    Invitation,
    /// Open registration link.
    RegistrationLink,
    /// Guest access to a case.
    GuestLink,
}

impl LifetimeKind {
    /// Every kind.
    pub const ALL: [Self; 6] = [
        Self::Activation,
        Self::PasswordReset,
        Self::ShareLink,
        Self::Invitation,
        Self::RegistrationLink,
        Self::GuestLink,
    ];

    /// The lifetime a new organisation gives links of this kind, and the most it allows.
    pub const fn standard(self) -> TokenLifetimes {
        const HOUR: i64 = 3_600;
        const DAY: i64 = 86_400;
        let (default, maximum) = match self {
            Self::Activation => (24 * HOUR, 7 * DAY),
            Self::PasswordReset => (HOUR, 24 * HOUR),
            Self::ShareLink => (7 * DAY, 90 * DAY),
            Self::Invitation => (7 * DAY, 30 * DAY),
            Self::RegistrationLink => (14 * DAY, 365 * DAY),
            Self::GuestLink => (90 * DAY, 365 * DAY),
        };
        TokenLifetimes {
            default_seconds: default,
            maximum_seconds: maximum,
        }
    }
}

/// The default and the maximum lifetime for one kind of link, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenLifetimes {
    /// Lifetime when the creator does not choose one.
    pub default_seconds: i64,
    /// Longest lifetime anyone may choose.
    pub maximum_seconds: i64,
}

/// A requested lifetime is not allowed.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum LifetimeError {
    /// The expiry is in the past or now.
    #[error("the expiry must be in the future")]
    NotInFuture,
    /// The expiry is later than the organisation allows.
    #[error("the expiry is past the organisation's maximum of {max_days} days")]
    ExceedsMaximum {
        /// The maximum, in whole days (rounded up).
        max_days: i64,
    },
}

/// Per-kind lifetimes of an organisation's links. Kinds not listed use
/// [`LifetimeKind::standard`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TokenLifetimePolicy {
    /// Overrides by kind.
    pub overrides: BTreeMap<LifetimeKind, TokenLifetimes>,
}

impl TokenLifetimePolicy {
    /// The lifetimes that apply to `kind`.
    pub fn lifetimes(&self, kind: LifetimeKind) -> TokenLifetimes {
        self.overrides
            .get(&kind)
            .copied()
            .unwrap_or(kind.standard())
    }

    /// When a link of `kind` created at `now` expires: at `requested` if given and allowed,
    /// else after the organisation's default.
    ///
    /// # Errors
    /// [`LifetimeError`] when `requested` is not after `now` or beyond the maximum.
    pub fn expiry(
        &self,
        kind: LifetimeKind,
        now: OffsetDateTime,
        requested: Option<OffsetDateTime>,
    ) -> Result<OffsetDateTime, LifetimeError> {
        let lifetimes = self.lifetimes(kind);
        let Some(requested) = requested else {
            return Ok(now + Duration::seconds(lifetimes.default_seconds));
        };
        if requested <= now {
            return Err(LifetimeError::NotInFuture);
        }
        if requested > now + Duration::seconds(lifetimes.maximum_seconds) {
            return Err(LifetimeError::ExceedsMaximum {
                max_days: (lifetimes.maximum_seconds + 86_399) / 86_400,
            });
        }
        Ok(requested)
    }
}

/// An organisation: the tenant every other record belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its id.
    pub id: OrgId,
    /// Its URL name.
    pub slug: OrgSlug,
    /// Its display name.
    pub name: OrgName,
    /// Logo and colour.
    pub branding: Branding,
    /// Public links are built from this, never from the request's Host header.
    pub base_url: Url,
    /// Language of pages and mail when nothing more specific applies.
    pub default_language: Language,
    /// Customer portal mode.
    pub portal_mode: PortalMode,
    /// Whether registration links work: while off none can be created and every one is
    /// closed (default off).
    pub registration_enabled: bool,
    /// Link lifetimes.
    pub lifetimes: TokenLifetimePolicy,
    /// When it was created.
    pub created_at: OffsetDateTime,
}

impl Organisation {
    /// An absolute public URL for `path` (which starts with `/`) under the base URL.
    pub fn public_url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url.as_str().trim_end_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn slugs() {
        assert!(OrgSlug::parse("acme").is_ok());
        assert!(OrgSlug::parse("acme-2").is_ok());
        for bad in [
            "",
            "a",
            "Acme",
            "2acme",
            "acme-",
            "ac--me",
            "ac me",
            "acme/x",
            &"a".repeat(41),
        ] {
            assert_eq!(OrgSlug::parse(bad), Err(OrgSlugError), "{bad:?}");
        }
    }

    #[test]
    fn public_urls_ignore_trailing_slashes() {
        let org = |base: &str| Organisation {
            id: OrgId::from_uuid(frontdesk_kernel::Uuid::nil()),
            slug: OrgSlug::parse("acme").unwrap(),
            name: OrgName::parse("Acme").unwrap(),
            branding: Branding::default(),
            base_url: Url::parse(base).unwrap(),
            default_language: Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: datetime!(2026-01-01 0:00 UTC),
        };
        assert_eq!(
            org("https://x.test/").public_url("/g/t"),
            "https://x.test/g/t"
        );
        assert_eq!(
            org("https://x.test/desk").public_url("/g/t"),
            "https://x.test/desk/g/t"
        );
    }

    proptest! {
        #[test]
        fn expiry_is_default_or_within_maximum(
            kind_index in 0usize..LifetimeKind::ALL.len(),
            offset in proptest::option::of(-1_000_000i64..40_000_000),
        ) {
            let kind = LifetimeKind::ALL[kind_index];
            let policy = TokenLifetimePolicy::default();
            let now = datetime!(2026-06-01 12:00 UTC);
            let requested = offset.map(|s| now + Duration::seconds(s));
            let lifetimes = policy.lifetimes(kind);
            match policy.expiry(kind, now, requested) {
                Ok(at) => {
                    prop_assert!(at > now);
                    prop_assert!(at <= now + Duration::seconds(lifetimes.maximum_seconds));
                    if requested.is_none() {
                        prop_assert_eq!(at, now + Duration::seconds(lifetimes.default_seconds));
                    }
                }
                Err(LifetimeError::NotInFuture) => prop_assert!(offset.is_some_and(|s| s <= 0)),
                Err(LifetimeError::ExceedsMaximum { .. }) => {
                    prop_assert!(offset.is_some_and(|s| s > lifetimes.maximum_seconds));
                }
            }
        }
    }
}
