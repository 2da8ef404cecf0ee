//! The customer portal's settings on the wire: the `portal` object of `GET|PATCH
//! /api/v1/org`.

use frontdesk_access::{
    HexColour, PortalChanges, PortalMode, PortalSettings, PortalSettingsError, PortalTitle,
    PortalTitleRule, UpdatePortalError, is_acceptable_logo_url,
};
use serde::{Deserialize, Serialize};
use url::Url;
use utoipa::ToSchema;

use crate::problem::{FieldProblem, Problem};

/// The customer portal as the API shows it. The portal lives at `/o/{org}/`.
#[derive(Debug, Serialize, ToSchema)]
pub struct PortalBody {
    /// `off`, `private` (invited users only) or `public` (open sign-up).
    pub mode: String,
    /// Title of the portal's pages; `null` shows the organisation's name.
    pub title: Option<String>,
    /// Accent colour `#rrggbb` (the organisation's brand colour).
    pub colour: Option<String>,
    /// An https logo URL (the organisation's logo).
    pub logo_url: Option<String>,
    /// Slugs of the forms signed-in portal users may submit cases with.
    pub forms: Vec<String>,
}

impl From<PortalSettings> for PortalBody {
    fn from(settings: PortalSettings) -> Self {
        Self {
            mode: settings.mode.as_str().to_owned(),
            title: settings
                .title
                .map(frontdesk_access::PortalTitle::into_string),
            colour: settings.colour.map(|colour| colour.as_str().to_owned()),
            logo_url: settings.logo_url.map(|url| url.to_string()),
            forms: settings.forms,
        }
    }
}

/// The `portal` object of `PATCH /api/v1/org`: only the settings sent change; `title`,
/// `colour` and `logo_url` may be `null` to remove them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::option_option,
    reason = "absent, null or a value: the three states of a PATCH field"
)]
pub struct PortalPatch {
    /// `off`, `private` or `public`.
    pub mode: Option<String>,
    /// Title (1–120 characters, one line), or `null` for the organisation's name.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub title: Option<Option<String>>,
    /// Accent colour `#rrggbb`, or `null` for the default.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub colour: Option<Option<String>>,
    /// An https URL of the logo, or `null` for none.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub logo_url: Option<Option<String>>,
    /// The forms portal users may submit (slugs of the organisation's forms; replaces the
    /// list).
    pub forms: Option<Vec<String>>,
}

/// The rule of a logo URL, in words.
const LOGO_RULE: &str = "the logo must be an https URL of at most 2000 characters";

impl PortalPatch {
    /// The domain changes, or the field problems (named `portal.<field>`).
    ///
    /// # Errors
    /// Each field that does not parse.
    pub fn try_into_domain(self) -> Result<PortalChanges, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldProblem {
                field: format!("portal.{field}"),
                message: message.to_owned(),
            });
        };
        let mode = self.mode.and_then(|raw| {
            let mode = PortalMode::parse(raw.trim());
            if mode.is_none() {
                fail("mode", "use one of: off, private, public");
            }
            mode
        });
        let title = self.title.and_then(|raw| match raw {
            None => Some(None),
            Some(raw) => PortalTitle::parse_optional(Some(&raw))
                .map_err(|_| fail("title", PortalTitleRule::DESCRIPTION))
                .ok(),
        });
        let colour = self.colour.and_then(|raw| match raw {
            None => Some(None),
            Some(raw) => HexColour::parse(raw.trim())
                .map_err(|message| fail("colour", &message))
                .ok()
                .map(Some),
        });
        let logo_url = self.logo_url.and_then(|raw| match raw {
            None => Some(None),
            Some(raw) => Url::parse(raw.trim())
                .ok()
                .filter(is_acceptable_logo_url)
                .or_else(|| {
                    fail("logo_url", LOGO_RULE);
                    None
                })
                .map(Some),
        });
        let forms = self
            .forms
            .map(|forms| forms.iter().map(|slug| slug.trim().to_owned()).collect());
        if errors.is_empty() {
            Ok(PortalChanges {
                mode,
                title,
                colour,
                logo_url,
                forms,
            })
        } else {
            Err(errors)
        }
    }
}

impl From<UpdatePortalError> for Problem {
    fn from(error: UpdatePortalError) -> Self {
        match error {
            UpdatePortalError::Forbidden(missing) => missing.into(),
            UpdatePortalError::LogoUrlNotHttps => {
                Problem::invalid_field("portal.logo_url", error.to_string())
            }
            UpdatePortalError::UnknownForms(_) | UpdatePortalError::TooManyForms => {
                Problem::invalid_field("portal.forms", error.to_string())
            }
            UpdatePortalError::OrganisationMissing => Problem::unauthorized(),
            UpdatePortalError::Repository(error) => error.into(),
        }
    }
}

impl From<PortalSettingsError> for Problem {
    fn from(error: PortalSettingsError) -> Self {
        match error {
            PortalSettingsError::OrganisationMissing => Problem::unauthorized(),
            PortalSettingsError::Repository(error) => error.into(),
        }
    }
}
