//! Who may share cases of a form: read and set the per-profile permissions (form managers).

use frontdesk_access::{Forbidden, Permission, Profile, StaffActor};
use frontdesk_cases::{Form, FormSlug};
use frontdesk_kernel::RepositoryError;

use super::SharingService;
use crate::effective_share_permission;

/// Why a form's share permissions could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SharePermissionsError {
    /// The actor may not manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No form with this slug in the actor's organisation.
    #[error("form not found")]
    FormNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a profile's share permission could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SetSharePermissionError {
    /// The actor may not manage forms.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No form with this slug in the actor's organisation.
    #[error("form not found")]
    FormNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
    /// The per-profile permissions of a form (explicit or default) (admins).
    ///
    /// # Errors
    /// See [`SharePermissionsError`].
    pub async fn permissions(
        &self,
        actor: &StaffActor,
        form_slug: &str,
    ) -> Result<Vec<(Profile, bool)>, SharePermissionsError> {
        actor.require(Permission::ManageForms)?;
        let form = self
            .form_by_slug(actor, form_slug)
            .await?
            .ok_or(SharePermissionsError::FormNotFound)?;
        let mut permissions = Vec::with_capacity(Profile::ALL.len());
        for profile in Profile::ALL {
            let explicit = self
                .ports
                .permissions
                .setting(actor.org_id, form.id, profile)
                .await?;
            permissions.push((profile, effective_share_permission(profile, explicit)));
        }
        Ok(permissions)
    }

    /// Grants or withdraws a profile's permission to share cases of a form (admins). The
    /// setting is saved as given; a `false` for `admin` is saved but has no effect (admins
    /// may always share).
    ///
    /// # Errors
    /// See [`SetSharePermissionError`].
    pub async fn set_permission(
        &self,
        actor: &StaffActor,
        form_slug: &str,
        profile: Profile,
        allowed: bool,
    ) -> Result<(), SetSharePermissionError> {
        actor.require(Permission::ManageForms)?;
        let form = self
            .form_by_slug(actor, form_slug)
            .await?
            .ok_or(SetSharePermissionError::FormNotFound)?;
        self.ports
            .permissions
            .set(actor.org_id, form.id, profile, allowed)
            .await?;
        Ok(())
    }

    /// The actor's organisation's form with slug `slug`; `None` for unknown and malformed
    /// slugs alike (a malformed slug names no form).
    async fn form_by_slug(
        &self,
        actor: &StaffActor,
        slug: &str,
    ) -> Result<Option<Form>, RepositoryError> {
        let Ok(slug) = FormSlug::parse(slug) else {
            return Ok(None);
        };
        self.ports.forms.find_by_slug(actor.org_id, &slug).await
    }
}
