//! The messaging use cases, one file each:
//!
//! | file | use cases |
//! |---|---|
//! | `service/enqueue.rs` | [`MessagingService::enqueue`] (the [`crate::MailQueue`] other domains use): per-recipient limits, then the outbox in the caller's unit of work |
//! | `service/test_mail.rs` | [`MessagingService::send_test_mail`] |
//! | `service/templates.rs` | [`MessagingService::template`], [`MessagingService::save_template`], [`MessagingService::reset_template`], [`MessagingService::preview`] |
//! | `service/dead_letters.rs` | [`MessagingService::dead_messages`], [`MessagingService::retry_dead`] |
//! | `service/summary.rs` | [`MessagingService::outbox_summary`]: mail waiting and dead |

mod dead_letters;
mod enqueue;
mod summary;
mod templates;
mod test_mail;

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_kernel::{Clock, IdGenerator, MessageId, TransactionRunner, Uow};
use time::Duration;

use crate::{Outbox, TemplateEngine, TemplateStore};

pub use dead_letters::DeadLetterError;
pub use enqueue::{EnqueueError, NewMail};
pub use summary::OutboxSummaryError;
pub use templates::{TemplateAdminError, TemplateView};
pub use test_mail::SendTestMailError;

/// How much mail one recipient may be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecipientLimits {
    /// At most one mail of the same kind per this window.
    pub per_kind_window: Duration,
    /// At most `per_hour` mails of any kind per hour.
    pub per_hour: u64,
}

impl Default for RecipientLimits {
    fn default() -> Self {
        Self {
            per_kind_window: Duration::seconds(60),
            per_hour: 30,
        }
    }
}

/// Everything the messaging use cases need.
#[derive(Clone)]
pub struct MessagingPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// The outbox.
    pub outbox: Arc<dyn Outbox>,
    /// Template overrides.
    pub templates: Arc<dyn TemplateStore>,
    /// Template compiler and renderer.
    pub engine: Arc<dyn TemplateEngine>,
    /// Organisations (for names in previews).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The messaging use cases.
#[derive(Clone)]
pub struct MessagingService {
    ports: MessagingPorts,
    limits: RecipientLimits,
}

#[async_trait::async_trait]
impl crate::MailQueue for MessagingService {
    async fn enqueue(&self, uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        MessagingService::enqueue(self, uow, mail).await
    }
}

impl MessagingService {
    /// A service over `ports` with per-recipient `limits`.
    pub fn new(ports: MessagingPorts, limits: RecipientLimits) -> Self {
        Self { ports, limits }
    }
}

fn whole_seconds(duration: Duration) -> u64 {
    u64::try_from(duration.whole_seconds()).unwrap_or(1).max(1)
}
