//! The kinds of mail Frontdesk sends, and what each template must contain.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A kind of mail. Each has shipped templates in every language and a set of placeholders
/// its templates must keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKind {
    /// A test mail sent by an admin to check delivery.
    Test,
    /// Confirmation to a guest who created a case, with their access link.
    GuestCaseCreated,
    /// A new access link for a guest who asked for one.
    GuestLinkReissued,
    /// Activity on a case, to subscribed contacts.
    CaseNotification,
    /// A message written by staff to a contact.
    ContactMessage,
    /// Login and temporary password for a contact user.
    TemporaryPassword,
    /// A link to choose a new password.
    PasswordReset,
    /// A link to activate an account.
    Activation,
    /// A personal invitation to the portal.
    Invitation,
    /// A public share link to a case.
    ShareLink,
    /// Tells a person their password was just changed (or set), so a change they did not
    /// make does not go unnoticed.
    PasswordChanged,
    /// A registration link an admin sent: the sign-up page of the organisation.
    RegistrationLink,
    /// Tells a person who signed up with an address that already has an account to sign in
    /// or reset their password (the sign-up answers the same either way).
    AccountExists,
}

impl TemplateKind {
    /// Every kind.
    pub const ALL: [Self; 13] = [
        Self::Test,
        Self::GuestCaseCreated,
        Self::GuestLinkReissued,
        Self::CaseNotification,
        Self::ContactMessage,
        Self::TemporaryPassword,
        Self::PasswordReset,
        Self::Activation,
        Self::Invitation,
        Self::ShareLink,
        Self::PasswordChanged,
        Self::RegistrationLink,
        Self::AccountExists,
    ];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Test => "test",
            Self::GuestCaseCreated => "guest_case_created",
            Self::GuestLinkReissued => "guest_link_reissued",
            Self::CaseNotification => "case_notification",
            Self::ContactMessage => "contact_message",
            Self::TemporaryPassword => "temporary_password",
            Self::PasswordReset => "password_reset",
            Self::Activation => "activation",
            Self::Invitation => "invitation",
            Self::ShareLink => "share_link",
            Self::PasswordChanged => "password_changed",
            Self::RegistrationLink => "registration_link",
            Self::AccountExists => "account_exists",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }

    /// Placeholders every template of this kind must contain, in both the HTML and the text
    /// body (the subject may use them too). Without them the mail cannot do its job.
    pub const fn required_placeholders(self) -> &'static [&'static str] {
        match self {
            Self::Test | Self::ContactMessage | Self::PasswordChanged => &[],
            Self::GuestCaseCreated | Self::GuestLinkReissued => &["case_url"],
            Self::CaseNotification => &["case_url", "unsubscribe_url"],
            Self::TemporaryPassword => &["login", "temporary_password"],
            Self::PasswordReset | Self::Activation => &["action_url"],
            Self::Invitation => &["invitation_url"],
            Self::ShareLink => &["share_url"],
            Self::RegistrationLink => &["registration_url"],
            Self::AccountExists => &["login_url"],
        }
    }

    /// Every placeholder the shipped templates of this kind may use, with sample values for
    /// previews.
    pub fn sample_data(self) -> serde_json::Value {
        let mut data = serde_json::json!({
            "company_name": "Acme Ltd",
            "organisation_name": "Acme Ltd",
            "recipient_name": "Jane Doe",
            "name": "Jane Doe",
        });
        let extra = match self {
            Self::Test => serde_json::json!({}),
            Self::GuestCaseCreated | Self::GuestLinkReissued => serde_json::json!({
                "case_number": "C-1042", "case_title": "Broken heating", "case_url": "https://desk.example/g/fdg_sample",
            }),
            Self::CaseNotification => serde_json::json!({
                "case_number": "C-1042", "case_title": "Broken heating", "case_url": "https://desk.example/g/fdg_sample",
                "activity": "Status changed from New to Open", "unsubscribe_url": "https://desk.example/u/fdu_sample",
            }),
            Self::ContactMessage => serde_json::json!({
                "sender_name": "Sam Agent", "subject": "Your visit", "message": "We will visit on Tuesday.",
            }),
            Self::TemporaryPassword => serde_json::json!({
                "login": "jane.doe", "temporary_password": "Tmp-4821-kite", "login_url": "https://desk.example/portal/login",
            }),
            Self::PasswordReset | Self::Activation => serde_json::json!({
                "action_url": "https://desk.example/a/fda_sample", "expires_at": "2026-01-02 10:00 UTC",
            }),
            Self::Invitation => serde_json::json!({
                "invitation_url": "https://desk.example/r/fdr_sample", "inviter_name": "Sam Agent", "expires_at": "2026-01-08 10:00 UTC",
            }),
            Self::PasswordChanged => serde_json::json!({
                "login": "jane.doe", "changed_at": "2026-01-02 10:00 UTC", "login_url": "https://desk.example/o/acme/login",
            }),
            Self::RegistrationLink => serde_json::json!({
                "registration_url": "https://desk.example/r/fdr_sample", "expires_at": "2026-01-15 10:00 UTC", "role": "client",
            }),
            Self::AccountExists => serde_json::json!({
                "login": "jane.doe", "login_url": "https://desk.example/o/acme/login",
                "forgot_url": "https://desk.example/o/acme/forgot",
            }),
            Self::ShareLink => serde_json::json!({
                "share_url": "https://desk.example/s/fds_sample", "case_number": "C-1042", "case_title": "Broken heating",
                "sender_name": "Sam Agent", "message": "Here is the case we discussed.", "expires_at": "2026-01-08 10:00 UTC",
            }),
        };
        if let (Some(data), serde_json::Value::Object(extra)) = (data.as_object_mut(), extra) {
            data.extend(extra);
        }
        data
    }

    /// Whether mail of this kind is a notification people can unsubscribe from (it then
    /// carries `List-Unsubscribe` and `List-Unsubscribe-Post` headers).
    pub const fn is_notification(self) -> bool {
        matches!(self, Self::CaseNotification)
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_samples_cover_required_placeholders() {
        for kind in TemplateKind::ALL {
            assert_eq!(TemplateKind::parse(kind.as_str()), Some(kind));
            let sample = kind.sample_data();
            for placeholder in kind.required_placeholders() {
                assert!(
                    sample.get(placeholder).is_some(),
                    "{kind}: sample lacks {placeholder}"
                );
            }
        }
        assert_eq!(TemplateKind::parse("nope"), None);
        assert!(TemplateKind::CaseNotification.is_notification());
        assert!(!TemplateKind::ShareLink.is_notification());
    }
}
