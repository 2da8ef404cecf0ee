//! Builds the RFC 5322 message for an [`Envelope`] with lettre.

use std::time::SystemTime;

use frontdesk_kernel::PersonName;
use frontdesk_messaging::{Envelope, TransportError};
use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

/// `List-Unsubscribe: <url>` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribe(String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(raw: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = raw
            .trim()
            .strip_prefix('<')
            .and_then(|rest| rest.strip_suffix('>'))
            .ok_or("List-Unsubscribe must be <url>")?;
        Ok(Self(url.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(raw: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if raw.trim() == "List-Unsubscribe=One-Click" {
            Ok(Self)
        } else {
            Err("List-Unsubscribe-Post must be List-Unsubscribe=One-Click".into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// Whether `value` can go between angle brackets in a header as it is: printable ASCII
/// without spaces or angle brackets.
fn is_header_token(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_graphic() && b != b'<' && b != b'>')
}

/// `value` on one line: line breaks and other control characters become spaces, runs of
/// whitespace one space, and the ends are trimmed. Such a value can never start a header.
pub(crate) fn one_line(value: &str) -> String {
    value
        .split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn mailbox(name: Option<&str>, address: &str) -> Result<Mailbox, TransportError> {
    let address = address
        .parse::<lettre::Address>()
        .map_err(|error| TransportError::Permanent(format!("unusable address: {error}")))?;
    // lettre quotes or RFC 2047-encodes the display name, but panics on control
    // characters in it: they become spaces first.
    let name = name.map(one_line).filter(|name| !name.is_empty());
    Ok(Mailbox::new(name, address))
}

/// The lettre message for `envelope`.
pub(crate) fn build_message(envelope: &Envelope) -> Result<Message, TransportError> {
    if !is_header_token(&envelope.message_id) || !envelope.message_id.contains('@') {
        return Err(TransportError::Permanent(
            "the message id must be printable ASCII of the form left@right, without <>".to_owned(),
        ));
    }
    let from = mailbox(envelope.from_name.as_deref(), envelope.from.as_str())?;
    let to = mailbox(
        envelope.to_name.as_ref().map(PersonName::as_str),
        envelope.to.as_str(),
    )?;
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(one_line(&envelope.content.subject))
        .date(SystemTime::from(envelope.date))
        .message_id(Some(format!("<{}>", envelope.message_id)));
    if let Some(url) = &envelope.list_unsubscribe {
        if !is_header_token(url) {
            return Err(TransportError::Permanent(
                "the unsubscribe URL must be printable ASCII without spaces or <>".to_owned(),
            ));
        }
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            envelope.content.text.clone(),
            envelope.content.html.clone(),
        ))
        .map_err(|error| TransportError::Permanent(format!("the message is invalid: {error}")))
}

/// The exact RFC 5322 text of the message for `envelope`: `multipart/alternative` with a
/// UTF-8 `text/plain` part then a UTF-8 `text/html` part, `From` with the sender's display
/// name, `To` with the recipient's name, `Subject`, `Date`, `Message-ID` and, for
/// notifications, `List-Unsubscribe` with RFC 8058 `List-Unsubscribe-Post`.
///
/// # Errors
/// [`TransportError::Permanent`] when the envelope cannot make a valid message (an
/// address lettre rejects, a message id or unsubscribe URL that is not a header token).
pub fn render_raw(envelope: &Envelope) -> Result<String, TransportError> {
    let bytes = build_message(envelope)?.formatted();
    String::from_utf8(bytes)
        .map_err(|_| TransportError::Permanent("the message is not valid UTF-8".to_owned()))
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn values_are_collapsed_to_one_trimmed_line() {
        assert_eq!(
            one_line("  Hello\r\nBcc: x@y.z\n\tthere \r"),
            "Hello Bcc: x@y.z there"
        );
        assert_eq!(one_line("Déjà\u{0}vu"), "Déjà vu");
    }
}
