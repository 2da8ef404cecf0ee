//! Use-case tests of `ContactUsersService` over the in-memory fakes, a recording mail queue
//! and a unit-of-work runner that logs begins and commits: the temporary password never
//! leaves by any way but the queued mail, the mail is queued in the same unit of work as
//! the change, only a link's digest is stored, and a temporary password stops working at
//! exactly 72 hours (a fake-clock property test).

#![expect(clippy::unwrap_used, reason = "test code: a panic is how a test fails")]

use std::sync::{Arc, Mutex};

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_contacts::{
    Client, ClientName, ClientRepository, ContactUserChanges, ContactUserLinkRepository,
    ContactUserRepository, ContactUserState, ContactUsersPorts, ContactUsersService,
    CreateContactUserError, NewContactUser, PasswordMode, SendPasswordError,
    UpdateContactUserError,
};
use frontdesk_kernel::{
    ApiTokenId, ClientId, Clock, Language, MessageId, NewPassword, OrgId, PasswordHasher,
    PasswordVerification, RepositoryError, StaffUserId, Token, TokenKind, TransactionRunner,
    UnitOfWork, Uow, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{EnqueueError, MailQueue, NewMail, TemplateKind};
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemoryContactUserStore, InMemoryStore,
    InMemoryUnitOfWork, PathLinks, SequenceTokenSource,
};
use proptest::prelude::*;
use secrecy::SecretString;
use time::Duration;

type Log = Arc<Mutex<Vec<String>>>;

fn note(log: &Log, what: &str) {
    log.lock().unwrap().push(what.to_owned());
}

/// Hands out fake units of work that log their commit.
struct LoggedRunner(Log);

struct LoggedUow(InMemoryUnitOfWork, Log);

#[async_trait::async_trait]
impl UnitOfWork for LoggedUow {
    fn as_any(&mut self) -> &mut (dyn std::any::Any + Send) {
        // The fakes check for their own unit of work.
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

/// Keeps every queued mail; can be told to refuse as the recipient limit would.
struct RecordingMail(Log, Mutex<Vec<NewMail>>, Mutex<bool>);

#[async_trait::async_trait]
impl MailQueue for RecordingMail {
    async fn enqueue(&self, _uow: &mut Uow, mail: NewMail) -> Result<MessageId, EnqueueError> {
        if *self.2.lock().unwrap() {
            return Err(EnqueueError::RecipientLimited {
                retry_after_seconds: 60,
            });
        }
        note(&self.0, "enqueue");
        self.1.lock().unwrap().push(mail);
        Ok(MessageId::from_uuid(Uuid::now_v7()))
    }
}

struct World {
    service: ContactUsersService,
    log: Log,
    mail: Arc<RecordingMail>,
    users: Arc<InMemoryContactUserStore>,
    store: Arc<InMemoryStore>,
    clock: Arc<FakeClock>,
    hasher: Arc<FakeHasher>,
    actor: StaffActor,
    client: ClientId,
}

async fn world() -> World {
    let log: Log = Arc::default();
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let mail = Arc::new(RecordingMail(
        log.clone(),
        Mutex::default(),
        Mutex::default(),
    ));
    let clock = Arc::new(FakeClock::new());
    let hasher = Arc::new(FakeHasher::new());
    let org = Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse("workbook").unwrap(),
        name: OrgName::parse("WorkBook Ltd").unwrap(),
        branding: Branding::default(),
        base_url: "https://desk.example/".parse().unwrap(),
        default_language: Language::En,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: clock.now(),
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    store.insert(uow.as_mut(), &org).await.unwrap();
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
        clients: cases,
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
    });
    World {
        service,
        log,
        mail,
        users,
        store,
        clock,
        hasher,
        actor: StaffActor {
            org_id: org.id,
            user_id: StaffUserId::from_uuid(Uuid::now_v7()),
            profiles: ProfileSet::of([Profile::Agent]),
            method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
        },
        client: client.id,
    }
}

fn john(username: Option<&str>) -> NewContactUser {
    NewContactUser {
        first_name: "John".into(),
        last_name: "Smith".into(),
        email: "John.Smith@more-profits.example".into(),
        phone: None,
        username: username.map(Into::into),
    }
}

