//! Use-case tests of `CasesService` with mockall mocks of its ports: each test sets only the
//! expectations its use case may touch, so an unexpected port call (a write that should not
//! happen) fails the test, and a tracked unit of work shows whether anything was committed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use frontdesk_access::{
    AuthMethod, Branding, MockAttemptLog, MockOrganisationRepository, MockStaffUserRepository,
    OrgName, OrgSlug, Organisation, PortalMode, Profile, ProfileSet, StaffActor,
    TokenLifetimePolicy,
};
use frontdesk_cases::*;
use frontdesk_contacts::{Contact, ContactRepository, MockContactRepository};
use frontdesk_kernel::{
    ApiTokenId, CaptchaError, CaptchaPass, CaseId, ContactId, EmailAddress, FormId, Language,
    MockCaptchaVerifier, MockTransactionRunner, OrgId, PersonName, RepositoryError, StaffUserId,
    UnitOfWork, Uuid, UuidV7Generator,
};
use frontdesk_messaging::{
    EnqueueError, MessagingPorts, MessagingService, MockMailQueue, MockOutbox, MockTemplateEngine,
    MockTemplateStore, RecentCounts, RecipientLimits, TemplateKind,
};
use frontdesk_testkit::{FakeClock, PathLinks, SequenceTokenSource};
use time::OffsetDateTime;

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
    forms: MockFormRepository,
    cases: MockCaseRepository,
    timeline: MockTimelineRepository,
    guest_access: MockGuestAccessRepository,
    idempotency: MockIdempotencyRepository,
    contacts: MockContactRepository,
    grants: frontdesk_access::MockAccessGrantRepository,
    contact_users: frontdesk_contacts::MockContactUserRepository,
    overview: MockCaseOverviewReader,
    staff: MockStaffUserRepository,
    attempts: MockAttemptLog,
    captcha: MockCaptchaVerifier,
    outbox: MockOutbox,
    /// When set, the use case's mail goes here instead of through a `MessagingService` over
    /// `outbox`, so a test can decide the queue's answer directly.
    mail: Option<MockMailQueue>,
    committed: Arc<AtomicBool>,
}

impl Mocks {
    fn allow_transactions(&mut self) {
        let committed = self.committed.clone();
        self.transactions
            .expect_begin()
            .returning(move || Ok(Box::new(TrackedUow(committed.clone()))));
    }

    fn with_public_form(&mut self, org: &Organisation, form: &Form) {
        let (org, form) = (org.clone(), form.clone());
        self.organisations
            .expect_find_by_slug()
            .returning(move |_| Ok(Some(org.clone())));
        self.forms
            .expect_find_by_slug()
            .returning(move |_, _| Ok(Some(form.clone())));
        self.attempts
            .expect_failures_since()
            .returning(|_, _| Ok(Vec::new()));
    }

