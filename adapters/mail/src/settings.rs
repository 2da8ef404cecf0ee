//! What the mail adapter needs to know to pick and set up a transport. The adapter owns
//! these types, as `frontdesk-captcha` owns its siteverify settings: the apps read their
//! configuration and map it onto them, so the adapter does not depend on how (or whether)
//! an app is configured.

use std::path::PathBuf;

use secrecy::SecretString;

/// Where outgoing mail goes.
#[derive(Debug, Clone)]
pub enum MailSettings {
    /// An SMTP relay.
    Smtp {
        /// Host name or IP address (IPv6 without brackets).
        host: String,
        /// TCP port.
        port: u16,
        /// How the connection is secured.
        security: SmtpSecurity,
        /// User name and password for SMTP AUTH, if the relay wants them.
        credentials: Option<(String, SecretString)>,
    },
    /// One file per message in this directory (for development).
    File {
        /// Directory the messages are written to.
        dir: PathBuf,
    },
    /// Kept in memory (for tests).
    Memory,
}

/// How an SMTP connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// No encryption; only for a relay on the same host or network.
    Plain,
    /// Plain connection upgraded with STARTTLS; required, not optional.
    StartTls,
    /// TLS from the first byte.
    Tls,
}
