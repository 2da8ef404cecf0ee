//! `CasesService::update_case` with mockall mocks of its ports: which writes happen (and
//! which must not), what the timeline records, and every rule that refuses a change.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use frontdesk_access::{
    AuthMethod, Forbidden, MockAttemptLog, MockOrganisationRepository, MockStaffUserRepository,
    Permission, Profile, ProfileSet, StaffActor, StaffUser,
};
use frontdesk_cases::*;
use frontdesk_contacts::{MockClientRepository, MockContactRepository};
use frontdesk_kernel::{
    ApiTokenId, CaseId, EmailAddress, FormId, Language, MockCaptchaVerifier, MockTransactionRunner,
    OrgId, PersonName, RepositoryError, StaffUserId, UnitOfWork, Uuid, UuidV7Generator,
};
use frontdesk_messaging::MockMailQueue;
use frontdesk_testkit::{FakeClock, PathLinks, SequenceTokenSource};
use time::OffsetDateTime;
use time::macros::datetime;

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

const NOW: OffsetDateTime = datetime!(2026-06-01 12:00 UTC);

#[derive(Default)]
struct Mocks {
    transactions: MockTransactionRunner,
    cases: MockCaseRepository,
    timeline: MockTimelineRepository,
    staff: MockStaffUserRepository,
    clients: MockClientRepository,
    committed: Arc<AtomicBool>,
}

impl Mocks {
    /// `case` is what the store holds.
    fn holding(case: &Case) -> Self {
        let mut mocks = Self::default();
        let stored = case.clone();
        mocks.cases.expect_find().returning(move |org, id| {
            Ok((org == stored.org_id && id == stored.id).then(|| stored.clone()))
        });
        mocks
    }

    /// Expects one unit of work with the case written once and `entries` appended.
    fn expect_write(&mut self, written: impl Fn(&Case) -> bool + Send + 'static, entries: usize) {
        let committed = self.committed.clone();
        self.transactions
            .expect_begin()
            .times(1)
            .returning(move || Ok(Box::new(TrackedUow(committed.clone()))));
        self.cases
            .expect_update()
            .withf(move |_, case| written(case))
            .times(1)
            .returning(|_, _| Ok(()));
        self.timeline
            .expect_append()
            .withf(|_, _, entry| entry.visibility == Visibility::Internal && entry.at == NOW)
            .times(entries)
            .returning(|_, _, _| Ok(()));
    }

    fn member(&mut self, user: StaffUser) {
        self.staff.expect_find().returning(move |org, id| {
            Ok((org == user.org_id && id == user.id).then(|| user.clone()))
        });
    }

    fn service(self) -> (CasesService, Arc<AtomicBool>) {
        let ports = CasesPorts {
            transactions: Arc::new(self.transactions),
            organisations: Arc::new(MockOrganisationRepository::new()),
            forms: Arc::new(MockFormRepository::new()),
            cases: Arc::new(self.cases),
            timeline: Arc::new(self.timeline),
            guest_access: Arc::new(MockGuestAccessRepository::new()),
            views: Arc::new(frontdesk_cases::views::MockCaseViewReader::new()),
            overview: Arc::new(MockCaseOverviewReader::new()),
            staff: Arc::new(self.staff),
            idempotency: Arc::new(MockIdempotencyRepository::new()),
            contacts: Arc::new(MockContactRepository::new()),
            clients: Arc::new(self.clients),
            grants: Arc::new(frontdesk_access::MockAccessGrantRepository::new()),
            audit: Arc::new(frontdesk_access::MockAuditLog::new()),
            contact_users: Arc::new(frontdesk_contacts::MockContactUserRepository::new()),
            attempts: Arc::new(MockAttemptLog::new()),
            captcha: Arc::new(MockCaptchaVerifier::new()),
            mail: Arc::new(MockMailQueue::new()),
            links: Arc::new(PathLinks),
            clock: Arc::new(FakeClock::at(NOW)),
            tokens: Arc::new(SequenceTokenSource::default()),
            ids: Arc::new(UuidV7Generator),
        };
        (
            CasesService::new(ports, IntakePolicy::default()),
            self.committed,
        )
    }
}

fn case(org: OrgId) -> Case {
    let at = datetime!(2026-05-01 9:00 UTC);
    Case {
        id: CaseId::from_uuid(Uuid::now_v7()),
        org_id: org,
        number: CaseNumber(7),
        form_id: FormId::from_uuid(Uuid::now_v7()),
        title: "Broken heating".into(),
        description: Some("Cold since Monday.".into()),
        priority: Priority::Normal,
        project: None,
        status: CaseStatus::Open,
        language: Language::Fr,
        submitted: None,
        assignee: None,
        created_at: at,
        updated_at: at,
        client_id: None,
        public: false,
    }
}

fn actor(org: OrgId, profiles: ProfileSet) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(Uuid::now_v7()),
        profiles,
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(Uuid::now_v7())),
    }
}

fn agent(org: OrgId) -> StaffActor {
    actor(org, ProfileSet::of([Profile::Agent]))
}

