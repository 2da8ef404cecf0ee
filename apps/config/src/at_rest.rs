//! What queued mail keeps at rest: the keys its secret-bearing data is sealed with, and how
//! long undeliverable mail is kept.

use std::path::PathBuf;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::SecretBox;

use crate::keys::{AT_REST_DEAD_RETENTION, AT_REST_KEY, AT_REST_KEY_FILE, AT_REST_OLD_KEYS};
use crate::sources::Sources;
use crate::{ConfigError, InvalidValue};

/// The shape of a sealing key, for error messages.
const KEY_SHAPE: &str = "expected KEY_ID:SECRET, where KEY_ID is 1-32 characters of a-z, 0-9, \
     '-' and '_' and SECRET is 32 random bytes in unpadded base64url (43 characters), such as \
     the output of `openssl rand 32 | basenc --base64url | tr -d =`";

/// Where the sealing key is kept when none is configured: beside the default database file.
pub const DEFAULT_KEY_FILE: &str = "frontdesk-sealing.key";

/// One sealing key: its id (stored with every value it seals) and its 32 secret bytes.
pub struct AtRestKey {
    /// The key's id.
    pub id: String,
    /// The secret.
    pub secret: SecretBox<[u8; 32]>,
}

impl std::fmt::Debug for AtRestKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AtRestKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Clone for AtRestKey {
    fn clone(&self) -> Self {
        use secrecy::ExposeSecret as _;
        Self {
            id: self.id.clone(),
            secret: SecretBox::new(Box::new(*self.secret.expose_secret())),
        }
    }
}

impl AtRestKey {
    /// Parses `KEY_ID:SECRET`: a key id of letters, digits, `-` or `_`, then the secret.
    ///
    /// # Errors
    /// [`InvalidValue`] describing the expected shape (never repeating the secret).
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let (id, secret) = raw
            .trim()
            .split_once(':')
            .ok_or_else(|| InvalidValue::new(KEY_SHAPE))?;
        let id_ok = !id.is_empty()
            && id.len() <= 32
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        let bytes: [u8; 32] = URL_SAFE_NO_PAD
            .decode(secret.trim_end_matches('='))
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .filter(|_| id_ok)
            .ok_or_else(|| InvalidValue::new(KEY_SHAPE))?;
        Ok(Self {
            id: id.to_owned(),
            secret: SecretBox::new(Box::new(bytes)),
        })
    }
}

/// Where the current sealing key comes from.
#[derive(Debug, Clone)]
pub enum CurrentKey {
    /// Configured (`[at_rest] key`).
    Configured(AtRestKey),
    /// Read from this file, which is created with a new random key on first start.
    File(PathBuf),
}

/// The at-rest settings.
#[derive(Debug, Clone)]
pub struct AtRestSettings {
    /// The key new outbox data is sealed with.
    pub current: CurrentKey,
    /// Older keys, kept to open what they sealed (rotation).
    pub old_keys: Vec<AtRestKey>,
    /// How long a dead (undeliverable) mail is kept after it was queued.
    pub dead_mail_retention: Duration,
}

impl AtRestSettings {
    /// The configured at-rest settings, with their defaults.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        let key = sources.text(&AT_REST_KEY, AtRestKey::parse)?;
        let key_file = sources.text(&AT_REST_KEY_FILE, |raw| {
            if raw.is_empty() {
                Err(InvalidValue::new("expected a file path"))
            } else {
                Ok(PathBuf::from(raw))
            }
        })?;
        let old_keys = sources
            .text(&AT_REST_OLD_KEYS, |raw| {
                raw.split(',')
                    .map(str::trim)
                    .filter(|part| !part.is_empty())
                    .map(AtRestKey::parse)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|InvalidValue(problem)| {
                        InvalidValue::new(format!("a comma-separated list: {problem}"))
                    })
            })?
            .unwrap_or_default();
        let days = sources
            .number(&AT_REST_DEAD_RETENTION, 1_u64..=3_650)?
            .unwrap_or(30);
        Ok(Self {
            current: match key {
                Some(key) => CurrentKey::Configured(key),
                None => CurrentKey::File(key_file.unwrap_or_else(|| DEFAULT_KEY_FILE.into())),
            },
            old_keys,
            dead_mail_retention: Duration::from_secs(days * 86_400),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret as _;

    fn load(env: &[(&str, &str)]) -> Result<crate::Config, ConfigError> {
        crate::Config::load(
            None,
            env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
        )
    }

    #[test]
    fn defaults_a_key_file_and_thirty_days_and_reads_every_setting() {
        let config = load(&[]).unwrap();
        assert!(matches!(
            &config.at_rest.current,
            CurrentKey::File(path) if path.as_os_str() == DEFAULT_KEY_FILE
        ));
        assert!(config.at_rest.old_keys.is_empty());
        assert_eq!(
            config.at_rest.dead_mail_retention,
            Duration::from_hours(30 * 24)
        );
        let new = URL_SAFE_NO_PAD.encode([2u8; 32]);
        let old = URL_SAFE_NO_PAD.encode([1u8; 32]);
        let config = load(&[
            ("FRONTDESK_AT_REST_KEY", &format!("k2:{new}")),
            ("FRONTDESK_AT_REST_OLD_KEYS", &format!("k1:{old}, k0:{old}")),
            ("FRONTDESK_AT_REST_DEAD_MAIL_RETENTION_DAYS", "7"),
        ])
        .unwrap();
        assert!(matches!(&config.at_rest.current, CurrentKey::Configured(key) if key.id == "k2"));
        let ids: Vec<_> = config
            .at_rest
            .old_keys
            .iter()
            .map(|k| k.id.as_str())
            .collect();
        assert_eq!(ids, ["k1", "k0"]);
        assert_eq!(
            config.at_rest.dead_mail_retention,
            Duration::from_hours(7 * 24)
        );
        let file = load(&[("FRONTDESK_AT_REST_KEY_FILE", "/var/lib/frontdesk/seal.key")]).unwrap();
        assert!(matches!(
            &file.at_rest.current,
            CurrentKey::File(path) if path.as_os_str() == "/var/lib/frontdesk/seal.key"
        ));
        for (variable, bad) in [
            ("FRONTDESK_AT_REST_KEY", format!("k1:{}", &new[..40])),
            ("FRONTDESK_AT_REST_OLD_KEYS", format!("k1:{new},oops")),
            ("FRONTDESK_AT_REST_DEAD_MAIL_RETENTION_DAYS", "0".to_owned()),
        ] {
            let error = load(&[(variable, &bad)]).unwrap_err().to_string();
            assert!(error.contains(variable), "{error}");
            assert!(
                !error.contains(&new[..40]),
                "the secret is never echoed: {error}"
            );
        }
    }

    #[test]
    fn keys_parse_and_bad_ones_never_echo_the_secret() {
        let secret = URL_SAFE_NO_PAD.encode([7u8; 32]);
        let key = AtRestKey::parse(&format!("k-2026:{secret}")).unwrap();
        assert_eq!(key.id, "k-2026");
        assert_eq!(key.secret.expose_secret(), &[7u8; 32]);
        assert!(!format!("{key:?}").contains(&secret));
        for bad in [
            secret.clone(),
            format!("K1:{secret}"),
            format!(":{secret}"),
            "k1:short".to_owned(),
            format!("k1:{}", URL_SAFE_NO_PAD.encode([7u8; 31])),
        ] {
            let InvalidValue(problem) = AtRestKey::parse(&bad).unwrap_err();
            assert!(!problem.contains(&secret), "{problem}");
        }
    }
}
