//! A world for the contact users' own use cases (sign-in, sessions, password changes and
//! links) over the in-memory fakes: a fake clock, a hasher that costs nothing, a mail queue
//! that records (and can refuse like the recipient limit), and a unit-of-work runner that
//! logs begins and commits.

#![expect(
    clippy::unwrap_used,
    reason = "test support shared by several test files; a panic is how a test fails"
)]

use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, SessionPolicy, StaffActor, TokenLifetimePolicy,
};
use frontdesk_contacts::{
    Client, ClientName, ClientRepository, Contact, ContactRepository, ContactSignInAttempt,
    ContactUser, ContactUserRepository, ContactUserState, ContactUsersPorts, ContactUsersService,
    Username,
};
use frontdesk_kernel::{
    ApiTokenId, ClientId, Clock, ContactId, ContactUserId, EmailAddress, Language, MessageId,
    OrgId, PersonName, RepositoryError, StaffUserId, TransactionRunner, UnitOfWork, Uow, Uuid,
    UuidV7Generator,
};
use frontdesk_messaging::{EnqueueError, MailQueue, NewMail};
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemoryContactUserStore, InMemoryStore,
    InMemoryUnitOfWork, PathLinks, SequenceTokenSource,
};
use secrecy::SecretString;
use time::OffsetDateTime;

pub type Log = Arc<Mutex<Vec<String>>>;

fn note(log: &Log, what: &str) {
    log.lock().unwrap().push(what.to_owned());
}

/// Hands out fake units of work that log their commit.
pub struct LoggedRunner(pub Log);

pub struct LoggedUow(InMemoryUnitOfWork, Log);

#[async_trait::async_trait]
impl UnitOfWork for LoggedUow {
    fn as_any(&mut self) -> &mut (dyn std::any::Any + Send) {
        &mut self.0
    }
    async fn commit(self: Box<Self>) -> Result<(), RepositoryError> {
        note(&self.1, "commit");
        Ok(())
    }
}

#[async_trait::async_trait]
impl TransactionRunner for LoggedRunner {
    async fn begin(&self) -> Result<Box<dyn UnitOfWork>, RepositoryError> {
        note(&self.0, "begin");
        Ok(Box::new(LoggedUow(InMemoryUnitOfWork, self.0.clone())))
    }
}

/// Keeps every queued mail; while `refuse` is set it refuses as the recipient limit would.
#[derive(Default)]
pub struct RecordingMail {
    pub log: Log,
    pub sent: Mutex<Vec<NewMail>>,
    pub refuse: Mutex<bool>,
}

#[async_trait::async_trait]
impl MailQueue for RecordingMail {
    async fn enqueue(&self, _uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        if *self.refuse.lock().unwrap() {
            return Err(EnqueueError::RecipientLimited {
                retry_after_seconds: 60,
            });
        }
        note(&self.log, "enqueue");
        self.sent.lock().unwrap().push(mail);
        Ok(MessageId::from_uuid(Uuid::now_v7()))
    }
}

pub struct World {
    pub service: ContactUsersService,
    pub log: Log,
    pub mail: Arc<RecordingMail>,
    pub users: Arc<InMemoryContactUserStore>,
    pub cases: Arc<InMemoryCasesStore>,
    pub store: Arc<InMemoryStore>,
    pub clock: Arc<FakeClock>,
    pub hasher: Arc<FakeHasher>,
    pub org: Organisation,
    pub client: ClientId,
    pub actor: StaffActor,
}

pub const PASSWORD: &str = "correct horse battery";

pub fn organisation(slug: &str, now: OffsetDateTime) -> Organisation {
    Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse(slug).unwrap(),
        name: OrgName::parse("WorkBook Ltd").unwrap(),
        branding: Branding::default(),
        base_url: "https://desk.example/".parse().unwrap(),
        default_language: Language::En,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: now,
    }
}

