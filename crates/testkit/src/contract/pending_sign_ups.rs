//! Pending sign-ups: which registration link each activation link came from, found by the
//! activation link and by its contact user (the latest sign-up's), only in their
//! organisation; one record per activation link.

use std::sync::Arc;

use frontdesk_access::OrganisationRepository;
use frontdesk_contacts::{
    Contact, ContactRepository, ContactUserLink, ContactUserLinkPurpose, ContactUserLinkRepository,
    ContactUserRepository, ContactUserState,
};
use frontdesk_kernel::{
    ActionTokenId, ContactId, ContactUserId, EmailAddress, OrgId, PersonName, RegistrationLinkId,
    RepositoryError, TransactionRunner, UnitOfWork, Uuid,
};
use frontdesk_registration::{PendingSignUp, PendingSignUpRepository, RegistrationLinkRepository};
use time::{Duration, OffsetDateTime};

use super::contact_users::user;
use super::fixtures::{T0, digest, organisation, random_suffix};
use super::registration::registration_link;

/// The pending sign-ups port under test, with the ports that make what its records point
/// at (databases check that an activation link and a registration link exist).
#[derive(Clone)]
pub struct PendingSignUpsContractSubject {
    /// Units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Contact users.
    pub users: Arc<dyn ContactUserRepository>,
    /// Their one-time links (the activation links).
    pub user_links: Arc<dyn ContactUserLinkRepository>,
    /// Registration links.
    pub links: Arc<dyn RegistrationLinkRepository>,
    /// Pending sign-ups.
    pub pending: Arc<dyn PendingSignUpRepository>,
}

impl PendingSignUpsContractSubject {
    /// A subject whose every port is `store`.
    pub fn of<S>(store: &Arc<S>) -> Self
    where
        S: TransactionRunner
            + OrganisationRepository
            + ContactRepository
            + ContactUserRepository
            + ContactUserLinkRepository
            + RegistrationLinkRepository
            + PendingSignUpRepository
            + 'static,
    {
        Self {
            transactions: store.clone(),
            organisations: store.clone(),
            contacts: store.clone(),
            users: store.clone(),
            user_links: store.clone(),
            links: store.clone(),
            pending: store.clone(),
        }
    }

    async fn begin(&self) -> Box<dyn UnitOfWork> {
        self.transactions.begin().await.expect("begin")
    }

    async fn new_org(&self) -> OrgId {
        let org = organisation();
        let mut uow = self.begin().await;
        self.organisations
            .insert(uow.as_mut(), &org)
            .await
            .expect("organisation");
        uow.commit().await.expect("commit");
        org.id
    }

    /// A pending contact user of `org` (with its contact).
    async fn new_user(&self, org: OrgId) -> ContactUserId {
        let contact = Contact {
            id: ContactId::from_uuid(Uuid::now_v7()),
            org_id: org,
            email: EmailAddress::parse(&format!("jane.{}@acme.test", random_suffix()))
                .expect("email"),
            first_name: PersonName::parse("Jane").expect("name"),
            last_name: PersonName::parse("Doe").expect("name"),
            phone: None,
            address: None,
            client_id: None,
            unsubscribed_all: false,
            created_at: T0,
        };
        let mut account = user(
            org,
            contact.id,
            Vec::new(),
            &format!("jane-{}", random_suffix()),
        );
        account.state = ContactUserState::Pending;
        let mut uow = self.begin().await;
        self.contacts
            .insert(uow.as_mut(), &contact)
            .await
            .expect("contact");
        self.users
            .insert(uow.as_mut(), &account)
            .await
            .expect("user");
        uow.commit().await.expect("commit");
        account.id
    }

    async fn new_registration_link(&self, org: OrgId) -> RegistrationLinkId {
        let link = registration_link(org, Some(1));
        let mut uow = self.begin().await;
        self.links
            .insert(uow.as_mut(), &link)
            .await
            .expect("registration link");
        uow.commit().await.expect("commit");
        link.id
    }

    /// An activation link of `user` created at `at`.
    async fn new_activation(
        &self,
        org: OrgId,
        user: ContactUserId,
        at: OffsetDateTime,
    ) -> ActionTokenId {
        let link = ContactUserLink {
            id: ActionTokenId::from_uuid(Uuid::now_v7()),
            org_id: org,
            contact_user_id: user,
            purpose: ContactUserLinkPurpose::Activation,
            digest: digest(),
            created_at: at,
            expires_at: at + Duration::days(1),
            used_at: None,
        };
        let mut uow = self.begin().await;
        self.user_links
            .insert(uow.as_mut(), &link)
            .await
            .expect("activation link");
        uow.commit().await.expect("commit");
        link.id
    }

