//! Profiles (roles) and the permissions they grant.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Something a staff user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// Change the organisation's settings and policies.
    ManageOrganisation,
    /// Create, change and disable staff users; issue and revoke their API tokens.
    ManageStaff,
    /// Configure intake forms.
    ManageForms,
    /// Edit mail templates, send test mail and handle undeliverable mail.
    ManageMailTemplates,
    /// Read cases.
    ViewCases,
    /// Change cases: status, comments, fields.
    EditCases,
    /// Create contacts and write to them.
    ManageContacts,
    /// Create public share links for cases of forms whose sharing addon is on.
    ShareCasesPublicly,
    /// Read the audit log.
    ViewAudit,
}

impl Permission {
    /// Every permission.
    pub const ALL: [Self; 9] = [
        Self::ManageOrganisation,
        Self::ManageStaff,
        Self::ManageForms,
        Self::ManageMailTemplates,
        Self::ViewCases,
        Self::EditCases,
        Self::ManageContacts,
        Self::ShareCasesPublicly,
        Self::ViewAudit,
    ];

    /// A short phrase for messages ("you do not have permission to …").
    pub const fn describe(self) -> &'static str {
        match self {
            Self::ManageOrganisation => "manage the organisation",
            Self::ManageStaff => "manage staff users",
            Self::ManageForms => "manage forms",
            Self::ManageMailTemplates => "manage mail templates",
            Self::ViewCases => "view cases",
            Self::EditCases => "edit cases",
            Self::ManageContacts => "manage contacts",
            Self::ShareCasesPublicly => "share cases publicly",
            Self::ViewAudit => "view the audit log",
        }
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// A built-in profile. Each grants a fixed set of permissions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// Everything, including staff and organisation settings.
    Admin,
    /// Module admin for cases: forms, cases, contacts, sharing.
    CaseAdmin,
    /// Works cases and contacts.
    Agent,
}

/// A profile name that is not known.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
#[error("unknown profile {0:?}; use admin, case_admin or agent")]
pub struct ProfileError(pub String);

impl Profile {
    /// Every built-in profile.
    pub const ALL: [Self; 3] = [Self::Admin, Self::CaseAdmin, Self::Agent];

    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::CaseAdmin => "case_admin",
            Self::Agent => "agent",
        }
    }

    /// Parses a stored or wire name.
    ///
    /// # Errors
    /// [`ProfileError`] for an unknown name.
    pub fn parse(raw: &str) -> Result<Self, ProfileError> {
        Self::ALL
            .into_iter()
            .find(|profile| profile.as_str() == raw)
            .ok_or_else(|| ProfileError(raw.chars().take(40).collect()))
    }

    /// Whether this profile grants `permission`.
    pub const fn grants(self, permission: Permission) -> bool {
        use Permission as P;
        match self {
            Self::Admin => true,
            Self::CaseAdmin => matches!(
                permission,
                P::ManageForms
                    | P::ViewCases
                    | P::EditCases
                    | P::ManageContacts
                    | P::ShareCasesPublicly
            ),
            Self::Agent => matches!(permission, P::ViewCases | P::EditCases | P::ManageContacts),
        }
    }
}

/// The profiles a staff user holds. Permissions are the union of what each grants; an empty
/// set grants nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProfileSet(BTreeSet<Profile>);

impl ProfileSet {
    /// A set of the given profiles.
    pub fn of(profiles: impl IntoIterator<Item = Profile>) -> Self {
        Self(profiles.into_iter().collect())
    }

    /// Parses names (duplicates collapse).
    ///
    /// # Errors
    /// [`ProfileError`] for the first unknown name.
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<Self, ProfileError> {
        names
            .iter()
            .map(|n| Profile::parse(n.as_ref()))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Whether any held profile grants `permission`.
    pub fn grants(&self, permission: Permission) -> bool {
        self.0.iter().any(|profile| profile.grants(permission))
    }

    /// Whether the set holds `profile`.
    pub fn contains(&self, profile: Profile) -> bool {
        self.0.contains(&profile)
    }

    /// The profiles, in a stable order.
    pub fn iter(&self) -> impl Iterator<Item = Profile> + '_ {
        self.0.iter().copied()
    }

    /// The names, in a stable order.
    pub fn names(&self) -> Vec<&'static str> {
        self.iter().map(Profile::as_str).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn profile_sets() -> impl Strategy<Value = ProfileSet> {
        proptest::collection::vec(proptest::sample::select(Profile::ALL.to_vec()), 0..4)
            .prop_map(ProfileSet::of)
    }

    proptest! {
        #[test]
        fn a_set_grants_exactly_what_one_of_its_profiles_grants(
            set in profile_sets(),
            permission in proptest::sample::select(Permission::ALL.to_vec()),
        ) {
            let expected = set.iter().any(|p| p.grants(permission));
            prop_assert_eq!(set.grants(permission), expected);
        }

        #[test]
        fn admin_grants_everything_and_only_admin_manages_staff(
            set in profile_sets(),
            permission in proptest::sample::select(Permission::ALL.to_vec()),
        ) {
            if set.contains(Profile::Admin) {
                prop_assert!(set.grants(permission));
            }
            if set.grants(Permission::ManageStaff) || set.grants(Permission::ManageOrganisation) {
                prop_assert!(set.contains(Profile::Admin));
            }
        }

        #[test]
        fn adding_a_profile_never_removes_a_permission(
            set in profile_sets(),
            extra in proptest::sample::select(Profile::ALL.to_vec()),
            permission in proptest::sample::select(Permission::ALL.to_vec()),
        ) {
            let mut bigger = set.iter().collect::<Vec<_>>();
            bigger.push(extra);
            prop_assert!(!set.grants(permission) || ProfileSet::of(bigger).grants(permission));
        }

        #[test]
        fn names_round_trip(set in profile_sets()) {
            prop_assert_eq!(ProfileSet::parse(&set.names()).unwrap(), set);
        }
    }

    #[test]
    fn the_empty_set_grants_nothing_and_unknown_names_are_refused() {
        assert!(
            Permission::ALL
                .iter()
                .all(|p| !ProfileSet::default().grants(*p))
        );
        assert_eq!(
            ProfileSet::parse(&["root"]),
            Err(ProfileError("root".into()))
        );
        assert!(Profile::Agent.grants(Permission::ViewCases));
        assert!(!Profile::Agent.grants(Permission::ShareCasesPublicly));
        assert!(Profile::CaseAdmin.grants(Permission::ShareCasesPublicly));
        assert!(!Profile::CaseAdmin.grants(Permission::ManageStaff));
    }
}
