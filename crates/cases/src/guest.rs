//! Guest access: a capability for one contact on one case, and the grant behind a
//! notification's unsubscribe link.

use frontdesk_kernel::{CaseId, ContactId, GuestAccessId, OrgId, TokenDigest};
use time::OffsetDateTime;

/// A guest's capability to view and act on one case (`/g/{token}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestAccess {
    /// Its id.
    pub id: GuestAccessId,
    /// The organisation.
    pub org_id: OrgId,
    /// The case.
    pub case_id: CaseId,
    /// The contact it was issued to.
    pub contact_id: ContactId,
    /// SHA-256 of the secret token.
    pub digest: TokenDigest,
    /// When it was issued.
    pub created_at: OffsetDateTime,
    /// When it stops working.
    pub expires_at: OffsetDateTime,
    /// When it was revoked, if it was.
    pub revoked_at: Option<OffsetDateTime>,
}

impl GuestAccess {
    /// Whether it opens the case at `now`.
    pub fn is_usable(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

/// What an unsubscribe link (`/u/{token}`) unsubscribes: one contact from one case (and,
/// when asked on the page, from everything).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsubscribeGrant {
    /// The organisation.
    pub org_id: OrgId,
    /// The contact.
    pub contact_id: ContactId,
    /// The case.
    pub case_id: CaseId,
    /// SHA-256 of the secret token.
    pub digest: TokenDigest,
    /// When it was issued.
    pub created_at: OffsetDateTime,
}
