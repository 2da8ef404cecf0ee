//! Every strategy yields what it promises: the kernel's constructors accept each value, and
//! each value round-trips through its text (or, for instants, through a fake clock).

use frontdesk_access::{LifetimeError, TokenLifetimePolicy};
use frontdesk_kernel::{Clock, EmailAddress, Language, PersonName};
use frontdesk_testkit::FakeClock;
use frontdesk_testkit::strategies;
use proptest::prelude::*;
use time::{Duration, UtcOffset};

proptest! {
    #[test]
    fn generated_address_text_parses_to_its_parts((raw, local, domain) in strategies::email_address_raw()) {
        let address = EmailAddress::parse(&raw).expect("a generated address parses");
        prop_assert_eq!(address.local_part(), local.as_str());
        prop_assert_eq!(address.domain(), domain.to_ascii_lowercase());
        prop_assert_eq!(address.as_str(), format!("{local}@{}", domain.to_ascii_lowercase()));
    }

    #[test]
    fn generated_addresses_round_trip_through_their_text(address in strategies::email_address()) {
        prop_assert_eq!(EmailAddress::parse(address.as_str()), Ok(address.clone()));
        prop_assert_eq!(address.normalised(), address.as_str().to_ascii_lowercase());
    }

    #[test]
    fn generated_name_text_parses_to_its_collapsed_words((raw, clean) in strategies::person_name_raw()) {
        let name = PersonName::parse(&raw).expect("a generated name parses");
        prop_assert_eq!(name.as_str(), clean.as_str());
    }

    #[test]
    fn generated_names_round_trip_through_their_text(name in strategies::person_name()) {
        prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
        prop_assert!(name.as_str().chars().count() <= frontdesk_kernel::name::MAX_CHARS);
    }

    #[test]
    fn generated_languages_round_trip_through_their_codes(language in strategies::language()) {
        prop_assert_eq!(Language::parse(language.code()), Ok(language));
        prop_assert_eq!(language.to_string().parse::<Language>(), Ok(language));
    }

    #[test]
    fn generated_language_tags_parse_to_their_language((tag, language) in strategies::language_tag()) {
        prop_assert_eq!(Language::parse(&tag), Ok(language));
    }

    #[test]
    fn generated_lifetimes_are_whole_positive_seconds_within_a_year(lifetime in strategies::lifetime()) {
        prop_assert!(lifetime >= Duration::SECOND);
        prop_assert!(lifetime <= strategies::MAX_LIFETIME);
        prop_assert_eq!(lifetime.subsec_nanoseconds(), 0);
    }

    #[test]
    fn generated_token_lifetimes_are_honoured_by_the_policy(
        kind in strategies::lifetime_kind(),
        lifetimes in strategies::token_lifetimes(),
        now in strategies::instant(),
    ) {
        prop_assert!(1 <= lifetimes.default_seconds);
        prop_assert!(lifetimes.default_seconds <= lifetimes.maximum_seconds);
        let mut policy = TokenLifetimePolicy::default();
        policy.overrides.insert(kind, lifetimes);
        prop_assert_eq!(policy.lifetimes(kind), lifetimes);
        let longest = now + Duration::seconds(lifetimes.maximum_seconds);
        prop_assert_eq!(
            policy.expiry(kind, now, None),
            Ok(now + Duration::seconds(lifetimes.default_seconds))
        );
        prop_assert_eq!(policy.expiry(kind, now, Some(longest)), Ok(longest));
        let too_late = policy.expiry(kind, now, Some(longest + Duration::SECOND));
        prop_assert!(
            matches!(too_late, Err(LifetimeError::ExceedsMaximum { .. })),
            "a second past the maximum is refused, not {:?}",
            too_late
        );
    }

    #[test]
    fn generated_instants_are_utc_microseconds_a_fake_clock_shows_and_moves_from(
        instant in strategies::instant(),
        step in strategies::clock_step(),
    ) {
        prop_assert_eq!(instant.offset(), UtcOffset::UTC);
        prop_assert_eq!(instant.nanosecond() % 1_000, 0);
        prop_assert!((2000..2100).contains(&instant.year()));
        let clock = FakeClock::at(instant);
        prop_assert_eq!(clock.now(), instant);
        clock.advance(step);
        prop_assert_eq!(clock.now(), instant + step);
        prop_assert!(step >= Duration::ZERO && step <= Duration::days(30));
        prop_assert_eq!(step.subsec_nanoseconds() % 1_000, 0);
    }
}
