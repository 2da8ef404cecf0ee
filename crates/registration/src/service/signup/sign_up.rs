//! A person signs up (seed 003's registration link, seed 004's public portal). Whatever the
//! address, the answer is the same: a new address gets a pending account and a 24 h
//! activation link by mail; an address that already has an account gets a mail saying so
//! (sign in, or reset the password) instead. Only the form itself — its fields, the link's
//! state and its allowed domains — may answer differently, as none of that says anything
//! about other people.

use frontdesk_access::{AuditEvent, LifetimeKind, OrgSlug, Organisation, PortalMode};
use frontdesk_contacts::{
    Contact, ContactUser, ContactUserLink, ContactUserLinkPurpose, ContactUserState, Username,
};
use std::net::IpAddr;

use frontdesk_kernel::{
    ActionTokenId, AuditEventId, CaptchaError, ClientId, ContactId, ContactUserId, EmailAddress,
    Language, NewPassword, PasswordError, PasswordHash, PasswordHashingError, PersonName,
    RepositoryError, Token, TokenKind, Uow, percent_encode,
};
use frontdesk_messaging::{EnqueueError, NewMail, TemplateKind};
use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime};

use super::{SignUpService, actions, mail_time};
use crate::{
    ClosedReason, PendingSignUp, RegistrationLink, RegistrationRole, Usability, usability,
};

/// How many numbered variants of a default username are tried (`jane`, `jane-2`, …).
const DEFAULT_NAME_TRIES: u32 = 50;

/// Where the person signs up.
#[derive(Debug, Clone, Copy)]
pub enum SignUpVia<'a> {
    /// A registration link: the text after `/r/`.
    Link(&'a str),
    /// An organisation's public portal (`/o/{org}/signup`).
    Portal(&'a OrgSlug),
}

/// The sign-up form, as typed.
#[derive(Debug, Clone)]
pub struct SignUpForm {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// The chosen password.
    pub password: SecretString,
    /// The captcha solution (`altcha`).
    pub captcha: Option<String>,
    /// Where the request came from (for the captcha service).
    pub client_ip: Option<IpAddr>,
}

/// A field of the sign-up form that is missing or invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpField {
    /// The first name.
    FirstName,
    /// The last name.
    LastName,
    /// The email address.
    Email,
}

impl SignUpField {
    /// The form field's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::FirstName => "first_name",
            Self::LastName => "last_name",
            Self::Email => "email",
        }
    }
}

/// Why a sign-up was not taken. None of these says whether an address has an account.
#[derive(Debug, thiserror::Error)]
pub enum SignUpError {
    /// No such link or organisation (the page answers 404).
    #[error("not found")]
    NotFound,
    /// The link lets nobody sign up now (the page answers 410, says why and whom to ask).
    #[error("this sign-up link is closed")]
    Closed {
        /// Why.
        reason: ClosedReason,
        /// The link's organisation.
        organisation: Box<Organisation>,
        /// The link's language.
        language: Language,
    },
    /// The organisation's portal is not open to sign-up.
    #[error("this portal is not open to sign-up")]
    PortalClosed,
    /// The link does not accept addresses of this domain.
    #[error("this link does not accept addresses of this domain")]
    DomainNotAllowed,
    /// The security check failed (nothing was done).
    #[error(transparent)]
    Captcha(CaptchaError),
    /// Some fields are missing or invalid (each listed).
    #[error("some fields are invalid")]
    InvalidFields(Vec<SignUpField>),
    /// The password breaks the policy.
    #[error(transparent)]
    Password(PasswordError),
    /// Every password-hashing slot is busy; try again shortly.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Where a sign-up lands: the organisation, the link if any, the language.
pub(super) struct Target {
    pub(super) organisation: Organisation,
    pub(super) link: Option<RegistrationLink>,
    pub(super) language: Language,
}

/// The form's fields, parsed.
pub(super) struct Valid {
    pub(super) first_name: PersonName,
    pub(super) last_name: PersonName,
    pub(super) email: EmailAddress,
    pub(super) password: NewPassword,
}

fn parse_form(form: SignUpForm) -> Result<Valid, SignUpError> {
    let first_name = PersonName::parse(form.first_name.trim());
    let last_name = PersonName::parse(form.last_name.trim());
    let email = EmailAddress::parse(form.email.trim());
    let mut invalid = Vec::new();
    if first_name.is_err() {
        invalid.push(SignUpField::FirstName);
    }
    if last_name.is_err() {
        invalid.push(SignUpField::LastName);
    }
    if email.is_err() {
        invalid.push(SignUpField::Email);
    }
    match (first_name, last_name, email) {
        (Ok(first_name), Ok(last_name), Ok(email)) => {
            let password = NewPassword::parse(form.password).map_err(SignUpError::Password)?;
            Ok(Valid {
                first_name,
                last_name,
                email,
                password,
            })
        }
        _ => Err(SignUpError::InvalidFields(invalid)),
    }
}

impl SignUpService {
    /// The organisation and link a sign-up `via` lands in, if it is open now (the
    /// registration page's first check, before any field is read).
    ///
    /// # Errors
    /// [`SignUpError::NotFound`], `Closed` or `PortalClosed`; `Repository` when storage
    /// fails.
    pub async fn sign_up_target(
        &self,
        via: SignUpVia<'_>,
    ) -> Result<(Organisation, Option<RegistrationLink>, Language), SignUpError> {
        let target = self.target(via).await?;
        Ok((target.organisation, target.link, target.language))
    }

