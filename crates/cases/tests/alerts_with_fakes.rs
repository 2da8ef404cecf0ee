//! Case alerts for contact users, through `CasesService` over the testkit's in-memory fakes
//! with a fake clock: active grantees are alerted with the portal case page and no guest
//! capability, each person once, never the one who acted, never after unsubscribing, and
//! never through a revoked grant or an inactive account; contacts keep their guest links.

use std::sync::Arc;

use frontdesk_access::{
    AccessGrant, AccessGrantRepository, AuthMethod, Branding, CaseRole, Decision, OrgName, OrgSlug,
    Organisation, OrganisationRepository, PortalMode, Profile, ProfileSet, Reach, StaffActor,
    TokenLifetimePolicy,
};
use frontdesk_cases::*;
use frontdesk_contacts::{
    ContactUser, ContactUserRepository, ContactUserState, ContactsPorts, ContactsService,
    NewContact, Username,
};
use frontdesk_kernel::{
    AccessGrantId, ApiTokenId, CaseId, Clock, ContactId, ContactUserId, Language, OrgId,
    StaffUserId, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{
    MessagingPorts, MessagingService, OutboundMessage, Outbox, RecipientLimits, TemplateKind,
};
use frontdesk_testkit::{
    BlankTemplateEngine, FakeCaptcha, FakeClock, InMemoryCasesStore, InMemoryContactUserStore,
    InMemoryStore, InMemoryUnitOfWork, SequenceTokenSource, cases_ports,
};
use time::Duration;

struct World {
    clock: Arc<FakeClock>,
    store: InMemoryStore,
    users: InMemoryContactUserStore,
    service: CasesService,
    contacts: ContactsService,
}

fn world() -> World {
    let clock = Arc::new(FakeClock::new());
    let store = InMemoryStore::new();
    let cases = InMemoryCasesStore::new();
    let users = InMemoryContactUserStore::new();
    let mut ports = cases_ports(
        &store,
        &cases,
        Arc::new(FakeCaptcha::new()),
        clock.clone(),
        Arc::new(SequenceTokenSource::default()),
        Arc::new(UuidV7Generator),
    );
    ports.grants = Arc::new(users.clone());
    ports.contact_users = Arc::new(users.clone());
    let shared = Arc::new(store.clone());
    let mail = MessagingService::new(
        MessagingPorts {
            transactions: shared.clone(),
            outbox: shared.clone(),
            templates: shared.clone(),
            engine: Arc::new(BlankTemplateEngine),
            organisations: shared.clone(),
            clock: clock.clone(),
            ids: Arc::new(UuidV7Generator),
        },
        RecipientLimits::default(),
    );
    let contacts = ContactsService::new(ContactsPorts {
        transactions: shared.clone(),
        organisations: shared,
        contacts: Arc::new(cases.clone()),
        clients: Arc::new(cases),
        mail: Arc::new(mail),
        clock: clock.clone(),
        ids: Arc::new(UuidV7Generator),
    });
    World {
        clock,
        store,
        users,
        service: CasesService::new(ports, IntakePolicy::default()),
        contacts,
    }
}

fn admin(org: OrgId) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of([Profile::Admin]),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

impl World {
    /// Organisation `acme` with a `contact` form and one case submitted by
    /// `ada@example.org`; answers an admin and the case.
    async fn case(&self) -> (StaffActor, CaseId) {
        let org = Organisation {
            id: OrgId::from_uuid(Uuid::now_v7()),
            slug: OrgSlug::parse("acme").expect("slug"),
            name: OrgName::parse("Acme").expect("name"),
            branding: Branding::default(),
            base_url: "https://desk.example".parse().expect("url"),
            default_language: Language::En,
            portal_mode: PortalMode::Private,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: self.clock.now(),
        };
        self.store
            .insert(&mut InMemoryUnitOfWork, &org)
            .await
            .expect("organisation");
        let admin = admin(org.id);
        self.service
            .create_form(
                &admin,
                NewForm {
                    slug: "contact".into(),
                    name: "Contact us".into(),
                    ..NewForm::default()
                },
            )
            .await
            .expect("form");
        let created = self
            .service
            .submit(Submission {
                org_slug: "acme".into(),
                form_slug: "contact".into(),
                fields: RawSubmission {
                    first_name: Some("Ada".into()),
                    last_name: Some("Lovelace".into()),
                    email: Some("ada@example.org".into()),
                    title: Some("Broken heating".into()),
                    captcha: Some("ok".into()),
                    ..RawSubmission::default()
                },
                client_ip: None,
                idempotency_key: None,
            })
            .await
            .expect("submit");
        assert_eq!(self.mails().await.len(), 1, "the confirmation");
        (admin, created.case_id)
    }

    /// A contact `email` with a login in `state`; answers the contact and the user.
    async fn user(
        &self,
        admin: &StaffActor,
        email: &str,
        state: ContactUserState,
    ) -> (ContactId, ContactUserId) {
        let contact = self
            .contacts
            .create_contact(
                admin,
                NewContact {
                    email: email.into(),
                    first_name: "Pat".into(),
                    last_name: "Portal".into(),
                    ..NewContact::default()
                },
            )
            .await
            .expect("contact");
        self.login(admin.org_id, contact.id, state).await
    }

    async fn login(
        &self,
        org: OrgId,
        contact: ContactId,
        state: ContactUserState,
    ) -> (ContactId, ContactUserId) {
        let id = ContactUserId::from_uuid(Uuid::now_v7());
        let now = self.clock.now();
        let user = ContactUser {
            id,
            org_id: org,
            contact_id: contact,
            client_ids: Vec::new(),
            username: Username::parse(&format!("u{}", id.as_uuid().simple())).expect("name"),
            state,
            must_change_password: false,
            password_hash: None,
            temporary_password_expires_at: None,
            created_at: now,
            updated_at: now,
        };
        ContactUserRepository::insert(&self.users, &mut InMemoryUnitOfWork, &user)
            .await
            .expect("user");
        (contact, id)
    }

    async fn grant(&self, org: OrgId, user: ContactUserId, case: CaseId) -> AccessGrantId {
        let grant = AccessGrant {
            id: AccessGrantId::from_uuid(Uuid::now_v7()),
            org_id: org,
            contact_user_id: user,
            case_id: case,
            role: CaseRole::Viewer,
            granted_by: StaffUserId::from_uuid(Uuid::now_v7()),
            granted_at: self.clock.now(),
            revoked_at: None,
            revoked_by: None,
        };
        AccessGrantRepository::insert(&self.users, &mut InMemoryUnitOfWork, &grant)
            .await
            .expect("grant");
        grant.id
    }

    /// Every mail queued since the last call, oldest first; then two minutes pass, so the
    /// per-recipient limit never hides a mail from the next step.
    async fn mails(&self) -> Vec<OutboundMessage> {
        let now = self.clock.now();
        let mut claimed = self
            .store
            .claim("test", now, now + Duration::hours(1), 1_000)
            .await
            .expect("claim");
        claimed.sort_by_key(|c| c.message.created_at);
        for c in &claimed {
            assert!(
                self.store
                    .mark_sent(c.message.id, "test", now)
                    .await
                    .expect("sent")
            );
        }
        self.clock.advance(Duration::minutes(2));
        claimed.into_iter().map(|c| c.message).collect()
    }
}

fn to(mails: &[OutboundMessage], address: &str) -> Vec<OutboundMessage> {
    mails
        .iter()
        .filter(|m| m.to.as_str() == address)
        .cloned()
        .collect()
}

fn url<'a>(mail: &'a OutboundMessage, key: &str) -> &'a str {
    mail.data[key].as_str().expect("a url in the mail")
}

