//! Mail template overrides.

use frontdesk_kernel::Language;
use frontdesk_messaging::{MailTemplate, TemplateKind};
use time::Duration;

use crate::contract::ContractSubject;
use crate::contract::fixtures::{T0, insert_org};

fn template(marker: &str) -> MailTemplate {
    MailTemplate {
        subject: format!("Hello {{{{name}}}} {marker}"),
        html: format!("<p>\u{e9}t\u{e9} {{{{action_url}}}}</p> {marker}"),
        text: format!("Go to {{{{action_url}}}}\n{marker}"),
    }
}

/// Templates: save, find, replace, delete, scoped by organisation, kind and language.
pub async fn mail_templates(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let kind = TemplateKind::PasswordReset;
    let store = &subject.templates;
    assert!(
        store
            .find(org.id, kind, Language::Fr)
            .await
            .expect("find")
            .is_none()
    );
    store
        .save(org.id, kind, Language::Fr, &template("one"), T0)
        .await
        .expect("save");
    assert_eq!(
        store.find(org.id, kind, Language::Fr).await.expect("find"),
        Some(template("one"))
    );
    for (org_id, kind, language) in [
        (other.id, kind, Language::Fr),
        (org.id, TemplateKind::Activation, Language::Fr),
        (org.id, kind, Language::En),
    ] {
        assert!(
            store
                .find(org_id, kind, language)
                .await
                .expect("find")
                .is_none(),
            "overrides are per organisation, kind and language"
        );
    }
    store
        .save(
            org.id,
            kind,
            Language::Fr,
            &template("two"),
            T0 + Duration::minutes(1),
        )
        .await
        .expect("save again");
    assert_eq!(
        store.find(org.id, kind, Language::Fr).await.expect("find"),
        Some(template("two")),
        "saving again replaces the override"
    );
    store
        .save(org.id, kind, Language::En, &template("en"), T0)
        .await
        .expect("save");
    assert!(
        !store
            .delete(other.id, kind, Language::Fr)
            .await
            .expect("delete"),
        "another organisation deletes nothing"
    );
    assert!(
        store
            .delete(org.id, kind, Language::Fr)
            .await
            .expect("delete")
    );
    assert!(
        !store
            .delete(org.id, kind, Language::Fr)
            .await
            .expect("delete")
    );
    assert!(
        store
            .find(org.id, kind, Language::Fr)
            .await
            .expect("find")
            .is_none()
    );
    assert_eq!(
        store.find(org.id, kind, Language::En).await.expect("find"),
        Some(template("en")),
        "deleting one language keeps the other"
    );
}
