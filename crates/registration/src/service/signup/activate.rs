//! The activation link a sign-up mails (`/a/fda_…`): its GET shows a confirm page and uses
//! nothing (mail scanners follow links); the POST from that page activates the account,
//! counts one use of the registration link it came from, creates the link's auto-case with
//! an editor grant, and signs the person in — all in one unit of work, or nothing.

use frontdesk_access::{AccessGrant, AuditEvent, CaseRole, Organisation};
use frontdesk_cases::SubmittedContact;
use frontdesk_contacts::{
    Contact, ContactSignedIn, ContactUser, ContactUserLink, ContactUserLinkPurpose,
    ContactUserSession, ContactUserState,
};
use frontdesk_kernel::{
    AccessGrantId, AuditEventId, CaseId, EmailAddress, Language, RepositoryError, SessionId, Token,
    TokenKind, Uow,
};
use time::OffsetDateTime;

use super::auto_case::AutoCaseFor;
use super::{SignUpService, actions};
use crate::{
    ClosedReason, RegisteredUser, RegistrationLink, RegistrationUse, Usability, usability,
};

/// What the confirm page shows.
#[derive(Debug, Clone)]
pub struct ActivationView {
    /// The organisation.
    pub organisation: Organisation,
    /// The account's address.
    pub email: EmailAddress,
    /// The language of the pages (the registration link's, else the organisation's).
    pub language: Language,
}

