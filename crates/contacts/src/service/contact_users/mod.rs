//! Contact users: staff create them on a client, change them and send them a password. One
//! file per use case:
//!
//! | file | use cases |
//! |---|---|
//! | `create.rs` | [`ContactUsersService::create_contact_user`] |
//! | `update.rs` | [`ContactUsersService::update_contact_user`], [`ContactUsersService::contact_user`] |
//! | `list.rs` | [`ContactUsersService::list_for_client`] |
//! | `send_password.rs` | [`ContactUsersService::send_password`] (temporary password or set-password link, by mail only) |
//! | `sign_in.rs` | [`ContactUsersService::sign_in`] (throttled per account and address) |
//! | `authenticate.rs` | [`ContactUsersService::authenticate`], [`ContactUsersService::sign_out`] |
//! | `change_password.rs` | [`ContactUsersService::change_password`] (forced after a temporary password) |
//! | `forgot_password.rs` | [`ContactUsersService::request_password_reset`] (no enumeration) |
//! | `search.rs` | [`ContactUsersService::search_portal_users`] (state, name or email, client; pages) |
//! | `resend.rs` | [`ContactUsersService::resend_activation`] (the activation, invitation or set-password link by state; limited per recipient) |
//! | `remove.rs` | [`ContactUsersService::remove_contact_user`] (sessions, grants, client links, links: one unit of work) |
//! | `password_link.rs` | [`ContactUsersService::open_password_link`], [`ContactUsersService::set_password_with_link`] |
//! | `invite.rs` | [`ContactUsersService::invite_contact_user`] (an invitation to the portal, by mail only) |
//! | `complete_invitation.rs` | [`ContactUsersService::open_invitation`], [`ContactUsersService::complete_invitation`] |
//!
//! `credentials.rs` holds what the contact users' own use cases share: throttle keys,
//! finding an account by username or email, starting a session and installing a new
//! password (every session ends, a new one starts, [`password_changed_mail`] is queued).

mod authenticate;
mod change_password;
mod complete_invitation;
mod create;
mod credentials;
mod forgot_password;
mod invite;
mod list;
mod password_link;
mod remove;
mod resend;
mod search;
mod send_password;
mod sign_in;
mod update;

use std::sync::Arc;

use frontdesk_access::{
    AttemptLog, AuditAction, AuditEvent, AuditLog, OrganisationRepository, SessionPolicy,
    StaffActor,
};
use frontdesk_kernel::{
    AuditEventId, Clock, IdGenerator, OrgId, PasswordHasher, PublicLinks, RepositoryError,
    TokenSource, TransactionRunner,
};
use frontdesk_messaging::MailQueue;

pub use authenticate::{ContactAuthenticateError, ContactSession};
pub use change_password::{ChangeContactPassword, ChangeContactPasswordError};
pub use complete_invitation::{
    CompleteInvitation, CompleteInvitationError, InvitationLinkError, InvitationView,
};
pub use create::{CreateContactUserError, NewContactUser};
pub use forgot_password::{RequestPasswordReset, RequestPasswordResetError};
pub use invite::{InviteContactUser, InviteContactUserError, InvitedContactUser};
pub use list::ListContactUsersError;
pub use password_link::{ContactLinkError, ContactLinkView, SetContactPasswordError};
pub use remove::RemoveContactUserError;
pub use resend::ResendActivationError;
pub use search::SearchPortalUsersError;
pub use send_password::{PasswordMode, SendPasswordError, SentPassword, password_changed_mail};
pub use sign_in::{ContactSignInAttempt, ContactSignInError, ContactSignedIn};
pub use update::{ContactUserChanges, ContactUserError, UpdateContactUserError};

use crate::{
    ClientRepository, Contact, ContactRepository, ContactUser, ContactUserLinkRepository,
    ContactUserRepository, ContactUserSessionRepository, PortalUserDirectory,
};

/// The audit actions of contact users.
pub mod actions {
    use frontdesk_access::AuditAction;

