//! Contacts and their subscriptions over [`InMemoryCasesStore`].

use frontdesk_contacts::{Contact, ContactRepository, Counted, PageNumber, SearchText};
use frontdesk_kernel::{CaseId, ContactId, EmailAddress, OrgId, PersonName, RepositoryError, Uow};
use time::OffsetDateTime;

use super::InMemoryCasesStore;
use crate::fakes::check_uow;

#[async_trait::async_trait]
impl ContactRepository for InMemoryCasesStore {
    async fn insert(&self, uow: &mut Uow, contact: &Contact) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.contacts.contains_key(&contact.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        let email = contact.email.normalised();
        if state
            .contacts
            .values()
            .any(|c| c.org_id == contact.org_id && c.email.normalised() == email)
        {
            return Err(RepositoryError::Conflict("email"));
        }
        state.contacts.insert(contact.id.as_uuid(), contact.clone());
        Ok(())
    }

    async fn rename_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: ContactId,
        first_name: &PersonName,
        last_name: &PersonName,
    ) -> Result<bool, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let Some(contact) = state
            .contacts
            .get_mut(&id.as_uuid())
            .filter(|c| c.org_id == org)
        else {
            return Ok(false);
        };
        contact.first_name = first_name.clone();
        contact.last_name = last_name.clone();
        Ok(true)
    }

    async fn find(&self, org: OrgId, id: ContactId) -> Result<Option<Contact>, RepositoryError> {
        Ok(self
            .state()
            .contacts
            .get(&id.as_uuid())
            .filter(|c| c.org_id == org)
            .cloned())
    }

    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError> {
        let email = email.normalised();
        Ok(self
            .state()
            .contacts
            .values()
            .find(|c| c.org_id == org && c.email.normalised() == email)
            .cloned())
    }

    async fn find_by_email_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<Contact>, RepositoryError> {
        check_uow(uow)?;
        self.find_by_email(org, email).await
    }

    async fn unsubscribe_case(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        self.state().unsubscribed_cases.insert((org, contact, case));
        Ok(())
    }

    async fn unsubscribe_all(
        &self,
        org: OrgId,
        contact: ContactId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        if let Some(stored) = self
            .state()
            .contacts
            .get_mut(&contact.as_uuid())
            .filter(|c| c.org_id == org)
        {
            stored.unsubscribed_all = true;
        }
        Ok(())
    }

    async fn is_subscribed(
        &self,
        org: OrgId,
        contact: ContactId,
        case: CaseId,
    ) -> Result<bool, RepositoryError> {
        let state = self.state();
        let wants_mail = state
            .contacts
            .get(&contact.as_uuid())
            .is_some_and(|c| c.org_id == org && !c.unsubscribed_all);
        Ok(wants_mail && !state.unsubscribed_cases.contains(&(org, contact, case)))
    }

    async fn search(
        &self,
        org: OrgId,
        text: Option<SearchText>,
        page: PageNumber,
    ) -> Result<Counted<Contact>, RepositoryError> {
        let state = self.state();
        let mut found: Vec<&Contact> = state
            .contacts
            .values()
            .filter(|c| c.org_id == org)
            .filter(|c| {
                text.as_ref().is_none_or(|text| {
                    text.matches(&c.full_name()) || text.matches(c.email.as_str())
                })
            })
            .collect();
        found.sort_by_cached_key(|c| {
            (
                c.last_name.as_str().to_lowercase(),
                c.first_name.as_str().to_lowercase(),
                c.id.as_uuid(),
            )
        });
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
}
