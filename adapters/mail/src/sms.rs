//! The bundled [`SmsSender`]: no provider, it logs that a text message would have gone, with
//! the organisation, the recipient's last two digits and the text's length — never the
//! number or the text.

use frontdesk_messaging::{SmsError, SmsSender, TextMessage};

/// An [`SmsSender`] that only logs (at `info`, target `frontdesk::sms`).
#[derive(Debug, Clone, Copy, Default)]
pub struct LoggingSmsSender;

#[async_trait::async_trait]
impl SmsSender for LoggingSmsSender {
    async fn send(&self, message: &TextMessage) -> Result<(), SmsError> {
        tracing::info!(
            target: "frontdesk::sms",
            org = %message.org_id,
            to = %message.to.masked(),
            chars = message.body.chars().count(),
            "text message not sent: no SMS provider is configured"
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::{OrgId, Uuid};
    use frontdesk_messaging::PhoneNumber;

    use super::*;

    #[tokio::test]
    async fn logging_always_succeeds() {
        let message = TextMessage {
            org_id: OrgId::from_uuid(Uuid::nil()),
            to: PhoneNumber::parse("+64215550142").expect("a number"),
            body: "Your case 42 was resolved.".to_owned(),
        };
        assert!(LoggingSmsSender.send(&message).await.is_ok());
    }
}
