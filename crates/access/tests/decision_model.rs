//! The access decision against a model: random sequences of grants, revokes, rule changes,
//! public/open/client flips and account state changes, with a fake clock stamping every
//! change. After every step, `decide` must agree with a model that keeps only "which roles
//! does each user hold on each case" and the rule's flags.
#![expect(clippy::unwrap_used, reason = "test code: a panic is how a test fails")]

use std::collections::BTreeMap;

use frontdesk_access::{
    AccessGrant, AuthMethod, CaseAction, CaseFacts, CaseRole, ContactUserFacts, Decision,
    GuestCapability, Person, Profile, ProfileSet, PublicCasesRule, Reach, StaffActor, decide,
};
use frontdesk_kernel::{
    AccessGrantId, ApiTokenId, CaseId, ClientId, Clock, ContactUserId, OrgId, StaffUserId, Uuid,
};
use frontdesk_testkit::FakeClock;
use proptest::prelude::*;
use time::Duration;

use frontdesk_testkit::strategies::operations::{CASES, CLIENTS, USERS};
const ACTIONS: [CaseAction; 4] = [
    CaseAction::Read,
    CaseAction::Comment,
    CaseAction::Edit,
    CaseAction::ManageAccess,
];

// The generator is published in the testkit for embedders' own model tests.
use frontdesk_testkit::strategies::{GrantOp as Op, grant_op as op};

/// The model: per (user, case), how many unrevoked viewer and editor grants; per user, the
/// rule's flags and account; per case, its flags.
#[derive(Debug, Default)]
struct Model {
    roles: BTreeMap<(usize, usize), (u32, u32)>,
    rules: BTreeMap<usize, (bool, bool)>,
    active: [bool; USERS],
    clients: [Vec<usize>; USERS],
    public: [bool; CASES],
    open: [bool; CASES],
    client: [Option<usize>; CASES],
}

impl Model {
    fn allows(&self, user: usize, case: usize, action: CaseAction) -> bool {
        if !self.active[user] || action == CaseAction::ManageAccess {
            return false;
        }
        let member = |client: usize| self.clients[user].contains(&client);
        let (viewers, editors) = self.roles.get(&(user, case)).copied().unwrap_or_default();
        let by_grant = self.client[case].is_none_or(member)
            && match action {
                CaseAction::Edit => editors > 0,
                _ => viewers + editors > 0,
            };
        let by_rule = action != CaseAction::Edit
            && self.public[case]
            && self.client[case].is_some_and(member)
            && self
                .rules
                .get(&user)
                .is_some_and(|&(open, closed)| if self.open[case] { open } else { closed });
        by_grant || by_rule
    }
}

/// The system: the records storage would hold.
struct World {
    org: OrgId,
    users: Vec<ContactUserId>,
    cases: Vec<CaseId>,
    clients: Vec<ClientId>,
    /// Every grant ever made, revoked ones included; (user index, case index) beside it.
    grants: Vec<(usize, usize, AccessGrant)>,
    rules: Vec<PublicCasesRule>,
    clock: FakeClock,
    staff: StaffUserId,
}

fn id() -> Uuid {
    Uuid::now_v7()
}

impl World {
    fn new() -> Self {
        Self {
            org: OrgId::from_uuid(id()),
            users: (0..USERS).map(|_| ContactUserId::from_uuid(id())).collect(),
            cases: (0..CASES).map(|_| CaseId::from_uuid(id())).collect(),
            clients: (0..CLIENTS).map(|_| ClientId::from_uuid(id())).collect(),
            grants: Vec::new(),
            rules: Vec::new(),
            clock: FakeClock::new(),
            staff: StaffUserId::from_uuid(id()),
        }
    }

    fn apply(&mut self, model: &mut Model, op: &Op) {
        let now = self.clock.now();
        match *op {
            Op::Grant { user, case, editor } => {
                let role = if editor {
                    CaseRole::Editor
                } else {
                    CaseRole::Viewer
                };
                self.grants.push((
                    user,
                    case,
                    AccessGrant {
                        id: AccessGrantId::from_uuid(id()),
                        org_id: self.org,
                        contact_user_id: self.users[user],
                        case_id: self.cases[case],
                        role,
                        granted_by: self.staff,
                        granted_at: now,
                        revoked_at: None,
                        revoked_by: None,
                    },
                ));
                let counts = model.roles.entry((user, case)).or_default();
                if editor {
                    counts.1 += 1;
                } else {
                    counts.0 += 1;
                }
            }
            Op::Revoke { n } => {
                if self.grants.is_empty() {
                    return;
                }
                let index = n % self.grants.len();
                let (user, case, grant) = &mut self.grants[index];
                if grant.revoked_at.is_none() {
                    grant.revoked_at = Some(now);
                    grant.revoked_by = Some(self.staff);
                    let counts = model.roles.get_mut(&(*user, *case)).unwrap();
                    match grant.role {
                        CaseRole::Viewer => counts.0 -= 1,
                        CaseRole::Editor => counts.1 -= 1,
                    }
                }
            }
            Op::Rule { user, open, closed } => {
                self.rules
                    .retain(|rule| rule.contact_user_id != self.users[user]);
                if open || closed {
                    self.rules.push(PublicCasesRule {
                        org_id: self.org,
                        contact_user_id: self.users[user],
                        open,
                        closed,
                        set_by: self.staff,
                        set_at: now,
                    });
                    model.rules.insert(user, (open, closed));
                } else {
                    model.rules.remove(&user);
                }
            }
            Op::Public { case, public } => model.public[case] = public,
            Op::Open { case, open } => model.open[case] = open,
            Op::Client { case, client } => model.client[case] = client,
            Op::Active { user, active } => model.active[user] = active,
            Op::Join { user, client } => {
                if !model.clients[user].contains(&client) {
                    model.clients[user].push(client);
                }
            }
            Op::Wait { seconds } => self.clock.advance(Duration::seconds(seconds)),
        }
    }

