//! Audit events: who did what to whom, and when.
//!
//! The vocabulary of actions is open: each domain names the actions of its own use cases as
//! [`AuditAction`] constants (the access ones are associated constants here; sharing defines
//! its share-link actions in its own crate), and the stored name is the constant's text.
//! Events read back from the trail carry whatever name was stored
//! ([`AuditAction::from_stored`]), so actions this build does not define still show.

use std::borrow::Cow;
use std::fmt;

use frontdesk_kernel::{AuditEventId, OrgId, StaffUserId};
use time::OffsetDateTime;

/// What happened, by its stored name (`organisation.created`, `share_link.revoked`, …).
/// Compared by name, whether it is a constant or was read from storage.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuditAction(Cow<'static, str>);

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
    /// A staff user chose their own language (or went back to the organisation's).
    pub const STAFF_LANGUAGE_CHANGED: Self = Self::new("staff_user.language_changed");

    /// The action stored as `name` (`<subject>.<past tense>`, lower-case). Each domain
    /// defines its actions once, as constants.
    pub const fn new(name: &'static str) -> Self {
        Self(Cow::Borrowed(name))
    }

    /// The action whose stored name is `name`, as read back from the audit trail. It need
    /// not be one this build defines (an older or newer one may have written it).
    pub fn from_stored(name: impl Into<String>) -> Self {
        Self(Cow::Owned(name.into()))
    }

    /// The stored name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
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

/// Which audit events to read. Every criterion left `None` matches every event; the time
/// window is half-open, `from` included and `to` excluded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only events done by this staff user.
    pub actor: Option<StaffUserId>,
    /// Only events with this stored action name (`share_link.created`, …).
    pub action: Option<String>,
    /// Only events at or after this instant.
    pub from: Option<OffsetDateTime>,
    /// Only events strictly before this instant.
    pub to: Option<OffsetDateTime>,
}

impl AuditFilter {
    /// Whether `event` meets every criterion (its organisation is not looked at: callers
    /// scope by organisation first).
    pub fn matches(&self, event: &AuditEvent) -> bool {
        self.actor.is_none_or(|actor| event.actor == Some(actor))
            && self
                .action
                .as_deref()
                .is_none_or(|action| event.action.as_str() == action)
            && self.from.is_none_or(|from| event.at >= from)
            && self.to.is_none_or(|to| event.at < to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_do_not_change() {
        let actions = [
            AuditAction::ORGANISATION_CREATED,
            AuditAction::STAFF_USER_CREATED,
            AuditAction::STAFF_USER_CHANGED,
            AuditAction::API_TOKEN_CREATED,
            AuditAction::API_TOKEN_REVOKED,
            AuditAction::PASSWORD_CHANGED,
            AuditAction::SIGNED_IN,
            AuditAction::SIGN_IN_FAILED,
            AuditAction::SIGNED_OUT,
            AuditAction::STAFF_LANGUAGE_CHANGED,
        ];
        let names: Vec<&str> = actions.iter().map(AuditAction::as_str).collect();
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
                "staff_user.language_changed",
            ]
        );
    }

    #[test]
    fn a_stored_name_equals_the_constant_it_was_written_from() {
        let stored = AuditAction::from_stored(AuditAction::SIGNED_IN.as_str().to_owned());
        assert_eq!(stored, AuditAction::SIGNED_IN);
        assert_eq!(stored.to_string(), "session.signed_in");
        assert_ne!(AuditAction::from_stored("session.signed_out"), stored);
    }

    fn event(actor: Option<StaffUserId>, action: AuditAction, at: OffsetDateTime) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
            org_id: None,
            actor,
            action,
            subject: None,
            detail: String::new(),
            at,
        }
    }

    #[test]
    fn a_filter_matches_every_criterion_and_a_half_open_window() {
        let t = time::macros::datetime!(2026-05-01 12:00 UTC);
        let someone = StaffUserId::from_uuid(frontdesk_kernel::Uuid::now_v7());
        let e = event(Some(someone), AuditAction::SIGNED_IN, t);
        assert!(AuditFilter::default().matches(&e));
        let window = AuditFilter {
            from: Some(t),
            to: Some(t + time::Duration::microseconds(1)),
            ..AuditFilter::default()
        };
        assert!(window.matches(&e), "from is included");
        let ends_at_t = AuditFilter {
            to: Some(t),
            ..AuditFilter::default()
        };
        assert!(!ends_at_t.matches(&e), "to is excluded");
        let by_other = AuditFilter {
            actor: Some(StaffUserId::from_uuid(frontdesk_kernel::Uuid::now_v7())),
            ..AuditFilter::default()
        };
        assert!(!by_other.matches(&e));
        assert!(!by_other.matches(&event(None, AuditAction::SIGNED_IN, t)));
        let of_action = AuditFilter {
            actor: Some(someone),
            action: Some("session.signed_in".into()),
            ..AuditFilter::default()
        };
        assert!(of_action.matches(&e));
        assert!(!of_action.matches(&event(Some(someone), AuditAction::SIGNED_OUT, t)));
    }
}
