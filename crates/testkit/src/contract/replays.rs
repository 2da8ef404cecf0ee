//! Used captcha solutions.

use frontdesk_kernel::Uuid;
use time::{Duration, OffsetDateTime};

use crate::contract::ContractSubject;

fn replay_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    key[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    key
}

/// Captcha replays: a key is accepted once until it expires, then accepted again. Expiry is
/// judged against the wall clock (the port passes no time).
pub async fn captcha_replays(subject: &ContractSubject) {
    let now = OffsetDateTime::now_utc();
    let key = replay_key();
    let replays = &subject.replays;
    assert!(
        replays
            .first_use(&key, now + Duration::hours(1))
            .await
            .expect("first use")
    );
    assert!(
        !replays
            .first_use(&key, now + Duration::hours(1))
            .await
            .expect("first use"),
        "a second use of the same key is a replay"
    );
    assert!(
        replays
            .first_use(&replay_key(), now + Duration::hours(1))
            .await
            .expect("first use"),
        "other keys are unaffected"
    );
    let expired = replay_key();
    assert!(
        replays
            .first_use(&expired, now - Duration::seconds(1))
            .await
            .expect("first use")
    );
    assert!(
        replays
            .first_use(&expired, now + Duration::hours(1))
            .await
            .expect("first use"),
        "an expired key may be used again"
    );
    assert!(
        !replays
            .first_use(&expired, now + Duration::hours(1))
            .await
            .expect("first use"),
        "and is then remembered again"
    );
}