#[tokio::test]
async fn created_users_are_invited_with_a_unique_default_name_and_no_mail() {
    let w = world().await;
    let view = w
        .service
        .create_contact_user(&w.actor, w.client, john(None))
        .await
        .unwrap();
    assert_eq!(view.user.state, ContactUserState::Invited);
    assert_eq!(view.user.username.as_str(), "john.smith");
    assert_eq!(view.user.client_ids, [w.client]);
    assert_eq!(view.contact.client_id, Some(w.client));
    assert!(w.mail.1.lock().unwrap().is_empty());

    // The same person again: they already have a login.
    let again = w
        .service
        .create_contact_user(&w.actor, w.client, john(None))
        .await;
    assert!(matches!(again, Err(CreateContactUserError::AlreadyAUser)));

    // Another John Smith: the default name is numbered; an explicit taken name is refused,
    // ignoring case.
    let mut other = john(None);
    other.email = "john.smith@elsewhere.example".into();
    let second = w
        .service
        .create_contact_user(&w.actor, w.client, other.clone())
        .await
        .unwrap();
    assert_eq!(second.user.username.as_str(), "john.smith-2");
    other.email = "jsmith@third.example".into();
    other.username = Some("JOHN.SMITH".into());
    assert!(matches!(
        w.service
            .create_contact_user(&w.actor, w.client, other)
            .await,
        Err(CreateContactUserError::UsernameTaken)
    ));

    let unknown = w
        .service
        .create_contact_user(&w.actor, ClientId::from_uuid(Uuid::now_v7()), john(None))
        .await;
    assert!(matches!(
        unknown,
        Err(CreateContactUserError::ClientNotFound)
    ));
    let mut bad = john(Some("no spaces please"));
    bad.email = "not-an-address".into();
    match w.service.create_contact_user(&w.actor, w.client, bad).await {
        Err(CreateContactUserError::InvalidFields(fields)) => {
            let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
            assert_eq!(names, ["email", "username"]);
        }
        other => panic!("expected invalid fields, got {other:?}"),
    }
    let events = w.store.audit_events();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action.as_str() == "contact_user.created")
            .count(),
        2
    );
}

#[tokio::test]
async fn a_temporary_password_goes_by_mail_only_in_the_unit_of_work_of_the_change() {
    let w = world().await;
    let view = w
        .service
        .create_contact_user(&w.actor, w.client, john(None))
        .await
        .unwrap();
    w.log.lock().unwrap().clear();
    let sent = w
        .service
        .send_password(&w.actor, view.user.id, PasswordMode::Temporary)
        .await
        .unwrap();
    assert_eq!(*w.log.lock().unwrap(), ["begin", "enqueue", "commit"]);
    assert_eq!(sent.expires_at, w.clock.now() + Duration::hours(72));

    let mails = w.mail.1.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.kind, TemplateKind::TemporaryPassword);
    assert_eq!(mail.to, view.contact.email);
    assert_eq!(mail.data["login"], "john.smith");
    assert_eq!(mail.data["name"], "John Smith");
    assert_eq!(mail.data["company_name"], "WorkBook Ltd");
    let password = mail.data["temporary_password"].as_str().unwrap().to_owned();
    assert_eq!(password.len(), 24);

    // Nothing staff get back, and nothing stored or audited, holds the password.
    assert!(!format!("{sent:?}").contains(&password));
    let stored = w
        .users
        .find(w.actor.org_id, view.user.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!format!("{stored:?}").contains(&password));
    for event in w.store.audit_events() {
        assert!(!format!("{event:?}").contains(&password));
    }
    assert!(
        w.store
            .audit_events()
            .iter()
            .any(|e| e.action.as_str() == "contact_user.password_sent"
                && e.detail.contains("mode=temporary"))
    );
    // The stored hash is the password's; the account must change it.
    assert!(NewPassword::parse(SecretString::from(password.clone())).is_ok());
    let verified = w
        .hasher
        .verify(&SecretString::from(password), stored.password_hash.clone())
        .await
        .unwrap();
    assert_eq!(verified, PasswordVerification::Match);
    assert!(stored.must_change_password);
    assert_eq!(stored.state, ContactUserState::Active);

    // A limited recipient: nothing changes.
    *w.mail.2.lock().unwrap() = true;
    let refused = w
        .service
        .send_password(&w.actor, view.user.id, PasswordMode::Temporary)
        .await;
    assert!(matches!(
        refused,
        Err(SendPasswordError::RecipientLimited {
            retry_after_seconds: 60
        })
    ));
}

