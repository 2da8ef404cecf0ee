//! An embedder's own mail transport: [`Postbox`] implements Frontdesk's
//! [`MailTransport`] port (here it keeps what it is handed, as a stand-in for an HTTP mail
//! API; the first delivery fails as a temporary error), and [`demo`] queues an admin's test
//! mail through [`MessagingService`] and lets the [`Dispatcher`] deliver it through the
//! postbox, retrying after the failure.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let delivered = frontdesk_example_custom_mailer::demo().await.unwrap();
//! assert_eq!(delivered.len(), 1);
//! # });
//! ```

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use frontdesk_kernel::{EmailAddress, UuidV7Generator};
use frontdesk_mail::HandlebarsEngine;
use frontdesk_messaging::{
    Dispatcher, DispatcherSettings, Envelope, MailTransport, MessagingPorts, MessagingService,
    RecipientLimits, RetryPolicy, TransportError,
};
use frontdesk_testkit::{SequenceTokenSource, SharingHost};
use time::Duration;

/// What [`Postbox`] accepted: recipient and subject of each mail.
pub type Delivered = Vec<(String, String)>;

/// A mail transport that keeps what it is handed; the first call fails as a temporary error.
#[derive(Default)]
pub struct Postbox {
    failed_once: AtomicBool,
    accepted: Mutex<Delivered>,
}

#[async_trait::async_trait]
impl MailTransport for Postbox {
    async fn send(&self, envelope: &Envelope) -> Result<(), TransportError> {
        if !self.failed_once.swap(true, Ordering::SeqCst) {
            return Err(TransportError::Transient("the mail API is briefly away".into()));
        }
        let mail = (envelope.to.to_string(), envelope.content.subject.clone());
        self.accepted.lock().unwrap_or_else(PoisonError::into_inner).push(mail);
        Ok(())
    }
}

/// Queues a test mail, dispatches (the postbox fails), waits out the retry and dispatches
/// again; returns what the postbox accepted.
///
/// # Errors
/// A message when a step fails.
pub async fn demo() -> Result<Delivered, String> {
    let host = SharingHost::new().await.map_err(|e| e.to_string())?;
    let store = Arc::new(host.store.clone());
    let engine = Arc::new(HandlebarsEngine::new());
    let messaging = MessagingService::new(
        MessagingPorts {
            transactions: store.clone(),
            outbox: store.clone(),
            templates: store.clone(),
            engine: engine.clone(),
            organisations: store.clone(),
            clock: host.clock.clone(),
            ids: Arc::new(UuidV7Generator),
        },
        RecipientLimits::default(),
    );
    let to = EmailAddress::parse("it@acme.example").map_err(|e| e.to_string())?;
    messaging.send_test_mail(&host.admin, to).await.map_err(|e| e.to_string())?;

    let postbox = Arc::new(Postbox::default());
    let settings = DispatcherSettings {
        worker_id: "example".into(),
        batch_size: 10,
        lease: Duration::minutes(1),
        sender: EmailAddress::parse("desk@acme.example").map_err(|e| e.to_string())?,
        retry: RetryPolicy::default(),
        concurrency: 1,
    };
    let dispatcher = Dispatcher::new(
        store.clone(),
        store.clone(),
        engine,
        postbox.clone(),
        store,
        host.clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        settings,
    );
    let first = dispatcher.dispatch_once().await.map_err(|e| e.to_string())?;
    if first.retried != 1 {
        return Err(format!("expected one retry, got {first:?}"));
    }
    host.clock.advance(Duration::hours(1));
    let second = dispatcher.dispatch_once().await.map_err(|e| e.to_string())?;
    if second.sent != 1 {
        return Err(format!("expected one mail sent, got {second:?}"));
    }
    Ok(postbox.accepted.lock().unwrap_or_else(PoisonError::into_inner).clone())
}
