//! Use-case tests of `ContactsService` with mockall mocks of its ports: each test sets only
//! the expectations its use case may touch, so an unexpected port call fails the test.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use frontdesk_access::{AuthMethod, MockOrganisationRepository, Profile, ProfileSet, StaffActor};
use frontdesk_contacts::{
    Contact, ContactMessage, ContactsPorts, ContactsService, CreateContactError, EmailContactError,
    MockClientRepository, MockContactRepository, NewContact,
};
use frontdesk_kernel::{
    ApiTokenId, ContactId, EmailAddress, MockClock, MockIdGenerator, MockTransactionRunner, OrgId,
    PersonName, RepositoryError, StaffUserId, UnitOfWork, Uuid,
};
use frontdesk_messaging::{EnqueueError, MockMailQueue, TemplateKind};

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
    organisations: MockOrganisationRepository,
    contacts: MockContactRepository,
    clients: MockClientRepository,
    mail: MockMailQueue,
    clock: MockClock,
    ids: MockIdGenerator,
}

impl Mocks {
    fn service(self) -> ContactsService {
        ContactsService::new(ContactsPorts {
            transactions: Arc::new(self.transactions),
            organisations: Arc::new(self.organisations),
            contacts: Arc::new(self.contacts),
            clients: Arc::new(self.clients),
            mail: Arc::new(self.mail),
            clock: Arc::new(self.clock),
            ids: Arc::new(self.ids),
        })
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

#[tokio::test]
async fn every_invalid_field_is_listed_in_order_and_nothing_is_touched() {
    let service = Mocks::default().service();
    let outcome = service
        .create_contact(
            &admin(OrgId::from_uuid(Uuid::now_v7())),
            NewContact {
                email: "ada@example.org\r\nBcc: eve@example.org".into(),
                first_name: "   ".into(),
                last_name: "x".repeat(201),
                phone: Some("call me".into()),
                address: Some("  ".into()),
                client_id: None,
            },
        )
        .await;
    let Err(CreateContactError::InvalidFields(errors)) = outcome else {
        panic!("invalid fields expected: {outcome:?}");
    };
    let listed: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("first_name", "this field is required"),
            ("last_name", "a name is at most 200 characters"),
            (
                "email",
                "an email address cannot contain line breaks or control characters"
            ),
            (
                "phone",
                "a phone number has 3–40 characters: digits, spaces and + ( ) - . /"
            ),
        ]
    );
}

#[tokio::test]
async fn a_message_held_back_by_the_recipient_limit_commits_nothing() {
    let org = OrgId::from_uuid(Uuid::now_v7());
    let contact = Contact {
        id: ContactId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse("ada@example.org").expect("email"),
        first_name: PersonName::parse("Ada").expect("name"),
        last_name: PersonName::parse("Lovelace").expect("name"),
        phone: None,
        address: None,
        unsubscribed_all: false,
        created_at: time::macros::datetime!(2026-01-01 0:00 UTC),
        client_id: None,
    };
    let contact_id = contact.id;
    let committed = Arc::new(AtomicBool::new(false));
    let mut mocks = Mocks::default();
    mocks
        .contacts
        .expect_find()
        .returning(move |_, _| Ok(Some(contact.clone())));
    mocks.organisations.expect_find().returning(|_| Ok(None));
    let tracked = committed.clone();
    mocks
        .transactions
        .expect_begin()
        .returning(move || Ok(Box::new(TrackedUow(tracked.clone()))));
    mocks
        .mail
        .expect_enqueue()
        .withf(|_, mail| {
            mail.kind == TemplateKind::ContactMessage
                && mail.to.as_str() == "ada@example.org"
                && mail.to_name.as_ref().map(PersonName::as_str) == Some("Ada Lovelace")
                && mail.data["subject"] == "Hello there"
                && mail.data["message"] == "Line one\nLine two"
        })
        .times(1)
        .returning(|_, _| {
            Err(EnqueueError::RecipientLimited {
                retry_after_seconds: 30,
            })
        });
    let outcome = mocks
        .service()
        .email_contact(
            &admin(org),
            contact_id,
            ContactMessage {
                subject: "  Hello   there ".into(),
                body: "Line one\r\nLine two".into(),
            },
        )
        .await;
    assert!(
        matches!(
            outcome,
            Err(EmailContactError::RecipientLimited {
                retry_after_seconds: 30
            })
        ),
        "{outcome:?}"
    );
    assert!(!committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_search_needs_contacts_or_cases_and_asks_the_store_for_a_clamped_page() {
    let org = OrgId::from_uuid(Uuid::now_v7());
    let nobody = StaffActor {
        profiles: ProfileSet::of([]),
        ..admin(org)
    };
    let outcome = Mocks::default()
        .service()
        .search_contacts(&nobody, Some("ada".into()), 1, 10)
        .await;
    assert!(
        matches!(
            outcome,
            Err(frontdesk_contacts::SearchContactsError::Forbidden(_))
        ),
        "{outcome:?}"
    );

    let mut mocks = Mocks::default();
    mocks
        .contacts
        .expect_search()
        .withf(move |o, text, page| {
            *o == org
                && text.as_ref().map(frontdesk_contacts::SearchText::folded) == Some("ada l")
                && *page == frontdesk_contacts::PageNumber::new(1, 100)
        })
        .times(1)
        .returning(|_, _, _| {
            Ok(frontdesk_contacts::Counted {
                rows: Vec::new(),
                total: 250,
            })
        });
    mocks
        .contacts
        .expect_search()
        .withf(|_, text, _| text.is_none())
        .times(1)
        .returning(|_, _, _| Ok(frontdesk_contacts::Counted::empty()));
    let service = mocks.service();
    let agent = StaffActor {
        profiles: ProfileSet::of([Profile::Agent]),
        ..admin(org)
    };
    let page = service
        .search_contacts(&agent, Some("  ADA L ".into()), 0, 1_000)
        .await
        .expect("search");
    assert_eq!((page.page, page.per_page, page.total), (1, 100, 250));
    assert_eq!(page.page_count(), 3);
    let blank = service
        .search_contacts(&agent, Some(" \t ".into()), 2, 10)
        .await
        .expect("search");
    assert_eq!((blank.page, blank.total, blank.page_count()), (2, 0, 1));
}
