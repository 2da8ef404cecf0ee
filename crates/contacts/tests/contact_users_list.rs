//! `ContactUsersService::list_for_client` over the in-memory fakes: a client's contact users
//! with their contacts, by username, removed ones left out; another client's users and
//! another organisation's client never show; staff who may not view cases are refused.

#![expect(clippy::unwrap_used, reason = "test code: a panic is how a test fails")]

use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_contacts::{
    Client, ClientName, ClientRepository, ContactUserChanges, ContactUserRepository,
    ContactUserState, ContactUsersPorts, ContactUsersService, ListContactUsersError,
    NewContactUser,
};
use frontdesk_kernel::{
    ApiTokenId, ClientId, Clock, Language, MessageId, OrgId, StaffUserId, UnitOfWork, Uow, Uuid,
    UuidV7Generator,
};
use frontdesk_messaging::{EnqueueError, MailQueue, NewMail};
use frontdesk_testkit::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemoryContactUserStore, InMemoryStore,
    InMemoryUnitOfWork, PathLinks, SequenceTokenSource,
};

/// Listing sends no mail; anything queued would be a bug.
struct NoMail;

#[async_trait::async_trait]
impl MailQueue for NoMail {
    async fn enqueue(&self, _uow: &mut Uow, _mail: NewMail) -> Result<MessageId, EnqueueError> {
        Ok(MessageId::from_uuid(Uuid::now_v7()))
    }
}

struct World {
    service: ContactUsersService,
    users: Arc<InMemoryContactUserStore>,
    actor: StaffActor,
    first: ClientId,
    second: ClientId,
    foreign: ClientId,
}

async fn organisation(store: &InMemoryStore, clock: &FakeClock, slug: &str) -> Organisation {
    let org = Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse(slug).unwrap(),
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
    org
}

async fn client(cases: &InMemoryCasesStore, clock: &FakeClock, org: OrgId, name: &str) -> ClientId {
    let client = Client {
        id: ClientId::from_uuid(Uuid::now_v7()),
        org_id: org,
        name: ClientName::parse(name).unwrap(),
        created_at: clock.now(),
        updated_at: clock.now(),
    };
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    ClientRepository::insert(cases, uow.as_mut(), &client)
        .await
        .unwrap();
    client.id
}

async fn world() -> World {
    let store = Arc::new(InMemoryStore::new());
    let cases = Arc::new(InMemoryCasesStore::new());
    let users = Arc::new(InMemoryContactUserStore::new());
    let clock = Arc::new(FakeClock::new());
    let org = organisation(&store, &clock, "workbook").await;
    let other = organisation(&store, &clock, "elsewhere").await;
    let first = client(&cases, &clock, org.id, "More Profits Inc.").await;
    let second = client(&cases, &clock, org.id, "Rivals").await;
    let foreign = client(&cases, &clock, other.id, "Not yours").await;
    let service = ContactUsersService::new(ContactUsersPorts {
        transactions: store.clone(),
        organisations: store.clone(),
        contacts: cases.clone(),
        clients: cases,
        users: users.clone(),
        user_links: users.clone(),
        sessions: users.clone(),
        attempts: store.clone(),
        audit: store.clone(),
        mail: Arc::new(NoMail),
        links: Arc::new(PathLinks),
        hasher: Arc::new(FakeHasher::new()),
        clock,
        tokens: Arc::new(SequenceTokenSource::default()),
        ids: Arc::new(UuidV7Generator),
    });
    World {
        service,
        users,
        actor: StaffActor {
            org_id: org.id,
            user_id: StaffUserId::from_uuid(Uuid::now_v7()),
            profiles: ProfileSet::of([Profile::Agent]),
            method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
        },
        first,
        second,
        foreign,
    }
}

fn person(first: &str, email: &str, username: &str) -> NewContactUser {
    NewContactUser {
        first_name: first.into(),
        last_name: "Smith".into(),
        email: email.into(),
        phone: None,
        username: Some(username.into()),
    }
}

#[tokio::test]
async fn a_clients_users_come_by_username_with_their_contacts_and_without_the_removed() {
    let w = world().await;
    let create = |client, new| w.service.create_contact_user(&w.actor, client, new);
    let zed = create(w.first, person("Zed", "zed@more-profits.example", "zed"))
        .await
        .unwrap();
    let ann = create(w.first, person("Ann", "ann@more-profits.example", "ann"))
        .await
        .unwrap();
    let gone = create(w.first, person("Gone", "gone@more-profits.example", "gone"))
        .await
        .unwrap();
    create(w.second, person("Rita", "rita@rivals.example", "rita"))
        .await
        .unwrap();
    w.service
        .update_contact_user(
            &w.actor,
            zed.user.id,
            ContactUserChanges {
                username: None,
                disabled: Some(true),
            },
        )
        .await
        .unwrap();
    let mut removed = gone.user.clone();
    removed.state = ContactUserState::Removed;
    let mut uow: Box<dyn UnitOfWork> = Box::new(InMemoryUnitOfWork);
    assert!(w.users.update(uow.as_mut(), &removed).await.unwrap());

    let listed = w.service.list_for_client(&w.actor, w.first).await.unwrap();
    let names: Vec<_> = listed.iter().map(|v| v.user.username.as_str()).collect();
    assert_eq!(
        names,
        ["ann", "zed"],
        "by username; the removed one left out"
    );
    assert_eq!(listed[0].contact.id, ann.contact.id);
    assert_eq!(listed[0].contact.email.as_str(), "ann@more-profits.example");
    assert_eq!(listed[1].user.state, ContactUserState::Disabled);

    let rivals = w.service.list_for_client(&w.actor, w.second).await.unwrap();
    assert_eq!(rivals.len(), 1);
    assert_eq!(rivals[0].user.username.as_str(), "rita");
}

#[tokio::test]
async fn unknown_and_foreign_clients_are_not_found_and_staff_need_view_cases() {
    let w = world().await;
    for client in [w.foreign, ClientId::from_uuid(Uuid::now_v7())] {
        assert!(matches!(
            w.service.list_for_client(&w.actor, client).await,
            Err(ListContactUsersError::ClientNotFound)
        ));
    }
    let nobody = StaffActor {
        profiles: ProfileSet::of([]),
        ..w.actor.clone()
    };
    assert!(matches!(
        w.service.list_for_client(&nobody, w.first).await,
        Err(ListContactUsersError::Forbidden(_))
    ));
}