/// Why an activation link does not open.
#[derive(Debug, thiserror::Error)]
pub enum ActivationError {
    /// Not an activation link (perhaps another kind of `/a/` link; the caller asks the
    /// others).
    #[error("not an activation link")]
    NotActivation,
    /// Past its expiry, or superseded by a newer link while the account still waits: sign
    /// up again, or use the newest mail.
    #[error("this activation link has expired")]
    Expired {
        /// The organisation (its portal's pages say what to do next).
        organisation: Box<Organisation>,
        /// The pages' language.
        language: Language,
    },
    /// Already used (the account is no longer waiting): the account's sign-in page, with
    /// the address filled in — never a session.
    #[error("this activation link has already been used")]
    Used {
        /// The organisation.
        organisation: Box<Organisation>,
        /// The account's address, to fill in.
        email: EmailAddress,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why an account was not activated.
#[derive(Debug, thiserror::Error)]
pub enum ActivateError {
    /// The link does not open (see [`ActivationError`]).
    #[error(transparent)]
    Link(#[from] ActivationError),
    /// The registration link closed since the person signed up (used up meanwhile, revoked,
    /// expired or registration switched off): nothing was activated.
    #[error("the sign-up link closed before the account was activated")]
    RegistrationClosed {
        /// Why.
        reason: ClosedReason,
        /// The organisation.
        organisation: Box<Organisation>,
        /// The pages' language.
        language: Language,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A freshly activated, signed-in account.
#[derive(Debug)]
pub struct Activated {
    /// The new session (its secret goes in the portal cookie).
    pub signed_in: ContactSignedIn,
    /// The organisation (the portal lives at `/o/{slug}/`).
    pub organisation: Organisation,
    /// The auto-case created, if the link had one.
    pub case: Option<CaseId>,
}

struct Opened {
    link: ContactUserLink,
    user: ContactUser,
    contact: Contact,
    organisation: Organisation,
    registration: Option<RegistrationLink>,
    language: Language,
}

impl SignUpService {
    /// What the activation link `token` is for, without using it.
    ///
    /// # Errors
    /// See [`ActivationError`].
    pub async fn open_activation(&self, token: &str) -> Result<ActivationView, ActivationError> {
        let opened = self.opened(token, self.ports.clock.now()).await?;
        Ok(ActivationView {
            email: opened.contact.email,
            organisation: opened.organisation,
            language: opened.language,
        })
    }

    /// Activates the account of the link `token` and signs it in: in one unit of work the
    /// link is used (exactly one of two concurrent requests wins), one use of the
    /// registration link is counted (never past its maximum; if it ran out meanwhile
    /// nothing happens), the account becomes active, the link's auto-case is created with
    /// an editor grant for the person (granted in the name of the link's creator), a
    /// session starts and the activation is audited.
    ///
    /// # Errors
    /// See [`ActivateError`].
    pub async fn activate(&self, token: &str) -> Result<Activated, ActivateError> {
        let now = self.ports.clock.now();
        let mut opened = self.opened(token, now).await?;
        let used = || ActivationError::Used {
            organisation: Box::new(opened.organisation.clone()),
            email: opened.contact.email.clone(),
        };
        let mut uow = self.ports.transactions.begin().await?;
        if !self
            .ports
            .user_links
            .mark_used(uow.as_mut(), &opened.link, now)
            .await?
        {
            return Err(used().into());
        }
        if let Some(registration) = &opened.registration {
            let closed = |reason| ActivateError::RegistrationClosed {
                reason,
                organisation: Box::new(opened.organisation.clone()),
                language: opened.language,
            };
            if let Usability::Closed(reason) = usability(
                registration,
                opened.organisation.registration_enabled,
                None,
                now,
            ) {
                return Err(closed(reason));
            }
            let counted = self
                .ports
                .links
                .record_use(
                    uow.as_mut(),
                    registration,
                    &RegistrationUse {
                        link_id: registration.id,
                        who: RegisteredUser::Contact(opened.user.id),
                        email: opened.contact.email.clone(),
                        at: now,
                    },
                )
                .await?;
            if !counted {
                return Err(closed(ClosedReason::UsedUp));
            }
        }
        opened.user.state = ContactUserState::Active;
        opened.user.updated_at = now;
        self.ports.users.update(uow.as_mut(), &opened.user).await?;
        let case = match &opened.registration {
            Some(registration) => {
                self.auto_case(uow.as_mut(), &opened, registration, now)
                    .await?
            }
            None => None,
        };
        let secret = Token::generate(TokenKind::Session, self.ports.tokens.as_ref());
        let session = ContactUserSession::start(
            SessionId::from_uuid(self.ports.ids.new_uuid()),
            opened.user.org_id,
            opened.user.id,
            secret.digest(),
            now,
            self.session_policy,
        );
        self.ports.sessions.insert(uow.as_mut(), &session).await?;
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(opened.organisation.id),
            actor: None,
            action: actions::ACTIVATED,
            subject: Some(opened.user.id.to_string()),
            detail: format!(
                "link={} case={}",
                opened
                    .registration
                    .as_ref()
                    .map_or_else(|| "portal".to_owned(), |link| link.id.to_string()),
                case.map_or_else(|| "none".to_owned(), |case| case.to_string())
            ),
            at: now,
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(Activated {
            signed_in: ContactSignedIn {
                session,
                secret,
                user: opened.user,
            },
            organisation: opened.organisation,
            case,
        })
    }

    /// Creates the registration link's auto-case for the new user, with an editor grant.
    async fn auto_case(
        &self,
        uow: &mut Uow,
        opened: &Opened,
        registration: &RegistrationLink,
        now: OffsetDateTime,
    ) -> Result<Option<CaseId>, RepositoryError> {
        let contact = &opened.contact;
        let person = AutoCaseFor {
            name: contact.full_name(),
            submitted: Some(SubmittedContact {
                first_name: contact.first_name.to_string(),
                last_name: contact.last_name.to_string(),
                email: contact.email.as_str().to_owned(),
                phone: None,
                address: None,
            }),
            assignee: None,
        };
        let org = opened.organisation.id;
        let Some(case_id) = self
            .insert_auto_case(uow, org, registration, opened.language, person, now)
            .await?
        else {
            return Ok(None);
        };
        self.ports
            .cases
            .link_contact(uow, org, case_id, contact.id, now)
            .await?;
        let grant = AccessGrant {
            id: AccessGrantId::from_uuid(self.ports.ids.new_uuid()),
            org_id: org,
            contact_user_id: opened.user.id,
            case_id,
            role: CaseRole::Editor,
            granted_by: registration.created_by,
            granted_at: now,
            revoked_at: None,
            revoked_by: None,
        };
        self.ports.grants.insert(uow, &grant).await?;
        Ok(Some(case_id))
    }

    /// The activation link `token` with everything around it, if it opens at `now`.
    async fn opened(&self, token: &str, now: OffsetDateTime) -> Result<Opened, ActivationError> {
        let token = Token::parse(TokenKind::Action, token.trim())
            .map_err(|_| ActivationError::NotActivation)?;
        let link = self
            .ports
            .user_links
            .find_by_digest(&token.digest())
            .await?
            .filter(|link| link.purpose == ContactUserLinkPurpose::Activation)
            .ok_or(ActivationError::NotActivation)?;
        let org = link.org_id;
        let user = self
            .ports
            .users
            .find(org, link.contact_user_id)
            .await?
            .ok_or(ActivationError::NotActivation)?;
        let contact = self
            .ports
            .contacts
            .find(org, user.contact_id)
            .await?
            .ok_or(ActivationError::NotActivation)?;
        let organisation = self
            .ports
            .organisations
            .find(org)
            .await?
            .ok_or(ActivationError::NotActivation)?;
        // A link staff resent has a new id: the sign-up is then found through its user.
        let registration_id = match self.ports.pending.link_of(org, link.id).await? {
            Some(id) => Some(id),
            None => self.ports.pending.link_of_user(org, user.id).await?,
        };
        let registration = match registration_id {
            Some(id) => self.ports.links.find(org, id).await?,
            None => None,
        };
        let language = registration
            .as_ref()
            .map_or(organisation.default_language, |link| link.language);
        if user.state != ContactUserState::Pending {
            return Err(ActivationError::Used {
                organisation: Box::new(organisation),
                email: contact.email,
            });
        }
        // Used while the account still waits: a newer link (staff's resend, or signing up
        // again) superseded it, and the account cannot sign in yet — it has gone.
        if link.used_at.is_some() || !link.is_usable_at(now) {
            return Err(ActivationError::Expired {
                organisation: Box::new(organisation),
                language,
            });
        }
        Ok(Opened {
            link,
            user,
            contact,
            organisation,
            registration,
            language,
        })
    }
}
