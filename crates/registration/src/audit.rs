//! The audit actions of registration links. Their stored names are part of the audit
//! trail's format: never change one.

use frontdesk_access::AuditAction;

/// A registration link was created.
pub const REGISTRATION_LINK_CREATED: AuditAction = AuditAction::new("registration_link.created");

/// A registration link was revoked.
pub const REGISTRATION_LINK_REVOKED: AuditAction = AuditAction::new("registration_link.revoked");

/// A registration link was mailed to someone.
pub const REGISTRATION_LINK_MAILED: AuditAction = AuditAction::new("registration_link.mailed");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_do_not_change() {
        assert_eq!(
            REGISTRATION_LINK_CREATED.as_str(),
            "registration_link.created"
        );
        assert_eq!(
            REGISTRATION_LINK_REVOKED.as_str(),
            "registration_link.revoked"
        );
        assert_eq!(
            REGISTRATION_LINK_MAILED.as_str(),
            "registration_link.mailed"
        );
    }
}
