//! Contact users: staff create them on a client, change them and send them a password. One
//! file per use case:
//!
//! | file | use cases |
//! |---|---|
//! | `create.rs` | [`ContactUsersService::create_contact_user`] |
//! | `update.rs` | [`ContactUsersService::update_contact_user`], [`ContactUsersService::contact_user`] |
//! | `send_password.rs` | [`ContactUsersService::send_password`] (temporary password or set-password link, by mail only) |
//!
//! Sign-in, the forced change of a temporary password, "forgot password" and the mail
//! after every password change belong to the contact users' sign-in pages; they build on
//! [`ContactUser::password_usable_at`], [`ContactUser::facts`] (for
//! `frontdesk_access::decide`), [`crate::ContactUserLinkRepository`] (single use) and
//! [`password_changed_mail`].

mod create;
mod send_password;
mod update;

use std::sync::Arc;

use frontdesk_access::{AuditAction, AuditEvent, AuditLog, OrganisationRepository, StaffActor};
use frontdesk_kernel::{
    AuditEventId, Clock, IdGenerator, OrgId, PasswordHasher, PublicLinks, RepositoryError,
    TokenSource, TransactionRunner,
};
use frontdesk_messaging::MailQueue;

pub use create::{CreateContactUserError, NewContactUser};
pub use send_password::{PasswordMode, SendPasswordError, SentPassword, password_changed_mail};
pub use update::{ContactUserChanges, ContactUserError, UpdateContactUserError};

use crate::{
    ClientRepository, Contact, ContactRepository, ContactUser, ContactUserLinkRepository,
    ContactUserRepository,
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
}

impl ContactUsersService {
    /// A service over `ports`.
    pub fn new(ports: ContactUsersPorts) -> Self {
        Self { ports }
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
