//! Ports of the sharing domain.

use frontdesk_access::Profile;
use frontdesk_kernel::{CaseId, FormId, OrgId, RepositoryError, ShareLinkId, TokenDigest, Uow};
use time::OffsetDateTime;

use crate::{ShareLink, ShareView};

/// Stores share links and their views (digests only).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ShareLinkRepository: Send + Sync {
    /// Adds a link.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, link: &ShareLink) -> Result<(), RepositoryError>;

    /// The link with this digest, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ShareLink>, RepositoryError>;

    /// The link `id` of `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: ShareLinkId)
    -> Result<Option<ShareLink>, RepositoryError>;

    /// The links of a case, newest first.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list_for_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ShareLink>, RepositoryError>;

    /// Revokes a link unless it already is; says whether it changed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn revoke(
        &self,
        org: OrgId,
        id: ShareLinkId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// Counts one view atomically — only if the link has views left (`views < max_views`,
    /// or no maximum), is not revoked and has not expired at `view.viewed_at` — and logs it. Returns whether the view was counted; concurrent calls
    /// never count more than the maximum.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn record_view(
        &self,
        link: &ShareLink,
        view: &ShareView,
    ) -> Result<bool, RepositoryError>;

    /// The logged views of a link of `org`, oldest first.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn views(&self, org: OrgId, id: ShareLinkId) -> Result<Vec<ShareView>, RepositoryError>;

    /// How many of `org`'s links are open at `now`, by the rule of [`ShareLink::is_open`]:
    /// not revoked, `now` before their expiry, and views left when they have a maximum.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_active(&self, org: OrgId, now: OffsetDateTime) -> Result<u64, RepositoryError>;
}

/// Per-form, per-profile permission to share cases publicly.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait SharePermissionRepository: Send + Sync {
    /// The explicit setting for `profile` on `form`, if one was saved.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn setting(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
    ) -> Result<Option<bool>, RepositoryError>;

    /// Saves the setting for `profile` on `form`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn set(
        &self,
        org: OrgId,
        form: FormId,
        profile: Profile,
        allowed: bool,
    ) -> Result<(), RepositoryError>;
}
