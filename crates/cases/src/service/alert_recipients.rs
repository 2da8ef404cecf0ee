//! Who is alerted of activity on a case, and which case link each alert carries: the pure
//! selection behind `CasesService::notify_contacts`.
//!
//! The audience is the case's own contacts and the contact users holding an unrevoked grant
//! of the case, each person once. The "all public cases" rule adds nobody: it can cover
//! every public case of a client, so alerting under it would mail a person about cases they
//! never asked to follow; alerts follow explicit grants and one's own cases. An active
//! contact user signs in to read the case, so their alert links the portal case page and no
//! guest capability is issued for them; everyone else gets a fresh guest link.

use std::collections::BTreeSet;

use frontdesk_contacts::{ContactUser, ContactUserState};
use frontdesk_kernel::ContactId;

/// Which case link an alert carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AlertLink {
    /// A fresh guest capability (`/g/…`): the recipient has no active login.
    Guest,
    /// The portal case page (`/o/{org}/cases/{number}`): the recipient is an active
    /// contact user and signs in.
    Portal,
}

/// One alert to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AlertRecipient {
    /// The person (a contact; a contact user is alerted as their contact).
    pub contact: ContactId,
    /// The link the alert carries.
    pub link: AlertLink,
}

/// What the selection needs to know about a case's audience, as the stores report it.
#[derive(Debug, Clone, Default)]
pub(super) struct AlertAudience {
    /// The case's contacts, in the case's order.
    pub case_contacts: Vec<ContactId>,
    /// The logins of those contacts that have one, whatever their state.
    pub logins: Vec<ContactUser>,
    /// The contact users holding an unrevoked grant of the case, whatever their state,
    /// oldest grant first.
    pub grantees: Vec<ContactUser>,
    /// Those among all of the above who unsubscribed from this case or from everything.
    pub unsubscribed: BTreeSet<ContactId>,
}

impl AlertAudience {
    /// Every contact the selection may pick, case contacts first, each once (the ones whose
    /// subscription the caller reads).
    pub(super) fn candidates(&self) -> Vec<ContactId> {
        let mut seen = BTreeSet::new();
        self.case_contacts
            .iter()
            .copied()
            .chain(self.grantees.iter().map(|user| user.contact_id))
            .filter(|contact| seen.insert(*contact))
            .collect()
    }
}

const fn is_active(user: &ContactUser) -> bool {
    matches!(user.state, ContactUserState::Active)
}

