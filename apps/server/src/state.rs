//! What every handler can reach.

use std::sync::Arc;

use frontdesk_access::AccessService;
use frontdesk_kernel::CaptchaVerifier;
use frontdesk_messaging::MessagingService;
use frontdesk_storage::Database;

/// Shared application state: one pointer, so handing it to a handler costs one reference
/// count, not one per service port.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    /// State over `services`.
    pub fn new(services: Services) -> Self {
        Self(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// What every handler can reach.
pub struct Services {
    /// Access use cases.
    pub access: AccessService,
    /// Case, form and guest use cases.
    pub cases: frontdesk_cases::CasesService,
    /// Contact use cases.
    pub contacts: frontdesk_contacts::ContactsService,
    /// Contact-user use cases (create, change, send a password).
    pub contact_users: frontdesk_contacts::ContactUsersService,
    /// Contact users' grants, public-cases rules and the access decision's reads.
    pub grants: frontdesk_access::GrantsService,
    /// The customer portal's settings (mode, title, colour, logo, forms).
    pub portal: frontdesk_access::PortalService,
    /// The sites allowed to embed the organisation's forms (the widget's CSP and CORS).
    pub embed: frontdesk_access::EmbedService,
    /// Share-link use cases.
    pub sharing: frontdesk_sharing::SharingService,
    /// Registration-link use cases.
    pub registration: frontdesk_registration::RegistrationService,
    /// Sign-up and activation use cases (registration links, the public portal).
    pub sign_up: frontdesk_registration::SignUpService,
    /// Mail use cases.
    pub messaging: MessagingService,
    /// Text messages (the bundled sender only logs; see `frontdesk_messaging::sms` for the
    /// hook).
    pub sms: Arc<dyn frontdesk_messaging::SmsSender>,
    /// The security check on public writes.
    pub captcha: Arc<dyn CaptchaVerifier>,
    /// The database, for readiness checks.
    pub database: Database,
    /// Cookie names and flags for this deployment.
    pub cookies: Arc<CookiePolicy>,
    /// How many proxies in front append to `X-Forwarded-For` (0: the socket peer only).
    pub trusted_proxies: usize,
}

/// How cookies are named and flagged: `__Host-` names with `Secure` when the public base URL
/// is https, plain names otherwise (browsers refuse `__Host-` cookies without `Secure`).
#[derive(Debug, Clone)]
pub struct CookiePolicy {
    /// Whether the public base URL is https.
    pub secure: bool,
}

impl CookiePolicy {
    /// The staff session cookie name.
    pub fn session_name(&self) -> &'static str {
        if self.secure {
            "__Host-fd_session"
        } else {
            "fd_session"
        }
    }

    /// The contact users' portal session cookie name (`/o/{org}/…`; one organisation's
    /// session is refused by another's pages).
    pub fn portal_session_name(&self) -> &'static str {
        if self.secure {
            "__Host-fd_portal"
        } else {
            "fd_portal"
        }
    }

    /// The pre-session CSRF cookie name (double-submit for sign-in forms).
    pub fn csrf_name(&self) -> &'static str {
        if self.secure {
            "__Host-fd_csrf"
        } else {
            "fd_csrf"
        }
    }

    /// A `Set-Cookie` value for `name=value` (`HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` on
    /// https), living `max_age` seconds or for the browser session when `None`.
    pub fn set(&self, name: &str, value: &str, max_age: Option<i64>) -> String {
        let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if self.secure {
            cookie.push_str("; Secure");
        }
        if let Some(seconds) = max_age {
            cookie.push_str("; Max-Age=");
            cookie.push_str(&seconds.to_string());
        }
        cookie
    }

    /// A `Set-Cookie` value that deletes cookie `name`.
    pub fn clear(&self, name: &str) -> String {
        self.set(name, "", Some(0))
    }
}
