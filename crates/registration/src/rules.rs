//! The pure rules of registration links: how long a link lives, which links are bounded
//! enough, what a staff sign-up may get and when a link is usable. No ports, no time of
//! their own, no randomness — so each rule can be property-tested with any instant.

use frontdesk_access::{LifetimeError, LifetimeKind, Profile, TokenLifetimePolicy};
use frontdesk_kernel::EmailAddress;
use time::OffsetDateTime;

use crate::{AllowedDomains, RegistrationLink, RegistrationRole};

/// The only profile a staff sign-up gets: `agent`. Never an administrator.
pub const STAFF_SIGN_UP_PROFILE: Profile = Profile::Agent;

/// When a link created at `now` expires: at `requested` when given and within the
/// organisation's maximum for registration links, else after its default (14 days unless
/// the organisation chose otherwise).
///
/// # Errors
/// [`LifetimeError`] when `requested` is not after `now` or beyond the maximum.
pub fn link_expiry(
    policy: &TokenLifetimePolicy,
    now: OffsetDateTime,
    requested: Option<OffsetDateTime>,
) -> Result<OffsetDateTime, LifetimeError> {
    policy.expiry(LifetimeKind::RegistrationLink, now, requested)
}

/// Why a link's limits are refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum LinkBoundsError {
    /// `max_uses` is 0.
    #[error("max_uses must be at least 1")]
    NoUses,
    /// A staff link without allowed domains nor a use limit: anyone could become staff.
    #[error("a staff link must set allowed_domains or max_uses")]
    StaffUnbounded,
}

/// Whether a link of `role` with these limits may exist: `max_uses` is at least 1 when set,
/// and a staff link sets allowed domains or a use limit.
///
/// # Errors
/// See [`LinkBoundsError`].
pub fn check_bounds(
    role: RegistrationRole,
    allowed_domains: Option<&AllowedDomains>,
    max_uses: Option<u32>,
) -> Result<(), LinkBoundsError> {
    if max_uses == Some(0) {
        return Err(LinkBoundsError::NoUses);
    }
    if role == RegistrationRole::Staff && allowed_domains.is_none() && max_uses.is_none() {
        return Err(LinkBoundsError::StaffUnbounded);
    }
    Ok(())
}

/// Why a link cannot be used for a sign-up now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedReason {
    /// The organisation's registration switch is off.
    RegistrationOff,
    /// The link was revoked.
    Revoked,
    /// The link's expiry has passed.
    Expired,
    /// Every allowed use is counted.
    UsedUp,
}

/// Whether a link lets someone sign up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usability {
    /// It does (for the address given, when one was).
    Usable,
    /// It lets nobody sign up.
    Closed(ClosedReason),
    /// It works, but not for this address's domain.
    DomainNotAllowed,
}

/// Whether `link` lets someone sign up at `now` while the organisation's switch is
/// `registration_enabled`, with `email` when known: not revoked, `now` before its expiry,
/// uses left, registration on, and — when the link lists domains and an address is given —
/// the address's exact domain among them. Closed reasons come first, in the order of
/// [`ClosedReason`].
pub fn usability(
    link: &RegistrationLink,
    registration_enabled: bool,
    email: Option<&EmailAddress>,
    now: OffsetDateTime,
) -> Usability {
    if !registration_enabled {
        return Usability::Closed(ClosedReason::RegistrationOff);
    }
    if link.revoked_at.is_some() {
        return Usability::Closed(ClosedReason::Revoked);
    }
    if now >= link.expires_at {
        return Usability::Closed(ClosedReason::Expired);
    }
    if link.max_uses.is_some_and(|max| link.uses >= max) {
        return Usability::Closed(ClosedReason::UsedUp);
    }
    match (email, &link.allowed_domains) {
        (Some(email), Some(domains)) if !domains.allows(email) => Usability::DomainNotAllowed,
        _ => Usability::Usable,
    }
}

impl RegistrationLink {
    /// Whether the link still lets anyone sign up at `now`, switch aside (not revoked, not
    /// expired, uses left).
    pub fn is_open(&self, now: OffsetDateTime) -> bool {
        usability(self, true, None, now) == Usability::Usable
    }
}
