//! The customer portal's settings (seed 004): read them for the organisation's external
//! pages, and change them (admins with [`Permission::ManageOrganisation`]).

use std::sync::Arc;

use frontdesk_kernel::{
    AuditEventId, Clock, IdGenerator, OrgId, RepositoryError, TransactionRunner,
};
use url::Url;

use super::is_acceptable_logo_url;
use crate::error::Forbidden;
use crate::{
    AuditAction, AuditEvent, AuditLog, HexColour, MAX_PORTAL_FORMS, Organisation,
    OrganisationRepository, Permission, PortalExtras, PortalMode, PortalSettings,
    PortalSettingsRepository, PortalTitle, StaffActor, is_form_slug,
};

impl AuditAction {
    /// The customer portal's settings changed.
    pub const PORTAL_CHANGED: Self = Self::new("portal.changed");
}

/// Everything the portal settings need from outside.
#[derive(Clone)]
pub struct PortalPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations (mode, colour and logo live on them).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// The portal's title and forms.
    pub portal: Arc<dyn PortalSettingsRepository>,
    /// Audit trail, written in each change's unit of work.
    pub audit: Arc<dyn AuditLog>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The portal settings' use cases.
#[derive(Clone)]
pub struct PortalService {
    ports: PortalPorts,
}

/// Changes to the portal; `None` leaves a setting as it is. For the title, colour and logo,
/// `Some(None)` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PortalChanges {
    /// Off, private or public.
    pub mode: Option<PortalMode>,
    /// A new title, or none (the organisation's name).
    pub title: Option<Option<PortalTitle>>,
    /// A new accent colour, or none.
    pub colour: Option<Option<HexColour>>,
    /// A new https logo URL, or none.
    pub logo_url: Option<Option<Url>>,
    /// The slugs of the forms portal users may submit (replaces the list).
    pub forms: Option<Vec<String>>,
}

/// Why the portal settings could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdatePortalError {
    /// The actor may not manage the organisation.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The logo URL is not an https URL of at most 2000 characters.
    #[error("the logo must be an https URL of at most 2000 characters")]
    LogoUrlNotHttps,
    /// Some slugs name no form of the organisation (or are not slugs).
    #[error("no such forms: {}", .0.join(", "))]
    UnknownForms(Vec<String>),
    /// More than [`MAX_PORTAL_FORMS`] forms.
    #[error("a portal offers at most 50 forms")]
    TooManyForms,
    /// The actor's organisation is not stored: the store lost it.
    #[error("the actor's organisation is missing")]
    OrganisationMissing,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why the portal settings could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PortalSettingsError {
    /// The actor's organisation is not stored.
    #[error("the actor's organisation is missing")]
    OrganisationMissing,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl PortalService {
    /// A service over `ports`.
    pub fn new(ports: PortalPorts) -> Self {
        Self { ports }
    }

    /// The portal settings of `org`, for its external pages (anyone may read them: they
    /// are what those pages show).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn settings_of(&self, org: &Organisation) -> Result<PortalSettings, RepositoryError> {
        let extras = self.ports.portal.find(org.id).await?.unwrap_or_default();
        Ok(PortalSettings::of(org, extras))
    }

    /// The portal settings of the actor's organisation (any staff member).
    ///
    /// # Errors
    /// See [`PortalSettingsError`].
    pub async fn portal_settings(
        &self,
        actor: &StaffActor,
    ) -> Result<PortalSettings, PortalSettingsError> {
        let org = self.organisation(actor.org_id).await?;
        Ok(self.settings_of(&org).await?)
    }

    async fn organisation(&self, id: OrgId) -> Result<Organisation, PortalSettingsError> {
        self.ports
            .organisations
            .find(id)
            .await?
            .ok_or(PortalSettingsError::OrganisationMissing)
    }

    /// Changes the portal's mode, title, colour, logo or forms and returns the settings as
    /// they now are. Every form must exist in the organisation. The organisation's record
    /// (mode, colour, logo), the portal's record (title, forms) and one
    /// [`AuditAction::PORTAL_CHANGED`] event naming the settings that changed land in one
    /// unit of work; changes that change nothing store nothing.
    ///
    /// # Errors
    /// See [`UpdatePortalError`].
    pub async fn update_portal(
        &self,
        actor: &StaffActor,
        changes: PortalChanges,
    ) -> Result<PortalSettings, UpdatePortalError> {
        actor.require(Permission::ManageOrganisation)?;
        if let Some(Some(url)) = &changes.logo_url
            && !is_acceptable_logo_url(url)
        {
            return Err(UpdatePortalError::LogoUrlNotHttps);
        }
        if let Some(forms) = &changes.forms {
            self.check_forms(actor.org_id, forms).await?;
        }
        let mut org = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(UpdatePortalError::OrganisationMissing)?;
        let mut extras = self.ports.portal.find(org.id).await?.unwrap_or_default();
        let settings = changes.apply(&mut org, &mut extras);
        if settings.is_empty() {
            return Ok(PortalSettings::of(&org, extras));
        }
        let mut uow = self.ports.transactions.begin().await?;
        if !self.ports.organisations.update(uow.as_mut(), &org).await? {
            return Err(UpdatePortalError::OrganisationMissing);
        }
        self.ports
            .portal
            .save(uow.as_mut(), org.id, &extras)
            .await?;
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(org.id),
            actor: Some(actor.user_id),
            action: AuditAction::PORTAL_CHANGED,
            subject: Some(org.id.to_string()),
            detail: format!("changed={}", settings.join(",")),
            at: self.ports.clock.now(),
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(PortalSettings::of(&org, extras))
    }

    /// Checks a new list of forms: bounded, slugs only, each a form of `org`.
    async fn check_forms(&self, org: OrgId, forms: &[String]) -> Result<(), UpdatePortalError> {
        if forms.len() > MAX_PORTAL_FORMS {
            return Err(UpdatePortalError::TooManyForms);
        }
        let (slugs, mut bad): (Vec<String>, Vec<String>) =
            forms.iter().cloned().partition(|slug| is_form_slug(slug));
        bad.extend(self.ports.portal.unknown_forms(org, &slugs).await?);
        if bad.is_empty() {
            Ok(())
        } else {
            Err(UpdatePortalError::UnknownForms(bad))
        }
    }
}

impl PortalChanges {
    /// Applies the changes and names the settings that changed, in a stable order.
    fn apply(self, org: &mut Organisation, extras: &mut PortalExtras) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if let Some(mode) = self.mode
            && mode != org.portal_mode
        {
            org.portal_mode = mode;
            changed.push("mode");
        }
        if let Some(title) = self.title
            && title != extras.title
        {
            extras.title = title;
            changed.push("title");
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
        if let Some(mut forms) = self.forms {
            let mut seen = std::collections::BTreeSet::new();
            forms.retain(|slug| seen.insert(slug.clone()));
            if forms != extras.forms {
                extras.forms = forms;
                changed.push("forms");
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_action_name_does_not_change() {
        assert_eq!(AuditAction::PORTAL_CHANGED.as_str(), "portal.changed");
    }
}
