//! Staff send a contact user a password (seed 001's "Send password"): a generated temporary
//! password, or — the safer mode — a one-time link to choose one. Either goes to the person
//! by mail only; staff never see it.

use frontdesk_access::{Forbidden, LifetimeKind, Organisation, Permission, StaffActor};
use frontdesk_kernel::{
    ActionTokenId, ContactUserId, PasswordHashingError, RepositoryError, Token, TokenKind, Uow,
};
pub(crate) use frontdesk_messaging::mail_time;
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::{
    Contact, ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserState,
    ContactUsersService, TEMPORARY_PASSWORD_LIFETIME, TemporaryPassword,
};

use super::actions;

/// How the password reaches the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PasswordMode {
    /// A generated temporary password (72 h), changed at first sign-in; the organisation's
    /// `temporary_password` template.
    Temporary,
    /// A one-time `{base}/a/fda_…` link to choose a password (the organisation's
    /// activation lifetime, 24 h by default); the `activation` template for a user without a
    /// password, else `password_reset`.
    Link,
}

impl PasswordMode {
    /// The wire and audit name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Temporary => "temporary",
            Self::Link => "link",
        }
    }
}

/// What staff learn about a sent password: how and until when — never the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SentPassword {
    /// How it was sent.
    pub mode: PasswordMode,
    /// When the temporary password or link stops working.
    pub expires_at: OffsetDateTime,
}

/// Why no password was sent.
#[derive(Debug, thiserror::Error)]
pub enum SendPasswordError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    NotFound,
    /// The account is disabled: enable it first.
    #[error("this contact user is disabled")]
    Disabled,
    /// The person was sent mail very recently.
    #[error("this person was sent mail very recently; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds until another mail may go.
        retry_after_seconds: u64,
    },
    /// Every password-hashing slot is busy; try again shortly.
    #[error("too many password operations are in progress; try again shortly")]
    Busy,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<EnqueueError> for SendPasswordError {
    fn from(error: EnqueueError) -> Self {
        match error {
            EnqueueError::RecipientLimited {
                retry_after_seconds,
            } => Self::RecipientLimited {
                retry_after_seconds,
            },
            EnqueueError::Repository(error) => Self::Repository(error),
        }
    }
}

