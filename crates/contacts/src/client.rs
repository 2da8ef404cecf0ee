//! Clients: the customer companies an organisation works for. Contacts and cases may belong
//! to one; contact users see cases through them.

use frontdesk_kernel::{ClientId, LineRule, OrgId, SingleLine};
use time::OffsetDateTime;

/// The rule of a client's name: one line of 1–200 characters, runs of whitespace collapsed.
/// Names need not be unique: two companies may share a name.
pub enum ClientNameRule {}

impl LineRule for ClientNameRule {
    const MAX_CHARS: usize = 200;
    const COLLAPSE_WHITESPACE: bool = true;
}

/// A client's name, checked.
pub type ClientName = SingleLine<ClientNameRule>;

/// A customer company of an organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    /// Its id.
    pub id: ClientId,
    /// The organisation.
    pub org_id: OrgId,
    /// Its name.
    pub name: ClientName,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_one_collapsed_line() {
        assert_eq!(
            ClientName::parse("  More   Profits Inc. ")
                .expect("name")
                .as_str(),
            "More Profits Inc."
        );
        assert!(ClientName::parse(" ").is_err());
        assert!(ClientName::parse("a\nb").is_err());
        assert!(ClientName::parse(&"x".repeat(201)).is_err());
        assert!(ClientName::parse(&"x".repeat(200)).is_ok());
    }

    proptest! {
        #[test]
        fn parsed_names_parse_again_to_themselves(raw in any::<String>()) {
            if let Ok(name) = ClientName::parse(&raw) {
                prop_assert_eq!(ClientName::parse(name.as_str()), Ok(name));
            }
        }
    }
}
