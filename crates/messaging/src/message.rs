//! Messages as the outbox holds them and as the transport sends them.

pub use frontdesk_kernel::MessageId;
use frontdesk_kernel::{EmailAddress, Language, OrgId, PersonName};
use time::OffsetDateTime;

use crate::TemplateKind;

/// A time as mail shows it, the same in every language: `2026-01-02 10:00 UTC` (templates
/// receive it ready to print, e.g. a link's `expires_at`).
pub fn mail_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
}

/// A mail to send, as a use case builds it: parsed addresses and data for a template,
/// never header text.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboundMessage {
    /// Its id.
    pub id: MessageId,
    /// The organisation it is sent for (its templates and name are used).
    pub org_id: OrgId,
    /// The recipient.
    pub to: EmailAddress,
    /// The recipient's name, for the `To` display name.
    pub to_name: Option<PersonName>,
    /// Which template.
    pub kind: TemplateKind,
    /// Which language.
    pub language: Language,
    /// Template data (an object).
    pub data: serde_json::Value,
    /// For notifications: the https one-click unsubscribe URL.
    pub unsubscribe_url: Option<String>,
    /// When it was enqueued.
    pub created_at: OffsetDateTime,
}

/// Where a message is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageState {
    /// Waiting to be sent (possibly after a failed attempt).
    Pending,
    /// Claimed by a worker until its lease ends.
    Sending,
    /// Accepted by the mail server.
    Sent,
    /// Given up on after too many failures.
    Dead,
}

impl MessageState {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sending => "sending",
            Self::Sent => "sent",
            Self::Dead => "dead",
        }
    }

    /// Parses the stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "sending" => Some(Self::Sending),
            "sent" => Some(Self::Sent),
            "dead" => Some(Self::Dead),
            _ => None,
        }
    }
}

/// A message a worker has claimed, with how many times it has now been attempted
/// (including this one).
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedMessage {
    /// The message.
    pub message: OutboundMessage,
    /// Attempts so far, this one included (1 on the first try).
    pub attempt: u32,
}

/// A message that was given up on, as staff see it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadMessage {
    /// The message.
    pub message: OutboundMessage,
    /// How many attempts were made.
    pub attempts: u32,
    /// The last failure, for people (never secrets).
    pub last_error: Option<String>,
}

/// A rendered mail: subject and both bodies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// Subject line (one line).
    pub subject: String,
    /// HTML body.
    pub html: String,
    /// Plain-text body.
    pub text: String,
}

/// Everything a transport needs to send one mail. Addresses are parsed values; the
/// transport builds headers from them, so no header can be injected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Sender address.
    pub from: EmailAddress,
    /// Sender display name (the organisation's name).
    pub from_name: Option<String>,
    /// Recipient.
    pub to: EmailAddress,
    /// Recipient display name.
    pub to_name: Option<PersonName>,
    /// Subject and bodies.
    pub content: RenderedMail,
    /// Stable `Message-ID` (without angle brackets), the same on every attempt.
    pub message_id: String,
    /// `Date` header value.
    pub date: OffsetDateTime,
    /// For notifications: https URL for `List-Unsubscribe` (with RFC 8058 one-click).
    pub list_unsubscribe: Option<String>,
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::mail_time;

    #[test]
    fn mail_times_are_utc_to_the_minute() {
        assert_eq!(
            mail_time(datetime!(2026-01-02 10:00:59 UTC)),
            "2026-01-02 10:00 UTC"
        );
        assert_eq!(
            mail_time(datetime!(2026-01-02 01:30 +02:00)),
            "2026-01-01 23:30 UTC"
        );
    }
}
