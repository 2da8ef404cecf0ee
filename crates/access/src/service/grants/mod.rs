//! Contact users' access to cases: per-case grants, the "all public cases" rule, and the
//! reads pages need to ask [`crate::decide`]. One file per use case:
//!
//! | file | use cases |
//! |---|---|
//! | `grant.rs` | [`GrantsService::grant`] |
//! | `revoke.rs` | [`GrantsService::revoke_grant`] |
//! | `list.rs` | [`GrantsService::list_grants`], [`GrantsService::case_access`] |
//! | `rule.rs` | [`GrantsService::set_public_cases_rule`], [`GrantsService::public_cases_rule`] |
//! | `decide.rs` | [`GrantsService::decide_for`] (what every page of a contact user asks) |
//! | `visible.rs` | [`GrantsService::visible_cases`] (the scope of a contact user's case list) |

mod decide;
mod grant;
mod list;
mod revoke;
mod rule;
mod visible;

use std::sync::Arc;

use frontdesk_kernel::{AuditEventId, Clock, IdGenerator, OrgId, StaffUserId, TransactionRunner};

pub use grant::{GrantAccess, GrantAccessError};
pub use list::{CaseAccess, CaseAccessError, GrantedCase, ListGrantsError};
pub use revoke::RevokeGrantError;
pub use rule::{PublicCasesRuleError, SetPublicCasesRule};
pub use visible::{PublicCasesScope, VisibleCases};

use crate::{
    AccessGrantRepository, AuditAction, AuditEvent, AuditLog, CaseFactsReader,
    ContactUserDirectory, PublicCasesRuleRepository,
};

/// Everything the grant use cases need.
#[derive(Clone)]
pub struct GrantsPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Per-case grants.
    pub grants: Arc<dyn AccessGrantRepository>,
    /// "All public cases" rules.
    pub rules: Arc<dyn PublicCasesRuleRepository>,
    /// What cases are (organisation, client, public, open).
    pub cases: Arc<dyn CaseFactsReader>,
    /// What contact users are (organisation, clients, active).
    pub users: Arc<dyn ContactUserDirectory>,
    /// Audit trail, written in each change's unit of work.
    pub audit: Arc<dyn AuditLog>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The grant use cases.
#[derive(Clone)]
pub struct GrantsService {
    ports: GrantsPorts,
}

impl GrantsService {
    /// A service over `ports`.
    pub fn new(ports: GrantsPorts) -> Self {
        Self { ports }
    }

    fn event(
        &self,
        org: OrgId,
        actor: StaffUserId,
        action: AuditAction,
        subject: String,
        detail: String,
    ) -> AuditEvent {
        AuditEvent {
            id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
            org_id: Some(org),
            actor: Some(actor),
            action,
            subject: Some(subject),
            detail,
            at: self.ports.clock.now(),
        }
    }
}
