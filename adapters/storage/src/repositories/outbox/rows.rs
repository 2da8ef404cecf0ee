//! Outbox rows and messages: the mapping both ways, sealing the secret-bearing part (template
//! data and unsubscribe URL) when keys are configured and opening it on the way back.

use frontdesk_kernel::{EmailAddress, Language, MessageId, OrgId, PersonName, RepositoryError};
use frontdesk_messaging::{MessageState, OutboundMessage, TemplateKind};

use super::TABLE;
use crate::convert::{corrupt, from_micros, micros};
use crate::entities::outbox_messages::Model;
use crate::repositories::sealing::OutboxSealing;

/// Most characters of a failure kept in `last_error`.
const MAX_ERROR_CHARS: usize = 1_000;

/// The secret-bearing part of a message, as it is sealed: its template data and its
/// unsubscribe URL.
#[derive(serde::Serialize, serde::Deserialize)]
struct SealedPart {
    data: serde_json::Value,
    unsubscribe_url: Option<String>,
}

/// What the `data` and `unsubscribe_url` columns hold once a message was sent: nothing.
pub(super) const WIPED_DATA: &str = "{}";

/// A message as its row: the template data and unsubscribe URL sealed with `sealing` when
/// there is one.
pub(super) fn to_row(
    message: &OutboundMessage,
    sealing: Option<&OutboxSealing>,
) -> Result<Model, RepositoryError> {
    let (data, unsubscribe_url) = match sealing {
        Some(sealing) => {
            let part = serde_json::to_vec(&SealedPart {
                data: message.data.clone(),
                unsubscribe_url: message.unsubscribe_url.clone(),
            })
            .map_err(|error| RepositoryError::Corrupt(format!("{TABLE}.data: {error}")))?;
            (sealing.seal(message.id.as_uuid(), &part)?, None)
        }
        None => (
            serde_json::to_string(&message.data)
                .map_err(|error| RepositoryError::Corrupt(format!("{TABLE}.data: {error}")))?,
            message.unsubscribe_url.clone(),
        ),
    };
    let created = micros(message.created_at);
    Ok(Model {
        id: message.id.as_uuid(),
        org_id: message.org_id.as_uuid(),
        recipient: message.to.as_str().to_owned(),
        recipient_normalised: message.to.normalised(),
        recipient_name: message
            .to_name
            .as_ref()
            .map(|name| name.as_str().to_owned()),
        kind: message.kind.as_str().to_owned(),
        language: message.language.code().to_owned(),
        data,
        unsubscribe_url,
        state: MessageState::Pending.as_str().to_owned(),
        attempts: 0,
        created_at_us: created,
        available_at_us: created,
        lease_owner: None,
        lease_until_us: None,
        sent_at_us: None,
        last_error: None,
    })
}

/// A stored row as a message; sealed data is opened with `sealing` (a sealed row without
/// keys, or with none that opens it, is corrupt).
pub(super) fn to_message(
    row: &Model,
    sealing: Option<&OutboxSealing>,
) -> Result<OutboundMessage, RepositoryError> {
    let (data, unsubscribe_url) = if OutboxSealing::is_sealed(&row.data) {
        let sealing = sealing
            .ok_or_else(|| corrupt(TABLE, "data", "sealed, but no sealing key is configured"))?;
        let part: SealedPart = serde_json::from_slice(&sealing.open(row.id, &row.data)?)
            .map_err(|e| corrupt(TABLE, "data", e))?;
        (part.data, part.unsubscribe_url)
    } else {
        (
            serde_json::from_str(&row.data).map_err(|e| corrupt(TABLE, "data", e))?,
            row.unsubscribe_url.clone(),
        )
    };
    Ok(OutboundMessage {
        id: MessageId::from_uuid(row.id),
        org_id: OrgId::from_uuid(row.org_id),
        to: EmailAddress::parse(&row.recipient).map_err(|e| corrupt(TABLE, "recipient", e))?,
        to_name: row
            .recipient_name
            .as_deref()
            .map(PersonName::parse)
            .transpose()
            .map_err(|e| corrupt(TABLE, "recipient_name", e))?,
        kind: TemplateKind::parse(&row.kind)
            .ok_or_else(|| corrupt(TABLE, "kind", format!("unknown kind {:?}", row.kind)))?,
        language: Language::parse(&row.language).map_err(|e| corrupt(TABLE, "language", e))?,
        data,
        unsubscribe_url,
        created_at: from_micros(TABLE, "created_at_us", row.created_at_us)?,
    })
}

