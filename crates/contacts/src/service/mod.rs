//! The contacts use cases: one file per use case, each with its request type, its error enum
//! and its method on [`ContactsService`].

mod create;
mod email;
mod profile;
mod search;

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_kernel::{Clock, ContactId, IdGenerator, OrgId, RepositoryError, TransactionRunner};
use frontdesk_messaging::MailQueue;

use crate::{Contact, ContactRepository};

pub use create::{CreateContactError, NewContact};
pub use email::{ContactMessage, EmailContactError};
pub use profile::ContactProfileError;
pub use search::{ContactSearchPage, SearchContactsError};

/// Everything the contacts use cases need.
#[derive(Clone)]
pub struct ContactsPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations (their language, for mail).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Outbound mail (queued inside the use case's unit of work).
    pub mail: Arc<dyn MailQueue>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The staff use cases that concern one contact.
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
}
