//! Ports of the messaging domain: the outbox, template storage, the template engine and
//! the mail transport.

use frontdesk_kernel::{
    EmailAddress, Language, MessageId, OrgId, Page, PageRequest, RepositoryError, Uow,
};
use time::OffsetDateTime;

use crate::{
    ClaimedMessage, DeadMessage, EnqueueError, Envelope, MailTemplate, NewMail, OutboundMessage,
    RenderedMail, TemplateKind, TemplateRuleError,
};

/// Where other domains put the mail their use cases send: inside the caller's unit of work,
/// so the mail exists exactly when the change does. [`crate::MessagingService`] implements it
/// with the per-recipient limits; a unit test mocks it.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait MailQueue: Send + Sync {
    /// Queues `mail` in `uow`, unless the recipient's limits forbid it.
    ///
    /// # Errors
    /// [`EnqueueError::RecipientLimited`] when the recipient got enough mail recently (nothing
    /// is queued); [`EnqueueError::Repository`] when the store fails.
    async fn enqueue(&self, uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError>;
}

/// How many messages went to one recipient recently (see [`Outbox::recent_counts_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecentCounts {
    /// Messages of the kind asked about, in its window.
    pub of_kind: u64,
    /// Messages of any kind, in the wider window.
    pub all: u64,
}

/// How much of an organisation's mail is still to go out, and how much never will.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxSummary {
    /// Messages not yet sent and not dead: pending (perhaps waiting for a retry) or being
    /// sent right now.
    pub waiting: u64,
    /// Messages given up on after every attempt (see [`Outbox::list_dead`]).
    pub dead: u64,
}

/// The transactional outbox.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait Outbox: Send + Sync {
    /// Adds a message in the caller's unit of work: it exists only if that commits.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn enqueue(
        &self,
        uow: &mut Uow,
        message: &OutboundMessage,
    ) -> Result<(), RepositoryError>;

    /// How many messages of `org` to `to` (compared by normalised address) were enqueued
    /// after `since`, of `kind` only when given. Another organisation's mail never counts.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_recent(
        &self,
        org: OrgId,
        to: &EmailAddress,
        kind: Option<TemplateKind>,
        since: OffsetDateTime,
    ) -> Result<u64, RepositoryError>;

    /// The two counts the recipient limits need, read inside the caller's unit of work (so a
    /// request that already holds a database connection never waits for a second one):
    /// messages of `org` of `kind` created after `kind_since`, and of any kind after
    /// `all_since`. Adapters with real transactions should override it with one statement
    /// that also serialises the check: until `uow` ends, another unit of work counting for
    /// the same organisation and recipient waits, so a check and the insert that follows
    /// it are atomic (the limit holds under parallel requests). The default asks
    /// [`Outbox::count_recent`] twice.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn recent_counts_in(
        &self,
        uow: &mut Uow,
        org: OrgId,
        to: &EmailAddress,
        kind: TemplateKind,
        kind_since: OffsetDateTime,
        all_since: OffsetDateTime,
    ) -> Result<RecentCounts, RepositoryError> {
        let _ = uow;
        Ok(RecentCounts {
            of_kind: self.count_recent(org, to, Some(kind), kind_since).await?,
            all: self.count_recent(org, to, None, all_since).await?,
        })
    }

    /// Atomically claims up to `limit` messages that are due at `now` (pending and available,
    /// or sending with an expired lease) for `worker` until `lease_until`, counting an attempt
    /// on each. Concurrent claims never return the same message.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn claim(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, RepositoryError>;

    /// Marks a message sent, if `worker` still holds its lease. Says whether it did.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn mark_sent(
        &self,
        id: MessageId,
        worker: &str,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// Marks several messages sent at once, each only if `worker` still holds its lease;
    /// returns how many it marked. Adapters should override it with one statement; the
    /// default asks [`Outbox::mark_sent`] for each.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn mark_sent_many(
        &self,
        ids: &[MessageId],
        worker: &str,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        let mut marked = 0;
        for id in ids {
            if self.mark_sent(*id, worker, at).await? {
                marked += 1;
            }
        }
        Ok(marked)
    }

    /// Records a failed attempt, if `worker` still holds the lease: the message becomes
    /// pending again from `retry_at`, or dead when `retry_at` is `None`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn mark_failed(
        &self,
        id: MessageId,
        worker: &str,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<bool, RepositoryError>;

    /// A page of `org`'s dead messages, oldest first.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list_dead(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<Page<DeadMessage>, RepositoryError>;

    /// Makes a dead message of `org` pending again from `at` with a fresh attempt count.
    /// Says whether such a dead message existed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn requeue_dead(
        &self,
        org: OrgId,
        id: MessageId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// How many of `org`'s messages are waiting (pending or sending) and how many are dead.
    /// Sent messages are not counted.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn summary(&self, org: OrgId) -> Result<OutboxSummary, RepositoryError>;
}

/// Per-organisation template overrides.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait TemplateStore: Send + Sync {
    /// The organisation's override for `kind` in `language`, if any.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<Option<MailTemplate>, RepositoryError>;

    /// Creates or replaces the override.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn save(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
        template: &MailTemplate,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Removes the override (back to the shipped default). Says whether one existed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn delete(
        &self,
        org: OrgId,
        kind: TemplateKind,
        language: Language,
    ) -> Result<bool, RepositoryError>;
}

/// A template could not be rendered with the data given.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[error("the template could not be rendered: {0}")]
pub struct RenderError(pub String);

/// Compiles and renders templates, and knows the shipped defaults.
#[cfg_attr(feature = "mock", mockall::automock)]
pub trait TemplateEngine: Send + Sync {
    /// The shipped template of `kind` in `language`.
    fn default_template(&self, kind: TemplateKind, language: Language) -> MailTemplate;

    /// Checks that every part compiles.
    ///
    /// # Errors
    /// [`TemplateRuleError::DoesNotCompile`] naming the part.
    fn check(&self, template: &MailTemplate) -> Result<(), TemplateRuleError>;

    /// Renders all three parts with `data`; data is HTML-escaped in the HTML body.
    ///
    /// # Errors
    /// [`RenderError`] when a part fails to render.
    fn render(
        &self,
        template: &MailTemplate,
        data: &serde_json::Value,
    ) -> Result<RenderedMail, RenderError>;
}

/// Why a mail was not accepted.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// Worth trying again later (connection failed, timeout, 4xx reply).
    #[error("temporary delivery failure: {0}")]
    Transient(String),
    /// Will never work (5xx reply, invalid message).
    #[error("permanent delivery failure: {0}")]
    Permanent(String),
}

/// Hands mail to a mail server (or a file, or memory).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait MailTransport: Send + Sync {
    /// Sends one mail; `Ok` means the server accepted it.
    ///
    /// # Errors
    /// See [`TransportError`].
    async fn send(&self, envelope: &Envelope) -> Result<(), TransportError>;
}
