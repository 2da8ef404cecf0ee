//! Use-case tests of `AccessService` with mockall mocks of its ports: each test sets only the
//! expectations its use case may touch, so an unexpected port call fails the test.

use std::sync::Arc;

use frontdesk_access::*;
use frontdesk_kernel::{
    ApiTokenId, EmailAddress, MockPasswordHasher, MockTransactionRunner, OrgId, PasswordHash,
    PasswordHashingError, PasswordVerification, PersonName, RepositoryError, StaffUserId, Token,
    TokenKind, UnitOfWork, UuidV7Generator,
};
use frontdesk_testkit::{FakeClock, PathLinks, SequenceTokenSource};
use secrecy::SecretString;
use time::Duration;

struct NoopUow;

#[async_trait::async_trait]
impl UnitOfWork for NoopUow {
    fn as_any(&mut self) -> &mut (dyn std::any::Any + Send) {
        self
    }
    async fn commit(self: Box<Self>) -> Result<(), RepositoryError> {
        Ok(())
    }
}

#[derive(Default)]
struct Mocks {
    transactions: MockTransactionRunner,
    organisations: MockOrganisationRepository,
    initialiser: MockOrganisationInitialiser,
    staff: MockStaffUserRepository,
    api_tokens: MockApiTokenRepository,
    action_tokens: MockActionTokenRepository,
    sessions: MockSessionRepository,
    attempts: MockAttemptLog,
    audit: MockAuditLog,
    hasher: MockPasswordHasher,
}

impl Mocks {
    fn allow_transactions(&mut self) {
        self.transactions
            .expect_begin()
            .returning(|| Ok(Box::new(NoopUow)));
        self.audit.expect_record().returning(|_, _| Ok(()));
    }

    fn service(self, clock: Arc<FakeClock>) -> AccessService {
        AccessService::new(
            AccessPorts {
                transactions: Arc::new(self.transactions),
                organisations: Arc::new(self.organisations),
                initialiser: Arc::new(self.initialiser),
                staff: Arc::new(self.staff),
                api_tokens: Arc::new(self.api_tokens),
                action_tokens: Arc::new(self.action_tokens),
                sessions: Arc::new(self.sessions),
                attempts: Arc::new(self.attempts),
                audit: Arc::new(self.audit),
                hasher: Arc::new(self.hasher),
                links: Arc::new(PathLinks),
                clock,
                tokens: Arc::new(SequenceTokenSource::default()),
                ids: Arc::new(UuidV7Generator),
            },
            SessionPolicy::default(),
        )
    }
}

fn user(org: OrgId, profiles: &[Profile]) -> StaffUser {
    let now = FakeClock::new().now_value();
    StaffUser {
        id: StaffUserId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse("someone@example.org").expect("valid"),
        name: PersonName::parse("Some One").expect("valid"),
        profiles: ProfileSet::of(profiles.iter().copied()),
        disabled: false,
        password_hash: Some(PasswordHash::from_phc("fake$pw".into())),
        language: None,
        created_at: now,
        updated_at: now,
    }
}

trait NowValue {
    fn now_value(&self) -> time::OffsetDateTime;
}

impl NowValue for FakeClock {
    fn now_value(&self) -> time::OffsetDateTime {
        frontdesk_kernel::Clock::now(self)
    }
}

fn actor(org: OrgId, profiles: &[Profile]) -> StaffActor {
    StaffActor {
        org_id: org,
        user_id: StaffUserId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
        profiles: ProfileSet::of(profiles.iter().copied()),
        method: AuthMethod::ApiToken(ApiTokenId::from_uuid(frontdesk_kernel::Uuid::now_v7())),
    }
}

fn org_id() -> OrgId {
    OrgId::from_uuid(frontdesk_kernel::Uuid::now_v7())
}

