//! Share links, their views and the per-form permissions to share.

use std::sync::Arc;

use frontdesk_access::{Organisation, OrganisationInitialiser, OrganisationRepository, Profile};
use frontdesk_cases::{
    Case, CaseRepository, CaseStatus, CaseViewReader, Form, FormRepository, GuestAccessRepository,
    IdempotencyRepository, TimelineRepository,
};
use frontdesk_contacts::ContactRepository;
use frontdesk_kernel::{
    CaseId, FormId, Language, OrgId, PasswordHash, RepositoryError, ShareLinkId, StaffUserId,
    TransactionRunner, Uuid,
};
use frontdesk_sharing::{ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView};
use time::{Duration, OffsetDateTime};

use crate::contract::cases::{CasesContractSubject, cases_org, insert_case, insert_form};
use crate::contract::fixtures::{T0, digest};
use crate::contract::sharing_counts::sharing_active_link_count;

/// The sharing ports under test, with the cases ports that make the organisations, forms
/// and cases the links point at. Separate from [`CasesContractSubject`] so that the cases
/// suite keeps running on stores that do not implement these ports yet.
#[derive(Clone)]
pub struct SharingContractSubject {
    /// Units of work, organisations, forms and cases for the fixtures.
    pub cases: CasesContractSubject,
    /// Share links and their views.
    pub links: Arc<dyn ShareLinkRepository>,
    /// Per-form, per-profile permissions to share.
    pub permissions: Arc<dyn SharePermissionRepository>,
}

impl SharingContractSubject {
    /// A subject whose every port is `store`.
    pub fn of<S>(store: &Arc<S>) -> Self
    where
        S: TransactionRunner
            + OrganisationRepository
            + OrganisationInitialiser
            + FormRepository
            + CaseRepository
            + TimelineRepository
            + GuestAccessRepository
            + IdempotencyRepository
            + ContactRepository
            + frontdesk_contacts::ClientRepository
            + CaseViewReader
            + frontdesk_cases::CaseOverviewReader
            + frontdesk_access::StaffUserRepository
            + ShareLinkRepository
            + SharePermissionRepository
            + 'static,
    {
        Self {
            cases: CasesContractSubject::of(store),
            links: store.clone(),
            permissions: store.clone(),
        }
    }
}

/// A link to `case` created at `created_at`, open for 30 days, every optional part set
/// when `max_views` is.
pub(super) fn share_link(
    org: OrgId,
    case: CaseId,
    created_at: OffsetDateTime,
    max_views: Option<u32>,
) -> ShareLink {
    let full = max_views.is_some();
    ShareLink {
        id: ShareLinkId::from_uuid(Uuid::now_v7()),
        org_id: org,
        case_id: case,
        created_by: StaffUserId::from_uuid(Uuid::now_v7()),
        label: full.then(|| "For the insurer".to_owned()),
        digest: digest(),
        language: Language::En,
        created_at,
        expires_at: created_at + Duration::days(30) + Duration::microseconds(3),
        max_views,
        views: 0,
        password_hash: full.then(|| {
            PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned())
        }),
        revoked_at: None,
    }
}

pub(super) async fn insert_links(subject: &SharingContractSubject, links: &[&ShareLink]) {
    let mut uow = subject.cases.begin().await;
    for link in links {
        subject
            .links
            .insert(uow.as_mut(), link)
            .await
            .expect("insert share link");
    }
    uow.commit().await.expect("commit");
}

/// An organisation with a case of its own form; returns the organisation, form and case.
pub(super) async fn sharing_fixture(
    subject: &SharingContractSubject,
) -> (Organisation, Form, Case) {
    let org = cases_org(&subject.cases).await;
    let form = insert_form(&subject.cases, org.id, "sharing").await;
    let case = insert_case(&subject.cases, org.id, form.id, CaseStatus::New).await;
    (org, form, case)
}

