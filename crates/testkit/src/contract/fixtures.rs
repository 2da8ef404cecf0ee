//! Fixtures every family of checks shares: a fixed instant, organisations under random
//! slugs, staff users and digests.

use frontdesk_access::{
    Branding, HexColour, LifetimeKind, OrgName, OrgSlug, Organisation, PortalMode, Profile,
    ProfileSet, StaffUser, TokenLifetimePolicy, TokenLifetimes,
};
use frontdesk_kernel::{EmailAddress, Language, OrgId, PersonName, StaffUserId, TokenDigest, Uuid};
use time::OffsetDateTime;
use time::macros::datetime;
use url::Url;

use crate::contract::ContractSubject;

/// A fixed instant with a microsecond part, as storage keeps it.
pub(super) const T0: OffsetDateTime = datetime!(2026-03-04 05:06:07.123456 UTC);

pub(super) fn random_suffix() -> String {
    // The tail of a v7 UUID is random; its head is the clock.
    let simple = Uuid::now_v7().simple().to_string();
    simple[simple.len() - 12..].to_owned()
}

pub(super) fn new_org_id() -> OrgId {
    OrgId::from_uuid(Uuid::now_v7())
}

/// An organisation with a random slug, every field set to a non-default value.
pub(super) fn organisation() -> Organisation {
    let mut lifetimes = TokenLifetimePolicy::default();
    lifetimes.overrides.insert(
        LifetimeKind::ShareLink,
        TokenLifetimes {
            default_seconds: 3_600,
            maximum_seconds: 86_400,
        },
    );
    Organisation {
        id: new_org_id(),
        slug: OrgSlug::parse(&format!("org-{}", random_suffix())).expect("valid slug"),
        name: OrgName::parse("Acme Ltd").expect("valid name"),
        branding: Branding {
            logo_url: Some(Url::parse("https://acme.test/logo.png").expect("valid url")),
            colour: Some(HexColour::parse("#a1b2c3").expect("valid colour")),
        },
        base_url: Url::parse("https://desk.acme.test/").expect("valid url"),
        default_language: Language::Fr,
        portal_mode: PortalMode::Private,
        registration_enabled: true,
        lifetimes,
        created_at: T0,
    }
}

pub(super) fn staff_user(org: OrgId, email: &str, profiles: &[Profile]) -> StaffUser {
    StaffUser {
        id: StaffUserId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse(email).expect("valid email"),
        name: PersonName::parse("Jane Doe").expect("valid name"),
        profiles: ProfileSet::of(profiles.iter().copied()),
        disabled: false,
        password_hash: None,
        language: None,
        created_at: T0,
        updated_at: T0,
    }
}

pub(super) fn digest() -> TokenDigest {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    bytes[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    TokenDigest::from_bytes(bytes)
}

pub(super) async fn insert_org(subject: &ContractSubject) -> Organisation {
    let org = organisation();
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert organisation");
    uow.commit().await.expect("commit");
    org
}

pub(super) async fn insert_user(subject: &ContractSubject, user: &StaffUser) {
    let mut uow = subject.begin().await;
    subject
        .staff
        .insert(uow.as_mut(), user)
        .await
        .expect("insert staff user");
    uow.commit().await.expect("commit");
}

pub(super) async fn insert_org_and_user(subject: &ContractSubject) -> (Organisation, StaffUser) {
    let org = insert_org(subject).await;
    let user = staff_user(org.id, "agent@acme.test", &[Profile::Agent]);
    insert_user(subject, &user).await;
    (org, user)
}
