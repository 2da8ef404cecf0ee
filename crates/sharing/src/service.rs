//! The sharing use cases: create, list, revoke, audit and mail links (staff), per-form
//! permissions (admins), and opening a link (anyone holding it).

use std::sync::Arc;

use frontdesk_access::{AttemptLog, Forbidden, OrganisationRepository, Profile, StaffActor};
use frontdesk_cases::{Case, CaseRepository, FormRepository, TimelineEntry, TimelineRepository};
use frontdesk_kernel::{
    CaseId, Clock, EmailAddress, IdGenerator, Language, MessageId, PasswordHasher, RepositoryError,
    ShareLinkId, TokenSource, TransactionRunner,
};
use frontdesk_messaging::MessagingService;
use secrecy::SecretString;
use time::OffsetDateTime;

use crate::{ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView, ViewerInfo};

/// Everything the sharing use cases need.
#[derive(Clone)]
pub struct SharingPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Share links and views.
    pub links: Arc<dyn ShareLinkRepository>,
    /// Per-form permissions.
    pub permissions: Arc<dyn SharePermissionRepository>,
    /// Cases.
    pub cases: Arc<dyn CaseRepository>,
    /// Forms (the addon switch).
    pub forms: Arc<dyn FormRepository>,
    /// Timelines (public entries are shown).
    pub timeline: Arc<dyn TimelineRepository>,
    /// Organisations (lifetime policy, name).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Shared counters for the password attempt limit.
    pub attempts: Arc<dyn AttemptLog>,
    /// Password hashing for protected links.
    pub hasher: Arc<dyn PasswordHasher>,
    /// Outbound mail.
    pub messaging: MessagingService,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness.
    pub tokens: Arc<dyn TokenSource>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// What staff ask for when sharing.
#[derive(Debug, Default)]
pub struct CreateShareLink {
    /// When it should expire (default: the organisation's share-link default, 7 days).
    pub expires_at: Option<OffsetDateTime>,
    /// How many views it allows (at least 1), if limited.
    pub max_views: Option<u32>,
    /// A password the recipient must type (8–128 characters), if any.
    pub password: Option<SecretString>,
    /// A label for staff.
    pub label: Option<String>,
}

/// A new link and the only copies of its secret URL.
#[derive(Debug)]
pub struct CreatedShareLink {
    /// The stored link.
    pub link: ShareLink,
    /// `{base}/s/{token}`.
    pub url: SecretString,
    /// A `mailto:` URL with a subject and the link in the body, for "Email this link".
    pub mailto: SecretString,
}

