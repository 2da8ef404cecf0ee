//! `CasesService::contact_user_submit` over the testkit's in-memory fakes: a form the portal
//! does not offer (or with the portal off, or unknown, or for an inactive or foreign user)
//! is refused and stores nothing; field errors store nothing and speak the page's
//! language; a valid submission writes the case with the user's contact (and their only
//! client), an audited editor grant and the confirmation with the portal case link (no
//! guest capability); the same form key twice is one case, with other content a conflict.

use std::sync::Arc;

use frontdesk_access::{
    AccessGrantRepository, Branding, CaseRole, OrgName, OrgSlug, Organisation,
    OrganisationRepository, PortalMode, PortalSettings, TokenLifetimePolicy,
};
use frontdesk_cases::*;
use frontdesk_contacts::{Contact, ContactRepository, ContactUser, ContactUserState, Username};
use frontdesk_kernel::{
    ClientId, Clock, ContactId, ContactUserId, EmailAddress, FormId, Language, OrgId, PersonName,
    Uuid, UuidV7Generator,
};
use frontdesk_messaging::{MessageState, Outbox, TemplateKind};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, InMemoryCasesStore, InMemoryContactUserStore, InMemoryStore,
    InMemoryUnitOfWork, SequenceTokenSource, cases_ports,
};
use time::Duration;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    cases: InMemoryCasesStore,
    grants: InMemoryContactUserStore,
    service: CasesService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let grants = InMemoryContactUserStore::new();
    let mut ports = cases_ports(
        &store,
        &cases,
        Arc::new(FakeCaptcha::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    ports.grants = Arc::new(grants.clone());
    World {
        clock,
        store,
        cases,
        grants,
        service: CasesService::new(ports, IntakePolicy::default()),
    }
}

/// An organisation with the forms `support` and `internal`, one contact and its login.
struct Setup {
    org: Organisation,
    user: ContactUser,
    contact: Contact,
}

impl World {
    async fn setup(&self, clients: usize) -> Setup {
        let now = self.clock.now();
        let suffix = &Uuid::now_v7().simple().to_string()[20..];
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse(&format!("org-{suffix}")).expect("slug"),
            name: OrgName::parse("Org").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Private,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: now,
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        for slug in ["support", "internal"] {
            let form = Form {
                id: FormId::from_uuid(Uuid::now_v7()),
                org_id: org.id,
                slug: FormSlug::parse(slug).expect("slug"),
                name: "Support".to_owned(),
                default_language: Language::En,
                fields: Form::standard_fields(),
                guest_edit_statuses: vec![CaseStatus::New],
                notify_contacts: true,
                share_links_enabled: false,
                created_at: now,
            };
            FormRepository::insert(&self.cases, &form)
                .await
                .expect("form");
        }
        let contact = Contact {
            id: ContactId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            email: EmailAddress::parse("ada@client.example").expect("email"),
            first_name: PersonName::parse("Ada").expect("name"),
            last_name: PersonName::parse("Lovelace").expect("name"),
            phone: None,
            address: None,
            client_id: None,
            unsubscribed_all: false,
            created_at: now,
        };
        ContactRepository::insert(&self.cases, &mut InMemoryUnitOfWork, &contact)
            .await
            .expect("contact");
        let user = ContactUser {
            id: ContactUserId::from_uuid(Uuid::now_v7()),
            org_id: org.id,
            contact_id: contact.id,
            client_ids: (0..clients)
                .map(|_| ClientId::from_uuid(Uuid::now_v7()))
                .collect(),
            username: Username::parse("ada").expect("username"),
            state: ContactUserState::Active,
            must_change_password: false,
            password_hash: None,
            temporary_password_expires_at: None,
            created_at: now,
            updated_at: now,
        };
        Setup { org, user, contact }
    }

    async fn grants_of(&self, user: &ContactUser) -> Vec<frontdesk_access::AccessGrant> {
        self.grants
            .active_for_user(user.org_id, user.id)
            .await
            .expect("grants")
    }

    fn nothing_stored(&self, setup: &Setup) {
        assert_eq!(self.cases.case_count(setup.org.id), 0);
        assert_eq!(self.cases.timeline_count(), 0);
        assert_eq!(self.store.outbox_count(MessageState::Pending), 0);
        assert!(self.store.audit_events().is_empty());
    }
}

fn portal(mode: PortalMode) -> PortalSettings {
    PortalSettings {
        mode,
        title: None,
        colour: None,
        logo_url: None,
        forms: vec!["support".to_owned()],
    }
}

fn request(setup: &Setup, form: &str, title: &str, key: Option<&str>) -> ContactUserSubmission {
    ContactUserSubmission {
        org_id: setup.org.id,
        portal: portal(PortalMode::Private),
        user: setup.user.clone(),
        form_slug: form.to_owned(),
        fields: RawSubmission {
            // What the page never shows is ignored: the contact is the submitter.
            first_name: Some("Mallory".to_owned()),
            email: Some("mallory@evil.example".to_owned()),
            title: Some(title.to_owned()),
            description: Some("It smokes.".to_owned()),
            priority: Some("high".to_owned()),
            ..RawSubmission::default()
        },
        language: Language::En,
        idempotency_key: key.map(|key| IdempotencyKey::parse(key).expect("key")),
    }
}

#[tokio::test]
async fn forms_the_portal_does_not_offer_are_refused_and_store_nothing() {
    let w = world();
    let setup = w.setup(1).await;
    let mut refused = vec![
        request(&setup, "internal", "Not offered", None),
        request(&setup, "nope", "Unknown", None),
    ];
    let mut off = request(&setup, "support", "Portal off", None);
    off.portal = portal(PortalMode::Off);
    refused.push(off);
    let mut disabled = request(&setup, "support", "Disabled user", None);
    disabled.user.state = ContactUserState::Disabled;
    refused.push(disabled);
    let mut foreign = request(&setup, "support", "Another organisation", None);
    foreign.org_id = OrgId::from_uuid(Uuid::now_v7());
    refused.push(foreign);
    for request in refused {
        let title = request.fields.title.clone();
        let outcome = w.service.contact_user_submit(request).await;
        assert!(
            matches!(outcome, Err(ContactUserSubmitError::NotFound)),
            "{title:?}: {outcome:?}"
        );
    }
    w.nothing_stored(&setup);
    assert!(w.grants_of(&setup.user).await.is_empty());
}

#[tokio::test]
async fn field_errors_store_nothing_and_speak_the_page_language() {
    let w = world();
    let setup = w.setup(1).await;
    let mut missing = request(&setup, "support", "", Some("k1"));
    missing.fields.title = None;
    missing.language = Language::Fr;
    let Err(ContactUserSubmitError::Invalid(errors)) =
        w.service.contact_user_submit(missing.clone()).await
    else {
        panic!("a missing title is a field error");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "title");
    let english = {
        let mut again = missing.clone();
        again.language = Language::En;
        match w.service.contact_user_submit(again).await {
            Err(ContactUserSubmitError::Invalid(errors)) => errors[0].message.clone(),
            other => panic!("{other:?}"),
        }
    };
    assert_ne!(errors[0].message, english, "the message follows the page");
    w.nothing_stored(&setup);
    assert!(w.grants_of(&setup.user).await.is_empty());
    // The key was not used up: the corrected form goes through with it.
    let mut corrected = missing;
    corrected.fields.title = Some("Now with a title".to_owned());
    let submitted = w
        .service
        .contact_user_submit(corrected)
        .await
        .expect("created");
    assert!(!submitted.replayed);
}

#[tokio::test]
async fn a_submission_writes_the_case_an_audited_editor_grant_and_the_portal_mail() {
    let w = world();
    let setup = w.setup(1).await;
    let submitted = w
        .service
        .contact_user_submit(request(&setup, "support", "Printer on fire", None))
        .await
        .expect("created");
    assert!(!submitted.replayed);
    let case = CaseRepository::find(&w.cases, setup.org.id, submitted.case_id)
        .await
        .expect("read")
        .expect("the case exists");
    assert_eq!(case.title, "Printer on fire");
    assert_eq!(case.priority, Priority::High);
    assert_eq!(case.client_id, setup.user.client_ids.first().copied());
    let submitted_by = case.submitted.expect("submitter");
    assert_eq!(submitted_by.email, "ada@client.example");
    assert_eq!(submitted_by.first_name, "Ada");
    let contacts = w
        .cases
        .contacts_of(setup.org.id, case.id)
        .await
        .expect("contacts");
    assert_eq!(contacts, vec![setup.contact.id]);
    assert_eq!(w.cases.contact_count(setup.org.id), 1, "no new contact");
    assert!(w.cases.guest_accesses(case.id).is_empty(), "no capability");
    assert_eq!(w.cases.timeline_count(), 1);

    let grants = w.grants_of(&setup.user).await;
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].case_id, case.id);
    assert_eq!(grants[0].role, CaseRole::Editor);
    let events = w.store.audit_events();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action.as_str(), "access_grant.created");
    assert_eq!(events[0].actor, None);
    assert_eq!(events[0].subject, Some(grants[0].id.to_string()));

    let now = w.clock.now();
    let claimed = Outbox::claim(&w.store, "test", now, now + Duration::minutes(1), 10)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    let mail = &claimed[0].message;
    assert_eq!(mail.kind, TemplateKind::GuestCaseCreated);
    assert_eq!(mail.to.as_str(), "ada@client.example");
    assert_eq!(
        mail.data["case_url"],
        format!(
            "https://desk.example/o/{}/cases/{}",
            setup.org.slug.as_str(),
            case.number.0
        )
    );
}

