//! Picks a transport from the [`MailSettings`].

use std::path::PathBuf;
use std::sync::Arc;

use frontdesk_messaging::{Envelope, MailTransport, TransportError};

use crate::{FileTransport, MailSettings, MemoryTransport, SmtpConfig, SmtpTransport};

/// A transport could not be set up.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum MailSetupError {
    /// lettre rejected the SMTP settings.
    #[error("the SMTP relay settings are unusable: {0}")]
    Smtp(String),
    /// The mail directory could not be created.
    #[error("the mail directory {} cannot be created: {message}", dir.display())]
    Directory {
        /// The directory.
        dir: PathBuf,
        /// Why.
        message: String,
    },
}

/// The transport the settings asked for, keeping its concrete type (so tests can read
/// a [`MemoryTransport`]'s messages).
#[derive(Debug, Clone)]
pub enum MailTransportKind {
    /// An SMTP relay.
    Smtp(Arc<SmtpTransport>),
    /// One file per message.
    File(Arc<FileTransport>),
    /// Kept in memory.
    Memory(Arc<MemoryTransport>),
}

impl MailTransportKind {
    /// Sets up the transport `setting` describes (SMTP with the default 10 s timeout).
    ///
    /// # Errors
    /// See [`MailSetupError`].
    pub fn from_setting(setting: &MailSettings) -> Result<Self, MailSetupError> {
        Ok(match setting {
            MailSettings::Smtp {
                host,
                port,
                security,
                credentials,
            } => {
                let mut config = SmtpConfig::new(host.clone(), *port, *security);
                config.credentials.clone_from(credentials);
                Self::Smtp(Arc::new(SmtpTransport::new(&config)?))
            }
            MailSettings::File { dir } => Self::File(Arc::new(FileTransport::new(dir.clone())?)),
            MailSettings::Memory => Self::Memory(Arc::new(MemoryTransport::new())),
        })
    }

    /// The transport behind the port.
    pub fn into_dyn(self) -> Arc<dyn MailTransport> {
        match self {
            Self::Smtp(transport) => transport,
            Self::File(transport) => transport,
            Self::Memory(transport) => transport,
        }
    }

    /// The memory transport, when that is what was configured.
    pub fn memory(&self) -> Option<&Arc<MemoryTransport>> {
        match self {
            Self::Memory(transport) => Some(transport),
            Self::Smtp(_) | Self::File(_) => None,
        }
    }
}

#[async_trait::async_trait]
impl MailTransport for MailTransportKind {
    async fn send(&self, envelope: &Envelope) -> Result<(), TransportError> {
        match self {
            Self::Smtp(transport) => transport.send(envelope).await,
            Self::File(transport) => transport.send(envelope).await,
            Self::Memory(transport) => transport.send(envelope).await,
        }
    }
}

/// Sets up the transport `setting` describes, behind the port.
///
/// # Errors
/// See [`MailSetupError`].
pub fn build_transport(setting: &MailSettings) -> Result<Arc<dyn MailTransport>, MailSetupError> {
    MailTransportKind::from_setting(setting).map(MailTransportKind::into_dyn)
}
