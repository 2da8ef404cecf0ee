//! What a sign-up with a registration link would get (anyone holding the link).

use frontdesk_access::{Organisation, Profile};
use frontdesk_kernel::{EmailAddress, RepositoryError, Token, TokenKind};

use super::RegistrationService;
use crate::{
    ClosedReason, RegistrationLink, RegistrationRole, STAFF_SIGN_UP_PROFILE, Usability, usability,
};

/// What a sign-up through an open link creates.
#[derive(Debug, Clone)]
pub struct SignUpTerms {
    /// The link (its client, auto-case form, language and limits).
    pub link: RegistrationLink,
    /// The link's organisation.
    pub organisation: Organisation,
    /// The only profile a staff sign-up gets ([`STAFF_SIGN_UP_PROFILE`]); `None` for a
    /// client link, whose sign-ups are contact users.
    pub staff_profile: Option<Profile>,
}

/// The answer for a token (and an address, when the person typed one).
#[derive(Debug, Clone)]
pub enum LinkCheck {
    /// The link lets this person sign up, on these terms.
    Open(Box<SignUpTerms>),
    /// The link lets nobody sign up (the page answers 410 and says why).
    Closed(ClosedReason),
    /// The link works, but not for the address's domain.
    DomainNotAllowed,
}

/// Why a token could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckLinkError {
    /// Not a registration token, or no link has it (the page answers 404, never saying
    /// which).
    #[error("registration link not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl RegistrationService {
    /// What a sign-up with `token` (the text after `/r/`) and, when known, `email` would
    /// get now: [`LinkCheck::Open`] with the terms while the organisation allows
    /// registration and the link is unrevoked, unexpired, has uses left and accepts the
    /// address's domain (every domain when `email` is `None`, as when the sign-up page is
    /// first shown). Reads only; a use is counted by the sign-up itself
    /// ([`crate::RegistrationLinkRepository::record_use`]).
    ///
    /// # Errors
    /// See [`CheckLinkError`].
    pub async fn check_link(
        &self,
        token: &str,
        email: Option<&EmailAddress>,
    ) -> Result<LinkCheck, CheckLinkError> {
        let token =
            Token::parse(TokenKind::Registration, token).map_err(|_| CheckLinkError::NotFound)?;
        let link = self
            .ports
            .links
            .find_by_digest(&token.digest())
            .await?
            .ok_or(CheckLinkError::NotFound)?;
        let organisation = self
            .ports
            .organisations
            .find(link.org_id)
            .await?
            .ok_or(CheckLinkError::NotFound)?;
        let now = self.ports.clock.now();
        Ok(
            match usability(&link, organisation.registration_enabled, email, now) {
                Usability::Usable => {
                    let staff_profile =
                        (link.role == RegistrationRole::Staff).then_some(STAFF_SIGN_UP_PROFILE);
                    LinkCheck::Open(Box::new(SignUpTerms {
                        link,
                        organisation,
                        staff_profile,
                    }))
                }
                Usability::Closed(reason) => LinkCheck::Closed(reason),
                Usability::DomainNotAllowed => LinkCheck::DomainNotAllowed,
            },
        )
    }
}
