//! Staff create a contact.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ClientId, ContactId, EmailAddress, PersonName, RepositoryError};

use crate::field::{self, Errors};
use crate::{Contact, ContactsService, FieldError, Phone, PostalAddress};

/// A contact to create, as typed.
#[derive(Debug, Clone, Default)]
pub struct NewContact {
    /// Email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// The client (of the actor's organisation) the contact works for.
    pub client_id: Option<ClientId>,
}

/// Why a contact was not created.
#[derive(Debug, thiserror::Error)]
pub enum CreateContactError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Fields are missing or invalid (every one listed, in the form's order).
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// A contact with this address exists.
    #[error("a contact with this email already exists")]
    ContactExists,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A new contact's checked details.
struct Details {
    first_name: PersonName,
    last_name: PersonName,
    email: EmailAddress,
    phone: Option<Phone>,
    address: Option<PostalAddress>,
}

/// Checks every field of `contact`, in order: names and email required, phone and address
/// optional.
fn details(contact: &NewContact) -> Result<Details, Vec<FieldError>> {
    let mut errors = Errors::default();
    let first_name = errors.required("first_name", &contact.first_name, field::name);
    let last_name = errors.required("last_name", &contact.last_name, field::name);
    let email = errors.required("email", &contact.email, field::email);
    let phone = errors.optional("phone", contact.phone.as_deref(), field::phone);
    let address = errors.optional("address", contact.address.as_deref(), field::address);
    errors.finish(|| {
        Some(Details {
            first_name: first_name?,
            last_name: last_name?,
            email: email?,
            phone,
            address,
        })
    })
}

impl ContactsService {
    /// Creates a contact (staff who manage contacts), optionally linked to a client of the
    /// organisation (another organisation's client is an invalid `client_id`).
    ///
    /// # Errors
    /// See [`CreateContactError`].
    pub async fn create_contact(
        &self,
        actor: &StaffActor,
        contact: NewContact,
    ) -> Result<Contact, CreateContactError> {
        actor.require(Permission::ManageContacts)?;
        let mut valid = details(&contact);
        if let Some(client) = contact.client_id
            && self.find_client(actor.org_id, client).await?.is_none()
        {
            let mut errors = valid.err().unwrap_or_default();
            errors.push(FieldError {
                field: "client_id".to_owned(),
                message: field::UNKNOWN_CLIENT.to_owned(),
            });
            valid = Err(errors);
        }
        let valid = valid.map_err(CreateContactError::InvalidFields)?;
        let created = Contact {
            id: ContactId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            email: valid.email,
            first_name: valid.first_name,
            last_name: valid.last_name,
            phone: valid.phone,
            address: valid.address,
            client_id: contact.client_id,
            unsubscribed_all: false,
            created_at: self.ports.clock.now(),
        };
        let mut uow = self.ports.transactions.begin().await?;
        match self.ports.contacts.insert(uow.as_mut(), &created).await {
            Ok(()) => {}
            Err(RepositoryError::Conflict(_)) => return Err(CreateContactError::ContactExists),
            Err(error) => return Err(error.into()),
        }
        uow.commit().await?;
        Ok(created)
    }
}
