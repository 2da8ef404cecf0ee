//! Contact users' signed-in sessions: the record behind the portal's session cookie.
//!
//! Only the SHA-256 of the secret session id is stored. A session lasts as long as a staff
//! console session ([`frontdesk_access::SessionPolicy`]: idle and absolute timeouts) and ends
//! at sign-out, at a password change, and when the account is disabled or removed.

use frontdesk_access::SessionPolicy;
use frontdesk_kernel::{ContactUserId, OrgId, SessionId, TokenDigest};
use time::OffsetDateTime;

/// A contact user's signed-in session, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUserSession {
    /// Its record id (not the secret).
    pub id: SessionId,
    /// The organisation.
    pub org_id: OrgId,
    /// The signed-in contact user.
    pub contact_user_id: ContactUserId,
    /// SHA-256 of the secret session id held in the cookie.
    pub digest: TokenDigest,
    /// When it started.
    pub created_at: OffsetDateTime,
    /// When it was last used (written back at most once a minute).
    pub last_seen_at: OffsetDateTime,
    /// When it ends whatever the activity.
    pub expires_at: OffsetDateTime,
    /// When it was ended (sign-out, password change, disable, removal), if it was.
    pub ended_at: Option<OffsetDateTime>,
}

impl ContactUserSession {
    /// A new session started at `now`, ending `policy.absolute` later at the latest.
    pub fn start(
        id: SessionId,
        org_id: OrgId,
        contact_user_id: ContactUserId,
        digest: TokenDigest,
        now: OffsetDateTime,
        policy: SessionPolicy,
    ) -> Self {
        Self {
            id,
            org_id,
            contact_user_id,
            digest,
            created_at: now,
            last_seen_at: now,
            expires_at: now + policy.absolute,
            ended_at: None,
        }
    }

    /// Whether it still signs its user in at `now`: not ended, strictly before its absolute
    /// expiry, and used less than `policy.idle` ago.
    pub fn is_live_at(&self, now: OffsetDateTime, policy: SessionPolicy) -> bool {
        self.ended_at.is_none() && now < self.expires_at && now - self.last_seen_at < policy.idle
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use frontdesk_kernel::Uuid;
    use time::Duration;
    use time::macros::datetime;

    #[test]
    fn a_session_stops_at_its_idle_and_absolute_limits_and_when_ended() {
        let now = datetime!(2026-03-01 10:00 UTC);
        let policy = SessionPolicy::default();
        let mut session = ContactUserSession::start(
            SessionId::from_uuid(Uuid::now_v7()),
            OrgId::from_uuid(Uuid::now_v7()),
            ContactUserId::from_uuid(Uuid::now_v7()),
            TokenDigest::from_bytes([7; 32]),
            now,
            policy,
        );
        assert!(session.is_live_at(now, policy));
        assert!(session.is_live_at(now + policy.idle - Duration::seconds(1), policy));
        assert!(!session.is_live_at(now + policy.idle, policy));
        session.last_seen_at = session.expires_at - Duration::seconds(1);
        assert!(session.is_live_at(session.expires_at - Duration::seconds(1), policy));
        assert!(!session.is_live_at(session.expires_at, policy));
        session.ended_at = Some(now);
        assert!(!session.is_live_at(session.last_seen_at, policy));
    }
}
