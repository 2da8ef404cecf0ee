//! People's names as they are shown and put in mail.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest name we store, in characters.
pub const MAX_CHARS: usize = 200;

/// A person's name: trimmed, inner whitespace collapsed, no control characters, 1–200
/// characters. Safe to show in a page (after escaping) and in a mail header display name.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

/// Why a string is not a usable name.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum PersonNameError {
    /// Nothing but whitespace.
    #[error("a name is required")]
    Empty,
    /// Longer than [`MAX_CHARS`].
    #[error("a name is at most 200 characters")]
    TooLong,
    /// Line breaks or other control characters.
    #[error("a name cannot contain line breaks or control characters")]
    ControlCharacter,
}

impl PersonName {
    /// Parses and normalises a name.
    ///
    /// # Errors
    /// Returns why `raw` cannot be used as a name.
    pub fn parse(raw: &str) -> Result<Self, PersonNameError> {
        if raw.chars().any(char::is_control) {
            return Err(PersonNameError::ControlCharacter);
        }
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if collapsed.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if collapsed.chars().count() > MAX_CHARS {
            return Err(PersonNameError::TooLong);
        }
        Ok(Self(collapsed))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({:?})", self.0)
    }
}

impl Serialize for PersonName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PersonName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn collapses_whitespace() {
        assert_eq!(
            PersonName::parse("  Jane   van  Doe ").unwrap().as_str(),
            "Jane van Doe"
        );
    }

    #[test]
    fn rejects_bad_names() {
        assert_eq!(
            PersonName::parse(" \t "),
            Err(PersonNameError::ControlCharacter)
        );
        assert_eq!(PersonName::parse("   "), Err(PersonNameError::Empty));
        assert_eq!(
            PersonName::parse("a\r\nBcc: x"),
            Err(PersonNameError::ControlCharacter)
        );
        assert_eq!(
            PersonName::parse(&"é".repeat(201)),
            Err(PersonNameError::TooLong)
        );
        assert!(PersonName::parse(&"é".repeat(200)).is_ok());
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_is_idempotent(raw in any::<String>()) {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(name.as_str()).unwrap(), name);
            }
        }
    }
}
