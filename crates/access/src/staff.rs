//! Staff users, the credentials they hold and the identity a request acts as.

use frontdesk_kernel::{
    ActionTokenId, ApiTokenId, EmailAddress, Language, LineRule, OrgId, PasswordHash, PersonName,
    SessionId, SingleLine, StaffUserId, TokenDigest,
};
use time::OffsetDateTime;

use crate::error::Forbidden;
use crate::{Permission, ProfileSet};

/// A member of an organisation's staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffUser {
    /// Its id.
    pub id: StaffUserId,
    /// The organisation it belongs to.
    pub org_id: OrgId,
    /// Sign-in address; unique within the organisation.
    pub email: EmailAddress,
    /// Display name.
    pub name: PersonName,
    /// What it may do.
    pub profiles: ProfileSet,
    /// A disabled user cannot sign in and its API tokens stop working.
    pub disabled: bool,
    /// Its password hash, once it has set a password.
    pub password_hash: Option<PasswordHash>,
    /// The language it chose for the console; `None` follows the organisation's default.
    pub language: Option<Language>,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// How a request proved who it acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    /// A bearer API token.
    ApiToken(ApiTokenId),
    /// A signed-in console session.
    Session(SessionId),
}

/// The authenticated staff identity a request acts as. Every staff use case takes one and
/// checks its permissions; its organisation scopes every query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffActor {
    /// The organisation the actor works in.
    pub org_id: OrgId,
    /// The staff user.
    pub user_id: StaffUserId,
    /// The user's profiles at authentication time.
    pub profiles: ProfileSet,
    /// How it authenticated.
    pub method: AuthMethod,
}

impl StaffActor {
    /// Whether the actor holds `permission`.
    pub fn may(&self, permission: Permission) -> bool {
        self.profiles.grants(permission)
    }

    /// Succeeds when the actor holds `permission`.
    ///
    /// # Errors
    /// [`Forbidden`] naming the missing permission.
    pub fn require(&self, permission: Permission) -> Result<(), Forbidden> {
        if self.may(permission) {
            Ok(())
        } else {
            Err(Forbidden(permission))
        }
    }
}

/// The rule of an API token's label: 1–100 characters on one line.
pub enum ApiTokenLabelRule {}

impl LineRule for ApiTokenLabelRule {
    const MAX_CHARS: usize = 100;
}

impl ApiTokenLabelRule {
    /// The rule in words, for whoever typed a label that breaks it.
    pub const DESCRIPTION: &'static str = "a label is 1–100 characters without line breaks";
}

/// A label to recognise an API token by: 1–100 characters, no control characters, trimmed.
pub type ApiTokenLabel = SingleLine<ApiTokenLabelRule>;

/// A staff API token record. The secret itself is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its id (safe to show and to revoke by).
    pub id: ApiTokenId,
    /// The organisation.
    pub org_id: OrgId,
    /// The staff user it acts as.
    pub user_id: StaffUserId,
    /// A label to recognise it by.
    pub label: String,
    /// SHA-256 of the secret.
    pub digest: TokenDigest,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it stops working, if ever.
    pub expires_at: Option<OffsetDateTime>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

impl ApiToken {
    /// Whether the token can authenticate at `now`.
    pub fn is_usable(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| now < at)
    }
}

/// What a one-time action link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionPurpose {
    /// Choose a first password (new staff user).
    PasswordSetup,
    /// Choose a new password (forgotten one).
    PasswordReset,
    /// Turn on the account a person made through a staff registration link (it waits,
    /// disabled, with the password they chose); never sets a password.
    SignUpActivation,
}

impl ActionPurpose {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PasswordSetup => "password_setup",
            Self::PasswordReset => "password_reset",
            Self::SignUpActivation => "sign_up_activation",
        }
    }

    /// Whether the link sets a password (`/a/` shows the set-password form for it).
    pub const fn sets_password(self) -> bool {
        matches!(self, Self::PasswordSetup | Self::PasswordReset)
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "password_setup" => Some(Self::PasswordSetup),
            "password_reset" => Some(Self::PasswordReset),
            "sign_up_activation" => Some(Self::SignUpActivation),
            _ => None,
        }
    }
}

/// A one-time link (`/a/{token}`) for a staff user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionToken {
    /// Its id.
    pub id: ActionTokenId,
    /// The organisation.
    pub org_id: OrgId,
    /// The staff user it acts on.
    pub user_id: StaffUserId,
    /// What it is for.
    pub purpose: ActionPurpose,
    /// SHA-256 of the secret.
    pub digest: TokenDigest,
    /// When it was issued.
    pub created_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// When it was used; a used link never works again.
    pub used_at: Option<OffsetDateTime>,
}

/// A signed-in console session. Only the digest of its secret id is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffSession {
    /// Its record id.
    pub id: SessionId,
    /// SHA-256 of the secret session id held in the cookie.
    pub digest: TokenDigest,
    /// The organisation.
    pub org_id: OrgId,
    /// The signed-in user.
    pub user_id: StaffUserId,
    /// When it started.
    pub created_at: OffsetDateTime,
    /// When it was last used.
    pub last_seen_at: OffsetDateTime,
    /// When it ends whatever the activity.
    pub absolute_expires_at: OffsetDateTime,
    /// When it was ended (sign-out, password change, disable).
    pub ended_at: Option<OffsetDateTime>,
}
