//! Cases: what was asked, by whom, and where it stands.

use std::fmt;

use frontdesk_kernel::{
    CaseId, ClientId, FormId, Language, LineRule, OrgId, SingleLine, StaffUserId,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The rule of a case's title as people type it: one line of 1–200 characters, runs of
/// whitespace collapsed to one space.
pub enum CaseTitleRule {}

impl LineRule for CaseTitleRule {
    const MAX_CHARS: usize = 200;
    const COLLAPSE_WHITESPACE: bool = true;
}

/// A case's title, checked.
pub type CaseTitle = SingleLine<CaseTitleRule>;

/// The rule of a case's project: the same bounds as a title.
pub enum CaseProjectRule {}

impl LineRule for CaseProjectRule {
    const MAX_CHARS: usize = CaseTitleRule::MAX_CHARS;
    const COLLAPSE_WHITESPACE: bool = true;
}

/// A case's project, checked.
pub type CaseProject = SingleLine<CaseProjectRule>;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// Just submitted.
    New,
    /// Being worked on.
    Open,
    /// Waiting for someone.
    Pending,
    /// Solved.
    Resolved,
    /// Done.
    Closed,
}

impl CaseStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [Self; 5] = [
        Self::New,
        Self::Open,
        Self::Pending,
        Self::Resolved,
        Self::Closed,
    ];

    /// The statuses that count as open (still to be worked on), in life-cycle order.
    pub const OPEN: [Self; 3] = [Self::New, Self::Open, Self::Pending];

    /// Whether a case in this status is still to be worked on (new, open or pending).
    pub const fn is_open(self) -> bool {
        matches!(self, Self::New | Self::Open | Self::Pending)
    }

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Open => "open",
            Self::Pending => "pending",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == raw)
    }
}

impl fmt::Display for CaseStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How urgent a case is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Low.
    Low,
    /// Normal (default).
    #[default]
    Normal,
    /// High.
    High,
    /// Urgent.
    Urgent,
}

impl Priority {
    /// Every priority.
    pub const ALL: [Self; 4] = [Self::Low, Self::Normal, Self::High, Self::Urgent];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Normal => "normal",
            Self::High => "high",
            Self::Urgent => "urgent",
        }
    }

    /// Parses a stored or wire name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

/// A case's number within its organisation (1, 2, 3, …), shown as `#42`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseNumber(pub u64);

impl CaseNumber {
    /// The number a person means by `42` or `#42` (surrounding whitespace ignored), if that
    /// is what `raw` is.
    pub fn parse_reference(raw: &str) -> Option<Self> {
        let digits = raw.trim();
        let digits = digits.strip_prefix('#').unwrap_or(digits);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok().map(Self)
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// The contact details exactly as submitted with the case (kept even when the contact's own
/// record differs: an unauthenticated submission never overwrites a contact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmittedContact {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email as typed (normalised).
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

/// A case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// Its id.
    pub id: CaseId,
    /// The organisation.
    pub org_id: OrgId,
    /// Its number in the organisation.
    pub number: CaseNumber,
    /// The form it came through.
    pub form_id: FormId,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Priority.
    pub priority: Priority,
    /// Related project.
    pub project: Option<String>,
    /// Status.
    pub status: CaseStatus,
    /// Language it is shown in (its creator's; the form's default for public submissions).
    pub language: Language,
    /// Contact details as submitted, for public submissions.
    pub submitted: Option<SubmittedContact>,
    /// The staff user working on it, if anyone is.
    pub assignee: Option<StaffUserId>,
    /// The client (customer company) it belongs to, if any.
    pub client_id: Option<ClientId>,
    /// Whether it is a public case of its client: contact users holding the rule "all
    /// public cases of the client" see it.
    pub public: bool,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}
