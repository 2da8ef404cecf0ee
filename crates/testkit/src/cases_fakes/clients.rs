//! Clients and the links of contacts to them over [`InMemoryCasesStore`].

use frontdesk_contacts::{Client, ClientRepository, Contact, Counted, PageNumber, SearchText};
use frontdesk_kernel::{ClientId, ContactId, OrgId, RepositoryError, Uow};

use super::InMemoryCasesStore;
use crate::fakes::check_uow;

#[async_trait::async_trait]
impl ClientRepository for InMemoryCasesStore {
    async fn insert(&self, uow: &mut Uow, client: &Client) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.clients.contains_key(&client.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.clients.insert(client.id.as_uuid(), client.clone());
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, client: &Client) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        if let Some(stored) = self
            .state()
            .clients
            .get_mut(&client.id.as_uuid())
            .filter(|stored| stored.org_id == client.org_id)
        {
            stored.name.clone_from(&client.name);
            stored.updated_at = client.updated_at;
        }
        Ok(())
    }

    async fn find(&self, org: OrgId, id: ClientId) -> Result<Option<Client>, RepositoryError> {
        Ok(self
            .state()
            .clients
            .get(&id.as_uuid())
            .filter(|client| client.org_id == org)
            .cloned())
    }

    async fn search(
        &self,
        org: OrgId,
        text: Option<SearchText>,
        page: PageNumber,
    ) -> Result<Counted<Client>, RepositoryError> {
        let state = self.state();
        let mut found: Vec<&Client> = state
            .clients
            .values()
            .filter(|client| client.org_id == org)
            .filter(|client| {
                text.as_ref()
                    .is_none_or(|text| text.matches(client.name.as_str()))
            })
            .collect();
        found.sort_by_cached_key(|client| (client.name.as_str().to_lowercase(), client.id));
        Ok(Counted {
            total: found.len() as u64,
            rows: found
                .into_iter()
                .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
                .take(page.per_page as usize)
                .cloned()
                .collect(),
        })
    }

    async fn contacts_of(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<Contact>, RepositoryError> {
        let mut found: Vec<Contact> = self
            .state()
            .contacts
            .values()
            .filter(|contact| contact.org_id == org && contact.client_id == Some(client))
            .cloned()
            .collect();
        found.sort_by_cached_key(|contact| {
            (
                contact.last_name.as_str().to_lowercase(),
                contact.first_name.as_str().to_lowercase(),
                contact.id,
            )
        });
        Ok(found)
    }

    async fn case_count(&self, org: OrgId, client: ClientId) -> Result<u64, RepositoryError> {
        Ok(self
            .state()
            .cases
            .values()
            .filter(|case| case.org_id == org && case.client_id == Some(client))
            .count() as u64)
    }

    async fn set_contact_client(
        &self,
        uow: &mut Uow,
        org: OrgId,
        contact: ContactId,
        client: Option<ClientId>,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let Some(stored) = state
            .contacts
            .get_mut(&contact.as_uuid())
            .filter(|stored| stored.org_id == org)
        else {
            return Ok(false);
        };
        stored.client_id = client;
        Ok(true)
    }
}