#[tokio::test]
async fn a_user_of_several_clients_leaves_the_client_to_staff() {
    let w = world();
    let setup = w.setup(2).await;
    let submitted = w
        .service
        .contact_user_submit(request(&setup, "support", "Whose is it?", None))
        .await
        .expect("created");
    let case = CaseRepository::find(&w.cases, setup.org.id, submitted.case_id)
        .await
        .expect("read")
        .expect("the case exists");
    assert_eq!(case.client_id, None);
    assert_eq!(w.grants_of(&setup.user).await.len(), 1);
}

#[tokio::test]
async fn the_same_form_key_twice_is_one_case_and_other_content_a_conflict() {
    let w = world();
    let setup = w.setup(1).await;
    let first = w
        .service
        .contact_user_submit(request(
            &setup,
            "support",
            "Printer on fire",
            Some("render-1"),
        ))
        .await
        .expect("created");
    let again = w
        .service
        .contact_user_submit(request(
            &setup,
            "support",
            "Printer on fire",
            Some("render-1"),
        ))
        .await
        .expect("replayed");
    assert_eq!(again.case_id, first.case_id);
    assert_eq!(again.number, first.number);
    assert!(again.replayed);
    let changed = w
        .service
        .contact_user_submit(request(
            &setup,
            "support",
            "Something else",
            Some("render-1"),
        ))
        .await;
    assert!(
        matches!(changed, Err(ContactUserSubmitError::IdempotencyConflict)),
        "{changed:?}"
    );
    assert_eq!(w.cases.case_count(setup.org.id), 1);
    assert_eq!(w.grants_of(&setup.user).await.len(), 1);
    // Another user's form with the same key is theirs alone.
    let mut other = setup.user.clone();
    other.id = ContactUserId::from_uuid(Uuid::now_v7());
    let mut theirs = request(&setup, "support", "Printer on fire", Some("render-1"));
    theirs.user = other;
    let theirs = w
        .service
        .contact_user_submit(theirs)
        .await
        .expect("created");
    assert_ne!(theirs.case_id, first.case_id);
    assert_eq!(w.cases.case_count(setup.org.id), 2);
}
