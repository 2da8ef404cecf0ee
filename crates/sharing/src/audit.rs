//! The audit actions of share links. Their stored names are part of the audit trail's
//! format: never change one.

use frontdesk_access::AuditAction;

/// A public share link to a case was created.
pub const SHARE_LINK_CREATED: AuditAction = AuditAction::new("share_link.created");

/// A public share link was revoked.
pub const SHARE_LINK_REVOKED: AuditAction = AuditAction::new("share_link.revoked");

/// A public share link was mailed to someone.
pub const SHARE_LINK_MAILED: AuditAction = AuditAction::new("share_link.mailed");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_do_not_change() {
        assert_eq!(SHARE_LINK_CREATED.as_str(), "share_link.created");
        assert_eq!(SHARE_LINK_REVOKED.as_str(), "share_link.revoked");
        assert_eq!(SHARE_LINK_MAILED.as_str(), "share_link.mailed");
    }
}
