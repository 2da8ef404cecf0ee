//! Bounded single-line text: the one rule behind every short label Frontdesk stores (form
//! names, case titles, API token labels, share link labels, …).
//!
//! A [`SingleLine<R>`] is trimmed, has no line breaks or other control characters and holds
//! 1 to [`LineRule::MAX_CHARS`] characters. The rule `R` is a marker type, so a form name and
//! a case title are different types even when their bounds agree.
//!
//! ```
//! use frontdesk_kernel::{LineRule, SingleLine, SingleLineError};
//!
//! enum Label {}
//! impl LineRule for Label {
//!     const MAX_CHARS: usize = 5;
//! }
//!
//! assert_eq!(SingleLine::<Label>::parse("  tea ").unwrap().as_str(), "tea");
//! assert_eq!(SingleLine::<Label>::parse("   "), Err(SingleLineError::Empty));
//! assert_eq!(SingleLine::<Label>::parse("teapot"), Err(SingleLineError::TooLong { max: 5 }));
//! assert_eq!(SingleLine::<Label>::parse("a\nb"), Err(SingleLineError::ControlCharacter));
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The bounds of one kind of single-line text.
pub trait LineRule {
    /// Most characters (Unicode scalar values) allowed.
    const MAX_CHARS: usize;
    /// Whether runs of inner whitespace collapse to one space (as in names and titles typed
    /// by people), rather than being kept as typed.
    const COLLAPSE_WHITESPACE: bool = false;
}

/// Why a string is not acceptable single-line text.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum SingleLineError {
    /// Nothing but whitespace.
    #[error("this text is required")]
    Empty,
    /// Longer than the rule allows.
    #[error("this text is at most {max} characters")]
    TooLong {
        /// The rule's maximum, in characters.
        max: usize,
    },
    /// Line breaks or other control characters.
    #[error("this text cannot contain line breaks or control characters")]
    ControlCharacter,
}

/// Text of 1 to `R::MAX_CHARS` characters on one line, trimmed.
pub struct SingleLine<R: LineRule> {
    text: String,
    rule: PhantomData<fn() -> R>,
}

impl<R: LineRule> SingleLine<R> {
    /// Most characters a value may hold.
    pub const MAX_CHARS: usize = R::MAX_CHARS;

    /// Parses `raw`: trims it (and collapses inner whitespace when the rule says so), then
    /// checks it.
    ///
    /// # Errors
    /// [`SingleLineError`] when `raw` is blank, too long or holds control characters.
    pub fn parse(raw: &str) -> Result<Self, SingleLineError> {
        if raw.chars().any(char::is_control) {
            return Err(SingleLineError::ControlCharacter);
        }
        let text = if R::COLLAPSE_WHITESPACE {
            raw.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            raw.trim().to_owned()
        };
        if text.is_empty() {
            return Err(SingleLineError::Empty);
        }
        if text.chars().count() > R::MAX_CHARS {
            return Err(SingleLineError::TooLong { max: R::MAX_CHARS });
        }
        Ok(Self {
            text,
            rule: PhantomData,
        })
    }

    /// Parses optional text where blank means "none".
    ///
    /// # Errors
    /// [`SingleLineError::TooLong`] or [`SingleLineError::ControlCharacter`]; never
    /// [`SingleLineError::Empty`].
    pub fn parse_optional(raw: Option<&str>) -> Result<Option<Self>, SingleLineError> {
        match raw.map(Self::parse) {
            None | Some(Err(SingleLineError::Empty)) => Ok(None),
            Some(result) => result.map(Some),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl<R: LineRule> Clone for SingleLine<R> {
    fn clone(&self) -> Self {
        Self {
            text: self.text.clone(),
            rule: PhantomData,
        }
    }
}

impl<R: LineRule> PartialEq for SingleLine<R> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<R: LineRule> Eq for SingleLine<R> {}

impl<R: LineRule> Hash for SingleLine<R> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl<R: LineRule> AsRef<str> for SingleLine<R> {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl<R: LineRule> fmt::Display for SingleLine<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<R: LineRule> fmt::Debug for SingleLine<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<R: LineRule> From<SingleLine<R>> for String {
    fn from(value: SingleLine<R>) -> Self {
        value.text
    }
}

impl<R: LineRule> TryFrom<&str> for SingleLine<R> {
    type Error = SingleLineError;

    fn try_from(raw: &str) -> Result<Self, Self::Error> {
        Self::parse(raw)
    }
}

impl<R: LineRule> Serialize for SingleLine<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, R: LineRule> Deserialize<'de> for SingleLine<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    enum Ten {}
    impl LineRule for Ten {
        const MAX_CHARS: usize = 10;
    }

    enum Collapsed {}
    impl LineRule for Collapsed {
        const MAX_CHARS: usize = 10;
        const COLLAPSE_WHITESPACE: bool = true;
    }

    #[test]
    fn trims_and_keeps_inner_spacing_unless_told_to_collapse() {
        assert_eq!(SingleLine::<Ten>::parse(" a  b ").unwrap().as_str(), "a  b");
        assert_eq!(
            SingleLine::<Collapsed>::parse(" a  b ").unwrap().as_str(),
            "a b"
        );
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(SingleLine::<Ten>::parse("éééééééééé").is_ok());
        assert_eq!(
            SingleLine::<Ten>::parse("ééééééééééé"),
            Err(SingleLineError::TooLong { max: 10 })
        );
    }

    #[test]
    fn blank_optional_text_is_none() {
        assert_eq!(SingleLine::<Ten>::parse_optional(None), Ok(None));
        assert_eq!(SingleLine::<Ten>::parse_optional(Some("  ")), Ok(None));
        assert_eq!(
            SingleLine::<Ten>::parse_optional(Some("x\ty")),
            Err(SingleLineError::ControlCharacter)
        );
    }

    proptest! {
        #[test]
        fn accepted_text_is_one_trimmed_line_within_bounds(raw in "\\PC{0,14}|.{0,3}[\\n\\r\\t\\x00].{0,3}") {
            match SingleLine::<Ten>::parse(&raw) {
                Ok(text) => {
                    let text = text.as_str();
                    prop_assert!(!text.is_empty());
                    prop_assert!(text.chars().count() <= 10);
                    prop_assert!(!text.chars().any(char::is_control));
                    prop_assert_eq!(text, text.trim());
                    prop_assert_eq!(text, raw.trim());
                }
                Err(SingleLineError::ControlCharacter) => prop_assert!(raw.chars().any(char::is_control)),
                Err(SingleLineError::Empty) => prop_assert!(raw.trim().is_empty()),
                Err(SingleLineError::TooLong { max }) => {
                    prop_assert_eq!(max, 10);
                    prop_assert!(raw.trim().chars().count() > 10);
                }
            }
        }
    }
}