fn staff(org: OrgId, disabled: bool) -> StaffUser {
    StaffUser {
        id: StaffUserId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse("sam@acme.test").expect("email"),
        name: PersonName::parse("Sam Agent").expect("name"),
        profiles: ProfileSet::of([Profile::Agent]),
        disabled,
        password_hash: None,
        language: None,
        created_at: NOW,
        updated_at: NOW,
    }
}

fn org() -> OrgId {
    OrgId::from_uuid(Uuid::now_v7())
}

#[tokio::test]
async fn an_actor_who_may_not_edit_cases_changes_nothing() {
    let org = org();
    let (service, _) = Mocks::default().service();
    let outcome = service
        .update_case(
            &actor(org, ProfileSet::of([])),
            case(org).id,
            CaseChanges {
                title: Some("New".into()),
                ..CaseChanges::default()
            },
        )
        .await;
    assert!(
        matches!(
            outcome,
            Err(UpdateCaseError::Forbidden(Forbidden(Permission::EditCases)))
        ),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn another_organisations_case_is_not_found() {
    let mine = case(org());
    let (service, _) = Mocks::holding(&mine).service();
    let outcome = service
        .update_case(&agent(org()), mine.id, CaseChanges::default())
        .await;
    assert!(
        matches!(outcome, Err(UpdateCaseError::CaseNotFound)),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn every_invalid_field_is_listed_in_order_and_nothing_is_written() {
    let org = org();
    let stored = case(org);
    let (service, committed) = Mocks::holding(&stored).service();
    let outcome = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                title: Some("   ".into()),
                description: Some(Some("bell\u{7}".into())),
                priority: Some(Priority::Urgent),
                project: Some(Some("x".repeat(201))),
                assignee: None,
                client: None,
                public: None,
            },
        )
        .await;
    let Err(UpdateCaseError::Invalid(errors)) = outcome else {
        panic!("expected invalid fields, got {outcome:?}");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["title", "description", "project"]);
    assert_eq!(errors[0].message, "this field is required");
    assert!(!committed.load(Ordering::SeqCst));

    let too_long = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                title: Some("line\nbreak".into()),
                ..CaseChanges::default()
            },
        )
        .await;
    let Err(UpdateCaseError::Invalid(errors)) = too_long else {
        panic!("expected an invalid title, got {too_long:?}");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "title");
}

#[tokio::test]
async fn only_an_enabled_staff_user_of_the_organisation_may_be_assigned() {
    let org = org();
    let stored = case(org);
    let disabled = staff(org, true);
    let foreign = staff(self::org(), false);
    for candidate in [disabled.clone(), foreign.clone()] {
        let mut mocks = Mocks::holding(&stored);
        mocks.member(candidate.clone());
        let (service, committed) = mocks.service();
        let outcome = service
            .update_case(
                &agent(org),
                stored.id,
                CaseChanges {
                    title: Some("Renamed".into()),
                    assignee: Some(Some(candidate.id)),
                    ..CaseChanges::default()
                },
            )
            .await;
        assert!(
            matches!(outcome, Err(UpdateCaseError::UnknownAssignee)),
            "{outcome:?}"
        );
        assert!(!committed.load(Ordering::SeqCst), "nothing is written");
    }
    let mut mocks = Mocks::holding(&stored);
    mocks.staff.expect_find().returning(|_, _| Ok(None));
    let (service, _) = mocks.service();
    let outcome = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                assignee: Some(Some(StaffUserId::from_uuid(Uuid::now_v7()))),
                ..CaseChanges::default()
            },
        )
        .await;
    assert!(
        matches!(outcome, Err(UpdateCaseError::UnknownAssignee)),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn each_change_is_an_internal_entry_written_with_the_case() {
    let org = org();
    let stored = case(org);
    let sam = staff(org, false);
    let mut mocks = Mocks::holding(&stored);
    mocks.member(sam.clone());
    let sam_id = sam.id;
    mocks.expect_write(
        move |case| {
            case.title == "Heating still broken"
                && case.description.is_none()
                && case.priority == Priority::High
                && case.project.as_deref() == Some("Winter")
                && case.assignee == Some(sam_id)
                && case.updated_at == NOW
                && case.status == CaseStatus::Open
        },
        5,
    );
    let (service, committed) = mocks.service();
    let updated = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                title: Some("  Heating   still broken ".into()),
                description: Some(None),
                priority: Some(Priority::High),
                project: Some(Some("Winter".into())),
                assignee: Some(Some(sam.id)),
                client: None,
                public: None,
            },
        )
        .await
        .expect("updated");
    assert_eq!(
        updated.title, "Heating still broken",
        "the title rule collapses spaces"
    );
    assert_eq!(updated.assignee, Some(sam.id));
    assert!(committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn the_timeline_records_what_changed_from_what() {
    let org = org();
    let mut stored = case(org);
    let sam = staff(org, false);
    stored.assignee = Some(sam.id);
    let mut mocks = Mocks::holding(&stored);
    let committed = mocks.committed.clone();
    mocks
        .transactions
        .expect_begin()
        .times(1)
        .returning(move || Ok(Box::new(TrackedUow(committed.clone()))));
    mocks
        .cases
        .expect_update()
        .times(1)
        .returning(|_, _| Ok(()));
    let entries = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = entries.clone();
    mocks
        .timeline
        .expect_append()
        .returning(move |_, _, entry| {
            recorded.lock().expect("lock").push(entry.clone());
            Ok(())
        });
    let (service, _) = mocks.service();
    let actor = agent(org);
    service
        .update_case(
            &actor,
            stored.id,
            CaseChanges {
                description: Some(Some("   ".into())),
                assignee: Some(None),
                ..CaseChanges::default()
            },
        )
        .await
        .expect("updated");
    let entries = entries.lock().expect("lock");
    let events: Vec<&TimelineEvent> = entries.iter().map(|e| &e.event).collect();
    assert_eq!(
        events,
        [
            &TimelineEvent::FieldChanged {
                field: "description".into(),
                from: Some("Cold since Monday.".into()),
                to: None,
            },
            &TimelineEvent::AssigneeChanged {
                from: Some(sam.id),
                to: None,
            },
        ],
        "a blank description clears it; unassigning needs no staff lookup"
    );
    assert!(
        entries
            .iter()
            .all(|e| e.author == Author::Staff(actor.user_id))
    );
}

#[tokio::test]
async fn changing_nothing_writes_nothing() {
    let org = org();
    let mut stored = case(org);
    let sam = staff(org, true);
    stored.assignee = Some(sam.id);
    let (service, committed) = Mocks::holding(&stored).service();
    let unchanged = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                title: Some("Broken heating".into()),
                description: Some(Some("Cold since Monday.".into())),
                priority: Some(Priority::Normal),
                project: Some(None),
                assignee: Some(Some(sam.id)),
                client: None,
                public: None,
            },
        )
        .await
        .expect("nothing to do");
    assert_eq!(
        unchanged, stored,
        "the same values, even a disabled current assignee"
    );
    assert!(!committed.load(Ordering::SeqCst));
}

