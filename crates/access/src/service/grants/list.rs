//! Staff read grants: a contact user's, and everyone's on one case.

use frontdesk_kernel::{CaseId, ContactUserId, RepositoryError};

use crate::{
    AccessGrant, CaseFacts, CaseStatusFilter, Forbidden, GrantsService, Permission,
    PublicCasesRule, StaffActor,
};

/// A grant with the facts of its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantedCase {
    /// The grant.
    pub grant: AccessGrant,
    /// Its case, as it is now.
    pub case: CaseFacts,
}

/// Why grants were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ListGrantsError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    UserNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The contact users who reach one case through the access domain, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseAccess {
    /// The case.
    pub case: CaseFacts,
    /// Unrevoked per-case grants, oldest first.
    pub grants: Vec<AccessGrant>,
    /// "All public cases" rules that cover the case now (none unless it is public and
    /// belongs to a client), by user id.
    pub rules: Vec<PublicCasesRule>,
}

/// Why a case's access was not listed.
#[derive(Debug, thiserror::Error)]
pub enum CaseAccessError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl GrantsService {
    /// The user's unrevoked grants with their cases, oldest first, only those whose case is
    /// open (or closed) when `status` says so (staff who view cases).
    ///
    /// # Errors
    /// See [`ListGrantsError`].
    pub async fn list_grants(
        &self,
        actor: &StaffActor,
        user: ContactUserId,
        status: Option<CaseStatusFilter>,
    ) -> Result<Vec<GrantedCase>, ListGrantsError> {
        actor.require(Permission::ViewCases)?;
        self.ports
            .users
            .contact_user_facts(actor.org_id, user)
            .await?
            .ok_or(ListGrantsError::UserNotFound)?;
        let grants = self
            .ports
            .grants
            .active_for_user(actor.org_id, user)
            .await?;
        let ids = grants.iter().map(|grant| grant.case_id).collect::<Vec<_>>();
        let facts = self.ports.cases.many_case_facts(actor.org_id, &ids).await?;
        Ok(grants
            .into_iter()
            .filter_map(|grant| {
                let case = *facts.iter().find(|facts| facts.case_id == grant.case_id)?;
                status
                    .is_none_or(|status| status.admits(case.open))
                    .then_some(GrantedCase { grant, case })
            })
            .collect())
    }

    /// Who reaches case `case` through grants and rules (staff who view cases).
    ///
    /// # Errors
    /// See [`CaseAccessError`].
    pub async fn case_access(
        &self,
        actor: &StaffActor,
        case: CaseId,
    ) -> Result<CaseAccess, CaseAccessError> {
        actor.require(Permission::ViewCases)?;
        let facts = self
            .ports
            .cases
            .case_facts(actor.org_id, case)
            .await?
            .filter(|facts| facts.org_id == actor.org_id)
            .ok_or(CaseAccessError::CaseNotFound)?;
        let grants = self
            .ports
            .grants
            .active_for_case(actor.org_id, case)
            .await?;
        let rules = match (facts.public, facts.client_id) {
            (true, Some(client)) => self
                .ports
                .rules
                .for_client(actor.org_id, client)
                .await?
                .into_iter()
                .filter(|rule| rule.covers(facts.open))
                .collect(),
            _ => Vec::new(),
        };
        Ok(CaseAccess {
            case: facts,
            grants,
            rules,
        })
    }
}
