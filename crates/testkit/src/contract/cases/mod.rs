//! The cases and contacts contract: forms, contacts, case numbers, cases, timelines, guest
//! capabilities, subscriptions, idempotency keys and the joined read models, checked
//! against a [`CasesContractSubject`].

mod clients;
mod contact_search;
mod contacts;
mod form_list;
mod guests;
mod intake;
mod overview;
mod records;
mod statistics;
mod views;

pub use clients::cases_clients;
pub use contact_search::contacts_search;
pub use contacts::{cases_contact_links, cases_contacts, cases_subscriptions};
pub use form_list::cases_form_list;
pub use guests::{cases_guest_access, cases_unsubscribe_grants};
pub use intake::{cases_forms, cases_idempotency, cases_numbers};
pub use overview::{cases_assignment, cases_search};
pub use records::{cases_cases, cases_timeline};
pub use statistics::cases_statistics;
pub use views::cases_views;

use std::sync::Arc;

use frontdesk_access::{
    Organisation, OrganisationInitialiser, OrganisationRepository, StaffUserRepository,
};
use frontdesk_cases::{
    Case, CaseOverviewReader, CaseRepository, CaseStatus, CaseViewReader, FieldConfig, Form,
    FormField, FormRepository, FormSlug, GuestAccessRepository, IdempotencyRepository, Priority,
    SubmittedContact, TimelineRepository,
};
use frontdesk_contacts::{ClientRepository, Contact, ContactRepository, Phone, PostalAddress};
use frontdesk_kernel::{
    CaseId, ContactId, EmailAddress, FormId, Language, OrgId, PersonName, TransactionRunner,
    UnitOfWork, Uuid,
};
use time::Duration;

use crate::contract::fixtures::{T0, organisation};
use crate::{InMemoryCasesStore, InMemoryStore};

/// The cases and contacts ports under test, as shared trait objects. Separate from
/// [`ContractSubject`](super::ContractSubject) so that the access and messaging suite keeps running on stores that
/// do not implement these ports yet.
#[derive(Clone)]
pub struct CasesContractSubject {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations, to create the tenants the checks run in.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Creates a new organisation's starting records (its default form).
    pub initialiser: Arc<dyn OrganisationInitialiser>,
    /// Intake forms.
    pub forms: Arc<dyn FormRepository>,
    /// Cases.
    pub cases: Arc<dyn CaseRepository>,
    /// Case timelines.
    pub timeline: Arc<dyn TimelineRepository>,
    /// Guest capabilities and unsubscribe grants.
    pub guest_access: Arc<dyn GuestAccessRepository>,
    /// Idempotency keys.
    pub idempotency: Arc<dyn IdempotencyRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Clients and the links of contacts to them.
    pub clients: Arc<dyn ClientRepository>,
    /// The joined reads behind the public pages.
    pub views: Arc<dyn CaseViewReader>,
    /// The console's searches and counts.
    pub overview: Arc<dyn CaseOverviewReader>,
    /// Staff users, who may be assigned cases.
    pub staff: Arc<dyn StaffUserRepository>,
}

impl CasesContractSubject {
    /// A subject whose every port is `store`.
    pub fn of<S>(store: &Arc<S>) -> Self
    where
        S: TransactionRunner
            + OrganisationRepository
            + OrganisationInitialiser
            + FormRepository
            + CaseRepository
            + TimelineRepository
            + GuestAccessRepository
            + IdempotencyRepository
            + ContactRepository
            + ClientRepository
            + CaseViewReader
            + CaseOverviewReader
            + StaffUserRepository
            + 'static,
    {
        Self {
            transactions: store.clone(),
            organisations: store.clone(),
            initialiser: store.clone(),
            forms: store.clone(),
            cases: store.clone(),
            timeline: store.clone(),
            guest_access: store.clone(),
            idempotency: store.clone(),
            contacts: store.clone(),
            clients: store.clone(),
            views: store.clone(),
            overview: store.clone(),
            staff: store.clone(),
        }
    }

    /// A subject over the in-memory fakes, with their views composed from the entity ports.
    pub fn of_fakes(store: &Arc<InMemoryStore>, cases: &Arc<InMemoryCasesStore>) -> Self {
        Self {
            transactions: store.clone(),
            organisations: store.clone(),
            initialiser: store.clone(),
            forms: cases.clone(),
            cases: cases.clone(),
            timeline: cases.clone(),
            guest_access: cases.clone(),
            idempotency: cases.clone(),
            contacts: cases.clone(),
            clients: cases.clone(),
            views: crate::composed_views(store, cases),
            overview: crate::overview_reader(store, cases),
            staff: store.clone(),
        }
    }

