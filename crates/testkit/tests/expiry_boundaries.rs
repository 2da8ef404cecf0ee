//! Every link kind's own rule at its expiry: it works at `expires_at − 1 s` and no longer at
//! `expires_at` or `+ 1 s` — guest access, API tokens, contact users' one-time links and
//! registration links (share links are sampled through the service in
//! `crates/sharing/tests/share_link_sequences.rs`; storage re-checks the same instants in
//! the contract suite).

use frontdesk_access::ApiToken;
use frontdesk_cases::GuestAccess;
use frontdesk_contacts::{ContactUserLink, ContactUserLinkPurpose};
use frontdesk_kernel::{
    ActionTokenId, ApiTokenId, CaseId, ContactId, ContactUserId, GuestAccessId, Language, OrgId,
    RegistrationLinkId, StaffUserId, Uuid,
};
use frontdesk_registration::{RegistrationLink, RegistrationRole, Usability, usability};
use frontdesk_testkit::strategies::{self, around_expiry};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

fn id() -> Uuid {
    Uuid::now_v7()
}

fn digest(seed: u8) -> frontdesk_kernel::TokenDigest {
    frontdesk_kernel::TokenDigest::from_bytes([seed; 32])
}

proptest! {
    #[test]
    fn every_link_kind_works_until_the_second_before_its_expiry(
        created_at in strategies::instant(),
        lifetime in strategies::lifetime(),
    ) {
        let expires_at: OffsetDateTime = created_at + lifetime;
        let org = OrgId::from_uuid(id());
        let guest = GuestAccess {
            id: GuestAccessId::from_uuid(id()),
            org_id: org,
            case_id: CaseId::from_uuid(id()),
            contact_id: ContactId::from_uuid(id()),
            digest: digest(1),
            created_at,
            expires_at,
            revoked_at: None,
        };
        let api_token = ApiToken {
            id: ApiTokenId::from_uuid(id()),
            org_id: org,
            user_id: StaffUserId::from_uuid(id()),
            label: "ci".into(),
            digest: digest(2),
            created_at,
            expires_at: Some(expires_at),
            revoked_at: None,
        };
        let contact_link = ContactUserLink {
            id: ActionTokenId::from_uuid(id()),
            org_id: org,
            contact_user_id: ContactUserId::from_uuid(id()),
            purpose: ContactUserLinkPurpose::ResetPassword,
            digest: digest(3),
            created_at,
            expires_at,
            used_at: None,
        };
        let registration = RegistrationLink {
            id: RegistrationLinkId::from_uuid(id()),
            org_id: org,
            label: None,
            role: RegistrationRole::Client,
            client_id: None,
            auto_case_form: None,
            digest: digest(4),
            language: Language::En,
            allowed_domains: None,
            max_uses: None,
            uses: 0,
            created_by: StaffUserId::from_uuid(id()),
            created_at,
            expires_at,
            revoked_at: None,
        };
        for (at, works) in around_expiry(expires_at) {
            prop_assert_eq!(guest.is_usable(at), works, "guest access at {}", at);
            prop_assert_eq!(api_token.is_usable(at), works, "API token at {}", at);
            prop_assert_eq!(contact_link.is_usable_at(at), works, "contact-user link at {}", at);
            prop_assert_eq!(registration.is_open(at), works, "registration link at {}", at);
            prop_assert_eq!(
                usability(&registration, true, None, at) == Usability::Usable,
                works,
                "registration usability at {}", at
            );
        }
        // Sanity: a second is a second.
        prop_assert_eq!(around_expiry(expires_at)[2].0 - around_expiry(expires_at)[0].0, Duration::seconds(2));
    }
}
