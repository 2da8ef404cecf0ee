//! Ports of the registration domain.

use frontdesk_kernel::{
    OrgId, Page, PageRequest, RegistrationLinkId, RepositoryError, TokenDigest, Uow,
};
use time::OffsetDateTime;

use crate::{RegistrationLink, RegistrationUse};

/// Stores registration links (digests only) and their uses.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait RegistrationLinkRepository: Send + Sync {
    /// Adds a link in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] when the id or digest is taken; [`RepositoryError`]
    /// when the store fails.
    async fn insert(&self, uow: &mut Uow, link: &RegistrationLink) -> Result<(), RepositoryError>;

    /// The link `id` of `org`, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
    ) -> Result<Option<RegistrationLink>, RepositoryError>;

    /// The link with this digest, in any organisation, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<RegistrationLink>, RepositoryError>;

    /// A page of `org`'s links, oldest first (by id).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<RegistrationLink>, RepositoryError>;

    /// Revokes a link of `org` at `at` unless it already is; says whether it changed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn revoke(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// Counts one use of `link` in the caller's unit of work — only while it is not revoked,
    /// `used.at` is before its expiry and it has uses left (`uses < max_uses`, or no maximum)
    /// — and logs it. Returns whether the use was counted; concurrent calls never count past
    /// the maximum. The organisation's switch and the address's domain are the caller's
    /// rules, checked before.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn record_use(
        &self,
        uow: &mut Uow,
        link: &RegistrationLink,
        used: &RegistrationUse,
    ) -> Result<bool, RepositoryError>;

    /// The counted uses of a link of `org`, oldest first.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list_uses(
        &self,
        org: OrgId,
        id: RegistrationLinkId,
    ) -> Result<Vec<RegistrationUse>, RepositoryError>;
}
