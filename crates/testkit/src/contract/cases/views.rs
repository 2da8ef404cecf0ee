//! The joined read models behind the public pages.

use frontdesk_access::OrgSlug;
use frontdesk_cases::{CaseInContext, CaseStatus, FormSlug, GuestAccess};
use frontdesk_kernel::{CaseId, GuestAccessId, Uuid};
use time::Duration;

use crate::contract::cases::{
    CasesContractSubject, cases_org, insert_case, insert_contact, insert_form,
};
use crate::contract::fixtures::{T0, digest};

/// The joined reads: a capability with what it opens (whatever the capability's state), a
/// case with its organisation and form, and a public form by its slugs, each scoped to its
/// organisation.
///
/// # Panics
/// When the store breaks the contract.
pub async fn cases_views(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let org = subject
        .organisations
        .find(org.id)
        .await
        .expect("find")
        .expect("organisation");
    let form = insert_form(subject, org.id, "views").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane.views@example.test").await;
    let access = |revoked_at| GuestAccess {
        id: GuestAccessId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        case_id: case.id,
        contact_id: jane.id,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::days(30) + Duration::microseconds(3),
        revoked_at,
    };
    let open = access(None);
    let revoked = access(Some(T0 + Duration::minutes(2)));
    let mut uow = subject.begin().await;
    for access in [&open, &revoked] {
        subject
            .guest_access
            .insert(uow.as_mut(), access)
            .await
            .expect("insert");
    }
    uow.commit().await.expect("commit");
    let stored_case = subject
        .cases
        .find(org.id, case.id)
        .await
        .expect("find")
        .expect("case");
    let stored_form = subject
        .forms
        .find(org.id, form.id)
        .await
        .expect("find")
        .expect("form");
    let expected = CaseInContext {
        organisation: org.clone(),
        form: stored_form,
        case: stored_case,
    };
    for access in [&open, &revoked] {
        let record = subject
            .views
            .guest_case(&access.digest)
            .await
            .expect("guest case")
            .expect("a capability's record");
        assert_eq!(&record.access, access, "the capability as written");
        assert_eq!(record.context, expected, "its case, organisation and form");
        assert_eq!(record.contact, jane, "the contact it was issued to");
    }
    assert!(
        subject
            .views
            .guest_case(&digest())
            .await
            .expect("guest case")
            .is_none(),
        "an unknown digest has no record"
    );
    assert_eq!(
        subject
            .views
            .case_in_context(org.id, case.id)
            .await
            .expect("case in context"),
        Some(expected.clone())
    );
    assert!(
        subject
            .views
            .case_in_context(other.id, case.id)
            .await
            .expect("case in context")
            .is_none(),
        "another organisation's case is not found"
    );
    assert!(
        subject
            .views
            .case_in_context(org.id, CaseId::from_uuid(Uuid::now_v7()))
            .await
            .expect("case in context")
            .is_none()
    );

    let public_form = |org: OrgSlug, form: &str| {
        let form = FormSlug::parse(form).expect("slug");
        async move {
            subject
                .views
                .public_form(&org, &form)
                .await
                .expect("public form")
        }
    };
    assert_eq!(
        public_form(org.slug.clone(), "views").await,
        Some((org.clone(), expected.form.clone())),
        "the organisation and its form"
    );
    let others = insert_form(subject, other.id, "views").await;
    assert_eq!(
        public_form(other.slug.clone(), "views")
            .await
            .map(|(organisation, form)| (organisation.id, form.id)),
        Some((other.id, others.id)),
        "each organisation's slug names its own form"
    );
    assert!(public_form(org.slug.clone(), "missing").await.is_none());
    assert!(
        public_form(OrgSlug::parse("no-such-org").expect("slug"), "views")
            .await
            .is_none()
    );
}