    fn facts(&self, model: &Model, case: usize) -> CaseFacts {
        CaseFacts {
            org_id: self.org,
            case_id: self.cases[case],
            client_id: model.client[case].map(|client| self.clients[client]),
            public: model.public[case],
            open: model.open[case],
        }
    }

    fn person(&self, model: &Model, user: usize) -> Person {
        Person::ContactUser(ContactUserFacts {
            org_id: self.org,
            id: self.users[user],
            client_ids: model.clients[user]
                .iter()
                .map(|&c| self.clients[c])
                .collect(),
            active: model.active[user],
        })
    }

    /// The records as a page would pass them: every grant of every user (the function must
    /// ignore others' and revoked ones) and the user's rule.
    fn check(&self, model: &Model) -> Result<(), TestCaseError> {
        let grants = self
            .grants
            .iter()
            .map(|(_, _, g)| g.clone())
            .collect::<Vec<_>>();
        for user in 0..USERS {
            let person = self.person(model, user);
            let rule = self
                .rules
                .iter()
                .find(|rule| rule.contact_user_id == self.users[user]);
            for case in 0..CASES {
                let facts = self.facts(model, case);
                for action in ACTIONS {
                    let decision = decide(&person, &facts, &grants, rule, action);
                    prop_assert_eq!(
                        decision.is_allowed(),
                        model.allows(user, case, action),
                        "user {} case {} {:?}: {:?}",
                        user,
                        case,
                        action,
                        decision
                    );
                    if let Decision::Allow(Reach::Grant { grant, .. }) = decision {
                        let (_, _, found) =
                            self.grants.iter().find(|(_, _, g)| g.id == grant).unwrap();
                        prop_assert!(found.is_active());
                        prop_assert_eq!(found.case_id, facts.case_id);
                        prop_assert_eq!(found.contact_user_id, self.users[user]);
                    }
                    // Another organisation's case with the same id never opens.
                    let foreign = CaseFacts {
                        org_id: OrgId::from_uuid(id()),
                        ..facts
                    };
                    prop_assert_eq!(
                        decide(&person, &foreign, &grants, rule, action),
                        Decision::Deny
                    );
                }
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn decide_agrees_with_the_model(ops in proptest::collection::vec(op(), 1..60)) {
        let mut world = World::new();
        let mut model = Model { active: [true; USERS], open: [true; CASES], ..Model::default() };
        world.check(&model)?;
        for op in &ops {
            world.apply(&mut model, op);
            world.check(&model)?;
        }
    }

    #[test]
    fn guests_reach_their_one_case_and_staff_follow_their_profiles(
        case in 0..CASES, other in 0..CASES, profile in 0usize..4,
    ) {
        let world = World::new();
        let model = Model::default();
        let facts = world.facts(&model, case);
        let guest = Person::Guest(GuestCapability { org_id: world.org, case_id: world.cases[other] });
        for action in ACTIONS {
            let allowed = decide(&guest, &facts, &[], None, action).is_allowed();
            prop_assert_eq!(allowed, case == other && action != CaseAction::ManageAccess);
        }
        let profiles = match profile {
            0 => ProfileSet::of([]),
            1 => ProfileSet::of([Profile::Agent]),
            2 => ProfileSet::of([Profile::CaseAdmin]),
            _ => ProfileSet::of([Profile::Admin]),
        };
        let actor = StaffActor {
            org_id: world.org,
            user_id: world.staff,
            profiles: profiles.clone(),
            method: AuthMethod::ApiToken(ApiTokenId::from_uuid(id())),
        };
        let staff = Person::Staff(actor.clone());
        for action in ACTIONS {
            let allowed = decide(&staff, &facts, &[], None, action).is_allowed();
            prop_assert_eq!(allowed, profiles.grants(frontdesk_access::staff_permission(action)));
            let foreign = Person::Staff(StaffActor { org_id: OrgId::from_uuid(id()), ..actor.clone() });
            prop_assert!(!decide(&foreign, &facts, &[], None, action).is_allowed());
        }
    }
}