/// Share links: insert, find, find by digest, digest conflict, newest first per case,
/// revocation once, tenant isolation.
pub async fn sharing_links(subject: &SharingContractSubject) {
    let (org, form, case) = sharing_fixture(subject).await;
    let other_case = insert_case(&subject.cases, org.id, form.id, CaseStatus::New).await;
    let (other, _, _) = sharing_fixture(subject).await;

    let older = share_link(org.id, case.id, T0 + Duration::seconds(1), Some(3));
    let newer = share_link(org.id, case.id, T0 + Duration::seconds(2), None);
    let elsewhere = share_link(org.id, other_case.id, T0, None);
    insert_links(subject, &[&older, &newer, &elsewhere]).await;

    for link in [&older, &newer, &elsewhere] {
        assert_eq!(
            subject.links.find(org.id, link.id).await.expect("find"),
            Some(link.clone())
        );
        assert_eq!(
            subject
                .links
                .find_by_digest(&link.digest)
                .await
                .expect("find by digest"),
            Some(link.clone())
        );
        assert_eq!(
            subject.links.find(other.id, link.id).await.expect("find"),
            None,
            "another organisation cannot see the link"
        );
    }
    assert_eq!(
        subject
            .links
            .find_by_digest(&digest())
            .await
            .expect("find by digest"),
        None
    );
    assert_eq!(
        subject
            .links
            .find(org.id, ShareLinkId::from_uuid(Uuid::now_v7()))
            .await
            .expect("find"),
        None
    );

    assert_eq!(
        subject
            .links
            .list_for_case(org.id, case.id)
            .await
            .expect("list"),
        vec![newer.clone(), older.clone()],
        "newest first, only the case's links"
    );
    assert!(
        subject
            .links
            .list_for_case(other.id, case.id)
            .await
            .expect("list")
            .is_empty()
    );

    let mut duplicate = share_link(org.id, case.id, T0, None);
    duplicate.digest = older.digest;
    let mut uow = subject.cases.begin().await;
    let result = subject.links.insert(uow.as_mut(), &duplicate).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("digest"))),
        "{result:?}"
    );
    drop(uow);

    let revoked_at = T0 + Duration::hours(1) + Duration::microseconds(5);
    assert!(
        !subject
            .links
            .revoke(other.id, older.id, revoked_at)
            .await
            .expect("revoke"),
        "another organisation cannot revoke the link"
    );
    assert!(
        subject
            .links
            .revoke(org.id, older.id, revoked_at)
            .await
            .expect("revoke")
    );
    assert!(
        !subject
            .links
            .revoke(org.id, older.id, revoked_at + Duration::hours(1))
            .await
            .expect("revoke again"),
        "a link is revoked once"
    );
    let found = subject
        .links
        .find(org.id, older.id)
        .await
        .expect("find")
        .expect("still there");
    assert_eq!(found.revoked_at, Some(revoked_at));
    assert_eq!(
        subject
            .links
            .find(org.id, newer.id)
            .await
            .expect("find")
            .expect("still there")
            .revoked_at,
        None,
        "revoking one link leaves the others"
    );
}

pub(super) fn share_view(
    link: &ShareLink,
    viewed_at: OffsetDateTime,
    agent: Option<&str>,
) -> ShareView {
    ShareView {
        link_id: link.id,
        viewed_at,
        user_agent: agent.map(str::to_owned),
        ip_hash: agent.map(|_| "ab".repeat(32)),
    }
}

/// Share link views: counted up to the maximum and then refused (and not logged), counted
/// forever without one, listed oldest first and only for the link's organisation.
pub async fn sharing_views(subject: &SharingContractSubject) {
    let (org, _, case) = sharing_fixture(subject).await;
    let (other, _, _) = sharing_fixture(subject).await;
    let limited = share_link(org.id, case.id, T0, Some(2));
    let unlimited = share_link(org.id, case.id, T0, None);
    insert_links(subject, &[&limited, &unlimited]).await;

    let first = share_view(&limited, T0 + Duration::seconds(1), Some("Mozilla/5.0"));
    let second = share_view(&limited, T0 + Duration::seconds(2), None);
    let third = share_view(&limited, T0 + Duration::seconds(3), Some("curl/8"));
    for (view, counted) in [(&first, true), (&second, true), (&third, false)] {
        assert_eq!(
            subject
                .links
                .record_view(&limited, view)
                .await
                .expect("record view"),
            counted
        );
    }
    let stored = subject
        .links
        .find(org.id, limited.id)
        .await
        .expect("find")
        .expect("link");
    assert_eq!(stored.views, 2);
    assert!(!stored.is_open(T0 + Duration::seconds(4)));
    assert_eq!(
        subject
            .links
            .views(org.id, limited.id)
            .await
            .expect("views"),
        vec![first, second],
        "oldest first; the refused view is not logged"
    );
    assert!(
        subject
            .links
            .views(other.id, limited.id)
            .await
            .expect("views")
            .is_empty(),
        "another organisation sees no views"
    );

    let mut expected = Vec::new();
    for n in 0..7 {
        let view = share_view(&unlimited, T0 + Duration::minutes(n), Some("Agent"));
        assert!(
            subject
                .links
                .record_view(&unlimited, &view)
                .await
                .expect("record view"),
            "a link without a maximum keeps counting"
        );
        expected.push(view);
    }
    assert_eq!(
        subject
            .links
            .find(org.id, unlimited.id)
            .await
            .expect("find")
            .expect("link")
            .views,
        7
    );
    assert_eq!(
        subject
            .links
            .views(org.id, unlimited.id)
            .await
            .expect("views"),
        expected
    );
}

