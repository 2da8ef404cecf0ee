//! The contract of the contact-user ports: contact users (usernames unique per organisation
//! ignoring case, also under concurrency; one login per contact; client links) and their
//! one-time links (single use); the subject also serves the grant checks
//! (`access_grants.rs`). Another organisation's records are never found.

use std::sync::Arc;

use frontdesk_access::{
    AccessGrantRepository, CaseFactsReader, ContactUserDirectory, OrganisationRepository,
    PublicCasesRuleRepository,
};
use frontdesk_contacts::{
    Client, ClientName, ClientRepository, Contact, ContactRepository, ContactUser, ContactUserLink,
    ContactUserLinkPurpose, ContactUserLinkRepository, ContactUserRepository, ContactUserState,
    Username,
};
use frontdesk_kernel::{
    ActionTokenId, CaseId, ClientId, ContactId, ContactUserId, EmailAddress, OrgId, PasswordHash,
    PersonName, RepositoryError, TransactionRunner, UnitOfWork, Uuid,
};
use time::Duration;

use super::fixtures::{T0, digest, organisation, random_suffix};

/// Makes cases for the grant checks (grants reference real cases in a database).
#[async_trait::async_trait]
pub trait CaseMaker: Send + Sync {
    /// A new case of `org` (whose default form exists) with these facts; returns its id.
    async fn new_case(
        &self,
        org: OrgId,
        client: Option<ClientId>,
        public: bool,
        open: bool,
    ) -> CaseId;
}

/// The ports under test.
#[derive(Clone)]
pub struct ContactUsersContractSubject {
    /// Units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Clients.
    pub clients: Arc<dyn ClientRepository>,
    /// Contact users.
    pub users: Arc<dyn ContactUserRepository>,
    /// Their links.
    pub links: Arc<dyn ContactUserLinkRepository>,
    /// Grants.
    pub grants: Arc<dyn AccessGrantRepository>,
    /// Rules.
    pub rules: Arc<dyn PublicCasesRuleRepository>,
    /// Contact users' facts.
    pub directory: Arc<dyn ContactUserDirectory>,
    /// Cases' facts.
    pub case_facts: Arc<dyn CaseFactsReader>,
    /// Makes cases.
    pub cases: Arc<dyn CaseMaker>,
}

impl ContactUsersContractSubject {
    pub(super) async fn begin(&self) -> Box<dyn UnitOfWork> {
        self.transactions.begin().await.expect("begin")
    }

    /// A new organisation with one client and one contact of it.
    pub(super) async fn setup(&self) -> (OrgId, ClientId, Contact) {
        let org = organisation();
        let mut uow = self.begin().await;
        self.organisations
            .insert(uow.as_mut(), &org)
            .await
            .expect("organisation");
        uow.commit().await.expect("commit");
        let client = self.client(org.id).await;
        let contact = self.contact(org.id, Some(client)).await;
        (org.id, client, contact)
    }

    pub(super) async fn client(&self, org: OrgId) -> ClientId {
        let client = Client {
            id: ClientId::from_uuid(Uuid::now_v7()),
            org_id: org,
            name: ClientName::parse("More Profits Inc.").expect("name"),
            created_at: T0,
            updated_at: T0,
        };
        let mut uow = self.begin().await;
        self.clients
            .insert(uow.as_mut(), &client)
            .await
            .expect("client");
        uow.commit().await.expect("commit");
        client.id
    }

    async fn contact(&self, org: OrgId, client: Option<ClientId>) -> Contact {
        let contact = Contact {
            id: ContactId::from_uuid(Uuid::now_v7()),
            org_id: org,
            email: EmailAddress::parse(&format!("john.{}@profits.test", random_suffix()))
                .expect("email"),
            first_name: PersonName::parse("John").expect("name"),
            last_name: PersonName::parse("Smith").expect("name"),
            phone: None,
            address: None,
            client_id: client,
            unsubscribed_all: false,
            created_at: T0,
        };
        let mut uow = self.begin().await;
        self.contacts
            .insert(uow.as_mut(), &contact)
            .await
            .expect("contact");
        uow.commit().await.expect("commit");
        contact
    }

