//! An organisation's brand on every page it shows to outside people — the portal, the
//! public case form, sign-up, the guest's case page: the portal's title (else the
//! organisation's name), its logo (https only) and its colour.
//!
//! The colour reaches the page as the stylesheet `/assets/brand/{org}.css`, which sets the
//! `--brand` custom property `frontdesk.css` draws every accent with (the CSP allows no
//! inline styles, so it cannot be a `style` attribute); the page also names it in
//! `<meta name="theme-color">` for the browser's own toolbar.

use frontdesk_access::{HexColour, OrgName, Organisation, PortalSettings};
use maud::{Markup, html};
use url::Url;

use crate::state::AppState;

/// What an external page shows of its organisation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Brand<'a> {
    /// The heading of the page's header: the portal's title, else the organisation's name.
    pub title: &'a str,
    /// The organisation's slug, which names its brand stylesheet.
    slug: &'a str,
    /// The logo, when it is an https URL.
    logo: Option<&'a Url>,
    /// The colour, a validated `#rrggbb`.
    colour: Option<&'a str>,
}

impl<'a> Brand<'a> {
    /// The brand of `org` as its external pages present it (see [`presented`]: its name is
    /// the portal's title when one is set).
    pub(crate) fn of(org: &'a Organisation) -> Self {
        Self {
            title: org.name.as_str(),
            slug: org.slug.as_str(),
            logo: org
                .branding
                .logo_url
                .as_ref()
                .filter(|url| url.scheme() == "https"),
            colour: org.branding.colour.as_ref().map(HexColour::as_str),
        }
    }

    /// What the `<head>` needs: the brand stylesheet and the theme colour.
    pub(crate) fn head(&self) -> Markup {
        html! {
            link rel="stylesheet" href={ "/assets/brand/" (self.slug) ".css" };
            @if let Some(colour) = self.colour {
                meta name="theme-color" content=(colour);
            }
        }
    }

    /// The logo, when there is one. Its text is empty because the title is always written
    /// beside it: a screen reader would otherwise read the title twice.
    pub(crate) fn logo(&self) -> Markup {
        html! {
            @if let Some(logo) = self.logo {
                img.brand-logo src=(logo.as_str()) alt="" height="32";
            }
        }
    }

    /// The header of a page that is not part of the signed-in portal: logo and title.
    pub(crate) fn header(&self) -> Markup {
        html! {
            header.topbar {
                div.brandbar {
                    span.brand { (self.logo()) (self.title) }
                }
            }
        }
    }
}

/// `org` with its portal's title as its name, as every external page presents it (the
/// colour and logo are the organisation's own).
pub(crate) fn with_portal_title(mut org: Organisation, portal: &PortalSettings) -> Organisation {
    if let Some(title) = &portal.title
        && let Ok(name) = OrgName::parse(title.as_str())
    {
        org.name = name;
    }
    org
}

/// `org` as its external pages present it: [`with_portal_title`] over its stored portal
/// settings. When they cannot be read the page keeps the organisation's name (and the
/// failure is logged): a title is not worth refusing a case page or a form.
pub(crate) async fn presented(app: &AppState, org: Organisation) -> Organisation {
    match app.portal.settings_of(&org).await {
        Ok(portal) => with_portal_title(org, &portal),
        Err(error) => {
            tracing::warn!(%error, "portal title unavailable");
            org
        }
    }
}

/// An organisation for the pages' unit tests: Acme Ltd, no logo, no colour.
#[cfg(test)]
pub(crate) fn test_organisation() -> Organisation {
    Organisation {
        id: frontdesk_kernel::OrgId::from_uuid(frontdesk_kernel::Uuid::nil()),
        slug: frontdesk_access::OrgSlug::parse("acme").expect("a slug"),
        name: OrgName::parse("Acme Ltd").expect("a name"),
        branding: frontdesk_access::Branding::default(),
        base_url: Url::parse("https://help.acme.example").expect("a URL"),
        default_language: frontdesk_kernel::Language::En,
        portal_mode: frontdesk_access::PortalMode::Public,
        registration_enabled: false,
        lifetimes: frontdesk_access::TokenLifetimePolicy::default(),
        created_at: time::OffsetDateTime::UNIX_EPOCH,
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_access::{Branding, PortalMode, PortalTitle};
    use frontdesk_kernel::Language;

    use super::*;

    fn org(logo: Option<&str>, colour: Option<&str>) -> Organisation {
        Organisation {
            branding: Branding {
                logo_url: logo.map(|raw| Url::parse(raw).unwrap()),
                colour: colour.map(|raw| HexColour::parse(raw).unwrap()),
            },
            ..test_organisation()
        }
    }

    fn portal(title: Option<&str>) -> PortalSettings {
        PortalSettings {
            mode: PortalMode::Public,
            title: title.map(|raw| PortalTitle::parse(raw).unwrap()),
            colour: None,
            logo_url: None,
            forms: Vec::new(),
        }
    }

    #[test]
    fn the_portal_title_names_the_organisation_on_its_pages() {
        let titled = with_portal_title(org(None, None), &portal(Some("Acme support")));
        assert_eq!(Brand::of(&titled).title, "Acme support");
        let untitled = with_portal_title(org(None, None), &portal(None));
        assert_eq!(Brand::of(&untitled).title, "Acme Ltd");
    }

    #[test]
    fn the_page_gets_the_colour_and_an_https_logo_only() {
        let branded = org(Some("https://cdn.example/l.png"), Some("#aa3300"));
        let brand = Brand::of(&branded);
        let head = brand.head().into_string();
        assert!(head.contains("href=\"/assets/brand/acme.css\""), "{head}");
        assert!(head.contains("content=\"#aa3300\""), "{head}");
        let header = brand.header().into_string();
        assert!(
            header.contains("src=\"https://cdn.example/l.png\""),
            "{header}"
        );
        assert!(header.contains("Acme Ltd"), "{header}");

        insta::assert_snapshot!(
            "branded_page_fr",
            crate::pages::branded_layout(
                Language::Fr,
                &brand,
                "Nouvelle demande",
                &html! { h1 { "Nouvelle demande" } },
                false,
            )
            .into_string()
        );

        let plain = org(Some("http://cdn.example/l.png"), None);
        let brand = Brand::of(&plain);
        assert!(
            !brand.header().into_string().contains("<img"),
            "an http logo is never shown"
        );
        assert!(!brand.head().into_string().contains("theme-color"));
    }
}
