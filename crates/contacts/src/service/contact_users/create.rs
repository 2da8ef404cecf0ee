//! Staff create a contact user on a client (seed 001's "New contact user").

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, ContactId, ContactUserId, RepositoryError, Uow};

use crate::field::{self, Errors};
use crate::{
    Contact, ContactUser, ContactUserState, ContactUserView, ContactUsersService, FieldError,
    Username,
};

use super::actions;

/// How many numbered variants of a default username are tried (`jane`, `jane-2`, …).
const DEFAULT_NAME_TRIES: u32 = 50;

/// A contact user to create, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewContactUser {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email: the contact with this address is found or created.
    pub email: String,
    /// Phone, for a new contact.
    pub phone: Option<String>,
    /// Username; by default the email's local part, made unique.
    pub username: Option<String>,
}

/// Why a contact user was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateContactUserError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such client in the actor's organisation.
    #[error("client not found")]
    ClientNotFound,
    /// Fields are missing or invalid (every one listed).
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// The username is taken in the organisation.
    #[error("this username is taken")]
    UsernameTaken,
    /// The contact with this email already has a login.
    #[error("this contact already has a login")]
    AlreadyAUser,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

struct Details {
    first_name: frontdesk_kernel::PersonName,
    last_name: frontdesk_kernel::PersonName,
    email: frontdesk_kernel::EmailAddress,
    phone: Option<crate::Phone>,
    username: Option<Username>,
}

fn details(request: &NewContactUser) -> Result<Details, Vec<FieldError>> {
    let mut errors = Errors::default();
    let first_name = errors.required("first_name", &request.first_name, field::name);
    let last_name = errors.required("last_name", &request.last_name, field::name);
    let email = errors.required("email", &request.email, field::email);
    let phone = errors.optional("phone", request.phone.as_deref(), field::phone);
    let username = errors.optional("username", request.username.as_deref(), |raw| {
        Username::parse(raw).map_err(|_| USERNAME_RULE)
    });
    errors.finish(|| {
        Some(Details {
            first_name: first_name?,
            last_name: last_name?,
            email: email?,
            phone,
            username,
        })
    })
}

/// The message of a bad username.
pub(super) const USERNAME_RULE: &str = "a username has 2–64 characters: letters, digits and . _ - @ +, starting with a letter or digit";

impl ContactUsersService {
    /// Creates a contact user on client `client` (staff who manage contacts): finds the
    /// organisation's contact with the email, or creates it linked to the client; the user
    /// starts `invited`, with no password and no mail. Audited in the same unit of work.
    ///
    /// # Errors
    /// See [`CreateContactUserError`].
    pub async fn create_contact_user(
        &self,
        actor: &StaffActor,
        client: ClientId,
        request: NewContactUser,
    ) -> Result<ContactUserView, CreateContactUserError> {
        actor.require(Permission::ManageContacts)?;
        let valid = details(&request).map_err(CreateContactUserError::InvalidFields)?;
        self.ports
            .clients
            .find(actor.org_id, client)
            .await?
            .ok_or(CreateContactUserError::ClientNotFound)?;
        let now = self.ports.clock.now();
        let candidate = Contact {
            id: ContactId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            email: valid.email.clone(),
            first_name: valid.first_name,
            last_name: valid.last_name,
            phone: valid.phone,
            address: None,
            client_id: Some(client),
            unsubscribed_all: false,
            created_at: now,
        };
        let mut uow = self.ports.transactions.begin().await?;
        let contact = self
            .ports
            .contacts
            .find_or_insert_in(uow.as_mut(), &candidate)
            .await?;
        if self
            .ports
            .users
            .find_by_contact(actor.org_id, contact.id)
            .await?
            .is_some()
        {
            return Err(CreateContactUserError::AlreadyAUser);
        }
        let mut user = ContactUser {
            id: ContactUserId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            contact_id: contact.id,
            client_ids: vec![client],
            username: valid
                .username
                .clone()
                .unwrap_or_else(|| Username::from_email(&valid.email)),
            state: ContactUserState::Invited,
            must_change_password: false,
            password_hash: None,
            temporary_password_expires_at: None,
            created_at: now,
            updated_at: now,
        };
        if valid.username.is_some() {
            self.insert_named(uow.as_mut(), &user).await?;
        } else {
            self.insert_with_default_name(uow.as_mut(), &mut user)
                .await?;
        }
        let event = self.event(
            actor,
            actions::CREATED,
            &user,
            format!("client={client} contact={}", contact.id),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(ContactUserView { user, contact })
    }

    async fn insert_named(
        &self,
        uow: &mut Uow,
        user: &ContactUser,
    ) -> Result<(), CreateContactUserError> {
        match self.ports.users.insert(uow, user).await {
            Ok(()) => Ok(()),
            Err(RepositoryError::Conflict("username")) => {
                Err(CreateContactUserError::UsernameTaken)
            }
            Err(RepositoryError::Conflict("contact")) => Err(CreateContactUserError::AlreadyAUser),
            Err(error) => Err(error.into()),
        }
    }

    /// Inserts `user` under the first free numbered variant of its default name. A name
    /// taken by a concurrent insert is settled by the unique index; on `PostgreSQL` that
    /// aborts the transaction, so the caller sees the conflict and may retry.
    pub(super) async fn insert_with_default_name(
        &self,
        uow: &mut Uow,
        user: &mut ContactUser,
    ) -> Result<(), CreateContactUserError> {
        let base = user.username.clone();
        for n in 1..=DEFAULT_NAME_TRIES {
            let name = base.numbered(n);
            if !self
                .ports
                .users
                .username_taken_in(uow, user.org_id, &name)
                .await?
            {
                user.username = name;
                return self.insert_named(uow, user).await;
            }
        }
        Err(CreateContactUserError::UsernameTaken)
    }
}
