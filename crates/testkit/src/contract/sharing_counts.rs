//! Counting an organisation's open share links, sampled around an expiry.

use frontdesk_sharing::ShareLink;
use time::{Duration, OffsetDateTime};

use crate::contract::fixtures::T0;
use crate::contract::sharing::{
    SharingContractSubject, insert_links, share_link, share_view, sharing_fixture,
};

/// Open share links are counted per organisation by the rule of [`ShareLink::is_open`]:
/// revoked, used-up and expired links are not; a link stops counting at its expiry to the
/// microsecond (sampled one second before, at and one second after it).
pub async fn sharing_active_link_count(subject: &SharingContractSubject) {
    let (org, _, case) = sharing_fixture(subject).await;
    let (other, _, other_case) = sharing_fixture(subject).await;
    let (quiet, _, _) = sharing_fixture(subject).await;
    let open = share_link(org.id, case.id, T0, None);
    let revoked = share_link(org.id, case.id, T0, None);
    let used_up = share_link(org.id, case.id, T0, Some(1));
    let views_left = share_link(org.id, case.id, T0, Some(3));
    let lasting = share_link(org.id, case.id, T0 + Duration::days(1), None);
    let long_gone = share_link(org.id, case.id, T0 - Duration::days(40), None);
    let theirs = share_link(other.id, other_case.id, T0, None);
    insert_links(
        subject,
        &[
            &open,
            &revoked,
            &used_up,
            &views_left,
            &lasting,
            &long_gone,
            &theirs,
        ],
    )
    .await;
    assert!(
        subject
            .links
            .revoke(org.id, revoked.id, T0 + Duration::seconds(1))
            .await
            .expect("revoke")
    );
    for link in [&used_up, &views_left] {
        let view = share_view(link, T0 + Duration::seconds(1), None);
        assert!(
            subject
                .links
                .record_view(link, &view)
                .await
                .expect("record view")
        );
    }

    let count = |org, now: OffsetDateTime| {
        let links = subject.links.clone();
        async move { links.count_active(org, now).await.expect("count active") }
    };
    let mut stored: Vec<ShareLink> = Vec::new();
    for link in [&open, &revoked, &used_up, &views_left, &lasting, &long_gone] {
        stored.push(
            subject
                .links
                .find(org.id, link.id)
                .await
                .expect("find")
                .expect("link"),
        );
    }
    let expiry = open.expires_at;
    for (now, want) in [
        (T0 + Duration::seconds(2), 3_u64),
        (expiry - Duration::seconds(1), 3),
        (expiry - Duration::microseconds(1), 3),
        (expiry, 1),
        (expiry + Duration::seconds(1), 1),
        (lasting.expires_at, 0),
    ] {
        let by_rule = stored.iter().filter(|link| link.is_open(now)).count();
        assert_eq!(
            u64::try_from(by_rule).expect("a small count"),
            want,
            "the rule at {now}"
        );
        assert_eq!(count(org.id, now).await, want, "the store at {now}");
    }
    assert_eq!(
        count(other.id, expiry - Duration::seconds(1)).await,
        1,
        "per organisation"
    );
    assert_eq!(count(other.id, expiry).await, 0);
    assert_eq!(count(quiet.id, T0).await, 0);
}
