//! [`MemoryTransport`]: keeps messages in memory, for tests.

use std::sync::{Mutex, MutexGuard, PoisonError};

use frontdesk_messaging::{Envelope, MailTransport, TransportError};

use crate::render_raw;

/// A message a [`MemoryTransport`] accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentMail {
    /// What was asked to be sent.
    pub envelope: Envelope,
    /// The RFC 5322 message, as [`render_raw`] makes it.
    pub raw: String,
}

/// Accepts every valid message and keeps it, in order.
#[derive(Debug, Default)]
pub struct MemoryTransport {
    sent: Mutex<Vec<SentMail>>,
}

impl MemoryTransport {
    /// An empty transport.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every message accepted so far, oldest first.
    pub fn sent(&self) -> Vec<SentMail> {
        self.lock().clone()
    }

    /// Forgets every message accepted so far.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, Vec<SentMail>> {
        // A panic elsewhere while holding the lock leaves the list whole: keep using it.
        self.sent.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl MailTransport for MemoryTransport {
    async fn send(&self, envelope: &Envelope) -> Result<(), TransportError> {
        let raw = render_raw(envelope)?;
        self.lock().push(SentMail {
            envelope: envelope.clone(),
            raw,
        });
        Ok(())
    }
}
