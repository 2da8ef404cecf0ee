//! A stand-in for an embedder's own case system, so an example or a test of a hand-written
//! sharing adapter needs only that adapter: [`SharingHost`] holds one organisation, an admin,
//! a form with share links switched on and one case, over the in-memory fakes, and wires
//! [`SharingPorts`] with the share-link and permission ports you bring.

use std::sync::Arc;

use frontdesk_access::{
    AuthMethod, Branding, OrgName, OrgSlug, Organisation, OrganisationRepository, PortalMode,
    Profile, ProfileSet, StaffActor, TokenLifetimePolicy,
};
use frontdesk_cases::{
    Case, CaseRepository, CaseStatus, Form, FormRepository, FormSlug, Priority, SubmittedContact,
};
use frontdesk_kernel::{
    ApiTokenId, CaseId, Clock, FormId, Language, OrgId, RepositoryError, StaffUserId, Uuid,
    UuidV7Generator,
};
use frontdesk_sharing::{ShareLinkRepository, SharePermissionRepository, SharingPorts};
use time::OffsetDateTime;

use crate::{
    FakeClock, FakeHasher, InMemoryCasesStore, InMemorySharingStore, InMemoryStore,
    InMemoryUnitOfWork, SequenceTokenSource, sharing_ports,
};

/// One organisation (`acme`, default lifetimes) with an admin, a form whose share-link
/// addon is on, and one open case on it; time from a [`FakeClock`].
#[derive(Debug, Clone)]
pub struct SharingHost {
    /// The clock every port reads.
    pub clock: Arc<FakeClock>,
    /// Organisations, attempts, audit and outbox.
    pub store: InMemoryStore,
    /// Forms, cases and timelines.
    pub cases: InMemoryCasesStore,
    /// The organisation.
    pub org: OrgId,
    /// An admin of the organisation (admins may always share).
    pub admin: StaffActor,
    /// The form (share links on).
    pub form: FormId,
    /// The case to share.
    pub case: CaseId,
}

impl SharingHost {
    /// A host with its organisation, admin, form and case stored.
    ///
    /// # Errors
    /// [`RepositoryError`] when a fake refuses a record (never, in practice).
    pub async fn new() -> Result<Self, RepositoryError> {
        let clock = Arc::new(FakeClock::new());
        let (store, cases) = (InMemoryStore::new(), InMemoryCasesStore::new());
        let tenant = add_tenant(&store, &cases, clock.now(), "acme").await?;
        Ok(Self {
            clock,
            store,
            cases,
            org: tenant.org,
            admin: tenant.admin,
            form: tenant.form,
            case: tenant.case,
        })
    }

    /// Another organisation in the same stores, `slug` (lower-case letters, digits and
    /// hyphens), with its own admin, form (share links on) and case.
    ///
    /// # Errors
    /// [`RepositoryError`] when a fake refuses a record (a slug already taken, or not one).
    pub async fn add_tenant(&self, slug: &str) -> Result<Tenant, RepositoryError> {
        add_tenant(&self.store, &self.cases, self.clock.now(), slug).await
    }

    /// [`SharingPorts`] over this host, with `links` and `permissions` as the sharing
    /// storage: units of work from the [`InMemoryStore`] (an [`InMemoryUnitOfWork`]), a
    /// [`FakeHasher`], [`SequenceTokenSource`] tokens and UUID v7 ids.
    pub fn ports(
        &self,
        links: Arc<dyn ShareLinkRepository>,
        permissions: Arc<dyn SharePermissionRepository>,
    ) -> SharingPorts {
        let mut ports = sharing_ports(
            &self.store,
            &self.cases,
            &InMemorySharingStore::new(),
            Arc::new(FakeHasher::new()),
            self.clock.clone(),
            Arc::new(SequenceTokenSource::default()),
            Arc::new(UuidV7Generator),
        );
        ports.share_links = links;
        ports.permissions = permissions;
        ports
    }
}

/// One organisation of a [`SharingHost`]: its admin, form and case.
#[derive(Debug, Clone)]
pub struct Tenant {
    /// The organisation.
    pub org: OrgId,
    /// Its admin.
    pub admin: StaffActor,
    /// Its form (share links on).
    pub form: FormId,
    /// Its case.
    pub case: CaseId,
}

async fn add_tenant(
    store: &InMemoryStore,
    cases: &InMemoryCasesStore,
    now: OffsetDateTime,
    slug: &str,
) -> Result<Tenant, RepositoryError> {
    let organisation = Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse(slug).map_err(|_| RepositoryError::Corrupt("slug".into()))?,
        name: OrgName::parse("Acme Ltd").map_err(|_| RepositoryError::Corrupt("name".into()))?,
        branding: Branding::default(),
        base_url: "https://desk.example/"
            .parse()
            .map_err(|_| RepositoryError::Corrupt("url".into()))?,
        default_language: Language::En,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: now,
    };
    store.insert(&mut InMemoryUnitOfWork, &organisation).await?;
    let org = organisation.id;
    let form = Form {
        id: FormId::from_uuid(Uuid::now_v7()),
        org_id: org,
        slug: FormSlug::parse("contact").map_err(|_| RepositoryError::Corrupt("slug".into()))?,
        name: "Contact us".into(),
        default_language: Language::En,
        fields: Form::standard_fields(),
        guest_edit_statuses: vec![CaseStatus::New],
        notify_contacts: true,
        share_links_enabled: true,
        created_at: now,
    };
    FormRepository::insert(cases, &form).await?;
    let number = cases.next_number(&mut InMemoryUnitOfWork, org).await?;
    let case = Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org,
        number,
        form_id: form.id,
        title: "Broken heating".into(),
        description: Some("The radiator is cold.".into()),
        priority: Priority::High,
        project: None,
        status: CaseStatus::Open,
        language: Language::En,
        submitted: Some(SubmittedContact {
            first_name: "Ada".into(),
            last_name: "Lovelace".into(),
            email: "ada@example.org".into(),
            phone: None,
            address: None,
        }),
        assignee: None,
        created_at: now,
        updated_at: now,
        client_id: None,
        public: false,
    };
    CaseRepository::insert(cases, &mut InMemoryUnitOfWork, &case).await?;
    let admin = StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles: ProfileSet::of([Profile::Admin]),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    };
    Ok(Tenant {
        org,
        admin,
        form: form.id,
        case: case.id,
    })
}