    /// A contact user was created.
    pub const CREATED: AuditAction = AuditAction::new("contact_user.created");
    /// A contact user's username changed.
    pub const CHANGED: AuditAction = AuditAction::new("contact_user.changed");
    /// A contact user was disabled.
    pub const DISABLED: AuditAction = AuditAction::new("contact_user.disabled");
    /// A contact user was enabled again.
    pub const ENABLED: AuditAction = AuditAction::new("contact_user.enabled");
    /// A temporary password or a set-password link was mailed (never the secret itself).
    pub const PASSWORD_SENT: AuditAction = AuditAction::new("contact_user.password_sent");
    /// Staff resent an account's activation or invitation link (never the link itself).
    pub const ACTIVATION_RESENT: AuditAction = AuditAction::new("contact_user.activation_resent");
    /// A contact user signed in.
    pub const SIGNED_IN: AuditAction = AuditAction::new("contact_user.signed_in");
    /// A contact user's sign-in failed (wrong password, inactive account, expired
    /// temporary password); unknown logins leave no event.
    pub const SIGN_IN_FAILED: AuditAction = AuditAction::new("contact_user.sign_in_failed");
    /// A contact user signed out.
    pub const SIGNED_OUT: AuditAction = AuditAction::new("contact_user.signed_out");
    /// A contact user chose a new password (a change, or a set-password or reset link).
    pub const PASSWORD_CHANGED: AuditAction = AuditAction::new("contact_user.password_changed");
    /// A reset link was mailed after "forgot password" (never the link itself).
    pub const PASSWORD_RESET_REQUESTED: AuditAction =
        AuditAction::new("contact_user.password_reset_requested");
    /// A contact user was removed (seed 004's "Remove"), with what it revoked.
    pub const REMOVED: AuditAction = AuditAction::new("contact_user.removed");
}

/// Everything the contact-user use cases need.
#[derive(Clone)]
pub struct ContactUsersPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations (name, base URL, language, link lifetimes).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Contacts (a contact user is one, with a login).
    pub contacts: Arc<dyn ContactRepository>,
    /// Clients (a contact user is created on one).
    pub clients: Arc<dyn ClientRepository>,
    /// Contact users.
    pub users: Arc<dyn ContactUserRepository>,
    /// Contact users' one-time links (digests only).
    pub user_links: Arc<dyn ContactUserLinkRepository>,
    /// Contact users' sessions (digests only).
    pub sessions: Arc<dyn ContactUserSessionRepository>,
    /// Failed-attempt counters for the sign-in and reset throttles (shared storage).
    pub attempts: Arc<dyn AttemptLog>,
    /// Audit trail, written in each change's unit of work.
    pub audit: Arc<dyn AuditLog>,
    /// Outbound mail, queued in each change's unit of work.
    pub mail: Arc<dyn MailQueue>,
    /// The URLs one-time links open.
    pub links: Arc<dyn PublicLinks>,
    /// Password hashing.
    pub hasher: Arc<dyn PasswordHasher>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness (tokens, temporary passwords).
    pub tokens: Arc<dyn TokenSource>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// A contact user with the contact it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUserView {
    /// The account.
    pub user: ContactUser,
    /// The person.
    pub contact: Contact,
}

/// The contact-user use cases.
#[derive(Clone)]
pub struct ContactUsersService {
    ports: ContactUsersPorts,
    session_policy: SessionPolicy,
    directory: Option<Arc<dyn PortalUserDirectory>>,
}

impl ContactUsersService {
    /// A service over `ports`; sessions last as long as staff sessions do by default
    /// ([`SessionPolicy::default`]).
    pub fn new(ports: ContactUsersPorts) -> Self {
        Self {
            ports,
            session_policy: SessionPolicy::default(),
            directory: None,
        }
    }

    /// The same service with staff's portal-users list and removal
    /// ([`ContactUsersService::search_portal_users`],
    /// [`ContactUsersService::remove_contact_user`]) over `directory`.
    #[must_use]
    pub fn with_portal_users(mut self, directory: Arc<dyn PortalUserDirectory>) -> Self {
        self.directory = Some(directory);
        self
    }

    /// The portal-users directory, or a store failure when the service was built without
    /// one.
    fn directory(&self) -> Result<&dyn PortalUserDirectory, RepositoryError> {
        self.directory.as_deref().ok_or_else(|| {
            RepositoryError::unavailable(std::io::Error::other(
                "the portal-users directory is not configured",
            ))
        })
    }

    /// The same service with sessions lasting `policy` (the operator's staff session
    /// lifetimes).
    #[must_use]
    pub fn with_session_policy(mut self, policy: SessionPolicy) -> Self {
        self.session_policy = policy;
        self
    }

    fn event(
        &self,
        actor: &StaffActor,
        action: AuditAction,
        user: &ContactUser,
        detail: String,
    ) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(actor.org_id),
            actor: Some(actor.user_id),
            action,
            subject: Some(user.id.to_string()),
            detail,
            at: self.ports.clock.now(),
        }
    }

    /// The user with its contact, when both exist in `org` and the user is not removed.
    async fn view(
        &self,
        org: OrgId,
        user: ContactUser,
    ) -> Result<Option<ContactUserView>, RepositoryError> {
        Ok(self
            .ports
            .contacts
            .find(org, user.contact_id)
            .await?
            .map(|contact| ContactUserView { user, contact }))
    }
}
