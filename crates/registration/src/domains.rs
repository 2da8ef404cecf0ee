//! Email domains a registration link accepts.

use std::fmt;

use frontdesk_kernel::EmailAddress;

/// Most domains one link may list.
pub const MAX_ALLOWED_DOMAINS: usize = 50;

/// Why a domain or a list of domains is refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
pub enum DomainError {
    /// Not a domain name: lower-case ASCII labels of letters, digits and inner hyphens,
    /// separated by dots, at least two labels, at most 253 characters.
    #[error("{0:?} is not a domain name such as example.com")]
    NotADomain(String),
    /// More than [`MAX_ALLOWED_DOMAINS`] domains.
    #[error("a link lists at most {max} domains")]
    TooMany {
        /// The maximum.
        max: usize,
    },
}

/// A domain name as email addresses carry it after the `@`: ASCII (internationalised names
/// in their `xn--` form), lower-case, at least two labels of 1–63 letters, digits and inner
/// hyphens, at most 253 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EmailDomain(String);

impl EmailDomain {
    /// Parses a domain, ignoring surrounding spaces, one leading `@` and case.
    ///
    /// # Errors
    /// [`DomainError::NotADomain`] when `raw` is not a domain name.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let trimmed = raw.trim();
        let name = trimmed
            .strip_prefix('@')
            .unwrap_or(trimmed)
            .to_ascii_lowercase();
        let labels: Vec<&str> = name.split('.').collect();
        let label_ok = |label: &&str| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        if name.len() <= 253 && labels.len() >= 2 && labels.iter().all(label_ok) {
            Ok(Self(name))
        } else {
            Err(DomainError::NotADomain(trimmed.chars().take(80).collect()))
        }
    }

    /// The domain name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The domains a link accepts addresses of: 1–[`MAX_ALLOWED_DOMAINS`] distinct domains,
/// sorted. An address matches only its exact domain: `evil-acme.com` and `mail.acme.com`
/// are not `acme.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedDomains(Vec<EmailDomain>);

impl AllowedDomains {
    /// Parses domains (each as [`EmailDomain::parse`]); blank entries are skipped and
    /// duplicates kept once. `None` when nothing is left: the link accepts any domain.
    ///
    /// # Errors
    /// The first [`DomainError`] met.
    pub fn parse<'a>(raw: impl IntoIterator<Item = &'a str>) -> Result<Option<Self>, DomainError> {
        let mut domains = Vec::new();
        for entry in raw {
            if entry.trim().is_empty() {
                continue;
            }
            domains.push(EmailDomain::parse(entry)?);
        }
        domains.sort();
        domains.dedup();
        if domains.len() > MAX_ALLOWED_DOMAINS {
            return Err(DomainError::TooMany {
                max: MAX_ALLOWED_DOMAINS,
            });
        }
        Ok((!domains.is_empty()).then_some(Self(domains)))
    }

    /// Parses domains typed in one box, separated by commas, semicolons, spaces or lines.
    ///
    /// # Errors
    /// As [`AllowedDomains::parse`].
    pub fn parse_text(text: &str) -> Result<Option<Self>, DomainError> {
        Self::parse(text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()))
    }

    /// Whether `email`'s domain is one of these, exactly (ignoring case).
    pub fn allows(&self, email: &EmailAddress) -> bool {
        let domain = email.domain();
        self.0
            .iter()
            .any(|allowed| allowed.as_str().eq_ignore_ascii_case(domain))
    }

    /// The domains, sorted.
    pub fn domains(&self) -> &[EmailDomain] {
        &self.0
    }

    /// The domains as text, one per line (how storage keeps them).
    pub fn to_lines(&self) -> String {
        self.0
            .iter()
            .map(EmailDomain::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email(raw: &str) -> EmailAddress {
        EmailAddress::parse(raw).unwrap()
    }

    #[test]
    fn domains_are_parsed_strictly() {
        assert_eq!(
            EmailDomain::parse(" @Acme.COM ").unwrap().as_str(),
            "acme.com"
        );
        assert_eq!(
            EmailDomain::parse("xn--bcher-kva.de").unwrap().as_str(),
            "xn--bcher-kva.de"
        );
        for bad in [
            "",
            "acme",
            ".acme.com",
            "acme..com",
            "-acme.com",
            "acme-.com",
            "a b.com",
            "acme.com/",
            "user@acme.com",
            "bücher.de",
        ] {
            assert!(EmailDomain::parse(bad).is_err(), "{bad:?}");
        }
        assert!(EmailDomain::parse(&format!("{}.com", "a".repeat(64))).is_err());
    }

    #[test]
    fn lists_skip_blanks_and_duplicates() {
        let list = AllowedDomains::parse_text("acme.com, ACME.com\nexample.org ;")
            .unwrap()
            .unwrap();
        assert_eq!(list.to_lines(), "acme.com\nexample.org");
        assert_eq!(AllowedDomains::parse_text("  ,\n").unwrap(), None);
        let many: Vec<String> = (0..=MAX_ALLOWED_DOMAINS)
            .map(|n| format!("d{n}.com"))
            .collect();
        assert_eq!(
            AllowedDomains::parse(many.iter().map(String::as_str)),
            Err(DomainError::TooMany {
                max: MAX_ALLOWED_DOMAINS
            })
        );
    }

    #[test]
    fn only_the_exact_domain_matches() {
        let list = AllowedDomains::parse(["acme.com"]).unwrap().unwrap();
        assert!(list.allows(&email("jane@acme.com")));
        assert!(list.allows(&email("Jane@ACME.com")));
        for other in [
            "jane@evil-acme.com",
            "jane@acme.com.evil.test",
            "jane@mail.acme.com",
            "jane@acme.co",
            "acme.com@evil.test",
        ] {
            assert!(!list.allows(&email(other)), "{other}");
        }
    }
}
