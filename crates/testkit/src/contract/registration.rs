//! Registration links and their counted uses.

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_kernel::{
    ContactUserId, EmailAddress, Language, OrgId, PageRequest, RegistrationLinkId, RepositoryError,
    StaffUserId, TransactionRunner, Uuid,
};
use frontdesk_registration::{
    AllowedDomains, RegisteredUser, RegistrationLink, RegistrationLinkRepository, RegistrationRole,
    RegistrationUse,
};
use time::{Duration, OffsetDateTime};

use crate::contract::fixtures::{T0, digest, organisation};

/// The registration port under test, with the ports that make the organisations its links
/// belong to.
#[derive(Clone)]
pub struct RegistrationContractSubject {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations for the fixtures.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Registration links and their uses.
    pub links: Arc<dyn RegistrationLinkRepository>,
}

impl RegistrationContractSubject {
    /// A subject whose every port is `store`.
    pub fn of<S>(store: &Arc<S>) -> Self
    where
        S: TransactionRunner + OrganisationRepository + RegistrationLinkRepository + 'static,
    {
        Self {
            transactions: store.clone(),
            organisations: store.clone(),
            links: store.clone(),
        }
    }

    async fn new_org(&self) -> OrgId {
        let org = organisation();
        let mut uow = self.transactions.begin().await.expect("begin");
        self.organisations
            .insert(uow.as_mut(), &org)
            .await
            .expect("insert organisation");
        uow.commit().await.expect("commit");
        org.id
    }

    async fn insert(&self, link: &RegistrationLink) -> Result<(), RepositoryError> {
        let mut uow = self.transactions.begin().await.expect("begin");
        self.links.insert(uow.as_mut(), link).await?;
        uow.commit().await.expect("commit");
        Ok(())
    }

    async fn record(&self, link: &RegistrationLink, at: OffsetDateTime, n: u32) -> bool {
        let used = RegistrationUse {
            link_id: link.id,
            who: RegisteredUser::Contact(ContactUserId::from_uuid(Uuid::now_v7())),
            email: EmailAddress::parse(&format!("user{n}@acme.test")).expect("email"),
            at,
        };
        let mut uow = self.transactions.begin().await.expect("begin");
        let counted = self
            .links
            .record_use(uow.as_mut(), link, &used)
            .await
            .expect("record use");
        uow.commit().await.expect("commit");
        counted
    }
}

/// A link of `org` created at `T0`, open for 14 days; every optional part set when
/// `max_uses` is.
pub fn registration_link(org: OrgId, max_uses: Option<u32>) -> RegistrationLink {
    let full = max_uses.is_some();
    RegistrationLink {
        id: RegistrationLinkId::from_uuid(Uuid::now_v7()),
        org_id: org,
        label: full.then(|| "Website sign-up".to_owned()),
        role: if full {
            RegistrationRole::Staff
        } else {
            RegistrationRole::Client
        },
        client_id: None,
        auto_case_form: None,
        digest: digest(),
        language: if full { Language::Fr } else { Language::En },
        allowed_domains: if full {
            AllowedDomains::parse(["acme.test", "example.org"]).expect("domains")
        } else {
            None
        },
        max_uses,
        uses: 0,
        created_by: StaffUserId::from_uuid(Uuid::now_v7()),
        created_at: T0,
        expires_at: T0 + Duration::days(14),
        revoked_at: None,
    }
}

