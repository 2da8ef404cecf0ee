//! The worker side of the outbox: claim, render, send, record.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::Arc;

use frontdesk_access::{Organisation, OrganisationRepository};
use frontdesk_kernel::{Clock, EmailAddress, Language, OrgId, RepositoryError, TokenSource};
use futures::StreamExt;
use time::Duration;

use crate::{
    ClaimedMessage, Envelope, MailTemplate, MailTransport, Outbox, RetryPolicy, TemplateEngine,
    TemplateKind, TemplateStore, TransportError,
};

/// How a dispatcher works.
#[derive(Debug, Clone)]
pub struct DispatcherSettings {
    /// This worker's name, recorded on the leases it takes (unique per process).
    pub worker_id: String,
    /// Messages claimed at once.
    pub batch_size: u32,
    /// How long a claim lasts; a worker that dies loses its messages to others after this.
    pub lease: Duration,
    /// The `From` address of every mail.
    pub sender: EmailAddress,
    /// When to retry and when to give up.
    pub retry: RetryPolicy,
    /// Messages of a batch delivered at the same time.
    pub concurrency: usize,
}

/// What one dispatch round did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DispatchReport {
    /// Messages claimed.
    pub claimed: u64,
    /// Accepted by the mail server.
    pub sent: u64,
    /// Failed and scheduled again.
    pub retried: u64,
    /// Failed for good.
    pub dead: u64,
}

/// Sends what the outbox holds.
pub struct Dispatcher {
    outbox: Arc<dyn Outbox>,
    templates: Arc<dyn TemplateStore>,
    engine: Arc<dyn TemplateEngine>,
    transport: Arc<dyn MailTransport>,
    organisations: Arc<dyn OrganisationRepository>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn TokenSource>,
    settings: DispatcherSettings,
}

enum Failure {
    Retry(String),
    Dead(String),
}

/// What the messages of one batch share, read once per batch (a failed read is kept as its
/// error, so each message it concerns is retried later).
#[derive(Default)]
struct BatchContext {
    organisations: HashMap<OrgId, Result<Option<Organisation>, String>>,
    templates: HashMap<(OrgId, TemplateKind, Language), Result<Option<MailTemplate>, String>>,
}

