//! Sign-up through a staff registration link, over the in-memory fakes: a new address gets
//! a disabled staff user with the agent profile only and an activation link by mail (no
//! contact, no use counted yet); activating enables the user, counts the link's use, makes
//! the auto-case assigned to them and starts a console session — once; an address that
//! already has a staff user gets the "account exists" mail and nothing else; a disallowed
//! domain makes nothing; a link used up meanwhile activates nothing; an administrator's
//! change to the waiting account closes its link.

#![expect(clippy::unwrap_used, reason = "a test: a panic is how it fails")]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use frontdesk_access::{
    Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode, Profile,
    ProfileSet, SessionRepository, StaffUser, StaffUserRepository, TokenLifetimePolicy,
};
use frontdesk_cases::{CaseRepository, Form, FormRepository, FormSlug};
use frontdesk_kernel::{
    ActionTokenId, Clock, ContactUserId, EmailAddress, FormId, Language, MessageId, OrgId,
    PersonName, RegistrationLinkId, RepositoryError, StaffUserId, Token, TokenKind, UnitOfWork,
    Uow, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{EnqueueError, MailQueue, NewMail, TemplateKind};
use frontdesk_registration::{
    ActivateStaffError, ClosedReason, PendingSignUp, PendingSignUpRepository, RegisteredUser,
    RegistrationLinkRepository, SignUpError, SignUpForm, SignUpPorts, SignUpService, SignUpVia,
    StaffActivationError,
};
use frontdesk_testkit::{
    FakeCaptcha, FakeClock, FakeHasher, InMemoryCasesStore, InMemoryContactUserStore,
    InMemoryRegistrationStore, InMemoryStore, InMemoryUnitOfWork, PathLinks, SequenceTokenSource,
};
use secrecy::SecretString;
use time::Duration;

#[derive(Default)]
struct Pending(Mutex<HashMap<Uuid, RegistrationLinkId>>);

#[async_trait::async_trait]
impl PendingSignUpRepository for Pending {
    async fn insert(&self, _uow: &mut Uow, pending: &PendingSignUp) -> Result<(), RepositoryError> {
        self.0
            .lock()
            .unwrap()
            .insert(pending.activation_id.as_uuid(), pending.link_id);
        Ok(())
    }

    async fn link_of(
        &self,
        _org: OrgId,
        activation: ActionTokenId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        Ok(self.0.lock().unwrap().get(&activation.as_uuid()).copied())
    }

    async fn link_of_user(
        &self,
        _org: OrgId,
        _user: ContactUserId,
    ) -> Result<Option<RegistrationLinkId>, RepositoryError> {
        // Staff sign-ups are found by their activation link only; no contact user here.
        Ok(None)
    }
}

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
    fn all(&self) -> Vec<NewMail> {
        self.0.lock().unwrap().clone()
    }
}

struct World {
    service: SignUpService,
    store: Arc<InMemoryStore>,
    cases: Arc<InMemoryCasesStore>,
    registration: InMemoryRegistrationStore,
    mail: Arc<Mail>,
    clock: Arc<FakeClock>,
    org: OrgId,
    form: FormId,
    link: RegistrationLinkId,
    link_token: String,
}

/// An organisation with registration on and a staff link (domains `acme.test` and
/// `example.org`, `max_uses` uses, an auto-case form).
async fn world(max_uses: u32) -> World {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let registration = InMemoryRegistrationStore::new();
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
        portal_mode: PortalMode::Off,
        registration_enabled: true,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: clock.now(),
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    OrganisationRepository::insert(store.as_ref(), uow.as_mut(), &org)
        .await
        .unwrap();
    let form = Form {
        id: FormId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        slug: FormSlug::parse("onboarding").unwrap(),
        name: "Onboarding".into(),
        default_language: Language::En,
        fields: Form::standard_fields(),
        guest_edit_statuses: Vec::new(),
        notify_contacts: false,
        share_links_enabled: false,
        created_at: clock.now(),
    };
    FormRepository::insert(cases.as_ref(), &form).await.unwrap();
    let link_token = Token::generate(TokenKind::Registration, tokens.as_ref());
    let mut link = frontdesk_testkit::contract::registration_link(org.id, Some(max_uses));
    link.auto_case_form = Some(form.id);
    link.digest = link_token.digest();
    link.created_at = clock.now();
    link.expires_at = clock.now() + Duration::days(14);
    registration.insert(uow.as_mut(), &link).await.unwrap();
    let service = SignUpService::new(SignUpPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        links: Arc::new(registration.clone()),
        pending: Arc::new(Pending::default()),
        contacts: cases.clone(),
        users: users.clone(),
        user_links: users.clone(),
        sessions: users.clone(),
        staff: store.clone(),
        staff_links: store.clone(),
        staff_sessions: store.clone(),
        cases: cases.clone(),
        forms: cases.clone(),
        grants: users,
        audit: store.clone(),
        mail: mail.clone(),
        public_links: Arc::new(PathLinks),
        captcha: Arc::new(FakeCaptcha::new()),
        hasher: Arc::new(FakeHasher::new()),
        clock: clock.clone(),
        tokens,
        ids: Arc::new(UuidV7Generator),
    });
    World {
        service,
        store,
        cases,
        registration,
        mail,
        clock,
        org: org.id,
        form: form.id,
        link: link.id,
        link_token: link_token.expose().to_owned(),
    }
}