#[tokio::test]
async fn a_set_password_link_is_mailed_and_only_its_digest_is_stored() {
    let w = world().await;
    let view = w
        .service
        .create_contact_user(&w.actor, w.client, john(None))
        .await
        .unwrap();
    w.service
        .send_password(&w.actor, view.user.id, PasswordMode::Link)
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(2));
    let sent = w
        .service
        .send_password(&w.actor, view.user.id, PasswordMode::Link)
        .await
        .unwrap();
    assert_eq!(sent.expires_at, w.clock.now() + Duration::hours(24));
    let mails = w.mail.1.lock().unwrap().clone();
    let url = mails[1].data["action_url"].as_str().unwrap().to_owned();
    assert_eq!(mails[1].kind, TemplateKind::Activation);
    let token = url.split("/a/").nth(1).unwrap();
    assert!(token.starts_with("fda_"));
    let token = Token::parse(TokenKind::Action, token).unwrap();
    let link = w
        .users
        .find_by_digest(&token.digest())
        .await
        .unwrap()
        .expect("stored by digest");
    assert!(link.used_at.is_none());
    assert!(!format!("{:?}", w.users.links()).contains(token.expose()));
    // The first link was superseded by the second; the account still has no password.
    let links = w.users.links();
    assert_eq!(links.iter().filter(|l| l.used_at.is_none()).count(), 1);
    let stored = w
        .users
        .find(w.actor.org_id, view.user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.state, ContactUserState::Invited);
    assert!(stored.password_hash.is_none());
}

#[tokio::test]
async fn renames_conflict_by_field_and_disabled_users_get_no_password() {
    let w = world().await;
    let first = w
        .service
        .create_contact_user(&w.actor, w.client, john(None))
        .await
        .unwrap();
    let mut other = john(Some("jane"));
    other.email = "jane@more-profits.example".into();
    let second = w
        .service
        .create_contact_user(&w.actor, w.client, other)
        .await
        .unwrap();
    let clash = w
        .service
        .update_contact_user(
            &w.actor,
            second.user.id,
            ContactUserChanges {
                username: Some("John.Smith".into()),
                disabled: None,
            },
        )
        .await;
    assert!(matches!(clash, Err(UpdateContactUserError::UsernameTaken)));
    let disabled = w
        .service
        .update_contact_user(
            &w.actor,
            first.user.id,
            ContactUserChanges {
                username: Some("js".into()),
                disabled: Some(true),
            },
        )
        .await
        .unwrap();
    assert_eq!(disabled.user.state, ContactUserState::Disabled);
    assert_eq!(disabled.user.username.as_str(), "js");
    assert!(matches!(
        w.service
            .send_password(&w.actor, first.user.id, PasswordMode::Temporary)
            .await,
        Err(SendPasswordError::Disabled)
    ));
    let enabled = w
        .service
        .update_contact_user(
            &w.actor,
            first.user.id,
            ContactUserChanges {
                username: None,
                disabled: Some(false),
            },
        )
        .await
        .unwrap();
    assert_eq!(enabled.user.state, ContactUserState::Invited);
    let actions: Vec<_> = w
        .store
        .audit_events()
        .iter()
        .map(|e| e.action.as_str().to_owned())
        .collect();
    for expected in [
        "contact_user.changed",
        "contact_user.disabled",
        "contact_user.enabled",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} audited");
    }
    // Another organisation's staff find nothing.
    let stranger = StaffActor {
        org_id: OrgId::from_uuid(Uuid::now_v7()),
        ..w.actor.clone()
    };
    assert!(matches!(
        w.service
            .send_password(&stranger, first.user.id, PasswordMode::Link)
            .await,
        Err(SendPasswordError::NotFound)
    ));
}

#[tokio::test]
async fn the_password_changed_mail_names_the_login_and_time_only() {
    let w = world().await;
    let view = w
        .service
        .create_contact_user(&w.actor, w.client, john(None))
        .await
        .unwrap();
    let org = w.store.find(w.actor.org_id).await.unwrap().unwrap();
    let mail =
        frontdesk_contacts::password_changed_mail(&org, &view.user, &view.contact, w.clock.now());
    assert_eq!(mail.kind, TemplateKind::PasswordChanged);
    assert_eq!(mail.to, view.contact.email);
    assert_eq!(mail.data["login"], "john.smith");
    assert!(mail.data["changed_at"].as_str().unwrap().ends_with(" UTC"));
    assert!(mail.data.get("temporary_password").is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A temporary password works strictly before 72 hours and never at or after.
    #[test]
    fn temporary_passwords_stop_at_exactly_72_hours(offset in -120i64..=120, hours in prop::sample::select(vec![0i64, 1, 71, 72, 73, 200])) {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime.block_on(async {
            let w = world().await;
            let view = w.service.create_contact_user(&w.actor, w.client, john(None)).await.unwrap();
            let start = w.clock.now();
            w.service.send_password(&w.actor, view.user.id, PasswordMode::Temporary).await.unwrap();
            let later = Duration::hours(hours) + Duration::seconds(offset);
            w.clock.set(start + later);
            let stored = w.users.find(w.actor.org_id, view.user.id).await.unwrap().unwrap();
            let usable = stored.password_usable_at(w.clock.now());
            prop_assert_eq!(usable, later < Duration::hours(72));
            Ok(())
        })?;
    }
}
