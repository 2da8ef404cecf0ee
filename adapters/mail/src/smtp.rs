//! [`SmtpTransport`]: sends through an SMTP relay with lettre.

use std::time::Duration;

use frontdesk_messaging::{Envelope, MailTransport, TransportError};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};

use crate::message::build_message;
use crate::{MailSetupError, SmtpSecurity};

/// Where and how to reach an SMTP relay.
#[derive(Debug, Clone)]
pub struct SmtpConfig {
    /// Host name or IP address.
    pub host: String,
    /// TCP port.
    pub port: u16,
    /// How the connection is secured.
    pub security: SmtpSecurity,
    /// User name and password for SMTP AUTH, if the relay wants them.
    pub credentials: Option<(String, SecretString)>,
    /// Longest wait to connect, and for a whole delivery (connect to the final reply).
    pub timeout: Duration,
}

impl SmtpConfig {
    /// The default for [`timeout`](Self::timeout).
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

    /// A relay at `host:port`, without credentials, with the default timeout.
    pub fn new(host: impl Into<String>, port: u16, security: SmtpSecurity) -> Self {
        Self {
            host: host.into(),
            port,
            security,
            credentials: None,
            timeout: Self::DEFAULT_TIMEOUT,
        }
    }

    /// The same relay, logging in with `user` and `password`.
    #[must_use]
    pub fn with_credentials(mut self, user: impl Into<String>, password: SecretString) -> Self {
        self.credentials = Some((user.into(), password));
        self
    }

    /// The same relay with another timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Sends mail through an SMTP relay, one connection per message.
///
/// Replies 4xx, connection failures and timeouts are [`TransportError::Transient`];
/// replies 5xx and messages the relay can never take are [`TransportError::Permanent`].
/// Error texts never contain the password.
pub struct SmtpTransport {
    inner: AsyncSmtpTransport<Tokio1Executor>,
    timeout: Duration,
    /// Kept only to scrub it from error texts, should a server ever echo it.
    password: Option<SecretString>,
    relay: String,
}

impl std::fmt::Debug for SmtpTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpTransport")
            .field("relay", &self.relay)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl SmtpTransport {
    /// A transport for the relay `config` describes. Nothing is connected yet.
    ///
    /// # Errors
    /// [`MailSetupError::Smtp`] when lettre rejects the host (for TLS, a host that is not a
    /// valid server name).
    pub fn new(config: &SmtpConfig) -> Result<Self, MailSetupError> {
        let builder = match config.security {
            SmtpSecurity::Plain => {
                AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(config.host.as_str())
            }
            SmtpSecurity::StartTls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&config.host)
                    .map_err(|error| MailSetupError::Smtp(error.to_string()))?
            }
            SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&config.host)
                .map_err(|error| MailSetupError::Smtp(error.to_string()))?,
        };
        let mut builder = builder.port(config.port).timeout(Some(config.timeout));
        if let Some((user, password)) = &config.credentials {
            // The password leaves its SecretString only to be handed to lettre.
            builder = builder.credentials(Credentials::new(
                user.clone(),
                password.expose_secret().to_owned(),
            ));
        }
        Ok(Self {
            inner: builder.build(),
            timeout: config.timeout,
            password: config
                .credentials
                .as_ref()
                .map(|(_, password)| password.clone()),
            relay: format!("{}:{}", config.host, config.port),
        })
    }

    /// `message` with the password, if any, replaced.
    fn scrub(&self, message: String) -> String {
        match &self.password {
            Some(password) if !password.expose_secret().is_empty() => {
                message.replace(password.expose_secret(), "[redacted]")
            }
            _ => message,
        }
    }

    fn classify(&self, error: &lettre::transport::smtp::Error) -> TransportError {
        let message = self.scrub(format!("SMTP relay {}: {error}", self.relay));
        if error.is_permanent() || error.is_client() {
            TransportError::Permanent(message)
        } else {
            // 4xx replies, connection and network failures, timeouts, TLS failures and
            // garbled replies may all go away.
            TransportError::Transient(message)
        }
    }
}

#[async_trait::async_trait]
impl MailTransport for SmtpTransport {
    async fn send(&self, envelope: &Envelope) -> Result<(), TransportError> {
        let message = build_message(envelope)?;
        // lettre bounds only the connect; this bounds the whole conversation.
        match tokio::time::timeout(self.timeout, self.inner.send(message)).await {
            Ok(Ok(_response)) => Ok(()),
            Ok(Err(error)) => Err(self.classify(&error)),
            Err(_elapsed) => Err(TransportError::Transient(format!(
                "SMTP relay {}: no answer within {} ms",
                self.relay,
                self.timeout.as_millis()
            ))),
        }
    }
}
