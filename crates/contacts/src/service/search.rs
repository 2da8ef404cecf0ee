//! Staff find contacts by name or email.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::RepositoryError;

use crate::{Contact, ContactsService, PageNumber, SearchText};

/// One page of a contact search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactSearchPage {
    /// The page's contacts, by last name, then first name.
    pub rows: Vec<Contact>,
    /// How many contacts match, on every page.
    pub total: u64,
    /// This page's number, from 1 (after clamping).
    pub page: u32,
    /// Rows per page (after clamping to 1..=[`PageNumber::MAX_PER_PAGE`]).
    pub per_page: u32,
}

impl ContactSearchPage {
    /// How many pages the matches fill (at least 1).
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// Why contacts cannot be searched.
#[derive(Debug, thiserror::Error)]
pub enum SearchContactsError {
    /// The actor may neither manage contacts nor view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// Page `page` (from 1) of `per_page` (at most 100) of the actor's organisation's
    /// contacts whose name or email contains `text`, ignoring case (every contact when
    /// `text` is `None` or blank), sorted by last name, then first name. Staff who manage
    /// contacts or view cases may search.
    ///
    /// # Errors
    /// See [`SearchContactsError`].
    pub async fn search_contacts(
        &self,
        actor: &StaffActor,
        text: Option<String>,
        page: u32,
        per_page: u32,
    ) -> Result<ContactSearchPage, SearchContactsError> {
        if !actor.may(Permission::ManageContacts) {
            actor.require(Permission::ViewCases)?;
        }
        let page = PageNumber::new(page, per_page);
        let text = text.as_deref().and_then(SearchText::parse);
        let found = self.ports.contacts.search(actor.org_id, text, page).await?;
        Ok(ContactSearchPage {
            rows: found.rows,
            total: found.total,
            page: page.page,
            per_page: page.per_page,
        })
    }
}
