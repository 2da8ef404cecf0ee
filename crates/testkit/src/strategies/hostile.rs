//! Hostile input: text that looks like an address, a name or a password but must be
//! refused — header injections (CR, LF, NUL), angle brackets, quotes, display names — each
//! built from a *valid* value, so a property checks the one thing that makes it bad.

use proptest::prelude::*;

use super::{email_address_raw, name_word};

/// What makes a [`hostile_email`] bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hostility {
    /// A CR LF pair and a second header (`\r\nBcc: …`).
    HeaderInjection,
    /// A lone CR or LF.
    LineBreak,
    /// A NUL byte.
    Nul,
    /// Another control character (tab, escape, DEL, …).
    Control,
    /// `<` or `>`.
    AngleBracket,
    /// A double quote.
    Quote,
    /// A display name around the address: `Name <local@domain>` or `"Name" <…>`.
    DisplayName,
    /// A second address after a comma or semicolon.
    SecondAddress,
}

impl Hostility {
    /// Every kind of hostility.
    pub const ALL: [Self; 8] = [
        Self::HeaderInjection,
        Self::LineBreak,
        Self::Nul,
        Self::Control,
        Self::AngleBracket,
        Self::Quote,
        Self::DisplayName,
        Self::SecondAddress,
    ];
}

/// Inserts `piece` into `text` at a character boundary chosen by `at` (a fraction 0..1):
/// every boundary, the very start and the very end included, is as likely.
fn insert_at(text: &str, piece: &str, at: f64) -> String {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(index, _)| index)
        .chain(std::iter::once(text.len()))
        .collect();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "a fraction of a short string's length"
    )]
    let index = boundaries[((boundaries.len() as f64 * at) as usize).min(boundaries.len() - 1)];
    format!("{}{piece}{}", &text[..index], &text[index..])
}

/// A valid address (as [`email_address_raw`] makes it) made bad in one way, anywhere in
/// it: the text and what was done to it. The kernel must refuse every one.
pub fn hostile_email() -> impl Strategy<Value = (String, Hostility)> {
    (
        email_address_raw(),
        prop::sample::select(Hostility::ALL.to_vec()),
        0.0..1.0f64,
        name_word(),
    )
        .prop_flat_map(|((valid, _, _), hostility, at, name)| {
            let control =
                prop::sample::select(vec!['\t', '\u{1b}', '\u{7f}', '\u{b}', '\u{c}', '\u{85}']);
            (
                Just((valid, hostility, at, name)),
                control,
                email_address_raw(),
            )
        })
        .prop_map(|((valid, hostility, at, name), control, (other, _, _))| {
            let text = match hostility {
                Hostility::HeaderInjection => insert_at(&valid, &format!("\r\nBcc: {other}"), at),
                Hostility::LineBreak => insert_at(&valid, if at < 0.5 { "\n" } else { "\r" }, at),
                Hostility::Nul => insert_at(&valid, "\0", at),
                Hostility::Control => insert_at(&valid, &control.to_string(), at),
                Hostility::AngleBracket => insert_at(&valid, if at < 0.5 { "<" } else { ">" }, at),
                Hostility::Quote => insert_at(&valid, "\"", at),
                Hostility::DisplayName if at < 0.5 => format!("{name} <{valid}>"),
                Hostility::DisplayName => format!("\"{name}\" <{valid}>"),
                Hostility::SecondAddress => {
                    format!("{valid}{}{other}", if at < 0.5 { "," } else { ";" })
                }
            };
            (text, hostility)
        })
}

/// A name made bad: a valid word with a control character (CR, LF, NUL, tab…) inside.
pub fn hostile_name() -> impl Strategy<Value = String> {
    (
        name_word(),
        prop::sample::select(vec!["\r\n", "\n", "\0", "\u{1b}", "\u{7f}"]),
        0.0..1.0f64,
    )
        .prop_map(|(word, piece, at)| insert_at(&word, piece, at))
}

/// A password too short or too long for the policy: 0 to `MIN_CHARS - 1` or
/// `MAX_CHARS + 1` to `MAX_CHARS + 64` characters, of any script.
pub fn password_out_of_bounds() -> impl Strategy<Value = String> {
    use frontdesk_kernel::password::{MAX_CHARS, MIN_CHARS};
    prop_oneof![
        prop::collection::vec(any::<char>(), 0..MIN_CHARS),
        prop::collection::vec(any::<char>(), MAX_CHARS + 1..=MAX_CHARS + 64),
    ]
    .prop_map(|chars| chars.into_iter().collect())
}

/// A password within the length bounds (8 to 128 characters) that is not on the common
/// list: a mix of letters, digits and symbols that never repeats one character throughout.
pub fn password_in_bounds() -> impl Strategy<Value = String> {
    r"[A-Za-z0-9!#%&*+=?@^_~ ]{6,124}".prop_map(|middle| format!("Zq{middle}7!"))
}

/// Text that is no supported language tag: words, codes of unsupported languages, empty
/// and blank text, codes with junk around them.
pub fn garbage_language_tag() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        " {1,3}".prop_map(|s: String| s),
        prop::sample::select(vec![
            "de", "es", "it", "e", "-en", "fre", "english", "f r", "fr;q=0.8"
        ])
        .prop_map(str::to_owned),
        "[a-z]{3,8}".prop_filter("not a supported code", |s| !s.starts_with("en")
            && !s.starts_with("fr")),
        "[0-9!?*/]{1,5}",
    ]
}
