//! Access grants of contact users to cases: one case at a time with a role, or the standing
//! rule "all public cases of the user's clients".
//!
//! The access domain cannot read cases (the cases domain depends on it), so what it needs
//! to know about a case comes in as a value, [`CaseFacts`].

use std::fmt;

use frontdesk_kernel::{AccessGrantId, CaseId, ClientId, ContactUserId, OrgId, StaffUserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// What a contact user may do on a case granted to them.
///
/// Viewers read the case and its public timeline and comment publicly (seed 001: the
/// interface "resembles any other `WorkBook`, only with limited access"); editors may also
/// change it where the form's guest-edit status rules allow (the cases domain applies those
/// rules on top of [`crate::decide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    /// Read and comment publicly.
    Viewer,
    /// Read, comment and edit where the form's status rules allow.
    Editor,
}

impl CaseRole {
    /// Both roles, weakest first.
    pub const ALL: [Self; 2] = [Self::Viewer, Self::Editor];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.as_str() == raw)
    }
}

impl fmt::Display for CaseRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One contact user's access to one case. Revoking keeps the record (who and when), so the
/// trail of who could see a case survives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessGrant {
    /// Its id.
    pub id: AccessGrantId,
    /// The organisation of the case and the user.
    pub org_id: OrgId,
    /// Who is granted.
    pub contact_user_id: ContactUserId,
    /// Which case.
    pub case_id: CaseId,
    /// With which rights.
    pub role: CaseRole,
    /// The staff member who granted it.
    pub granted_by: StaffUserId,
    /// When.
    pub granted_at: OffsetDateTime,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
    /// Who revoked it.
    pub revoked_by: Option<StaffUserId>,
}

impl AccessGrant {
    /// Whether the grant still counts (not revoked).
    pub const fn is_active(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// The standing rule "all public cases of the user's clients" — open ones, closed ones or
/// both. Evaluated when a case is read, so it covers cases made public after it was set.
/// A rule with both flags off is never stored: setting it so removes the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicCasesRule {
    /// The organisation.
    pub org_id: OrgId,
    /// Whose rule.
    pub contact_user_id: ContactUserId,
    /// Covers public cases that are not closed.
    pub open: bool,
    /// Covers public cases that are closed (resolved or closed).
    pub closed: bool,
    /// The staff member who last set it.
    pub set_by: StaffUserId,
    /// When it was last set.
    pub set_at: OffsetDateTime,
}

impl PublicCasesRule {
    /// Whether the rule covers a public case of one of the user's clients that is `open`
    /// (or, when false, closed).
    pub const fn covers(&self, open: bool) -> bool {
        if open { self.open } else { self.closed }
    }
}

/// What the access decision needs to know about a case, as the cases domain reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    /// The case's organisation.
    pub org_id: OrgId,
    /// The case.
    pub case_id: CaseId,
    /// The client the case belongs to, if any.
    pub client_id: Option<ClientId>,
    /// Whether staff marked it public (visible to the client's contact users under a
    /// [`PublicCasesRule`]).
    pub public: bool,
    /// Whether it is still open (not resolved or closed).
    pub open: bool,
}

/// Which grants to list, by the state of their case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatusFilter {
    /// Grants to cases still open.
    Open,
    /// Grants to closed (or resolved) cases.
    Closed,
}

impl CaseStatusFilter {
    /// Whether a case that is `open` passes the filter.
    pub const fn admits(self, open: bool) -> bool {
        match self {
            Self::Open => open,
            Self::Closed => !open,
        }
    }
}

/// The audit actions of grants and rules.
pub mod actions {
    use crate::AuditAction;

    /// A contact user was granted a case.
    pub const GRANT_CREATED: AuditAction = AuditAction::new("access_grant.created");
    /// A grant was revoked.
    pub const GRANT_REVOKED: AuditAction = AuditAction::new("access_grant.revoked");
    /// A contact user's "all public cases" rule was set or removed.
    pub const PUBLIC_CASES_RULE_SET: AuditAction = AuditAction::new("public_cases_rule.set");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_and_rules_cover_what_they_say() {
        for role in CaseRole::ALL {
            assert_eq!(CaseRole::parse(role.as_str()), Some(role));
        }
        assert_eq!(CaseRole::parse("owner"), None);
        assert!(CaseStatusFilter::Open.admits(true));
        assert!(!CaseStatusFilter::Open.admits(false));
        assert!(CaseStatusFilter::Closed.admits(false));
    }
}
