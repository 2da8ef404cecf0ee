//! Staff's "Resend activation" over the in-memory fakes, with the sign-up it resends: a
//! person signs up through a one-use registration link with an auto-case form; the resend
//! mails the activation link again (the `activation` template, the activation lifetime), the
//! first link stops working, and activating with the resent one counts the registration
//! link's use and creates the auto-case. An invited person gets the invitation again and an
//! active one a set-password link; a disabled one nothing.

#![expect(clippy::unwrap_used, reason = "a test: a panic is how it fails")]

use std::sync::{Arc, Mutex};

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::{Form, FormRepository, FormSlug};
use frontdesk_contacts::{
    ContactUserChanges, ContactUserLinkPurpose, ContactUserRepository, ContactUserState,
    ContactUsersPorts, ContactUsersService, NewContactUser, ResendActivationError,
};
use frontdesk_kernel::{
    ApiTokenId, Clock, ContactUserId, FormId, Language, MessageId, OrgId, RegistrationLinkId,
    StaffUserId, Token, TokenKind, UnitOfWork, Uow, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{EnqueueError, MailQueue, NewMail, TemplateKind};
use frontdesk_registration::{
    ActivationError, RegistrationLinkRepository, RegistrationRole, SignUpForm, SignUpPorts,
    SignUpService, SignUpVia,
};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, FakeHasher, InMemoryCasesStore, InMemoryContactUserStore,
    InMemoryPendingSignUps, InMemoryRegistrationStore, InMemoryStore, InMemoryUnitOfWork,
    PathLinks, SequenceTokenSource,
};
use secrecy::SecretString;
use time::Duration;

#[derive(Default)]
struct Mail(Mutex<Vec<NewMail>>);

#[async_trait::async_trait]
impl MailQueue for Mail {
    async fn enqueue(&self, _uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        self.0.lock().unwrap().push(mail);
        Ok(MessageId::from_uuid(Uuid::now_v7()))
    }
}

impl Mail {
    fn last(&self) -> NewMail {
        self.0.lock().unwrap().last().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// The token at the end of the link a mail carries under `key`.
fn token_in(mail: &NewMail, key: &str) -> String {
    let url = mail.data[key].as_str().unwrap();
    url.rsplit('/').next().unwrap().to_owned()
}

struct World {
    sign_up: SignUpService,
    contact_users: ContactUsersService,
    registration: InMemoryRegistrationStore,
    cases: Arc<InMemoryCasesStore>,
    users: Arc<InMemoryContactUserStore>,
    mail: Arc<Mail>,
    clock: Arc<FakeClock>,
    actor: StaffActor,
    org: OrgId,
    link: RegistrationLinkId,
    link_token: String,
}

#[expect(
    clippy::too_many_lines,
    reason = "two services over the same fakes read best in one place"
)]
async fn world() -> World {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let registration = InMemoryRegistrationStore::new();
    let pending = Arc::new(InMemoryPendingSignUps::new(&users));
    let clock = Arc::new(FakeClock::new());
    let mail = Arc::new(Mail::default());
    let tokens = Arc::new(SequenceTokenSource::default());
    let org = Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse("workbook").unwrap(),
        name: OrgName::parse("WorkBook Ltd").unwrap(),
        branding: Branding::default(),
        base_url: "https://desk.example/".parse().unwrap(),
        default_language: Language::En,
        portal_mode: PortalMode::Private,
        registration_enabled: true,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: clock.now(),
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    store.insert(uow.as_mut(), &org).await.unwrap();
    let form = Form {
        id: FormId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        slug: FormSlug::parse("contact").unwrap(),
        name: "Contact".into(),
        default_language: Language::En,
        fields: Form::standard_fields(),
        guest_edit_statuses: Vec::new(),
        notify_contacts: false,
        share_links_enabled: false,
        created_at: clock.now(),
    };
    FormRepository::insert(cases.as_ref(), &form).await.unwrap();
    let link_token = Token::generate(TokenKind::Registration, tokens.as_ref());
    let mut link = frontdesk_testkit::contract::registration_link(org.id, Some(1));
    link.role = RegistrationRole::Client;
    link.allowed_domains = None;
    link.auto_case_form = Some(form.id);
    link.digest = link_token.digest();
    link.created_at = clock.now();
    link.expires_at = clock.now() + Duration::days(14);
    registration.insert(uow.as_mut(), &link).await.unwrap();
    let sign_up = SignUpService::new(SignUpPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        links: Arc::new(registration.clone()),
        pending,
        contacts: cases.clone(),
        users: users.clone(),
        user_links: users.clone(),
        sessions: users.clone(),
        staff: store.clone(),
        staff_links: store.clone(),
        staff_sessions: store.clone(),
        cases: cases.clone(),
        forms: cases.clone(),
        grants: users.clone(),
        audit: store.clone(),
        mail: mail.clone(),
        public_links: Arc::new(PathLinks),
        captcha: Arc::new(FakeCaptcha::new()),
        hasher: Arc::new(FakeHasher::new()),
        clock: clock.clone(),
        tokens: tokens.clone(),
        ids: Arc::new(UuidV7Generator),
    });
    let contact_users = ContactUsersService::new(ContactUsersPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        contacts: cases.clone(),
        clients: cases.clone(),
        users: users.clone(),
        user_links: users.clone(),
        sessions: users.clone(),
        attempts: store.clone(),
        audit: store,
        mail: mail.clone(),
        links: Arc::new(PathLinks),
        hasher: Arc::new(FakeHasher::new()),
        clock: clock.clone(),
        tokens,
        ids: Arc::new(UuidV7Generator),
    });
    World {
        sign_up,
        contact_users,
        registration,
        cases,
        users,
        mail,
        clock,
        actor: StaffActor {
            org_id: org.id,
            user_id: StaffUserId::from_uuid(Uuid::now_v7()),
            profiles: ProfileSet::of([Profile::Agent]),
            method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
        },
        org: org.id,
        link: link.id,
        link_token: link_token.expose().to_owned(),
    }
}