    async fn target(&self, via: SignUpVia<'_>) -> Result<Target, SignUpError> {
        match via {
            SignUpVia::Link(raw) => {
                let token = Token::parse(TokenKind::Registration, raw.trim())
                    .map_err(|_| SignUpError::NotFound)?;
                let link = self
                    .ports
                    .links
                    .find_by_digest(&token.digest())
                    .await?
                    .ok_or(SignUpError::NotFound)?;
                let organisation = self
                    .ports
                    .organisations
                    .find(link.org_id)
                    .await?
                    .ok_or(SignUpError::NotFound)?;
                let now = self.ports.clock.now();
                if let Usability::Closed(reason) =
                    usability(&link, organisation.registration_enabled, None, now)
                {
                    return Err(SignUpError::Closed {
                        reason,
                        organisation: Box::new(organisation),
                        language: link.language,
                    });
                }
                Ok(Target {
                    language: link.language,
                    organisation,
                    link: Some(link),
                })
            }
            SignUpVia::Portal(slug) => {
                let organisation = self
                    .ports
                    .organisations
                    .find_by_slug(slug)
                    .await?
                    .ok_or(SignUpError::NotFound)?;
                if organisation.portal_mode != PortalMode::Public {
                    return Err(SignUpError::PortalClosed);
                }
                Ok(Target {
                    language: organisation.default_language,
                    organisation,
                    link: None,
                })
            }
        }
    }

