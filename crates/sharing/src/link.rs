//! Share links and their views.

use frontdesk_kernel::{
    CaseId, Language, LineRule, OrgId, PasswordHash, ShareLinkId, SingleLine, StaffUserId,
    TokenDigest,
};
use time::OffsetDateTime;

use crate::MAX_LABEL_CHARS;

/// The rule of a share link's label: at most [`MAX_LABEL_CHARS`] characters on one line.
pub enum ShareLabelRule {}

impl LineRule for ShareLabelRule {
    const MAX_CHARS: usize = MAX_LABEL_CHARS;
}

impl ShareLabelRule {
    /// The rule in words, for whoever typed a label that breaks it.
    pub const DESCRIPTION: &'static str = "a label is at most 200 characters";
}

/// A label staff give a link to recognise it by: trimmed, on one line, at most
/// [`MAX_LABEL_CHARS`] characters. Optional: a blank label is no label
/// ([`SingleLine::parse_optional`]).
pub type ShareLabel = SingleLine<ShareLabelRule>;

/// A read-only capability for one case (`/s/{token}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    /// Its id.
    pub id: ShareLinkId,
    /// The organisation.
    pub org_id: OrgId,
    /// The case shared.
    pub case_id: CaseId,
    /// Who created it.
    pub created_by: StaffUserId,
    /// A label for staff.
    pub label: Option<String>,
    /// SHA-256 of the secret token.
    pub digest: TokenDigest,
    /// Language the case is shown in (the case's language).
    pub language: Language,
    /// When it was created.
    pub created_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// Views allowed, if limited.
    pub max_views: Option<u32>,
    /// Views counted so far.
    pub views: u32,
    /// Hash of the password, if the link has one.
    pub password_hash: Option<PasswordHash>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

impl ShareLink {
    /// Whether the link still opens at `now` (not revoked, not expired, views left).
    pub fn is_open(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none()
            && now < self.expires_at
            && self.max_views.is_none_or(|max| self.views < max)
    }
}

/// Who looked, as far as staff may know: never the raw IP address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewerInfo {
    /// The client's address (hashed before storage).
    pub ip: Option<std::net::IpAddr>,
    /// The `User-Agent` header (truncated before storage).
    pub user_agent: Option<String>,
}

/// One logged view of a share link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareView {
    /// The link.
    pub link_id: ShareLinkId,
    /// When.
    pub viewed_at: OffsetDateTime,
    /// User agent (at most 300 characters).
    pub user_agent: Option<String>,
    /// Hex SHA-256 of the organisation id and the client IP.
    pub ip_hash: Option<String>,
}