pub async fn world() -> World {
    let log: Log = Arc::default();
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let mail = Arc::new(RecordingMail {
        log: log.clone(),
        ..RecordingMail::default()
    });
    let clock = Arc::new(FakeClock::new());
    let hasher = Arc::new(FakeHasher::new());
    let org = organisation("workbook", clock.now());
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    store.insert(uow.as_mut(), &org).await.unwrap();
    let other = organisation("elsewhere", clock.now());
    store.insert(uow.as_mut(), &other).await.unwrap();
    let client = Client {
        id: ClientId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        name: ClientName::parse("More Profits Inc.").unwrap(),
        created_at: clock.now(),
        updated_at: clock.now(),
    };
    ClientRepository::insert(cases.as_ref(), uow.as_mut(), &client)
        .await
        .unwrap();
    let service = ContactUsersService::new(ContactUsersPorts {
        transactions: Arc::new(LoggedRunner(log.clone())),
        organisations: store.clone(),
        contacts: cases.clone(),
        clients: cases.clone(),
        users: users.clone(),
        user_links: users.clone(),
        sessions: users.clone(),
        attempts: store.clone(),
        audit: store.clone(),
        mail: mail.clone(),
        links: Arc::new(PathLinks),
        hasher: hasher.clone(),
        clock: clock.clone(),
        tokens: Arc::new(SequenceTokenSource::default()),
        ids: Arc::new(UuidV7Generator),
    })
    .with_session_policy(SessionPolicy::default());
    World {
        service,
        log,
        mail,
        users,
        cases,
        store,
        clock,
        hasher,
        actor: StaffActor {
            org_id: org.id,
            user_id: StaffUserId::from_uuid(Uuid::now_v7()),
            profiles: ProfileSet::of([Profile::Agent]),
            method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
        },
        org,
        client: client.id,
    }
}

impl World {
    /// A contact of the organisation with a login `username`, in `state`, whose password
    /// is [`PASSWORD`] (none when `Invited`).
    pub async fn user(&self, username: &str, email: &str, state: ContactUserState) -> ContactUser {
        let now = self.clock.now();
        let contact = Contact {
            id: ContactId::from_uuid(Uuid::now_v7()),
            org_id: self.org.id,
            email: EmailAddress::parse(email).unwrap(),
            first_name: PersonName::parse("John").unwrap(),
            last_name: PersonName::parse("Smith").unwrap(),
            phone: None,
            address: None,
            client_id: Some(self.client),
            unsubscribed_all: false,
            created_at: now,
        };
        let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
        ContactRepository::insert(self.cases.as_ref(), uow.as_mut(), &contact)
            .await
            .unwrap();
        let user = ContactUser {
            id: ContactUserId::from_uuid(Uuid::now_v7()),
            org_id: self.org.id,
            contact_id: contact.id,
            client_ids: vec![self.client],
            username: Username::parse(username).unwrap(),
            state,
            must_change_password: false,
            password_hash: (state != ContactUserState::Invited)
                .then(|| FakeHasher::hash_of(PASSWORD)),
            temporary_password_expires_at: None,
            created_at: now,
            updated_at: now,
        };
        ContactUserRepository::insert(self.users.as_ref(), uow.as_mut(), &user)
            .await
            .unwrap();
        user
    }

    /// The account as stored now.
    pub async fn stored(&self, user: &ContactUser) -> ContactUser {
        self.users
            .find(self.org.id, user.id)
            .await
            .unwrap()
            .unwrap()
    }

    /// Rewrites the stored account.
    pub async fn store_user(&self, user: &ContactUser) {
        let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
        assert!(self.users.update(uow.as_mut(), user).await.unwrap());
    }

    /// Forgets the log of begins, commits and mail.
    pub fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }

    pub fn logged(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    pub fn mails(&self) -> Vec<NewMail> {
        self.mail.sent.lock().unwrap().clone()
    }

    pub fn audit_actions(&self) -> Vec<String> {
        self.store
            .audit_events()
            .into_iter()
            .map(|event| event.action.as_str().to_owned())
            .collect()
    }
}

pub fn attempt(login: &str, password: &str) -> ContactSignInAttempt {
    attempt_from("workbook", login, password, None)
}

pub fn attempt_from(
    organisation: &str,
    login: &str,
    password: &str,
    ip: Option<IpAddr>,
) -> ContactSignInAttempt {
    ContactSignInAttempt {
        organisation: organisation.into(),
        login: login.into(),
        password: SecretString::from(password.to_owned()),
        client_ip: ip,
    }
}

pub fn secret(text: &str) -> SecretString {
    SecretString::from(text.to_owned())
}
