//! Use-case tests of the clients on `ContactsService` with mockall mocks of its ports: who may
//! create, read and rename clients, what is written (and what must not be), another
//! organisation's client, and linking contacts.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use frontdesk_access::{AuthMethod, MockOrganisationRepository, Profile, ProfileSet, StaffActor};
use frontdesk_contacts::{
    Client, ClientChanges, ClientError, ClientName, ContactsPorts, ContactsService,
    CreateClientError, CreateContactError, MockClientRepository, MockContactRepository, NewClient,
    NewContact, SetContactClientError, UpdateClientError,
};
use frontdesk_kernel::{
    ApiTokenId, ClientId, ContactId, MockClock, MockIdGenerator, MockTransactionRunner, OrgId,
    RepositoryError, StaffUserId, UnitOfWork, Uuid,
};
use frontdesk_messaging::MockMailQueue;
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

/// A unit of work that records whether it was committed.
struct TrackedUow(Arc<AtomicBool>);

#[async_trait::async_trait]
impl UnitOfWork for TrackedUow {
    fn as_any(&mut self) -> &mut (dyn std::any::Any + Send) {
        self
    }
    async fn commit(self: Box<Self>) -> Result<(), RepositoryError> {
        self.0.store(true, Ordering::SeqCst);
        Ok(())
    }
}

#[derive(Default)]
struct Mocks {
    transactions: MockTransactionRunner,
    contacts: MockContactRepository,
    clients: MockClientRepository,
    clock: MockClock,
    ids: MockIdGenerator,
    committed: Arc<AtomicBool>,
}

impl Mocks {
    /// The store holds `client` (of its own organisation).
    fn holding(client: &Client) -> Self {
        let mut mocks = Self::default();
        let stored = client.clone();
        mocks.clients.expect_find().returning(move |org, id| {
            Ok((org == stored.org_id && id == stored.id).then(|| stored.clone()))
        });
        mocks
    }

    /// One unit of work, committed into `self.committed`.
    fn expect_uow(&mut self) {
        let committed = self.committed.clone();
        self.transactions
            .expect_begin()
            .times(1)
            .returning(move || Ok(Box::new(TrackedUow(committed.clone()))));
    }

    fn service(self) -> (ContactsService, Arc<AtomicBool>) {
        let service = ContactsService::new(ContactsPorts {
            transactions: Arc::new(self.transactions),
            organisations: Arc::new(MockOrganisationRepository::new()),
            contacts: Arc::new(self.contacts),
            clients: Arc::new(self.clients),
            mail: Arc::new(MockMailQueue::new()),
            clock: Arc::new(self.clock),
            ids: Arc::new(self.ids),
        });
        (service, self.committed)
    }
}

fn actor(org: OrgId, profile: Profile) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of([profile]),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

fn client(org: OrgId) -> Client {
    Client {
        id: ClientId::from_uuid(Uuid::now_v7()),
        org_id: org,
        name: ClientName::parse("More Profits Inc.").expect("name"),
        created_at: datetime!(2026-01-01 0:00 UTC),
        updated_at: datetime!(2026-01-01 0:00 UTC),
    }
}

