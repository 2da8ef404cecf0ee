//! Audit events: who did what to whom, and when.
//!
//! The vocabulary of actions is open: each domain names the actions of its own use cases as
//! [`AuditAction`] constants (the access ones are associated constants here; sharing defines
//! its share-link actions in its own crate), and the stored name is the constant's text.

use std::fmt;

use frontdesk_kernel::{AuditEventId, OrgId, StaffUserId};
use time::OffsetDateTime;

/// What happened, by its stored name (`organisation.created`, `share_link.revoked`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuditAction(&'static str);

impl AuditAction {
    /// An organisation was created.
    pub const ORGANISATION_CREATED: Self = Self::new("organisation.created");
    /// A staff user was created.
    pub const STAFF_USER_CREATED: Self = Self::new("staff_user.created");
    /// A staff user's profiles or disabled flag changed.
    pub const STAFF_USER_CHANGED: Self = Self::new("staff_user.changed");
    /// An API token was issued.
    pub const API_TOKEN_CREATED: Self = Self::new("api_token.created");
    /// An API token was revoked.
    pub const API_TOKEN_REVOKED: Self = Self::new("api_token.revoked");
    /// A password was set or changed.
    pub const PASSWORD_CHANGED: Self = Self::new("password.changed");
    /// A staff user signed in.
    pub const SIGNED_IN: Self = Self::new("session.signed_in");
    /// A sign-in failed.
    pub const SIGN_IN_FAILED: Self = Self::new("session.sign_in_failed");
    /// A staff user signed out.
    pub const SIGNED_OUT: Self = Self::new("session.signed_out");

    /// The action stored as `name` (`<subject>.<past tense>`, lower-case). Each domain
    /// defines its actions once, as constants.
    pub const fn new(name: &'static str) -> Self {
        Self(name)
    }

    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// One audit record. `detail` never holds secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Its id.
    pub id: AuditEventId,
    /// The organisation, when known.
    pub org_id: Option<OrgId>,
    /// The staff user who acted, when known.
    pub actor: Option<StaffUserId>,
    /// What happened.
    pub action: AuditAction,
    /// The id of the record acted on, if any.
    pub subject: Option<String>,
    /// Extra facts (e.g. the profiles granted), never secrets.
    pub detail: String,
    /// When.
    pub at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_do_not_change() {
        let names: Vec<&str> = [
            AuditAction::ORGANISATION_CREATED,
            AuditAction::STAFF_USER_CREATED,
            AuditAction::STAFF_USER_CHANGED,
            AuditAction::API_TOKEN_CREATED,
            AuditAction::API_TOKEN_REVOKED,
            AuditAction::PASSWORD_CHANGED,
            AuditAction::SIGNED_IN,
            AuditAction::SIGN_IN_FAILED,
            AuditAction::SIGNED_OUT,
        ]
        .into_iter()
        .map(AuditAction::as_str)
        .collect();
        assert_eq!(
            names,
            [
                "organisation.created",
                "staff_user.created",
                "staff_user.changed",
                "api_token.created",
                "api_token.revoked",
                "password.changed",
                "session.signed_in",
                "session.sign_in_failed",
                "session.signed_out",
            ]
        );
    }
}
