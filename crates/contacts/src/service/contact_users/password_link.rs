//! A contact user's one-time `{base}/a/fda_…` link: the page's GET shows what it is for
//! (and consumes nothing, so mail scanners use nothing up); the POST from that page sets
//! the password, once.

use frontdesk_access::{OrgName, OrgSlug, Organisation};
use frontdesk_kernel::{
    EmailAddress, NewPassword, PasswordError, PasswordHashingError, RepositoryError, Token,
    TokenKind,
};
use secrecy::SecretString;
use time::OffsetDateTime;

use crate::{
    Contact, ContactSignedIn, ContactUser, ContactUserLink, ContactUserLinkPurpose,
    ContactUserState, ContactUsersService, Username,
};

use super::credentials::HashingFailure;

/// What a usable link is for and whose it is, for the page that opens it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactLinkView {
    /// The organisation's display name.
    pub organisation_name: OrgName,
    /// The organisation's slug (the portal lives at `/o/{slug}/`).
    pub organisation_slug: OrgSlug,
    /// The account's email.
    pub email: EmailAddress,
    /// The account's username.
    pub username: Username,
    /// What the link is for.
    pub purpose: ContactUserLinkPurpose,
}

/// Why a link does not open. The three arms let the page say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum ContactLinkError {
    /// Not a link of ours: malformed, unknown, or its account may no longer use it.
    #[error("this link is not valid")]
    Invalid,
    /// Past its expiry: ask for a new one.
    #[error("this link has expired")]
    Expired,
    /// Already used (or superseded by a newer link): sign in, or ask for a new one.
    #[error("this link has already been used")]
    Used,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a password was not set with a link.
#[derive(Debug, thiserror::Error)]
pub enum SetContactPasswordError {
    /// Not a link of ours: malformed, unknown, or its account may no longer use it.
    #[error("this link is not valid")]
    Invalid,
    /// Past its expiry.
    #[error("this link has expired")]
    Expired,
    /// Already used (also by a concurrent request) or superseded.
    #[error("this link has already been used")]
    Used,
    /// The new password breaks the policy.
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

impl From<ContactLinkError> for SetContactPasswordError {
    fn from(error: ContactLinkError) -> Self {
        match error {
            ContactLinkError::Invalid => Self::Invalid,
            ContactLinkError::Expired => Self::Expired,
            ContactLinkError::Used => Self::Used,
            ContactLinkError::Repository(error) => Self::Repository(error),
        }
    }
}

impl From<HashingFailure> for SetContactPasswordError {
    fn from(failure: HashingFailure) -> Self {
        match failure {
            HashingFailure::Busy => Self::Busy,
            HashingFailure::Failed(error) => Self::Hashing(error),
        }
    }
}

/// A link that opens, with everything around it.
struct OpenLink {
    link: ContactUserLink,
    user: ContactUser,
    contact: Contact,
    organisation: Organisation,
}

impl ContactUsersService {
    /// What the link `token` is for, without using it up.
    ///
    /// # Errors
    /// [`ContactLinkError::Invalid`], `Used` or `Expired` (checked in that order); `Repository`
    /// when storage fails.
    pub async fn open_password_link(
        &self,
        token: &str,
    ) -> Result<ContactLinkView, ContactLinkError> {
        let now = self.ports.clock.now();
        let open = self.open_link(token, now).await?;
        Ok(ContactLinkView {
            organisation_name: open.organisation.name,
            organisation_slug: open.organisation.slug,
            email: open.contact.email,
            username: open.user.username,
            purpose: open.link.purpose,
        })
    }

    /// Sets a new password with the link `token` (the page has checked the confirmation)
    /// and signs the person in. In one unit of work: the link is marked used (exactly one
    /// of two concurrent requests wins), the permanent hash is stored, the account becomes
    /// active without a forced change, older links are superseded, every session ends, a
    /// new session starts, the `password_changed` mail is queued and the change is audited.
    ///
    /// # Errors
    /// See [`SetContactPasswordError`].
    pub async fn set_password_with_link(
        &self,
        token: &str,
        new: SecretString,
    ) -> Result<ContactSignedIn, SetContactPasswordError> {
        let now = self.ports.clock.now();
        let mut open = self.open_link(token, now).await?;
        let new = NewPassword::parse(new).map_err(SetContactPasswordError::Password)?;
        let hash = self
            .ports
            .hasher
            .hash(&new)
            .await
            .map_err(HashingFailure::from)?;
        // Every purpose a contact user's link has ends in a chosen password; a new purpose
        // must say here what it does.
        let how = match open.link.purpose {
            ContactUserLinkPurpose::SetPassword => "set_password_link",
            ContactUserLinkPurpose::ResetPassword => "reset_password_link",
            // Activation links are the sign-up's; `open_link` never yields one.
            ContactUserLinkPurpose::Activation | ContactUserLinkPurpose::Invitation => {
                return Err(SetContactPasswordError::Invalid);
            }
        };
        let mut uow = self.ports.transactions.begin().await?;
        if !self
            .ports
            .user_links
            .mark_used(uow.as_mut(), &open.link, now)
            .await?
        {
            return Err(SetContactPasswordError::Used);
        }
        let (session, secret) = self
            .install_password(
                uow.as_mut(),
                &open.organisation,
                &mut open.user,
                &open.contact,
                hash,
                now,
                how,
            )
            .await?;
        uow.commit().await?;
        Ok(ContactSignedIn {
            session,
            secret,
            user: open.user,
        })
    }

    /// The link `token` with its account, contact and organisation, if it opens at `now`.
    async fn open_link(
        &self,
        token: &str,
        now: OffsetDateTime,
    ) -> Result<OpenLink, ContactLinkError> {
        let token =
            Token::parse(TokenKind::Action, token.trim()).map_err(|_| ContactLinkError::Invalid)?;
        let link = self
            .ports
            .user_links
            .find_by_digest(&token.digest())
            .await?
            // Activation and invitation links are opened by their own pages, never as
            // set-password links.
            .filter(|link| {
                !matches!(
                    link.purpose,
                    ContactUserLinkPurpose::Activation | ContactUserLinkPurpose::Invitation
                )
            })
            .ok_or(ContactLinkError::Invalid)?;
        let user = self
            .ports
            .users
            .find(link.org_id, link.contact_user_id)
            .await?
            .filter(|user| {
                matches!(
                    user.state,
                    ContactUserState::Invited
                        | ContactUserState::Pending
                        | ContactUserState::Active
                )
            })
            .ok_or(ContactLinkError::Invalid)?;
        if link.used_at.is_some() {
            return Err(ContactLinkError::Used);
        }
        if !link.is_usable_at(now) {
            return Err(ContactLinkError::Expired);
        }
        let contact = self
            .ports
            .contacts
            .find(link.org_id, user.contact_id)
            .await?
            .ok_or(ContactLinkError::Invalid)?;
        let organisation = self
            .ports
            .organisations
            .find(link.org_id)
            .await?
            .ok_or(ContactLinkError::Invalid)?;
        Ok(OpenLink {
            link,
            user,
            contact,
            organisation,
        })
    }
}