impl Dispatcher {
    /// A dispatcher over the given ports.
    #[expect(
        clippy::too_many_arguments,
        reason = "one argument per port keeps wiring explicit"
    )]
    pub fn new(
        outbox: Arc<dyn Outbox>,
        templates: Arc<dyn TemplateStore>,
        engine: Arc<dyn TemplateEngine>,
        transport: Arc<dyn MailTransport>,
        organisations: Arc<dyn OrganisationRepository>,
        clock: Arc<dyn Clock>,
        random: Arc<dyn TokenSource>,
        settings: DispatcherSettings,
    ) -> Self {
        Self {
            outbox,
            templates,
            engine,
            transport,
            organisations,
            clock,
            random,
            settings,
        }
    }

    /// Claims one batch and tries to send every message in it.
    ///
    /// The batch's organisations and template overrides are read once for the batch. Up to
    /// `concurrency` messages are delivered at once; the outcomes that are ready together
    /// are recorded together (the sent ones with one statement), without waiting for more,
    /// so a message is marked as soon as the store is free, as before.
    ///
    /// # Errors
    /// [`RepositoryError`] when the outbox cannot be read or updated; messages already
    /// claimed then come back to a worker when their lease ends.
    pub async fn dispatch_once(&self) -> Result<DispatchReport, RepositoryError> {
        let now = self.clock.now();
        let claimed = self
            .outbox
            .claim(
                &self.settings.worker_id,
                now,
                now + self.settings.lease,
                self.settings.batch_size,
            )
            .await?;
        let mut report = DispatchReport {
            claimed: claimed.len() as u64,
            ..DispatchReport::default()
        };
        let context = self.batch_context(&claimed).await;
        let concurrency = self.settings.concurrency.max(1);
        let mut outcomes = futures::stream::iter(claimed)
            .map(|claim| {
                let context = &context;
                async move {
                    let outcome = self.deliver(&claim, context).await;
                    (claim, outcome)
                }
            })
            .buffer_unordered(concurrency)
            .ready_chunks(concurrency);
        while let Some(ready) = outcomes.next().await {
            let mut sent = Vec::with_capacity(ready.len());
            let mut failed = Vec::new();
            for (claim, outcome) in ready {
                match outcome {
                    Ok(()) => sent.push(claim.message.id),
                    Err(failure) => failed.push((claim, failure)),
                }
            }
            // Successes first: a failure to record a failure must not get sent mail resent.
            if !sent.is_empty() {
                self.outbox
                    .mark_sent_many(&sent, &self.settings.worker_id, self.clock.now())
                    .await?;
                report.sent += sent.len() as u64;
            }
            for (claim, failure) in failed {
                self.record_failure(&claim, failure, &mut report).await?;
            }
        }
        Ok(report)
    }

    /// Records a failed delivery: retried later, or dead.
    async fn record_failure(
        &self,
        claim: &ClaimedMessage,
        failure: Failure,
        report: &mut DispatchReport,
    ) -> Result<(), RepositoryError> {
        let (error, retry_at) = match failure {
            Failure::Retry(error) => {
                let retry_at = self
                    .settings
                    .retry
                    .after_failure(claim.attempt, self.jitter())
                    .map(|delay| self.clock.now() + delay);
                (error, retry_at)
            }
            Failure::Dead(error) => (error, None),
        };
        if retry_at.is_some() {
            report.retried += 1;
        } else {
            report.dead += 1;
        }
        self.outbox
            .mark_failed(claim.message.id, &self.settings.worker_id, &error, retry_at)
            .await?;
        Ok(())
    }

    /// Reads the organisations and template overrides of a batch, once each.
    async fn batch_context(&self, claimed: &[ClaimedMessage]) -> BatchContext {
        let mut context = BatchContext::default();
        for claim in claimed {
            let message = &claim.message;
            if let Entry::Vacant(slot) = context.organisations.entry(message.org_id) {
                slot.insert(
                    self.organisations
                        .find(message.org_id)
                        .await
                        .map_err(|e| e.to_string()),
                );
            }
            if let Entry::Vacant(slot) =
                context
                    .templates
                    .entry((message.org_id, message.kind, message.language))
            {
                slot.insert(
                    self.templates
                        .find(message.org_id, message.kind, message.language)
                        .await
                        .map_err(|e| e.to_string()),
                );
            }
        }
        context
    }

    fn jitter(&self) -> f64 {
        let mut bytes = [0u8; 2];
        self.random.fill(&mut bytes);
        f64::from(u16::from_le_bytes(bytes)) / f64::from(u16::MAX)
    }

    async fn deliver(&self, claim: &ClaimedMessage, batch: &BatchContext) -> Result<(), Failure> {
        let message = &claim.message;
        let org = match batch.organisations.get(&message.org_id) {
            Some(Ok(Some(org))) => org,
            Some(Ok(None)) => {
                return Err(Failure::Dead("the organisation no longer exists".into()));
            }
            Some(Err(error)) => return Err(Failure::Retry(error.clone())),
            None => return Err(Failure::Retry("the organisation was not read".into())),
        };
        let template = match batch
            .templates
            .get(&(message.org_id, message.kind, message.language))
        {
            Some(Ok(Some(template))) => template.clone(),
            Some(Ok(None)) => self.engine.default_template(message.kind, message.language),
            Some(Err(error)) => return Err(Failure::Retry(error.clone())),
            None => return Err(Failure::Retry("the template was not read".into())),
        };
        let mut data = message.data.clone();
        if let Some(map) = data.as_object_mut() {
            map.entry("company_name")
                .or_insert_with(|| org.name.as_str().into());
            map.entry("organisation_name")
                .or_insert_with(|| org.name.as_str().into());
            if let Some(name) = &message.to_name {
                map.entry("recipient_name")
                    .or_insert_with(|| name.as_str().into());
                map.entry("name").or_insert_with(|| name.as_str().into());
            }
            if let Some(url) = &message.unsubscribe_url {
                map.entry("unsubscribe_url")
                    .or_insert_with(|| url.as_str().into());
            }
        }
        let content = self
            .engine
            .render(&template, &data)
            .map_err(|e| Failure::Dead(e.to_string()))?;
        let host = org.base_url.host_str().unwrap_or("frontdesk.invalid");
        let envelope = Envelope {
            from: self.settings.sender.clone(),
            from_name: Some(org.name.as_str().to_owned()),
            to: message.to.clone(),
            to_name: message.to_name.clone(),
            content,
            message_id: format!("{}@{host}", message.id),
            date: self.clock.now(),
            list_unsubscribe: message
                .unsubscribe_url
                .clone()
                .filter(|_| message.kind.is_notification()),
        };
        self.transport
            .send(&envelope)
            .await
            .map_err(|error| match error {
                TransportError::Transient(reason) => Failure::Retry(reason),
                TransportError::Permanent(reason) => Failure::Dead(reason),
            })
    }
}
