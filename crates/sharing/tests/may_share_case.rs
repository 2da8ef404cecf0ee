//! `SharingService::may_share_case` answers exactly what `create` decides about the same
//! member and case: for every set of profiles, addon switch and saved per-form permission,
//! "may share" holds if and only if `create` refuses with neither `AddonDisabled` nor
//! `Forbidden`. Another organisation's case, or none, may never be shared.

use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::{Case, CaseRepository, CaseStatus, Form, FormRepository, FormSlug, Priority};
use frontdesk_kernel::{
    ApiTokenId, CaseId, Clock, FormId, Language, OrgId, StaffUserId, Uuid, UuidV7Generator,
};
use frontdesk_sharing::{CreateShareLink, CreateShareLinkError, SharingService};
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemorySharingStore, InMemoryStore,
    InMemoryUnitOfWork, SequenceTokenSource, sharing_ports,
};
use proptest::prelude::*;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    service: SharingService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let sharing = InMemorySharingStore::new();
    let ports = sharing_ports(
        &store,
        &cases,
        &sharing,
        Arc::new(FakeHasher::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    World {
        clock,
        store,
        cases,
        service: SharingService::new(ports),
    }
}

fn actor(org: OrgId, profiles: impl IntoIterator<Item = Profile>) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of(profiles),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

impl World {
    /// An organisation with a form (addon `addon`) and one case on it.
    async fn case(&self, slug: &str, addon: bool) -> (OrgId, Case) {
        let now = self.clock.now();
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(slug).expect("slug"),
            name: OrgName::parse("Acme Ltd").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example/".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: now,
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        let form = Form {
            id: FormId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            slug: FormSlug::parse("contact").expect("form slug"),
            name: "Contact us".into(),
            default_language: Language::En,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: true,
            share_links_enabled: addon,
            created_at: now,
        };
        FormRepository::insert(&self.cases, &form)
            .await
            .expect("form");
        let mut uow = InMemoryUnitOfWork;
        let number = self
            .cases
            .next_number(&mut uow, org.id)
            .await
            .expect("number");
        let case = Case {
            id: CaseId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            number,
            form_id: form.id,
            title: "Broken heating".into(),
            description: None,
            priority: Priority::Normal,
            project: None,
            status: CaseStatus::Open,
            language: Language::En,
            submitted: None,
            assignee: None,
            created_at: now,
            updated_at: now,
            client_id: None,
            public: false,
        };
        CaseRepository::insert(&self.cases, &mut uow, &case)
            .await
            .expect("case");
        (org.id, case)
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

fn profile() -> impl Strategy<Value = Profile> {
    prop_oneof![
        Just(Profile::Admin),
        Just(Profile::CaseAdmin),
        Just(Profile::Agent)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn may_share_case_agrees_with_create(
        profiles in proptest::collection::btree_set(profile(), 0..=3),
        addon in any::<bool>(),
        saved in proptest::option::of((profile(), any::<bool>())),
    ) {
        let w = world();
        runtime().block_on(async {
            let (org, case) = w.case("acme", addon).await;
            if let Some((profile, allowed)) = saved {
                let admin = actor(org, [Profile::Admin]);
                w.service
                    .set_permission(&admin, "contact", profile, allowed)
                    .await
                    .expect("saved");
            }
            let member = actor(org, profiles.iter().copied());
            let may = w.service.may_share_case(&member, case.id).await.expect("asked");
            let created = w.service.create(&member, case.id, CreateShareLink::default()).await;
            let refused = matches!(
                created,
                Err(CreateShareLinkError::AddonDisabled | CreateShareLinkError::Forbidden)
            );
            prop_assert_eq!(may, !refused, "{:?} addon {} saved {:?}: {:?}", profiles, addon, saved, created);
            Ok(())
        })?;
    }
}

#[tokio::test]
async fn no_one_may_share_a_case_of_another_organisation_or_none() {
    let w = world();
    let (_, theirs) = w.case("other", true).await;
    let (ours, _) = w.case("acme", true).await;
    let admin = actor(ours, [Profile::Admin]);
    assert!(
        !w.service
            .may_share_case(&admin, theirs.id)
            .await
            .expect("asked")
    );
    let missing = CaseId::from_uuid(Uuid::now_v7());
    assert!(
        !w.service
            .may_share_case(&admin, missing)
            .await
            .expect("asked")
    );
}
