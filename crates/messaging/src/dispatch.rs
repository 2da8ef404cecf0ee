//! The worker side of the outbox: claim, render, send, record.

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_kernel::{Clock, EmailAddress, RepositoryError, TokenSource};
use futures::StreamExt;
use time::Duration;

use crate::{
    ClaimedMessage, Envelope, MailTransport, Outbox, RetryPolicy, TemplateEngine, TemplateStore,
    TransportError,
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
        // Deliver up to `concurrency` messages at once; record each outcome as it comes.
        let mut outcomes = futures::stream::iter(claimed)
            .map(|claim| async move {
                let outcome = self.deliver(&claim).await;
                (claim, outcome)
            })
            .buffer_unordered(self.settings.concurrency.max(1));
        while let Some((claim, outcome)) = outcomes.next().await {
            let id = claim.message.id;
            match outcome {
                Ok(()) => {
                    self.outbox
                        .mark_sent(id, &self.settings.worker_id, self.clock.now())
                        .await?;
                    report.sent += 1;
                }
                Err(Failure::Retry(error)) => {
                    let retry_at = self
                        .settings
                        .retry
                        .after_failure(claim.attempt, self.jitter())
                        .map(|delay| self.clock.now() + delay);
                    if retry_at.is_some() {
                        report.retried += 1;
                    } else {
                        report.dead += 1;
                    }
                    self.outbox
                        .mark_failed(id, &self.settings.worker_id, &error, retry_at)
                        .await?;
                }
                Err(Failure::Dead(error)) => {
                    self.outbox
                        .mark_failed(id, &self.settings.worker_id, &error, None)
                        .await?;
                    report.dead += 1;
                }
            }
        }
        Ok(report)
    }

    fn jitter(&self) -> f64 {
        let mut bytes = [0u8; 2];
        self.random.fill(&mut bytes);
        f64::from(u16::from_le_bytes(bytes)) / f64::from(u16::MAX)
    }

    async fn deliver(&self, claim: &ClaimedMessage) -> Result<(), Failure> {
        let message = &claim.message;
        let org = self
            .organisations
            .find(message.org_id)
            .await
            .map_err(|e| Failure::Retry(e.to_string()))?
            .ok_or_else(|| Failure::Dead("the organisation no longer exists".into()))?;
        let template = match self
            .templates
            .find(message.org_id, message.kind, message.language)
            .await
        {
            Ok(Some(template)) => template,
            Ok(None) => self.engine.default_template(message.kind, message.language),
            Err(error) => return Err(Failure::Retry(error.to_string())),
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
