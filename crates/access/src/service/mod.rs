//! The access use cases: one method each, each with its own error enum, one file per use case
//! or tight family of them.
//!
//! | file | use cases |
//! |---|---|
//! | `bootstrap.rs` | [`AccessService::bootstrap`] (operator) |
//! | `staff_users.rs` | create, list and change staff users |
//! | `api_tokens.rs` | issue (staff and operator), revoke and authenticate API tokens |
//! | `password_links.rs` | inspect a one-time link, set a password with it |
//! | `password_reset.rs` | [`AccessService::request_password_reset`] ("forgot your password?", anyone) |
//! | `sessions.rs` | sign in, authenticate a session, sign out |
//! | `whoami.rs` | the actor's organisation and own record, an organisation by slug |
//! | `preferences.rs` | [`AccessService::set_my_language`] (any staff member, for themself) |
//! | `audit_log.rs` | [`AccessService::audit_log`]: read the audit trail |
//! | `my_api_tokens.rs` | list and issue the actor's own API tokens (any staff member) |
//! | `grants/` | contact users' grants and public-cases rules ([`GrantsService`]) |
//! | `embed.rs` | [`EmbedService`]: the sites allowed to embed the forms (read, replace) |
//! | `portal.rs` | [`PortalService`]: the customer portal's settings (read, change) |
//! | `organisation_settings.rs` | [`AccessService::update_organisation`] (name, branding, default language) |

mod api_tokens;
mod audit_log;
mod bootstrap;
mod embed;
mod grants;
mod my_api_tokens;
mod organisation_settings;
mod password_links;
mod password_reset;
mod portal;
mod preferences;
mod sessions;
mod staff_users;
mod whoami;

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_kernel::{
    ActionTokenId, AuditEventId, Clock, IdGenerator, OrgId, PasswordHasher, PublicLinks,
    RepositoryError, StaffUserId, Token, TokenKind, TokenSource, TransactionRunner, UnitOfWork,
    Uow,
};
use secrecy::SecretString;
use time::{Duration, OffsetDateTime};

pub use api_tokens::{
    CreateApiTokenError, CreatedApiToken, NewApiToken, OperatorTokenError, RevokeApiTokenError,
};
pub use audit_log::ListAuditError;
pub use bootstrap::{BootstrapError, BootstrapOrganisation, Bootstrapped};
pub use embed::{EmbedPorts, EmbedService, SetEmbedOriginsError};
pub use grants::{
    CaseAccess, CaseAccessError, GrantAccess, GrantAccessError, GrantedCase, GrantsPorts,
    GrantsService, ListGrantsError, PublicCasesRuleError, PublicCasesScope, RevokeGrantError,
    SetPublicCasesRule, VisibleCases,
};
pub use my_api_tokens::{CreateMyApiTokenError, ListMyApiTokensError, MAX_OWN_TOKEN_DAYS};
pub use organisation_settings::{
    MAX_LOGO_URL_BYTES, OrganisationChanges, UpdateOrganisationError, is_acceptable_logo_url,
};
pub use password_links::{ActionLinkError, ActionLinkView, SetPasswordError};
pub use password_reset::{
    RequestStaffPasswordReset, RequestStaffPasswordResetError, STAFF_PASSWORD_RESET_REQUESTED,
    StaffPasswordReset,
};
pub use portal::{
    PortalChanges, PortalPorts, PortalService, PortalSettingsError, UpdatePortalError,
};
pub use preferences::SetLanguageError;
pub use sessions::{AuthenticatedSession, SignInAttempt, SignInError, SignedIn};
pub use staff_users::{
    CreateStaffUserError, CreatedStaffUser, ListStaffUsersError, NewStaffUser, StaffUserChanges,
    UpdateStaffUserError,
};
pub use whoami::WhoAmIError;

use crate::{
    ActionPurpose, ActionToken, ActionTokenRepository, ApiTokenRepository, AttemptLog, AuditAction,
    AuditEvent, AuditLog, LifetimeKind, Organisation, OrganisationInitialiser,
    OrganisationRepository, SessionRepository, StaffUser, StaffUserRepository,
};

