//! [`proptest`](mod@proptest) strategies for Frontdesk's value types, for property tests in
//! the domain crates and in embedders' own code: valid values here (addresses, names,
//! languages, lifetimes, instants), hostile input in [`hostile`] (header injections, display
//! names, out-of-bounds passwords, garbage language tags), tokens of each kind and damaged
//! ones in [`tokens`], form submissions in [`forms`], and sequences of operations on share
//! links, guest access and grants in [`operations`].
//!
//! Every strategy here yields only values the kernel's constructors accept, so a property
//! can take them as given: [`email_address`] yields parsed [`EmailAddress`]es,
//! [`person_name`] parsed [`PersonName`]s, and so on. Where the raw text matters (to test
//! a parser, a form or a wire type), the `*_raw` strategies yield the text together with
//! what it must parse to.
//!
//! ```
//! use frontdesk_kernel::EmailAddress;
//! use frontdesk_testkit::strategies;
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! // In a test: `proptest! { #[test] fn name(address in strategies::email_address()) { … } }`.
//! let mut runner = TestRunner::default();
//! runner
//!     .run(&strategies::email_address(), |address| {
//!         prop_assert_eq!(EmailAddress::parse(address.as_str()), Ok(address.clone()));
//!         Ok(())
//!     })
//!     .expect("every generated address survives being written out");
//! ```
//!
//! Instants come at microsecond precision between 2000 and 2100, as storage keeps them,
//! so a value written and read back compares equal; start a
//! [`FakeClock`](crate::FakeClock) at one with [`FakeClock::at`](crate::FakeClock::at).

pub mod forms;
pub mod hostile;
pub mod operations;
pub mod tokens;

pub use forms::{BadField, bad_submission, case_title, submission};
pub use hostile::{
    Hostility, garbage_language_tag, hostile_email, hostile_name, password_in_bounds,
    password_out_of_bounds,
};
pub use operations::{
    GrantOp, GuestAccessOp, ShareLinkOp, around_expiry, grant_op, guest_access_op, share_link_op,
};
pub use tokens::{damaged_token, token, token_kind, token_of};

use frontdesk_access::{LifetimeKind, TokenLifetimes};
use frontdesk_kernel::{EmailAddress, Language, PersonName};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Longest lifetime [`lifetime`] and [`token_lifetimes`] yield: a year.
pub const MAX_LIFETIME: Duration = Duration::days(365);

/// One atom of a local part: letters, digits and the specials RFC 5322 allows unquoted.
const LOCAL_ATOM: &str = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,16}";

/// A local part (the text before the `@`): one to three dot-separated atoms of letters,
/// digits and the specials RFC 5322 allows unquoted; never a leading, trailing or doubled
/// dot; at most 50 characters.
pub fn email_local_part() -> impl Strategy<Value = String> {
    prop::collection::vec(LOCAL_ATOM, 1..=3).prop_map(|atoms| atoms.join("."))
}

/// A domain with at least one dot: one to three labels of letters, digits and inner
/// hyphens, then a top-level label that starts with a letter. Mixed case, as people type
/// it; at most 80 characters.
pub fn email_domain() -> impl Strategy<Value = String> {
    let label = "[A-Za-z0-9]([A-Za-z0-9-]{0,18}[A-Za-z0-9])?";
    let top_level = "[A-Za-z][A-Za-z0-9]{1,9}";
    (prop::collection::vec(label, 1..=3), top_level)
        .prop_map(|(labels, top_level)| format!("{}.{top_level}", labels.join(".")))
}

/// The raw text of a valid address, `local@domain`, with its local part and domain.
pub fn email_address_raw() -> impl Strategy<Value = (String, String, String)> {
    (email_local_part(), email_domain())
        .prop_map(|(local, domain)| (format!("{local}@{domain}"), local, domain))
}

/// A valid [`EmailAddress`], parsed from [`email_address_raw`].
pub fn email_address() -> impl Strategy<Value = EmailAddress> {
    email_address_raw().prop_filter_map(
        "the kernel accepts every generated address",
        |(raw, _, _)| EmailAddress::parse(&raw).ok(),
    )
}

