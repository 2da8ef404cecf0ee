//! Messaging use cases: enqueueing with per-recipient limits, template administration,
//! test mail and dead letters. Newer use cases have a file each under `service/`:
//!
//! | file | use cases |
//! |---|---|
//! | `service/summary.rs` | [`MessagingService::outbox_summary`]: mail waiting and dead |

mod summary;

use std::sync::Arc;

use frontdesk_access::{Forbidden, OrganisationRepository, Permission, StaffActor};
use frontdesk_kernel::{
    Clock, EmailAddress, IdGenerator, Language, MessageId, OrgId, Page, PageRequest, PersonName,
    RepositoryError, TransactionRunner, Uow,
};
use time::Duration;

use crate::{
    DeadMessage, MailTemplate, OutboundMessage, Outbox, RenderError, RenderedMail, TemplateEngine,
    TemplateKind, TemplateRuleError, TemplateStore,
};

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

/// A mail a use case wants sent.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// The organisation sending it.
    pub org_id: OrgId,
    /// The recipient.
    pub to: EmailAddress,
    /// The recipient's name.
    pub to_name: Option<PersonName>,
    /// Which template.
    pub kind: TemplateKind,
    /// Which language.
    pub language: Language,
    /// Template data (an object).
    pub data: serde_json::Value,
    /// For notifications: the one-click unsubscribe URL.
    pub unsubscribe_url: Option<String>,
}