#[tokio::test]
async fn a_client_is_created_with_its_name_collapsed_and_committed() {
    let org = OrgId::from_uuid(Uuid::now_v7());
    let id = Uuid::now_v7();
    let mut mocks = Mocks::default();
    mocks.clock.expect_now().return_const(NOW);
    mocks.ids.expect_new_uuid().return_const(id);
    mocks.expect_uow();
    mocks
        .clients
        .expect_insert()
        .withf(move |_, client| {
            client.id.as_uuid() == id
                && client.org_id == org
                && client.name.as_str() == "More Profits Inc."
                && client.created_at == NOW
                && client.updated_at == NOW
        })
        .times(1)
        .returning(|_, _| Ok(()));
    let (service, committed) = mocks.service();
    let created = service
        .create_client(
            &actor(org, Profile::Admin),
            NewClient {
                name: "  More   Profits Inc. ".into(),
            },
        )
        .await
        .expect("created");
    assert_eq!(created.name.as_str(), "More Profits Inc.");
    assert!(committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_blank_or_long_name_and_a_member_without_the_permission_write_nothing() {
    let org = OrgId::from_uuid(Uuid::now_v7());
    let (service, _) = Mocks::default().service();
    for name in [" ", "a\nb", &"x".repeat(201)] {
        let refused = service
            .create_client(
                &actor(org, Profile::Admin),
                NewClient {
                    name: name.to_owned(),
                },
            )
            .await;
        let Err(CreateClientError::InvalidFields(errors)) = refused else {
            panic!("{name:?} was accepted");
        };
        assert_eq!(errors[0].field, "name");
    }
    let nobody = StaffActor {
        profiles: ProfileSet::of([]),
        ..actor(org, Profile::Agent)
    };
    let refused = service
        .create_client(
            &nobody,
            NewClient {
                name: "Acme".into(),
            },
        )
        .await;
    assert!(matches!(refused, Err(CreateClientError::Forbidden(_))));
    let read = service
        .client(&nobody, ClientId::from_uuid(Uuid::now_v7()))
        .await;
    assert!(matches!(read, Err(ClientError::Forbidden(_))));
}

#[tokio::test]
async fn another_organisations_client_is_not_found_read_or_renamed() {
    let mine = OrgId::from_uuid(Uuid::now_v7());
    let theirs = client(OrgId::from_uuid(Uuid::now_v7()));
    let (service, _) = Mocks::holding(&theirs).service();
    let read = service
        .client(&actor(mine, Profile::Agent), theirs.id)
        .await;
    assert!(matches!(read, Err(ClientError::ClientNotFound)));
    let renamed = service
        .update_client(
            &actor(mine, Profile::Admin),
            theirs.id,
            ClientChanges {
                name: Some("Hijacked".into()),
            },
        )
        .await;
    assert!(matches!(renamed, Err(UpdateClientError::ClientNotFound)));
    let linked = service
        .set_contact_client(
            &actor(mine, Profile::Admin),
            ContactId::from_uuid(Uuid::now_v7()),
            Some(theirs.id),
        )
        .await;
    assert!(matches!(linked, Err(SetContactClientError::ClientNotFound)));
}

#[tokio::test]
async fn a_client_reads_with_its_contacts_and_case_count_for_staff_who_view_cases() {
    let stored = client(OrgId::from_uuid(Uuid::now_v7()));
    let mut mocks = Mocks::holding(&stored);
    mocks
        .clients
        .expect_contacts_of()
        .returning(|_, _| Ok(Vec::new()));
    mocks.clients.expect_case_count().returning(|_, _| Ok(3));
    let (service, _) = mocks.service();
    let detail = service
        .client(&actor(stored.org_id, Profile::Agent), stored.id)
        .await
        .expect("agents view cases");
    assert_eq!((detail.client, detail.case_count), (stored, 3));
}

#[tokio::test]
async fn a_rename_writes_the_name_and_time_and_the_same_name_writes_nothing() {
    let stored = client(OrgId::from_uuid(Uuid::now_v7()));
    let mut mocks = Mocks::holding(&stored);
    mocks.clock.expect_now().return_const(NOW);
    mocks.expect_uow();
    mocks
        .clients
        .expect_update()
        .withf(|_, client| client.name.as_str() == "More Profits Ltd" && client.updated_at == NOW)
        .times(1)
        .returning(|_, _| Ok(()));
    let (service, committed) = mocks.service();
    let admin = actor(stored.org_id, Profile::Admin);
    let renamed = service
        .update_client(
            &admin,
            stored.id,
            ClientChanges {
                name: Some("More Profits Ltd".into()),
            },
        )
        .await
        .expect("renamed");
    assert_eq!(renamed.name.as_str(), "More Profits Ltd");
    assert!(committed.load(Ordering::SeqCst));
    // The current name (and no change at all): nothing written, the update mock is spent.
    for name in [Some("More Profits Inc.".to_owned()), None] {
        let same = service
            .update_client(&admin, stored.id, ClientChanges { name })
            .await
            .expect("unchanged");
        assert_eq!(same, stored);
    }
}

#[tokio::test]
async fn a_contact_for_another_organisations_client_is_refused_on_the_field() {
    let mine = OrgId::from_uuid(Uuid::now_v7());
    let theirs = client(OrgId::from_uuid(Uuid::now_v7()));
    let (service, _) = Mocks::holding(&theirs).service();
    let refused = service
        .create_contact(
            &actor(mine, Profile::Admin),
            NewContact {
                email: "john@example.org".into(),
                first_name: "John".into(),
                last_name: "Smith".into(),
                client_id: Some(theirs.id),
                ..NewContact::default()
            },
        )
        .await;
    let Err(CreateContactError::InvalidFields(errors)) = refused else {
        panic!("accepted");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "client_id");
}

#[tokio::test]
async fn linking_a_missing_contact_commits_nothing() {
    let stored = client(OrgId::from_uuid(Uuid::now_v7()));
    let mut mocks = Mocks::holding(&stored);
    mocks.expect_uow();
    mocks
        .clients
        .expect_set_contact_client()
        .times(1)
        .returning(|_, _, _, _| Ok(false));
    let (service, committed) = mocks.service();
    let linked = service
        .set_contact_client(
            &actor(stored.org_id, Profile::Admin),
            ContactId::from_uuid(Uuid::now_v7()),
            Some(stored.id),
        )
        .await;
    assert!(matches!(
        linked,
        Err(SetContactClientError::ContactNotFound)
    ));
    assert!(!committed.load(Ordering::SeqCst));
}