    pub(super) async fn insert(&self, user: &ContactUser) -> Result<(), RepositoryError> {
        let mut uow = self.begin().await;
        self.users.insert(uow.as_mut(), user).await?;
        uow.commit().await
    }
}

pub(super) fn user(
    org: OrgId,
    contact: ContactId,
    clients: Vec<ClientId>,
    name: &str,
) -> ContactUser {
    ContactUser {
        id: ContactUserId::from_uuid(Uuid::now_v7()),
        org_id: org,
        contact_id: contact,
        client_ids: clients,
        username: Username::parse(name).expect("username"),
        state: ContactUserState::Invited,
        must_change_password: false,
        password_hash: None,
        temporary_password_expires_at: None,
        created_at: T0,
        updated_at: T0,
    }
}

/// Runs every contact-user and grant check.
pub async fn run_contact_users(subject: &ContactUsersContractSubject) {
    contact_users(subject).await;
    contact_user_links(subject).await;
    super::access_grants::access_grants(subject).await;
    super::access_grants::public_cases_rules(subject).await;
}

/// Contact users: round trip, username and contact uniqueness, update, other organisation.
pub async fn contact_users(subject: &ContactUsersContractSubject) {
    let (org, client, contact) = subject.setup().await;
    let name = format!("John.Smith-{}", random_suffix());
    let mut stored = user(org, contact.id, vec![client], &name);
    subject.insert(&stored).await.expect("insert");
    let found = subject.users.find(org, stored.id).await.expect("find");
    assert_eq!(found.as_ref(), Some(&stored));
    let by_name = subject
        .users
        .find_by_username(org, &Username::parse(&name.to_uppercase()).expect("name"))
        .await
        .expect("by name");
    assert_eq!(by_name.map(|u| u.id), Some(stored.id), "names ignore case");
    assert_eq!(
        subject
            .users
            .find_by_contact(org, contact.id)
            .await
            .expect("by contact")
            .map(|u| u.id),
        Some(stored.id)
    );

    // The same name in another case, and a second login for the contact, conflict.
    let other_contact = subject.contact(org, None).await;
    let clash = user(org, other_contact.id, vec![], &name.to_uppercase());
    assert!(matches!(
        subject.insert(&clash).await,
        Err(RepositoryError::Conflict("username"))
    ));
    let second = user(
        org,
        contact.id,
        vec![],
        &format!("other-{}", random_suffix()),
    );
    assert!(matches!(
        subject.insert(&second).await,
        Err(RepositoryError::Conflict("contact"))
    ));
    let mut uow = subject.begin().await;
    assert!(
        subject
            .users
            .username_taken_in(uow.as_mut(), org, &stored.username)
            .await
            .expect("taken")
    );
    drop(uow);

    // Update: state, password fields, clients; a taken name conflicts.
    let second_client = subject.client(org).await;
    stored.state = ContactUserState::Active;
    stored.must_change_password = true;
    stored.password_hash = Some(PasswordHash::from_phc("$argon2id$fake".into()));
    stored.temporary_password_expires_at = Some(T0 + Duration::hours(72));
    stored.client_ids = vec![client, second_client];
    stored.client_ids.sort();
    stored.updated_at = T0 + Duration::seconds(1);
    let mut uow = subject.begin().await;
    assert!(
        subject
            .users
            .update(uow.as_mut(), &stored)
            .await
            .expect("update")
    );
    uow.commit().await.expect("commit");
    let mut found = subject
        .users
        .find(org, stored.id)
        .await
        .expect("find")
        .expect("user");
    found.client_ids.sort();
    assert_eq!(found, stored);
    let listed = subject
        .users
        .list_for_client(org, second_client)
        .await
        .expect("list");
    assert_eq!(listed.iter().map(|u| u.id).collect::<Vec<_>>(), [stored.id]);

    let other = user(
        org,
        other_contact.id,
        vec![],
        &format!("b-{}", random_suffix()),
    );
    subject.insert(&other).await.expect("insert other");
    let renamed = ContactUser {
        username: stored.username.clone(),
        ..other.clone()
    };
    let mut uow = subject.begin().await;
    assert!(matches!(
        subject.users.update(uow.as_mut(), &renamed).await,
        Err(RepositoryError::Conflict("username"))
    ));
    drop(uow);

    // Facts for the access decision; removed users are not found.
    let facts = subject
        .directory
        .contact_user_facts(org, stored.id)
        .await
        .expect("facts")
        .expect("present");
    assert!(facts.active);
    assert_eq!(facts.client_ids.len(), 2);

    // Another organisation sees nothing, and may reuse the name.
    let (foreign_org, _, foreign_contact) = subject.setup().await;
    assert!(
        subject
            .users
            .find(foreign_org, stored.id)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .users
            .find_by_username(foreign_org, &stored.username)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .directory
            .contact_user_facts(foreign_org, stored.id)
            .await
            .expect("facts")
            .is_none()
    );
    let mut uow = subject.begin().await;
    let foreign_update = ContactUser {
        org_id: foreign_org,
        ..stored.clone()
    };
    assert!(
        !subject
            .users
            .update(uow.as_mut(), &foreign_update)
            .await
            .expect("update")
    );
    drop(uow);
    subject
        .insert(&user(
            foreign_org,
            foreign_contact.id,
            vec![],
            stored.username.as_str(),
        ))
        .await
        .expect("the same name in another organisation");
}