/// The row's attempt count.
pub(super) fn attempts_of(row: &Model) -> Result<u32, RepositoryError> {
    u32::try_from(row.attempts).map_err(|e| corrupt(TABLE, "attempts", e))
}

/// `error` cut to what `last_error` keeps.
pub(super) fn truncated(error: &str) -> String {
    error.chars().take(MAX_ERROR_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use time::OffsetDateTime;

    use super::*;

    #[test]
    fn errors_are_truncated_by_characters() {
        let long = "é".repeat(1_500);
        assert_eq!(truncated(&long).chars().count(), MAX_ERROR_CHARS);
        assert_eq!(truncated("short"), "short");
    }

    #[test]
    fn sealed_rows_hold_no_link_and_open_only_with_the_key() {
        use crate::SealingKey;
        use secrecy::SecretBox;
        let sealing = |byte: u8| {
            OutboxSealing::new(
                SealingKey::new("k1", SecretBox::new(Box::new([byte; 32]))).unwrap(),
                vec![],
            )
            .unwrap()
        };
        let link = "https://desk.test/g/fdg_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        let message = OutboundMessage {
            id: MessageId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
            org_id: OrgId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
            to: EmailAddress::parse("a@b.test").unwrap(),
            to_name: None,
            kind: TemplateKind::GuestLinkReissued,
            language: Language::En,
            data: serde_json::json!({"link": link}),
            unsubscribe_url: Some("https://desk.test/u/fdu_secret".into()),
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        let row = to_row(&message, Some(&sealing(1))).unwrap();
        assert!(row.data.starts_with("fdseal:v1:k1:"), "{}", row.data);
        assert!(!row.data.contains("fdg_") && row.unsubscribe_url.is_none());
        assert_eq!(to_message(&row, Some(&sealing(1))).unwrap(), message);
        for wrong in [None, Some(sealing(2))] {
            assert!(matches!(
                to_message(&row, wrong.as_ref()),
                Err(RepositoryError::Corrupt(_))
            ));
        }
        let clear = to_row(&message, None).unwrap();
        assert_eq!(
            to_message(&clear, Some(&sealing(1))).unwrap(),
            message,
            "rows stored in the clear before sealing still read"
        );
    }

    #[test]
    fn bad_rows_are_corrupt() {
        let message = OutboundMessage {
            id: MessageId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
            org_id: OrgId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
            to: EmailAddress::parse("a@b.test").unwrap(),
            to_name: None,
            kind: TemplateKind::Test,
            language: Language::En,
            data: serde_json::json!({"a": 1}),
            unsubscribe_url: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
        };
        let row = to_row(&message, None).unwrap();
        assert_eq!(to_message(&row, None).unwrap(), message);
        for broken in [
            Model {
                kind: "nope".into(),
                ..row.clone()
            },
            Model {
                data: "{".into(),
                ..row.clone()
            },
            Model {
                recipient: "not an address".into(),
                ..row.clone()
            },
            Model {
                attempts: -1,
                ..row.clone()
            },
        ] {
            let result = to_message(&broken, None).and_then(|_| attempts_of(&broken));
            assert!(
                matches!(result, Err(RepositoryError::Corrupt(_))),
                "{result:?}"
            );
        }
    }
}
