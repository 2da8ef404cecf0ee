//! The sites allowed to embed an organisation's forms, over the in-memory fakes and the fake
//! clock: for every combination of profiles and random lists of up to 30 origins (with
//! repeats, some spelt differently), only members who may manage the organisation replace
//! the list; more than 20 different origins are refused; a refusal stores and audits
//! nothing; a change stores the list without repeats in first-seen order with one audit
//! event at the clock's time; the same list again audits nothing more; and another
//! organisation's list never changes.

use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{
    ApiTokenId, AuditEventId, Clock, OrgId, StaffUserId, TransactionRunner, Uuid, UuidV7Generator,
};
use frontdesk_testkit::{FakeClock, InMemoryEmbedOrigins, InMemoryStore};
use proptest::prelude::*;
use time::Duration;

const PROFILES: [Profile; 3] = [Profile::Admin, Profile::CaseAdmin, Profile::Agent];

/// One generated origin: site number, whether it has the non-default port, and how it is
/// spelt (0 plain, 1 upper case with a trailing slash, 2 the default port written out when
/// there is no other port).
#[derive(Debug, Clone, Copy)]
struct Drawn {
    site: usize,
    port: bool,
    spelling: u8,
}

impl Drawn {
    /// The text a member would type.
    fn raw(self) -> String {
        let Self {
            site,
            port,
            spelling,
        } = self;
        match (port, spelling) {
            (true, 1) => format!("HTTPS://SITE{site}.EXAMPLE:8443/"),
            (true, _) => format!("https://site{site}.example:8443"),
            (false, 1) => format!("HTTPS://Site{site}.Example/"),
            (false, 2) => format!("https://site{site}.example:443"),
            (false, _) => format!("https://site{site}.example"),
        }
    }

    /// The origin as browsers send it, computed without the parser.
    fn expected(self) -> String {
        if self.port {
            format!("https://site{}.example:8443", self.site)
        } else {
            format!("https://site{}.example", self.site)
        }
    }
}

/// Up to 30 origins: 0 to 30 different ones (so about a third of the lists name more than
/// 20), in random order, with repeats of them inserted anywhere up to 30 in all, each
/// spelt one of the ways [`Drawn::raw`] knows.
fn drawn_lists() -> impl Strategy<Value = Vec<Drawn>> {
    (0usize..=30)
        .prop_flat_map(|distinct| {
            (
                prop::sample::subsequence((0..60).collect::<Vec<usize>>(), distinct).prop_shuffle(),
                prop::collection::vec(
                    (any::<prop::sample::Index>(), any::<prop::sample::Index>()),
                    0..=30 - distinct,
                ),
                prop::collection::vec(0u8..3, 30),
            )
        })
        .prop_map(|(firsts, repeats, spellings)| {
            let mut numbers = firsts.clone();
            if !firsts.is_empty() {
                for (which, at) in repeats {
                    let n = firsts[which.index(firsts.len())];
                    numbers.insert(at.index(numbers.len() + 1), n);
                }
            }
            numbers
                .into_iter()
                .zip(spellings)
                .map(|(n, spelling)| Drawn {
                    site: n / 2,
                    port: n % 2 == 1,
                    spelling,
                })
                .collect()
        })
}

struct World {
    store: InMemoryStore,
    origins: InMemoryEmbedOrigins,
    clock: Arc<FakeClock>,
    service: EmbedService,
}

fn world() -> World {
    let store = InMemoryStore::new();
    let origins = InMemoryEmbedOrigins::new();
    let clock = Arc::new(FakeClock::new());
    let service = EmbedService::new(EmbedPorts {
        transactions: Arc::new(store.clone()),
        origins: Arc::new(origins.clone()),
        audit: Arc::new(store.clone()),
        clock: clock.clone(),
        ids: Arc::new(UuidV7Generator),
    });
    World {
        store,
        origins,
        clock,
        service,
    }
}

