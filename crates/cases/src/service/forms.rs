//! Form administration (create, read, change) and the public form behind a URL.

use frontdesk_access::{Forbidden, OrgSlug, Organisation, Permission, StaffActor};
use frontdesk_kernel::{FormId, Language, OrgId, RepositoryError};

use crate::{CaseStatus, CasesService, FieldConfig, Form, FormError, FormSlug, parse_form_name};

/// A form to create; `None` attributes take their defaults.
#[derive(Debug, Clone, Default)]
pub struct NewForm {
    /// URL name.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Default: the organisation's language.
    pub default_language: Option<Language>,
    /// Default: [`Form::standard_fields`].
    pub fields: Option<Vec<FieldConfig>>,
    /// Default: `[new]`.
    pub guest_edit_statuses: Option<Vec<CaseStatus>>,
    /// Default: `true`.
    pub notify_contacts: Option<bool>,
    /// Default: `false`.
    pub share_links_enabled: Option<bool>,
}

/// Changes to a form; `None` leaves a setting as it is.
#[derive(Debug, Clone, Default)]
pub struct FormChanges {
    /// Display name.
    pub name: Option<String>,
    /// Default language.
    pub default_language: Option<Language>,
    /// Fields.
    pub fields: Option<Vec<FieldConfig>>,
    /// Guest-edit statuses.
    pub guest_edit_statuses: Option<Vec<CaseStatus>>,
    /// Notifications.
    pub notify_contacts: Option<bool>,
    /// Share-link addon.
    pub share_links_enabled: Option<bool>,
}

/// Why a form was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateFormError {
    /// The actor may not manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The slug is taken.
    #[error("a form with this slug already exists")]
    SlugTaken,
    /// The slug, name or field list breaks a rule.
    #[error(transparent)]
    Invalid(#[from] FormError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a form cannot be shown to staff.
#[derive(Debug, thiserror::Error)]
pub enum GetFormError {
    /// The actor may not manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such form in the organisation.
    #[error("form not found")]
    FormNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a form was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateFormError {
    /// The actor may not manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such form in the organisation.
    #[error("form not found")]
    FormNotFound,
    /// The name or field list breaks a rule.
    #[error(transparent)]
    Invalid(#[from] FormError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a public form cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum PublicFormError {
    /// No such organisation or form.
    #[error("form not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Statuses without repeats, in life-cycle order.
fn statuses(mut statuses: Vec<CaseStatus>) -> Vec<CaseStatus> {
    statuses.sort();
    statuses.dedup();
    statuses
}

impl CasesService {
    /// Creates a form (admins and case admins).
    ///
    /// # Errors
    /// See [`CreateFormError`].
    pub async fn create_form(
        &self,
        actor: &StaffActor,
        form: NewForm,
    ) -> Result<Form, CreateFormError> {
        actor.require(Permission::ManageForms)?;
        let slug = FormSlug::parse(&form.slug)?;
        let name = parse_form_name(&form.name)?;
        let fields = form.fields.unwrap_or_else(Form::standard_fields);
        Form::check_fields(&fields)?;
        let default_language = match form.default_language {
            Some(language) => language,
            None => self
                .ports
                .organisations
                .find(actor.org_id)
                .await?
                .map_or(Language::default(), |org| org.default_language),
        };
        let created = Form {
            id: FormId::from_uuid(self.new_uuid()),
            org_id: actor.org_id,
            slug,
            name: name.into_string(),
            default_language,
            fields,
            guest_edit_statuses: statuses(
                form.guest_edit_statuses
                    .unwrap_or_else(|| vec![CaseStatus::New]),
            ),
            notify_contacts: form.notify_contacts.unwrap_or(true),
            share_links_enabled: form.share_links_enabled.unwrap_or(false),
            created_at: self.ports.clock.now(),
        };
        match self.ports.forms.insert(&created).await {
            Ok(()) => Ok(created),
            Err(RepositoryError::Conflict(_)) => Err(CreateFormError::SlugTaken),
            Err(error) => Err(error.into()),
        }
    }

    /// The form `slug` of `org`, if there is one (a malformed slug names none).
    async fn find_form(&self, org: OrgId, slug: &str) -> Result<Option<Form>, RepositoryError> {
        let Ok(slug) = FormSlug::parse(slug) else {
            return Ok(None);
        };
        self.ports.forms.find_by_slug(org, &slug).await
    }

    /// A form of the actor's organisation.
    ///
    /// # Errors
    /// See [`GetFormError`].
    pub async fn form(&self, actor: &StaffActor, slug: &str) -> Result<Form, GetFormError> {
        actor.require(Permission::ManageForms)?;
        self.find_form(actor.org_id, slug)
            .await?
            .ok_or(GetFormError::FormNotFound)
    }

    /// Changes a form.
    ///
    /// # Errors
    /// See [`UpdateFormError`].
    pub async fn update_form(
        &self,
        actor: &StaffActor,
        slug: &str,
        changes: FormChanges,
    ) -> Result<Form, UpdateFormError> {
        actor.require(Permission::ManageForms)?;
        let mut form = self
            .find_form(actor.org_id, slug)
            .await?
            .ok_or(UpdateFormError::FormNotFound)?;
        if let Some(name) = changes.name {
            form.name = parse_form_name(&name)?.into_string();
        }
        if let Some(fields) = changes.fields {
            Form::check_fields(&fields)?;
            form.fields = fields;
        }
        if let Some(language) = changes.default_language {
            form.default_language = language;
        }
        if let Some(guest_edit_statuses) = changes.guest_edit_statuses {
            form.guest_edit_statuses = statuses(guest_edit_statuses);
        }
        if let Some(notify) = changes.notify_contacts {
            form.notify_contacts = notify;
        }
        if let Some(share) = changes.share_links_enabled {
            form.share_links_enabled = share;
        }
        self.ports.forms.update(&form).await?;
        Ok(form)
    }

    /// The organisation and form behind a public form URL.
    ///
    /// # Errors
    /// See [`PublicFormError`].
    pub async fn public_form(
        &self,
        org_slug: &str,
        form_slug: &str,
    ) -> Result<(Organisation, Form), PublicFormError> {
        let (Ok(org_slug), Ok(form_slug)) = (OrgSlug::parse(org_slug), FormSlug::parse(form_slug))
        else {
            return Err(PublicFormError::NotFound);
        };
        self.ports
            .views
            .public_form(&org_slug, &form_slug)
            .await?
            .ok_or(PublicFormError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_names_and_statuses() {
        let form_name = |raw: &str| parse_form_name(raw).map(String::from);
        assert_eq!(form_name("  Contact  "), Ok("Contact".to_owned()));
        assert_eq!(form_name(" "), Err(FormError::Name));
        assert_eq!(form_name(&"x".repeat(201)), Err(FormError::Name));
        assert_eq!(form_name("a\nb"), Err(FormError::Name));
        assert_eq!(
            statuses(vec![CaseStatus::Open, CaseStatus::New, CaseStatus::Open]),
            vec![CaseStatus::New, CaseStatus::Open]
        );
    }
}