/// Share permissions: unset until saved, then the saved value, per form, profile and
/// organisation.
pub async fn sharing_permissions(subject: &SharingContractSubject) {
    let (org, form, _) = sharing_fixture(subject).await;
    let (other, other_form, _) = sharing_fixture(subject).await;
    let setting = |org: OrgId, form: FormId, profile: Profile| {
        let permissions = subject.permissions.clone();
        async move {
            permissions
                .setting(org, form, profile)
                .await
                .expect("setting")
        }
    };
    assert_eq!(setting(org.id, form.id, Profile::Agent).await, None);
    subject
        .permissions
        .set(org.id, form.id, Profile::Agent, true)
        .await
        .expect("set");
    assert_eq!(setting(org.id, form.id, Profile::Agent).await, Some(true));
    subject
        .permissions
        .set(org.id, form.id, Profile::Agent, false)
        .await
        .expect("set again");
    assert_eq!(setting(org.id, form.id, Profile::Agent).await, Some(false));
    assert_eq!(
        setting(org.id, form.id, Profile::CaseAdmin).await,
        None,
        "per profile"
    );
    assert_eq!(
        setting(other.id, form.id, Profile::Agent).await,
        None,
        "another organisation cannot read the setting"
    );
    assert_eq!(setting(other.id, other_form.id, Profile::Agent).await, None);

    subject
        .permissions
        .set(other.id, form.id, Profile::Agent, true)
        .await
        .expect("set on a foreign form");
    assert_eq!(
        setting(org.id, form.id, Profile::Agent).await,
        Some(false),
        "another organisation cannot change the setting"
    );
    subject
        .permissions
        .set(other.id, other_form.id, Profile::CaseAdmin, true)
        .await
        .expect("set");
    assert_eq!(
        setting(other.id, other_form.id, Profile::CaseAdmin).await,
        Some(true)
    );
    assert_eq!(setting(org.id, form.id, Profile::CaseAdmin).await, None);
}

/// Runs every sharing check that holds for every implementation.
pub async fn run_sharing(subject: &SharingContractSubject) {
    sharing_links(subject).await;
    sharing_views(subject).await;
    sharing_views_stop_at_revocation_and_expiry(subject).await;
    sharing_permissions(subject).await;
    sharing_active_link_count(subject).await;
}

/// `record_view` re-checks revocation and expiry in the same step that counts: a view never
/// counts on a link revoked or expired after the caller looked at it.
///
/// # Panics
/// When the store breaks the contract.
pub async fn sharing_views_stop_at_revocation_and_expiry(subject: &SharingContractSubject) {
    let (org, _, case) = sharing_fixture(subject).await;
    let revoked = share_link(org.id, case.id, T0, None);
    let expiring = share_link(org.id, case.id, T0, None);
    insert_links(subject, &[&revoked, &expiring]).await;
    assert!(
        subject
            .links
            .revoke(org.id, revoked.id, T0 + Duration::seconds(1))
            .await
            .expect("revoke")
    );
    // The caller still holds the link as it was before the revocation.
    let late = share_view(&revoked, T0 + Duration::seconds(2), None);
    assert!(
        !subject
            .links
            .record_view(&revoked, &late)
            .await
            .expect("record view"),
        "a revoked link counts no view"
    );
    let before = share_view(&expiring, expiring.expires_at - Duration::seconds(1), None);
    let at_expiry = share_view(&expiring, expiring.expires_at, None);
    assert!(
        subject
            .links
            .record_view(&expiring, &before)
            .await
            .expect("record view")
    );
    assert!(
        !subject
            .links
            .record_view(&expiring, &at_expiry)
            .await
            .expect("record view"),
        "an expired link counts no view"
    );
    let stored = subject
        .links
        .find(org.id, expiring.id)
        .await
        .expect("find")
        .expect("link");
    assert_eq!(stored.views, 1);
}
