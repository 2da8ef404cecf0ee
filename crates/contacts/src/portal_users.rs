//! Staff's list of portal users (seed 004's "Portal Users" settings): who they are, in which
//! state, found by name or email and by client; and what removing one revoked.

use frontdesk_kernel::{ClientId, ContactUserId, OrgId, Page, PageRequest, RepositoryError, Uow};
use time::OffsetDateTime;

use crate::{ContactUserState, SearchText};

/// The states staff filter portal users by. `Pending` covers both the invited (not yet
/// activated by staff's invitation) and the signed-up-but-not-activated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PortalUserStateFilter {
    /// Invited or waiting for the activation link.
    Pending,
    /// May sign in.
    Active,
    /// Turned off by staff.
    Disabled,
}

impl PortalUserStateFilter {
    /// Parses the wire name (`pending`, `active`, `disabled`).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "active" => Some(Self::Active),
            "disabled" => Some(Self::Disabled),
            _ => None,
        }
    }

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Disabled => "disabled",
        }
    }

    /// The stored states this filter matches.
    pub const fn states(self) -> &'static [ContactUserState] {
        match self {
            Self::Pending => &[ContactUserState::Invited, ContactUserState::Pending],
            Self::Active => &[ContactUserState::Active],
            Self::Disabled => &[ContactUserState::Disabled],
        }
    }
}

/// Which portal users to list. Removed users are never listed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PortalUserQuery {
    /// Only users in this state.
    pub state: Option<PortalUserStateFilter>,
    /// Only users whose name, email or username contains this text (ignoring case).
    pub text: Option<SearchText>,
    /// Only users who belong to this client.
    pub client: Option<ClientId>,
}

/// What removing a portal user revoked, counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RemovalReport {
    /// Open sessions ended.
    pub sessions: u64,
    /// Per-case grants revoked, plus the "all public cases" rule when there was one.
    pub grants: u64,
    /// Links to clients removed (the clients themselves stay).
    pub client_links: u64,
    /// Unused one-time links (invitation, activation, set-password, reset) superseded.
    pub tokens: u64,
}

/// Finds portal users for staff's list (ids only; the service reads each one).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait PortalUserDirectory: Send + Sync {
    /// The ids of `org`'s contact users matching `query`, never removed ones, in id order
    /// (creation order), one page.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn search(
        &self,
        org: OrgId,
        query: &PortalUserQuery,
        page: PageRequest,
    ) -> Result<Page<ContactUserId>, RepositoryError>;

    /// Revokes, in the caller's unit of work, every unrevoked per-case grant of user
    /// `user` of `org` (at `at`, by staff `by`) and deletes its "all public cases" rule;
    /// answers how many grants plus rules it revoked.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn revoke_access(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
        by: frontdesk_kernel::StaffUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError>;
}
