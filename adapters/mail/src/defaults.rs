//! The shipped templates, embedded at build time from `templates/<kind>/<lang>/`.

use frontdesk_kernel::Language;
use frontdesk_messaging::TemplateKind;

/// The three sources of one shipped template.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DefaultSources {
    pub subject: &'static str,
    pub html: &'static str,
    pub text: &'static str,
}

macro_rules! sources {
    ($kind:literal, $lang:literal) => {
        DefaultSources {
            subject: include_str!(concat!("../templates/", $kind, "/", $lang, "/subject.hbs")),
            html: include_str!(concat!("../templates/", $kind, "/", $lang, "/html.hbs")),
            text: include_str!(concat!("../templates/", $kind, "/", $lang, "/text.hbs")),
        }
    };
}

/// The shipped sources of `kind` in `language`.
pub(crate) const fn sources(kind: TemplateKind, language: Language) -> DefaultSources {
    use Language::{En, Fr};
    use TemplateKind as K;
    match (kind, language) {
        (K::Test, En) => sources!("test", "en"),
        (K::Test, Fr) => sources!("test", "fr"),
        (K::GuestCaseCreated, En) => sources!("guest_case_created", "en"),
        (K::GuestCaseCreated, Fr) => sources!("guest_case_created", "fr"),
        (K::GuestLinkReissued, En) => sources!("guest_link_reissued", "en"),
        (K::GuestLinkReissued, Fr) => sources!("guest_link_reissued", "fr"),
        (K::CaseNotification, En) => sources!("case_notification", "en"),
        (K::CaseNotification, Fr) => sources!("case_notification", "fr"),
        (K::ContactMessage, En) => sources!("contact_message", "en"),
        (K::ContactMessage, Fr) => sources!("contact_message", "fr"),
        (K::TemporaryPassword, En) => sources!("temporary_password", "en"),
        (K::TemporaryPassword, Fr) => sources!("temporary_password", "fr"),
        (K::PasswordReset, En) => sources!("password_reset", "en"),
        (K::PasswordReset, Fr) => sources!("password_reset", "fr"),
        (K::Activation, En) => sources!("activation", "en"),
        (K::Activation, Fr) => sources!("activation", "fr"),
        (K::Invitation, En) => sources!("invitation", "en"),
        (K::Invitation, Fr) => sources!("invitation", "fr"),
        (K::ShareLink, En) => sources!("share_link", "en"),
        (K::ShareLink, Fr) => sources!("share_link", "fr"),
        (K::PasswordChanged, En) => sources!("password_changed", "en"),
        (K::PasswordChanged, Fr) => sources!("password_changed", "fr"),
        (K::RegistrationLink, En) => sources!("registration_link", "en"),
        (K::RegistrationLink, Fr) => sources!("registration_link", "fr"),
        (K::AccountExists, En) => sources!("account_exists", "en"),
        (K::AccountExists, Fr) => sources!("account_exists", "fr"),
    }
}
