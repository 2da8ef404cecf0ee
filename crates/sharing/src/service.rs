//! The sharing use cases: create, list, revoke, audit and mail links (staff), per-form
//! permissions (admins), and opening a link (anyone holding it).

use std::sync::Arc;

use frontdesk_access::{
    AttemptLog, AuditAction, AuditEvent, AuditLog, Forbidden, LifetimeError, LifetimeKind,
    Permission, Profile, StaffActor, ThrottleDecision, ThrottlePolicy,
};
use frontdesk_cases::{
    Case, CaseInContext, CaseRepository, CaseViewReader, Form, FormRepository, FormSlug,
    TimelineEntry, TimelineRepository, Visibility,
};
use frontdesk_kernel::{
    AuditEventId, CaseId, Clock, EmailAddress, IdGenerator, Language, MessageId, NewPassword,
    OrgId, PasswordHash, PasswordHasher, PasswordHashingError, PasswordVerification,
    RepositoryError, ShareLinkId, Token, TokenKind, TokenSource, TransactionRunner, Uow,
};
use frontdesk_messaging::{EnqueueError, MessagingService, NewMail, TemplateKind};
use secrecy::SecretString;
use time::{Duration, OffsetDateTime};

use crate::rules::{parse_label, token_in_url};
use crate::{
    MAX_MESSAGE_CHARS, ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView,
    ViewerInfo, effective_share_permission, ip_hash, mailto_url, may_share, stored_user_agent,
};

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
    /// A case with its organisation (lifetime policy, name) and form, read together.
    pub views: Arc<dyn CaseViewReader>,
    /// Shared counters for the password attempt limit.
    pub attempts: Arc<dyn AttemptLog>,
    /// The audit trail (links created, revoked, mailed).
    pub audit: Arc<dyn AuditLog>,
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
#[expect(
    clippy::large_enum_variant,
    reason = "one value per request, moved once to the renderer; boxing buys nothing"
)]
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

/// Failed password attempts allowed per link within [`PASSWORD_WINDOW`].
const PASSWORD_FAILURES_PER_LINK: u32 = 5;
/// Failed password attempts allowed per client address within [`PASSWORD_WINDOW`].
const PASSWORD_FAILURES_PER_IP: u32 = 20;
/// The sliding window of the password attempt limits.
const PASSWORD_WINDOW: Duration = Duration::minutes(15);

