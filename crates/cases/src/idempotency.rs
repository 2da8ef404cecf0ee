//! The `Idempotency-Key` a client may send with a public submission.

/// A client's `Idempotency-Key`: 1–255 visible ASCII characters (surrounding whitespace
/// ignored). One rule, used by every edge that accepts one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

/// Why a value is not an `Idempotency-Key`.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
#[error("an Idempotency-Key is 1–255 visible ASCII characters")]
pub struct IdempotencyKeyError;

impl IdempotencyKey {
    /// Longest key accepted, in characters.
    pub const MAX_CHARS: usize = 255;

    /// Parses a key.
    ///
    /// # Errors
    /// [`IdempotencyKeyError`] when `raw` is blank, too long or holds anything but visible
    /// ASCII.
    pub fn parse(raw: &str) -> Result<Self, IdempotencyKeyError> {
        let key = raw.trim();
        let ok = !key.is_empty()
            && key.len() <= Self::MAX_CHARS
            && key.chars().all(|c| c.is_ascii_graphic());
        if ok {
            Ok(Self(key.to_owned()))
        } else {
            Err(IdempotencyKeyError)
        }
    }

    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys() {
        assert_eq!(
            IdempotencyKey::parse(" key-123 ").map(|k| k.as_str().to_owned()),
            Ok("key-123".to_owned())
        );
        assert!(IdempotencyKey::parse(&"k".repeat(255)).is_ok());
        assert_eq!(
            IdempotencyKey::parse(&"k".repeat(256)),
            Err(IdempotencyKeyError)
        );
        assert_eq!(IdempotencyKey::parse("  "), Err(IdempotencyKeyError));
        assert_eq!(IdempotencyKey::parse("a b"), Err(IdempotencyKeyError));
        assert_eq!(IdempotencyKey::parse("clé"), Err(IdempotencyKeyError));
    }

    proptest! {
        #[test]
        fn accepted_keys_are_visible_ascii(raw in any::<String>()) {
            if let Ok(key) = IdempotencyKey::parse(&raw) {
                prop_assert!(key.as_str().chars().all(|c| c.is_ascii_graphic()));
                prop_assert!((1..=255).contains(&key.as_str().len()));
            }
        }
    }
}
