//! Staff invite a person to the portal by address alone (seed 004's "manually add a portal
//! user", the way in to a private portal): an `invited` contact user and a 7-day invitation
//! link `{base}/a/fda_…` by mail, on which the person enters their name and a password.

use frontdesk_access::{Forbidden, LifetimeKind, Organisation, Permission, StaffActor};
use frontdesk_kernel::{
    ActionTokenId, ClientId, ContactId, ContactUserId, PersonName, RepositoryError, Token,
    TokenKind, Uow,
};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::{Duration, OffsetDateTime};

use super::actions;
use super::send_password::mail_time;
use crate::field::{self, Errors};
use crate::{
    Contact, ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserState,
    ContactUserView, ContactUsersService, CreateContactUserError, FieldError, Username,
};

/// An invitation, as staff typed it.
#[derive(Debug, Clone, Default)]
pub struct InviteContactUser {
    /// The person's address.
    pub email: String,
    /// The clients (customer companies) the person belongs to.
    pub client_ids: Vec<ClientId>,
    /// First name, when staff know it (the person may change it).
    pub first_name: Option<String>,
    /// Last name, when staff know it.
    pub last_name: Option<String>,
}

/// An invited contact user and when the invitation stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitedContactUser {
    /// The account (state `invited`) and its contact.
    pub view: ContactUserView,
    /// When the invitation link expires.
    pub expires_at: OffsetDateTime,
}

/// Why nobody was invited.
#[derive(Debug, thiserror::Error)]
pub enum InviteContactUserError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Fields are missing or invalid (every one listed).
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// A client id names no client of the organisation.
    #[error("client not found")]
    ClientNotFound,
    /// The address already has an account.
    #[error("this address already has an account")]
    AlreadyAUser,
    /// The person was sent mail very recently.
    #[error("this person was sent mail very recently; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds until another mail may go.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<CreateContactUserError> for InviteContactUserError {
    fn from(error: CreateContactUserError) -> Self {
        match error {
            CreateContactUserError::Forbidden(missing) => Self::Forbidden(missing),
            CreateContactUserError::ClientNotFound => Self::ClientNotFound,
            CreateContactUserError::InvalidFields(fields) => Self::InvalidFields(fields),
            CreateContactUserError::UsernameTaken | CreateContactUserError::AlreadyAUser => {
                Self::AlreadyAUser
            }
            CreateContactUserError::Repository(error) => Self::Repository(error),
        }
    }
}

impl ContactUsersService {
    /// Invites a person to the portal (staff who manage contacts): finds the organisation's
    /// contact with the address, or creates it (named as given, else after the address
    /// until the person enters their name); creates an `invited` contact user on the given
    /// clients; stores a one-time invitation link (digest only; the organisation's
    /// invitation lifetime, 7 days by default) and queues the `invitation` mail carrying
    /// it — all in one unit of work, audited. Staff never see the link.
    ///
    /// # Errors
    /// See [`InviteContactUserError`].
    pub async fn invite_contact_user(
        &self,
        actor: &StaffActor,
        request: InviteContactUser,
    ) -> Result<InvitedContactUser, InviteContactUserError> {
        actor.require(Permission::ManageContacts)?;
        let mut errors = Errors::default();
        let email = errors.required("email", &request.email, field::email);
        let first_name = errors.optional("first_name", request.first_name.as_deref(), field::name);
        let last_name = errors.optional("last_name", request.last_name.as_deref(), field::name);
        let email = errors
            .finish(|| email)
            .map_err(InviteContactUserError::InvalidFields)?;
        for client in &request.client_ids {
            self.ports
                .clients
                .find(actor.org_id, *client)
                .await?
                .ok_or(InviteContactUserError::ClientNotFound)?;
        }
        let organisation = self.ports.organisations.find(actor.org_id).await?.ok_or(
            InviteContactUserError::Repository(RepositoryError::Corrupt(
                "the actor's organisation is gone".into(),
            )),
        )?;
        let now = self.ports.clock.now();
        let placeholder = PersonName::parse(Username::from_email(&email).as_str())
            .map_err(|e| RepositoryError::Corrupt(e.to_string()))?;
        let candidate = Contact {
            id: ContactId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            email: email.clone(),
            first_name: first_name.unwrap_or_else(|| placeholder.clone()),
            last_name: last_name.unwrap_or(placeholder),
            phone: None,
            address: None,
            client_id: request.client_ids.first().copied(),
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
            return Err(InviteContactUserError::AlreadyAUser);
        }
        let mut user = ContactUser {
            id: ContactUserId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            contact_id: contact.id,
            client_ids: request.client_ids.clone(),
            username: Username::from_email(&email),
            state: ContactUserState::Invited,
            must_change_password: false,
            password_hash: None,
            temporary_password_expires_at: None,
            created_at: now,
            updated_at: now,
        };
        self.insert_with_default_name(uow.as_mut(), &mut user)
            .await?;
        let expires_at = self
            .send_invitation(uow.as_mut(), &organisation, &user, &contact, now)
            .await?;
        let event = self.event(
            actor,
            actions::CREATED,
            &user,
            format!(
                "invited contact={} clients={}",
                contact.id,
                request.client_ids.len()
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(InvitedContactUser {
            view: ContactUserView { user, contact },
            expires_at,
        })
    }

    /// Stores a new invitation link for `user` (digest only) and queues the mail carrying it.
    async fn send_invitation(
        &self,
        uow: &mut Uow,
        organisation: &Organisation,
        user: &ContactUser,
        contact: &Contact,
        now: OffsetDateTime,
    ) -> Result<OffsetDateTime, InviteContactUserError> {
        let lifetime = organisation.lifetimes.lifetimes(LifetimeKind::Invitation);
        let expires_at = now + Duration::seconds(lifetime.default_seconds);
        let token = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let link = ContactUserLink {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            contact_user_id: user.id,
            purpose: ContactUserLinkPurpose::Invitation,
            digest: token.digest(),
            created_at: now,
            expires_at,
            used_at: None,
        };
        self.ports.user_links.insert(uow, &link).await?;
        let url = self
            .ports
            .links
            .action(organisation.base_url.as_str(), &token);
        let mail = NewMail {
            org_id: organisation.id,
            to: contact.email.clone(),
            to_name: None,
            kind: TemplateKind::Invitation,
            language: organisation.default_language,
            data: serde_json::json!({
                "invitation_url": url.expose_secret(),
                "expires_at": mail_time(expires_at),
                "inviter_name": organisation.name.as_str(),
                "organisation_name": organisation.name.as_str(),
                "company_name": organisation.name.as_str(),
            }),
            unsubscribe_url: None,
        };
        match self.ports.mail.enqueue(uow, mail).await {
            Ok(_) => {}
            Err(EnqueueError::RecipientLimited {
                retry_after_seconds,
            }) => {
                return Err(InviteContactUserError::RecipientLimited {
                    retry_after_seconds,
                });
            }
            Err(EnqueueError::Repository(error)) => return Err(error.into()),
        }
        Ok(expires_at)
    }
}
