//! Share links against a model, over the testkit's in-memory stores with a fake clock:
//! random sequences of creations, visits, revocations (also by the other organisation's
//! admin), listings and waits in two organisations. After every step the service agrees with
//! a model that keeps only each link's organisation, expiry, view limit, views and
//! revocation — so a view is never counted past the limit, after expiry or after a
//! revocation, and neither organisation ever sees, counts or revokes the other's links.
//! A second property samples the expiry of every link at `expires_at − 1 s`, `expires_at`
//! and `+ 1 s`.

use std::sync::Arc;

use frontdesk_kernel::Clock;
use frontdesk_sharing::{
    CreateShareLink, CreatedShareLink, RevokeShareLinkError, ShareGate, ShareViewError,
    SharingService, ViewerInfo,
};
use frontdesk_testkit::strategies::{ShareLinkOp, around_expiry, share_link_op};
use frontdesk_testkit::{InMemorySharingStore, SharingHost, Tenant};
use proptest::prelude::*;
use secrecy::ExposeSecret;
use time::{Duration, OffsetDateTime};

/// What the model keeps of one link.
struct Modelled {
    org: usize,
    token: String,
    created: CreatedShareLink,
    expires_at: OffsetDateTime,
    max_views: Option<u32>,
    views: u32,
    revoked: bool,
}

impl Modelled {
    fn open_at(&self, now: OffsetDateTime) -> bool {
        !self.revoked && now < self.expires_at && self.max_views.is_none_or(|max| self.views < max)
    }
}

struct World {
    host: SharingHost,
    tenants: Vec<Tenant>,
    service: SharingService,
}

async fn world() -> World {
    let host = SharingHost::new().await.expect("host");
    let other = host
        .add_tenant("umbrella")
        .await
        .expect("second organisation");
    let first = Tenant {
        org: host.org,
        admin: host.admin.clone(),
        form: host.form,
        case: host.case,
    };
    let store = Arc::new(InMemorySharingStore::new());
    let service = SharingService::new(host.ports(store.clone(), store));
    World {
        host,
        tenants: vec![first, other],
        service,
    }
}

fn token_of(created: &CreatedShareLink) -> String {
    created
        .url
        .expose_secret()
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
}