fn actor(org_id: OrgId, profiles: ProfileSet) -> StaffActor {
    StaffActor {
        org_id,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles,
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

fn parse(raw: &str) -> EmbedOrigin {
    EmbedOrigin::parse(raw).expect("a generated origin parses")
}

fn texts(origins: &[EmbedOrigin]) -> Vec<String> {
    origins
        .iter()
        .map(|origin| origin.as_str().to_owned())
        .collect()
}

fn embed_events(store: &InMemoryStore) -> Vec<AuditEvent> {
    store
        .audit_events()
        .into_iter()
        .filter(|event| event.action == AuditAction::EMBED_ORIGINS_CHANGED)
        .collect()
}

/// Saves `list` as `org`'s straight through the fake, not audited.
async fn seed(world: &World, org: OrgId, list: &[EmbedOrigin]) {
    let mut uow = world.store.begin().await.expect("begin");
    world
        .origins
        .save_origins(uow.as_mut(), org, list)
        .await
        .expect("seed");
    uow.commit().await.expect("commit");
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn only_managers_replace_at_most_twenty_origins_and_changes_are_audited_once(
        mask in 0u8..8,
        drawn in drawn_lists(),
        elapsed in 0i64..10_000_000,
    ) {
        runtime().block_on(async {
            let world = world();
            world.clock.advance(Duration::seconds(elapsed));
            let org = OrgId::from_uuid(Uuid::now_v7());
            let other = OrgId::from_uuid(Uuid::now_v7());
            let prior = vec![parse("https://prior.example")];
            let others = vec![parse("https://other.example"), parse("https://site0.example")];
            seed(&world, org, &prior).await;
            seed(&world, other, &others).await;

            let profiles = ProfileSet::of(
                PROFILES.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, p)| *p),
            );
            let member = actor(org, profiles.clone());
            let input: Vec<EmbedOrigin> = drawn.iter().map(|d| parse(&d.raw())).collect();
            let mut expected: Vec<String> = Vec::new();
            for origin in drawn.iter().map(|d| d.expected()) {
                if !expected.contains(&origin) {
                    expected.push(origin);
                }
            }

            let result = world.service.set_embed_origins(&member, input.clone()).await;
            let stored = world.origins.origins_of(org).await.expect("read");
            let events = embed_events(&world.store);

            if !profiles.grants(Permission::ManageOrganisation) {
                assert!(
                    matches!(result, Err(SetEmbedOriginsError::Forbidden(_))),
                    "{profiles:?} must be refused, got {result:?}"
                );
                assert_eq!(stored, prior, "a refused member stores nothing");
                assert!(events.is_empty(), "a refused member audits nothing");
            } else if expected.len() > MAX_EMBED_ORIGINS {
                assert!(
                    matches!(result, Err(SetEmbedOriginsError::TooMany)),
                    "{} different origins must be too many, got {result:?}",
                    expected.len()
                );
                assert_eq!(stored, prior, "too many stores nothing");
                assert!(events.is_empty(), "too many audits nothing");
            } else {
                let returned = result.expect("a manager may set at most 20 origins");
                assert_eq!(texts(&returned), expected, "returned without repeats, first-seen order");
                assert_eq!(texts(&stored), expected, "stored without repeats, first-seen order");
                assert_eq!(events.len(), 1, "one audit event per change");
                let event = &events[0];
                assert_eq!(event.at, world.clock.now());
                assert_eq!(event.org_id, Some(org));
                assert_eq!(event.actor, Some(member.user_id));
                assert_ne!(event.id, AuditEventId::from_uuid(Uuid::nil()));
                assert_eq!(event.detail, format!("origins={}", expected.join(",")));

                // The same list again, later: nothing more stored or audited.
                world.clock.advance(Duration::minutes(5));
                let again = world
                    .service
                    .set_embed_origins(&member, input)
                    .await
                    .expect("the same list again");
                assert_eq!(texts(&again), expected);
                assert_eq!(texts(&world.origins.origins_of(org).await.expect("read")), expected);
                assert_eq!(embed_events(&world.store).len(), 1, "the same list audits nothing");
            }
            assert_eq!(
                world.origins.origins_of(other).await.expect("read"),
                others,
                "another organisation's list never changes"
            );
        });
    }
}

/// Every profile combination once, with a short list: exactly the sets that grant
/// [`Permission::ManageOrganisation`] (those with the admin profile) succeed.
#[tokio::test]
async fn every_profile_combination_is_checked() {
    for mask in 0u8..8 {
        let world = world();
        let org = OrgId::from_uuid(Uuid::now_v7());
        let profiles = ProfileSet::of(
            PROFILES
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, p)| *p),
        );
        let result = world
            .service
            .set_embed_origins(
                &actor(org, profiles.clone()),
                vec![parse("https://a.example"), parse("https://A.example/")],
            )
            .await;
        assert_eq!(
            result.is_ok(),
            profiles.contains(Profile::Admin),
            "{profiles:?}"
        );
        let stored = world.origins.origins_of(org).await.expect("read");
        assert_eq!(stored.len(), usize::from(profiles.contains(Profile::Admin)));
    }
}
