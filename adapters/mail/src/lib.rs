//! Frontdesk's mail adapter.
//!
//! - [`HandlebarsEngine`] implements the messaging domain's
//!   [`TemplateEngine`](frontdesk_messaging::TemplateEngine) port with handlebars and ships a
//!   default template for every [`TemplateKind`](frontdesk_messaging::TemplateKind) in every
//!   [`Language`](frontdesk_kernel::Language).
//! - [`SmtpTransport`], [`FileTransport`] and [`MemoryTransport`] implement the
//!   [`MailTransport`](frontdesk_messaging::MailTransport) port with lettre;
//!   [`build_transport`] picks one from [`MailSettings`], which the apps fill in from their
//!   configuration.
//! - [`render_raw`] turns an [`Envelope`](frontdesk_messaging::Envelope) into the exact
//!   RFC 5322 message every transport sends. Headers are built from parsed values by lettre,
//!   so no header can be injected through names, subjects or URLs.
//!
//! With the `test-support` feature, [`test_support`] offers an in-process SMTP server.
//!
//! ```
//! use frontdesk_kernel::Language;
//! use frontdesk_mail::HandlebarsEngine;
//! use frontdesk_messaging::{TemplateEngine, TemplateKind};
//!
//! let engine = HandlebarsEngine::new();
//! let template = engine.default_template(TemplateKind::ShareLink, Language::En);
//! let mail = engine.render(&template, &TemplateKind::ShareLink.sample_data())?;
//! assert!(!mail.subject.is_empty() && !mail.text.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod defaults;
mod engine;
mod file;
mod memory;
mod message;
mod settings;
mod setup;
mod sms;
mod smtp;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use engine::HandlebarsEngine;
pub use file::FileTransport;
pub use memory::{MemoryTransport, SentMail};
pub use message::render_raw;
pub use settings::{MailSettings, SmtpSecurity};
pub use setup::{MailSetupError, MailTransportKind, build_transport};
pub use sms::LoggingSmsSender;
pub use smtp::{SmtpConfig, SmtpTransport};
