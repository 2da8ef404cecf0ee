//! "Forgot your password?" for staff (`/staff/forgot`): a one-time reset link for an enabled
//! staff user, and the same answer whether or not one exists.
//!
//! The access crate queues no mail: the use case returns the link, and the caller puts the
//! `password_reset` mail in the outbox right after, in a unit of work of its own.

use std::net::IpAddr;

use frontdesk_kernel::{EmailAddress, RepositoryError, ip_rate_key};
use time::OffsetDateTime;

use super::{AccessService, IssuedLink, ip_detail};
use crate::{
    ActionPurpose, AuditAction, OrgSlug, Organisation, StaffUser, ThrottleDecision, ThrottlePolicy,
};

/// The audit action of a staff password-reset request that issued a link.
pub const STAFF_PASSWORD_RESET_REQUESTED: AuditAction =
    AuditAction::new("staff_user.password_reset_requested");

/// The prefix of the per-address throttle key (see [`ip_rate_key`]).
const IP_KEY_PREFIX: &str = "staff-reset-ip";

/// A staff reset request as the person typed it.
#[derive(Debug, Clone)]
pub struct RequestStaffPasswordReset {
    /// The organisation's slug, as typed.
    pub organisation: String,
    /// The staff user's address, as typed.
    pub email: String,
    /// The client's address, for the per-address throttle.
    pub client_ip: Option<IpAddr>,
}

/// A reset link issued for an enabled staff user: what the caller needs to mail it.
#[derive(Debug)]
pub struct StaffPasswordReset {
    /// The link (its secret URL and expiry); the only copy.
    pub link: IssuedLink,
    /// Whom it is for.
    pub user: StaffUser,
    /// Their organisation.
    pub organisation: Organisation,
}

/// Why a staff reset request was refused. Nothing here says whether the account exists.
#[derive(Debug, thiserror::Error)]
pub enum RequestStaffPasswordResetError {
    /// Too many requests from this address recently.
    #[error("too many requests; try again in {retry_after_seconds} seconds")]
    Throttled {
        /// Seconds until another request is accepted.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// Issues a `{base}/a/fda_…` password-reset link (the organisation's password-reset
    /// lifetime, 1 h by default) for the enabled staff user `email` names in the
    /// organisation, audits it and commits, then returns it so the caller can mail it.
    /// Answers `Ok(None)` for an unknown organisation, an unknown address or a disabled
    /// user, so the caller's answer can be the same whatever happened. Every request counts
    /// against the client's address ([`ThrottlePolicy::PER_IP`], key `staff-reset-ip:…`).
    /// Older unused reset links stay valid until they expire or one of them is used: the
    /// link store has no way to supersede them.
    ///
    /// # Errors
    /// See [`RequestStaffPasswordResetError`].
    pub async fn request_password_reset(
        &self,
        request: RequestStaffPasswordReset,
    ) -> Result<Option<StaffPasswordReset>, RequestStaffPasswordResetError> {
        let now = self.now();
        if let Some(key) = request.client_ip.map(|ip| ip_rate_key(IP_KEY_PREFIX, ip)) {
            self.count_reset_request(&key, now).await?;
        }
        let (Ok(slug), Ok(email)) = (
            OrgSlug::parse(request.organisation.trim()),
            EmailAddress::parse(request.email.trim()),
        ) else {
            return Ok(None);
        };
        let Some(organisation) = self.ports.organisations.find_by_slug(&slug).await? else {
            return Ok(None);
        };
        let Some(user) = self
            .ports
            .staff
            .find_by_email(organisation.id, &email)
            .await?
            .filter(|user| !user.disabled)
        else {
            return Ok(None);
        };
        let mut uow = self.begin().await?;
        let link = self
            .issue_action_link(
                uow.as_mut(),
                &organisation,
                user.id,
                ActionPurpose::PasswordReset,
            )
            .await?;
        let event = self.event(
            Some(organisation.id),
            None,
            STAFF_PASSWORD_RESET_REQUESTED,
            Some(user.id.to_string()),
            ip_detail(request.client_ip),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(Some(StaffPasswordReset {
            link,
            user,
            organisation,
        }))
    }

    /// Refuses the request when `key` is over the per-address limit; otherwise counts it.
    async fn count_reset_request(
        &self,
        key: &str,
        now: OffsetDateTime,
    ) -> Result<(), RequestStaffPasswordResetError> {
        let policy = ThrottlePolicy::PER_IP;
        let earlier = self
            .ports
            .attempts
            .failures_since(key, policy.window_start(now))
            .await?;
        if let ThrottleDecision::Refuse {
            retry_after_seconds,
        } = policy.decide(now, &earlier)
        {
            return Err(RequestStaffPasswordResetError::Throttled {
                retry_after_seconds,
            });
        }
        self.ports.attempts.record_failure(key, now).await?;
        Ok(())
    }
}
