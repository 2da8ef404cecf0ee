//! The customer portal's settings (seed 004): whether it is open and to whom
//! ([`PortalMode`]), its title, colour and logo on every external page of the organisation,
//! and the forms its signed-in users may submit cases with.
//!
//! The mode, colour and logo are the organisation's own ([`crate::Organisation`]'s
//! `portal_mode` and `branding`): one brand on the portal, the public form and mail. The
//! title and the forms are stored beside the organisation through
//! [`PortalSettingsRepository`].

use frontdesk_kernel::{LineRule, OrgId, RepositoryError, SingleLine, Uow};
use url::Url;

use crate::{HexColour, Organisation, PortalMode};

/// The rule of a portal title: 1–120 characters on one line.
pub enum PortalTitleRule {}

impl LineRule for PortalTitleRule {
    const MAX_CHARS: usize = 120;
}

impl PortalTitleRule {
    /// The rule in words, for whoever typed a title that breaks it.
    pub const DESCRIPTION: &'static str = "a portal title is 1–120 characters without line breaks";
}

/// The portal's title, shown in the header and the window title of its pages.
pub type PortalTitle = SingleLine<PortalTitleRule>;

/// The most forms a portal may offer.
pub const MAX_PORTAL_FORMS: usize = 50;

/// Whether `raw` has the shape of a form slug (2–40 lower-case letters, digits and single
/// hyphens, starting with a letter): the same rule as organisation slugs.
pub fn is_form_slug(raw: &str) -> bool {
    crate::OrgSlug::parse(raw).is_ok()
}

/// What the portal stores beside the organisation: its title and its forms.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortalExtras {
    /// The title; the organisation's name when `None`.
    pub title: Option<PortalTitle>,
    /// Slugs of the forms signed-in portal users may submit, in the order shown.
    pub forms: Vec<String>,
}

/// The customer portal's settings as pages and the API show them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortalSettings {
    /// Off, private (invited users only) or public (open sign-up).
    pub mode: PortalMode,
    /// The title; the organisation's name when `None`.
    pub title: Option<PortalTitle>,
    /// The accent colour (the organisation's brand colour).
    pub colour: Option<HexColour>,
    /// An https logo URL (the organisation's logo).
    pub logo_url: Option<Url>,
    /// Slugs of the forms signed-in portal users may submit.
    pub forms: Vec<String>,
}

impl PortalSettings {
    /// The settings of `org` with the stored `extras`.
    pub fn of(org: &Organisation, extras: PortalExtras) -> Self {
        Self {
            mode: org.portal_mode,
            title: extras.title,
            colour: org.branding.colour.clone(),
            logo_url: org.branding.logo_url.clone(),
            forms: extras.forms,
        }
    }

    /// The title pages show: the portal's own, else the organisation's name.
    pub fn display_title<'a>(&'a self, org: &'a Organisation) -> &'a str {
        self.title
            .as_ref()
            .map_or_else(|| org.name.as_str(), SingleLine::as_str)
    }

    /// Whether people may sign themselves up (public mode only).
    pub fn allows_sign_up(&self) -> bool {
        self.mode == PortalMode::Public
    }

    /// Whether signed-in portal users may submit cases with form `slug`: the portal is on
    /// and lists the form.
    pub fn allows_form(&self, slug: &str) -> bool {
        self.mode != PortalMode::Off && self.forms.iter().any(|form| form == slug)
    }
}

/// Stores the portal's title and forms, one record per organisation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait PortalSettingsRepository: Send + Sync {
    /// The stored title and forms of `org`; `None` when they were never set.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId) -> Result<Option<PortalExtras>, RepositoryError>;

    /// Stores `extras` as `org`'s, replacing what was there, in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn save(
        &self,
        uow: &mut Uow,
        org: OrgId,
        extras: &PortalExtras,
    ) -> Result<(), RepositoryError>;

    /// Those of `slugs` that name no form of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn unknown_forms(
        &self,
        org: OrgId,
        slugs: &[String],
    ) -> Result<Vec<String>, RepositoryError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_slugs_follow_the_slug_rule() {
        assert!(is_form_slug("contact"));
        assert!(is_form_slug("it-help"));
        for bad in ["", "x", "Contact", "it--help", "a b", "-a"] {
            assert!(!is_form_slug(bad), "{bad:?}");
        }
    }

    #[test]
    fn titles_are_one_bounded_line() {
        assert!(PortalTitle::parse("Acme support").is_ok());
        assert!(PortalTitle::parse("  ").is_err());
        assert!(PortalTitle::parse("a\nb").is_err());
        assert!(PortalTitle::parse(&"a".repeat(121)).is_err());
    }
}
