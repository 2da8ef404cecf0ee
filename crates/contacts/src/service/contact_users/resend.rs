//! Staff resend a portal user's activation (seed 004's "resend the activation email"): a new
//! one-time `{base}/a/fda_…` link by mail, superseding the older links — for a person who
//! signed up and has not activated yet, the activation link again (the `activation`
//! template; activating with it still counts the registration link's use and creates its
//! auto-case, the sign-up being found through the user); for an invited person without a
//! password, the invitation again (the `invitation` template); for an active account, a
//! set-password link as "Send password" in link mode mails it. Limited per recipient like
//! every mail (1 a minute, 30 an hour).

use frontdesk_access::{Forbidden, LifetimeKind, Organisation, Permission, StaffActor};
use frontdesk_kernel::{ActionTokenId, ContactUserId, RepositoryError, Token, TokenKind};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::Duration;

use super::actions;
use super::send_password::mail_time;
use crate::{
    Contact, ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserState,
    ContactUsersService, PasswordMode, SendPasswordError, SentPassword,
};

/// Why the activation was not resent.
#[derive(Debug, thiserror::Error)]
pub enum ResendActivationError {
    /// The actor may not manage contacts.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such portal user in the actor's organisation (or it was removed).
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
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
    /// Sending failed in a way link mode does not expect (it hashes nothing).
    #[error("the activation could not be sent")]
    Unexpected(#[source] SendPasswordError),
}

impl From<EnqueueError> for ResendActivationError {
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

impl From<SendPasswordError> for ResendActivationError {
    fn from(error: SendPasswordError) -> Self {
        match error {
            SendPasswordError::Forbidden(missing) => Self::Forbidden(missing),
            SendPasswordError::NotFound => Self::NotFound,
            SendPasswordError::Disabled => Self::Disabled,
            SendPasswordError::RecipientLimited {
                retry_after_seconds,
            } => Self::RecipientLimited {
                retry_after_seconds,
            },
            SendPasswordError::Repository(error) => Self::Repository(error),
            other @ (SendPasswordError::Busy | SendPasswordError::Hashing(_)) => {
                Self::Unexpected(other)
            }
        }
    }
}

/// Which link a resend mails to an account not active yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resent {
    /// Signed up, not activated: the activation link.
    Activation,
    /// Invited, no password yet: the invitation.
    Invitation,
}

impl ContactUsersService {
    /// Mails portal user `id` a fresh link (staff who manage contacts): the activation link
    /// to a signed-up, not yet activated account (the organisation's activation lifetime),
    /// the invitation to an invited one (the invitation lifetime), a set-password link to
    /// an active one (as [`ContactUsersService::send_password`] in link mode). The mail,
    /// the link's digest, the superseding of older links and the audit event land in one
    /// unit of work; the link itself goes by mail only.
    ///
    /// # Errors
    /// See [`ResendActivationError`].
    pub async fn resend_activation(
        &self,
        actor: &StaffActor,
        id: ContactUserId,
    ) -> Result<SentPassword, ResendActivationError> {
        actor.require(Permission::ManageContacts)?;
        let user = self
            .ports
            .users
            .find(actor.org_id, id)
            .await?
            .ok_or(ResendActivationError::NotFound)?;
        let resent = match user.state {
            ContactUserState::Removed => return Err(ResendActivationError::NotFound),
            ContactUserState::Disabled => return Err(ResendActivationError::Disabled),
            ContactUserState::Pending => Resent::Activation,
            ContactUserState::Invited => Resent::Invitation,
            ContactUserState::Active => {
                return Ok(self.send_password(actor, id, PasswordMode::Link).await?);
            }
        };
        let contact = self
            .ports
            .contacts
            .find(actor.org_id, user.contact_id)
            .await?
            .ok_or(ResendActivationError::NotFound)?;
        let organisation = self
            .ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(ResendActivationError::NotFound)?;
        self.resend_link(actor, &organisation, &user, &contact, resent)
            .await
    }

    /// Stores a new activation or invitation link (its digest), supersedes older ones,
    /// queues the mail carrying it and audits the resend, in one unit of work.
    async fn resend_link(
        &self,
        actor: &StaffActor,
        organisation: &Organisation,
        user: &ContactUser,
        contact: &Contact,
        resent: Resent,
    ) -> Result<SentPassword, ResendActivationError> {
        let (purpose, lifetime) = match resent {
            Resent::Invitation => (ContactUserLinkPurpose::Invitation, LifetimeKind::Invitation),
            Resent::Activation => (ContactUserLinkPurpose::Activation, LifetimeKind::Activation),
        };
        let now = self.ports.clock.now();
        let expires_at =
            now + Duration::seconds(organisation.lifetimes.lifetimes(lifetime).default_seconds);
        let token = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let link = ContactUserLink {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            contact_user_id: user.id,
            purpose,
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
        let mail = match resent {
            Resent::Invitation => NewMail {
                org_id: organisation.id,
                to: contact.email.clone(),
                to_name: None,
                kind: TemplateKind::Invitation,
                language: organisation.default_language,
                data: serde_json::json!({
                    "invitation_url": url.expose_secret(),
                    "expires_at": mail_time(expires_at),
                    "inviter_name": organisation.name.as_str(),
                    "organisation_name": organisation.name.as_str(),
                    "company_name": organisation.name.as_str(),
                }),
                unsubscribe_url: None,
            },
            Resent::Activation => NewMail {
                org_id: organisation.id,
                to: contact.email.clone(),
                to_name: Some(name.clone()),
                kind: TemplateKind::Activation,
                language: organisation.default_language,
                data: serde_json::json!({
                    "action_url": url.expose_secret(),
                    "expires_at": mail_time(expires_at),
                    "login": user.username.as_str(),
                    "name": name.as_str(),
                    "recipient_name": name.as_str(),
                    "organisation_name": organisation.name.as_str(),
                    "company_name": organisation.name.as_str(),
                }),
                unsubscribe_url: None,
            },
        };
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.mail.enqueue(uow.as_mut(), mail).await?;
        self.ports
            .user_links
            .supersede_all(uow.as_mut(), organisation.id, user.id, now)
            .await?;
        self.ports.user_links.insert(uow.as_mut(), &link).await?;
        let event = self.event(
            actor,
            actions::ACTIVATION_RESENT,
            user,
            format!(
                "link={} expires_at={}",
                purpose.as_str(),
                mail_time(expires_at)
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(SentPassword {
            mode: PasswordMode::Link,
            expires_at,
        })
    }
}