#[tokio::test]
async fn an_agent_cannot_create_staff_and_nothing_is_touched() {
    let service = Mocks::default().service(Arc::new(FakeClock::new()));
    let request = NewStaffUser {
        email: EmailAddress::parse("new@example.org").unwrap(),
        name: PersonName::parse("New").unwrap(),
        profiles: ProfileSet::of([Profile::Admin]),
    };
    let error = service
        .create_staff_user(&actor(org_id(), &[Profile::Agent]), request)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CreateStaffUserError::Forbidden(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_taken_email_is_reported_as_such() {
    let org = org_id();
    let mut mocks = Mocks::default();
    mocks.allow_transactions();
    mocks.organisations.expect_find().returning(move |_| {
        Ok(Some(Organisation {
            id: org,
            slug: OrgSlug::parse("acme").unwrap(),
            name: OrgName::parse("Acme").unwrap(),
            branding: Branding::default(),
            base_url: "https://desk.example".parse().unwrap(),
            default_language: frontdesk_kernel::Language::En,
            portal_mode: PortalMode::Off,
            registration_enabled: false,
            lifetimes: TokenLifetimePolicy::default(),
            created_at: FakeClock::new().now_value(),
        }))
    });
    mocks
        .staff
        .expect_insert()
        .returning(|_, _| Err(RepositoryError::Conflict("email")));
    mocks.action_tokens.expect_insert().never();
    let service = mocks.service(Arc::new(FakeClock::new()));
    let request = NewStaffUser {
        email: EmailAddress::parse("dup@example.org").unwrap(),
        name: PersonName::parse("Dup").unwrap(),
        profiles: ProfileSet::default(),
    };
    let error = service
        .create_staff_user(&actor(org, &[Profile::Admin]), request)
        .await
        .unwrap_err();
    assert!(
        matches!(error, CreateStaffUserError::EmailTaken),
        "{error:?}"
    );
}

#[tokio::test]
async fn api_tokens_stop_at_revocation_expiry_and_user_disable() {
    let clock = Arc::new(FakeClock::new());
    let org = org_id();
    let owner = user(org, &[Profile::Agent]);
    let secret = Token::generate(TokenKind::ApiKey, &SequenceTokenSource::default());
    let now = clock.now_value();
    let record = ApiToken {
        id: ApiTokenId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
        org_id: org,
        user_id: owner.id,
        label: "t".into(),
        digest: secret.digest(),
        created_at: now,
        expires_at: Some(now + Duration::days(1)),
        revoked_at: None,
    };
    for (case, token, user_disabled, advance, expected_ok) in [
        ("valid", record.clone(), false, Duration::ZERO, true),
        (
            "revoked",
            ApiToken {
                revoked_at: Some(now),
                ..record.clone()
            },
            false,
            Duration::ZERO,
            false,
        ),
        ("expired", record.clone(), false, Duration::days(1), false),
        ("disabled user", record.clone(), true, Duration::ZERO, false),
    ] {
        let mut mocks = Mocks::default();
        mocks
            .api_tokens
            .expect_find_by_digest()
            .returning(move |_| Ok(Some(token.clone())));
        let mut owner = owner.clone();
        owner.disabled = user_disabled;
        mocks
            .staff
            .expect_find()
            .returning(move |_, _| Ok(Some(owner.clone())));
        let clock = Arc::new(FakeClock::at(now));
        clock.advance(advance);
        let service = mocks.service(clock);
        let outcome = service.authenticate_api_token(secret.expose()).await;
        assert_eq!(outcome.is_ok(), expected_ok, "{case}: {outcome:?}");
    }
    // Malformed tokens never reach storage (no expectations set).
    let service = Mocks::default().service(clock);
    for raw in [
        "",
        "fdk_",
        "Bearer x",
        "fds_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        assert!(matches!(
            service.authenticate_api_token(raw).await,
            Err(AuthenticateError::Invalid)
        ));
    }
}

