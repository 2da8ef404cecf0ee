//! Organisation settings: the name, brand colour, logo, default language and whether
//! registration links work, which an admin may change (admins with [`Permission::ManageOrganisation`]).

use frontdesk_kernel::{Language, RepositoryError};
use url::Url;

use super::AccessService;
use crate::error::Forbidden;
use crate::{AuditAction, HexColour, OrgName, Organisation, Permission, StaffActor};

impl AuditAction {
    /// An organisation's settings (name, branding, default language) changed.
    pub const ORGANISATION_CHANGED: Self = Self::new("organisation.changed");
}

/// The longest logo URL accepted, in bytes.
pub const MAX_LOGO_URL_BYTES: usize = 2_000;

/// Changes to an organisation's settings; `None` leaves a setting as it is. For the colour
/// and the logo, `Some(None)` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationChanges {
    /// A new display name.
    pub name: Option<OrgName>,
    /// A new brand colour, or none.
    pub colour: Option<Option<HexColour>>,
    /// A new logo URL (it must be https), or none.
    pub logo_url: Option<Option<Url>>,
    /// A new default language.
    pub default_language: Option<Language>,
    /// Whether registration links work.
    pub registration_enabled: Option<bool>,
}

/// Why an organisation's settings could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateOrganisationError {
    /// The actor may not manage the organisation.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The logo URL is not an https URL of at most [`MAX_LOGO_URL_BYTES`] bytes.
    #[error("the logo must be an https URL of at most 2000 characters")]
    LogoUrlNotHttps,
    /// The actor's organisation is not stored: the store lost it.
    #[error("the actor's organisation is missing")]
    OrganisationMissing,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Whether `url` may be shown as a logo on public pages and in mail: https only (no mixed
/// content, no `javascript:` or `data:`), no credentials in it, and of a sane length.
pub fn is_acceptable_logo_url(url: &Url) -> bool {
    url.scheme() == "https"
        && url.host_str().is_some_and(|host| !host.is_empty())
        && url.username().is_empty()
        && url.password().is_none()
        && url.as_str().len() <= MAX_LOGO_URL_BYTES
}

impl OrganisationChanges {
    /// Applies the changes to `org` and names the settings that changed, in a stable order.
    fn apply(self, org: &mut Organisation) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if let Some(name) = self.name
            && name != org.name
        {
            org.name = name;
            changed.push("name");
        }
        if let Some(colour) = self.colour
            && colour != org.branding.colour
        {
            org.branding.colour = colour;
            changed.push("colour");
        }
        if let Some(logo_url) = self.logo_url
            && logo_url != org.branding.logo_url
        {
            org.branding.logo_url = logo_url;
            changed.push("logo_url");
        }
        if let Some(language) = self.default_language
            && language != org.default_language
        {
            org.default_language = language;
            changed.push("default_language");
        }
        if let Some(enabled) = self.registration_enabled
            && enabled != org.registration_enabled
        {
            org.registration_enabled = enabled;
            changed.push("registration_enabled");
        }
        changed
    }
}

impl AccessService {
    /// Changes the actor's organisation's name, brand colour, logo URL or default language
    /// and returns the organisation as it now is. A change is stored and audited as
    /// [`AuditAction::ORGANISATION_CHANGED`] (naming the settings that changed, never their
    /// values' history) in one unit of work; changes that change nothing store nothing.
    ///
    /// # Errors
    /// See [`UpdateOrganisationError`].
    pub async fn update_organisation(
        &self,
        actor: &StaffActor,
        changes: OrganisationChanges,
    ) -> Result<Organisation, UpdateOrganisationError> {
        actor.require(Permission::ManageOrganisation)?;
        if let Some(Some(url)) = &changes.logo_url
            && !is_acceptable_logo_url(url)
        {
            return Err(UpdateOrganisationError::LogoUrlNotHttps);
        }
        let mut org = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(UpdateOrganisationError::OrganisationMissing)?;
        let settings = changes.apply(&mut org);
        if settings.is_empty() {
            return Ok(org);
        }
        let mut uow = self.begin().await?;
        if !self.ports.organisations.update(uow.as_mut(), &org).await? {
            return Err(UpdateOrganisationError::OrganisationMissing);
        }
        let event = self.event(
            Some(org.id),
            Some(actor.user_id),
            AuditAction::ORGANISATION_CHANGED,
            Some(org.id.to_string()),
            format!("changed={}", settings.join(",")),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(org)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(raw: &str) -> Url {
        Url::parse(raw).unwrap()
    }

    #[test]
    fn the_stored_action_name_does_not_change() {
        assert_eq!(
            AuditAction::ORGANISATION_CHANGED.as_str(),
            "organisation.changed"
        );
    }

    #[test]
    fn only_plain_https_logos_are_acceptable() {
        assert!(is_acceptable_logo_url(&url("https://cdn.example/logo.png")));
        for bad in [
            "http://cdn.example/logo.png",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "https://user:secret@cdn.example/logo.png",
            "ftp://cdn.example/logo.png",
        ] {
            assert!(!is_acceptable_logo_url(&url(bad)), "{bad}");
        }
        let long = format!("https://cdn.example/{}", "a".repeat(MAX_LOGO_URL_BYTES));
        assert!(!is_acceptable_logo_url(&url(&long)));
    }
}
