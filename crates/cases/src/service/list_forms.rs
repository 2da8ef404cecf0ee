//! Staff list their organisation's intake forms.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::RepositoryError;

use crate::{CasesService, Form};

/// Why the forms cannot be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListFormsError {
    /// The actor may neither view cases nor manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// `forms` in the order people look for them: by name ignoring case, then by slug.
fn by_name(mut forms: Vec<Form>) -> Vec<Form> {
    forms.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.slug.as_str().cmp(b.slug.as_str()))
    });
    forms
}

impl CasesService {
    /// Every form of the actor's organisation, by name. Staff who view cases (to filter
    /// cases by form) or manage forms may list them; the list says nothing a case page does
    /// not already show.
    ///
    /// # Errors
    /// See [`ListFormsError`]; [`ListFormsError::Forbidden`] names
    /// [`Permission::ViewCases`].
    pub async fn list_forms(&self, actor: &StaffActor) -> Result<Vec<Form>, ListFormsError> {
        if !actor.may(Permission::ManageForms) {
            actor.require(Permission::ViewCases)?;
        }
        Ok(by_name(self.ports.forms.list(actor.org_id).await?))
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::{FormId, Language, OrgId, Uuid};

    use super::*;
    use crate::{CaseStatus, FormSlug};

    fn form(slug: &str, name: &str) -> Form {
        Form {
            id: FormId::from_uuid(Uuid::now_v7()),
            org_id: OrgId::from_uuid(Uuid::nil()),
            slug: FormSlug::parse(slug).expect("slug"),
            name: name.to_owned(),
            default_language: Language::En,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: true,
            share_links_enabled: false,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn forms_read_by_name_ignoring_case_then_slug() {
        let sorted = by_name(vec![
            form("zeta", "support"),
            form("contact", "Contact"),
            form("alpha", "Support"),
            form("billing", "billing"),
        ]);
        let slugs: Vec<&str> = sorted.iter().map(|f| f.slug.as_str()).collect();
        assert_eq!(slugs, ["billing", "contact", "alpha", "zeta"]);
    }
}