impl ContactUsersService {
    /// Mails the contact user a temporary password or a set-password link (staff who
    /// manage contacts). The mail, the new credential (hash or digest only), the
    /// superseding of older links and the audit event land in one unit of work; nothing
    /// secret is returned. A temporary password makes an invited user active with
    /// `must_change_password`; a link leaves the account as it is until it is used.
    ///
    /// # Errors
    /// See [`SendPasswordError`].
    pub async fn send_password(
        &self,
        actor: &StaffActor,
        id: ContactUserId,
        mode: PasswordMode,
    ) -> Result<SentPassword, SendPasswordError> {
        actor.require(Permission::ManageContacts)?;
        let mut user = self
            .ports
            .users
            .find(actor.org_id, id)
            .await?
            .filter(|user| user.state != ContactUserState::Removed)
            .ok_or(SendPasswordError::NotFound)?;
        if user.state == ContactUserState::Disabled {
            return Err(SendPasswordError::Disabled);
        }
        let contact = self
            .ports
            .contacts
            .find(actor.org_id, user.contact_id)
            .await?
            .ok_or(SendPasswordError::NotFound)?;
        let organisation = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(SendPasswordError::NotFound)?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let expires_at = match mode {
            PasswordMode::Temporary => {
                self.send_temporary(uow.as_mut(), &organisation, &mut user, &contact, now)
                    .await?
            }
            PasswordMode::Link => {
                self.send_link(uow.as_mut(), &organisation, &user, &contact, now)
                    .await?
            }
        };
        let event = self.event(
            actor,
            actions::PASSWORD_SENT,
            &user,
            format!(
                "mode={} expires_at={}",
                mode.as_str(),
                mail_time(expires_at)
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(SentPassword { mode, expires_at })
    }

    /// Hashes a new temporary password onto `user` and queues the mail carrying it.
    async fn send_temporary(
        &self,
        uow: &mut Uow,
        organisation: &Organisation,
        user: &mut ContactUser,
        contact: &Contact,
        now: OffsetDateTime,
    ) -> Result<OffsetDateTime, SendPasswordError> {
        let password = TemporaryPassword::generate(self.ports.tokens.as_ref());
        let candidate = password.to_new_password().map_err(|_| {
            SendPasswordError::Hashing(PasswordHashingError::Failed(
                "a generated password broke the policy".into(),
            ))
        })?;
        let hash = self
            .ports
            .hasher
            .hash(&candidate)
            .await
            .map_err(|error| match error {
                PasswordHashingError::Busy => SendPasswordError::Busy,
                failed @ PasswordHashingError::Failed(_) => SendPasswordError::Hashing(failed),
            })?;
        let expires_at = now + TEMPORARY_PASSWORD_LIFETIME;
        let mail = temporary_password_mail(organisation, user, contact, &password);
        self.ports.mail.enqueue(uow, mail).await?;
        user.password_hash = Some(hash);
        user.must_change_password = true;
        user.temporary_password_expires_at = Some(expires_at);
        if user.state == ContactUserState::Invited {
            user.state = ContactUserState::Active;
        }
        user.updated_at = now;
        self.ports.users.update(uow, user).await?;
        Ok(expires_at)
    }

    /// Stores a new set-password link (its digest), supersedes older ones and queues the
    /// mail carrying it.
    async fn send_link(
        &self,
        uow: &mut Uow,
        organisation: &Organisation,
        user: &ContactUser,
        contact: &Contact,
        now: OffsetDateTime,
    ) -> Result<OffsetDateTime, SendPasswordError> {
        let lifetime = organisation.lifetimes.lifetimes(LifetimeKind::Activation);
        let expires_at = now + Duration::seconds(lifetime.default_seconds);
        let token = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let link = ContactUserLink {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            contact_user_id: user.id,
            purpose: ContactUserLinkPurpose::SetPassword,
            digest: token.digest(),
            created_at: now,
            expires_at,
            used_at: None,
        };
        let url = self
            .ports
            .links
            .action(organisation.base_url.as_str(), &token);
        let name = contact.display_name();
        // A person without a password activates the account; one with a password chooses a
        // new one.
        let kind = if user.password_hash.is_none() {
            TemplateKind::Activation
        } else {
            TemplateKind::PasswordReset
        };
        let mail = NewMail {
            org_id: organisation.id,
            to: contact.email.clone(),
            to_name: Some(name.clone()),
            kind,
            language: organisation.default_language,
            data: serde_json::json!({
                "action_url": url.expose_secret(),
                "expires_at": mail_time(expires_at),
                "login": user.username.as_str(),
                "name": name.as_str(),
                "recipient_name": name.as_str(),
            }),
            unsubscribe_url: None,
        };
        self.ports.mail.enqueue(uow, mail).await?;
        self.ports
            .user_links
            .supersede_all(uow, organisation.id, user.id, now)
            .await?;
        self.ports.user_links.insert(uow, &link).await?;
        Ok(expires_at)
    }
}

/// The seed's mail: login and temporary password, in the organisation's
/// `temporary_password` template (whose legacy `<ResourceLogin>`-style placeholders the
/// template rules already converted to these names).
fn temporary_password_mail(
    organisation: &Organisation,
    user: &ContactUser,
    contact: &Contact,
    password: &TemporaryPassword,
) -> NewMail {
    let name = contact.display_name();
    NewMail {
        org_id: organisation.id,
        to: contact.email.clone(),
        to_name: Some(name.clone()),
        kind: TemplateKind::TemporaryPassword,
        language: organisation.default_language,
        data: serde_json::json!({
            "login": user.username.as_str(),
            "temporary_password": password.expose(),
            "name": name.as_str(),
            "recipient_name": name.as_str(),
            "company_name": organisation.name.as_str(),
        }),
        unsubscribe_url: None,
    }
}

/// The mail that tells the person their password was changed (or set) at `at`, for every
/// use case that changes one (a set-password link used, a forced or voluntary change, a
/// reset); queue it in the change's unit of work. It names the login and the time, never
/// the password.
pub fn password_changed_mail(
    organisation: &Organisation,
    user: &ContactUser,
    contact: &Contact,
    at: OffsetDateTime,
) -> NewMail {
    let name = contact.display_name();
    NewMail {
        org_id: organisation.id,
        to: contact.email.clone(),
        to_name: Some(name.clone()),
        kind: TemplateKind::PasswordChanged,
        language: organisation.default_language,
        data: serde_json::json!({
            "login": user.username.as_str(),
            "changed_at": mail_time(at),
            "name": name.as_str(),
            "recipient_name": name.as_str(),
        }),
        unsubscribe_url: None,
    }
}
