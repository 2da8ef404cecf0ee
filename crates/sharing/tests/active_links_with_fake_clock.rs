//! `SharingService::active_link_count` over the in-memory fakes, with a fake clock moved
//! across a link's expiry: what the dashboard shows is what would open now.

use std::sync::Arc;

use frontdesk_access::{AuthMethod, Forbidden, Permission, Profile, ProfileSet, StaffActor};
use frontdesk_kernel::{
    ApiTokenId, CaseId, Clock, Language, OrgId, ShareLinkId, StaffUserId, TokenDigest, Uuid,
    UuidV7Generator,
};
use frontdesk_sharing::{
    ActiveLinkCountError, ShareLink, ShareLinkRepository, ShareView, SharingService,
};
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemorySharingStore, InMemoryStore,
    InMemoryUnitOfWork, SequenceTokenSource, sharing_ports,
};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

struct World {
    clock: Arc<FakeClock>,
    sharing: InMemorySharingStore,
    service: SharingService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let sharing = InMemorySharingStore::new();
    let ports = sharing_ports(
        &InMemoryStore::new(),
        &InMemoryCasesStore::new(),
        &sharing,
        Arc::new(FakeHasher::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    World {
        clock,
        sharing,
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

fn digest() -> TokenDigest {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    bytes[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    TokenDigest::from_bytes(bytes)
}

fn link(org: OrgId, expires_at: OffsetDateTime, max_views: Option<u32>) -> ShareLink {
    ShareLink {
        id: ShareLinkId::from_uuid(Uuid::now_v7()),
        org_id: org,
        case_id: CaseId::from_uuid(Uuid::now_v7()),
        created_by: StaffUserId::from_uuid(Uuid::now_v7()),
        label: None,
        digest: digest(),
        language: Language::En,
        created_at: expires_at - Duration::days(7),
        expires_at,
        max_views,
        views: 0,
        password_hash: None,
        revoked_at: None,
    }
}

impl World {
    fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    async fn insert(&self, link: &ShareLink) {
        let mut uow: Box<dyn frontdesk_kernel::UnitOfWork> = Box::new(InMemoryUnitOfWork);
        self.sharing
            .insert(uow.as_mut(), link)
            .await
            .expect("insert");
    }

    async fn view(&self, link: &ShareLink) {
        let view = ShareView {
            link_id: link.id,
            viewed_at: self.now(),
            user_agent: None,
            ip_hash: None,
        };
        assert!(self.sharing.record_view(link, &view).await.expect("view"));
    }

    async fn count(&self, actor: &StaffActor) -> u64 {
        self.service.active_link_count(actor).await.expect("count")
    }
}

#[tokio::test]
async fn links_stop_counting_at_their_expiry_revocation_or_last_view() {
    let w = world();
    let org = OrgId::from_uuid(Uuid::now_v7());
    let agent = actor(org, [Profile::Agent]);
    let expiry = w.now() + Duration::days(3);
    let open = link(org, expiry, None);
    let revoked = link(org, expiry, None);
    let one_view = link(org, expiry, Some(1));
    let later = link(org, expiry + Duration::days(1), None);
    let elsewhere = link(OrgId::from_uuid(Uuid::now_v7()), expiry, None);
    for link in [&open, &revoked, &one_view, &later, &elsewhere] {
        w.insert(link).await;
    }
    assert_eq!(w.count(&agent).await, 4);
    assert!(
        w.sharing
            .revoke(org, revoked.id, w.now())
            .await
            .expect("revoke")
    );
    assert_eq!(w.count(&agent).await, 3, "a revoked link no longer counts");
    w.view(&one_view).await;
    assert_eq!(w.count(&agent).await, 2, "a used-up link no longer counts");

    w.clock.set(expiry - Duration::seconds(1));
    assert_eq!(w.count(&agent).await, 2, "one second before the expiry");
    w.clock.set(expiry);
    assert_eq!(w.count(&agent).await, 1, "at the expiry");
    w.clock.set(expiry + Duration::seconds(1));
    assert_eq!(w.count(&agent).await, 1, "one second after the expiry");
    w.clock.set(later.expires_at);
    assert_eq!(w.count(&agent).await, 0);
}

#[tokio::test]
async fn counting_links_needs_permission_to_view_cases() {
    let w = world();
    let org = OrgId::from_uuid(Uuid::now_v7());
    w.insert(&link(org, w.now() + Duration::days(1), None))
        .await;
    assert!(matches!(
        w.service.active_link_count(&actor(org, [])).await,
        Err(ActiveLinkCountError::Forbidden(Forbidden(
            Permission::ViewCases
        )))
    ));
    assert_eq!(w.count(&actor(org, [Profile::CaseAdmin])).await, 1);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the lifetime and the moment asked, a link counts exactly while `now` is
    /// before its expiry.
    #[test]
    fn a_link_counts_exactly_before_its_expiry(
        ttl in 1i64..=90 * 86_400,
        later in -10i64..=10_000_000,
    ) {
        runtime().block_on(async {
            let w = world();
            let org = OrgId::from_uuid(Uuid::now_v7());
            let expires_at = w.now() + Duration::seconds(ttl);
            w.insert(&link(org, expires_at, None)).await;
            w.clock.advance(Duration::seconds(later));
            let counted = w.count(&actor(org, [Profile::Agent])).await;
            prop_assert_eq!(counted, u64::from(later < ttl));
            Ok(())
        })?;
    }
}
