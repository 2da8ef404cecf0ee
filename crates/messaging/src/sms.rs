//! Text messages (seed 004's job alerts "by email or sms"): the [`SmsSender`] port. No
//! provider ships with Frontdesk; the bundled adapter only logs that a message would have
//! gone (`frontdesk_mail::LoggingSmsSender`). An embedding case system plugs in its own.
//!
//! Hook: a use case that alerts by text message takes an `Arc<dyn SmsSender>` and calls
//! [`SmsSender::send`] from the worker (after its unit of work committed), never from a
//! request handler, as mail goes through the outbox.

use std::fmt;

use frontdesk_kernel::OrgId;

/// A phone number in E.164 form (`+` then 8–15 digits). Its [`fmt::Debug`] shows only the
/// last two digits, so numbers do not end up whole in logs.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PhoneNumber(String);

/// Why a string is not an E.164 phone number.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("a phone number is + followed by 8 to 15 digits")]
pub struct PhoneNumberError;

impl PhoneNumber {
    /// Parses `+` and 8–15 digits; spaces, dots, dashes and brackets are ignored.
    ///
    /// # Errors
    /// [`PhoneNumberError`] when what is left is not that shape.
    pub fn parse(raw: &str) -> Result<Self, PhoneNumberError> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
            .collect();
        let digits = compact.strip_prefix('+').ok_or(PhoneNumberError)?;
        if (8..=15).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(compact))
        } else {
            Err(PhoneNumberError)
        }
    }

    /// The number, `+` and digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The last two digits, for logs (`…42`).
    pub fn masked(&self) -> String {
        let tail: String = self
            .0
            .chars()
            .skip(self.0.len().saturating_sub(2))
            .collect();
        format!("…{tail}")
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.masked())
    }
}

/// A text message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMessage {
    /// The organisation it is sent for.
    pub org_id: OrgId,
    /// The recipient.
    pub to: PhoneNumber,
    /// The text (already in the recipient's language).
    pub body: String,
}

/// Why a text message was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    /// The provider refused it for good (bad number, blocked); do not retry.
    #[error("the text message was refused: {0}")]
    Rejected(String),
    /// The provider could not be reached or failed; retry later.
    #[error("the text message could not be sent now: {0}")]
    Unavailable(String),
}

/// Sends text messages.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait SmsSender: Send + Sync {
    /// Sends `message`.
    ///
    /// # Errors
    /// [`SmsError`] when the provider refuses it or cannot be reached.
    async fn send(&self, message: &TextMessage) -> Result<(), SmsError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_e164_and_never_debugged_whole() {
        let number = PhoneNumber::parse("+64 (21) 555-0142").expect("a number");
        assert_eq!(number.as_str(), "+64215550142");
        assert_eq!(number.masked(), "…42");
        assert!(!format!("{number:?}").contains("555"));
        for bad in [
            "",
            "0215550142",
            "+12",
            "+64 21 555 0142 9999 1",
            "+64a215550142",
        ] {
            assert_eq!(PhoneNumber::parse(bad), Err(PhoneNumberError), "{bad:?}");
        }
    }
}
