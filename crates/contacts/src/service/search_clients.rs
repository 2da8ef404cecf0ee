//! Staff find clients by name.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::RepositoryError;

use crate::{Client, ContactsService, PageNumber, SearchText};

/// One page of a client search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientSearchPage {
    /// The page's clients, by name.
    pub rows: Vec<Client>,
    /// How many clients match, on every page.
    pub total: u64,
    /// This page's number, from 1 (after clamping).
    pub page: u32,
    /// Rows per page (after clamping to 1..=[`PageNumber::MAX_PER_PAGE`]).
    pub per_page: u32,
}

impl ClientSearchPage {
    /// How many pages the matches fill (at least 1).
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// Why clients cannot be searched.
#[derive(Debug, thiserror::Error)]
pub enum SearchClientsError {
    /// The actor may neither manage contacts nor view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactsService {
    /// Page `page` (from 1) of `per_page` (at most 100) of the actor's organisation's
    /// clients whose name contains `text`, ignoring case (every client when `text` is `None`
    /// or blank), sorted by name. Staff who manage contacts or view cases may search.
    ///
    /// # Errors
    /// See [`SearchClientsError`].
    pub async fn search_clients(
        &self,
        actor: &StaffActor,
        text: Option<String>,
        page: u32,
        per_page: u32,
    ) -> Result<ClientSearchPage, SearchClientsError> {
        if !actor.may(Permission::ManageContacts) {
            actor.require(Permission::ViewCases)?;
        }
        let page = PageNumber::new(page, per_page);
        let text = text.as_deref().and_then(SearchText::parse);
        let found = self.ports.clients.search(actor.org_id, text, page).await?;
        Ok(ClientSearchPage {
            rows: found.rows,
            total: found.total,
            page: page.page,
            per_page: page.per_page,
        })
    }
}