/// Why a link could not be created.
#[derive(Debug, thiserror::Error)]
pub enum CreateShareLinkError {
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// The case's form does not have the share-link addon switched on.
    #[error("sharing is not switched on for this case's form")]
    AddonDisabled,
    /// The actor's profiles may not share cases of this form.
    #[error("you may not share cases of this form publicly")]
    Forbidden,
    /// `max_views` is 0.
    #[error("max_views must be at least 1")]
    NoViews,
    /// The expiry is not in the future.
    #[error("the expiry must be in the future")]
    ExpiryInPast,
    /// The expiry is past the organisation's maximum.
    #[error("the expiry is past the organisation's maximum of {max_days} days")]
    ExpiryTooLate {
        /// The maximum in days.
        max_days: i64,
    },
    /// The password breaks the policy.
    #[error("the password must be 8–128 characters and not a common one")]
    WeakPassword,
    /// The label is too long or has control characters.
    #[error("a label is at most 200 characters")]
    BadLabel,
    /// Hashing is saturated.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a staff action on existing links failed.
#[derive(Debug, thiserror::Error)]
pub enum ShareAdminError {
    /// The actor lacks a permission.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such link, case or form in the actor's organisation.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The URL given does not belong to this link.
    #[error("this is not the link's URL")]
    WrongUrl,
    /// Invalid input.
    #[error("{0}")]
    Invalid(String),
    /// A recipient limit stopped the mail.
    #[error("this recipient was sent mail moments ago; try again in {retry_after_seconds} seconds")]
    RecipientLimited {
        /// Seconds to wait.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A shared case as its recipient sees it: externally visible parts only.
#[derive(Debug, Clone)]
pub struct SharedCase {
    /// The organisation's name.
    pub organisation_name: String,
    /// The case.
    pub case: Case,
    /// Public timeline entries, oldest first (never internal notes).
    pub timeline: Vec<TimelineEntry>,
    /// Language to show it in.
    pub language: Language,
}

/// What opening a link (`GET`) leads to.
#[derive(Debug, Clone)]
pub enum ShareGate {
    /// The link has a password: show the password page.
    Password {
        /// Page language.
        language: Language,
    },
    /// The link counts views: show a "View case" button; only its `POST` counts a view.
    Interstitial {
        /// Page language.
        language: Language,
        /// Views left.
        views_left: u32,
    },
    /// Show the case (the view was counted and logged).
    Shown(SharedCase),
}

/// Why a link does not show its case. Unknown and malformed links are `NotFound`; links that
/// existed are `Gone` — nothing more is revealed.
#[derive(Debug, thiserror::Error)]
pub enum ShareViewError {
    /// Malformed, of another kind, or unknown.
    #[error("link not found")]
    NotFound,
    /// Expired, revoked or used up.
    #[error("this link no longer works")]
    Gone {
        /// Page language.
        language: Language,
    },
    /// Wrong password (same page again).
    #[error("the password is not correct")]
    WrongPassword {
        /// Page language.
        language: Language,
    },
    /// Too many wrong passwords.
    #[error("too many attempts; try again later")]
    Throttled {
        /// Seconds to wait.
        retry_after_seconds: u64,
        /// Page language.
        language: Language,
    },
    /// Hashing is saturated.
    #[error("the server is busy; try again in a moment")]
    Busy,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The sharing use cases.
#[derive(Clone)]
pub struct SharingService {
    #[expect(dead_code, reason = "used by the use cases as they are implemented")]
    ports: SharingPorts,
}

fn unimplemented_yet() -> RepositoryError {
    RepositoryError::Corrupt("not implemented yet".into())
}

impl SharingService {
    /// A service over `ports`.
    pub fn new(ports: SharingPorts) -> Self {
        Self { ports }
    }

    /// Creates a link to `case`.
    ///
    /// # Errors
    /// See [`CreateShareLinkError`].
    pub async fn create(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
        _request: CreateShareLink,
    ) -> Result<CreatedShareLink, CreateShareLinkError> {
        Err(unimplemented_yet().into())
    }

    /// The links of a case (never their tokens).
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn list(
        &self,
        _actor: &StaffActor,
        _case: CaseId,
    ) -> Result<Vec<ShareLink>, ShareAdminError> {
        Err(unimplemented_yet().into())
    }

    /// Revokes a link at once.
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn revoke(
        &self,
        _actor: &StaffActor,
        _link: ShareLinkId,
    ) -> Result<(), ShareAdminError> {
        Err(unimplemented_yet().into())
    }

    /// The views of a link.
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn views(
        &self,
        _actor: &StaffActor,
        _link: ShareLinkId,
    ) -> Result<Vec<ShareView>, ShareAdminError> {
        Err(unimplemented_yet().into())
    }

    /// Mails a link through the outbox. Only digests are stored, so the caller passes the
    /// link's URL (shown once at creation); it must match the link.
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn email(
        &self,
        _actor: &StaffActor,
        _link: ShareLinkId,
        _url: &str,
        _to: EmailAddress,
        _message: Option<String>,
    ) -> Result<MessageId, ShareAdminError> {
        Err(unimplemented_yet().into())
    }

    /// The per-profile permissions of a form (explicit or default) (admins).
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn permissions(
        &self,
        _actor: &StaffActor,
        _form_slug: &str,
    ) -> Result<Vec<(Profile, bool)>, ShareAdminError> {
        Err(unimplemented_yet().into())
    }

    /// Grants or withdraws a profile's permission to share cases of a form (admins).
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn set_permission(
        &self,
        _actor: &StaffActor,
        _form_slug: &str,
        _profile: Profile,
        _allowed: bool,
    ) -> Result<(), ShareAdminError> {
        Err(unimplemented_yet().into())
    }

    /// Opens a link (`GET`): a password page, an interstitial, or the case (counted).
    ///
    /// # Errors
    /// See [`ShareViewError`].
    pub async fn open(
        &self,
        _raw_token: &str,
        _viewer: ViewerInfo,
    ) -> Result<ShareGate, ShareViewError> {
        Err(unimplemented_yet().into())
    }

    /// Confirms a view (`POST` from the password page or interstitial): checks the password
    /// (rate limited), counts the view atomically and returns the case.
    ///
    /// # Errors
    /// See [`ShareViewError`].
    pub async fn confirm(
        &self,
        _raw_token: &str,
        _password: Option<SecretString>,
        _viewer: ViewerInfo,
    ) -> Result<SharedCase, ShareViewError> {
        Err(unimplemented_yet().into())
    }
}
