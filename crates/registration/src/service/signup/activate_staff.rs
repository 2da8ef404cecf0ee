//! The activation link a staff sign-up mails (`/a/fda_…`, purpose
//! [`ActionPurpose::SignUpActivation`]): its GET shows a confirm page and uses nothing (mail
//! scanners follow links); the POST from that page, in one unit of work, uses the link
//! (exactly one of two concurrent requests wins), counts one use of the registration link
//! it came from (never past its maximum: a link used up, revoked or expired meanwhile
//! activates nothing), enables the staff user, creates the link's auto-case assigned to
//! them and audits `staff_user.activated`; then a console session starts as at
//! `/staff/login` (`session.signed_in`).

use frontdesk_access::{
    ActionPurpose, ActionToken, AuditAction, AuditEvent, Organisation, SignedIn, StaffSession,
    StaffUser,
};
use frontdesk_kernel::{
    AuditEventId, CaseId, EmailAddress, Language, RepositoryError, SessionId, Token, TokenKind, Uow,
};
use time::{Duration, OffsetDateTime};

use super::auto_case::AutoCaseFor;
use super::{ActivationView, SignUpService, actions};
use crate::{
    ClosedReason, RegisteredUser, RegistrationLink, RegistrationUse, Usability, usability,
};

/// Why a staff activation link does not open.
#[derive(Debug, thiserror::Error)]
pub enum StaffActivationError {
    /// Not a staff sign-up's activation link (perhaps another kind of `/a/` link; the
    /// caller asks the others).
    #[error("not a staff activation link")]
    NotStaffActivation,
    /// Past its expiry.
    #[error("this activation link has expired")]
    Expired {
        /// The organisation (the page names whom to ask).
        organisation: Box<Organisation>,
        /// The pages' language.
        language: Language,
    },
    /// Already used, or the account is already on: the staff sign-in page, with the
    /// address filled in — never a session.
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

/// Why a staff account was not activated.
#[derive(Debug, thiserror::Error)]
pub enum ActivateStaffError {
    /// The link does not open (see [`StaffActivationError`]).
    #[error(transparent)]
    Link(#[from] StaffActivationError),
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

/// A freshly activated staff user, signed in to the console.
#[derive(Debug)]
pub struct StaffActivated {
    /// The console session and the only copy of its secret (for the session cookie).
    pub signed_in: SignedIn,
    /// The staff user, now enabled.
    pub user: StaffUser,
    /// The organisation.
    pub organisation: Organisation,
    /// The auto-case created, if the link had one.
    pub case: Option<CaseId>,
}

struct Opened {
    link: ActionToken,
    user: StaffUser,
    organisation: Organisation,
    registration: RegistrationLink,
    language: Language,
}

impl SignUpService {
    /// What the staff activation link `token` is for, without using it.
    ///
    /// # Errors
    /// See [`StaffActivationError`].
    pub async fn open_staff_activation(
        &self,
        token: &str,
    ) -> Result<ActivationView, StaffActivationError> {
        let opened = self.opened_staff(token, self.ports.clock.now()).await?;
        Ok(ActivationView {
            email: opened.user.email,
            organisation: opened.organisation,
            language: opened.language,
        })
    }

    /// Activates the staff user of the link `token` and signs it in to the console (see
    /// the module's documentation for what happens, in which unit of work).
    ///
    /// # Errors
    /// See [`ActivateStaffError`].
    pub async fn activate_staff(&self, token: &str) -> Result<StaffActivated, ActivateStaffError> {
        let now = self.ports.clock.now();
        let mut opened = self.opened_staff(token, now).await?;
        let closed = |reason, opened: &Opened| ActivateStaffError::RegistrationClosed {
            reason,
            organisation: Box::new(opened.organisation.clone()),
            language: opened.language,
        };
        let mut uow = self.ports.transactions.begin().await?;
        if !self
            .ports
            .staff_links
            .mark_used(uow.as_mut(), &opened.link, now)
            .await?
        {
            return Err(StaffActivationError::Used {
                organisation: Box::new(opened.organisation),
                email: opened.user.email,
            }
            .into());
        }
        if let Usability::Closed(reason) = usability(
            &opened.registration,
            opened.organisation.registration_enabled,
            None,
            now,
        ) {
            return Err(closed(reason, &opened));
        }
        let counted = self
            .ports
            .links
            .record_use(
                uow.as_mut(),
                &opened.registration,
                &RegistrationUse {
                    link_id: opened.registration.id,
                    who: RegisteredUser::Staff(opened.user.id),
                    email: opened.user.email.clone(),
                    at: now,
                },
            )
            .await?;
        if !counted {
            return Err(closed(ClosedReason::UsedUp, &opened));
        }
        opened.user.disabled = false;
        opened.user.updated_at = now;
        self.ports.staff.update(uow.as_mut(), &opened.user).await?;
        let case = self.staff_auto_case(uow.as_mut(), &opened, now).await?;
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(opened.organisation.id),
            actor: None,
            action: actions::STAFF_ACTIVATED,
            subject: Some(opened.user.id.to_string()),
            detail: format!(
                "link={} case={}",
                opened.registration.id,
                case.map_or_else(|| "none".to_owned(), |case| case.to_string())
            ),
            at: now,
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        let signed_in = self.start_staff_session(&opened.user, now).await?;
        Ok(StaffActivated {
            signed_in,
            user: opened.user,
            organisation: opened.organisation,
            case,
        })
    }

    /// A new console session for `user`, as `/staff/login` starts one (a new secret, the
    /// configured absolute lifetime, `session.signed_in` audited).
    async fn start_staff_session(
        &self,
        user: &StaffUser,
        now: OffsetDateTime,
    ) -> Result<SignedIn, RepositoryError> {
        let secret = Token::generate(TokenKind::Session, self.ports.tokens.as_ref());
        let session = StaffSession {
            id: SessionId::from_uuid(self.ports.ids.new_uuid()),
            digest: secret.digest(),
            org_id: user.org_id,
            user_id: user.id,
            created_at: now,
            last_seen_at: now,
            absolute_expires_at: now + self.session_policy.absolute,
            ended_at: None,
        };
        self.ports.staff_sessions.insert(&session).await?;
        let mut uow = self.ports.transactions.begin().await?;
        let event = AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(user.org_id),
            actor: Some(user.id),
            action: AuditAction::SIGNED_IN,
            subject: Some(session.id.to_string()),
            detail: "via=sign_up_activation".to_owned(),
            at: now,
        };
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(SignedIn { session, secret })
    }

    /// Creates the registration link's auto-case, assigned to the new staff user.
    async fn staff_auto_case(
        &self,
        uow: &mut Uow,
        opened: &Opened,
        now: OffsetDateTime,
    ) -> Result<Option<CaseId>, RepositoryError> {
        let person = AutoCaseFor {
            name: opened.user.name.to_string(),
            submitted: None,
            assignee: Some(opened.user.id),
        };
        self.insert_auto_case(
            uow,
            opened.organisation.id,
            &opened.registration,
            opened.language,
            person,
            now,
        )
        .await
    }

    /// The staff activation link `token` with everything around it, if it opens at `now`.
    async fn opened_staff(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Opened, StaffActivationError> {
        let token = Token::parse(TokenKind::Action, token.trim())
            .map_err(|_| StaffActivationError::NotStaffActivation)?;
        let link = self
            .ports
            .staff_links
            .find_by_digest(&token.digest())
            .await?
            .filter(|link| link.purpose == ActionPurpose::SignUpActivation)
            .ok_or(StaffActivationError::NotStaffActivation)?;
        let org = link.org_id;
        let user = self
            .ports
            .staff
            .find(org, link.user_id)
            .await?
            .ok_or(StaffActivationError::NotStaffActivation)?;
        let organisation = self
            .ports
            .organisations
            .find(org)
            .await?
            .ok_or(StaffActivationError::NotStaffActivation)?;
        // Every staff activation link comes from a registration link: without it there is
        // nothing to count the use on, and the link opens nothing.
        let registration = match self.ports.pending.link_of(org, link.id).await? {
            Some(id) => self.ports.links.find(org, id).await?,
            None => None,
        }
        .ok_or(StaffActivationError::NotStaffActivation)?;
        let language = registration.language;
        // Used, or the account changed since the sign-up issued the link (an administrator
        // enabled, disabled or edited it: their decision stands; a second of slack for
        // how stores round times).
        let changed = user.updated_at > link.created_at + Duration::seconds(1);
        if link.used_at.is_some() || !user.disabled || changed {
            return Err(StaffActivationError::Used {
                organisation: Box::new(organisation),
                email: user.email,
            });
        }
        if now >= link.expires_at {
            return Err(StaffActivationError::Expired {
                organisation: Box::new(organisation),
                language,
            });
        }
        Ok(Opened {
            link,
            user,
            organisation,
            registration,
            language,
        })
    }
}