/// Concurrent inserts of one name (in different cases) in one organisation: exactly one wins.
pub async fn contact_usernames_are_unique_under_concurrency(
    subject: &ContactUsersContractSubject,
    tasks: usize,
) {
    let (org, _, _) = subject.setup().await;
    let name = format!("race-{}", random_suffix());
    let mut contacts = Vec::new();
    for _ in 0..tasks {
        contacts.push(subject.contact(org, None).await);
    }
    // Every insert is polled together, each in its own unit of work, so on a database
    // with several connections they race for the unique index.
    let attempts = contacts.into_iter().enumerate().map(|(n, contact)| {
        let raw = if n % 2 == 0 {
            name.clone()
        } else {
            name.to_uppercase()
        };
        async move { subject.insert(&user(org, contact.id, vec![], &raw)).await }
    });
    let mut won = 0;
    for outcome in futures::future::join_all(attempts).await {
        match outcome {
            Ok(()) => won += 1,
            Err(RepositoryError::Conflict("username")) => {}
            Err(error) => panic!("unexpected {error:?}"),
        }
    }
    assert_eq!(won, 1);
}

/// One-time links: digest lookup, single use, superseding, other organisation.
pub async fn contact_user_links(subject: &ContactUsersContractSubject) {
    let (org, client, contact) = subject.setup().await;
    let owner = user(
        org,
        contact.id,
        vec![client],
        &format!("l-{}", random_suffix()),
    );
    subject.insert(&owner).await.expect("insert");
    let link = |purpose| ContactUserLink {
        id: ActionTokenId::from_uuid(Uuid::now_v7()),
        org_id: org,
        contact_user_id: owner.id,
        purpose,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::hours(24),
        used_at: None,
    };
    let first = link(ContactUserLinkPurpose::SetPassword);
    let second = link(ContactUserLinkPurpose::ResetPassword);
    let mut uow = subject.begin().await;
    subject
        .links
        .insert(uow.as_mut(), &first)
        .await
        .expect("first");
    subject
        .links
        .insert(uow.as_mut(), &second)
        .await
        .expect("second");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .links
            .find_by_digest(&first.digest)
            .await
            .expect("find"),
        Some(first.clone())
    );
    let mut uow = subject.begin().await;
    assert!(
        subject
            .links
            .mark_used(uow.as_mut(), &first, T0)
            .await
            .expect("use")
    );
    assert!(
        !subject
            .links
            .mark_used(uow.as_mut(), &first, T0)
            .await
            .expect("reuse")
    );
    let superseded = subject
        .links
        .supersede_all(uow.as_mut(), org, owner.id, T0 + Duration::seconds(5))
        .await
        .expect("supersede");
    uow.commit().await.expect("commit");
    assert_eq!(superseded, 1);
    let second = subject
        .links
        .find_by_digest(&second.digest)
        .await
        .expect("find")
        .expect("present");
    assert_eq!(second.used_at, Some(T0 + Duration::seconds(5)));
    assert!(!second.is_usable_at(T0));
}
