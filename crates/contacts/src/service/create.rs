//! Staff create a contact.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{ContactId, EmailAddress, PersonName, RepositoryError};

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
    /// Creates a contact (staff who manage contacts).
    ///
    /// # Errors
    /// See [`CreateContactError`].
    pub async fn create_contact(
        &self,
        actor: &StaffActor,
        contact: NewContact,
    ) -> Result<Contact, CreateContactError> {
        actor.require(Permission::ManageContacts)?;
        let valid = details(&contact).map_err(CreateContactError::InvalidFields)?;
        let created = Contact {
            id: ContactId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            email: valid.email,
            first_name: valid.first_name,
            last_name: valid.last_name,
            phone: valid.phone,
            address: valid.address,
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