    /// Signs a person up `via` a registration link or a public portal. A new address gets a
    /// pending contact user (linked to the link's client) with the chosen password and a
    /// one-time activation link (the organisation's activation lifetime, 24 h by default)
    /// by mail; an existing pending account gets a fresh link (the older one stops
    /// working); an address that already has any other account gets the `account_exists`
    /// mail instead. The password is hashed in every case, so the answer takes as long
    /// either way; mail held back by the recipient limit changes nothing in the answer.
    /// The registration link's use is counted on activation, not here. A staff link makes
    /// a staff user with the agent profile instead, waiting disabled for its activation
    /// link (see `sign_up_staff.rs`).
    ///
    /// # Errors
    /// See [`SignUpError`]; none of its arms depends on whether the address has an account.
    pub async fn sign_up(&self, via: SignUpVia<'_>, form: SignUpForm) -> Result<(), SignUpError> {
        let target = self.target(via).await?;
        let solution = form.captcha.as_deref().unwrap_or_default();
        if solution.trim().is_empty() {
            return Err(SignUpError::Captcha(CaptchaError::Missing));
        }
        self.ports
            .captcha
            .verify(solution, form.client_ip)
            .await
            .map_err(SignUpError::Captcha)?;
        let valid = parse_form(form)?;
        let now = self.ports.clock.now();
        if let Some(link) = &target.link {
            match usability(
                link,
                target.organisation.registration_enabled,
                Some(&valid.email),
                now,
            ) {
                Usability::Usable => {}
                Usability::Closed(reason) => {
                    return Err(SignUpError::Closed {
                        reason,
                        organisation: Box::new(target.organisation.clone()),
                        language: target.language,
                    });
                }
                Usability::DomainNotAllowed => return Err(SignUpError::DomainNotAllowed),
            }
            if link.role == RegistrationRole::Staff {
                // A staff user with the agent profile, waiting for its activation link.
                return self.sign_up_staff(&target, link, valid, now).await;
            }
        }
        let hash = self
            .ports
            .hasher
            .hash(&valid.password)
            .await
            .map_err(hashing)?;
        let org = target.organisation.id;
        let mut uow = self.ports.transactions.begin().await?;
        let contact = self
            .ports
            .contacts
            .find_by_email_in(uow.as_mut(), org, &valid.email)
            .await?;
        let existing = match &contact {
            Some(contact) => self.ports.users.find_by_contact(org, contact.id).await?,
            None => None,
        };
        let detail = match (contact, existing) {
            (Some(contact), Some(mut user)) if user.state == ContactUserState::Pending => {
                user.password_hash = Some(hash);
                user.updated_at = now;
                self.ports.users.update(uow.as_mut(), &user).await?;
                self.issue_activation(uow.as_mut(), &target, &user, &contact, now)
                    .await?;
                format!("again contact={}", contact.id)
            }
            (Some(contact), Some(user)) => {
                let mail = Self::account_exists_mail(&target, &user, &contact);
                queue(uow.as_mut(), self, mail).await?;
                "already_a_user".to_owned()
            }
            (contact, _) => {
                self.new_account(uow.as_mut(), &target, valid, contact, hash, now)
                    .await?
            }
        };
        let via = target
            .link
            .as_ref()
            .map_or_else(|| "portal".to_owned(), |link| format!("link={}", link.id));
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(org),
            actor: None,
            action: actions::SIGNED_UP,
            subject: None,
            detail: format!("{via} {detail}"),
            at: now,
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(())
    }

    /// Makes a pending account for a new address (and its contact, unless one exists).
    async fn new_account(
        &self,
        uow: &mut Uow,
        target: &Target,
        valid: Valid,
        contact: Option<Contact>,
        hash: PasswordHash,
        now: OffsetDateTime,
    ) -> Result<String, RepositoryError> {
        let client = target.link.as_ref().and_then(|link| link.client_id);
        let contact = if let Some(contact) = contact {
            contact
        } else {
            {
                let candidate = Contact {
                    id: ContactId::from_uuid(self.ports.ids.new_uuid()),
                    org_id: target.organisation.id,
                    email: valid.email.clone(),
                    first_name: valid.first_name,
                    last_name: valid.last_name,
                    phone: None,
                    address: None,
                    client_id: client,
                    unsubscribed_all: false,
                    created_at: now,
                };
                self.ports
                    .contacts
                    .find_or_insert_in(uow, &candidate)
                    .await?
            }
        };
        let user = self
            .new_pending_user(uow, &contact, client, hash, now)
            .await?;
        self.issue_activation(uow, target, &user, &contact, now)
            .await?;
        Ok(format!("new contact={} user={}", contact.id, user.id))
    }