/// One word of a name: letters of any script, with inner apostrophes and hyphens
/// (`O'Brien`, `Jean-Luc`, `Zoë`, `李`); 1–12 characters.
pub fn name_word() -> impl Strategy<Value = String> {
    r"\p{L}([\p{L}'-]{0,10}\p{L})?"
}

/// The raw text of a valid name, with surrounding and doubled spaces (plain and
/// no-break) as people type them, and the name it must parse to: its words joined by
/// single spaces. One to four words, at most 51 characters once collapsed.
pub fn person_name_raw() -> impl Strategy<Value = (String, String)> {
    let gap = "[ \u{a0}]{1,3}";
    let edge = "[ \u{a0}]{0,2}";
    (edge, prop::collection::vec((name_word(), gap), 1..=4), edge).prop_map(
        |(lead, words, trail)| {
            let mut raw = lead;
            let mut clean = Vec::with_capacity(words.len());
            for (index, (word, gap)) in words.iter().enumerate() {
                if index > 0 {
                    raw.push_str(gap);
                }
                raw.push_str(word);
                clean.push(word.as_str());
            }
            raw.push_str(&trail);
            (raw, clean.join(" "))
        },
    )
}

/// A valid [`PersonName`], parsed from [`person_name_raw`].
pub fn person_name() -> impl Strategy<Value = PersonName> {
    person_name_raw().prop_filter_map("the kernel accepts every generated name", |(raw, _)| {
        PersonName::parse(&raw).ok()
    })
}

/// Any supported [`Language`].
pub fn language() -> impl Strategy<Value = Language> {
    prop::sample::select(Language::ALL.to_vec())
}

/// A language tag as browsers and people send it (`fr`, `FR`, `fr-CA`, `en_gb`, with
/// surrounding spaces) and the [`Language`] it must parse to.
pub fn language_tag() -> impl Strategy<Value = (String, Language)> {
    (
        language(),
        any::<bool>(),
        prop::option::of(("[-_]", "[A-Za-z]{2}")),
        " {0,2}",
    )
        .prop_map(|(language, upper, region, pad)| {
            let code = if upper {
                language.code().to_ascii_uppercase()
            } else {
                language.code().to_owned()
            };
            let region = region.map_or_else(String::new, |(sep, region)| format!("{sep}{region}"));
            (format!("{pad}{code}{region}{pad}"), language)
        })
}

/// A link lifetime: a whole number of seconds from one second to [`MAX_LIFETIME`].
pub fn lifetime() -> impl Strategy<Value = Duration> {
    (1..=MAX_LIFETIME.whole_seconds()).prop_map(Duration::seconds)
}

/// Any [`LifetimeKind`].
pub fn lifetime_kind() -> impl Strategy<Value = LifetimeKind> {
    prop::sample::select(LifetimeKind::ALL.to_vec())
}

/// An organisation's lifetimes for one kind of link: a default of at least a second and
/// a maximum no shorter than the default, both at most [`MAX_LIFETIME`].
pub fn token_lifetimes() -> impl Strategy<Value = TokenLifetimes> {
    (1..=MAX_LIFETIME.whole_seconds())
        .prop_flat_map(|default| (Just(default), default..=MAX_LIFETIME.whole_seconds()))
        .prop_map(|(default_seconds, maximum_seconds)| TokenLifetimes {
            default_seconds,
            maximum_seconds,
        })
}

/// An instant for a [`FakeClock`](crate::FakeClock) to show: UTC, between 2000-01-01 and
/// 2100-01-01, at microsecond precision (as storage keeps time).
pub fn instant() -> impl Strategy<Value = OffsetDateTime> {
    // 2000-01-01 and 2100-01-01 00:00 UTC, in microseconds since the Unix epoch.
    const FROM: i64 = 946_684_800 * 1_000_000;
    const UNTIL: i64 = 4_102_444_800 * 1_000_000;
    (FROM..UNTIL).prop_filter_map("every instant in range is representable", |micros| {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1_000).ok()
    })
}

/// How far a test moves a [`FakeClock`](crate::FakeClock) in one step: zero to 30 days,
/// at microsecond precision.
pub fn clock_step() -> impl Strategy<Value = Duration> {
    (0..=30 * DAY * 1_000_000).prop_map(Duration::microseconds)
}