#[tokio::test]
async fn an_active_grantee_is_alerted_with_the_portal_link_until_unsubscribing() {
    let w = world();
    let (admin, case) = w.case().await;
    let org = admin.org_id;
    let (gina, gina_user) = w
        .user(&admin, "gina@example.org", ContactUserState::Active)
        .await;
    w.grant(org, gina_user, case).await;
    let (_, rick_user) = w
        .user(&admin, "rick@example.org", ContactUserState::Active)
        .await;
    let rick_grant = w.grant(org, rick_user, case).await;
    AccessGrantRepository::revoke(
        &w.users,
        &mut InMemoryUnitOfWork,
        org,
        rick_grant,
        admin.user_id,
        w.clock.now(),
    )
    .await
    .expect("revoke");
    for (email, state) in [
        ("dora@example.org", ContactUserState::Disabled),
        ("pia@example.org", ContactUserState::Pending),
        ("rita@example.org", ContactUserState::Removed),
    ] {
        let (_, user) = w.user(&admin, email, state).await;
        w.grant(org, user, case).await;
    }
    assert_eq!(w.mails().await.len(), 0, "creating contacts mails nobody");

    w.service
        .add_comment(&admin, case, "internal", Visibility::Internal)
        .await
        .expect("internal");
    assert!(w.mails().await.is_empty(), "an internal note alerts nobody");

    w.service
        .change_status(&admin, case, CaseStatus::Open, None)
        .await
        .expect("open");
    let mails = w.mails().await;
    assert_eq!(
        mails.len(),
        2,
        "the contact and the active grantee: {mails:?}"
    );
    let ada = to(&mails, "ada@example.org");
    assert_eq!(ada.len(), 1);
    assert!(url(&ada[0], "case_url").starts_with("https://desk.example/g/fdg_"));
    let alert = &to(&mails, "gina@example.org")[0];
    assert_eq!(alert.kind, TemplateKind::CaseNotification);
    assert_eq!(
        url(alert, "case_url"),
        "https://desk.example/o/acme/cases/1"
    );
    let unsubscribe = url(alert, "unsubscribe_url");
    assert!(unsubscribe.starts_with("https://desk.example/u/fdu_"));
    assert_eq!(alert.unsubscribe_url.as_deref(), Some(unsubscribe));

    // Her own comment from the portal alerts the contact, not her.
    let reach = Decision::Allow(Reach::Grant {
        grant: AccessGrantId::from_uuid(Uuid::now_v7()),
        role: CaseRole::Viewer,
    });
    w.service
        .contact_user_comment(org, case, gina, reach, "Thanks")
        .await
        .expect("comment");
    let mails = w.mails().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to.as_str(), "ada@example.org");

    let token = unsubscribe.rsplit('/').next().expect("token");
    w.service
        .unsubscribe(token, false)
        .await
        .expect("unsubscribe");
    w.service
        .add_comment(&admin, case, "Fixed", Visibility::Public)
        .await
        .expect("public");
    let mails = w.mails().await;
    assert_eq!(mails.len(), 1, "only the contact after she unsubscribed");
    assert_eq!(mails[0].to.as_str(), "ada@example.org");
}

#[tokio::test]
async fn a_contact_with_an_active_login_and_a_grant_gets_one_portal_alert() {
    let w = world();
    let (admin, case) = w.case().await;
    let detail = w.service.case_detail(&admin, case).await.expect("detail");
    let ada = detail.contacts[0].id;
    let (_, ada_user) = w.login(admin.org_id, ada, ContactUserState::Active).await;
    w.grant(admin.org_id, ada_user, case).await;
    w.service
        .change_status(&admin, case, CaseStatus::Open, None)
        .await
        .expect("open");
    let mails = w.mails().await;
    assert_eq!(mails.len(), 1, "one alert for one person: {mails:?}");
    assert_eq!(
        url(&mails[0], "case_url"),
        "https://desk.example/o/acme/cases/1",
        "she signs in: no guest capability"
    );
}
