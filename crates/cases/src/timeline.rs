//! A case's timeline: comments, status changes and field changes, each internal or visible
//! to people outside the organisation.

use frontdesk_kernel::{CaseId, ClientId, ContactId, StaffUserId, TimelineEntryId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::CaseStatus;

/// Who may see a timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Staff and the case's external people.
    Public,
    /// Staff only.
    Internal,
}

impl Visibility {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Internal => "internal",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "public" => Some(Self::Public),
            "internal" => Some(Self::Internal),
            _ => None,
        }
    }
}

/// Who wrote or did something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    /// A staff user.
    Staff(StaffUserId),
    /// A contact (a guest, a contact user).
    Contact(ContactId),
    /// Frontdesk itself.
    System,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineEvent {
    /// A comment.
    Comment {
        /// Its text.
        body: String,
    },
    /// The status changed.
    StatusChanged {
        /// Before.
        from: CaseStatus,
        /// After.
        to: CaseStatus,
    },
    /// A field changed (by a guest edit or staff).
    FieldChanged {
        /// Field name.
        field: String,
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// The case was created.
    Created,
    /// The case was assigned to someone else, or unassigned.
    AssigneeChanged {
        /// Before (`None`: nobody).
        from: Option<StaffUserId>,
        /// After (`None`: nobody).
        to: Option<StaffUserId>,
    },
    /// The case was moved to another client, or to none.
    ClientChanged {
        /// Before (`None`: no client).
        from: Option<ClientId>,
        /// After (`None`: no client).
        to: Option<ClientId>,
    },
    /// The case was made public to its client's contact users, or private again.
    PublicChanged {
        /// Before.
        from: bool,
        /// After.
        to: bool,
    },
}

/// One timeline entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// Its id.
    pub id: TimelineEntryId,
    /// The case.
    pub case_id: CaseId,
    /// Who.
    pub author: Author,
    /// What.
    pub event: TimelineEvent,
    /// Who may see it.
    pub visibility: Visibility,
    /// When.
    pub at: OffsetDateTime,
}
