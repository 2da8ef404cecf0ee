//! Staff user administration: create, list and change staff users (admins).

use frontdesk_kernel::{EmailAddress, Page, PageRequest, PersonName, RepositoryError, StaffUserId};

use super::{AccessService, IssuedLink};
use crate::error::Forbidden;
use crate::{ActionPurpose, AuditAction, Permission, Profile, ProfileSet, StaffActor, StaffUser};

/// A staff user to create.
#[derive(Debug, Clone)]
pub struct NewStaffUser {
    /// Sign-in address.
    pub email: EmailAddress,
    /// Display name.
    pub name: PersonName,
    /// Profiles to grant.
    pub profiles: ProfileSet,
}

/// A created staff user and its password setup link.
#[derive(Debug)]
pub struct CreatedStaffUser {
    /// The user.
    pub user: StaffUser,
    /// One-time link to choose a password.
    pub setup_link: IssuedLink,
}

/// Why a staff user could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateStaffUserError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The address is already used by a staff user of this organisation.
    #[error("a staff user with this email already exists")]
    EmailTaken,
    /// The actor's own organisation is not stored: the store lost it.
    #[error("the actor's organisation is missing")]
    OrganisationMissing,
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

impl CreateStaffUserError {
    /// A uniqueness conflict is a taken address; anything else a storage failure.
    fn from_write(error: RepositoryError) -> Self {
        match error {
            RepositoryError::Conflict(_) => Self::EmailTaken,
            other => Self::Repository(other),
        }
    }
}

/// Why staff users could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListStaffUsersError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Changes to a staff user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct StaffUserChanges {
    /// New profiles.
    pub profiles: Option<ProfileSet>,
    /// New disabled flag.
    pub disabled: Option<bool>,
}

/// Why a staff user could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateStaffUserError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user in the actor's organisation.
    #[error("staff user not found")]
    NotFound,
    /// The change would leave the organisation without an enabled admin.
    #[error("the organisation must keep at least one enabled admin")]
    LastAdmin,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// Creates a staff user with no password and returns a one-time link to set one.
    ///
    /// # Errors
    /// See [`CreateStaffUserError`].
    pub async fn create_staff_user(
        &self,
        actor: &StaffActor,
        request: NewStaffUser,
    ) -> Result<CreatedStaffUser, CreateStaffUserError> {
        actor.require(Permission::ManageStaff)?;
        let org = self
            .ports
            .organisations
            .find(actor.org_id)
            .await
            .map_err(CreateStaffUserError::Repository)?
            .ok_or(CreateStaffUserError::OrganisationMissing)?;
        let now = self.now();
        let user = StaffUser {
            id: StaffUserId::from_uuid(self.ports.ids.new_uuid()),
            org_id: org.id,
            email: request.email,
            name: request.name,
            profiles: request.profiles,
            disabled: false,
            password_hash: None,
            language: None,
            created_at: now,
            updated_at: now,
        };
        let mut uow = self
            .begin()
            .await
            .map_err(CreateStaffUserError::Repository)?;
        self.ports
            .staff
            .insert(uow.as_mut(), &user)
            .await
            .map_err(CreateStaffUserError::from_write)?;
        let setup_link = self
            .issue_action_link(uow.as_mut(), &org, user.id, ActionPurpose::PasswordSetup)
            .await
            .map_err(CreateStaffUserError::Repository)?;
        let event = self.event(
            Some(org.id),
            Some(actor.user_id),
            AuditAction::STAFF_USER_CREATED,
            Some(user.id.to_string()),
            format!("profiles={}", user.profiles.names().join(",")),
        );
        self.ports
            .audit
            .record(uow.as_mut(), &event)
            .await
            .map_err(CreateStaffUserError::Repository)?;
        uow.commit()
            .await
            .map_err(CreateStaffUserError::from_write)?;
        Ok(CreatedStaffUser { user, setup_link })
    }

    /// A page of the actor's organisation's staff users.
    ///
    /// # Errors
    /// See [`ListStaffUsersError`].
    pub async fn list_staff_users(
        &self,
        actor: &StaffActor,
        page: PageRequest,
    ) -> Result<Page<StaffUser>, ListStaffUsersError> {
        actor.require(Permission::ManageStaff)?;
        Ok(self.ports.staff.list(actor.org_id, page).await?)
    }

    /// Changes a staff user's profiles or disabled flag. Disabling ends the user's sessions;
    /// the organisation always keeps at least one enabled admin.
    ///
    /// # Errors
    /// See [`UpdateStaffUserError`].
    pub async fn update_staff_user(
        &self,
        actor: &StaffActor,
        id: StaffUserId,
        changes: StaffUserChanges,
    ) -> Result<StaffUser, UpdateStaffUserError> {
        actor.require(Permission::ManageStaff)?;
        let mut user = self
            .ports
            .staff
            .find(actor.org_id, id)
            .await?
            .ok_or(UpdateStaffUserError::NotFound)?;
        let was_active_admin = !user.disabled && user.profiles.contains(Profile::Admin);
        if let Some(profiles) = changes.profiles {
            user.profiles = profiles;
        }
        if let Some(disabled) = changes.disabled {
            user.disabled = disabled;
        }
        let is_active_admin = !user.disabled && user.profiles.contains(Profile::Admin);
        let mut uow = self.begin().await?;
        // Counted inside the unit of work under the organisation's staff lock, so parallel
        // changes cannot each see another admin left and together remove them all.
        if was_active_admin
            && !is_active_admin
            && self
                .ports
                .staff
                .count_active_admins_locked(uow.as_mut(), actor.org_id)
                .await?
                <= 1
        {
            return Err(UpdateStaffUserError::LastAdmin);
        }
        let now = self.now();
        user.updated_at = now;
        self.ports.staff.update(uow.as_mut(), &user).await?;
        let event = self.event(
            Some(actor.org_id),
            Some(actor.user_id),
            AuditAction::STAFF_USER_CHANGED,
            Some(user.id.to_string()),
            format!(
                "profiles={} disabled={}",
                user.profiles.names().join(","),
                user.disabled
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        if user.disabled {
            self.ports
                .sessions
                .end_all_for_user(actor.org_id, user.id, now)
                .await?;
        }
        Ok(user)
    }
}