/// Links round-trip, are found by id only in their organisation and by digest anywhere,
/// digests are unique, pages follow ids, and revocation happens once.
pub async fn registration_links(subject: &RegistrationContractSubject) {
    let org = subject.new_org().await;
    let other = subject.new_org().await;
    let full = registration_link(org, Some(3));
    let plain = registration_link(org, None);
    subject.insert(&full).await.expect("insert full");
    subject.insert(&plain).await.expect("insert plain");

    let found = subject.links.find(org, full.id).await.expect("find");
    assert_eq!(found.as_ref(), Some(&full), "every field round-trips");
    assert_eq!(
        subject
            .links
            .find(org, plain.id)
            .await
            .expect("find")
            .as_ref(),
        Some(&plain)
    );
    assert_eq!(
        subject.links.find(other, full.id).await.expect("find"),
        None
    );
    assert_eq!(
        subject
            .links
            .find_by_digest(&full.digest)
            .await
            .expect("by digest"),
        Some(full.clone())
    );
    assert_eq!(
        subject
            .links
            .find_by_digest(&digest())
            .await
            .expect("by digest"),
        None
    );

    let mut twin = registration_link(other, None);
    twin.digest = full.digest;
    assert!(
        matches!(
            subject.insert(&twin).await,
            Err(RepositoryError::Conflict(_))
        ),
        "digests are unique"
    );

    let third = registration_link(org, None);
    subject.insert(&third).await.expect("insert third");
    let first = subject
        .links
        .list(org, PageRequest::new(None, Some(2)))
        .await
        .expect("list");
    let ids: Vec<_> = first.items.iter().map(|l| l.id).collect();
    assert_eq!(ids, [full.id, plain.id], "oldest first");
    assert_eq!(first.next_after, Some(plain.id.as_uuid()));
    let second = subject
        .links
        .list(org, PageRequest::new(first.next_after, Some(2)))
        .await
        .expect("list");
    assert_eq!(
        second.items.iter().map(|l| l.id).collect::<Vec<_>>(),
        [third.id]
    );
    assert_eq!(second.next_after, None);
    assert!(
        subject
            .links
            .list(other, PageRequest::first())
            .await
            .expect("list")
            .items
            .is_empty(),
        "another organisation sees none"
    );

    let at = T0 + Duration::hours(1);
    assert!(
        !subject
            .links
            .revoke(other, full.id, at)
            .await
            .expect("revoke")
    );
    assert!(
        subject
            .links
            .revoke(org, full.id, at)
            .await
            .expect("revoke")
    );
    assert!(!subject.links.revoke(org, full.id, at).await.expect("again"));
    let revoked = subject
        .links
        .find(org, full.id)
        .await
        .expect("find")
        .expect("link");
    assert_eq!(revoked.revoked_at, Some(at));
}

/// Uses are counted up to the maximum and never on a revoked or expired link; they are
/// listed oldest first, only in their organisation.
pub async fn registration_uses(subject: &RegistrationContractSubject) {
    let org = subject.new_org().await;
    let other = subject.new_org().await;
    let link = registration_link(org, Some(2));
    subject.insert(&link).await.expect("insert");
    let at = T0 + Duration::minutes(1);
    assert!(subject.record(&link, at, 1).await);
    assert!(subject.record(&link, at + Duration::seconds(1), 2).await);
    assert!(
        !subject.record(&link, at + Duration::seconds(2), 3).await,
        "used up"
    );
    let stored = subject
        .links
        .find(org, link.id)
        .await
        .expect("find")
        .expect("link");
    assert_eq!(stored.uses, 2);
    let uses = subject.links.list_uses(org, link.id).await.expect("uses");
    assert_eq!(
        uses.iter()
            .map(|u| u.email.as_str().to_owned())
            .collect::<Vec<_>>(),
        ["user1@acme.test", "user2@acme.test"]
    );
    assert_eq!(uses[0].at, at);
    assert!(
        subject
            .links
            .list_uses(other, link.id)
            .await
            .expect("uses")
            .is_empty()
    );

    let unlimited = registration_link(org, None);
    subject.insert(&unlimited).await.expect("insert");
    assert!(
        !subject.record(&unlimited, unlimited.expires_at, 4).await,
        "at the expiry instant the link is closed"
    );
    assert!(
        subject
            .record(
                &unlimited,
                unlimited.expires_at - Duration::microseconds(1),
                5
            )
            .await
    );
    let staff = RegistrationUse {
        link_id: unlimited.id,
        who: RegisteredUser::Staff(StaffUserId::from_uuid(Uuid::now_v7())),
        email: EmailAddress::parse("staff@acme.test").expect("email"),
        at,
    };
    let mut uow = subject.transactions.begin().await.expect("begin");
    assert!(
        subject
            .links
            .record_use(uow.as_mut(), &unlimited, &staff)
            .await
            .expect("use")
    );
    uow.commit().await.expect("commit");
    let uses = subject
        .links
        .list_uses(org, unlimited.id)
        .await
        .expect("uses");
    assert_eq!(uses.len(), 2);
    assert!(
        uses.iter().any(|u| u.who == staff.who),
        "staff users round-trip"
    );
    subject
        .links
        .revoke(org, unlimited.id, at)
        .await
        .expect("revoke");
    assert!(!subject.record(&unlimited, at, 6).await, "revoked");
}

/// Runs every registration check.
pub async fn run_registration(subject: &RegistrationContractSubject) {
    registration_links(subject).await;
    registration_uses(subject).await;
}
