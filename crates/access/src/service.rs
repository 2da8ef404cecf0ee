//! The access use cases: one method each, each with its own error enum.

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_kernel::{
    ActionTokenId, ApiTokenId, AuditEventId, Clock, EmailAddress, IdGenerator, Language,
    NewPassword, OrgId, Page, PageRequest, PasswordError, PasswordHasher, PasswordHashingError,
    PasswordVerification, PersonName, RepositoryError, SessionId, StaffUserId, Token, TokenKind,
    TokenSource, TransactionRunner, UnitOfWork, Uow,
};
use secrecy::SecretString;
use time::{Duration, OffsetDateTime};
use url::Url;

use crate::error::Forbidden;
use crate::{
    ActionPurpose, ActionToken, ActionTokenRepository, ApiToken, ApiTokenRepository, AttemptLog,
    AuditAction, AuditEvent, AuditLog, AuthMethod, Branding, LifetimeKind, OrgName, OrgSlug,
    Organisation, OrganisationInitialiser, OrganisationRepository, Permission, PortalMode, Profile,
    ProfileSet, SessionRepository, StaffActor, StaffSession, StaffUser, StaffUserRepository,
    ThrottleDecision, ThrottlePolicy, TokenLifetimePolicy,
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

/// Activity is written back to a session at most this often.
const TOUCH_INTERVAL: Duration = Duration::seconds(60);

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

/// What the operator supplies to create an organisation.
#[derive(Debug, Clone)]
pub struct BootstrapOrganisation {
    /// URL name.
    pub slug: OrgSlug,
    /// Display name.
    pub name: OrgName,
    /// First admin's address.
    pub admin_email: EmailAddress,
    /// First admin's name.
    pub admin_name: PersonName,
    /// Public base URL for links.
    pub base_url: Url,
    /// Default language.
    pub default_language: Language,
}

/// A newly bootstrapped organisation and the only copies of its first secrets.
#[derive(Debug)]
pub struct Bootstrapped {
    /// The organisation.
    pub organisation: Organisation,
    /// Slug of its default intake form.
    pub form_slug: String,
    /// Its first admin.
    pub admin: StaffUser,
    /// A staff API token acting as the admin.
    pub api_token: Token,
    /// The admin's password setup link.
    pub setup_link: IssuedLink,
}

/// Why an organisation could not be bootstrapped.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// The slug is already in use.
    #[error("an organisation with slug {0:?} already exists")]
    SlugTaken(String),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A staff user to create.
#[derive(Debug, Clone)]
pub struct NewStaffUser {
    /// Sign-in address.
    pub email: EmailAddress,
    /// Display name.
    pub name: PersonName,
    /// Profiles to grant.
    pub profiles: ProfileSet,
}

/// A created staff user and its password setup link.
#[derive(Debug)]
pub struct CreatedStaffUser {
    /// The user.
    pub user: StaffUser,
    /// One-time link to choose a password.
    pub setup_link: IssuedLink,
}

/// Why a staff user could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateStaffUserError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The address is already used by a staff user of this organisation.
    #[error("a staff user with this email already exists")]
    EmailTaken,
    /// Storage failed.
    #[error(transparent)]
    Repository(RepositoryError),
}

/// Why staff users could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ListStaffUsersError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Changes to a staff user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct StaffUserChanges {
    /// New profiles.
    pub profiles: Option<ProfileSet>,
    /// New disabled flag.
    pub disabled: Option<bool>,
}

/// Why a staff user could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateStaffUserError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user in the actor's organisation.
    #[error("staff user not found")]
    NotFound,
    /// The change would leave the organisation without an enabled admin.
    #[error("the organisation must keep at least one enabled admin")]
    LastAdmin,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// An API token to issue.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    /// A label to recognise it by (1–100 characters).
    pub label: String,
    /// When it should stop working, if ever.
    pub expires_at: Option<OffsetDateTime>,
}

