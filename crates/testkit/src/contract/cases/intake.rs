//! Intake: forms, case numbers and idempotency keys.

use frontdesk_cases::{CaseNumber, CaseStatus, Form, FormSlug};
use frontdesk_kernel::{EmailAddress, Language, OrgId, RepositoryError};

use crate::contract::cases::{CasesContractSubject, cases_org, insert_case, insert_form};
use crate::contract::fixtures::{T0, random_suffix};

/// Forms: the default form, insert, find, find by slug, slug conflict, update, tenant
/// isolation.
pub async fn cases_forms(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;

    let contact_slug = FormSlug::parse("contact").expect("slug");
    let default = subject
        .forms
        .find_by_slug(org.id, &contact_slug)
        .await
        .expect("find")
        .expect("every organisation starts with the contact form");
    assert_eq!(default.org_id, org.id);
    assert_eq!(default.default_language, org.default_language);
    assert_eq!(default.fields, Form::standard_fields());
    assert_eq!(default.guest_edit_statuses, vec![CaseStatus::New]);
    assert!(default.notify_contacts);
    assert!(!default.share_links_enabled);
    assert_eq!(
        subject.forms.find(org.id, default.id).await.expect("find"),
        Some(default.clone())
    );

    let form = insert_form(subject, org.id, "support").await;
    assert_eq!(
        subject.forms.find(org.id, form.id).await.expect("find"),
        Some(form.clone()),
        "a form reads back as written"
    );
    assert_eq!(
        subject
            .forms
            .find_by_slug(org.id, &form.slug)
            .await
            .expect("find"),
        Some(form.clone())
    );
    assert!(
        subject
            .forms
            .find(other.id, form.id)
            .await
            .expect("find")
            .is_none(),
        "a form is invisible from another organisation"
    );
    assert!(
        subject
            .forms
            .find_by_slug(other.id, &form.slug)
            .await
            .expect("find")
            .is_none()
    );

    let twin = super::form(org.id, "support");
    let result = subject.forms.insert(&twin).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("slug"))),
        "a taken slug is a slug conflict, got {result:?}"
    );
    let elsewhere = insert_form(subject, other.id, "support").await;
    assert_eq!(
        subject
            .forms
            .find_by_slug(other.id, &elsewhere.slug)
            .await
            .expect("find"),
        Some(elsewhere.clone()),
        "the same slug may exist in another organisation"
    );

    let mut changed = form.clone();
    changed.name = "Support".into();
    changed.default_language = Language::En;
    changed.fields = Form::standard_fields();
    changed.guest_edit_statuses = vec![CaseStatus::Open];
    changed.notify_contacts = true;
    changed.share_links_enabled = false;
    subject.forms.update(&changed).await.expect("update");
    assert_eq!(
        subject.forms.find(org.id, form.id).await.expect("find"),
        Some(changed.clone())
    );
    changed.guest_edit_statuses = Vec::new();
    subject.forms.update(&changed).await.expect("update");
    assert_eq!(
        subject
            .forms
            .find(org.id, form.id)
            .await
            .expect("find")
            .map(|f| f.guest_edit_statuses),
        Some(Vec::new()),
        "an empty status list stays empty"
    );

    let mut cross = elsewhere.clone();
    cross.org_id = org.id;
    cross.name = "Hijacked".into();
    subject.forms.update(&cross).await.expect("update");
    assert_eq!(
        subject
            .forms
            .find(other.id, elsewhere.id)
            .await
            .expect("find"),
        Some(elsewhere),
        "an update naming the wrong organisation changes nothing"
    );
}

/// Case numbers: 1, 2, 3 per organisation, independent across organisations, never
/// repeated after a rollback.
pub async fn cases_numbers(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let next = |org: OrgId| async move {
        let mut uow = subject.begin().await;
        let number = subject
            .cases
            .next_number(uow.as_mut(), org)
            .await
            .expect("next number");
        uow.commit().await.expect("commit");
        number
    };
    assert_eq!(next(org.id).await, CaseNumber(1));
    assert_eq!(next(org.id).await, CaseNumber(2));
    assert_eq!(
        next(other.id).await,
        CaseNumber(1),
        "numbers are per organisation"
    );
    assert_eq!(next(org.id).await, CaseNumber(3));
    assert_eq!(next(other.id).await, CaseNumber(2));

    let mut uow = subject.begin().await;
    let abandoned = subject
        .cases
        .next_number(uow.as_mut(), org.id)
        .await
        .expect("next number");
    assert_eq!(abandoned, CaseNumber(4));
    drop(uow);
    let after = next(org.id).await;
    assert!(
        after >= CaseNumber(4),
        "a rolled-back allocation never makes numbers repeat, got {after}"
    );
}

/// Idempotency keys: remember, recall, conflict, per organisation.
pub async fn cases_idempotency(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let other_form = insert_form(subject, other.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let other_case = insert_case(subject, other.id, other_form.id, CaseStatus::New).await;
    let key = format!("key-{}", random_suffix());
    let request = [7u8; 32];

    assert!(
        subject
            .idempotency
            .recall(org.id, &key)
            .await
            .expect("recall")
            .is_none()
    );
    let mut uow = subject.begin().await;
    subject
        .idempotency
        .remember(uow.as_mut(), org.id, &key, request, case.id, T0)
        .await
        .expect("remember");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .idempotency
            .recall(org.id, &key)
            .await
            .expect("recall"),
        Some((request, case.id))
    );
    assert!(
        subject
            .idempotency
            .recall(other.id, &key)
            .await
            .expect("recall")
            .is_none(),
        "keys are per organisation"
    );

    let mut uow = subject.begin().await;
    let result = subject
        .idempotency
        .remember(uow.as_mut(), org.id, &key, [8u8; 32], case.id, T0)
        .await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("idempotency_key"))),
        "a key is remembered once, got {result:?}"
    );
    let probe = EmailAddress::parse("probe@example.test").expect("email");
    assert!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &probe)
            .await
            .expect("the unit of work is still usable after the conflict")
            .is_none()
    );
    drop(uow);
    assert_eq!(
        subject
            .idempotency
            .recall(org.id, &key)
            .await
            .expect("recall"),
        Some((request, case.id)),
        "the first request is kept"
    );

    let mut uow = subject.begin().await;
    subject
        .idempotency
        .remember(uow.as_mut(), other.id, &key, [9u8; 32], other_case.id, T0)
        .await
        .expect("the same key may be used by another organisation");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .idempotency
            .recall(other.id, &key)
            .await
            .expect("recall"),
        Some(([9u8; 32], other_case.id))
    );
}
