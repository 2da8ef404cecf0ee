//! Properties that can fail: the kernel's parsers accept every valid value the strategies
//! make and refuse every hostile or garbage one — addresses with header injections, NUL,
//! angle brackets, quotes or display names; damaged tokens of every kind; language tags of
//! no supported language; passwords outside the length bounds.

use frontdesk_kernel::email::MAX_LENGTH;
use frontdesk_kernel::password::{MAX_CHARS, MIN_CHARS};
use frontdesk_kernel::{EmailAddress, Language, NewPassword, PasswordError, PersonName, Token};
use frontdesk_testkit::strategies;
use proptest::prelude::*;
use secrecy::SecretString;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn accepted_addresses_are_header_safe(
        (valid, _, _) in strategies::email_address_raw(),
        (hostile, hostility) in strategies::hostile_email(),
    ) {
        let address = EmailAddress::parse(&valid).expect("a valid address parses");
        let text = address.as_str();
        prop_assert!(!text.chars().any(|c| c.is_control() || c.is_whitespace()));
        prop_assert!(!text.contains(['<', '>', '"', ',', ';']));
        prop_assert!(text.len() <= MAX_LENGTH);
        prop_assert_eq!(text.matches('@').count(), 1);
        prop_assert_eq!(EmailAddress::parse(text), Ok(address.clone()));

        let refused = EmailAddress::parse(&hostile);
        prop_assert!(refused.is_err(), "{:?} ({:?}) was accepted as {:?}", hostile, hostility, refused);
    }

    #[test]
    fn names_with_control_characters_are_refused(name in strategies::hostile_name()) {
        prop_assert!(PersonName::parse(&name).is_err(), "{:?} was accepted", name);
    }

    #[test]
    fn tokens_round_trip_and_damaged_ones_are_refused(
        (token, damaged) in strategies::token_kind()
            .prop_flat_map(|kind| (strategies::token_of(kind), strategies::damaged_token(kind))),
    ) {
        let kind = token.kind();
        let parsed = Token::parse(kind, token.expose()).expect("a fresh token parses");
        prop_assert_eq!(parsed.digest(), token.digest());
        for other in frontdesk_kernel::TokenKind::ALL.into_iter().filter(|other| *other != kind) {
            prop_assert!(Token::parse(other, token.expose()).is_err(), "a {:?} token parsed as {:?}", kind, other);
        }
        prop_assert!(Token::parse(kind, &damaged).is_err(), "damaged {:?} token {:?} was accepted", kind, damaged);
    }

    #[test]
    fn language_tags_round_trip_and_garbage_is_refused(
        (tag, language) in strategies::language_tag(),
        garbage in strategies::garbage_language_tag(),
    ) {
        prop_assert_eq!(Language::parse(&tag), Ok(language));
        prop_assert_eq!(Language::parse(language.code()), Ok(language));
        let refused = Language::parse(&garbage);
        prop_assert!(refused.is_err(), "{:?} was accepted as {:?}", garbage, refused);
    }

    #[test]
    fn passwords_outside_the_bounds_are_refused_and_inside_accepted(
        short_or_long in strategies::password_out_of_bounds(),
        fine in strategies::password_in_bounds(),
    ) {
        let chars = short_or_long.chars().count();
        let expected = if chars < MIN_CHARS { PasswordError::TooShort } else { PasswordError::TooLong };
        prop_assert_eq!(
            NewPassword::parse(SecretString::from(short_or_long)).err(),
            Some(expected)
        );
        prop_assert!((MIN_CHARS..=MAX_CHARS).contains(&fine.chars().count()));
        prop_assert!(NewPassword::parse(SecretString::from(fine)).is_ok());
    }

    #[test]
    fn valid_submissions_carry_parseable_values_and_bad_ones_name_one_bad_field(
        fields in strategies::submission(),
        (bad, which) in strategies::bad_submission(),
    ) {
        prop_assert!(EmailAddress::parse(fields.email.as_deref().unwrap_or_default()).is_ok());
        prop_assert!(PersonName::parse(fields.first_name.as_deref().unwrap_or_default()).is_ok());
        prop_assert!(PersonName::parse(fields.last_name.as_deref().unwrap_or_default()).is_ok());
        let broken = match which {
            strategies::BadField::Email => EmailAddress::parse(bad.email.as_deref().unwrap_or_default()).is_err(),
            strategies::BadField::MissingFirstName => bad.first_name.is_none(),
            strategies::BadField::LastName => PersonName::parse(bad.last_name.as_deref().unwrap_or_default()).is_err(),
            strategies::BadField::BlankTitle => bad.title.as_deref().is_some_and(|t| t.trim().is_empty()),
            strategies::BadField::Priority => bad.priority.as_deref().and_then(frontdesk_cases::Priority::parse).is_none(),
        };
        prop_assert!(broken, "{:?} is not broken in {:?}", which, bad);
    }
}
