//! Property test of the case search's client filter, through `CasesService` over the
//! testkit's in-memory fakes: cases are moved to random clients with `update_case` (a client
//! of another organisation is refused and changes nothing), and the search filtered by a
//! client returns exactly that client's cases, over every page, never another
//! organisation's.

use std::collections::BTreeSet;
use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::*;
use frontdesk_contacts::{Client, ClientName, ClientRepository};
use frontdesk_kernel::{
    ApiTokenId, CaseId, ClientId, Clock, FormId, Language, OrgId, StaffUserId, Uuid,
    UuidV7Generator,
};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, InMemoryCasesStore, InMemoryStore, InMemoryUnitOfWork,
    SequenceTokenSource, cases_ports,
};
use proptest::prelude::*;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    service: CasesService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let ports = cases_ports(
        &store,
        &cases,
        Arc::new(FakeCaptcha::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    World {
        clock,
        store,
        cases,
        service: CasesService::new(ports, IntakePolicy::default()),
    }
}

fn admin(org: OrgId) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of([Profile::Admin]),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

impl World {
    /// A new organisation with a form; answers both ids.
    async fn organisation(&self) -> (OrgId, FormId) {
        let suffix = &Uuid::now_v7().simple().to_string()[20..];
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(&format!("org-{suffix}")).expect("slug"),
            name: OrgName::parse("Org").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: self.clock.now(),
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        let form = Form {
            id: FormId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            slug: FormSlug::parse("support").expect("slug"),
            name: "Support".to_owned(),
            default_language: Language::En,
            fields: Form::standard_fields(),
            guest_edit_statuses: vec![CaseStatus::New],
            notify_contacts: false,
            share_links_enabled: false,
            created_at: org.created_at,
        };
        FormRepository::insert(&self.cases, &form)
            .await
            .expect("form");
        (org.id, form.id)
    }

    async fn client(&self, org: OrgId, name: &str) -> ClientId {
        let client = Client {
            id: ClientId::from_uuid(Uuid::now_v7()),
            org_id: org,
            name: ClientName::parse(name).expect("name"),
            created_at: self.clock.now(),
            updated_at: self.clock.now(),
        };
        ClientRepository::insert(&self.cases, &mut InMemoryUnitOfWork, &client)
            .await
            .expect("client");
        client.id
    }

    async fn case(&self, org: OrgId, form: FormId) -> CaseId {
        let mut uow = InMemoryUnitOfWork;
        let number = self.cases.next_number(&mut uow, org).await.expect("number");
        let now = self.clock.now();
        let case = Case {
            id: CaseId::from_uuid(Uuid::now_v7()),
            org_id: org,
            number,
            form_id: form,
            title: format!("Case {number}"),
            description: None,
            priority: Priority::Normal,
            project: None,
            status: CaseStatus::New,
            language: Language::En,
            submitted: None,
            assignee: None,
            client_id: None,
            public: false,
            created_at: now,
            updated_at: now,
        };
        CaseRepository::insert(&self.cases, &mut uow, &case)
            .await
            .expect("case");
        case.id
    }

    /// Every case id the search filtered by `client` finds, page after page of `per_page`.
    async fn found(&self, actor: &StaffActor, client: ClientId, per_page: u32) -> Vec<CaseId> {
        let mut ids = Vec::new();
        for page in 1.. {
            let found = self
                .service
                .search_cases(
                    actor,
                    CaseSearch {
                        client: Some(client),
                        page,
                        per_page,
                        ..CaseSearch::default()
                    },
                )
                .await
                .expect("search");
            ids.extend(found.rows.iter().map(|row| row.case.id));
            if u64::from(page) >= found.page_count() {
                break;
            }
        }
        ids
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Each step moves case `case % n` to client slot `slot` (0: none, 1–3: this
    /// organisation's clients, 4: another organisation's client, refused) and flips
    /// `public` when asked.
    #[test]
    fn the_client_filter_finds_exactly_the_clients_cases(
        count in 1usize..12,
        steps in prop::collection::vec((0usize..12, 0usize..5, any::<bool>()), 0..30),
        per_page in 1u32..5,
    ) {
        runtime().block_on(async {
            let w = world();
            let (org, form) = w.organisation().await;
            let (other, other_form) = w.organisation().await;
            let clients = [
                w.client(org, "Acme").await,
                w.client(org, "Acme").await,
                w.client(org, "100% Sure").await,
            ];
            let theirs = w.client(other, "Acme").await;
            let mut ids = Vec::new();
            for _ in 0..count {
                ids.push(w.case(org, form).await);
            }
            let foreign = w.case(other, other_form).await;
            let actor = admin(org);
            let mut model: Vec<Option<ClientId>> = vec![None; count];
            for (case, slot, public) in steps {
                let case = case % count;
                let to = match slot {
                    0 => None,
                    4 => Some(theirs),
                    n => Some(clients[n - 1]),
                };
                let outcome = w
                    .service
                    .update_case(
                        &actor,
                        ids[case],
                        CaseChanges {
                            client: Some(to),
                            public: public.then_some(true),
                            ..CaseChanges::default()
                        },
                    )
                    .await;
                match (slot, outcome) {
                    (4, Err(UpdateCaseError::UnknownClient)) if model[case] != Some(theirs) => {}
                    (4, other) => prop_assert!(false, "another organisation's client: {other:?}"),
                    (_, Ok(updated)) => {
                        prop_assert_eq!(updated.client_id, to);
                        model[case] = to;
                    }
                    (_, Err(error)) => prop_assert!(false, "refused: {error}"),
                }
            }
            // The other organisation's case belongs to its own client; never found here.
            w.service
                .update_case(
                    &admin(other),
                    foreign,
                    CaseChanges { client: Some(Some(theirs)), ..CaseChanges::default() },
                )
                .await
                .expect("their own client");
            for client in clients.iter().copied().chain([theirs]) {
                let expected: BTreeSet<CaseId> = ids
                    .iter()
                    .zip(&model)
                    .filter(|(_, owner)| **owner == Some(client))
                    .map(|(id, _)| *id)
                    .collect();
                let found = w.found(&actor, client, per_page).await;
                let unique: BTreeSet<CaseId> = found.iter().copied().collect();
                prop_assert_eq!(unique.len(), found.len(), "pages never overlap");
                prop_assert_eq!(unique, expected);
            }
            Ok(())
        })?;
    }
}