async fn sign_up(w: &World, email: &str) -> Result<(), SignUpError> {
    w.service
        .sign_up(
            SignUpVia::Link(&w.link_token),
            SignUpForm {
                first_name: "Sam".into(),
                last_name: "Agent".into(),
                email: email.into(),
                password: SecretString::from("correct horse battery"),
                captcha: Some(format!("ok:{}", Uuid::now_v7())),
                client_ip: None,
            },
        )
        .await
}

async fn staff_user(w: &World, email: &str) -> Option<StaffUser> {
    w.store
        .find_by_email(w.org, &EmailAddress::parse(email).unwrap())
        .await
        .unwrap()
}

/// The token at the end of the last mail's `action_url`.
fn activation_token(w: &World) -> String {
    let sent = w.mail.all();
    let url = sent.last().unwrap().data["action_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(url.contains("/a/fda_"), "{url}");
    url.rsplit('/').next().unwrap().to_owned()
}

fn actions(w: &World) -> Vec<String> {
    w.store
        .audit_events()
        .iter()
        .map(|event| event.action.as_str().to_owned())
        .collect()
}

#[tokio::test]
async fn a_staff_link_makes_a_disabled_agent_waiting_for_its_link() {
    let w = world(5).await;
    sign_up(&w, "sam@acme.test").await.unwrap();

    let user = staff_user(&w, "sam@acme.test").await.expect("a staff user");
    assert_eq!(
        user.profiles,
        ProfileSet::of([Profile::Agent]),
        "agent only"
    );
    assert!(!user.profiles.contains(Profile::Admin));
    assert!(user.disabled, "no sign-in before the address is confirmed");
    assert!(user.password_hash.is_some(), "the chosen password is kept");
    assert_eq!(user.name.as_str(), "Sam Agent");
    assert_eq!(user.language, Some(Language::Fr), "the link's language");
    assert_eq!(w.cases.contact_count(w.org), 0, "no contact is made");

    let sent = w.mail.all();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].kind, TemplateKind::Activation);
    assert_eq!(sent[0].to.as_str(), "sam@acme.test");
    assert_eq!(sent[0].language, Language::Fr);
    let token = activation_token(&w);

    let link = w.registration.find(w.org, w.link).await.unwrap().unwrap();
    assert_eq!(link.uses, 0, "the use counts on activation");
    assert!(actions(&w).iter().any(|a| a == "staff_user.signed_up"));

    let view = w.service.open_staff_activation(&token).await.unwrap();
    assert_eq!(view.email.as_str(), "sam@acme.test");
    assert_eq!(view.language, Language::Fr);
    // Opening uses nothing; a contact user's activation does not take it.
    assert!(w.service.open_staff_activation(&token).await.is_ok());
    assert!(w.service.open_activation(&token).await.is_err());
}

#[tokio::test]
async fn activation_enables_counts_the_use_and_signs_in_once() {
    let w = world(5).await;
    sign_up(&w, "sam@acme.test").await.unwrap();
    let token = activation_token(&w);

    let activated = w.service.activate_staff(&token).await.unwrap();
    assert!(!activated.user.disabled);
    let user = staff_user(&w, "sam@acme.test").await.unwrap();
    assert!(!user.disabled, "stored enabled");
    assert_eq!(user.profiles, ProfileSet::of([Profile::Agent]));

    let link = w.registration.find(w.org, w.link).await.unwrap().unwrap();
    assert_eq!(link.uses, 1, "one use counted");
    let recorded = w.registration.list_uses(w.org, w.link).await.unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].who, RegisteredUser::Staff(user.id));

    let session = w
        .store
        .find_by_digest(&activated.signed_in.secret.digest())
        .await
        .unwrap()
        .expect("a console session is stored");
    assert_eq!(session.user_id, user.id);
    assert_eq!(session.org_id, w.org);

    let case = activated.case.expect("the auto-case");
    let case = CaseRepository::find(w.cases.as_ref(), w.org, case)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.form_id, w.form);
    assert_eq!(
        case.assignee,
        Some(user.id),
        "assigned to the new staff user"
    );
    assert!(!case.public);

    let events = actions(&w);
    assert!(
        events.iter().any(|a| a == "staff_user.activated"),
        "{events:?}"
    );
    assert!(
        events.iter().any(|a| a == "session.signed_in"),
        "{events:?}"
    );

    // Never twice: the second activation is refused and counts nothing more.
    let again = w.service.activate_staff(&token).await;
    assert!(
        matches!(
            again,
            Err(ActivateStaffError::Link(StaffActivationError::Used { ref email, .. }))
                if email.as_str() == "sam@acme.test"
        ),
        "{again:?}"
    );
    assert!(matches!(
        w.service.open_staff_activation(&token).await,
        Err(StaffActivationError::Used { .. })
    ));
    let link = w.registration.find(w.org, w.link).await.unwrap().unwrap();
    assert_eq!(link.uses, 1);
}

