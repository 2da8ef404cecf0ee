//! Sealing the secret-bearing part of queued mail: a message's template data (guest, share,
//! set-password, registration and unsubscribe links, temporary passwords) and its
//! unsubscribe URL are stored encrypted with XChaCha20-Poly1305, so a copy of the database
//! alone holds no working link.
//!
//! A sealed value is the text `fdseal:v1:<key id>:<base64url(nonce ‖ ciphertext)>`; the
//! message id is the associated data, so a sealed value moved to another row does not
//! open. The key id names the key that sealed it: new rows are sealed with the current key,
//! and rows sealed with an older key still open while that key is configured as a
//! decrypt-only key, which is how keys rotate.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use frontdesk_kernel::{OsTokenSource, RepositoryError, TokenSource, Uuid};
use secrecy::{ExposeSecret, SecretBox};

/// What every sealed value starts with.
const PREFIX: &str = "fdseal:v1:";

/// Bytes of an `XChaCha20` nonce.
const NONCE_BYTES: usize = 24;

/// One sealing key: a short id stored with every value it seals, and 32 secret bytes.
pub struct SealingKey {
    id: String,
    secret: SecretBox<[u8; 32]>,
}

impl SealingKey {
    /// A key named `id` (1–32 characters of `a-z`, `0-9`, `-` and `_`).
    ///
    /// # Errors
    /// A sentence saying what is wrong with `id` (the secret is never part of it).
    pub fn new(id: &str, secret: SecretBox<[u8; 32]>) -> Result<Self, String> {
        let valid = !id.is_empty()
            && id.len() <= 32
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid {
            return Err(format!(
                "the key id {id:?} must be 1-32 characters of a-z, 0-9, '-' and '_'"
            ));
        }
        Ok(Self {
            id: id.to_owned(),
            secret,
        })
    }

    /// The key's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.secret.expose_secret().into())
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SealingKey")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// The keys outbox data is sealed with: the current key seals and opens, older keys only
/// open.
#[derive(Debug)]
pub struct OutboxSealing {
    current: SealingKey,
    older: Vec<SealingKey>,
}

impl OutboxSealing {
    /// Seals with `current`; opens with `current` or any of `older`.
    ///
    /// # Errors
    /// A sentence when two keys share an id.
    pub fn new(current: SealingKey, older: Vec<SealingKey>) -> Result<Self, String> {
        let mut ids = vec![current.id.as_str()];
        for key in &older {
            if ids.contains(&key.id.as_str()) {
                return Err(format!("the sealing key id {:?} is used twice", key.id));
            }
            ids.push(&key.id);
        }
        Ok(Self { current, older })
    }

    /// The id of the key new values are sealed with.
    pub fn current_id(&self) -> &str {
        &self.current.id
    }

    /// Seals `plain` for the row `row`.
    ///
    /// # Errors
    /// [`RepositoryError::Corrupt`] if encryption fails (it does not for valid keys).
    pub(crate) fn seal(&self, row: Uuid, plain: &[u8]) -> Result<String, RepositoryError> {
        let mut nonce = [0u8; NONCE_BYTES];
        OsTokenSource.fill(&mut nonce);
        let sealed = self
            .current
            .cipher()
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plain,
                    aad: row.as_bytes(),
                },
            )
            .map_err(|_| RepositoryError::Corrupt("outbox data could not be sealed".into()))?;
        let mut bytes = Vec::with_capacity(NONCE_BYTES + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(format!(
            "{PREFIX}{}:{}",
            self.current.id,
            URL_SAFE_NO_PAD.encode(bytes)
        ))
    }

    /// Opens a value [`OutboxSealing::seal`] made for `row`.
    ///
    /// # Errors
    /// [`RepositoryError::Corrupt`] naming the key id when no configured key has that id,
    /// or when the value was altered, or belongs to another row.
    pub(crate) fn open(&self, row: Uuid, sealed: &str) -> Result<Vec<u8>, RepositoryError> {
        let corrupt = |why: &str| RepositoryError::Corrupt(format!("outbox_messages.data: {why}"));
        let rest = sealed
            .strip_prefix(PREFIX)
            .ok_or_else(|| corrupt("not a sealed value"))?;
        let (id, body) = rest.split_once(':').ok_or_else(|| corrupt("no key id"))?;
        let key = std::iter::once(&self.current)
            .chain(&self.older)
            .find(|key| key.id == id)
            .ok_or_else(|| {
                corrupt(&format!(
                    "sealed with the key {id:?}, which is not configured"
                ))
            })?;
        let bytes = URL_SAFE_NO_PAD
            .decode(body)
            .map_err(|_| corrupt("not base64url"))?;
        if bytes.len() < NONCE_BYTES {
            return Err(corrupt("too short"));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        key.cipher()
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: row.as_bytes(),
                },
            )
            .map_err(|_| corrupt(&format!("does not open with the key {id:?}")))
    }

    /// Whether `stored` is a sealed value (rather than data stored in the clear).
    pub(crate) fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(id: &str, byte: u8) -> SealingKey {
        SealingKey::new(id, SecretBox::new(Box::new([byte; 32]))).unwrap()
    }

    #[test]
    fn values_open_with_their_key_and_row_only() {
        let row = Uuid::now_v7();
        let sealing = OutboxSealing::new(key("k1", 1), vec![]).unwrap();
        let sealed = sealing.seal(row, b"fdg_secret").unwrap();
        assert!(sealed.starts_with("fdseal:v1:k1:"), "{sealed}");
        assert!(!sealed.contains("fdg_"));
        assert!(OutboxSealing::is_sealed(&sealed));
        assert_eq!(sealing.open(row, &sealed).unwrap(), b"fdg_secret");
        assert_ne!(
            sealing.seal(row, b"fdg_secret").unwrap(),
            sealed,
            "a fresh nonce each time"
        );
        assert!(
            sealing.open(Uuid::now_v7(), &sealed).is_err(),
            "another row"
        );
        let mut altered = sealed.clone();
        altered.pop();
        altered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(sealing.open(row, &altered).is_err(), "altered");
        let other = OutboxSealing::new(key("k1", 2), vec![]).unwrap();
        assert!(other.open(row, &sealed).is_err(), "another secret");
    }

    #[test]
    fn older_keys_open_but_never_seal() {
        let row = Uuid::now_v7();
        let before = OutboxSealing::new(key("k1", 1), vec![]).unwrap();
        let sealed = before.seal(row, b"data").unwrap();
        let rotated = OutboxSealing::new(key("k2", 2), vec![key("k1", 1)]).unwrap();
        assert_eq!(rotated.open(row, &sealed).unwrap(), b"data");
        assert!(
            rotated
                .seal(row, b"data")
                .unwrap()
                .starts_with("fdseal:v1:k2:")
        );
        let retired = OutboxSealing::new(key("k2", 2), vec![]).unwrap();
        let error = retired.open(row, &sealed).unwrap_err().to_string();
        assert!(error.contains("\"k1\""), "{error}");
    }

    #[test]
    fn bad_ids_and_duplicates_are_refused_and_secrets_never_printed() {
        for bad in ["", "K1", "a:b", &"x".repeat(33)] {
            assert!(SealingKey::new(bad, SecretBox::new(Box::new([0; 32]))).is_err());
        }
        assert!(OutboxSealing::new(key("k1", 1), vec![key("k1", 2)]).is_err());
        let printed = format!("{:?}", key("k1", 7));
        assert!(
            printed.contains("k1") && !printed.contains('7'),
            "{printed}"
        );
    }
}
