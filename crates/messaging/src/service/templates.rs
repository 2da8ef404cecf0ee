//! Template administration: the template in force, saving an override (legacy placeholders
//! converted, rules checked), going back to the default, and previews with sample data.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{Language, RepositoryError};

use super::MessagingService;
use crate::{MailTemplate, RenderError, RenderedMail, TemplateKind, TemplateRuleError};

/// A template as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateView {
    /// The template in force.
    pub template: MailTemplate,
    /// Whether it is the shipped default (no override saved).
    pub is_default: bool,
}

/// Why a template could not be read, saved, reset or previewed.
#[derive(Debug, thiserror::Error)]
pub enum TemplateAdminError {
    /// The actor may not manage mail templates.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The template breaks a rule.
    #[error(transparent)]
    Rule(#[from] TemplateRuleError),
    /// The template does not render with sample data.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl MessagingService {
    /// The template in force for `kind` and `language`.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn template(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
    ) -> Result<TemplateView, TemplateAdminError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(
            match self
                .ports
                .templates
                .find(actor.org_id, kind, language)
                .await?
            {
                Some(template) => TemplateView {
                    template,
                    is_default: false,
                },
                None => TemplateView {
                    template: self.ports.engine.default_template(kind, language),
                    is_default: true,
                },
            },
        )
    }

    /// Saves an override after converting legacy placeholders and checking that it compiles,
    /// keeps the kind's required placeholders and renders with sample data. Returns what was
    /// saved.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn save_template(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
        template: &MailTemplate,
    ) -> Result<MailTemplate, TemplateAdminError> {
        actor.require(Permission::ManageMailTemplates)?;
        let template = template.with_legacy_placeholders_converted();
        self.ports.engine.check(&template)?;
        template.check_rules(kind)?;
        self.ports.engine.render(&template, &kind.sample_data())?;
        let now = self.ports.clock.now();
        self.ports
            .templates
            .save(actor.org_id, kind, language, &template, now)
            .await?;
        Ok(template)
    }

    /// Removes the override, going back to the shipped default. Says whether one existed.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn reset_template(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
    ) -> Result<bool, TemplateAdminError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(self
            .ports
            .templates
            .delete(actor.org_id, kind, language)
            .await?)
    }

    /// Renders `candidate` (or the template in force) with sample data, without saving.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn preview(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
        candidate: Option<&MailTemplate>,
    ) -> Result<RenderedMail, TemplateAdminError> {
        let template = match candidate {
            Some(candidate) => {
                actor.require(Permission::ManageMailTemplates)?;
                let converted = candidate.with_legacy_placeholders_converted();
                self.ports.engine.check(&converted)?;
                converted
            }
            None => self.template(actor, kind, language).await?.template,
        };
        let mut data = kind.sample_data();
        if let Some(org) = self.ports.organisations.find(actor.org_id).await?
            && let Some(map) = data.as_object_mut()
        {
            map.insert("company_name".into(), org.name.as_str().into());
            map.insert("organisation_name".into(), org.name.as_str().into());
        }
        Ok(self.ports.engine.render(&template, &data)?)
    }
}
