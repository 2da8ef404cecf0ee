//! Audit events: who did what to whom, and when.

use frontdesk_kernel::{AuditEventId, OrgId, StaffUserId};
use time::OffsetDateTime;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// An organisation was created.
    OrganisationCreated,
    /// A staff user was created.
    StaffUserCreated,
    /// A staff user's profiles or disabled flag changed.
    StaffUserChanged,
    /// An API token was issued.
    ApiTokenCreated,
    /// An API token was revoked.
    ApiTokenRevoked,
    /// A password was set or changed.
    PasswordChanged,
    /// A staff user signed in.
    SignedIn,
    /// A sign-in failed.
    SignInFailed,
    /// A staff user signed out.
    SignedOut,
    /// A public share link to a case was created.
    ShareLinkCreated,
    /// A public share link was revoked.
    ShareLinkRevoked,
    /// A public share link was mailed to someone.
    ShareLinkMailed,
}

impl AuditAction {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OrganisationCreated => "organisation.created",
            Self::StaffUserCreated => "staff_user.created",
            Self::StaffUserChanged => "staff_user.changed",
            Self::ApiTokenCreated => "api_token.created",
            Self::ApiTokenRevoked => "api_token.revoked",
            Self::PasswordChanged => "password.changed",
            Self::SignedIn => "session.signed_in",
            Self::SignInFailed => "session.sign_in_failed",
            Self::SignedOut => "session.signed_out",
            Self::ShareLinkCreated => "share_link.created",
            Self::ShareLinkRevoked => "share_link.revoked",
            Self::ShareLinkMailed => "share_link.mailed",
        }
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