    fn service(self) -> (CasesService, Arc<AtomicBool>) {
        let clock = Arc::new(FakeClock::new());
        let ids = Arc::new(UuidV7Generator);
        let organisations = Arc::new(self.organisations);
        let messaging = MessagingService::new(
            MessagingPorts {
                transactions: Arc::new(MockTransactionRunner::new()),
                outbox: Arc::new(self.outbox),
                templates: Arc::new(MockTemplateStore::new()),
                engine: Arc::new(MockTemplateEngine::new()),
                organisations: organisations.clone(),
                clock: clock.clone(),
                ids: ids.clone(),
            },
            RecipientLimits::default(),
        );
        let forms: Arc<dyn FormRepository> = Arc::new(self.forms);
        let cases: Arc<dyn CaseRepository> = Arc::new(self.cases);
        let guest_access: Arc<dyn GuestAccessRepository> = Arc::new(self.guest_access);
        let contacts: Arc<dyn ContactRepository> = Arc::new(self.contacts);
        let views = Arc::new(ComposedCaseViews {
            organisations: organisations.clone(),
            forms: forms.clone(),
            cases: cases.clone(),
            contacts: contacts.clone(),
            guest_access: guest_access.clone(),
        });
        let ports = CasesPorts {
            transactions: Arc::new(self.transactions),
            organisations,
            forms,
            cases,
            timeline: Arc::new(self.timeline),
            guest_access,
            views,
            overview: Arc::new(self.overview),
            staff: Arc::new(self.staff),
            idempotency: Arc::new(self.idempotency),
            contacts,
            clients: Arc::new(frontdesk_contacts::MockClientRepository::new()),
            grants: Arc::new(self.grants),
            audit: Arc::new(frontdesk_access::MockAuditLog::new()),
            contact_users: Arc::new(self.contact_users),
            attempts: Arc::new(self.attempts),
            captcha: Arc::new(self.captcha),
            mail: match self.mail {
                Some(mail) => Arc::new(mail),
                None => Arc::new(messaging),
            },
            links: Arc::new(PathLinks),
            clock,
            tokens: Arc::new(SequenceTokenSource::default()),
            ids,
        };
        (
            CasesService::new(ports, IntakePolicy::default()),
            self.committed,
        )
    }
}

fn at() -> OffsetDateTime {
    time::macros::datetime!(2026-01-01 0:00 UTC)
}

fn organisation() -> Organisation {
    Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: OrgSlug::parse("acme").expect("slug"),
        name: OrgName::parse("Acme").expect("name"),
        branding: Branding::default(),
        base_url: "https://desk.example".parse().expect("url"),
        default_language: Language::En,
        portal_mode: PortalMode::Off,
        registration_enabled: false,
        lifetimes: TokenLifetimePolicy::default(),
        created_at: at(),
    }
}

fn form(org: OrgId) -> Form {
    Form {
        id: FormId::from_uuid(Uuid::now_v7()),
        org_id: org,
        slug: FormSlug::parse("contact").expect("slug"),
        name: "Contact".into(),
        default_language: Language::En,
        fields: Form::standard_fields(),
        guest_edit_statuses: vec![CaseStatus::New],
        notify_contacts: true,
        share_links_enabled: false,
        created_at: at(),
    }
}

fn case(org: OrgId, form: FormId) -> Case {
    Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org,
        number: CaseNumber(7),
        form_id: form,
        title: "Broken heating".into(),
        description: None,
        priority: Priority::Normal,
        project: None,
        status: CaseStatus::New,
        language: Language::En,
        submitted: None,
        assignee: None,
        created_at: at(),
        updated_at: at(),
        client_id: None,
        public: false,
    }
}

