//! In-memory fake of [`PortalUserDirectory`] over an [`InMemoryContactUserStore`] (the
//! accounts, their grants and rules) and an [`InMemoryCasesStore`] (the contacts they are):
//! the same search as the storage adapter — never removed users, state, text in the email,
//! the full name or the username ignoring case, client; id order, pages — and the same
//! revocation. Writes apply at once (no rollback).

use frontdesk_contacts::{
    ContactRepository, ContactUserState, PortalUserDirectory, PortalUserQuery,
};
use frontdesk_kernel::{
    ContactUserId, OrgId, Page, PageRequest, RepositoryError, StaffUserId, Uow,
};
use time::OffsetDateTime;

use crate::fakes::check_uow;
use crate::{InMemoryCasesStore, InMemoryContactUserStore};

/// Staff's portal-users list over the in-memory stores. Clones share the data.
#[derive(Debug, Clone)]
pub struct InMemoryPortalUsers {
    users: InMemoryContactUserStore,
    contacts: InMemoryCasesStore,
}

impl InMemoryPortalUsers {
    /// The directory of `users`, whose contacts are in `contacts`.
    pub fn new(users: &InMemoryContactUserStore, contacts: &InMemoryCasesStore) -> Self {
        Self {
            users: users.clone(),
            contacts: contacts.clone(),
        }
    }
}

#[async_trait::async_trait]
impl PortalUserDirectory for InMemoryPortalUsers {
    async fn search(
        &self,
        org: OrgId,
        query: &PortalUserQuery,
        page: PageRequest,
    ) -> Result<Page<ContactUserId>, RepositoryError> {
        let mut ids = Vec::new();
        for user in self.users.users_of(org) {
            if user.state == ContactUserState::Removed
                || query
                    .state
                    .is_some_and(|state| !state.states().contains(&user.state))
                || query
                    .client
                    .is_some_and(|client| !user.client_ids.contains(&client))
                || page.after.is_some_and(|after| user.id.as_uuid() <= after)
            {
                continue;
            }
            // As the adapter's join: a user whose contact is missing is not listed.
            let Some(contact) =
                ContactRepository::find(&self.contacts, org, user.contact_id).await?
            else {
                continue;
            };
            if let Some(text) = &query.text {
                let text = text.folded();
                let name = format!("{} {}", contact.first_name, contact.last_name);
                if !(contact.email.as_str().to_lowercase().contains(text)
                    || name.to_lowercase().contains(text)
                    || user.username.as_str().to_lowercase().contains(text))
                {
                    continue;
                }
            }
            ids.push(user.id);
            if ids.len() > page.limit as usize {
                break;
            }
        }
        Ok(Page::from_overfetch(ids, page, ContactUserId::as_uuid))
    }

    async fn revoke_access(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        by: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        check_uow(uow)?;
        Ok(self.users.revoke_all_access(org, user, by, at))
    }
}
