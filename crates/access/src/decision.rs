//! The one access decision: may this person do this on this case? Pure — no I/O, no clock —
//! so every page and API route can ask it with facts read beforehand, and a property test
//! can check it against a model.
//!
//! | person | passes when |
//! |---|---|
//! | staff | same organisation and a profile granting the action's permission |
//! | guest | a valid capability for this very case (its expiry and revocation are checked by the cases domain before it becomes a [`GuestCapability`]) |
//! | contact user | active, same organisation, and an unrevoked grant whose role allows the action, or a [`PublicCasesRule`] covering the case |
//!
//! Roles: viewers (and the public-cases rule) read and comment publicly; editors also edit,
//! where the form's guest-edit status rules allow — the cases domain applies those on top.
//! No external person ever manages access.

use frontdesk_kernel::{AccessGrantId, CaseId, ClientId, ContactUserId, OrgId};

use crate::{AccessGrant, CaseFacts, CaseRole, Permission, PublicCasesRule, StaffActor};

/// What a contact user's account says about them, as the contacts domain reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactUserFacts {
    /// The organisation.
    pub org_id: OrgId,
    /// The contact user.
    pub id: ContactUserId,
    /// The clients (customer companies) the user belongs to.
    pub client_ids: Vec<ClientId>,
    /// Whether the account is active (not invited, pending, disabled or removed).
    pub active: bool,
}

/// A guest's capability for one case, already checked (not expired, not revoked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuestCapability {
    /// The organisation.
    pub org_id: OrgId,
    /// The one case it opens.
    pub case_id: CaseId,
}

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Person {
    /// A staff member.
    Staff(StaffActor),
    /// A signed-in contact user (client contact, registered or portal user).
    ContactUser(ContactUserFacts),
    /// A guest holding a case link.
    Guest(GuestCapability),
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseAction {
    /// See the case and its timeline (staff: all of it; externals: the public part).
    Read,
    /// Add a comment (externals: a public one).
    Comment,
    /// Change the case (externals: where the form's status rules allow).
    Edit,
    /// Grant, revoke or list others' access, create share links (staff only).
    ManageAccess,
}

/// How an allowed person reaches the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// A staff profile.
    Staff,
    /// A guest link.
    Guest,
    /// A per-case grant.
    Grant {
        /// The grant.
        grant: AccessGrantId,
        /// Its role.
        role: CaseRole,
    },
    /// The user's "all public cases" rule.
    PublicCases,
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed, and how.
    Allow(Reach),
    /// Not allowed. Callers answer 404 to externals, so no one learns the case exists.
    Deny,
}

impl Decision {
    /// Whether it allows.
    pub const fn is_allowed(self) -> bool {
        matches!(self, Self::Allow(_))
    }
}

/// Whether a role allows an action (the form's status rules aside).
pub const fn role_allows(role: CaseRole, action: CaseAction) -> bool {
    match action {
        CaseAction::Read | CaseAction::Comment => true,
        CaseAction::Edit => matches!(role, CaseRole::Editor),
        CaseAction::ManageAccess => false,
    }
}

/// The permission a staff member needs for `action`.
pub const fn staff_permission(action: CaseAction) -> Permission {
    match action {
        CaseAction::Read => Permission::ViewCases,
        CaseAction::Comment | CaseAction::Edit => Permission::EditCases,
        CaseAction::ManageAccess => Permission::ManageContacts,
    }
}

/// May `person` do `action` on the case `facts` describes? `grants` and `rule` are the
/// contact user's (others' are ignored, as are revoked grants); they are not looked at for
/// staff and guests.
pub fn decide(
    person: &Person,
    facts: &CaseFacts,
    grants: &[AccessGrant],
    rule: Option<&PublicCasesRule>,
    action: CaseAction,
) -> Decision {
    match person {
        Person::Staff(actor) => {
            if actor.org_id == facts.org_id && actor.may(staff_permission(action)) {
                Decision::Allow(Reach::Staff)
            } else {
                Decision::Deny
            }
        }
        Person::Guest(capability) => {
            if capability.org_id == facts.org_id
                && capability.case_id == facts.case_id
                && action != CaseAction::ManageAccess
            {
                Decision::Allow(Reach::Guest)
            } else {
                Decision::Deny
            }
        }
        Person::ContactUser(user) => decide_for_contact_user(user, facts, grants, rule, action),
    }
}

fn decide_for_contact_user(
    user: &ContactUserFacts,
    facts: &CaseFacts,
    grants: &[AccessGrant],
    rule: Option<&PublicCasesRule>,
    action: CaseAction,
) -> Decision {
    if !user.active || user.org_id != facts.org_id {
        return Decision::Deny;
    }
    let of_users_client = |client: ClientId| user.client_ids.contains(&client);
    // A per-case grant holds while the case belongs to no client or to one of the user's:
    // moving a case to another company hides it from the old company's people.
    let grant_scope = facts.client_id.is_none_or(of_users_client);
    let best = grants
        .iter()
        .filter(|grant| {
            grant.is_active()
                && grant.org_id == facts.org_id
                && grant.case_id == facts.case_id
                && grant.contact_user_id == user.id
                && role_allows(grant.role, action)
        })
        .max_by_key(|grant| (grant.role, std::cmp::Reverse(grant.granted_at)));
    if let (true, Some(grant)) = (grant_scope, best) {
        return Decision::Allow(Reach::Grant {
            grant: grant.id,
            role: grant.role,
        });
    }
    let rule_applies = rule.is_some_and(|rule| {
        rule.org_id == facts.org_id
            && rule.contact_user_id == user.id
            && facts.public
            && facts.client_id.is_some_and(of_users_client)
            && rule.covers(facts.open)
    });
    if rule_applies && role_allows(CaseRole::Viewer, action) {
        Decision::Allow(Reach::PublicCases)
    } else {
        Decision::Deny
    }
}
