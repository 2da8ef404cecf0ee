//! Listing an organisation's forms.

use crate::contract::cases::{CasesContractSubject, cases_org, insert_form};

/// Form lists: every form of the organisation (its default form included), by slug, each as
/// written, and none of another organisation's.
pub async fn cases_form_list(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let empty = cases_org(subject).await;
    let support = insert_form(subject, org.id, "support").await;
    let billing = insert_form(subject, org.id, "billing").await;
    let foreign = insert_form(subject, other.id, "zzz-elsewhere").await;

    let listed = subject.forms.list(org.id).await.expect("list");
    let slugs: Vec<&str> = listed.iter().map(|form| form.slug.as_str()).collect();
    assert_eq!(
        slugs,
        ["billing", "contact", "support"],
        "every form of the organisation, by slug"
    );
    assert_eq!(listed[0], billing, "a listed form reads back as written");
    assert_eq!(listed[2], support);
    assert!(
        listed
            .iter()
            .all(|form| form.org_id == org.id && form.id != foreign.id),
        "no form of another organisation is listed"
    );

    let mut changed = support.clone();
    changed.share_links_enabled = !support.share_links_enabled;
    changed.name = "Changed".into();
    subject.forms.update(&changed).await.expect("update");
    let listed = subject.forms.list(org.id).await.expect("list");
    assert_eq!(
        listed[2], changed,
        "the list shows a form's latest settings"
    );

    let other_listed = subject.forms.list(other.id).await.expect("list");
    let other_slugs: Vec<&str> = other_listed.iter().map(|form| form.slug.as_str()).collect();
    assert_eq!(other_slugs, ["contact", "zzz-elsewhere"]);

    let only_default = subject.forms.list(empty.id).await.expect("list");
    assert_eq!(
        only_default.len(),
        1,
        "a new organisation has its default form"
    );
}
