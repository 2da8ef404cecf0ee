//! Staff read a contact user, change its username and disable or enable it.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ContactUserId, RepositoryError};

use crate::{ContactUserState, ContactUserView, ContactUsersService, FieldError, Username};

use super::actions;
use super::create::USERNAME_RULE;

/// Changes to a contact user; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactUserChanges {
    /// A new username.
    pub username: Option<String>,
    /// Disable (`true`) or enable (`false`) the account.
    pub disabled: Option<bool>,
}

/// Why a contact user could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ContactUserError {
    /// The actor may not view contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a contact user was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateContactUserError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    NotFound,
    /// The username is not one (the field named).
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// The username is taken in the organisation.
    #[error("this username is taken")]
    UsernameTaken,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactUsersService {
    /// The contact user `id` with its contact (staff who view cases).
    ///
    /// # Errors
    /// See [`ContactUserError`].
    pub async fn contact_user(
        &self,
        actor: &StaffActor,
        id: ContactUserId,
    ) -> Result<ContactUserView, ContactUserError> {
        actor.require(Permission::ViewCases)?;
        let user = self
            .ports
            .users
            .find(actor.org_id, id)
            .await?
            .filter(|user| user.state != ContactUserState::Removed)
            .ok_or(ContactUserError::NotFound)?;
        self.view(actor.org_id, user)
            .await?
            .ok_or(ContactUserError::NotFound)
    }

    /// Changes the username and disabled flag (staff who manage contacts). A disabled user
    /// cannot sign in, every session of it ends (in the same unit of work) and its grants
    /// stop counting; enabling returns it to `active` when it
    /// has a password, else to `invited`. Audited in the same unit of work.
    ///
    /// # Errors
    /// See [`UpdateContactUserError`].
    pub async fn update_contact_user(
        &self,
        actor: &StaffActor,
        id: ContactUserId,
        changes: ContactUserChanges,
    ) -> Result<ContactUserView, UpdateContactUserError> {
        actor.require(Permission::ManageContacts)?;
        let username = changes
            .username
            .as_deref()
            .map(Username::parse)
            .transpose()
            .map_err(|_| {
                UpdateContactUserError::InvalidFields(vec![FieldError {
                    field: "username".into(),
                    message: USERNAME_RULE.into(),
                }])
            })?;
        let mut user = self
            .ports
            .users
            .find(actor.org_id, id)
            .await?
            .filter(|user| user.state != ContactUserState::Removed)
            .ok_or(UpdateContactUserError::NotFound)?;
        let mut events = Vec::new();
        if let Some(username) = username.filter(|name| name != &user.username) {
            events.push((
                actions::CHANGED,
                format!("username {} -> {}", user.username, username),
            ));
            user.username = username;
        }
        match changes.disabled {
            Some(true) if user.state != ContactUserState::Disabled => {
                user.state = ContactUserState::Disabled;
                events.push((actions::DISABLED, String::new()));
            }
            Some(false) if user.state == ContactUserState::Disabled => {
                user.state = user.enabled_state();
                events.push((actions::ENABLED, String::new()));
            }
            _ => {}
        }
        if events.is_empty() {
            return self
                .view(actor.org_id, user)
                .await?
                .ok_or(UpdateContactUserError::NotFound);
        }
        user.updated_at = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        match self.ports.users.update(uow.as_mut(), &user).await {
            Ok(true) => {}
            Ok(false) => return Err(UpdateContactUserError::NotFound),
            Err(RepositoryError::Conflict("username")) => {
                return Err(UpdateContactUserError::UsernameTaken);
            }
            Err(error) => return Err(error.into()),
        }
        if user.state == ContactUserState::Disabled {
            // A disabled account is signed out everywhere, in the same unit of work.
            self.ports
                .sessions
                .end_all_for_user(uow.as_mut(), user.org_id, user.id, user.updated_at, None)
                .await?;
        }
        for (action, detail) in events {
            let event = self.event(actor, action, &user, detail);
            self.ports.audit.record(uow.as_mut(), &event).await?;
        }
        uow.commit().await?;
        self.view(actor.org_id, user)
            .await?
            .ok_or(UpdateContactUserError::NotFound)
    }
}