/// The alerts to send for one event: the case's contacts, then the active grantees, each
/// person once, without `actor` (who caused the event) and without anyone unsubscribed. An
/// active contact user — a grantee, or a case contact with an active login — gets the
/// portal link; the others a guest link. A grantee whose account is not active (pending,
/// disabled, removed) is not alerted; a case contact always is, as before logins existed.
pub(super) fn alert_recipients(
    audience: &AlertAudience,
    actor: Option<ContactId>,
) -> Vec<AlertRecipient> {
    let signs_in: BTreeSet<ContactId> = audience
        .logins
        .iter()
        .chain(&audience.grantees)
        .filter(|user| is_active(user))
        .map(|user| user.contact_id)
        .collect();
    let active_grantees = audience
        .grantees
        .iter()
        .filter(|user| is_active(user))
        .map(|user| user.contact_id);
    let mut seen = BTreeSet::new();
    audience
        .case_contacts
        .iter()
        .copied()
        .chain(active_grantees)
        .filter(|contact| Some(*contact) != actor && !audience.unsubscribed.contains(contact))
        .filter(|contact| seen.insert(*contact))
        .map(|contact| AlertRecipient {
            contact,
            link: if signs_in.contains(&contact) {
                AlertLink::Portal
            } else {
                AlertLink::Guest
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use frontdesk_contacts::Username;
    use frontdesk_kernel::{ContactUserId, OrgId, Uuid};
    use time::macros::datetime;

    use super::*;

    fn contact(n: u128) -> ContactId {
        ContactId::from_uuid(Uuid::from_u128(n))
    }

    fn user(n: u128, state: ContactUserState) -> ContactUser {
        let at = datetime!(2026-12-01 9:00 UTC);
        ContactUser {
            id: ContactUserId::from_uuid(Uuid::from_u128(1_000 + n)),
            org_id: OrgId::from_uuid(Uuid::from_u128(7)),
            contact_id: contact(n),
            client_ids: Vec::new(),
            username: Username::parse(&format!("user-{n}")).unwrap(),
            state,
            must_change_password: false,
            password_hash: None,
            temporary_password_expires_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    const fn guest(n: u128) -> AlertRecipient {
        AlertRecipient {
            contact: ContactId::from_uuid(Uuid::from_u128(n)),
            link: AlertLink::Guest,
        }
    }

    const fn portal(n: u128) -> AlertRecipient {
        AlertRecipient {
            contact: ContactId::from_uuid(Uuid::from_u128(n)),
            link: AlertLink::Portal,
        }
    }

    #[test]
    fn contacts_get_guest_links_and_active_grantees_the_portal() {
        let audience = AlertAudience {
            case_contacts: vec![contact(1), contact(2)],
            grantees: vec![user(3, ContactUserState::Active)],
            ..AlertAudience::default()
        };
        assert_eq!(
            alert_recipients(&audience, None),
            [guest(1), guest(2), portal(3)]
        );
    }

    #[test]
    fn a_case_contact_with_an_active_login_gets_the_portal_link() {
        let audience = AlertAudience {
            case_contacts: vec![contact(1), contact(2)],
            logins: vec![
                user(1, ContactUserState::Active),
                user(2, ContactUserState::Disabled),
            ],
            ..AlertAudience::default()
        };
        assert_eq!(
            alert_recipients(&audience, None),
            [portal(1), guest(2)],
            "an inactive login leaves the contact its guest link"
        );
    }

    #[test]
    fn a_grantee_who_is_also_a_contact_is_alerted_once() {
        let audience = AlertAudience {
            case_contacts: vec![contact(1)],
            logins: vec![user(1, ContactUserState::Active)],
            grantees: vec![
                user(1, ContactUserState::Active),
                user(1, ContactUserState::Active),
            ],
            ..AlertAudience::default()
        };
        assert_eq!(alert_recipients(&audience, None), [portal(1)]);
        assert_eq!(audience.candidates(), [contact(1)]);
    }

    #[test]
    fn grantees_without_an_active_account_are_not_alerted() {
        let audience = AlertAudience {
            case_contacts: vec![contact(1)],
            grantees: [
                ContactUserState::Invited,
                ContactUserState::Pending,
                ContactUserState::Disabled,
                ContactUserState::Removed,
            ]
            .into_iter()
            .zip(2..)
            .map(|(state, n)| user(n, state))
            .collect(),
            ..AlertAudience::default()
        };
        assert_eq!(alert_recipients(&audience, None), [guest(1)]);
        assert_eq!(
            audience.candidates().len(),
            5,
            "every grantee's subscription is read"
        );
    }

    #[test]
    fn the_actor_is_never_alerted_as_contact_or_grantee() {
        let audience = AlertAudience {
            case_contacts: vec![contact(1), contact(2)],
            logins: vec![user(2, ContactUserState::Active)],
            grantees: vec![
                user(2, ContactUserState::Active),
                user(3, ContactUserState::Active),
            ],
            ..AlertAudience::default()
        };
        assert_eq!(
            alert_recipients(&audience, Some(contact(2))),
            [guest(1), portal(3)]
        );
        assert_eq!(
            alert_recipients(&audience, Some(contact(3))),
            [guest(1), portal(2)]
        );
    }

    #[test]
    fn the_unsubscribed_are_left_out_whichever_way_they_follow() {
        let audience = AlertAudience {
            case_contacts: vec![contact(1), contact(2)],
            grantees: vec![
                user(2, ContactUserState::Active),
                user(3, ContactUserState::Active),
                user(4, ContactUserState::Active),
            ],
            unsubscribed: [contact(2), contact(3)].into_iter().collect(),
            ..AlertAudience::default()
        };
        assert_eq!(alert_recipients(&audience, None), [guest(1), portal(4)]);
    }

    #[test]
    fn nobody_to_alert_is_no_alert() {
        assert!(alert_recipients(&AlertAudience::default(), None).is_empty());
    }
}
