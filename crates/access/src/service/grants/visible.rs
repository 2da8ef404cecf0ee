//! Which cases a contact user may see now: their unrevoked grants, and — when staff set
//! the "all public cases" rule — the public cases of their clients. Read fresh on every
//! request, so a case made public later appears and a revoked grant disappears at once.

use frontdesk_kernel::{CaseId, ClientId, ContactUserId, OrgId, RepositoryError};

use crate::{
    AccessGrant, CaseAction, CaseFacts, CaseRole, ContactUserFacts, GrantsService, Person,
    PublicCasesRule, decide,
};

/// The scope of a contact user's case list, read once per request. [`Self::admits`] is
/// [`decide`] itself; [`Self::granted`], [`Self::clients`] and [`Self::public_cases`] say
/// the same thing in the terms a store filters by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisibleCases {
    org_id: OrgId,
    user: Option<ContactUserFacts>,
    grants: Vec<AccessGrant>,
    rule: Option<PublicCasesRule>,
}

/// Which public cases of the user's clients the rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicCasesScope {
    /// Public cases still open.
    pub open: bool,
    /// Public cases resolved or closed.
    pub closed: bool,
}

impl VisibleCases {
    /// A scope that admits nothing (no such user, or not active).
    pub const fn nothing(org_id: OrgId) -> Self {
        Self {
            org_id,
            user: None,
            grants: Vec::new(),
            rule: None,
        }
    }

    /// The organisation.
    pub const fn org_id(&self) -> OrgId {
        self.org_id
    }

    /// The user, when active.
    pub fn user(&self) -> Option<ContactUserId> {
        self.user.as_ref().map(|user| user.id)
    }

    /// Whether the user may read the case `facts` describes — the answer of [`decide`].
    pub fn admits(&self, facts: &CaseFacts) -> bool {
        self.user.as_ref().is_some_and(|user| {
            decide(
                &Person::ContactUser(user.clone()),
                facts,
                &self.grants,
                self.rule.as_ref(),
                CaseAction::Read,
            )
            .is_allowed()
        })
    }

    /// The cases granted one by one, with the strongest role of each. A grant counts while
    /// its case belongs to no client or to one of [`Self::clients`].
    pub fn granted(&self) -> Vec<(CaseId, CaseRole)> {
        let Some(user) = &self.user else {
            return Vec::new();
        };
        let mut granted: Vec<(CaseId, CaseRole)> = Vec::new();
        for grant in self
            .grants
            .iter()
            .filter(|grant| grant.is_active() && grant.contact_user_id == user.id)
        {
            match granted.iter_mut().find(|(case, _)| *case == grant.case_id) {
                Some((_, role)) => *role = (*role).max(grant.role),
                None => granted.push((grant.case_id, grant.role)),
            }
        }
        granted
    }

    /// The user's clients (customer companies).
    pub fn clients(&self) -> &[ClientId] {
        self.user
            .as_ref()
            .map_or(&[], |user| user.client_ids.as_slice())
    }

    /// The public cases of [`Self::clients`] the rule covers, if the user has the rule.
    pub fn public_cases(&self) -> Option<PublicCasesScope> {
        self.user.as_ref()?;
        self.rule.as_ref().map(|rule| PublicCasesScope {
            open: rule.open,
            closed: rule.closed,
        })
    }

    /// Whether nothing can be admitted (no grants and no rule, or no active user).
    pub fn is_empty(&self) -> bool {
        self.granted().is_empty() && self.public_cases().is_none()
    }
}

impl GrantsService {
    /// The cases contact user `user` of `org` may see now. An unknown, removed or inactive
    /// user sees nothing.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    pub async fn visible_cases(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<VisibleCases, RepositoryError> {
        let Some(facts) = self
            .ports
            .users
            .contact_user_facts(org, user)
            .await?
            .filter(|facts| facts.active && facts.org_id == org)
        else {
            return Ok(VisibleCases::nothing(org));
        };
        let grants = self.ports.grants.active_for_user(org, user).await?;
        let rule = self.ports.rules.find(org, user).await?;
        Ok(VisibleCases {
            org_id: org,
            user: Some(facts),
            grants,
            rule,
        })
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::{AccessGrantId, StaffUserId, Uuid};
    use proptest::prelude::*;
    use time::OffsetDateTime;

    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    /// What the scope says in a store's terms, evaluated by hand.
    fn store_admits(scope: &VisibleCases, facts: &CaseFacts) -> bool {
        if facts.org_id != scope.org_id() {
            return false;
        }
        let of_client = |client: Option<ClientId>| {
            client.is_some_and(|client| scope.clients().contains(&client))
        };
        let granted = scope
            .granted()
            .iter()
            .any(|(case, _)| *case == facts.case_id)
            && (facts.client_id.is_none() || of_client(facts.client_id));
        let public = scope.public_cases().is_some_and(|rule| {
            facts.public
                && of_client(facts.client_id)
                && if facts.open { rule.open } else { rule.closed }
        });
        granted || public
    }

    proptest! {
        /// The store's filter (grants within the user's clients, or public cases of them
        /// under the rule) admits exactly what `decide` allows, for any mix of grants,
        /// revokes, rule flags, clients and case facts.
        #[test]
        fn the_store_terms_agree_with_the_decision(
            active in any::<bool>(),
            user_clients in proptest::collection::vec(0u128..3, 0..3),
            grants in proptest::collection::vec((0u128..4, any::<bool>(), any::<bool>()), 0..5),
            rule in proptest::option::of((any::<bool>(), any::<bool>())),
            case in 0u128..4,
            client in proptest::option::of(0u128..4),
            public in any::<bool>(),
            open in any::<bool>(),
            same_org in any::<bool>(),
        ) {
            let org = OrgId::from_uuid(id(1));
            let user = ContactUserId::from_uuid(id(2));
            let staff = StaffUserId::from_uuid(id(3));
            let at = OffsetDateTime::UNIX_EPOCH;
            let facts = ContactUserFacts {
                org_id: org,
                id: user,
                client_ids: user_clients.iter().map(|c| ClientId::from_uuid(id(100 + c))).collect(),
                active,
            };
            let grants = grants
                .iter()
                .enumerate()
                .map(|(n, (case, editor, revoked))| AccessGrant {
                    id: AccessGrantId::from_uuid(id(1000 + n as u128)),
                    org_id: org,
                    contact_user_id: user,
                    case_id: CaseId::from_uuid(id(10 + case)),
                    role: if *editor { CaseRole::Editor } else { CaseRole::Viewer },
                    granted_by: staff,
                    granted_at: at,
                    revoked_at: revoked.then_some(at),
                    revoked_by: revoked.then_some(staff),
                })
                .filter(AccessGrant::is_active)
                .collect();
            let rule = rule
                .filter(|(open, closed)| *open || *closed)
                .map(|(open, closed)| PublicCasesRule {
                    org_id: org,
                    contact_user_id: user,
                    open,
                    closed,
                    set_by: staff,
                    set_at: at,
                });
            let scope = if active {
                VisibleCases { org_id: org, user: Some(facts), grants, rule }
            } else {
                VisibleCases::nothing(org)
            };
            let case = CaseFacts {
                org_id: if same_org { org } else { OrgId::from_uuid(id(9)) },
                case_id: CaseId::from_uuid(id(10 + case)),
                client_id: client.map(|c| ClientId::from_uuid(id(100 + c))),
                public,
                open,
            };
            prop_assert_eq!(scope.admits(&case), store_admits(&scope, &case));
        }
    }
}
