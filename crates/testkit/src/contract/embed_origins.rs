//! The embed origins port: each organisation's list of allowed origins, read back in the
//! order saved, replaced whole on save (an empty list round-trips as empty), never seen from
//! or changed by another organisation; and, on real databases, a save in a unit of work
//! dropped without commit leaves the previous list.

use std::sync::Arc;

use frontdesk_access::{EmbedOrigin, EmbedOriginRepository};
use frontdesk_kernel::OrgId;

use super::ContractSubject;
use super::fixtures::insert_org;

fn origins(raw: &[&str]) -> Vec<EmbedOrigin> {
    raw.iter()
        .map(|origin| EmbedOrigin::parse(origin).expect("origin"))
        .collect()
}

/// Saves `list` as `org`'s in a unit of work of its own, committed.
async fn save(
    subject: &ContractSubject,
    repository: &Arc<dyn EmbedOriginRepository>,
    org: OrgId,
    list: &[EmbedOrigin],
) {
    let mut uow = subject.begin().await;
    repository
        .save_origins(uow.as_mut(), org, list)
        .await
        .expect("save the origins");
    uow.commit().await.expect("commit");
}

async fn read(repository: &Arc<dyn EmbedOriginRepository>, org: OrgId) -> Vec<EmbedOrigin> {
    repository.origins_of(org).await.expect("read the origins")
}

/// Round trip in order, replacement, the empty list and organisation scoping.
pub async fn embed_origins(subject: &ContractSubject, repository: &Arc<dyn EmbedOriginRepository>) {
    let org = insert_org(subject).await.id;
    let other = insert_org(subject).await.id;
    assert!(read(repository, org).await.is_empty(), "never set");

    // Saved order is kept, not sorted.
    let first = origins(&[
        "https://www.zeta.example",
        "http://127.0.0.1:4321",
        "https://alpha.example:8443",
        "http://[::1]:8080",
    ]);
    save(subject, repository, org, &first).await;
    assert_eq!(read(repository, org).await, first, "round trip in order");
    assert!(
        read(repository, other).await.is_empty(),
        "another organisation sees nothing"
    );

    // Another organisation's save leaves this one's alone.
    let others = origins(&["https://other.example"]);
    save(subject, repository, other, &others).await;
    assert_eq!(read(repository, org).await, first);
    assert_eq!(read(repository, other).await, others);

    // Saving replaces the whole list: fewer, reordered, one new.
    let replaced = origins(&[
        "https://alpha.example:8443",
        "https://new.example",
        "https://www.zeta.example",
    ]);
    save(subject, repository, org, &replaced).await;
    assert_eq!(read(repository, org).await, replaced, "replaced whole");

    // The empty list is stored as empty, and saving it again is fine.
    save(subject, repository, org, &[]).await;
    assert!(read(repository, org).await.is_empty(), "emptied");
    save(subject, repository, org, &[]).await;
    assert!(read(repository, org).await.is_empty(), "still empty");
    assert_eq!(
        read(repository, other).await,
        others,
        "another organisation's list is unaffected by the replacements"
    );

    // A full list of the most origins allowed round-trips.
    let full: Vec<EmbedOrigin> = (0..frontdesk_access::MAX_EMBED_ORIGINS)
        .map(|n| EmbedOrigin::parse(&format!("https://site{n}.example")).expect("origin"))
        .rev()
        .collect();
    save(subject, repository, org, &full).await;
    assert_eq!(read(repository, org).await, full);
}

/// A save in a unit of work dropped without commit leaves the previous list (real databases
/// only: the fakes apply writes at once).
pub async fn uncommitted_embed_origins_are_rolled_back(
    subject: &ContractSubject,
    repository: &Arc<dyn EmbedOriginRepository>,
) {
    let org = insert_org(subject).await.id;
    let never = insert_org(subject).await.id;
    let kept = origins(&["https://kept.example", "https://also-kept.example"]);
    save(subject, repository, org, &kept).await;
    {
        let mut uow = subject.begin().await;
        repository
            .save_origins(uow.as_mut(), org, &origins(&["https://dropped.example"]))
            .await
            .expect("save");
        repository
            .save_origins(uow.as_mut(), never, &origins(&["https://dropped.example"]))
            .await
            .expect("save");
        drop(uow);
    }
    assert_eq!(read(repository, org).await, kept, "the previous list stays");
    assert!(
        read(repository, never).await.is_empty(),
        "a first list never committed is not there"
    );
}
