//! The storage contract, migrations and `SQLite` write concurrency, against real databases:
//! a fresh `SQLite` file and a fresh `PostgreSQL` database.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers: a panic is how a test fails"
)]

use std::sync::Arc;

use frontdesk_access::{
    Profile, ProfileSet, SessionRepository, StaffSession, StaffUser, StaffUserRepository,
};
use frontdesk_kernel::{
    EmailAddress, MessageId, OrgId, PageRequest, PersonName, RepositoryError, SessionId,
    StaffUserId, TokenDigest, TransactionRunner, Uuid,
};
use frontdesk_messaging::{ClaimedMessage, DeadMessage, OutboundMessage, Outbox, TemplateKind};
use frontdesk_storage::test_support::TestDatabase;
use frontdesk_storage::{Backend, Database};
use frontdesk_testkit::contract::{self, ContractSubject};
use time::OffsetDateTime;

async fn keeps_the_contract(test_db: TestDatabase) {
    let subject = ContractSubject::of(&Arc::new(test_db.database().clone()));
    contract::run_all(&subject).await;
    contract::uncommitted_work_is_rolled_back(&subject).await;
    contract::uncommitted_organisation_updates_are_rolled_back(&subject).await;
    let embed: Arc<dyn frontdesk_access::EmbedOriginRepository> =
        Arc::new(test_db.database().clone());
    contract::embed_origins(&subject, &embed).await;
    contract::uncommitted_embed_origins_are_rolled_back(&subject, &embed).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_the_storage_contract() {
    keeps_the_contract(TestDatabase::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_the_storage_contract() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    assert_eq!(test_db.backend(), Backend::Postgres);
    keeps_the_contract(test_db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_memory_sqlite_keeps_the_storage_contract() {
    let database = Database::connect("sqlite::memory:").await.unwrap();
    database.migrate().await.unwrap();
    let subject = ContractSubject::of(&Arc::new(database.clone()));
    contract::run_all(&subject).await;
    contract::uncommitted_work_is_rolled_back(&subject).await;
    database.close().await.unwrap();
}

async fn migrations_apply_once(test_db: TestDatabase) {
    let database = test_db.database();
    let known = Database::known_migrations();
    assert_eq!(
        known.first().map(String::as_str),
        Some("m20261124_000001_foundation")
    );
    assert_eq!(database.applied_migrations().await.unwrap(), known);
    database.migrate().await.unwrap();
    database.migrate().await.unwrap();
    assert_eq!(
        database.applied_migrations().await.unwrap(),
        known,
        "migrating again is a no-op"
    );
    database.ping().await.unwrap();
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_starting_together_migrate_postgres_once() {
    let Some(test_db) = TestDatabase::postgres_unmigrated().await else {
        return;
    };
    let mut replicas = Vec::new();
    for _ in 0..4 {
        replicas.push(Database::connect(test_db.url()).await.unwrap());
    }
    let runs: Vec<_> = replicas
        .iter()
        .cloned()
        .map(|replica| tokio::spawn(async move { replica.migrate().await }))
        .collect();
    for run in runs {
        run.await.unwrap().unwrap();
    }
    assert_eq!(
        test_db.database().applied_migrations().await.unwrap(),
        Database::known_migrations()
    );
    for replica in replicas {
        let _ = replica.close().await;
    }
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_backends_apply_every_migration_once() {
    migrations_apply_once(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        migrations_apply_once(test_db).await;
    }
}

async fn new_org(database: &Database) -> OrgId {
    let subject = ContractSubject::of(&Arc::new(database.clone()));
    let org = frontdesk_access::Organisation {
        id: OrgId::from_uuid(Uuid::now_v7()),
        slug: frontdesk_access::OrgSlug::parse(&format!(
            "c-{}",
            &Uuid::now_v7().simple().to_string()[20..]
        ))
        .unwrap(),
        name: frontdesk_access::OrgName::parse("Concurrency").unwrap(),
        branding: frontdesk_access::Branding::default(),
        base_url: "https://c.test/".parse().unwrap(),
        default_language: frontdesk_kernel::Language::En,
        portal_mode: frontdesk_access::PortalMode::Off,
        registration_enabled: false,
        lifetimes: frontdesk_access::TokenLifetimePolicy::default(),
        created_at: time::OffsetDateTime::now_utc(),
    };
    let mut uow = subject.transactions.begin().await.unwrap();
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .unwrap();
    uow.commit().await.unwrap();
    org.id
}

/// Each task: a unit of work that reads and writes staff users, then a single-row write.
async fn write_concurrently(databases: Vec<Database>, org: OrgId, tasks: usize) {
    let mut handles = Vec::new();
    for n in 0..tasks {
        let database = databases[n % databases.len()].clone();
        handles.push(tokio::spawn(async move {
            let now = time::OffsetDateTime::now_utc();
            let user = StaffUser {
                id: StaffUserId::from_uuid(Uuid::now_v7()),
                org_id: org,
                email: EmailAddress::parse(&format!("user{n}@c.test")).unwrap(),
                name: PersonName::parse("Concurrent User").unwrap(),
                profiles: ProfileSet::of([Profile::Agent]),
                disabled: false,
                password_hash: None,
                language: None,
                created_at: now,
                updated_at: now,
            };
            let mut uow = database.begin().await.unwrap();
            StaffUserRepository::insert(&database, uow.as_mut(), &user)
                .await
                .unwrap();
            let mut changed = user.clone();
            changed.profiles = ProfileSet::of([Profile::Agent, Profile::CaseAdmin]);
            StaffUserRepository::update(&database, uow.as_mut(), &changed)
                .await
                .unwrap();
            uow.commit().await.unwrap();
            let mut digest = [0u8; 32];
            digest[..16].copy_from_slice(Uuid::now_v7().as_bytes());
            digest[16..].copy_from_slice(user.id.as_uuid().as_bytes());
            let session = StaffSession {
                id: SessionId::from_uuid(Uuid::now_v7()),
                digest: TokenDigest::from_bytes(digest),
                org_id: org,
                user_id: user.id,
                created_at: now,
                last_seen_at: now,
                absolute_expires_at: now,
                ended_at: None,
            };
            SessionRepository::insert(&database, &session)
                .await
                .unwrap();
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    let page = databases[0]
        .list(org, PageRequest::new(None, Some(200)))
        .await
        .unwrap();
    assert_eq!(page.items.len(), tasks);
    assert!(
        page.items
            .iter()
            .all(|user| user.profiles.contains(Profile::CaseAdmin))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_sqlite_units_of_work_all_succeed() {
    let test_db = TestDatabase::sqlite().await;
    let database = test_db.database().clone();
    let org = new_org(&database).await;
    write_concurrently(vec![database], org, 20).await;
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_handles_on_one_sqlite_file_write_without_busy_errors() {
    // Two `Database`s on one file behave like two server processes: their writers contend
    // for the file lock, and BEGIN IMMEDIATE plus the busy timeout must serialise them.
    let test_db = TestDatabase::sqlite().await;
    let second = Database::connect(test_db.url()).await.unwrap();
    let org = new_org(test_db.database()).await;
    write_concurrently(vec![test_db.database().clone(), second.clone()], org, 20).await;
    second.close().await.unwrap();
    test_db.cleanup().await;
}

/// Two concurrent units of work marking one link used: exactly one wins.
async fn one_of_two_concurrent_mark_used_wins(test_db: TestDatabase) {
    use frontdesk_access::{ActionPurpose, ActionToken, ActionTokenRepository};
    let database = test_db.database().clone();
    let org = new_org(&database).await;
    let now = time::OffsetDateTime::now_utc();
    let user = StaffUser {
        id: StaffUserId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse("race@c.test").unwrap(),
        name: PersonName::parse("Race").unwrap(),
        profiles: ProfileSet::of([Profile::Admin]),
        disabled: false,
        password_hash: None,
        language: None,
        created_at: now,
        updated_at: now,
    };
    let mut digest = [7u8; 32];
    digest[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    let token = ActionToken {
        id: frontdesk_kernel::ActionTokenId::from_uuid(Uuid::now_v7()),
        org_id: org,
        user_id: user.id,
        purpose: ActionPurpose::PasswordSetup,
        digest: TokenDigest::from_bytes(digest),
        created_at: now,
        expires_at: now + time::Duration::hours(1),
        used_at: None,
    };
    let mut uow = database.begin().await.unwrap();
    StaffUserRepository::insert(&database, uow.as_mut(), &user)
        .await
        .unwrap();
    ActionTokenRepository::insert(&database, uow.as_mut(), &token)
        .await
        .unwrap();
    uow.commit().await.unwrap();

    let attempts = (0..2).map(|_| {
        let database = database.clone();
        let token = token.clone();
        tokio::spawn(async move {
            let mut uow = database.begin().await.unwrap();
            let won = database.mark_used(uow.as_mut(), &token, now).await.unwrap();
            tokio::task::yield_now().await;
            uow.commit().await.unwrap();
            won
        })
    });
    let mut wins = 0;
    for attempt in attempts.collect::<Vec<_>>() {
        wins += usize::from(attempt.await.unwrap());
    }
    assert_eq!(wins, 1, "exactly one concurrent mark_used succeeds");
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_use_holds_under_concurrency_on_both_backends() {
    one_of_two_concurrent_mark_used_wins(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        one_of_two_concurrent_mark_used_wins(test_db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_messaging_migration_follows_the_foundation() {
    let known = Database::known_migrations();
    assert_eq!(
        known,
        [
            "m20261124_000001_foundation",
            "m20261124_000002_messaging",
            "m20261124_000003_cases",
            "m20261124_000004_sharing",
            "m20261201_000005_staff_language",
            "m20261201_000006_audit_time",
            "m20261201_000007_case_assignee",
            "m20261201_000008_clients",
            "m20261201_000009_contact_users",
            "m20261201_000010_contact_user_sessions",
            "m20261201_000011_registration",
            "m20261201_000012_pending_sign_ups",
            "m20261201_000013_portal_settings",
            "m20261203_000014_pending_staff_sign_ups",
            "m20261203_000015_embed_origins",
        ]
    );
}

/// 300 messages, 4 workers claiming 10 at a time: each message is claimed exactly once.
async fn claims_are_exclusive(test_db: TestDatabase) {
    let database = test_db.database().clone();
    let subject = ContractSubject::of(&Arc::new(database.clone()));
    contract::outbox_claims_are_exclusive_under_concurrency(&subject, 300, 4, 10).await;
    let counts = database.outbox_counts().await.unwrap();
    assert_eq!(
        counts,
        frontdesk_storage::OutboxCounts {
            pending: 0,
            sending: 0,
            sent: 300,
            dead: 0
        }
    );
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_claims_each_message_exactly_once_under_concurrency() {
    claims_are_exclusive(TestDatabase::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_claims_each_message_exactly_once_under_concurrency() {
    let Some(test_db) = TestDatabase::postgres().await else {
        return;
    };
    claims_are_exclusive(test_db).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_sqlite_handles_claim_each_message_exactly_once() {
    // Two `Database`s on one file behave like two worker processes.
    let test_db = TestDatabase::sqlite().await;
    let second = Database::connect(test_db.url()).await.unwrap();
    let first = ContractSubject::of(&Arc::new(test_db.database().clone()));
    let mut subject = first.clone();
    // Workers alternate between the handles through a round-robin outbox.
    subject.outbox = Arc::new(RoundRobin {
        handles: vec![test_db.database().clone(), second.clone()],
        next: std::sync::atomic::AtomicUsize::new(0),
    });
    contract::outbox_claims_are_exclusive_under_concurrency(&subject, 200, 4, 10).await;
    assert_eq!(test_db.database().outbox_counts().await.unwrap().sent, 200);
    second.close().await.unwrap();
    test_db.cleanup().await;
}

/// An outbox that sends each call to the next of several handles on one database.
struct RoundRobin {
    handles: Vec<Database>,
    next: std::sync::atomic::AtomicUsize,
}

impl RoundRobin {
    fn pick(&self) -> &Database {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        &self.handles[n % self.handles.len()]
    }
}

#[async_trait::async_trait]
impl Outbox for RoundRobin {
    async fn enqueue(
        &self,
        uow: &mut frontdesk_kernel::Uow,
        message: &OutboundMessage,
    ) -> Result<(), RepositoryError> {
        // The unit of work belongs to the first handle.
        self.handles[0].enqueue(uow, message).await
    }
    async fn count_recent(
        &self,
        org: frontdesk_kernel::OrgId,
        to: &EmailAddress,
        kind: Option<TemplateKind>,
        since: OffsetDateTime,
    ) -> Result<u64, RepositoryError> {
        self.pick().count_recent(org, to, kind, since).await
    }
    async fn claim(
        &self,
        worker: &str,
        now: OffsetDateTime,
        lease_until: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<ClaimedMessage>, RepositoryError> {
        self.pick().claim(worker, now, lease_until, limit).await
    }
    async fn mark_sent(
        &self,
        id: MessageId,
        worker: &str,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        self.pick().mark_sent(id, worker, at).await
    }
    async fn mark_failed(
        &self,
        id: MessageId,
        worker: &str,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<bool, RepositoryError> {
        self.pick().mark_failed(id, worker, error, retry_at).await
    }
    async fn list_dead(
        &self,
        org: OrgId,
        page: PageRequest,
    ) -> Result<frontdesk_kernel::Page<DeadMessage>, RepositoryError> {
        self.pick().list_dead(org, page).await
    }
    async fn requeue_dead(
        &self,
        org: OrgId,
        id: MessageId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError> {
        self.pick().requeue_dead(org, id, at).await
    }
    async fn summary(
        &self,
        org: OrgId,
    ) -> Result<frontdesk_messaging::OutboxSummary, RepositoryError> {
        self.pick().summary(org).await
    }
}

/// Replicas starting together agree on one generated secret; later calls never generate.
async fn shared_secrets_agree(test_db: TestDatabase) {
    let database = test_db.database().clone();
    let calls: Vec<_> = (0u8..6)
        .map(|n| {
            let database = database.clone();
            tokio::spawn(async move {
                database
                    .shared_secret("captcha_hmac_key", move || vec![n; 32])
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut values = Vec::new();
    for call in calls {
        values.push(call.await.unwrap());
    }
    assert_eq!(values[0].len(), 32);
    assert!(values.iter().all(|value| *value == values[0]), "{values:?}");
    let again = database
        .shared_secret("captcha_hmac_key", || panic!("must not generate again"))
        .await
        .unwrap();
    assert_eq!(again, values[0]);
    let other = database
        .shared_secret("other", || b"x".to_vec())
        .await
        .unwrap();
    assert_eq!(other, b"x");
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_secrets_agree_on_both_backends() {
    shared_secrets_agree(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        shared_secrets_agree(test_db).await;
    }
}

/// Housekeeping removes expired replay keys and old sent mail, and keeps dead mail.
async fn purge_sweeps_messaging_rows(test_db: TestDatabase) {
    use frontdesk_kernel::CaptchaReplayStore;
    let database = test_db.database().clone();
    let org = new_org(&database).await;
    let now = time::OffsetDateTime::now_utc();
    let old = now - time::Duration::days(3);
    let message = |created_at| OutboundMessage {
        id: MessageId::from_uuid(Uuid::now_v7()),
        org_id: org,
        to: EmailAddress::parse("purge@c.test").unwrap(),
        to_name: None,
        kind: TemplateKind::Test,
        language: frontdesk_kernel::Language::En,
        data: serde_json::json!({}),
        unsubscribe_url: None,
        created_at,
    };
    let (sent_old, dead_old, sent_new) = (message(old), message(old), message(now));
    let mut uow = database.begin().await.unwrap();
    for m in [&sent_old, &dead_old, &sent_new] {
        database.enqueue(uow.as_mut(), m).await.unwrap();
    }
    uow.commit().await.unwrap();
    let claimed = database
        .claim("w", now, now + time::Duration::minutes(5), 10)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 3);
    assert!(database.mark_sent(sent_old.id, "w", now).await.unwrap());
    assert!(database.mark_sent(sent_new.id, "w", now).await.unwrap());
    assert!(
        database
            .mark_failed(dead_old.id, "w", "550", None)
            .await
            .unwrap()
    );
    assert!(database.first_use(&[1; 32], old).await.unwrap());
    assert!(
        database
            .first_use(&[2; 32], now + time::Duration::hours(1))
            .await
            .unwrap()
    );

    let purged = database
        .purge_expired(now - time::Duration::days(1), now - time::Duration::days(1))
        .await
        .unwrap();
    assert_eq!(purged, 2, "one old sent message and one expired key");
    let counts = database.outbox_counts().await.unwrap();
    assert_eq!((counts.sent, counts.dead), (1, 1));
    assert!(
        !database
            .first_use(&[2; 32], now + time::Duration::hours(1))
            .await
            .unwrap(),
        "live keys are kept"
    );
    // Dead mail stays for its retention after it was queued (3 days ago here), then goes.
    assert_eq!(
        database
            .purge_dead_mail(old - time::Duration::microseconds(1))
            .await
            .unwrap(),
        0,
        "dead mail queued after the bound is kept"
    );
    assert_eq!(
        database
            .purge_dead_mail(old + time::Duration::microseconds(1))
            .await
            .unwrap(),
        1
    );
    let counts = database.outbox_counts().await.unwrap();
    assert_eq!(
        (counts.sent, counts.dead),
        (1, 0),
        "sent mail is not purged as dead"
    );
    test_db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn purge_sweeps_messaging_rows_on_both_backends() {
    purge_sweeps_messaging_rows(TestDatabase::sqlite().await).await;
    if let Some(test_db) = TestDatabase::postgres().await {
        purge_sweeps_messaging_rows(test_db).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundled_sqlite_supports_returning() {
    let database = Database::connect("sqlite::memory:").await.unwrap();
    database.migrate().await.unwrap();
    // `claim` relies on UPDATE … RETURNING (SQLite 3.35 or later).
    let claimed = database
        .claim(
            "w",
            time::OffsetDateTime::now_utc(),
            time::OffsetDateTime::now_utc(),
            5,
        )
        .await
        .unwrap();
    assert!(claimed.is_empty());
    database.close().await.unwrap();
}