    /// Inserts a pending contact user for `contact` under the first free default name.
    async fn new_pending_user(
        &self,
        uow: &mut Uow,
        contact: &Contact,
        client: Option<ClientId>,
        hash: PasswordHash,
        now: OffsetDateTime,
    ) -> Result<ContactUser, RepositoryError> {
        let base = Username::from_email(&contact.email);
        for n in 1..=DEFAULT_NAME_TRIES {
            let name = base.numbered(n);
            if self
                .ports
                .users
                .username_taken_in(uow, contact.org_id, &name)
                .await?
            {
                continue;
            }
            let user = ContactUser {
                id: ContactUserId::from_uuid(self.ports.ids.new_uuid()),
                org_id: contact.org_id,
                contact_id: contact.id,
                client_ids: client.into_iter().collect(),
                username: name,
                state: ContactUserState::Pending,
                must_change_password: false,
                password_hash: Some(hash),
                temporary_password_expires_at: None,
                created_at: now,
                updated_at: now,
            };
            self.ports.users.insert(uow, &user).await?;
            return Ok(user);
        }
        Err(RepositoryError::Conflict("username"))
    }

    /// Stores a new activation link for `user` (older links stop working), remembers the
    /// registration link it came from and queues the mail carrying it.
    async fn issue_activation(
        &self,
        uow: &mut Uow,
        target: &Target,
        user: &ContactUser,
        contact: &Contact,
        now: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        let organisation = &target.organisation;
        let lifetime = organisation.lifetimes.lifetimes(LifetimeKind::Activation);
        let expires_at = now + Duration::seconds(lifetime.default_seconds);
        let token = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let link = ContactUserLink {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            contact_user_id: user.id,
            purpose: ContactUserLinkPurpose::Activation,
            digest: token.digest(),
            created_at: now,
            expires_at,
            used_at: None,
        };
        self.ports
            .user_links
            .supersede_all(uow, organisation.id, user.id, now)
            .await?;
        self.ports.user_links.insert(uow, &link).await?;
        if let Some(registration) = &target.link {
            let pending = PendingSignUp {
                activation_id: link.id,
                org_id: organisation.id,
                link_id: registration.id,
                created_at: now,
            };
            self.ports.pending.insert(uow, &pending).await?;
        }
        let url = self
            .ports
            .public_links
            .action(organisation.base_url.as_str(), &token);
        let name = contact.display_name();
        let mail = NewMail {
            org_id: organisation.id,
            to: contact.email.clone(),
            to_name: Some(name.clone()),
            kind: TemplateKind::Activation,
            language: target.language,
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
        };
        queue(uow, self, mail).await
    }

    /// The mail to an address that already has an account: sign in, or reset the password.
    fn account_exists_mail(target: &Target, user: &ContactUser, contact: &Contact) -> NewMail {
        let organisation = &target.organisation;
        let slug = organisation.slug.as_str();
        let name = contact.display_name();
        NewMail {
            org_id: organisation.id,
            to: contact.email.clone(),
            to_name: Some(name.clone()),
            kind: TemplateKind::AccountExists,
            language: target.language,
            data: serde_json::json!({
                "login": user.username.as_str(),
                "login_url": organisation.public_url(&format!(
                    "/o/{slug}/login?login={}",
                    percent_encode(contact.email.as_str())
                )),
                "forgot_url": organisation.public_url(&format!("/o/{slug}/forgot")),
                "name": name.as_str(),
                "recipient_name": name.as_str(),
                "organisation_name": organisation.name.as_str(),
                "company_name": organisation.name.as_str(),
            }),
            unsubscribe_url: None,
        }
    }
}

/// Queues `mail`; one held back by the recipient limit is dropped (the answer must not
/// change, and the person can sign up again a minute later).
pub(super) async fn queue(
    uow: &mut Uow,
    service: &SignUpService,
    mail: NewMail,
) -> Result<(), RepositoryError> {
    match service.ports.mail.enqueue(uow, mail).await {
        Ok(_) | Err(EnqueueError::RecipientLimited { .. }) => Ok(()),
        Err(EnqueueError::Repository(error)) => Err(error),
    }
}

pub(super) fn hashing(error: PasswordHashingError) -> SignUpError {
    match error {
        PasswordHashingError::Busy => SignUpError::Busy,
        failed @ PasswordHashingError::Failed(_) => SignUpError::Hashing(failed),
    }
}
