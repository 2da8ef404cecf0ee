//! Accounts people make themselves: sign-up through a registration link (`/r/{token}`) or
//! an organisation's public portal (`/o/{org}/signup`), and the activation link
//! (`/a/fda_…`, 24 h) that turns the pending account on, counts the registration link's
//! use, creates the auto-case and signs the person in.
//!
//! | file | use cases |
//! |---|---|
//! | `sign_up.rs` | [`SignUpService::sign_up`] (no enumeration: the same answer whoever signs up) |
//! | `activate.rs` | [`SignUpService::open_activation`], [`SignUpService::activate`] |
//! | `sign_up_staff.rs` | the staff link's branch of [`SignUpService::sign_up`]: a disabled staff user with the agent profile |
//! | `activate_staff.rs` | [`SignUpService::open_staff_activation`], [`SignUpService::activate_staff`] (a console session) |

mod activate;
mod activate_staff;
mod auto_case;
mod sign_up;
mod sign_up_staff;

use std::sync::Arc;

use frontdesk_access::{
    AccessGrantRepository, ActionTokenRepository, AuditLog, OrganisationRepository, SessionPolicy,
    SessionRepository, StaffUserRepository,
};
use frontdesk_cases::{CaseRepository, FormRepository};
use frontdesk_contacts::{
    ContactRepository, ContactUserLinkRepository, ContactUserRepository,
    ContactUserSessionRepository,
};
use frontdesk_kernel::{
    CaptchaVerifier, Clock, IdGenerator, PasswordHasher, PublicLinks, TokenSource,
    TransactionRunner,
};
use frontdesk_messaging::{MailQueue, mail_time};

pub use activate::{ActivateError, Activated, ActivationError, ActivationView};
pub use activate_staff::{ActivateStaffError, StaffActivated, StaffActivationError};
pub use sign_up::{SignUpError, SignUpField, SignUpForm, SignUpVia};

use crate::{PendingSignUpRepository, RegistrationLinkRepository};

/// The audit actions of sign-up.
pub mod actions {
    use frontdesk_access::AuditAction;

    /// A person signed up; the account waits for its activation link.
    pub const SIGNED_UP: AuditAction = AuditAction::new("contact_user.signed_up");
    /// A pending account was activated with its link.
    pub const ACTIVATED: AuditAction = AuditAction::new("contact_user.activated");
    /// A person signed up through a staff link; the staff user waits, disabled, for its
    /// activation link.
    pub const STAFF_SIGNED_UP: AuditAction = AuditAction::new("staff_user.signed_up");
    /// A staff user who signed up was activated with its link.
    pub const STAFF_ACTIVATED: AuditAction = AuditAction::new("staff_user.activated");
}

/// Everything the sign-up use cases need.
#[derive(Clone)]
pub struct SignUpPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations (switch, portal mode, lifetimes, base URL).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Registration links and their counted uses.
    pub links: Arc<dyn RegistrationLinkRepository>,
    /// Which registration link each activation link came from.
    pub pending: Arc<dyn PendingSignUpRepository>,
    /// Contacts (a contact user is one, with a login).
    pub contacts: Arc<dyn ContactRepository>,
    /// Contact users.
    pub users: Arc<dyn ContactUserRepository>,
    /// Contact users' one-time links (digests only).
    pub user_links: Arc<dyn ContactUserLinkRepository>,
    /// Contact users' sessions (digests only).
    pub sessions: Arc<dyn ContactUserSessionRepository>,
    /// Staff users (a staff link's sign-up makes one).
    pub staff: Arc<dyn StaffUserRepository>,
    /// Staff users' one-time links (a staff sign-up's activation link; digests only).
    pub staff_links: Arc<dyn ActionTokenRepository>,
    /// Console sessions (a staff activation signs in; digests only).
    pub staff_sessions: Arc<dyn SessionRepository>,
    /// Cases (the auto-case).
    pub cases: Arc<dyn CaseRepository>,
    /// Forms (the auto-case's form).
    pub forms: Arc<dyn FormRepository>,
    /// Grants (the auto-case's editor grant).
    pub grants: Arc<dyn AccessGrantRepository>,
    /// Audit trail.
    pub audit: Arc<dyn AuditLog>,
    /// Outbound mail, queued in each change's unit of work.
    pub mail: Arc<dyn MailQueue>,
    /// The URLs of the public pages.
    pub public_links: Arc<dyn PublicLinks>,
    /// The security check on the sign-up form.
    pub captcha: Arc<dyn CaptchaVerifier>,
    /// Password hashing.
    pub hasher: Arc<dyn PasswordHasher>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness.
    pub tokens: Arc<dyn TokenSource>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The sign-up and activation use cases.
#[derive(Clone)]
pub struct SignUpService {
    ports: SignUpPorts,
    session_policy: SessionPolicy,
}

impl SignUpService {
    /// A service over `ports`, with the default session lifetimes.
    pub fn new(ports: SignUpPorts) -> Self {
        Self {
            ports,
            session_policy: SessionPolicy::default(),
        }
    }

    /// The same service whose sign-ins last as `policy` says.
    #[must_use]
    pub fn with_session_policy(mut self, policy: SessionPolicy) -> Self {
        self.session_policy = policy;
        self
    }
}
