//! Staff set a contact user's "all public cases of the user's clients" rule (seed 001's
//! "Grant/remove access to all public jobs").

use frontdesk_kernel::{ContactUserId, RepositoryError};

use crate::grant::actions;
use crate::{Forbidden, GrantsService, Permission, PublicCasesRule, StaffActor};

/// The rule as staff set it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetPublicCasesRule {
    /// Whose rule.
    pub contact_user_id: ContactUserId,
    /// Cover open public cases.
    pub open: bool,
    /// Cover closed public cases.
    pub closed: bool,
}

/// Why the rule was not set or read.
#[derive(Debug, thiserror::Error)]
pub enum PublicCasesRuleError {
    /// The actor may not manage (or, for reading, view) contacts' access.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such contact user in the actor's organisation (or it was removed).
    #[error("contact user not found")]
    UserNotFound,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl GrantsService {
    /// Sets the user's rule (staff who manage contacts); both flags off removes it. Answers
    /// the rule now in force. Audited in the same unit of work.
    ///
    /// # Errors
    /// See [`PublicCasesRuleError`].
    pub async fn set_public_cases_rule(
        &self,
        actor: &StaffActor,
        request: SetPublicCasesRule,
    ) -> Result<Option<PublicCasesRule>, PublicCasesRuleError> {
        actor.require(Permission::ManageContacts)?;
        self.ports
            .users
            .contact_user_facts(actor.org_id, request.contact_user_id)
            .await?
            .ok_or(PublicCasesRuleError::UserNotFound)?;
        let now = self.ports.clock.now();
        let mut uow = self.ports.transactions.begin().await?;
        let rule = if request.open || request.closed {
            let rule = PublicCasesRule {
                org_id: actor.org_id,
                contact_user_id: request.contact_user_id,
                open: request.open,
                closed: request.closed,
                set_by: actor.user_id,
                set_at: now,
            };
            self.ports.rules.upsert(uow.as_mut(), &rule).await?;
            Some(rule)
        } else {
            self.ports
                .rules
                .delete(uow.as_mut(), actor.org_id, request.contact_user_id)
                .await?;
            None
        };
        let event = self.event(
            actor.org_id,
            actor.user_id,
            actions::PUBLIC_CASES_RULE_SET,
            request.contact_user_id.to_string(),
            format!("open={} closed={}", request.open, request.closed),
        );
        self.ports.audit.record(uow.as_mut(), &event).await?;
        uow.commit().await?;
        Ok(rule)
    }

    /// The user's rule, if any (staff who view cases).
    ///
    /// # Errors
    /// See [`PublicCasesRuleError`].
    pub async fn public_cases_rule(
        &self,
        actor: &StaffActor,
        user: ContactUserId,
    ) -> Result<Option<PublicCasesRule>, PublicCasesRuleError> {
        actor.require(Permission::ViewCases)?;
        self.ports
            .users
            .contact_user_facts(actor.org_id, user)
            .await?
            .ok_or(PublicCasesRuleError::UserNotFound)?;
        Ok(self.ports.rules.find(actor.org_id, user).await?)
    }
}