/// The sharing use cases.
#[derive(Clone)]
pub struct SharingService {
    ports: SharingPorts,
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
        actor: &StaffActor,
        case: CaseId,
        request: CreateShareLink,
    ) -> Result<CreatedShareLink, CreateShareLinkError> {
        let CaseInContext {
            organisation,
            form,
            case,
        } = self
            .ports
            .views
            .case_in_context(actor.org_id, case)
            .await?
            .ok_or(CreateShareLinkError::CaseNotFound)?;
        if !form.share_links_enabled {
            return Err(CreateShareLinkError::AddonDisabled);
        }
        if !self.actor_may_share(actor, &form, true).await? {
            return Err(CreateShareLinkError::Forbidden);
        }

        let label = parse_label(request.label.as_deref())?;
        if request.max_views == Some(0) {
            return Err(CreateShareLinkError::NoViews);
        }
        let now = self.ports.clock.now();
        let expires_at = organisation
            .lifetimes
            .expiry(LifetimeKind::ShareLink, now, request.expires_at)
            .map_err(|error| match error {
                LifetimeError::NotInFuture => CreateShareLinkError::ExpiryInPast,
                LifetimeError::ExceedsMaximum { max_days } => {
                    CreateShareLinkError::ExpiryTooLate { max_days }
                }
            })?;
        let password_hash = match request.password {
            None => None,
            Some(password) => {
                let password =
                    NewPassword::parse(password).map_err(|_| CreateShareLinkError::WeakPassword)?;
                Some(
                    self.ports
                        .hasher
                        .hash(&password)
                        .await
                        .map_err(|error| match error {
                            PasswordHashingError::Busy => CreateShareLinkError::Busy,
                            PasswordHashingError::Failed(reason) => {
                                CreateShareLinkError::Repository(hashing_failed(&reason))
                            }
                        })?,
                )
            }
        };

        let token = Token::generate(TokenKind::ShareLink, self.ports.tokens.as_ref());
        let link = ShareLink {
            id: ShareLinkId::from_uuid(self.ports.ids.new_uuid()),
            org_id: actor.org_id,
            case_id: case.id,
            created_by: actor.user_id,
            label,
            digest: token.digest(),
            language: case.language,
            created_at: now,
            expires_at,
            max_views: request.max_views,
            views: 0,
            password_hash,
            revoked_at: None,
        };
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.links.insert(uow.as_mut(), &link).await?;
        let detail = format!(
            "case {}; expires {}; max views {}; password {}",
            case.id,
            format_expiry(expires_at),
            link.max_views
                .map_or_else(|| "none".to_owned(), |max| max.to_string()),
            if link.password_hash.is_some() {
                "yes"
            } else {
                "no"
            },
        );
        self.audit(
            uow.as_mut(),
            actor,
            AuditAction::ShareLinkCreated,
            link.id,
            detail,
        )
        .await?;
        uow.commit().await?;

        let url = organisation.public_url(&format!("/s/{}", token.expose()));
        let mailto = mailto_url(&format!("Case {}: {}", case.number, case.title), &url);
        Ok(CreatedShareLink {
            link,
            url: SecretString::from(url),
            mailto: SecretString::from(mailto),
        })
    }

    /// The links of a case (never their tokens).
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn list(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<Vec<ShareLink>, ShareAdminError> {
        actor.require(Permission::ViewCases)?;
        if self.ports.cases.find(actor.org_id, case).await?.is_none() {
            return Err(ShareAdminError::NotFound("case"));
        }
        Ok(self.ports.links.list_for_case(actor.org_id, case).await?)
    }

    /// Revokes a link at once. Revoking a revoked link changes nothing and succeeds. Allowed
    /// to those who may share cases of the link's form (even once its addon is off), to form
    /// managers, and to the link's creator.
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn revoke(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
    ) -> Result<(), ShareAdminError> {
        let link = self.staff_link(actor, link).await?;
        let allowed = actor.may(Permission::ManageForms)
            || link.created_by == actor.user_id
            || match self.form_of_case(actor.org_id, link.case_id).await? {
                Some(form) => self.actor_may_share(actor, &form, true).await?,
                None => false,
            };
        if !allowed {
            return Err(Forbidden(Permission::ShareCasesPublicly).into());
        }
        let revoked = self
            .ports
            .links
            .revoke(actor.org_id, link.id, self.ports.clock.now())
            .await?;
        if revoked {
            // After the revocation, in its own unit of work: on SQLite the revocation itself
            // needs the only writer connection.
            let mut uow = self.ports.transactions.begin().await?;
            let detail = format!("case {}", link.case_id);
            self.audit(
                uow.as_mut(),
                actor,
                AuditAction::ShareLinkRevoked,
                link.id,
                detail,
            )
            .await?;
            uow.commit().await?;
        }
        Ok(())
    }

    /// Appends an audit event about `link` done by `actor`.
    async fn audit(
        &self,
        uow: &mut Uow,
        actor: &StaffActor,
        action: AuditAction,
        link: ShareLinkId,
        detail: String,
    ) -> Result<(), RepositoryError> {
        self.ports
            .audit
            .record(
                uow,
                &AuditEvent {
                    id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
                    org_id: Some(actor.org_id),
                    actor: Some(actor.user_id),
                    action,
                    subject: Some(link.to_string()),
                    detail,
                    at: self.ports.clock.now(),
                },
            )
            .await
    }

    /// The views of a link.
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn views(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
    ) -> Result<Vec<ShareView>, ShareAdminError> {
        actor.require(Permission::ViewCases)?;
        let link = self.staff_link(actor, link).await?;
        Ok(self.ports.links.views(actor.org_id, link.id).await?)
    }

    /// Mails a link through the outbox. Only digests are stored, so the caller passes the
    /// link's URL (shown once at creation); its token must be the link's. The mail carries the
    /// URL rebuilt from the organisation's base URL, never the host the caller passed. Only
    /// those who may share cases of the form (addon on) may send it, and only while the link
    /// still opens.
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn email(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
        url: &str,
        to: EmailAddress,
        message: Option<String>,
    ) -> Result<MessageId, ShareAdminError> {
        let link = self.staff_link(actor, link).await?;
        let token = Token::parse(TokenKind::ShareLink, token_in_url(url))
            .map_err(|_| ShareAdminError::WrongUrl)?;
        if token.digest() != link.digest {
            return Err(ShareAdminError::WrongUrl);
        }
        let CaseInContext {
            organisation,
            form,
            case,
        } = self
            .ports
            .views
            .case_in_context(actor.org_id, link.case_id)
            .await?
            .ok_or(ShareAdminError::NotFound("case"))?;
        if !self
            .actor_may_share(actor, &form, form.share_links_enabled)
            .await?
        {
            return Err(Forbidden(Permission::ShareCasesPublicly).into());
        }
        let now = self.ports.clock.now();
        if !link.is_open(now) {
            return Err(ShareAdminError::Invalid(
                "this link no longer works (expired, revoked or used up); create a new one".into(),
            ));
        }
        let message = parse_message(message)?;
        let share_url = organisation.public_url(&format!("/s/{}", token.expose()));
        let mut data = serde_json::json!({
            "share_url": share_url,
            "case_number": case.number.to_string(),
            "case_title": case.title,
            "expires_at": format_expiry(link.expires_at),
        });
        if let (Some(map), Some(message)) = (data.as_object_mut(), message) {
            map.insert("message".into(), message.into());
        }
        let recipient = to.to_string();
        let mut uow = self.ports.transactions.begin().await?;
        let id = self
            .ports
            .messaging
            .enqueue(
                uow.as_mut(),
                NewMail {
                    org_id: actor.org_id,
                    to,
                    to_name: None,
                    kind: TemplateKind::ShareLink,
                    language: case.language,
                    data,
                    unsubscribe_url: None,
                },
            )
            .await
            .map_err(|error| match error {
                EnqueueError::RecipientLimited {
                    retry_after_seconds,
                } => ShareAdminError::RecipientLimited {
                    retry_after_seconds,
                },
                EnqueueError::Repository(error) => ShareAdminError::Repository(error),
            })?;
        let detail = format!("case {}; to {}", link.case_id, recipient);
        self.audit(
            uow.as_mut(),
            actor,
            AuditAction::ShareLinkMailed,
            link.id,
            detail,
        )
        .await?;
        uow.commit().await?;
        Ok(id)
    }

    /// The per-profile permissions of a form (explicit or default) (admins).
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn permissions(
        &self,
        actor: &StaffActor,
        form_slug: &str,
    ) -> Result<Vec<(Profile, bool)>, ShareAdminError> {
        actor.require(Permission::ManageForms)?;
        let form = self.form_by_slug(actor, form_slug).await?;
        let mut permissions = Vec::with_capacity(Profile::ALL.len());
        for profile in Profile::ALL {
            let explicit = self
                .ports
                .permissions
                .setting(actor.org_id, form.id, profile)
                .await?;
            permissions.push((profile, effective_share_permission(profile, explicit)));
        }
        Ok(permissions)
    }

    /// Grants or withdraws a profile's permission to share cases of a form (admins). The
    /// setting is saved as given; a `false` for `admin` is saved but has no effect (admins
    /// may always share).
    ///
    /// # Errors
    /// See [`ShareAdminError`].
    pub async fn set_permission(
        &self,
        actor: &StaffActor,
        form_slug: &str,
        profile: Profile,
        allowed: bool,
    ) -> Result<(), ShareAdminError> {
        actor.require(Permission::ManageForms)?;
        let form = self.form_by_slug(actor, form_slug).await?;
        self.ports
            .permissions
            .set(actor.org_id, form.id, profile, allowed)
            .await?;
        Ok(())
    }

    /// Opens a link (`GET`): a password page, an interstitial, or the case (counted).
    ///
    /// # Errors
    /// See [`ShareViewError`].
    pub async fn open(
        &self,
        raw_token: &str,
        viewer: ViewerInfo,
    ) -> Result<ShareGate, ShareViewError> {
        let (link, now) = self.open_link(raw_token).await?;
        if link.password_hash.is_some() {
            return Ok(ShareGate::Password {
                language: link.language,
            });
        }
        if let Some(max) = link.max_views {
            return Ok(ShareGate::Interstitial {
                language: link.language,
                views_left: max.saturating_sub(link.views),
            });
        }
        let shared = self.count_view(&link, &viewer, now).await?;
        Ok(ShareGate::Shown(shared))
    }

    /// Confirms a view (`POST` from the password page or interstitial): checks the password
    /// (rate limited), counts the view atomically and returns the case.
    ///
    /// # Errors
    /// See [`ShareViewError`].
    pub async fn confirm(
        &self,
        raw_token: &str,
        password: Option<SecretString>,
        viewer: ViewerInfo,
    ) -> Result<SharedCase, ShareViewError> {
        let (link, now) = self.open_link(raw_token).await?;
        if let Some(hash) = &link.password_hash {
            self.check_password(&link, hash, password, &viewer, now)
                .await?;
        }
        self.count_view(&link, &viewer, now).await
    }

    /// Whether `actor` may share cases of `form`, reading the form's saved settings for the
    /// actor's profiles. `addon_on` is the form's switch, or `true` where only the profile
    /// permission matters (revoking).
    async fn actor_may_share(
        &self,
        actor: &StaffActor,
        form: &Form,
        addon_on: bool,
    ) -> Result<bool, RepositoryError> {
        if !addon_on {
            return Ok(false);
        }
        let mut saved = Vec::new();
        for profile in actor.profiles.iter() {
            // Admins always may: no need to ask storage.
            if profile != Profile::Admin {
                let setting = self
                    .ports
                    .permissions
                    .setting(actor.org_id, form.id, profile)
                    .await?;
                saved.push((profile, setting));
            }
        }
        Ok(may_share(&actor.profiles, addon_on, |profile| {
            saved
                .iter()
                .find(|(p, _)| *p == profile)
                .and_then(|(_, setting)| *setting)
        }))
    }

    async fn form_of_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Option<Form>, RepositoryError> {
        Ok(self
            .ports
            .views
            .case_in_context(org, case)
            .await?
            .map(|context| context.form))
    }

    async fn form_by_slug(&self, actor: &StaffActor, slug: &str) -> Result<Form, ShareAdminError> {
        let slug = FormSlug::parse(slug).map_err(|_| ShareAdminError::NotFound("form"))?;
        self.ports
            .forms
            .find_by_slug(actor.org_id, &slug)
            .await?
            .ok_or(ShareAdminError::NotFound("form"))
    }

    /// A link of the actor's organisation.
    async fn staff_link(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
    ) -> Result<ShareLink, ShareAdminError> {
        self.ports
            .links
            .find(actor.org_id, link)
            .await?
            .filter(|found| found.org_id == actor.org_id)
            .ok_or(ShareAdminError::NotFound("share link"))
    }

    /// The link `raw_token` names, if it still opens; and the time it was checked at.
    async fn open_link(
        &self,
        raw_token: &str,
    ) -> Result<(ShareLink, OffsetDateTime), ShareViewError> {
        let token =
            Token::parse(TokenKind::ShareLink, raw_token).map_err(|_| ShareViewError::NotFound)?;
        let link = self
            .ports
            .links
            .find_by_digest(&token.digest())
            .await?
            .ok_or(ShareViewError::NotFound)?;
        let now = self.ports.clock.now();
        if !link.is_open(now) {
            return Err(ShareViewError::Gone {
                language: link.language,
            });
        }
        Ok((link, now))
    }

    /// Checks a protected link's password under the per-link and per-address attempt limits;
    /// a wrong password counts against both.
    async fn check_password(
        &self,
        link: &ShareLink,
        hash: &PasswordHash,
        candidate: Option<SecretString>,
        viewer: &ViewerInfo,
        now: OffsetDateTime,
    ) -> Result<(), ShareViewError> {
        let language = link.language;
        let mut keys = vec![(
            format!("share-pw:{}", link.id),
            ThrottlePolicy {
                max_failures: PASSWORD_FAILURES_PER_LINK,
                window: PASSWORD_WINDOW,
            },
        )];
        if let Some(ip) = viewer.ip {
            keys.push((
                format!("share-pw-ip:{ip}"),
                ThrottlePolicy {
                    max_failures: PASSWORD_FAILURES_PER_IP,
                    window: PASSWORD_WINDOW,
                },
            ));
        }
        for (key, policy) in &keys {
            let failures = self
                .ports
                .attempts
                .failures_since(key, policy.window_start(now))
                .await?;
            if let ThrottleDecision::Refuse {
                retry_after_seconds,
            } = policy.decide(now, &failures)
            {
                return Err(ShareViewError::Throttled {
                    retry_after_seconds,
                    language,
                });
            }
        }
        let candidate = candidate.unwrap_or_else(|| SecretString::from(String::new()));
        let verdict = self
            .ports
            .hasher
            .verify(&candidate, Some(hash.clone()))
            .await
            .map_err(|error| match error {
                PasswordHashingError::Busy => ShareViewError::Busy,
                PasswordHashingError::Failed(reason) => {
                    ShareViewError::Repository(hashing_failed(&reason))
                }
            })?;
        if verdict == PasswordVerification::Match {
            return Ok(());
        }
        for (key, _) in &keys {
            self.ports.attempts.record_failure(key, now).await?;
        }
        Err(ShareViewError::WrongPassword { language })
    }

    /// Loads what the recipient sees, then counts and logs the view atomically. Nothing is
    /// counted when the case cannot be shown. A link whose form no longer has the addon on
    /// is gone: switching the addon off closes every link of the form.
    async fn count_view(
        &self,
        link: &ShareLink,
        viewer: &ViewerInfo,
        now: OffsetDateTime,
    ) -> Result<SharedCase, ShareViewError> {
        let gone = || ShareViewError::Gone {
            language: link.language,
        };
        // The case in its context and the timeline do not depend on each other: read them
        // together.
        let (context, mut timeline) = futures::try_join!(
            async {
                Ok::<_, ShareViewError>(
                    self.ports
                        .views
                        .case_in_context(link.org_id, link.case_id)
                        .await?,
                )
            },
            async {
                Ok::<_, ShareViewError>(
                    self.ports
                        .timeline
                        .list(link.org_id, link.case_id, false)
                        .await?,
                )
            },
        )?;
        let Some(CaseInContext {
            organisation,
            form,
            mut case,
        }) = context
        else {
            return Err(gone());
        };
        if !form.share_links_enabled {
            return Err(gone());
        }
        // Never trust a port alone with internal notes.
        timeline.retain(|entry| entry.visibility == Visibility::Public);
        // No form marks contact details public: the recipient sees none.
        case.submitted = None;

        let view = ShareView {
            link_id: link.id,
            viewed_at: now,
            user_agent: stored_user_agent(viewer.user_agent.as_deref()),
            ip_hash: viewer.ip.map(|ip| ip_hash(link.org_id, ip)),
        };
        if !self.ports.links.record_view(link, &view).await? {
            return Err(gone());
        }
        Ok(SharedCase {
            organisation_name: organisation.name.as_str().to_owned(),
            case,
            timeline,
            language: link.language,
        })
    }
}

/// A personal message for a share-link mail: trimmed, `None` when blank.
fn parse_message(message: Option<String>) -> Result<Option<String>, ShareAdminError> {
    let Some(message) = message else {
        return Ok(None);
    };
    let message = message.trim();
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ShareAdminError::Invalid(format!(
            "a message is at most {MAX_MESSAGE_CHARS} characters"
        )));
    }
    if message
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ShareAdminError::Invalid(
            "a message cannot contain control characters".into(),
        ));
    }
    Ok((!message.is_empty()).then(|| message.to_owned()))
}

/// An expiry as mail shows it: `2026-01-08 10:00 UTC`.
fn format_expiry(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

fn hashing_failed(reason: &str) -> RepositoryError {
    RepositoryError::Corrupt(format!("password hashing failed: {reason}"))
}