    async fn insert(&self, pending: &PendingSignUp) -> Result<(), RepositoryError> {
        let mut uow = self.begin().await;
        self.pending.insert(uow.as_mut(), pending).await?;
        uow.commit().await
    }
}

/// Found by activation link and by user, only in the organisation; a user's latest sign-up
/// wins; a resent link (no record of its own) is found through its user; one record per
/// activation link.
pub async fn pending_sign_ups(subject: &PendingSignUpsContractSubject) {
    let org = subject.new_org().await;
    let other = subject.new_org().await;
    let jane = subject.new_user(org).await;
    let john = subject.new_user(org).await;
    let first_link = subject.new_registration_link(org).await;
    let second_link = subject.new_registration_link(org).await;
    let first = subject.new_activation(org, jane, T0).await;
    subject
        .insert(&PendingSignUp {
            activation_id: first,
            org_id: org,
            link_id: first_link,
            created_at: T0,
        })
        .await
        .expect("insert");

    let pending = &subject.pending;
    assert_eq!(
        pending.link_of(org, first).await.expect("link of"),
        Some(first_link)
    );
    assert_eq!(
        pending.link_of(other, first).await.expect("link of"),
        None,
        "another organisation sees nothing"
    );
    assert_eq!(
        pending
            .link_of(org, ActionTokenId::from_uuid(Uuid::now_v7()))
            .await
            .expect("link of"),
        None
    );
    assert_eq!(
        pending.link_of_user(org, jane).await.expect("of user"),
        Some(first_link)
    );
    assert_eq!(
        pending.link_of_user(other, jane).await.expect("of user"),
        None,
        "another organisation sees nothing"
    );
    assert_eq!(
        pending.link_of_user(org, john).await.expect("of user"),
        None,
        "a user who signed up through no link"
    );

    // A resent activation link has no record of its own: found through its user.
    let resent = subject
        .new_activation(org, jane, T0 + Duration::minutes(5))
        .await;
    assert_eq!(pending.link_of(org, resent).await.expect("link of"), None);
    assert_eq!(
        pending.link_of_user(org, jane).await.expect("of user"),
        Some(first_link)
    );

    // Signing up again through another link: the latest sign-up's link.
    let again = subject
        .new_activation(org, jane, T0 + Duration::hours(1))
        .await;
    subject
        .insert(&PendingSignUp {
            activation_id: again,
            org_id: org,
            link_id: second_link,
            created_at: T0 + Duration::hours(1),
        })
        .await
        .expect("insert");
    assert_eq!(
        pending.link_of_user(org, jane).await.expect("of user"),
        Some(second_link)
    );
    assert_eq!(
        pending.link_of(org, first).await.expect("link of"),
        Some(first_link),
        "each activation link keeps its own"
    );

    // One record per activation link.
    assert!(
        matches!(
            subject
                .insert(&PendingSignUp {
                    activation_id: first,
                    org_id: org,
                    link_id: second_link,
                    created_at: T0 + Duration::hours(2),
                })
                .await,
            Err(RepositoryError::Conflict(_))
        ),
        "an activation link's record is not replaced"
    );
    assert_eq!(
        pending.link_of(org, first).await.expect("link of"),
        Some(first_link)
    );
}

/// A record inserted in a unit of work dropped without commit is not found (real databases
/// only: the fakes apply writes at once).
pub async fn uncommitted_pending_sign_ups_are_rolled_back(subject: &PendingSignUpsContractSubject) {
    let org = subject.new_org().await;
    let jane = subject.new_user(org).await;
    let link = subject.new_registration_link(org).await;
    let activation = subject.new_activation(org, jane, T0).await;
    {
        let mut uow = subject.begin().await;
        subject
            .pending
            .insert(
                uow.as_mut(),
                &PendingSignUp {
                    activation_id: activation,
                    org_id: org,
                    link_id: link,
                    created_at: T0,
                },
            )
            .await
            .expect("insert");
        drop(uow);
    }
    assert_eq!(
        subject
            .pending
            .link_of(org, activation)
            .await
            .expect("link of"),
        None
    );
    assert_eq!(
        subject
            .pending
            .link_of_user(org, jane)
            .await
            .expect("of user"),
        None
    );
}