/// Signs Jane up through the registration link; her account and the activation token.
async fn signed_up(w: &World) -> (ContactUserId, String) {
    w.sign_up
        .sign_up(
            SignUpVia::Link(&w.link_token),
            SignUpForm {
                first_name: "Jane".into(),
                last_name: "Doe".into(),
                email: "jane@example.com".into(),
                password: SecretString::from("correct horse battery"),
                captcha: Some(format!("ok:{}", Uuid::now_v7())),
                client_ip: None,
            },
        )
        .await
        .unwrap();
    let mail = w.mail.last();
    assert_eq!(mail.kind, TemplateKind::Activation);
    let user = w
        .users
        .links()
        .into_iter()
        .find(|link| link.purpose == ContactUserLinkPurpose::Activation)
        .unwrap()
        .contact_user_id;
    (user, token_in(&mail, "action_url"))
}

#[tokio::test]
async fn a_resent_activation_link_still_counts_the_sign_up_and_makes_its_case() {
    let w = world().await;
    let (user, first) = signed_up(&w).await;
    w.clock.advance(Duration::minutes(5));

    let sent = w
        .contact_users
        .resend_activation(&w.actor, user)
        .await
        .unwrap();
    assert_eq!(sent.expires_at, w.clock.now() + Duration::hours(24));
    let mail = w.mail.last();
    assert_eq!(
        mail.kind,
        TemplateKind::Activation,
        "never a set-password mail"
    );
    assert_eq!(mail.to.as_str(), "jane@example.com");
    let resent = token_in(&mail, "action_url");
    assert!(resent.starts_with("fda_") && resent != first);
    let links = w.users.links();
    assert_eq!(links.len(), 2);
    assert!(
        links
            .iter()
            .all(|link| link.purpose == ContactUserLinkPurpose::Activation)
    );
    assert_eq!(
        links.iter().filter(|link| link.used_at.is_none()).count(),
        1,
        "the first link is superseded"
    );

    // The first link has gone; the account still waits.
    assert!(matches!(
        w.sign_up.open_activation(&first).await,
        Err(ActivationError::Expired { .. })
    ));
    assert!(w.sign_up.activate(&first).await.is_err());

    let activated = w.sign_up.activate(&resent).await.unwrap();
    assert_eq!(activated.signed_in.user.state, ContactUserState::Active);
    assert!(activated.case.is_some(), "the auto-case is made");
    assert_eq!(w.cases.case_count(w.org), 1);
    let stored = w.registration.find(w.org, w.link).await.unwrap().unwrap();
    assert_eq!(stored.uses, 1, "the registration link's use is counted");
    assert_eq!(
        w.registration.list_uses(w.org, w.link).await.unwrap().len(),
        1
    );
}

#[tokio::test]
async fn invited_people_get_the_invitation_again_and_active_ones_a_password_link() {
    let w = world().await;
    let client = frontdesk_contacts::Client {
        id: frontdesk_kernel::ClientId::from_uuid(Uuid::now_v7()),
        org_id: w.org,
        name: frontdesk_contacts::ClientName::parse("Acme").unwrap(),
        created_at: w.clock.now(),
        updated_at: w.clock.now(),
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    frontdesk_contacts::ClientRepository::insert(w.cases.as_ref(), uow.as_mut(), &client)
        .await
        .unwrap();
    let view = w
        .contact_users
        .create_contact_user(
            &w.actor,
            client.id,
            NewContactUser {
                first_name: "John".into(),
                last_name: "Smith".into(),
                email: "john@acme.example".into(),
                phone: None,
                username: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(view.user.state, ContactUserState::Invited);

    let sent = w
        .contact_users
        .resend_activation(&w.actor, view.user.id)
        .await
        .unwrap();
    assert_eq!(sent.expires_at, w.clock.now() + Duration::days(7));
    let mail = w.mail.last();
    assert_eq!(mail.kind, TemplateKind::Invitation);
    let token = token_in(&mail, "invitation_url");
    let opened = w.contact_users.open_invitation(&token).await.unwrap();
    assert_eq!(opened.email.as_str(), "john@acme.example");
    assert_eq!(opened.first_name.as_str(), "John", "the names staff typed");

    // Active: a set-password link in the password_reset template.
    let mut user = w.users.find(w.org, view.user.id).await.unwrap().unwrap();
    user.state = ContactUserState::Active;
    user.password_hash = Some(frontdesk_kernel::PasswordHash::from_phc("fake$hash".into()));
    w.users.update(uow.as_mut(), &user).await.unwrap();
    w.clock.advance(Duration::minutes(2));
    w.contact_users
        .resend_activation(&w.actor, view.user.id)
        .await
        .unwrap();
    assert_eq!(w.mail.last().kind, TemplateKind::PasswordReset);

    // Disabled: nothing is sent.
    let before = w.mail.count();
    w.contact_users
        .update_contact_user(
            &w.actor,
            view.user.id,
            ContactUserChanges {
                username: None,
                disabled: Some(true),
            },
        )
        .await
        .unwrap();
    assert!(matches!(
        w.contact_users
            .resend_activation(&w.actor, view.user.id)
            .await,
        Err(ResendActivationError::Disabled)
    ));
    assert!(matches!(
        w.contact_users
            .resend_activation(&w.actor, ContactUserId::from_uuid(Uuid::now_v7()))
            .await,
        Err(ResendActivationError::NotFound)
    ));
    assert_eq!(w.mail.count(), before);
}