#[expect(
    clippy::too_many_lines,
    reason = "one match over the operations, each arm beside its model"
)]
async fn run(ops: Vec<ShareLinkOp>) -> Result<(), TestCaseError> {
    let w = world().await;
    let mut links: Vec<Modelled> = Vec::new();
    for op in ops {
        let now = w.host.clock.now();
        match op {
            ShareLinkOp::Create {
                org,
                max_views,
                lifetime_seconds,
            } => {
                let tenant = &w.tenants[org];
                let expires_at = now + Duration::seconds(lifetime_seconds);
                let created = w
                    .service
                    .create(
                        &tenant.admin,
                        tenant.case,
                        CreateShareLink {
                            expires_at: Some(expires_at),
                            max_views,
                            ..CreateShareLink::default()
                        },
                    )
                    .await
                    .map_err(|e| TestCaseError::fail(format!("create: {e}")))?;
                prop_assert_eq!(created.link.org_id, tenant.org);
                prop_assert_eq!(created.link.expires_at, expires_at);
                links.push(Modelled {
                    org,
                    token: token_of(&created),
                    expires_at: created.link.expires_at,
                    created,
                    max_views,
                    views: 0,
                    revoked: false,
                });
            }
            ShareLinkOp::Open { n } if !links.is_empty() => {
                let index = n % links.len();
                let link = &mut links[index];
                let expected = link.open_at(now);
                let opened = w.service.open(&link.token, ViewerInfo::default()).await;
                match (&opened, expected) {
                    (Ok(ShareGate::Interstitial { views_left, .. }), true) => {
                        let max = link.max_views.expect("an interstitial has a limit");
                        prop_assert_eq!(*views_left, max - link.views);
                    }
                    (Ok(ShareGate::Shown(shared)), true) => {
                        prop_assert!(link.max_views.is_none());
                        prop_assert_eq!(shared.case.org_id, w.tenants[link.org].org);
                        link.views += 1;
                    }
                    (Err(ShareViewError::Gone { .. }), false) => {}
                    (other, expected) => {
                        return Err(TestCaseError::fail(format!(
                            "open of link {index} (works: {expected}): {other:?}"
                        )));
                    }
                }
                if link.max_views.is_some() && expected {
                    let confirmed = w
                        .service
                        .confirm(&link.token, None, ViewerInfo::default())
                        .await;
                    prop_assert!(confirmed.is_ok(), "confirm: {:?}", confirmed.err());
                    let shared = confirmed.expect("checked");
                    prop_assert_eq!(shared.case.id, w.tenants[link.org].case);
                    link.views += 1;
                }
            }
            ShareLinkOp::Revoke { org, n } if !links.is_empty() => {
                let index = n % links.len();
                let link = &mut links[index];
                let result = w
                    .service
                    .revoke(&w.tenants[org].admin, link.created.link.id)
                    .await;
                if link.org == org {
                    prop_assert!(result.is_ok(), "own revoke: {:?}", result.err());
                    link.revoked = true;
                } else {
                    prop_assert!(
                        matches!(result, Err(RevokeShareLinkError::LinkNotFound)),
                        "another organisation's link is not found: {result:?}"
                    );
                }
            }
            ShareLinkOp::List { org } => {
                let tenant = &w.tenants[org];
                let listed = w
                    .service
                    .list(&tenant.admin, tenant.case)
                    .await
                    .map_err(|e| TestCaseError::fail(format!("list: {e}")))?;
                let mine: Vec<&Modelled> = links.iter().filter(|l| l.org == org).collect();
                prop_assert_eq!(listed.len(), mine.len());
                for stored in &listed {
                    prop_assert_eq!(stored.org_id, tenant.org);
                    let model = mine
                        .iter()
                        .find(|l| l.created.link.id == stored.id)
                        .ok_or_else(|| TestCaseError::fail("a listed link the model lacks"))?;
                    prop_assert_eq!(stored.views, model.views);
                    prop_assert_eq!(stored.revoked_at.is_some(), model.revoked);
                }
                let open = w
                    .service
                    .active_link_count(&tenant.admin)
                    .await
                    .map_err(|e| TestCaseError::fail(format!("count: {e}")))?;
                let expected = mine.iter().filter(|l| l.open_at(now)).count();
                prop_assert_eq!(open, u64::try_from(expected).expect("small"));
            }
            ShareLinkOp::Wait { seconds } => w.host.clock.advance(Duration::seconds(seconds)),
            ShareLinkOp::Open { .. } | ShareLinkOp::Revoke { .. } => {}
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn share_links_agree_with_the_model_and_never_cross_organisations(
        ops in prop::collection::vec(share_link_op(), 1..40)
    ) {
        runtime().block_on(run(ops))?;
    }

    #[test]
    fn share_links_open_until_the_second_before_their_expiry(
        lifetime_seconds in 2i64..=90 * 86_400,
        limited in any::<bool>(),
    ) {
        runtime().block_on(async {
            let w = world().await;
            let tenant = &w.tenants[0];
            let created = w
                .service
                .create(
                    &tenant.admin,
                    tenant.case,
                    CreateShareLink {
                        expires_at: Some(w.host.clock.now() + Duration::seconds(lifetime_seconds)),
                        max_views: limited.then_some(10),
                        ..CreateShareLink::default()
                    },
                )
                .await
                .map_err(|e| TestCaseError::fail(format!("create: {e}")))?;
            let token = token_of(&created);
            for (at, works) in around_expiry(created.link.expires_at) {
                w.host.clock.set(at);
                let opened = w.service.open(&token, ViewerInfo::default()).await;
                prop_assert_eq!(opened.is_ok(), works, "open at {} (expiry {}): {:?}", at, created.link.expires_at, opened.as_ref().err());
                let confirmed = w.service.confirm(&token, None, ViewerInfo::default()).await;
                prop_assert_eq!(confirmed.is_ok(), works, "confirm at {}", at);
                if !works {
                    let gone = matches!(confirmed, Err(ShareViewError::Gone { .. }));
                    prop_assert!(gone, "refused as gone");
                }
            }
            Ok(())
        })?;
    }
}
