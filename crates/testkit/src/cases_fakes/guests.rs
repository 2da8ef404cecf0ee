//! Guest capabilities, unsubscribe grants and idempotency keys over [`InMemoryCasesStore`].

use frontdesk_cases::{
    GuestAccess, GuestAccessRepository, IdempotencyRepository, UnsubscribeGrant,
};
use frontdesk_kernel::{CaseId, ContactId, OrgId, RepositoryError, TokenDigest, Uow};
use time::OffsetDateTime;

use super::InMemoryCasesStore;
use crate::fakes::check_uow;

#[async_trait::async_trait]
impl GuestAccessRepository for InMemoryCasesStore {
    async fn insert(&self, uow: &mut Uow, access: &GuestAccess) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.guest_access.iter().any(|a| a.id == access.id) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state.guest_access.iter().any(|a| a.digest == access.digest) {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.guest_access.push(access.clone());
        Ok(())
    }

    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestAccess>, RepositoryError> {
        Ok(self
            .state()
            .guest_access
            .iter()
            .find(|a| &a.digest == digest)
            .cloned())
    }

    async fn open_for_case(
        &self,
        org: OrgId,
        case: CaseId,
        now: OffsetDateTime,
    ) -> Result<Vec<GuestAccess>, RepositoryError> {
        let mut open: Vec<GuestAccess> = self
            .state()
            .guest_access
            .iter()
            .filter(|a| a.org_id == org && a.case_id == case && a.is_usable(now))
            .cloned()
            .collect();
        open.sort_by_key(|a| (a.created_at, a.id.as_uuid()));
        Ok(open)
    }

    async fn revoke_for_case(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: Option<ContactId>,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        check_uow(uow)?;
        let mut revoked = 0;
        for access in self.state().guest_access.iter_mut().filter(|a| {
            a.org_id == org
                && a.case_id == case
                && a.revoked_at.is_none()
                && contact.is_none_or(|contact| a.contact_id == contact)
        }) {
            access.revoked_at = Some(at);
            revoked += 1;
        }
        Ok(revoked)
    }

    async fn insert_unsubscribe(
        &self,
        uow: &mut Uow,
        grant: &UnsubscribeGrant,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .unsubscribe_grants
            .iter()
            .any(|g| g.digest == grant.digest)
        {
            return Err(RepositoryError::Conflict("digest"));
        }
        state.unsubscribe_grants.push(grant.clone());
        Ok(())
    }

    async fn find_unsubscribe(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<UnsubscribeGrant>, RepositoryError> {
        Ok(self
            .state()
            .unsubscribe_grants
            .iter()
            .find(|g| &g.digest == digest)
            .cloned())
    }
}

#[async_trait::async_trait]
impl IdempotencyRepository for InMemoryCasesStore {
    async fn remember(
        &self,
        uow: &mut Uow,
        org: OrgId,
        key: &str,
        request: [u8; 32],
        case: CaseId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let slot = (org, key.to_owned());
        if state.idempotency.contains_key(&slot) {
            return Err(RepositoryError::Conflict("idempotency_key"));
        }
        state.idempotency.insert(slot, (request, case));
        Ok(())
    }

    async fn recall(
        &self,
        org: OrgId,
        key: &str,
    ) -> Result<Option<([u8; 32], CaseId)>, RepositoryError> {
        Ok(self
            .state()
            .idempotency
            .get(&(org, key.to_owned()))
            .copied())
    }
}
