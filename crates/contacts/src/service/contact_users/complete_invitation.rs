//! The invitation link (`/a/fda_…`, 7 days): its GET shows the form and uses nothing; the
//! POST from it takes the person's name and password, activates the account and signs the
//! person in — once.

use frontdesk_access::Organisation;
use frontdesk_kernel::{
    EmailAddress, NewPassword, PasswordError, PasswordHashingError, PersonName, RepositoryError,
    Token, TokenKind,
};
use secrecy::SecretString;
use time::OffsetDateTime;

use super::credentials::HashingFailure;
use crate::{
    Contact, ContactSignedIn, ContactUser, ContactUserLink, ContactUserLinkPurpose,
    ContactUserState, ContactUsersService,
};

/// What the invitation page shows.
#[derive(Debug, Clone)]
pub struct InvitationView {
    /// The organisation.
    pub organisation: Organisation,
    /// The invited address.
    pub email: EmailAddress,
    /// The names on file (staff's, or placeholders after the address), to prefill.
    pub first_name: PersonName,
    /// See `first_name`.
    pub last_name: PersonName,
}

/// Why an invitation does not open.
#[derive(Debug, thiserror::Error)]
pub enum InvitationLinkError {
    /// Not an invitation link (the caller asks the other `/a/` pages).
    #[error("not an invitation link")]
    NotInvitation,
    /// Past its expiry: ask for a new one.
    #[error("this invitation has expired")]
    Expired(Box<Organisation>),
    /// Already used: sign in (the address filled in), never a session.
    #[error("this invitation has already been used")]
    Used(Box<Organisation>, EmailAddress),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// What the person typed on the invitation page.
#[derive(Debug, Clone)]
pub struct CompleteInvitation {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// The chosen password.
    pub password: SecretString,
}

/// Why an invitation was not completed.
#[derive(Debug, thiserror::Error)]
pub enum CompleteInvitationError {
    /// The link does not open.
    #[error(transparent)]
    Link(#[from] InvitationLinkError),
    /// The first name is missing or too long.
    #[error("enter your first name")]
    FirstName,
    /// The last name is missing or too long.
    #[error("enter your last name")]
    LastName,
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

impl From<HashingFailure> for CompleteInvitationError {
    fn from(failure: HashingFailure) -> Self {
        match failure {
            HashingFailure::Busy => Self::Busy,
            HashingFailure::Failed(error) => Self::Hashing(error),
        }
    }
}

struct Opened {
    link: ContactUserLink,
    user: ContactUser,
    contact: Contact,
    organisation: Organisation,
}

impl ContactUsersService {
    /// What the invitation link `token` is for, without using it.
    ///
    /// # Errors
    /// See [`InvitationLinkError`].
    pub async fn open_invitation(
        &self,
        token: &str,
    ) -> Result<InvitationView, InvitationLinkError> {
        let opened = self
            .opened_invitation(token, self.ports.clock.now())
            .await?;
        Ok(InvitationView {
            organisation: opened.organisation,
            email: opened.contact.email,
            first_name: opened.contact.first_name,
            last_name: opened.contact.last_name,
        })
    }

    /// Completes the invitation `token`: in one unit of work the link is used (exactly one
    /// of two concurrent requests wins), the contact takes the typed name, the password is
    /// installed (the account becomes active, older links are superseded, a session starts,
    /// the `password_changed` mail is queued) and it is audited.
    ///
    /// # Errors
    /// See [`CompleteInvitationError`].
    pub async fn complete_invitation(
        &self,
        token: &str,
        request: CompleteInvitation,
    ) -> Result<ContactSignedIn, CompleteInvitationError> {
        let now = self.ports.clock.now();
        let mut opened = self.opened_invitation(token, now).await?;
        let first_name = PersonName::parse(request.first_name.trim())
            .map_err(|_| CompleteInvitationError::FirstName)?;
        let last_name = PersonName::parse(request.last_name.trim())
            .map_err(|_| CompleteInvitationError::LastName)?;
        let password =
            NewPassword::parse(request.password).map_err(CompleteInvitationError::Password)?;
        let hash = self
            .ports
            .hasher
            .hash(&password)
            .await
            .map_err(HashingFailure::from)?;
        let mut uow = self.ports.transactions.begin().await?;
        if !self
            .ports
            .user_links
            .mark_used(uow.as_mut(), &opened.link, now)
            .await?
        {
            return Err(InvitationLinkError::Used(
                Box::new(opened.organisation),
                opened.contact.email,
            )
            .into());
        }
        self.ports
            .contacts
            .rename_in(
                uow.as_mut(),
                opened.organisation.id,
                opened.contact.id,
                &first_name,
                &last_name,
            )
            .await?;
        opened.contact.first_name = first_name;
        opened.contact.last_name = last_name;
        let (session, secret) = self
            .install_password(
                uow.as_mut(),
                &opened.organisation,
                &mut opened.user,
                &opened.contact,
                hash,
                now,
                "invitation",
            )
            .await?;
        uow.commit().await?;
        Ok(ContactSignedIn {
            session,
            secret,
            user: opened.user,
        })
    }

    async fn opened_invitation(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<Opened, InvitationLinkError> {
        let token = Token::parse(TokenKind::Action, token.trim())
            .map_err(|_| InvitationLinkError::NotInvitation)?;
        let link = self
            .ports
            .user_links
            .find_by_digest(&token.digest())
            .await?
            .filter(|link| link.purpose == ContactUserLinkPurpose::Invitation)
            .ok_or(InvitationLinkError::NotInvitation)?;
        let org = link.org_id;
        let user = self
            .ports
            .users
            .find(org, link.contact_user_id)
            .await?
            .ok_or(InvitationLinkError::NotInvitation)?;
        let contact = self
            .ports
            .contacts
            .find(org, user.contact_id)
            .await?
            .ok_or(InvitationLinkError::NotInvitation)?;
        let organisation = self
            .ports
            .organisations
            .find(org)
            .await?
            .ok_or(InvitationLinkError::NotInvitation)?;
        if matches!(
            user.state,
            ContactUserState::Disabled | ContactUserState::Removed
        ) {
            return Err(InvitationLinkError::NotInvitation);
        }
        if link.used_at.is_some() || user.state != ContactUserState::Invited {
            return Err(InvitationLinkError::Used(
                Box::new(organisation),
                contact.email,
            ));
        }
        if !link.is_usable_at(now) {
            return Err(InvitationLinkError::Expired(Box::new(organisation)));
        }
        Ok(Opened {
            link,
            user,
            contact,
            organisation,
        })
    }
}
