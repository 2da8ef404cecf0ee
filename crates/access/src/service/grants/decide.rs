//! The question every page of a contact user asks: may they do this on this case?

use frontdesk_kernel::{CaseId, ContactUserId, OrgId, RepositoryError};

use crate::{CaseAction, CaseFacts, Decision, GrantsService, Person, decide};

impl GrantsService {
    /// Reads the case's facts and the contact user's account, grants and rule, and asks
    /// [`decide`]. Answers the facts too when allowed, so the page can go on. A case of
    /// another organisation, or none, is [`Decision::Deny`].
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn decide_for(
        &self,
        org: OrgId,
        user: ContactUserId,
        case: CaseId,
        action: CaseAction,
    ) -> Result<(Decision, Option<CaseFacts>), RepositoryError> {
        let Some(facts) = self.ports.cases.case_facts(org, case).await? else {
            return Ok((Decision::Deny, None));
        };
        let Some(user) = self.ports.users.contact_user_facts(org, user).await? else {
            return Ok((Decision::Deny, None));
        };
        let grants = self.ports.grants.active_for_user(org, user.id).await?;
        let rule = self.ports.rules.find(org, user.id).await?;
        let decision = decide(
            &Person::ContactUser(user),
            &facts,
            &grants,
            rule.as_ref(),
            action,
        );
        Ok((decision, decision.is_allowed().then_some(facts)))
    }
}
