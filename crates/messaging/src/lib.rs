//! Outbound mail, decided in the domain and sent by the worker.
//!
//! A use case that must send mail builds an [`OutboundMessage`] (parsed addresses, a
//! [`TemplateKind`], a language and template data — never raw header text) and puts it in
//! the [`Outbox`] inside its own unit of work, so the mail exists if and only if the state
//! change that caused it was committed. The worker's [`Dispatcher`] claims messages with a
//! lease, renders them through the [`TemplateEngine`] port (organisation overrides first,
//! shipped defaults otherwise) and hands them to the [`MailTransport`] port, retrying with
//! exponential backoff and jitter until a message is sent or dead.
//!
//! ```
//! use frontdesk_messaging::{RetryPolicy, TemplateKind};
//!
//! assert_eq!(TemplateKind::parse("share_link"), Some(TemplateKind::ShareLink));
//! // A failed delivery is tried again later, until the policy gives up.
//! let policy = RetryPolicy::default();
//! assert!(policy.after_failure(1, 0.5).is_some());
//! assert!(policy.after_failure(u32::MAX, 0.5).is_none());
//! ```

pub mod dispatch;
pub mod kind;
pub mod message;
pub mod ports;
pub mod retry;
pub mod service;
pub mod sms;
pub mod template;

pub use dispatch::{DispatchReport, Dispatcher, DispatcherSettings};
pub use kind::TemplateKind;
pub use message::{
    ClaimedMessage, DeadMessage, Envelope, MessageId, MessageState, OutboundMessage, RenderedMail,
    mail_time,
};
pub use ports::*;
pub use retry::RetryPolicy;
pub use service::*;
pub use sms::{PhoneNumber, PhoneNumberError, SmsError, SmsSender, TextMessage};
pub use template::{
    MailTemplate, TemplateRuleError, convert_legacy_placeholders, missing_placeholders,
};
