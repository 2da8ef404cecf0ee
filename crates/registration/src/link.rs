//! Registration links and their uses.

use std::fmt;

use frontdesk_kernel::{
    ClientId, ContactUserId, EmailAddress, FormId, Language, LineRule, OrgId, RegistrationLinkId,
    SingleLine, StaffUserId, TokenDigest,
};
use time::OffsetDateTime;

use crate::AllowedDomains;

/// The rule of a registration link's label: at most 200 characters on one line.
pub enum RegistrationLabelRule {}

impl LineRule for RegistrationLabelRule {
    const MAX_CHARS: usize = 200;
}

impl RegistrationLabelRule {
    /// The rule in words, for whoever typed a label that breaks it.
    pub const DESCRIPTION: &'static str = "a label is at most 200 characters on one line";
}

/// A label staff give a link to recognise it by (trimmed, one line, at most 200 characters).
pub type RegistrationLabel = SingleLine<RegistrationLabelRule>;

/// What a person who signs up with a link becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistrationRole {
    /// A contact user (linked to the link's client, if it names one).
    Client,
    /// A staff user with the `agent` profile only.
    Staff,
}

/// Why a string names no role.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("the role is client or staff")]
pub struct RegistrationRoleError;

impl RegistrationRole {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Staff => "staff",
        }
    }

    /// Parses a stored or wire name.
    ///
    /// # Errors
    /// [`RegistrationRoleError`] for anything but `client` or `staff`.
    pub fn parse(raw: &str) -> Result<Self, RegistrationRoleError> {
        match raw {
            "client" => Ok(Self::Client),
            "staff" => Ok(Self::Staff),
            _ => Err(RegistrationRoleError),
        }
    }
}

impl fmt::Display for RegistrationRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An open sign-up link (`/r/{token}`); only its token's digest is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationLink {
    /// Its id.
    pub id: RegistrationLinkId,
    /// The organisation.
    pub org_id: OrgId,
    /// A label for staff.
    pub label: Option<String>,
    /// What a sign-up becomes.
    pub role: RegistrationRole,
    /// The client a new contact user is linked to.
    pub client_id: Option<ClientId>,
    /// The form of the case each new user gets, if any.
    pub auto_case_form: Option<FormId>,
    /// SHA-256 of the secret token.
    pub digest: TokenDigest,
    /// Language of the sign-up page and of the new accounts.
    pub language: Language,
    /// The only email domains accepted, when set.
    pub allowed_domains: Option<AllowedDomains>,
    /// Sign-ups allowed, if limited.
    pub max_uses: Option<u32>,
    /// Sign-ups counted so far.
    pub uses: u32,
    /// Who created it.
    pub created_by: StaffUserId,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

/// The account a sign-up created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisteredUser {
    /// A contact user.
    Contact(ContactUserId),
    /// A staff user.
    Staff(StaffUserId),
}

/// One counted sign-up through a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationUse {
    /// The link.
    pub link_id: RegistrationLinkId,
    /// The account it created.
    pub who: RegisteredUser,
    /// The address signed up with.
    pub email: EmailAddress,
    /// When.
    pub at: OffsetDateTime,
}