fn contact(org: OrgId, email: &str) -> Contact {
    Contact {
        id: ContactId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse(email).expect("email"),
        first_name: PersonName::parse("Ada").expect("name"),
        last_name: PersonName::parse("Lovelace").expect("name"),
        phone: None,
        address: None,
        unsubscribed_all: false,
        created_at: at(),
        client_id: None,
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

fn submission(captcha: Option<&str>) -> Submission {
    Submission {
        org_slug: "acme".into(),
        form_slug: "contact".into(),
        fields: RawSubmission {
            first_name: Some("Ada".into()),
            last_name: Some("Lovelace".into()),
            email: Some("ada@example.org".into()),
            title: Some("Broken heating".into()),
            captcha: captcha.map(str::to_owned),
            ..RawSubmission::default()
        },
        client_ip: Some("198.51.100.7".parse().expect("ip")),
        idempotency_key: None,
    }
}

#[tokio::test]
async fn a_failed_captcha_stores_nothing() {
    let org = organisation();
    let mut mocks = Mocks::default();
    mocks.with_public_form(&org, &form(org.id));
    mocks
        .captcha
        .expect_check()
        .times(1)
        .returning(|_, _| Err(CaptchaError::Invalid));
    // No unit of work, no repository write, no mail: any such call fails the test.
    let (service, committed) = mocks.service();
    let outcome = service.submit(submission(Some("solution"))).await;
    assert!(
        matches!(outcome, Err(SubmitError::Captcha(CaptchaError::Invalid))),
        "{outcome:?}"
    );
    assert!(!committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_missing_captcha_is_reported_without_asking_the_verifier() {
    let org = organisation();
    let mut mocks = Mocks::default();
    mocks.with_public_form(&org, &form(org.id));
    let (service, _) = mocks.service();
    let outcome = service.submit(submission(None)).await;
    assert!(
        matches!(outcome, Err(SubmitError::Captcha(CaptchaError::Missing))),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_recipient_limit_on_the_confirmation_stores_nothing() {
    let org = organisation();
    let mut mocks = Mocks::default();
    mocks.with_public_form(&org, &form(org.id));
    // The solution is checked but never spent: spend_in has no expectation.
    mocks
        .captcha
        .expect_check()
        .returning(|_, _| Ok(CaptchaPass::single_use([7; 32], at())));
    mocks.allow_transactions();
    mocks
        .cases
        .expect_next_number()
        .returning(|_, _| Ok(CaseNumber(1)));
    mocks
        .outbox
        .expect_recent_counts_in()
        .withf(|_, _, to, kind, _, _| {
            to.as_str() == "ada@example.org" && *kind == TemplateKind::GuestCaseCreated
        })
        .returning(|_, _, _, _, _, _| Ok(RecentCounts { of_kind: 1, all: 1 }));
    // The mail is refused before the contact, case, timeline, link or capability is written.
    let (service, committed) = mocks.service();
    let outcome = service.submit(submission(Some("solution"))).await;
    assert!(
        matches!(
            outcome,
            Err(SubmitError::RecipientLimited {
                retry_after_seconds: 60
            })
        ),
        "{outcome:?}"
    );
    assert!(!committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_solution_spent_by_a_concurrent_submission_creates_nothing() {
    let org = organisation();
    let mut mocks = Mocks::default();
    mocks.with_public_form(&org, &form(org.id));
    mocks
        .captcha
        .expect_check()
        .returning(|_, _| Ok(CaptchaPass::single_use([8; 32], at())));
    mocks
        .captcha
        .expect_spend_in()
        .times(1)
        .returning(|_, _| Err(CaptchaError::Replayed));
    mocks.allow_transactions();
    mocks
        .cases
        .expect_next_number()
        .returning(|_, _| Ok(CaseNumber(1)));
    mocks
        .outbox
        .expect_recent_counts_in()
        .returning(|_, _, _, _, _, _| Ok(RecentCounts::default()));
    mocks.outbox.expect_enqueue().returning(|_, _| Ok(()));
    // Spending fails before the contact, case, timeline, link or capability is written, and
    // the unit of work (with the queued mail) is never committed.
    let (service, committed) = mocks.service();
    let outcome = service.submit(submission(Some("solution"))).await;
    assert!(
        matches!(outcome, Err(SubmitError::Captcha(CaptchaError::Replayed))),
        "{outcome:?}"
    );
    assert!(!committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_submission_writes_everything_in_one_committed_unit_of_work() {
    let org = organisation();
    let form = form(org.id);
    let form_id = form.id;
    let mut mocks = Mocks::default();
    mocks.with_public_form(&org, &form);
    mocks
        .captcha
        .expect_check()
        .returning(|_, _| Ok(CaptchaPass::single_use([7; 32], at())));
    mocks
        .captcha
        .expect_spend_in()
        .withf(|_, pass| pass.replay_key() == Some((&[7; 32], at())))
        .times(1)
        .returning(|_, _| Ok(()));
    mocks.allow_transactions();
    mocks
        .cases
        .expect_next_number()
        .returning(|_, _| Ok(CaseNumber(42)));
    mocks
        .outbox
        .expect_recent_counts_in()
        .returning(|_, _, _, _, _, _| Ok(RecentCounts::default()));
    mocks
        .outbox
        .expect_enqueue()
        .withf(|_, message| {
            message.kind == TemplateKind::GuestCaseCreated
                && message.data["case_number"] == "#42"
                && message.data["case_url"]
                    .as_str()
                    .is_some_and(|url| url.starts_with("https://desk.example/g/fdg_"))
        })
        .times(1)
        .returning(|_, _| Ok(()));
    let existing = contact(org.id, "ada@example.org");
    let existing_id = existing.id;
    mocks
        .contacts
        .expect_find_or_insert_in()
        .withf(|_, contact| contact.email.as_str() == "ada@example.org")
        .times(1)
        .returning(move |_, _| Ok(existing.clone()));
    mocks
        .cases
        .expect_insert()
        .withf(move |_, case| {
            case.number == CaseNumber(42)
                && case.form_id == form_id
                && case.status == CaseStatus::New
        })
        .times(1)
        .returning(|_, _| Ok(()));
    mocks
        .timeline
        .expect_append()
        .withf(|_, _, entry| {
            entry.event == TimelineEvent::Created && entry.visibility == Visibility::Public
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    mocks
        .cases
        .expect_link_contact()
        .withf(move |_, _, _, contact, _| *contact == existing_id)
        .times(1)
        .returning(|_, _, _, _, _| Ok(()));
    mocks
        .guest_access
        .expect_insert()
        .withf(move |_, access| access.contact_id == existing_id && access.revoked_at.is_none())
        .times(1)
        .returning(|_, _| Ok(()));
    mocks
        .attempts
        .expect_record_failure_in()
        .withf(|_, key, _| key == "intake:198.51.100.7")
        .times(1)
        .returning(|_, _, _| Ok(()));
    let (service, committed) = mocks.service();
    let created = service
        .submit(submission(Some("solution")))
        .await
        .expect("created");
    assert_eq!(created.number, CaseNumber(42));
    assert!(!created.replayed);
    assert!(committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn a_status_change_skips_a_recipient_limited_contact_and_still_commits() {
    let org = organisation();
    let form = form(org.id);
    let the_case = case(org.id, form.id);
    let case_id = the_case.id;
    let person = contact(org.id, "ada@example.org");
    let person_id = person.id;
    let mut mocks = Mocks::default();
    mocks.allow_transactions();
    let found = the_case.clone();
    mocks
        .cases
        .expect_find()
        .returning(move |_, _| Ok(Some(found.clone())));
    let org_copy = org.clone();
    mocks
        .organisations
        .expect_find()
        .returning(move |_| Ok(Some(org_copy.clone())));
    mocks
        .forms
        .expect_find()
        .returning(move |_, _| Ok(Some(form.clone())));
    mocks
        .cases
        .expect_update()
        .withf(|_, case| case.status == CaseStatus::Open)
        .times(1)
        .returning(|_, _| Ok(()));
    mocks
        .timeline
        .expect_append()
        .times(1)
        .returning(|_, _, _| Ok(()));
    mocks
        .cases
        .expect_contacts_of()
        .returning(move |_, _| Ok(vec![person_id]));
    // The contact has no login and nobody holds a grant of the case.
    mocks
        .contact_users
        .expect_find_by_contact()
        .returning(|_, _| Ok(None));
    mocks
        .grants
        .expect_active_for_case()
        .returning(|_, _| Ok(Vec::new()));
    mocks
        .contacts
        .expect_is_subscribed()
        .returning(|_, _, _| Ok(true));
    mocks
        .contacts
        .expect_find()
        .returning(move |_, _| Ok(Some(person.clone())));
    mocks
        .outbox
        .expect_recent_counts_in()
        .returning(|_, _, _, _, _, _| Ok(RecentCounts { of_kind: 1, all: 1 }));
    // No guest access, unsubscribe grant or mail for the limited contact.
    let (service, committed) = mocks.service();
    let changed = service
        .change_status(&admin(org.id), case_id, CaseStatus::Open, None)
        .await
        .expect("status changed");
    assert_eq!(changed.status, CaseStatus::Open);
    assert!(committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn an_agent_may_not_manage_forms_and_nothing_is_read() {
    let mut agent = admin(OrgId::from_uuid(Uuid::now_v7()));
    agent.profiles = ProfileSet::of([Profile::Agent]);
    let (service, _) = Mocks::default().service();
    assert!(matches!(
        service
            .create_form(
                &agent,
                NewForm {
                    slug: "x".into(),
                    name: "X".into(),
                    ..NewForm::default()
                }
            )
            .await,
        Err(CreateFormError::Forbidden(_))
    ));
    let mut nobody = agent.clone();
    nobody.profiles = ProfileSet::default();
    assert!(matches!(
        service
            .change_status(
                &nobody,
                CaseId::from_uuid(Uuid::now_v7()),
                CaseStatus::Open,
                None
            )
            .await,
        Err(ChangeStatusError::Forbidden(_))
    ));
}

#[tokio::test]
async fn malformed_and_unknown_tokens_are_invalid() {
    let mut mocks = Mocks::default();
    mocks
        .guest_access
        .expect_find_by_digest()
        .times(1)
        .returning(|_| Ok(None));
    mocks
        .guest_access
        .expect_find_unsubscribe()
        .times(1)
        .returning(|_| Ok(None));
    let (service, _) = mocks.service();
    // Malformed or of another kind: no lookup at all.
    assert!(matches!(
        service.open_guest_link("fdg_short").await,
        Err(GuestLinkError::Invalid)
    ));
    let unsubscribe_shaped = format!("fdu_{}", "A".repeat(43));
    assert!(matches!(
        service.open_guest_link(&unsubscribe_shaped).await,
        Err(GuestLinkError::Invalid)
    ));
    // Well-formed but unknown: one lookup each.
    let guest_shaped = format!("fdg_{}", "A".repeat(43));
    assert!(matches!(
        service.open_guest_link(&guest_shaped).await,
        Err(GuestLinkError::Invalid)
    ));
    assert!(matches!(
        service.unsubscribe(&unsubscribe_shaped, true).await,
        Err(UnsubscribeError::Invalid)
    ));
}

#[tokio::test]
async fn a_reissue_held_back_by_the_recipient_limit_revokes_nothing() {
    let org = organisation();
    let form = form(org.id);
    let the_case = case(org.id, form.id);
    let case_id = the_case.id;
    let person = contact(org.id, "ada@example.org");
    let person_id = person.id;
    let mut mocks = Mocks::default();
    mocks.allow_transactions();
    mocks
        .cases
        .expect_find()
        .returning(move |_, _| Ok(Some(the_case.clone())));
    let org_copy = org.clone();
    mocks
        .organisations
        .expect_find()
        .returning(move |_| Ok(Some(org_copy.clone())));
    mocks
        .cases
        .expect_contacts_of()
        .returning(move |_, _| Ok(vec![person_id]));
    mocks
        .contacts
        .expect_find()
        .returning(move |_, _| Ok(Some(person.clone())));
    let mut mail = MockMailQueue::new();
    mail.expect_enqueue()
        .withf(|_, mail| {
            mail.kind == TemplateKind::GuestLinkReissued
                && mail.data["case_url"]
                    .as_str()
                    .is_some_and(|url| url.starts_with("https://desk.example/g/fdg_"))
        })
        .times(1)
        .returning(|_, _| {
            Err(EnqueueError::RecipientLimited {
                retry_after_seconds: 42,
            })
        });
    mocks.mail = Some(mail);
    // No revocation and no new capability: neither has an expectation.
    let (service, committed) = mocks.service();
    let outcome = service.reissue_guest_access(&admin(org.id), case_id).await;
    assert!(
        matches!(
            outcome,
            Err(ReissueGuestAccessError::RecipientLimited {
                retry_after_seconds: 42
            })
        ),
        "{outcome:?}"
    );
    assert!(!committed.load(Ordering::SeqCst));
}