/// Everything the access use cases need from outside, as shared trait objects.
#[derive(Clone)]
pub struct AccessPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Creates a new organisation's starting records.
    pub initialiser: Arc<dyn OrganisationInitialiser>,
    /// Staff users.
    pub staff: Arc<dyn StaffUserRepository>,
    /// API tokens.
    pub api_tokens: Arc<dyn ApiTokenRepository>,
    /// One-time action links.
    pub action_tokens: Arc<dyn ActionTokenRepository>,
    /// Console sessions.
    pub sessions: Arc<dyn SessionRepository>,
    /// Failed-attempt counters.
    pub attempts: Arc<dyn AttemptLog>,
    /// Audit trail.
    pub audit: Arc<dyn AuditLog>,
    /// Password hashing.
    pub hasher: Arc<dyn PasswordHasher>,
    /// The URLs of the public pages one-time links open.
    pub links: Arc<dyn PublicLinks>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness.
    pub tokens: Arc<dyn TokenSource>,
    /// Id generation.
    pub ids: Arc<dyn IdGenerator>,
}

/// How long console sessions last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A session unused this long ends.
    pub idle: Duration,
    /// A session ends this long after sign-in whatever the activity.
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::hours(2),
            absolute: Duration::hours(12),
        }
    }
}

/// The access use cases.
#[derive(Clone)]
pub struct AccessService {
    ports: AccessPorts,
    session_policy: SessionPolicy,
}

/// A one-time link as returned to the caller: the only copy of its secret URL.
#[derive(Debug)]
pub struct IssuedLink {
    /// The absolute URL, containing the secret token.
    pub url: SecretString,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
}

/// Why a credential did not authenticate. Deliberately one arm for unknown, malformed,
/// revoked, expired and disabled, so callers cannot tell them apart. Shared by API-token and
/// session authentication, which must answer alike.
#[derive(Debug, thiserror::Error)]
pub enum AuthenticateError {
    /// The credential does not authenticate anyone.
    #[error("the credential is not valid")]
    Invalid,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl AccessService {
    /// A service over `ports` with the given session lifetimes.
    pub fn new(ports: AccessPorts, session_policy: SessionPolicy) -> Self {
        Self {
            ports,
            session_policy,
        }
    }

    fn now(&self) -> OffsetDateTime {
        self.ports.clock.now()
    }

    fn event(
        &self,
        org_id: Option<OrgId>,
        actor: Option<StaffUserId>,
        action: AuditAction,
        subject: Option<String>,
        detail: String,
    ) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id,
            actor,
            action,
            subject,
            detail,
            at: self.now(),
        }
    }

    async fn begin(&self) -> Result<Box<dyn UnitOfWork>, RepositoryError> {
        self.ports.transactions.begin().await
    }

    /// Stores a new one-time link for `user` in `uow` and returns its only URL.
    async fn issue_action_link(
        &self,
        uow: &mut Uow,
        org: &Organisation,
        user: StaffUserId,
        purpose: ActionPurpose,
    ) -> Result<IssuedLink, RepositoryError> {
        let now = self.now();
        let kind = match purpose {
            ActionPurpose::PasswordSetup | ActionPurpose::SignUpActivation => {
                LifetimeKind::Activation
            }
            ActionPurpose::PasswordReset => LifetimeKind::PasswordReset,
        };
        let expires_at = now + Duration::seconds(org.lifetimes.lifetimes(kind).default_seconds);
        let secret = Token::generate(TokenKind::Action, self.ports.tokens.as_ref());
        let record = ActionToken {
            id: ActionTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: org.id,
            user_id: user,
            purpose,
            digest: secret.digest(),
            created_at: now,
            expires_at,
            used_at: None,
        };
        self.ports.action_tokens.insert(uow, &record).await?;
        Ok(IssuedLink {
            url: self.ports.links.action(org.base_url.as_str(), &secret),
            expires_at,
        })
    }

    /// The enabled user `id` of `org`, or [`AuthenticateError::Invalid`].
    async fn enabled_user(
        &self,
        org: OrgId,
        id: StaffUserId,
    ) -> Result<StaffUser, AuthenticateError> {
        match self.ports.staff.find(org, id).await? {
            Some(user) if !user.disabled => Ok(user),
            _ => Err(AuthenticateError::Invalid),
        }
    }
}

/// The audit detail naming a client address, if known.
fn ip_detail(ip: Option<IpAddr>) -> String {
    ip.map(|ip| format!("ip={ip}")).unwrap_or_default()
}
