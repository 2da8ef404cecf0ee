//! Languages Frontdesk speaks to people in.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A language for pages and mail. Each has shipped translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

/// The language code is not one Frontdesk has translations for.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
#[error("unsupported language; use one of: en, fr")]
pub struct LanguageError;

impl Language {
    /// Every supported language.
    pub const ALL: [Self; 2] = [Self::En, Self::Fr];

    /// The BCP 47 tag (`en`, `fr`).
    pub const fn code(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }

    /// Parses a tag such as `fr`, `FR` or `fr-CA` (region ignored).
    ///
    /// # Errors
    /// [`LanguageError`] when the primary language is not supported.
    pub fn parse(raw: &str) -> Result<Self, LanguageError> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Ok(Self::En),
            "fr" => Ok(Self::Fr),
            _ => Err(LanguageError),
        }
    }
}

impl FromStr for Language {
    type Err = LanguageError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_tags() {
        assert_eq!(Language::parse("fr-CA"), Ok(Language::Fr));
        assert_eq!(Language::parse("EN"), Ok(Language::En));
        assert_eq!(Language::parse("de"), Err(LanguageError));
        assert_eq!(Language::parse(""), Err(LanguageError));
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_codes_round_trip(raw in any::<String>()) {
            if let Ok(language) = Language::parse(&raw) {
                prop_assert_eq!(Language::parse(language.code()), Ok(language));
            }
        }
    }
}
