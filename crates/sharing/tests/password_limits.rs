//! The share-password attempt limits against a model, with a fake clock: random wrong and
//! right passwords on eight protected links from two addresses (or none), with waits. A
//! visit is refused as throttled exactly when, in the last 15 minutes, its link has 5 wrong
//! passwords or its address 20 (over every link); a throttled visit records nothing, a wrong
//! one counts against both, and the right password opens the case whenever neither limit is
//! reached.

use std::net::IpAddr;
use std::sync::Arc;

use frontdesk_kernel::Clock;
use frontdesk_sharing::{CreateShareLink, ShareViewError, SharingService, ViewerInfo};
use frontdesk_testkit::{InMemorySharingStore, SharingHost};
use proptest::prelude::*;
use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime};

const PASSWORD: &str = "correct horse battery";
const LINKS: usize = 8;
const WINDOW: Duration = Duration::minutes(15);

#[derive(Debug, Clone)]
enum Op {
    Attempt {
        link: usize,
        ip: Option<u8>,
        right: bool,
    },
    Wait {
        seconds: i64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        // Mostly one address, so its limit (20, over every link) is reached as well as the
        // links' (5 each).
        12 => (0..LINKS, prop_oneof![8 => Just(Some(0u8)), 1 => Just(Some(1)), 1 => Just(None)], prop::bool::weighted(0.15))
            .prop_map(|(link, ip, right)| Op::Attempt { link, ip, right }),
        2 => (1i64..=60).prop_map(|seconds| Op::Wait { seconds }),
        1 => (300i64..=1_000).prop_map(|seconds| Op::Wait { seconds }),
    ]
}

fn recent(failures: &[OffsetDateTime], now: OffsetDateTime) -> usize {
    failures
        .iter()
        .filter(|at| **at > now - WINDOW && **at <= now)
        .count()
}

async fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let host = SharingHost::new().await.expect("host");
    let store = Arc::new(InMemorySharingStore::new());
    let service = SharingService::new(host.ports(store.clone(), store));
    let mut tokens = Vec::new();
    for _ in 0..LINKS {
        let created = service
            .create(
                &host.admin,
                host.case,
                CreateShareLink {
                    password: Some(SecretString::from(PASSWORD.to_owned())),
                    ..CreateShareLink::default()
                },
            )
            .await
            .map_err(|e| TestCaseError::fail(format!("create: {e}")))?;
        let url = created.url.expose_secret().to_owned();
        tokens.push(url.rsplit('/').next().expect("token").to_owned());
    }
    let mut link_failures: Vec<Vec<OffsetDateTime>> = vec![Vec::new(); LINKS];
    let mut ip_failures: Vec<Vec<OffsetDateTime>> = vec![Vec::new(); 2];
    for op in ops {
        match op {
            Op::Wait { seconds } => host.clock.advance(Duration::seconds(seconds)),
            Op::Attempt { link, ip, right } => {
                let now = host.clock.now();
                let throttled = recent(&link_failures[link], now) >= 5
                    || ip.is_some_and(|ip| recent(&ip_failures[usize::from(ip)], now) >= 20);
                let viewer = ViewerInfo {
                    ip: ip.map(|ip| IpAddr::from([203, 0, 113, ip])),
                    user_agent: None,
                };
                let password = if right { PASSWORD } else { "wrong password!" };
                let result = service
                    .confirm(
                        &tokens[link],
                        Some(SecretString::from(password.to_owned())),
                        viewer,
                    )
                    .await;
                match (&result, throttled, right) {
                    (
                        Err(ShareViewError::Throttled {
                            retry_after_seconds,
                            ..
                        }),
                        true,
                        _,
                    ) => {
                        prop_assert!((1..=900).contains(retry_after_seconds));
                    }
                    (Ok(_), false, true) => {}
                    (Err(ShareViewError::WrongPassword { .. }), false, false) => {
                        link_failures[link].push(now);
                        if let Some(ip) = ip {
                            ip_failures[usize::from(ip)].push(now);
                        }
                    }
                    (other, throttled, right) => {
                        return Err(TestCaseError::fail(format!(
                            "link {link} from {ip:?}, right {right}, throttled by the model {throttled}: {other:?}"
                        )));
                    }
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn share_password_limits_agree_with_the_model(ops in prop::collection::vec(op(), 1..160)) {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime")
            .block_on(run(ops))?;
    }
}