#[tokio::test]
async fn an_existing_staff_address_gets_a_mail_only() {
    let w = world(5).await;
    let now = w.clock.now();
    let existing = StaffUser {
        id: StaffUserId::from_uuid(Uuid::now_v7()),
        org_id: w.org,
        email: EmailAddress::parse("sam@acme.test").unwrap(),
        name: PersonName::parse("Sam Existing").unwrap(),
        profiles: ProfileSet::of([Profile::Admin]),
        disabled: false,
        password_hash: None,
        language: None,
        created_at: now,
        updated_at: now,
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    StaffUserRepository::insert(w.store.as_ref(), uow.as_mut(), &existing)
        .await
        .unwrap();

    sign_up(&w, "Sam@ACME.test").await.unwrap();

    let user = staff_user(&w, "sam@acme.test").await.unwrap();
    assert_eq!(user, existing, "the account is left as it was");
    let sent = w.mail.all();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].kind, TemplateKind::AccountExists);
    let login_url = sent[0].data["login_url"].as_str().unwrap();
    assert_eq!(
        login_url,
        "https://desk.example/staff/login?org=workbook&email=sam%40acme.test"
    );
    assert!(
        sent[0].data.get("action_url").is_none(),
        "no activation link"
    );
    let link = w.registration.find(w.org, w.link).await.unwrap().unwrap();
    assert_eq!(link.uses, 0);
}

#[tokio::test]
async fn a_disallowed_domain_makes_nothing() {
    let w = world(5).await;
    let refused = sign_up(&w, "sam@evil-acme.test").await;
    assert!(
        matches!(refused, Err(SignUpError::DomainNotAllowed)),
        "{refused:?}"
    );
    assert!(staff_user(&w, "sam@evil-acme.test").await.is_none());
    assert!(w.mail.all().is_empty());
}

#[tokio::test]
async fn a_link_used_up_meanwhile_activates_nothing() {
    let w = world(1).await;
    sign_up(&w, "first@acme.test").await.unwrap();
    let first = activation_token(&w);
    sign_up(&w, "second@example.org").await.unwrap();
    let second = activation_token(&w);

    w.service.activate_staff(&first).await.unwrap();
    let closed = w.service.activate_staff(&second).await;
    assert!(
        matches!(
            closed,
            Err(ActivateStaffError::RegistrationClosed {
                reason: ClosedReason::UsedUp,
                ..
            })
        ),
        "{closed:?}"
    );
    let user = staff_user(&w, "second@example.org").await.unwrap();
    assert!(user.disabled, "nothing activated");
    let link = w.registration.find(w.org, w.link).await.unwrap().unwrap();
    assert_eq!(link.uses, 1, "never past the maximum");
}

#[tokio::test]
async fn an_administrators_change_closes_the_waiting_link() {
    let w = world(5).await;
    sign_up(&w, "sam@acme.test").await.unwrap();
    let token = activation_token(&w);
    w.clock.advance(Duration::minutes(10));
    let mut user = staff_user(&w, "sam@acme.test").await.unwrap();
    // An administrator enables the account, then disables it again.
    user.updated_at = w.clock.now();
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    StaffUserRepository::update(w.store.as_ref(), uow.as_mut(), &user)
        .await
        .unwrap();

    let refused = w.service.activate_staff(&token).await;
    assert!(
        matches!(
            refused,
            Err(ActivateStaffError::Link(StaffActivationError::Used { .. }))
        ),
        "{refused:?}"
    );
    assert!(staff_user(&w, "sam@acme.test").await.unwrap().disabled);
}

#[tokio::test]
async fn the_link_expires_after_the_activation_lifetime() {
    let w = world(5).await;
    sign_up(&w, "sam@acme.test").await.unwrap();
    let token = activation_token(&w);
    w.clock.advance(Duration::hours(24));
    assert!(matches!(
        w.service.open_staff_activation(&token).await,
        Err(StaffActivationError::Expired { .. })
    ));
    assert!(w.service.activate_staff(&token).await.is_err());
    assert!(staff_user(&w, "sam@acme.test").await.unwrap().disabled);
}
