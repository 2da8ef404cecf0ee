//! Frontdesk's user-interface strings, in every language it speaks.
//!
//! Every sentence a person reads in the console and the public pages lives in one Fluent
//! catalog per language (`locales/<code>/*.ftl`), compiled into the binary. Code refers to a
//! message by its key; adding a language is adding a folder of `.ftl` files (and the
//! language to [`Language`]). A test checks that every language has every message with the
//! same placeholders.
//!
//! ```
//! use frontdesk_kernel::Language;
//! use frontdesk_l10n::{Arg, Texts};
//!
//! let fr = Texts::new(Language::Fr);
//! assert_eq!(fr.get("nav-cases"), "Dossiers");
//! assert_eq!(
//!     Texts::new(Language::En).with("dashboard-open-cases", &[("count", Arg::from(2_u64))]),
//!     "open cases"
//! );
//! ```

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use frontdesk_kernel::Language;

static_loader! {
    static CATALOG = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: pages are HTML, escaped by the
        // template engine, and marks would show up in copied text and in tests.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FR: LanguageIdentifier = langid!("fr");

fn identifier(language: Language) -> &'static LanguageIdentifier {
    match language {
        Language::En => &EN,
        Language::Fr => &FR,
    }
}

/// A value for a message placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text, shown as given.
    Text(String),
    /// A number, which also selects plural forms.
    Number(f64),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<u64> for Arg {
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts shown to people stay far below 2^53"
    )]
    fn from(value: u64) -> Self {
        Self::Number(value as f64)
    }
}

impl From<u32> for Arg {
    fn from(value: u32) -> Self {
        Self::Number(f64::from(value))
    }
}

impl From<i64> for Arg {
    #[expect(
        clippy::cast_precision_loss,
        reason = "counts shown to people stay far below 2^53"
    )]
    fn from(value: i64) -> Self {
        Self::Number(value as f64)
    }
}

/// The catalog of one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Texts {
    language: Language,
}

impl Texts {
    /// The texts of `language`.
    pub const fn new(language: Language) -> Self {
        Self { language }
    }

    /// The language these texts are in.
    pub const fn language(self) -> Language {
        self.language
    }

    /// The message `key`. A key missing from the catalog shows as the key itself (and fails
    /// the catalog tests), never as an empty string.
    pub fn get(self, key: &str) -> String {
        CATALOG
            .try_lookup(identifier(self.language), key)
            .unwrap_or_else(|| missing(key))
    }

    /// The message `key` with its placeholders filled from `args`.
    pub fn with(self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Text(text) => FluentValue::from(text.as_str()),
                    Arg::Number(number) => FluentValue::from(*number),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        CATALOG
            .try_lookup_with_args(identifier(self.language), key, &args)
            .unwrap_or_else(|| missing(key))
    }
}

fn missing(key: &str) -> String {
    debug_assert!(false, "message {key} is missing from the catalog");
    key.to_owned()
}

/// The folder holding the catalogs, for tools and tests that read the `.ftl` files.
pub const CATALOG_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/locales");
