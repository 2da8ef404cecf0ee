//! Sign-ups waiting for their activation link: which registration link each activation
//! link came from, so that activating counts one use of it (the count happens on
//! activation, not on sign-up, so an unconfirmed address uses nothing up). A resent
//! activation link is found through its user ([`PendingSignUpRepository::link_of_user`]).

use frontdesk_kernel::{
    ActionTokenId, ContactUserId, OrgId, RegistrationLinkId, RepositoryError, Uow,
};
use time::OffsetDateTime;

/// An activation link issued by a sign-up through a registration link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingSignUp {
    /// The activation link (a contact user's link id).
    pub activation_id: ActionTokenId,
    /// The organisation.
    pub org_id: OrgId,
    /// The registration link the person signed up with.
    pub link_id: RegistrationLinkId,
    /// When the person signed up.
    pub created_at: OffsetDateTime,
}

/// Stores which registration link each activation link came from.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait PendingSignUpRepository: Send + Sync {
    /// Adds one in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] when the activation id is taken; [`RepositoryError`]
    /// when the store fails.
    async fn insert(&self, uow: &mut Uow, pending: &PendingSignUp) -> Result<(), RepositoryError>;

    /// The registration link the activation link `activation` of `org` came from, if it
    /// came from one.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn link_of(
        &self,
        org: OrgId,
        activation: ActionTokenId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError>;

    /// The registration link contact user `user` of `org` signed up with, if one of the
    /// user's activation links came from one (the latest sign-up's when there are several):
    /// an activation link resent by staff has a new id, and still counts a use of it.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn link_of_user(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError>;
}
