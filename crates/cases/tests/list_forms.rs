//! `CasesService::list_forms` over the testkit's in-memory fakes: who may list, what is
//! listed, in which order, and that another organisation's forms never show.

use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, Permission,
    PortalMode, Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::{CasesService, IntakePolicy, ListFormsError, NewForm};
use frontdesk_kernel::{ApiTokenId, Clock, Language, OrgId, StaffUserId, Uuid, UuidV7Generator};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, InMemoryCasesStore, InMemoryStore, InMemoryUnitOfWork,
    SequenceTokenSource, cases_ports,
};

fn service(store: &InMemoryStore) -> CasesService {
    let ports = cases_ports(
        store,
        &InMemoryCasesStore::new(),
        Arc::new(FakeCaptcha::new()),
        Arc::new(FakeClock::new()),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    CasesService::new(ports, IntakePolicy::default())
}

fn actor(org: OrgId, profiles: &[Profile]) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of(profiles.iter().copied()),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

async fn organisation(store: &InMemoryStore, slug: &str) -> OrgId {
    let org = Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse(slug).expect("slug"),
        name: OrgName::parse("Org").expect("name"),
        branding: Branding::default(),
        base_url: "https://desk.example".parse().expect("url"),
        default_language: Language::Fr,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: FakeClock::new().now(),
    };
    store
        .insert(&mut InMemoryUnitOfWork, &org)
        .await
        .expect("organisation");
    org.id
}

fn new_form(slug: &str, name: &str) -> NewForm {
    NewForm {
        slug: slug.into(),
        name: name.into(),
        ..NewForm::default()
    }
}

#[tokio::test]
async fn forms_are_listed_by_name_for_staff_who_view_cases_or_manage_forms() {
    let store = InMemoryStore::new();
    let service = service(&store);
    let org = organisation(&store, "acme").await;
    let other = organisation(&store, "other").await;
    let admin = actor(org, &[Profile::Admin]);
    for (slug, name) in [
        ("support", "Support"),
        ("billing", "billing"),
        ("access", "Zed"),
    ] {
        service
            .create_form(&admin, new_form(slug, name))
            .await
            .expect("form");
    }
    service
        .create_form(
            &actor(other, &[Profile::Admin]),
            new_form("elsewhere", "Aardvark"),
        )
        .await
        .expect("form elsewhere");

    for profiles in [
        &[Profile::Admin][..],
        &[Profile::CaseAdmin],
        &[Profile::Agent],
    ] {
        let listed = service
            .list_forms(&actor(org, profiles))
            .await
            .expect("list");
        let slugs: Vec<&str> = listed.iter().map(|form| form.slug.as_str()).collect();
        assert_eq!(slugs, ["billing", "support", "access"], "{profiles:?}");
        let first = &listed[0];
        assert_eq!(first.default_language, Language::Fr, "the org's language");
        assert!(!first.share_links_enabled);
    }
}

#[tokio::test]
async fn staff_without_case_or_form_rights_may_not_list_forms() {
    let store = InMemoryStore::new();
    let service = service(&store);
    let org = organisation(&store, "acme").await;
    let refused = service.list_forms(&actor(org, &[])).await;
    assert!(
        matches!(refused, Err(ListFormsError::Forbidden(ref f)) if f.0 == Permission::ViewCases),
        "{refused:?}"
    );
}