#[tokio::test]
async fn a_throttled_sign_in_never_checks_the_password() {
    let clock = Arc::new(FakeClock::new());
    let now = clock.now_value();
    let mut mocks = Mocks::default();
    mocks
        .attempts
        .expect_try_record()
        .times(1)
        .returning(move |_, policy, at| {
            let failures: Vec<_> = (0..5).map(|i| now - Duration::minutes(i)).collect();
            Ok(match policy.decide(at, &failures) {
                ThrottleDecision::Allow => AttemptCheck::Recorded,
                ThrottleDecision::Refuse {
                    retry_after_seconds,
                } => AttemptCheck::Refused {
                    retry_after_seconds,
                },
            })
        });
    mocks.attempts.expect_withdraw().never();
    mocks.hasher.expect_verify().never();
    mocks.organisations.expect_find_by_slug().never();
    let service = mocks.service(clock);
    let error = service
        .sign_in(SignInAttempt {
            organisation: "acme".into(),
            email: "a@acme.example".into(),
            password: SecretString::from("whatever".to_owned()),
            client_ip: None,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(error, SignInError::Throttled { retry_after_seconds } if retry_after_seconds > 0),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unknown_account_costs_a_dummy_verification_and_records_a_failure() {
    let mut mocks = Mocks::default();
    mocks
        .attempts
        .expect_try_record()
        .times(2)
        .returning(|_, _, _| Ok(AttemptCheck::Recorded));
    mocks.attempts.expect_withdraw().never();
    mocks
        .organisations
        .expect_find_by_slug()
        .returning(|_| Ok(None));
    mocks
        .hasher
        .expect_verify()
        .withf(|_, hash| hash.is_none())
        .times(1)
        .returning(|_, _| Ok(PasswordVerification::Mismatch));
    let service = mocks.service(Arc::new(FakeClock::new()));
    let error = service
        .sign_in(SignInAttempt {
            organisation: "ghost".into(),
            email: "nobody@ghost.example".into(),
            password: SecretString::from("whatever".to_owned()),
            client_ip: Some("192.0.2.1".parse().unwrap()),
        })
        .await
        .unwrap_err();
    assert!(
        matches!(error, SignInError::InvalidCredentials),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_busy_hasher_leaves_the_setup_link_unused() {
    let clock = Arc::new(FakeClock::new());
    let now = clock.now_value();
    let org = org_id();
    let target = user(org, &[Profile::Agent]);
    let secret = Token::generate(TokenKind::Action, &SequenceTokenSource::default());
    let link = ActionToken {
        id: frontdesk_kernel::ActionTokenId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
        org_id: org,
        user_id: target.id,
        purpose: ActionPurpose::PasswordSetup,
        digest: secret.digest(),
        created_at: now,
        expires_at: now + Duration::hours(24),
        used_at: None,
    };
    let mut mocks = Mocks::default();
    mocks
        .action_tokens
        .expect_find_by_digest()
        .returning(move |_| Ok(Some(link.clone())));
    mocks
        .staff
        .expect_find()
        .returning(move |_, _| Ok(Some(target.clone())));
    mocks
        .hasher
        .expect_hash()
        .returning(|_| Err(PasswordHashingError::Busy));
    mocks.action_tokens.expect_mark_used().never();
    mocks.staff.expect_update().never();
    let service = mocks.service(clock);
    let error = service
        .set_password_with_link(
            secret.expose(),
            SecretString::from("a fine long passphrase".to_owned()),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, SetPasswordError::Busy), "{error:?}");
}

#[tokio::test]
async fn a_link_used_concurrently_is_refused_and_the_password_unchanged() {
    let clock = Arc::new(FakeClock::new());
    let now = clock.now_value();
    let org = org_id();
    let target = user(org, &[Profile::Agent]);
    let secret = Token::generate(TokenKind::Action, &SequenceTokenSource::default());
    let link = ActionToken {
        id: frontdesk_kernel::ActionTokenId::from_uuid(frontdesk_kernel::Uuid::now_v7()),
        org_id: org,
        user_id: target.id,
        purpose: ActionPurpose::PasswordReset,
        digest: secret.digest(),
        created_at: now,
        expires_at: now + Duration::hours(1),
        used_at: None,
    };
    let mut mocks = Mocks::default();
    mocks
        .transactions
        .expect_begin()
        .returning(|| Ok(Box::new(NoopUow)));
    mocks
        .action_tokens
        .expect_find_by_digest()
        .returning(move |_| Ok(Some(link.clone())));
    mocks
        .staff
        .expect_find()
        .returning(move |_, _| Ok(Some(target.clone())));
    mocks
        .hasher
        .expect_hash()
        .returning(|_| Ok(PasswordHash::from_phc("fake$new".into())));
    mocks
        .action_tokens
        .expect_mark_used()
        .returning(|_, _, _| Ok(false));
    mocks.staff.expect_update().never();
    mocks.sessions.expect_end_all_for_user().never();
    let service = mocks.service(clock);
    let error = service
        .set_password_with_link(
            secret.expose(),
            SecretString::from("a fine long passphrase".to_owned()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, SetPasswordError::Link(ActionLinkError::Used)),
        "{error:?}"
    );
}

#[tokio::test]
async fn storage_failures_surface_as_repository_errors() {
    let mut mocks = Mocks::default();
    mocks
        .staff
        .expect_list()
        .returning(|_, _| Err(RepositoryError::unavailable(std::io::Error::other("down"))));
    let service = mocks.service(Arc::new(FakeClock::new()));
    let error = service
        .list_staff_users(
            &actor(org_id(), &[Profile::Admin]),
            frontdesk_kernel::PageRequest::first(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            ListStaffUsersError::Repository(RepositoryError::Unavailable(_))
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn setting_a_language_writes_only_the_language_and_its_audit_event() {
    let org = org_id();
    let me = actor(org, &[Profile::Agent]);
    let user_id = me.user_id;
    let mut mocks = Mocks::default();
    mocks
        .transactions
        .expect_begin()
        .times(1)
        .returning(|| Ok(Box::new(NoopUow)));
    mocks
        .staff
        .expect_set_language()
        .withf(move |_, o, id, language, _| {
            *o == org && *id == user_id && *language == Some(frontdesk_kernel::Language::Fr)
        })
        .times(1)
        .returning(|_, _, _, _, _| Ok(true));
    mocks.staff.expect_update().never();
    mocks
        .audit
        .expect_record()
        .withf(move |_, event| {
            event.action == AuditAction::STAFF_LANGUAGE_CHANGED && event.actor == Some(user_id)
        })
        .times(1)
        .returning(|_, _| Ok(()));
    let service = mocks.service(Arc::new(FakeClock::new()));
    service
        .set_my_language(&me, Some(frontdesk_kernel::Language::Fr))
        .await
        .unwrap();
}

#[tokio::test]
async fn the_audit_trail_is_read_for_the_actors_organisation_only_with_permission() {
    let org = org_id();
    let mut mocks = Mocks::default();
    mocks
        .audit
        .expect_list()
        .withf(move |o, filter, page| {
            *o == org && filter.action.as_deref() == Some("session.signed_in") && page.limit == 7
        })
        .times(1)
        .returning(|_, _, _| {
            Ok(frontdesk_kernel::Page {
                items: Vec::new(),
                next_after: None,
            })
        });
    let service = mocks.service(Arc::new(FakeClock::new()));
    let filter = AuditFilter {
        action: Some("session.signed_in".into()),
        ..AuditFilter::default()
    };
    let page = frontdesk_kernel::PageRequest::new(None, Some(7));
    let error = service
        .audit_log(&actor(org, &[Profile::CaseAdmin]), filter.clone(), page)
        .await
        .unwrap_err();
    assert!(matches!(error, ListAuditError::Forbidden(_)), "{error:?}");
    service
        .audit_log(&actor(org, &[Profile::Admin]), filter, page)
        .await
        .unwrap();
}
