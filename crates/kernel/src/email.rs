//! Email addresses, parsed once and trusted afterwards.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest address we accept (RFC 5321 path limit minus the angle brackets).
pub const MAX_LENGTH: usize = 254;
/// Longest local part (RFC 5321 §4.5.3.1.1).
pub const MAX_LOCAL_LENGTH: usize = 64;
/// Longest domain label (RFC 1035).
pub const MAX_LABEL_LENGTH: usize = 63;

/// An email address that has been parsed and normalised: a plain `local@domain`
/// (no display name, comments, quoting or line breaks) with a lower-case domain.
/// Holding one proves it is safe to put in a mail header.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailAddress {
    address: String,
    at: usize,
}

/// Why a string is not an address Frontdesk will send mail to.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone, Copy)]
pub enum EmailAddressError {
    /// Empty after trimming.
    #[error("an email address is required")]
    Empty,
    /// CR, LF, NUL or another control character.
    #[error("an email address cannot contain line breaks or control characters")]
    ControlCharacter,
    /// A display name, angle brackets, quotes, comments, spaces or separators.
    #[error("enter only the address itself, like name@example.org")]
    NotAPlainAddress,
    /// Not exactly one `@` with text on both sides.
    #[error("an email address needs exactly one @ with text on both sides")]
    Shape,
    /// Over-long address or part.
    #[error("an email address is at most 254 characters, 64 before the @")]
    TooLong,
    /// The part before the `@` has a character or dot placement we do not accept.
    #[error("the part before the @ is not valid")]
    LocalPart,
    /// The domain is not a valid host name with at least one dot.
    #[error("the part after the @ is not a valid domain")]
    Domain,
}

impl EmailAddress {
    /// Parses `raw` (surrounding whitespace is ignored) into an address.
    ///
    /// # Errors
    /// Returns why `raw` is not an address we will send mail to.
    pub fn parse(raw: &str) -> Result<Self, EmailAddressError> {
        if raw.chars().any(char::is_control) {
            return Err(EmailAddressError::ControlCharacter);
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailAddressError::Empty);
        }
        if trimmed
            .chars()
            .any(|c| c.is_whitespace() || "<>\"(),;:\\[]".contains(c))
        {
            return Err(EmailAddressError::NotAPlainAddress);
        }
        if trimmed.len() > MAX_LENGTH {
            return Err(EmailAddressError::TooLong);
        }
        let mut parts = trimmed.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(EmailAddressError::Shape);
        };
        if local.is_empty() || domain.is_empty() {
            return Err(EmailAddressError::Shape);
        }
        if local.len() > MAX_LOCAL_LENGTH {
            return Err(EmailAddressError::TooLong);
        }
        if !valid_local(local) {
            return Err(EmailAddressError::LocalPart);
        }
        let domain = domain.to_ascii_lowercase();
        if !valid_domain(&domain) {
            return Err(EmailAddressError::Domain);
        }
        Ok(Self {
            address: format!("{local}@{domain}"),
            at: local.len(),
        })
    }

    /// The address as it is sent: local part as given, domain in lower case.
    pub fn as_str(&self) -> &str {
        &self.address
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        &self.address[..self.at]
    }

    /// The domain, in lower case.
    pub fn domain(&self) -> &str {
        &self.address[self.at + 1..]
    }

    /// The key two addresses are compared by for uniqueness ("the same person"):
    /// the whole address in lower case.
    pub fn normalised(&self) -> String {
        self.address.to_ascii_lowercase()
    }
}