fn client_of(org: OrgId) -> frontdesk_contacts::Client {
    frontdesk_contacts::Client {
        id: frontdesk_kernel::ClientId::from_uuid(Uuid::now_v7()),
        org_id: org,
        name: frontdesk_contacts::ClientName::parse("More Profits Inc.").expect("name"),
        created_at: NOW,
        updated_at: NOW,
    }
}

#[tokio::test]
async fn moving_to_a_client_and_making_public_are_two_internal_entries() {
    let org = org();
    let stored = case(org);
    let acme = client_of(org);
    let acme_id = acme.id;
    let mut mocks = Mocks::holding(&stored);
    mocks
        .clients
        .expect_find()
        .returning(move |o, id| Ok((o == acme.org_id && id == acme.id).then(|| acme.clone())));
    mocks.expect_write(
        move |case| case.client_id == Some(acme_id) && case.public && case.updated_at == NOW,
        2,
    );
    let (service, committed) = mocks.service();
    let updated = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                client: Some(Some(acme_id)),
                public: Some(true),
                ..CaseChanges::default()
            },
        )
        .await
        .expect("updated");
    assert_eq!((updated.client_id, updated.public), (Some(acme_id), true));
    assert!(committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn another_organisations_client_is_refused_and_nothing_is_written() {
    let org = org();
    let stored = case(org);
    let theirs = client_of(OrgId::from_uuid(Uuid::now_v7()));
    let theirs_id = theirs.id;
    let mut mocks = Mocks::holding(&stored);
    mocks.clients.expect_find().returning(move |o, id| {
        Ok((o == theirs.org_id && id == theirs.id).then(|| theirs.clone()))
    });
    let (service, committed) = mocks.service();
    let refused = service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                client: Some(Some(theirs_id)),
                public: Some(true),
                ..CaseChanges::default()
            },
        )
        .await;
    assert!(matches!(refused, Err(UpdateCaseError::UnknownClient)));
    assert!(!committed.load(Ordering::SeqCst));
}

#[tokio::test]
async fn clearing_the_client_records_from_what() {
    let org = org();
    let mut stored = case(org);
    let acme = client_of(org);
    stored.client_id = Some(acme.id);
    stored.public = true;
    let mut mocks = Mocks::holding(&stored);
    let committed = mocks.committed.clone();
    mocks
        .transactions
        .expect_begin()
        .times(1)
        .returning(move || Ok(Box::new(TrackedUow(committed.clone()))));
    mocks
        .cases
        .expect_update()
        .withf(|_, case| case.client_id.is_none() && case.public)
        .times(1)
        .returning(|_, _| Ok(()));
    let from = acme.id;
    mocks
        .timeline
        .expect_append()
        .withf(move |_, _, entry| {
            entry.visibility == Visibility::Internal
                && entry.event
                    == TimelineEvent::ClientChanged {
                        from: Some(from),
                        to: None,
                    }
        })
        .times(1)
        .returning(|_, _, _| Ok(()));
    let (service, _) = mocks.service();
    service
        .update_case(
            &agent(org),
            stored.id,
            CaseChanges {
                client: Some(None),
                public: Some(true),
                ..CaseChanges::default()
            },
        )
        .await
        .expect("cleared; public unchanged");
}