/// An issued API token and the only copy of its secret.
#[derive(Debug)]
pub struct CreatedApiToken {
    /// The stored record.
    pub record: ApiToken,
    /// The secret bearer token.
    pub secret: Token,
}

/// Why an API token could not be issued.
#[derive(Debug, thiserror::Error)]
pub enum CreateApiTokenError {
    /// The actor may not manage staff.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such user in the organisation.
    #[error("staff user not found")]
    UserNotFound,
    /// The user is disabled.
    #[error("the staff user is disabled")]
    UserDisabled,
    /// The label is empty, too long or has control characters.
    #[error("a label is 1–100 characters without line breaks")]
    InvalidLabel,
    /// The expiry is not in the future.
    #[error("the expiry must be in the future")]
    ExpiryNotInFuture,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why an operator could not issue an API token from the command line.
#[derive(Debug, thiserror::Error)]
pub enum OperatorTokenError {
    /// No organisation with this slug.
    #[error("no organisation with slug {0:?}")]
    OrganisationNotFound(String),
    /// No staff user with this address in the organisation.
    #[error("no staff user with this email in the organisation")]
    UserNotFound,
    /// Issuing failed.
    #[error(transparent)]
    Create(#[from] CreateApiTokenError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why an API token could not be revoked.
#[derive(Debug, thiserror::Error)]
pub enum RevokeApiTokenError {
    /// The actor may neither manage staff nor owns the token.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such token in the actor's organisation.
    #[error("API token not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a credential did not authenticate. Deliberately one arm for unknown, malformed,
/// revoked, expired and disabled, so callers cannot tell them apart.
#[derive(Debug, thiserror::Error)]
pub enum AuthenticateError {
    /// The credential does not authenticate anyone.
    #[error("the credential is not valid")]
    Invalid,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why the actor's own records could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WhoAmIError {
    /// The actor's user or organisation no longer exists.
    #[error("not found")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// What the holder of a one-time link sees before using it.
#[derive(Debug, Clone)]
pub struct ActionLinkView {
    /// What the link does.
    pub purpose: ActionPurpose,
    /// The account it is for.
    pub email: EmailAddress,
    /// The organisation's name.
    pub organisation_name: String,
    /// When it expires.
    pub expires_at: OffsetDateTime,
}

/// Why a one-time link cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ActionLinkError {
    /// Malformed or unknown.
    #[error("this link is not valid")]
    Invalid,
    /// Past its expiry.
    #[error("this link has expired")]
    Expired,
    /// Already used.
    #[error("this link has already been used")]
    Used,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a password could not be set through a link.
#[derive(Debug, thiserror::Error)]
pub enum SetPasswordError {
    /// The link cannot be used.
    #[error(transparent)]
    Link(#[from] ActionLinkError),
    /// The password breaks the policy.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// Hashing is saturated; try again shortly.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A sign-in attempt as typed by a person.
#[derive(Debug)]
pub struct SignInAttempt {
    /// Organisation slug as typed.
    pub organisation: String,
    /// Address as typed.
    pub email: String,
    /// Password as typed.
    pub password: SecretString,
    /// The client's address, for the per-IP throttle.
    pub client_ip: Option<IpAddr>,
}

/// A started session and the only copy of its secret id.
#[derive(Debug)]
pub struct SignedIn {
    /// The session record.
    pub session: StaffSession,
    /// The secret for the session cookie.
    pub secret: Token,
    /// The CSRF token forms of this session must carry.
    pub csrf: String,
}

/// Why a sign-in failed. Unknown organisation, unknown address, disabled user and wrong
/// password are all [`SignInError::InvalidCredentials`].
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The credentials do not match an enabled account.
    #[error("the email or password is not correct")]
    InvalidCredentials,
    /// Too many recent failures for this account or address.
    #[error("too many failed sign-ins; try again in {retry_after_seconds} seconds")]
    Throttled {
        /// Seconds until another attempt is allowed.
        retry_after_seconds: u64,
    },
    /// Hashing is saturated; try again shortly.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Hashing failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A session that authenticated a request.
#[derive(Debug, Clone)]
pub struct AuthenticatedSession {
    /// Who it acts as.
    pub actor: StaffActor,
    /// The session record.
    pub session: StaffSession,
    /// The CSRF token its forms carry.
    pub csrf: String,
}

impl AccessService {
    /// A service over `ports` with the given session lifetimes.
    pub fn new(ports: AccessPorts, session_policy: SessionPolicy) -> Self {
        Self {
            ports,
            session_policy,
        }
    }

    /// The CSRF token for forms of the session whose secret is `session_secret`.
    pub fn csrf_token(session_secret: &Token) -> String {
        session_secret.derive("csrf")
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

    async fn issue_action_link(
        &self,
        uow: &mut Uow,
        org: &Organisation,
        user: StaffUserId,
        purpose: ActionPurpose,
    ) -> Result<IssuedLink, RepositoryError> {
        let now = self.now();
        let kind = match purpose {
            ActionPurpose::PasswordSetup => LifetimeKind::Activation,
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
            url: SecretString::from(org.public_url(&format!("/a/{}", secret.expose()))),
            expires_at,
        })
    }

    async fn insert_api_token(
        &self,
        uow: &mut Uow,
        user: &StaffUser,
        request: NewApiToken,
    ) -> Result<CreatedApiToken, CreateApiTokenError> {
        let label = request.label.trim().to_owned();
        if label.is_empty() || label.chars().count() > 100 || label.chars().any(char::is_control) {
            return Err(CreateApiTokenError::InvalidLabel);
        }
        let now = self.now();
        if request.expires_at.is_some_and(|at| at <= now) {
            return Err(CreateApiTokenError::ExpiryNotInFuture);
        }
        let secret = Token::generate(TokenKind::ApiKey, self.ports.tokens.as_ref());
        let record = ApiToken {
            id: ApiTokenId::from_uuid(self.ports.ids.new_uuid()),
            org_id: user.org_id,
            user_id: user.id,
            label,
            digest: secret.digest(),
            created_at: now,
            expires_at: request.expires_at,
            revoked_at: None,
        };
        self.ports.api_tokens.insert(uow, &record).await?;
        Ok(CreatedApiToken { record, secret })
    }

    /// Creates an organisation with its default form, a first admin, an API token for that
    /// admin and a password setup link. Operator use case (command line), no actor.
    ///
    /// # Errors
    /// See [`BootstrapError`].
    pub async fn bootstrap(
        &self,
        request: BootstrapOrganisation,
    ) -> Result<Bootstrapped, BootstrapError> {
        if self
            .ports
            .organisations
            .find_by_slug(&request.slug)
            .await?
            .is_some()
        {
            return Err(BootstrapError::SlugTaken(request.slug.to_string()));
        }
        let now = self.now();
        let organisation = Organisation {
            id: OrgId::from_uuid(self.ports.ids.new_uuid()),
            slug: request.slug,
            name: request.name,
            branding: Branding::default(),
            base_url: request.base_url,
            default_language: request.default_language,
            portal_mode: PortalMode::Off,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: now,
        };
        let admin = StaffUser {
            id: StaffUserId::from_uuid(self.ports.ids.new_uuid()),
            org_id: organisation.id,
            email: request.admin_email,
            name: request.admin_name,
            profiles: ProfileSet::of([Profile::Admin]),
            disabled: false,
            password_hash: None,
            created_at: now,
            updated_at: now,
        };
        let mut uow = self.begin().await?;
        match self
            .ports
            .organisations
            .insert(uow.as_mut(), &organisation)
            .await
        {
            Err(RepositoryError::Conflict(_)) => {
                return Err(BootstrapError::SlugTaken(organisation.slug.to_string()));
            }
            other => other?,
        }
        let form_slug = self
            .ports
            .initialiser
            .initialise(uow.as_mut(), &organisation)
            .await?;
        self.ports.staff.insert(uow.as_mut(), &admin).await?;
        let api_token = self
            .insert_api_token(
                uow.as_mut(),
                &admin,
                NewApiToken {
                    label: "bootstrap".into(),
                    expires_at: None,
                },
            )
            .await
            .map_err(|error| match error {
                CreateApiTokenError::Repository(inner) => inner,
                other => RepositoryError::Corrupt(other.to_string()),
            })?;
        let setup_link = self
            .issue_action_link(
                uow.as_mut(),
                &organisation,
                admin.id,
                ActionPurpose::PasswordSetup,
            )
            .await?;
        let created = self.event(
            Some(organisation.id),
            None,
            AuditAction::OrganisationCreated,
            Some(organisation.id.to_string()),
            format!("slug={}", organisation.slug),
        );
        self.ports.audit.record(uow.as_mut(), &created).await?;
        uow.commit().await?;
        Ok(Bootstrapped {
            organisation,
            form_slug,
            admin,
            api_token: api_token.secret,
            setup_link,
        })
    }

    /// Creates a staff user with no password and returns a one-time link to set one.
    ///
    /// # Errors
    /// See [`CreateStaffUserError`].
    pub async fn create_staff_user(
        &self,
        actor: &StaffActor,
        request: NewStaffUser,
    ) -> Result<CreatedStaffUser, CreateStaffUserError> {
        actor.require(Permission::ManageStaff)?;
        let org = self
            .ports
            .organisations
            .find(actor.org_id)
            .await
            .map_err(CreateStaffUserError::Repository)?
            .ok_or_else(|| {
                CreateStaffUserError::Repository(RepositoryError::Corrupt(
                    "actor's organisation is missing".into(),
                ))
            })?;
        let now = self.now();
        let user = StaffUser {
            id: StaffUserId::from_uuid(self.ports.ids.new_uuid()),
            org_id: org.id,
            email: request.email,
            name: request.name,
            profiles: request.profiles,
            disabled: false,
            password_hash: None,
            created_at: now,
            updated_at: now,
        };
        let mut uow = self
            .begin()
            .await
            .map_err(CreateStaffUserError::Repository)?;
        match self.ports.staff.insert(uow.as_mut(), &user).await {
            Err(RepositoryError::Conflict(_)) => return Err(CreateStaffUserError::EmailTaken),
            other => other.map_err(CreateStaffUserError::Repository)?,
        }
        let setup_link = self
            .issue_action_link(uow.as_mut(), &org, user.id, ActionPurpose::PasswordSetup)
            .await
            .map_err(CreateStaffUserError::Repository)?;
        let event = self.event(
            Some(org.id),
            Some(actor.user_id),
            AuditAction::StaffUserCreated,
            Some(user.id.to_string()),
            format!("profiles={}", user.profiles.names().join(",")),
        );
        self.ports
            .audit
            .record(uow.as_mut(), &event)
            .await
            .map_err(CreateStaffUserError::Repository)?;
        match uow.commit().await {
            Err(RepositoryError::Conflict(_)) => return Err(CreateStaffUserError::EmailTaken),
            other => other.map_err(CreateStaffUserError::Repository)?,
        }
        Ok(CreatedStaffUser { user, setup_link })
    }

    /// A page of the actor's organisation's staff users.
    ///
    /// # Errors
    /// See [`ListStaffUsersError`].
    pub async fn list_staff_users(
        &self,
        actor: &StaffActor,
        page: PageRequest,
    ) -> Result<Page<StaffUser>, ListStaffUsersError> {
        actor.require(Permission::ManageStaff)?;
        Ok(self.ports.staff.list(actor.org_id, page).await?)
    }

    /// Changes a staff user's profiles or disabled flag. Disabling ends the user's sessions;
    /// the organisation always keeps at least one enabled admin.
    ///
    /// # Errors
    /// See [`UpdateStaffUserError`].
    pub async fn update_staff_user(
        &self,
        actor: &StaffActor,
        id: StaffUserId,
        changes: StaffUserChanges,
    ) -> Result<StaffUser, UpdateStaffUserError> {
        actor.require(Permission::ManageStaff)?;
        let mut user = self
            .ports
            .staff
            .find(actor.org_id, id)
            .await?
            .ok_or(UpdateStaffUserError::NotFound)?;
        let was_active_admin = !user.disabled && user.profiles.contains(Profile::Admin);
        if let Some(profiles) = changes.profiles {
            user.profiles = profiles;
        }
        if let Some(disabled) = changes.disabled {
            user.disabled = disabled;
        }
        let is_active_admin = !user.disabled && user.profiles.contains(Profile::Admin);
        if was_active_admin
            && !is_active_admin
            && self.ports.staff.count_active_admins(actor.org_id).await? <= 1
        {
            return Err(UpdateStaffUserError::LastAdmin);
        }
        let now = self.now();
        user.updated_at = now;
        let mut uow = self.begin().await?;
        self.ports.staff.update(uow.as_mut(), &user).await?;
        let event = self.event(
            Some(actor.org_id),
            Some(actor.user_id),
            AuditAction::StaffUserChanged,
            Some(user.id.to_string()),
            format!(
                "profiles={} disabled={}",
                user.profiles.names().join(","),
                user.disabled
            ),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        if user.disabled {
            self.ports
                .sessions
                .end_all_for_user(actor.org_id, user.id, now)
                .await?;
        }
        Ok(user)
    }

    /// Issues an API token acting as staff user `user_id`.
    ///
    /// # Errors
    /// See [`CreateApiTokenError`].
    pub async fn create_api_token(
        &self,
        actor: &StaffActor,
        user_id: StaffUserId,
        request: NewApiToken,
    ) -> Result<CreatedApiToken, CreateApiTokenError> {
        actor.require(Permission::ManageStaff)?;
        let user = self
            .ports
            .staff
            .find(actor.org_id, user_id)
            .await?
            .ok_or(CreateApiTokenError::UserNotFound)?;
        self.create_token_for(Some(actor.user_id), &user, request)
            .await
    }

    async fn create_token_for(
        &self,
        actor: Option<StaffUserId>,
        user: &StaffUser,
        request: NewApiToken,
    ) -> Result<CreatedApiToken, CreateApiTokenError> {
        if user.disabled {
            return Err(CreateApiTokenError::UserDisabled);
        }
        let mut uow = self.begin().await?;
        let created = self.insert_api_token(uow.as_mut(), user, request).await?;
        let event = self.event(
            Some(user.org_id),
            actor,
            AuditAction::ApiTokenCreated,
            Some(created.record.id.to_string()),
            format!("user={} label={}", user.id, created.record.label),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(created)
    }

    /// Issues an API token for the staff user with `email` in organisation `slug`.
    /// Operator use case (command line), no actor.
    ///
    /// # Errors
    /// See [`OperatorTokenError`].
    pub async fn operator_create_api_token(
        &self,
        slug: &OrgSlug,
        email: &EmailAddress,
        label: &str,
    ) -> Result<CreatedApiToken, OperatorTokenError> {
        let org = self
            .ports
            .organisations
            .find_by_slug(slug)
            .await?
            .ok_or_else(|| OperatorTokenError::OrganisationNotFound(slug.to_string()))?;
        let user = self
            .ports
            .staff
            .find_by_email(org.id, email)
            .await?
            .ok_or(OperatorTokenError::UserNotFound)?;
        let request = NewApiToken {
            label: label.to_owned(),
            expires_at: None,
        };
        Ok(self.create_token_for(None, &user, request).await?)
    }

    /// Revokes an API token at once. Admins may revoke any token of their organisation; any
    /// staff user may revoke their own.
    ///
    /// # Errors
    /// See [`RevokeApiTokenError`].
    pub async fn revoke_api_token(
        &self,
        actor: &StaffActor,
        id: ApiTokenId,
    ) -> Result<(), RevokeApiTokenError> {
        let token = self
            .ports
            .api_tokens
            .find(actor.org_id, id)
            .await?
            .ok_or(RevokeApiTokenError::NotFound)?;
        if token.user_id != actor.user_id {
            actor.require(Permission::ManageStaff)?;
        }
        let mut uow = self.begin().await?;
        let now = self.now();
        if self
            .ports
            .api_tokens
            .revoke(uow.as_mut(), actor.org_id, id, now)
            .await?
        {
            let event = self.event(
                Some(actor.org_id),
                Some(actor.user_id),
                AuditAction::ApiTokenRevoked,
                Some(id.to_string()),
                String::new(),
            );
            self.ports.audit.record(uow.as_mut(), &event).await?;
        }
        uow.commit().await?;
        Ok(())
    }

    /// The staff identity a bearer API token acts as.
    ///
    /// # Errors
    /// [`AuthenticateError::Invalid`] for malformed, unknown, revoked or expired tokens and
    /// disabled users; `Repository` when storage fails.
    pub async fn authenticate_api_token(&self, raw: &str) -> Result<StaffActor, AuthenticateError> {
        let token = Token::parse(TokenKind::ApiKey, raw).map_err(|_| AuthenticateError::Invalid)?;
        let record = self
            .ports
            .api_tokens
            .find_by_digest(&token.digest())
            .await?
            .ok_or(AuthenticateError::Invalid)?;
        if !record.is_usable(self.now()) {
            return Err(AuthenticateError::Invalid);
        }
        let user = self.enabled_user(record.org_id, record.user_id).await?;
        Ok(StaffActor {
            org_id: user.org_id,
            user_id: user.id,
            profiles: user.profiles,
            method: AuthMethod::ApiToken(record.id),
        })
    }

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

    /// The actor's organisation.
    ///
    /// # Errors
    /// See [`WhoAmIError`].
    pub async fn organisation(&self, actor: &StaffActor) -> Result<Organisation, WhoAmIError> {
        self.ports
            .organisations
            .find(actor.org_id)
            .await?
            .ok_or(WhoAmIError::NotFound)
    }

    /// The actor's own staff record.
    ///
    /// # Errors
    /// See [`WhoAmIError`].
    pub async fn me(&self, actor: &StaffActor) -> Result<StaffUser, WhoAmIError> {
        self.ports
            .staff
            .find(actor.org_id, actor.user_id)
            .await?
            .ok_or(WhoAmIError::NotFound)
    }

    /// The organisation with this slug, for sign-in pages.
    ///
    /// # Errors
    /// [`RepositoryError`] when storage fails.
    pub async fn organisation_by_slug(
        &self,
        slug: &OrgSlug,
    ) -> Result<Option<Organisation>, RepositoryError> {
        self.ports.organisations.find_by_slug(slug).await
    }

    async fn usable_action_token(&self, raw: &str) -> Result<ActionToken, ActionLinkError> {
        let token = Token::parse(TokenKind::Action, raw).map_err(|_| ActionLinkError::Invalid)?;
        let record = self
            .ports
            .action_tokens
            .find_by_digest(&token.digest())
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        if record.used_at.is_some() {
            return Err(ActionLinkError::Used);
        }
        if self.now() >= record.expires_at {
            return Err(ActionLinkError::Expired);
        }
        Ok(record)
    }

    /// What a one-time link is for, without using it (safe for link scanners).
    ///
    /// # Errors
    /// See [`ActionLinkError`].
    pub async fn inspect_action_link(&self, raw: &str) -> Result<ActionLinkView, ActionLinkError> {
        let record = self.usable_action_token(raw).await?;
        let user = self
            .ports
            .staff
            .find(record.org_id, record.user_id)
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        let org = self
            .ports
            .organisations
            .find(record.org_id)
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        Ok(ActionLinkView {
            purpose: record.purpose,
            email: user.email,
            organisation_name: org.name.as_str().to_owned(),
            expires_at: record.expires_at,
        })
    }

    /// Uses a one-time link to set the user's password. The link works once; every open
    /// session of the user ends.
    ///
    /// # Errors
    /// See [`SetPasswordError`].
    pub async fn set_password_with_link(
        &self,
        raw: &str,
        password: SecretString,
    ) -> Result<(), SetPasswordError> {
        let record = self.usable_action_token(raw).await?;
        let password = NewPassword::parse(password)?;
        let mut user = self
            .ports
            .staff
            .find(record.org_id, record.user_id)
            .await?
            .ok_or(ActionLinkError::Invalid)?;
        let hash = self
            .ports
            .hasher
            .hash(&password)
            .await
            .map_err(|error| match error {
                PasswordHashingError::Busy => SetPasswordError::Busy,
                other @ PasswordHashingError::Failed(_) => SetPasswordError::Hashing(other),
            })?;
        let now = self.now();
        let mut uow = self.begin().await?;
        if !self
            .ports
            .action_tokens
            .mark_used(uow.as_mut(), &record, now)
            .await?
        {
            return Err(ActionLinkError::Used.into());
        }
        user.password_hash = Some(hash);
        user.updated_at = now;
        self.ports.staff.update(uow.as_mut(), &user).await?;
        let event = self.event(
            Some(user.org_id),
            Some(user.id),
            AuditAction::PasswordChanged,
            Some(user.id.to_string()),
            format!("via={}", record.purpose.as_str()),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        self.ports
            .sessions
            .end_all_for_user(user.org_id, user.id, now)
            .await?;
        Ok(())
    }

    fn throttle_keys(attempt: &SignInAttempt) -> (String, Option<String>) {
        let account = format!(
            "account:{}:{}",
            attempt.organisation.trim().to_lowercase(),
            attempt.email.trim().to_lowercase()
        );
        (account, attempt.client_ip.map(|ip| format!("ip:{ip}")))
    }

    async fn throttled(
        &self,
        key: &str,
        policy: ThrottlePolicy,
        now: OffsetDateTime,
    ) -> Result<Option<u64>, RepositoryError> {
        let failures = self
            .ports
            .attempts
            .failures_since(key, policy.window_start(now))
            .await?;
        Ok(match policy.decide(now, &failures) {
            ThrottleDecision::Allow => None,
            ThrottleDecision::Refuse {
                retry_after_seconds,
            } => Some(retry_after_seconds),
        })
    }

    /// Signs a staff user in. Every failure that could reveal whether an account exists
    /// answers [`SignInError::InvalidCredentials`] after the same hashing work.
    ///
    /// # Errors
    /// See [`SignInError`].
    pub async fn sign_in(&self, attempt: SignInAttempt) -> Result<SignedIn, SignInError> {
        let now = self.now();
        let (account_key, ip_key) = Self::throttle_keys(&attempt);
        let mut wait = self
            .throttled(&account_key, ThrottlePolicy::PER_ACCOUNT, now)
            .await?;
        if let Some(ip_key) = &ip_key {
            wait = wait.max(self.throttled(ip_key, ThrottlePolicy::PER_IP, now).await?);
        }
        if let Some(retry_after_seconds) = wait {
            return Err(SignInError::Throttled {
                retry_after_seconds,
            });
        }
        let user = self.find_sign_in_user(&attempt).await?;
        let hash = user
            .as_ref()
            .filter(|u| !u.disabled)
            .and_then(|u| u.password_hash.clone());
        let verification = self
            .ports
            .hasher
            .verify(&attempt.password, hash.clone())
            .await
            .map_err(|error| match error {
                PasswordHashingError::Busy => SignInError::Busy,
                other @ PasswordHashingError::Failed(_) => SignInError::Hashing(other),
            })?;
        let user = match (user, verification) {
            (Some(user), PasswordVerification::Match) if hash.is_some() => user,
            (user, _) => {
                self.ports
                    .attempts
                    .record_failure(&account_key, now)
                    .await?;
                if let Some(ip_key) = &ip_key {
                    self.ports.attempts.record_failure(ip_key, now).await?;
                }
                if let Some(user) = user {
                    let mut uow = self.begin().await?;
                    let event = self.event(
                        Some(user.org_id),
                        Some(user.id),
                        AuditAction::SignInFailed,
                        Some(user.id.to_string()),
                        ip_detail(attempt.client_ip),
                    );
                    self.ports.audit.record(uow.as_mut(), &event).await?;
                    uow.commit().await?;
                }
                return Err(SignInError::InvalidCredentials);
            }
        };
        self.ports.attempts.clear(&account_key).await?;
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
        self.ports.sessions.insert(&session).await?;
        let mut uow = self.begin().await?;
        let event = self.event(
            Some(user.org_id),
            Some(user.id),
            AuditAction::SignedIn,
            Some(session.id.to_string()),
            ip_detail(attempt.client_ip),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        let csrf = Self::csrf_token(&secret);
        Ok(SignedIn {
            session,
            secret,
            csrf,
        })
    }

    async fn find_sign_in_user(
        &self,
        attempt: &SignInAttempt,
    ) -> Result<Option<StaffUser>, RepositoryError> {
        let (Ok(slug), Ok(email)) = (
            OrgSlug::parse(attempt.organisation.trim()),
            EmailAddress::parse(&attempt.email),
        ) else {
            return Ok(None);
        };
        let Some(org) = self.ports.organisations.find_by_slug(&slug).await? else {
            return Ok(None);
        };
        self.ports.staff.find_by_email(org.id, &email).await
    }

    /// The staff identity a session cookie acts as. Ends sessions past their idle or
    /// absolute timeout, and records activity.
    ///
    /// # Errors
    /// [`AuthenticateError::Invalid`] for malformed, unknown, ended or expired sessions and
    /// disabled users; `Repository` when storage fails.
    pub async fn authenticate_session(
        &self,
        raw: &str,
    ) -> Result<AuthenticatedSession, AuthenticateError> {
        let secret =
            Token::parse(TokenKind::Session, raw).map_err(|_| AuthenticateError::Invalid)?;
        let session = self
            .ports
            .sessions
            .find_by_digest(&secret.digest())
            .await?
            .ok_or(AuthenticateError::Invalid)?;
        let now = self.now();
        if session.ended_at.is_some() {
            return Err(AuthenticateError::Invalid);
        }
        if now >= session.absolute_expires_at
            || now - session.last_seen_at >= self.session_policy.idle
        {
            self.ports.sessions.end(&session, now).await?;
            return Err(AuthenticateError::Invalid);
        }
        let user = self.enabled_user(session.org_id, session.user_id).await?;
        if now - session.last_seen_at >= TOUCH_INTERVAL {
            self.ports.sessions.touch(&session, now).await?;
        }
        Ok(AuthenticatedSession {
            actor: StaffActor {
                org_id: user.org_id,
                user_id: user.id,
                profiles: user.profiles,
                method: AuthMethod::Session(session.id),
            },
            session,
            csrf: Self::csrf_token(&secret),
        })
    }

    /// Ends the session whose secret is `raw`, if it exists. Unknown sessions are ignored.
    ///
    /// # Errors
    /// [`RepositoryError`] when storage fails.
    pub async fn sign_out(&self, raw: &str) -> Result<(), RepositoryError> {
        let Ok(secret) = Token::parse(TokenKind::Session, raw) else {
            return Ok(());
        };
        let Some(session) = self.ports.sessions.find_by_digest(&secret.digest()).await? else {
            return Ok(());
        };
        let now = self.now();
        self.ports.sessions.end(&session, now).await?;
        let mut uow = self.begin().await?;
        let event = self.event(
            Some(session.org_id),
            Some(session.user_id),
            AuditAction::SignedOut,
            Some(session.id.to_string()),
            String::new(),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await
    }
}

fn ip_detail(ip: Option<IpAddr>) -> String {
    ip.map(|ip| format!("ip={ip}")).unwrap_or_default()
}