/// Why a mail was not enqueued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    /// The recipient got enough mail recently; nothing was queued.
    #[error(
        "this recipient was sent mail very recently; try again in {retry_after_seconds} seconds"
    )]
    RecipientLimited {
        /// Seconds until the limit allows another mail.
        retry_after_seconds: u64,
    },
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why a test mail was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendTestMailError {
    /// The actor may not manage mail.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The recipient limit applies.
    #[error(transparent)]
    Enqueue(#[from] EnqueueError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A template as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateView {
    /// The template in force.
    pub template: MailTemplate,
    /// Whether it is the shipped default (no override saved).
    pub is_default: bool,
}

/// Why a template could not be read, saved, reset or previewed.
#[derive(Debug, thiserror::Error)]
pub enum TemplateAdminError {
    /// The actor may not manage mail templates.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// The template breaks a rule.
    #[error(transparent)]
    Rule(#[from] TemplateRuleError),
    /// The template does not render with sample data.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// Why dead letters could not be listed or retried.
#[derive(Debug, thiserror::Error)]
pub enum DeadLetterError {
    /// The actor may not manage mail.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such dead message in the actor's organisation.
    #[error("no such dead message")]
    NotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

pub use summary::OutboxSummaryError;

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

    /// Puts a mail in the outbox within the caller's unit of work, unless the recipient's
    /// limits forbid it (reported, never silently dropped).
    ///
    /// # Errors
    /// See [`EnqueueError`].
    pub async fn enqueue(&self, uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        let now = self.ports.clock.now();
        let counts = self
            .ports
            .outbox
            .recent_counts_in(
                uow,
                &mail.to,
                mail.kind,
                now - self.limits.per_kind_window,
                now - Duration::HOUR,
            )
            .await?;
        if counts.of_kind >= 1 {
            return Err(EnqueueError::RecipientLimited {
                retry_after_seconds: whole_seconds(self.limits.per_kind_window),
            });
        }
        if counts.all >= self.limits.per_hour {
            return Err(EnqueueError::RecipientLimited {
                retry_after_seconds: 3_600,
            });
        }
        let message = OutboundMessage {
            id: MessageId::from_uuid(self.ports.ids.new_uuid()),
            org_id: mail.org_id,
            to: mail.to,
            to_name: mail.to_name,
            kind: mail.kind,
            language: mail.language,
            data: mail.data,
            unsubscribe_url: mail.unsubscribe_url,
            created_at: now,
        };
        self.ports.outbox.enqueue(uow, &message).await?;
        Ok(message.id)
    }

    /// Enqueues a test mail to `to` in the actor's organisation's default language.
    ///
    /// # Errors
    /// See [`SendTestMailError`].
    pub async fn send_test_mail(
        &self,
        actor: &StaffActor,
        to: EmailAddress,
    ) -> Result<MessageId, SendTestMailError> {
        actor.require(Permission::ManageMailTemplates)?;
        let language = self.organisation_language(actor.org_id).await?;
        let mut uow = self.ports.transactions.begin().await?;
        let id = self
            .enqueue(
                uow.as_mut(),
                NewMail {
                    org_id: actor.org_id,
                    to,
                    to_name: None,
                    kind: TemplateKind::Test,
                    language,
                    data: serde_json::json!({}),
                    unsubscribe_url: None,
                },
            )
            .await?;
        uow.commit().await?;
        Ok(id)
    }

    async fn organisation_language(&self, org: OrgId) -> Result<Language, RepositoryError> {
        Ok(self
            .ports
            .organisations
            .find(org)
            .await?
            .map_or(Language::En, |org| org.default_language))
    }

    /// The template in force for `kind` and `language`.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn template(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
    ) -> Result<TemplateView, TemplateAdminError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(
            match self
                .ports
                .templates
                .find(actor.org_id, kind, language)
                .await?
            {
                Some(template) => TemplateView {
                    template,
                    is_default: false,
                },
                None => TemplateView {
                    template: self.ports.engine.default_template(kind, language),
                    is_default: true,
                },
            },
        )
    }

    /// Saves an override after converting legacy placeholders and checking that it compiles,
    /// keeps the kind's required placeholders and renders with sample data. Returns what was
    /// saved.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn save_template(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
        template: &MailTemplate,
    ) -> Result<MailTemplate, TemplateAdminError> {
        actor.require(Permission::ManageMailTemplates)?;
        let template = template.with_legacy_placeholders_converted();
        self.ports.engine.check(&template)?;
        template.check_rules(kind)?;
        self.ports.engine.render(&template, &kind.sample_data())?;
        let now = self.ports.clock.now();
        self.ports
            .templates
            .save(actor.org_id, kind, language, &template, now)
            .await?;
        Ok(template)
    }

    /// Removes the override, going back to the shipped default. Says whether one existed.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn reset_template(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
    ) -> Result<bool, TemplateAdminError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(self
            .ports
            .templates
            .delete(actor.org_id, kind, language)
            .await?)
    }

    /// Renders `candidate` (or the template in force) with sample data, without saving.
    ///
    /// # Errors
    /// See [`TemplateAdminError`].
    pub async fn preview(
        &self,
        actor: &StaffActor,
        kind: TemplateKind,
        language: Language,
        candidate: Option<&MailTemplate>,
    ) -> Result<RenderedMail, TemplateAdminError> {
        let template = match candidate {
            Some(candidate) => {
                actor.require(Permission::ManageMailTemplates)?;
                let converted = candidate.with_legacy_placeholders_converted();
                self.ports.engine.check(&converted)?;
                converted
            }
            None => self.template(actor, kind, language).await?.template,
        };
        let mut data = kind.sample_data();
        if let Some(org) = self.ports.organisations.find(actor.org_id).await?
            && let Some(map) = data.as_object_mut()
        {
            map.insert("company_name".into(), org.name.as_str().into());
            map.insert("organisation_name".into(), org.name.as_str().into());
        }
        Ok(self.ports.engine.render(&template, &data)?)
    }

    /// A page of the organisation's dead messages.
    ///
    /// # Errors
    /// See [`DeadLetterError`].
    pub async fn dead_messages(
        &self,
        actor: &StaffActor,
        page: PageRequest,
    ) -> Result<Page<DeadMessage>, DeadLetterError> {
        actor.require(Permission::ManageMailTemplates)?;
        Ok(self.ports.outbox.list_dead(actor.org_id, page).await?)
    }

    /// Queues a dead message again, now, with a fresh attempt count.
    ///
    /// # Errors
    /// See [`DeadLetterError`].
    pub async fn retry_dead(
        &self,
        actor: &StaffActor,
        id: MessageId,
    ) -> Result<(), DeadLetterError> {
        actor.require(Permission::ManageMailTemplates)?;
        let now = self.ports.clock.now();
        if self
            .ports
            .outbox
            .requeue_dead(actor.org_id, id, now)
            .await?
        {
            Ok(())
        } else {
            Err(DeadLetterError::NotFound)
        }
    }
}

fn whole_seconds(duration: Duration) -> u64 {
    u64::try_from(duration.whole_seconds()).unwrap_or(1).max(1)
}
