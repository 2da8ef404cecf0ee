//! The contacts use cases: one file per use case, each with its request type, its error enum
//! and its method on [`ContactsService`].

mod client;
mod contact_users;
mod create;
mod create_client;
mod email;
mod profile;
mod search;
mod search_clients;
mod set_contact_client;
mod update_client;

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_kernel::{
    ClientId, Clock, ContactId, IdGenerator, OrgId, RepositoryError, TransactionRunner,
};
use frontdesk_messaging::MailQueue;

use crate::{Client, ClientRepository, Contact, ContactRepository};

pub use client::{ClientDetail, ClientError};
pub use contact_users::{
    ChangeContactPassword, ChangeContactPasswordError, ContactAuthenticateError, ContactLinkError,
    ContactLinkView, ContactSession, ContactSignInAttempt, ContactSignInError, ContactSignedIn,
    RequestPasswordReset, RequestPasswordResetError, SetContactPasswordError,
};
pub use contact_users::{
    CompleteInvitation, CompleteInvitationError, InvitationLinkError, InvitationView,
    InviteContactUser, InviteContactUserError, InvitedContactUser,
};
pub use contact_users::{
    ContactUserChanges, ContactUserError, ContactUserView, ContactUsersPorts, ContactUsersService,
    CreateContactUserError, ListContactUsersError, NewContactUser, PasswordMode, SendPasswordError,
    SentPassword, UpdateContactUserError, actions as contact_user_actions, password_changed_mail,
};
pub use contact_users::{RemoveContactUserError, ResendActivationError, SearchPortalUsersError};
pub use create::{CreateContactError, NewContact};
pub use create_client::{CreateClientError, NewClient};
pub use email::{ContactMessage, EmailContactError};
pub use profile::ContactProfileError;
pub use search::{ContactSearchPage, SearchContactsError};
pub use search_clients::{ClientSearchPage, SearchClientsError};
pub use set_contact_client::SetContactClientError;
pub use update_client::{ClientChanges, UpdateClientError};

/// Everything the contacts use cases need.
#[derive(Clone)]
pub struct ContactsPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations (their language, for mail).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Clients, and the links of contacts to them.
    pub clients: Arc<dyn ClientRepository>,
    /// Outbound mail (queued inside the use case's unit of work).
    pub mail: Arc<dyn MailQueue>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The staff use cases that concern one contact, and the clients.
#[derive(Clone)]
pub struct ContactsService {
    ports: ContactsPorts,
}

impl ContactsService {
    /// A service over `ports`.
    pub fn new(ports: ContactsPorts) -> Self {
        Self { ports }
    }

    /// The contact `id` of `org`, if there is one.
    async fn find(&self, org: OrgId, id: ContactId) -> Result<Option<Contact>, RepositoryError> {
        self.ports.contacts.find(org, id).await
    }

    /// The client `id` of `org`, if there is one.
    async fn find_client(
        &self,
        org: OrgId,
        id: ClientId,
    ) -> Result<Option<Client>, RepositoryError> {
        self.ports.clients.find(org, id).await
    }
}
