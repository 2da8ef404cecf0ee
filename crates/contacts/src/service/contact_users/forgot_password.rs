//! "Forgot password" (`/o/{org}/forgot`): a one-time reset link goes by mail to an active
//! account, and the answer is the same whether or not one exists.

use std::net::IpAddr;

use frontdesk_access::{LifetimeKind, OrgSlug, Organisation, ThrottlePolicy};
use frontdesk_kernel::{ActionTokenId, RepositoryError, Token, TokenKind};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::ExposeSecret;
use time::{Duration, OffsetDateTime};

use crate::{
    Contact, ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserState,
    ContactUsersService,
};

use super::actions;
use super::credentials::ip_key;
use super::send_password::mail_time;

/// A reset request as the person typed it.
#[derive(Debug, Clone)]
pub struct RequestPasswordReset {
    /// The organisation's slug (from the page's path).
    pub organisation: String,
    /// Username or email, as typed.
    pub login: String,
    /// The client's address, for the per-address throttle.
    pub client_ip: Option<IpAddr>,
}

/// Why a reset request was refused. Nothing here says whether the account exists.
#[derive(Debug, thiserror::Error)]
pub enum RequestPasswordResetError {
    /// Too many requests from this address recently.
    #[error("too many requests; try again in {retry_after_seconds} seconds")]
    Throttled {
        /// Seconds until another request is accepted.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl ContactUsersService {
    /// Mails a `{base}/a/fda_…` reset link (the organisation's password-reset lifetime, 1 h
    /// by default) to the active account that `login` names in the organisation, superseding
    /// its older links; the mail, the link's digest and the audit event land in one unit of
    /// work. Answers `Ok(())` whatever the login names — unknown organisation or login, an
    /// account that may not sign in, or a recipient limit that holds the mail back — so the
    /// answer reveals nothing. Every request counts against the address
    /// ([`ThrottlePolicy::PER_IP`], key `reset-ip:…`).
    ///
    /// # Errors
    /// See [`RequestPasswordResetError`].
    pub async fn request_password_reset(
        &self,
        request: RequestPasswordReset,
    ) -> Result<(), RequestPasswordResetError> {
        let now = self.ports.clock.now();
        if let Some(ip) = request.client_ip.map(|ip| ip_key("reset-ip", ip)) {
            if let Some(retry_after_seconds) =
                self.throttle_wait(&ip, ThrottlePolicy::PER_IP, now).await?
            {
                return Err(RequestPasswordResetError::Throttled {
                    retry_after_seconds,
                });
            }
            self.ports.attempts.record_failure(&ip, now).await?;
        }
        let Ok(slug) = OrgSlug::parse(request.organisation.trim()) else {
            return Ok(());
        };
        let Some(organisation) = self.ports.organisations.find_by_slug(&slug).await? else {
            return Ok(());
        };
        let Some(user) = self
            .find_by_login(organisation.id, &request.login)
            .await?
            .filter(|user| user.state == ContactUserState::Active)
        else {
            return Ok(());
        };
        let Some(contact) = self
            .ports
            .contacts
            .find(organisation.id, user.contact_id)
            .await?
        else {
            return Ok(());
        };
        self.mail_reset_link(&organisation, &user, &contact, now)
            .await
    }

    async fn mail_reset_link(
        &self,
        organisation: &Organisation,
        user: &ContactUser,
        contact: &Contact,
        now: OffsetDateTime,
    ) -> Result<(), RequestPasswordResetError> {
        let lifetime = organisation
            .lifetimes
            .lifetimes(LifetimeKind::PasswordReset);
        let expires_at = now + Duration::seconds(lifetime.default_seconds);
        let token = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let link = ContactUserLink {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            contact_user_id: user.id,
            purpose: ContactUserLinkPurpose::ResetPassword,
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
        let mail = NewMail {
            org_id: organisation.id,
            to: contact.email.clone(),
            to_name: Some(name.clone()),
            kind: TemplateKind::PasswordReset,
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
        let mut uow = self.ports.transactions.begin().await?;
        match self.ports.mail.enqueue(uow.as_mut(), mail).await {
            Ok(_) => {}
            // The person was mailed very recently: nothing changes, and the caller hears
            // the same answer as always.
            Err(EnqueueError::RecipientLimited { .. }) => return Ok(()),
            Err(EnqueueError::Repository(error)) => return Err(error.into()),
        }
        self.ports
            .user_links
            .supersede_all(uow.as_mut(), organisation.id, user.id, now)
            .await?;
        self.ports.user_links.insert(uow.as_mut(), &link).await?;
        let event = self.own_event(
            organisation.id,
            actions::PASSWORD_RESET_REQUESTED,
            user.id.to_string(),
            format!("expires_at={}", mail_time(expires_at)),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(())
    }
}