fn valid_local(local: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+/=?^_`{|}~-.";
    local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
}

fn valid_domain(domain: &str) -> bool {
    // A top-level domain is never all digits; that shape is a bare IP address, which mail
    // would need written as a bracketed literal.
    let top_level_is_name = domain
        .rsplit('.')
        .next()
        .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()));
    top_level_is_name
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= MAX_LABEL_LENGTH
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.address)
    }
}

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress({})", self.address)
    }
}

impl std::str::FromStr for EmailAddress {
    type Err = EmailAddressError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for EmailAddress {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.address)
    }
}

impl<'de> Deserialize<'de> for EmailAddress {
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
    fn accepts_plain_addresses_and_lowercases_the_domain() {
        let address = EmailAddress::parse("  Jane.Doe+cases@Example.ORG ").unwrap();
        assert_eq!(address.as_str(), "Jane.Doe+cases@example.org");
        assert_eq!(address.local_part(), "Jane.Doe+cases");
        assert_eq!(address.domain(), "example.org");
        assert_eq!(address.normalised(), "jane.doe+cases@example.org");
    }

    #[test]
    fn rejects_header_injection_and_display_names() {
        use EmailAddressError as E;
        for (raw, expected) in [
            ("a@x.test\r\nBcc: b@x.test", E::ControlCharacter),
            ("a@x.test\nBcc: b@x.test", E::ControlCharacter),
            ("a\0@x.test", E::ControlCharacter),
            ("Eve <eve@x.test>", E::NotAPlainAddress),
            ("\"a@b\"@x.test", E::NotAPlainAddress),
            ("a@x.test, b@y.test", E::NotAPlainAddress),
            ("a(comment)@x.test", E::NotAPlainAddress),
            ("", E::Empty),
            ("   ", E::Empty),
            ("no-at-sign", E::Shape),
            ("a@b@x.test", E::Shape),
            ("@x.test", E::Shape),
            ("a@", E::Shape),
            ("a..b@x.test", E::LocalPart),
            (".a@x.test", E::LocalPart),
            ("a@localhost", E::Domain),
            ("a@127.0.0.1", E::Domain),
            ("a@-x.test", E::Domain),
            ("a@x..test", E::Domain),
            ("é@x.test", E::LocalPart),
        ] {
            assert_eq!(EmailAddress::parse(raw), Err(expected), "{raw:?}");
        }
    }

    #[test]
    fn rejects_over_long_parts() {
        let local = "a".repeat(65);
        assert_eq!(
            EmailAddress::parse(&format!("{local}@x.test")),
            Err(EmailAddressError::TooLong)
        );
        let domain = format!("{}.test", "a".repeat(250));
        assert_eq!(
            EmailAddress::parse(&format!("a@{domain}")),
            Err(EmailAddressError::TooLong)
        );
        let label = format!("a@{}.test", "b".repeat(64));
        assert_eq!(EmailAddress::parse(&label), Err(EmailAddressError::Domain));
    }

    #[test]
    fn serde_round_trips_and_rejects_bad_input() {
        let address: EmailAddress = serde_json::from_str("\"x@Y.test\"").unwrap();
        assert_eq!(serde_json::to_string(&address).unwrap(), "\"x@y.test\"");
        assert!(serde_json::from_str::<EmailAddress>("\"x@y.test\\r\\nBcc: z@y.test\"").is_err());
    }

    proptest! {
        #[test]
        fn parsing_never_panics(raw in any::<String>()) {
            let _ = EmailAddress::parse(&raw);
        }

        #[test]
        fn parsing_is_idempotent(raw in "[A-Za-z0-9._%+-]{1,20}@[A-Za-z0-9-]{1,10}\\.[A-Za-z]{2,6}") {
            if let Ok(first) = EmailAddress::parse(&raw) {
                let second = EmailAddress::parse(first.as_str()).unwrap();
                prop_assert_eq!(&first, &second);
                prop_assert_eq!(first.normalised(), second.normalised());
            }
        }
    }

    // `accepted_addresses_are_header_safe` lives in crates/testkit/tests/hostile_input.rs:
    // it builds valid addresses and injects CR LF, NUL, angle brackets, quotes and display
    // names into them with the testkit's strategies (which this crate cannot depend on).
}