    pub(super) async fn begin(&self) -> Box<dyn UnitOfWork> {
        self.transactions
            .begin()
            .await
            .expect("begin a unit of work")
    }
}

/// A new organisation with its default form; returns it and the default form's slug.
pub(super) async fn cases_org(subject: &CasesContractSubject) -> Organisation {
    let org = organisation();
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert organisation");
    subject
        .initialiser
        .initialise(uow.as_mut(), &org)
        .await
        .expect("initialise organisation");
    uow.commit().await.expect("commit");
    org
}

pub(super) fn form(org: OrgId, slug: &str) -> Form {
    Form {
        id: FormId::from_uuid(Uuid::now_v7()),
        org_id: org,
        slug: FormSlug::parse(slug).expect("valid slug"),
        name: "Support request".into(),
        default_language: Language::Fr,
        fields: vec![
            FieldConfig {
                field: FormField::Email,
                required: true,
                section: None,
            },
            FieldConfig {
                field: FormField::FirstName,
                required: true,
                section: Some("Vous".into()),
            },
            FieldConfig {
                field: FormField::LastName,
                required: true,
                section: Some("Vous".into()),
            },
            FieldConfig {
                field: FormField::Project,
                required: false,
                section: Some("Demande".into()),
            },
        ],
        guest_edit_statuses: vec![CaseStatus::New, CaseStatus::Pending],
        notify_contacts: false,
        share_links_enabled: true,
        created_at: T0,
    }
}

pub(super) async fn insert_form(subject: &CasesContractSubject, org: OrgId, slug: &str) -> Form {
    let form = form(org, slug);
    subject.forms.insert(&form).await.expect("insert form");
    form
}

pub(super) fn contact(org: OrgId, email: &str) -> Contact {
    Contact {
        id: ContactId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse(email).expect("valid email"),
        first_name: PersonName::parse("Jane").expect("valid name"),
        last_name: PersonName::parse("Doe").expect("valid name"),
        phone: Some(Phone::parse("+33 (0)1 23 45 67 89").expect("valid phone")),
        address: Some(PostalAddress::parse("1 Main St\nSpringfield").expect("valid address")),
        unsubscribed_all: false,
        created_at: T0,
        client_id: None,
    }
}

pub(super) async fn insert_contact(
    subject: &CasesContractSubject,
    org: OrgId,
    email: &str,
) -> Contact {
    let contact = contact(org, email);
    let mut uow = subject.begin().await;
    subject
        .contacts
        .insert(uow.as_mut(), &contact)
        .await
        .expect("insert contact");
    uow.commit().await.expect("commit");
    contact
}

/// A case with the next number of `org`, inserted and committed.
pub(super) async fn insert_case(
    subject: &CasesContractSubject,
    org: OrgId,
    form: FormId,
    status: CaseStatus,
) -> Case {
    let mut uow = subject.begin().await;
    let number = subject
        .cases
        .next_number(uow.as_mut(), org)
        .await
        .expect("next number");
    let case = Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org,
        number,
        form_id: form,
        title: format!("Case {number}"),
        description: Some("It broke.\nTwice.".into()),
        priority: Priority::High,
        project: None,
        status,
        language: Language::Fr,
        submitted: Some(SubmittedContact {
            first_name: "Jane".into(),
            last_name: "Doe".into(),
            email: "jane@example.test".into(),
            phone: None,
            address: Some("1 Main St".into()),
        }),
        assignee: None,
        created_at: T0 + Duration::microseconds(7),
        updated_at: T0 + Duration::microseconds(7),
        client_id: None,
        public: false,
    };
    subject
        .cases
        .insert(uow.as_mut(), &case)
        .await
        .expect("insert case");
    uow.commit().await.expect("commit");
    case
}

/// Runs every cases and contacts check that holds for every implementation.
pub async fn run_cases(subject: &CasesContractSubject) {
    cases_forms(subject).await;
    cases_form_list(subject).await;
    cases_contacts(subject).await;
    cases_numbers(subject).await;
    cases_cases(subject).await;
    cases_contact_links(subject).await;
    cases_timeline(subject).await;
    cases_guest_access(subject).await;
    cases_views(subject).await;
    cases_unsubscribe_grants(subject).await;
    cases_subscriptions(subject).await;
    cases_idempotency(subject).await;
    cases_assignment(subject).await;
    cases_search(subject).await;
    cases_statistics(subject).await;
    contacts_search(subject).await;
    cases_clients(subject).await;
}
