//! Opening a share link (anyone holding it): `open` answers the `GET` (a password page, an
//! interstitial or the case), `confirm` the `POST` from those pages (checks the password,
//! counts the view).

use frontdesk_access::{AttemptCheck, Organisation, ThrottlePolicy};
use frontdesk_cases::{Case, CaseInContext, TimelineEntry, Visibility};
use frontdesk_kernel::{
    Language, PasswordHash, PasswordHashingError, PasswordVerification, RepositoryError, Token,
    TokenKind, ip_rate_key,
};
use secrecy::SecretString;
use time::{Duration, OffsetDateTime};

use super::SharingService;
use crate::{ShareLink, ShareView, ViewerInfo, ip_hash, stored_user_agent};

/// Failed password attempts allowed per link within [`PASSWORD_WINDOW`].
const PASSWORD_FAILURES_PER_LINK: u32 = 5;
/// Failed password attempts allowed per client address within [`PASSWORD_WINDOW`].
const PASSWORD_FAILURES_PER_IP: u32 = 20;
/// The sliding window of the password attempt limits.
const PASSWORD_WINDOW: Duration = Duration::minutes(15);

/// A shared case as its recipient sees it: externally visible parts only.
#[derive(Debug, Clone)]
pub struct SharedCase {
    /// The organisation's name.
    pub organisation_name: String,
    /// The organisation (its brand on the page: name, logo, colour).
    pub organisation: Organisation,
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
/// existed are `Gone` — nothing more is revealed. Shared by `open` and `confirm`, the two
/// halves of one visit.
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
    /// Checking the password failed.
    #[error("password hashing failed")]
    Hashing(#[source] PasswordHashingError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl SharingService {
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

    /// The link `raw_token` names, if it still opens; and the time it was checked at.
    async fn open_link(
        &self,
        raw_token: &str,
    ) -> Result<(ShareLink, OffsetDateTime), ShareViewError> {
        let token =
            Token::parse(TokenKind::ShareLink, raw_token).map_err(|_| ShareViewError::NotFound)?;
        let link = self
            .ports
            .share_links
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
                ip_rate_key("share-pw-ip", ip),
                ThrottlePolicy {
                    max_failures: PASSWORD_FAILURES_PER_IP,
                    window: PASSWORD_WINDOW,
                },
            ));
        }
        // Each guess is recorded before the password is checked, each check and record
        // atomic, so parallel guesses cannot all pass a limit; a right password withdraws
        // the record again.
        let mut recorded: Vec<&str> = Vec::with_capacity(keys.len());
        for (key, policy) in &keys {
            if let AttemptCheck::Refused {
                retry_after_seconds,
            } = self.ports.attempts.try_record(key, *policy, now).await?
            {
                self.withdraw_all(&recorded, now).await?;
                return Err(ShareViewError::Throttled {
                    retry_after_seconds,
                    language,
                });
            }
            recorded.push(key);
        }
        let candidate = candidate.unwrap_or_else(|| SecretString::from(String::new()));
        let verdict = self
            .ports
            .hasher
            .verify(&candidate, Some(hash.clone()))
            .await;
        let verdict = match verdict {
            Ok(verdict) => verdict,
            Err(error) => {
                self.withdraw_all(&recorded, now).await?;
                return Err(match error {
                    PasswordHashingError::Busy => ShareViewError::Busy,
                    other @ PasswordHashingError::Failed(_) => ShareViewError::Hashing(other),
                });
            }
        };
        if verdict == PasswordVerification::Match {
            self.withdraw_all(&recorded, now).await?;
            return Ok(());
        }
        Err(ShareViewError::WrongPassword { language })
    }

    /// Withdraws the password attempts recorded at `now` for `keys`.
    async fn withdraw_all(
        &self,
        keys: &[&str],
        now: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        for key in keys {
            self.ports.attempts.withdraw(key, now).await?;
        }
        Ok(())
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
        if !self.ports.share_links.record_view(link, &view).await? {
            return Err(gone());
        }
        Ok(SharedCase {
            organisation_name: organisation.name.as_str().to_owned(),
            organisation,
            case,
            timeline,
            language: link.language,
        })
    }
}
