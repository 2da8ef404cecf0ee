//! The storage contract: behaviour every implementation of the access ports must show,
//! whether it is the in-memory fake, `SQLite` or `PostgreSQL`.
//!
//! Each check is an async function taking a [`ContractSubject`] and panicking (with plain
//! `assert!`s) on a violation. Checks create their own organisations under random slugs, so
//! they may share one database. [`run_all`] runs every check that holds for fakes too;
//! [`uncommitted_work_is_rolled_back`] holds only for real databases.
//!
//! Every function here panics when the subject breaks the contract or its store fails.
#![expect(
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::too_many_lines,
    reason = "the contract suite is test code: a panic is how a check reports a violation"
)]

use std::sync::Arc;

use frontdesk_access::{
    ActionPurpose, ActionToken, ActionTokenRepository, ApiToken, ApiTokenRepository, AttemptLog,
    AuditAction, AuditEvent, AuditLog, Branding, HexColour, LifetimeKind, OrgName, OrgSlug,
    Organisation, OrganisationInitialiser, OrganisationRepository, PortalMode, Profile, ProfileSet,
    SessionRepository, StaffSession, StaffUser, StaffUserRepository, TokenLifetimePolicy,
    TokenLifetimes,
};
use frontdesk_kernel::{
    ActionTokenId, ApiTokenId, AuditEventId, EmailAddress, Language, OrgId, PageRequest,
    PasswordHash, PersonName, RepositoryError, SessionId, StaffUserId, TokenDigest,
    TransactionRunner, UnitOfWork, Uuid,
};
use time::macros::{datetime, offset};
use time::{Duration, OffsetDateTime};
use url::Url;

/// The ports under test, as shared trait objects.
#[derive(Clone)]
pub struct ContractSubject {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Creates a new organisation's starting records.
    pub initialiser: Arc<dyn OrganisationInitialiser>,
    /// Staff users.
    pub staff: Arc<dyn StaffUserRepository>,
    /// API tokens.
    pub api_tokens: Arc<dyn ApiTokenRepository>,
    /// One-time action links.
    pub action_tokens: Arc<dyn ActionTokenRepository>,
    /// Console sessions.
    pub sessions: Arc<dyn SessionRepository>,
    /// Failed-attempt counters.
    pub attempts: Arc<dyn AttemptLog>,
    /// Audit trail.
    pub audit: Arc<dyn AuditLog>,
}

impl ContractSubject {
    /// A subject whose every port is `store`.
    pub fn of<S>(store: &Arc<S>) -> Self
    where
        S: TransactionRunner
            + OrganisationRepository
            + OrganisationInitialiser
            + StaffUserRepository
            + ApiTokenRepository
            + ActionTokenRepository
            + SessionRepository
            + AttemptLog
            + AuditLog
            + 'static,
    {
        Self {
            transactions: store.clone(),
            organisations: store.clone(),
            initialiser: store.clone(),
            staff: store.clone(),
            api_tokens: store.clone(),
            action_tokens: store.clone(),
            sessions: store.clone(),
            attempts: store.clone(),
            audit: store.clone(),
        }
    }

    async fn begin(&self) -> Box<dyn UnitOfWork> {
        self.transactions
            .begin()
            .await
            .expect("begin a unit of work")
    }
}

/// A fixed instant with a microsecond part, as storage keeps it.
const T0: OffsetDateTime = datetime!(2026-03-04 05:06:07.123456 UTC);

fn random_suffix() -> String {
    // The tail of a v7 UUID is random; its head is the clock.
    let simple = Uuid::now_v7().simple().to_string();
    simple[simple.len() - 12..].to_owned()
}

fn new_org_id() -> OrgId {
    OrgId::from_uuid(Uuid::now_v7())
}

/// An organisation with a random slug, every field set to a non-default value.
fn organisation() -> Organisation {
    let mut lifetimes = TokenLifetimePolicy::default();
    lifetimes.overrides.insert(
        LifetimeKind::ShareLink,
        TokenLifetimes {
            default_seconds: 3_600,
            maximum_seconds: 86_400,
        },
    );
    Organisation {
        id: new_org_id(),
        slug: OrgSlug::parse(&format!("org-{}", random_suffix())).expect("valid slug"),
        name: OrgName::parse("Acme Ltd").expect("valid name"),
        branding: Branding {
            logo_url: Some(Url::parse("https://acme.test/logo.png").expect("valid url")),
            colour: Some(HexColour::parse("#a1b2c3").expect("valid colour")),
        },
        base_url: Url::parse("https://desk.acme.test/").expect("valid url"),
        default_language: Language::Fr,
        portal_mode: PortalMode::Private,
        lifetimes,
        created_at: T0,
    }
}

fn staff_user(org: OrgId, email: &str, profiles: &[Profile]) -> StaffUser {
    StaffUser {
        id: StaffUserId::from_uuid(Uuid::now_v7()),
        org_id: org,
        email: EmailAddress::parse(email).expect("valid email"),
        name: PersonName::parse("Jane Doe").expect("valid name"),
        profiles: ProfileSet::of(profiles.iter().copied()),
        disabled: false,
        password_hash: None,
        created_at: T0,
        updated_at: T0,
    }
}

fn digest() -> TokenDigest {
    let mut bytes = [0u8; 32];
    bytes[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    bytes[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    TokenDigest::from_bytes(bytes)
}

async fn insert_org(subject: &ContractSubject) -> Organisation {
    let org = organisation();
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert organisation");
    uow.commit().await.expect("commit");
    org
}

async fn insert_user(subject: &ContractSubject, user: &StaffUser) {
    let mut uow = subject.begin().await;
    subject
        .staff
        .insert(uow.as_mut(), user)
        .await
        .expect("insert staff user");
    uow.commit().await.expect("commit");
}

async fn insert_org_and_user(subject: &ContractSubject) -> (Organisation, StaffUser) {
    let org = insert_org(subject).await;
    let user = staff_user(org.id, "agent@acme.test", &[Profile::Agent]);
    insert_user(subject, &user).await;
    (org, user)
}

/// Organisations: insert, find, find by slug, slug conflict, default form.
pub async fn organisations(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let found = subject.organisations.find(org.id).await.expect("find");
    assert_eq!(
        found.as_ref(),
        Some(&org),
        "an organisation reads back as written"
    );
    let by_slug = subject
        .organisations
        .find_by_slug(&org.slug)
        .await
        .expect("find by slug");
    assert_eq!(by_slug.as_ref(), Some(&org));
    assert!(
        subject
            .organisations
            .find(new_org_id())
            .await
            .expect("find")
            .is_none()
    );
    let unknown = OrgSlug::parse(&format!("no-{}", random_suffix())).expect("slug");
    assert!(
        subject
            .organisations
            .find_by_slug(&unknown)
            .await
            .expect("find")
            .is_none()
    );

    let mut twin = organisation();
    twin.slug = org.slug.clone();
    let mut uow = subject.begin().await;
    let result = subject.organisations.insert(uow.as_mut(), &twin).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("slug"))),
        "a taken slug is a slug conflict, got {result:?}"
    );
    drop(uow);
    assert!(
        subject
            .organisations
            .find(twin.id)
            .await
            .expect("find")
            .is_none()
    );

    let defaults = Organisation {
        branding: Branding::default(),
        lifetimes: TokenLifetimePolicy::default(),
        portal_mode: PortalMode::Off,
        ..organisation()
    };
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &defaults)
        .await
        .expect("insert");
    let form = subject
        .initialiser
        .initialise(uow.as_mut(), &defaults)
        .await
        .expect("initialise");
    uow.commit().await.expect("commit");
    assert_eq!(form, "contact", "the default form is called contact");
    let found = subject.organisations.find(defaults.id).await.expect("find");
    assert_eq!(found, Some(defaults));
}

/// Staff users: insert, find, find by email, conflicts, update, tenant isolation.
pub async fn staff_users(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let mut user = staff_user(
        org.id,
        "Jane.Doe@Acme.TEST",
        &[Profile::Agent, Profile::CaseAdmin],
    );
    user.password_hash = Some(PasswordHash::from_phc(
        "$argon2id$v=19$m=1,t=1,p=1$c2FsdA$aGFzaA".into(),
    ));
    insert_user(subject, &user).await;

    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(user.clone())
    );
    assert!(
        subject
            .staff
            .find(other.id, user.id)
            .await
            .expect("find")
            .is_none(),
        "a user is invisible from another organisation"
    );
    let lookup = EmailAddress::parse("JANE.DOE@acme.test").expect("email");
    assert_eq!(
        subject
            .staff
            .find_by_email(org.id, &lookup)
            .await
            .expect("find by email"),
        Some(user.clone()),
        "email lookups compare normalised addresses"
    );
    assert!(
        subject
            .staff
            .find_by_email(other.id, &lookup)
            .await
            .expect("find")
            .is_none()
    );

    let duplicate = staff_user(org.id, "jane.doe@acme.test", &[Profile::Agent]);
    let mut uow = subject.begin().await;
    let result = subject.staff.insert(uow.as_mut(), &duplicate).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("email"))),
        "the same address twice in one organisation is an email conflict, got {result:?}"
    );
    drop(uow);
    let elsewhere = staff_user(other.id, "jane.doe@acme.test", &[Profile::Agent]);
    insert_user(subject, &elsewhere).await;
    assert_eq!(
        subject
            .staff
            .find_by_email(other.id, &lookup)
            .await
            .expect("find"),
        Some(elsewhere.clone()),
        "the same address may exist in another organisation"
    );

    let mut changed = user.clone();
    changed.profiles = ProfileSet::of([Profile::Admin]);
    changed.disabled = true;
    changed.password_hash = None;
    changed.updated_at = T0 + Duration::minutes(5) + Duration::microseconds(7);
    let mut uow = subject.begin().await;
    subject
        .staff
        .update(uow.as_mut(), &changed)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(changed.clone())
    );

    let mut with_password = changed.clone();
    with_password.password_hash = Some(PasswordHash::from_phc("$argon2id$v=19$new".into()));
    with_password.disabled = false;
    let mut uow = subject.begin().await;
    subject
        .staff
        .update(uow.as_mut(), &with_password)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(with_password)
    );

    let mut cross = elsewhere.clone();
    cross.org_id = org.id;
    cross.disabled = true;
    let mut uow = subject.begin().await;
    subject
        .staff
        .update(uow.as_mut(), &cross)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .staff
            .find(other.id, elsewhere.id)
            .await
            .expect("find"),
        Some(elsewhere),
        "an update naming the wrong organisation changes nothing"
    );
}

/// Staff users: id-ordered pages and the active admin count.
pub async fn staff_pagination_and_admin_count(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let mut users = [
        staff_user(org.id, "a@acme.test", &[Profile::Admin]),
        staff_user(org.id, "b@acme.test", &[Profile::Admin, Profile::Agent]),
        staff_user(org.id, "c@acme.test", &[Profile::CaseAdmin]),
    ];
    users.sort_by_key(|user| user.id);
    let mut disabled_admin = staff_user(org.id, "d@acme.test", &[Profile::Admin]);
    disabled_admin.disabled = true;
    // Insert out of order: pages follow id order, not insertion order.
    for user in users.iter().rev() {
        insert_user(subject, user).await;
    }
    insert_user(
        subject,
        &staff_user(other.id, "a@acme.test", &[Profile::Admin]),
    )
    .await;

    let first = subject
        .staff
        .list(org.id, PageRequest::new(None, Some(2)))
        .await
        .expect("list");
    assert_eq!(
        first.items,
        users[..2].to_vec(),
        "the first page holds the two oldest users"
    );
    assert_eq!(first.next_after, Some(users[1].id.as_uuid()));
    let second = subject
        .staff
        .list(org.id, PageRequest::new(first.next_after, Some(2)))
        .await
        .expect("list");
    assert_eq!(second.items, users[2..].to_vec());
    assert_eq!(second.next_after, None, "the last page has no cursor");

    assert_eq!(
        subject
            .staff
            .count_active_admins(org.id)
            .await
            .expect("count"),
        2
    );
    insert_user(subject, &disabled_admin).await;
    assert_eq!(
        subject
            .staff
            .count_active_admins(org.id)
            .await
            .expect("count"),
        2,
        "disabled admins do not count"
    );
    assert_eq!(
        subject
            .staff
            .count_active_admins(other.id)
            .await
            .expect("count"),
        1
    );
    assert_eq!(
        subject
            .staff
            .count_active_admins(new_org_id())
            .await
            .expect("count"),
        0
    );
}

/// API tokens: insert, find by digest, scoped find, revoke once.
pub async fn api_tokens(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let token = ApiToken {
        id: ApiTokenId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        user_id: user.id,
        label: "CI deploys".into(),
        digest: digest(),
        created_at: T0,
        expires_at: Some(T0 + Duration::days(30)),
        revoked_at: None,
    };
    let mut uow = subject.begin().await;
    subject
        .api_tokens
        .insert(uow.as_mut(), &token)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");

    assert_eq!(
        subject
            .api_tokens
            .find_by_digest(&token.digest)
            .await
            .expect("find"),
        Some(token.clone())
    );
    assert!(
        subject
            .api_tokens
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );
    assert_eq!(
        subject
            .api_tokens
            .find(org.id, token.id)
            .await
            .expect("find"),
        Some(token.clone())
    );
    assert!(
        subject
            .api_tokens
            .find(new_org_id(), token.id)
            .await
            .expect("find")
            .is_none(),
        "a token is invisible from another organisation"
    );

    let at = T0 + Duration::hours(1);
    let mut uow = subject.begin().await;
    assert!(
        !subject
            .api_tokens
            .revoke(uow.as_mut(), new_org_id(), token.id, at)
            .await
            .expect("revoke"),
        "another organisation cannot revoke the token"
    );
    assert!(
        subject
            .api_tokens
            .revoke(uow.as_mut(), org.id, token.id, at)
            .await
            .expect("revoke")
    );
    uow.commit().await.expect("commit");
    let mut uow = subject.begin().await;
    let later = at + Duration::hours(1);
    assert!(
        !subject
            .api_tokens
            .revoke(uow.as_mut(), org.id, token.id, later)
            .await
            .expect("revoke"),
        "revoking twice changes nothing the second time"
    );
    uow.commit().await.expect("commit");
    let stored = subject
        .api_tokens
        .find(org.id, token.id)
        .await
        .expect("find")
        .expect("token");
    assert_eq!(
        stored.revoked_at,
        Some(at),
        "the first revocation time is kept"
    );

    let no_expiry = ApiToken {
        id: ApiTokenId::from_uuid(Uuid::now_v7()),
        digest: digest(),
        expires_at: None,
        ..token
    };
    let mut uow = subject.begin().await;
    subject
        .api_tokens
        .insert(uow.as_mut(), &no_expiry)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .api_tokens
            .find(org.id, no_expiry.id)
            .await
            .expect("find"),
        Some(no_expiry)
    );
}

/// Action tokens: insert, find by digest, single use.
pub async fn action_tokens(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let token = ActionToken {
        id: ActionTokenId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        user_id: user.id,
        purpose: ActionPurpose::PasswordReset,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::hours(1),
        used_at: None,
    };
    let mut uow = subject.begin().await;
    subject
        .action_tokens
        .insert(uow.as_mut(), &token)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .action_tokens
            .find_by_digest(&token.digest)
            .await
            .expect("find"),
        Some(token.clone())
    );
    assert!(
        subject
            .action_tokens
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );

    let at = T0 + Duration::minutes(3);
    let mut uow = subject.begin().await;
    assert!(
        subject
            .action_tokens
            .mark_used(uow.as_mut(), &token, at)
            .await
            .expect("mark used")
    );
    uow.commit().await.expect("commit");
    let mut uow = subject.begin().await;
    assert!(
        !subject
            .action_tokens
            .mark_used(uow.as_mut(), &token, at)
            .await
            .expect("mark used"),
        "a link is used at most once"
    );
    uow.commit().await.expect("commit");
    let stored = subject
        .action_tokens
        .find_by_digest(&token.digest)
        .await
        .expect("find");
    assert_eq!(stored.and_then(|t| t.used_at), Some(at));
}

/// Sessions: insert, find, touch, end, end all for a user.
pub async fn sessions(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let session = |n: i64| StaffSession {
        id: SessionId::from_uuid(Uuid::now_v7()),
        digest: digest(),
        org_id: org.id,
        user_id: user.id,
        created_at: T0 + Duration::seconds(n),
        last_seen_at: T0 + Duration::seconds(n),
        absolute_expires_at: T0 + Duration::hours(12),
        ended_at: None,
    };
    let one = session(1);
    subject.sessions.insert(&one).await.expect("insert");
    assert_eq!(
        subject
            .sessions
            .find_by_digest(&one.digest)
            .await
            .expect("find"),
        Some(one.clone())
    );
    assert!(
        subject
            .sessions
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );

    let seen = T0 + Duration::minutes(10) + Duration::microseconds(1);
    subject.sessions.touch(&one, seen).await.expect("touch");
    let stored = subject
        .sessions
        .find_by_digest(&one.digest)
        .await
        .expect("find")
        .expect("session");
    assert_eq!(stored.last_seen_at, seen);
    assert_eq!(stored.ended_at, None);

    let ended = T0 + Duration::minutes(11);
    subject.sessions.end(&one, ended).await.expect("end");
    let stored = subject
        .sessions
        .find_by_digest(&one.digest)
        .await
        .expect("find")
        .expect("session");
    assert_eq!(stored.ended_at, Some(ended));

    let two = session(2);
    let three = session(3);
    subject.sessions.insert(&two).await.expect("insert");
    subject.sessions.insert(&three).await.expect("insert");
    assert_eq!(
        subject
            .sessions
            .end_all_for_user(new_org_id(), user.id, ended)
            .await
            .expect("end all"),
        0,
        "another organisation ends nothing"
    );
    let all_ended = T0 + Duration::minutes(20);
    assert_eq!(
        subject
            .sessions
            .end_all_for_user(org.id, user.id, all_ended)
            .await
            .expect("end all"),
        2,
        "only open sessions are counted"
    );
    assert_eq!(
        subject
            .sessions
            .end_all_for_user(org.id, user.id, all_ended)
            .await
            .expect("end all"),
        0
    );
    for open in [&two, &three] {
        let stored = subject
            .sessions
            .find_by_digest(&open.digest)
            .await
            .expect("find")
            .expect("session");
        assert_eq!(stored.ended_at, Some(all_ended));
    }
    let stored = subject
        .sessions
        .find_by_digest(&one.digest)
        .await
        .expect("find")
        .expect("session");
    assert_eq!(
        stored.ended_at,
        Some(ended),
        "an ended session keeps its end time"
    );
}

/// Failed attempts: record, count within a window (strictly after `since`), clear.
pub async fn attempts(subject: &ContractSubject) {
    let key = format!("account:{}", random_suffix());
    let other = format!("ip:{}", random_suffix());
    let times = [
        T0,
        T0 + Duration::microseconds(500_000),
        T0 + Duration::seconds(1),
        T0 + Duration::seconds(1) + Duration::microseconds(1),
        T0 + Duration::minutes(5),
    ];
    for at in times.iter().rev() {
        subject
            .attempts
            .record_failure(&key, *at)
            .await
            .expect("record");
    }
    subject
        .attempts
        .record_failure(&other, T0)
        .await
        .expect("record");

    let all = subject
        .attempts
        .failures_since(&key, T0 - Duration::seconds(1))
        .await
        .expect("since");
    assert_eq!(all, times.to_vec(), "failures come back oldest first");
    let after_first = subject
        .attempts
        .failures_since(&key, T0)
        .await
        .expect("since");
    assert_eq!(
        after_first,
        times[1..].to_vec(),
        "the window starts strictly after since"
    );
    let sub_second = subject
        .attempts
        .failures_since(&key, T0 + Duration::microseconds(499_999))
        .await
        .expect("since");
    assert_eq!(
        sub_second,
        times[1..].to_vec(),
        "the window is exact to the microsecond"
    );
    let after_second = subject
        .attempts
        .failures_since(&key, T0 + Duration::seconds(1))
        .await
        .expect("since");
    assert_eq!(after_second, times[3..].to_vec());
    assert!(
        subject
            .attempts
            .failures_since(&key, T0 + Duration::hours(1))
            .await
            .expect("since")
            .is_empty()
    );

    subject.attempts.clear(&key).await.expect("clear");
    assert!(
        subject
            .attempts
            .failures_since(&key, T0 - Duration::days(1))
            .await
            .expect("since")
            .is_empty()
    );
    assert_eq!(
        subject
            .attempts
            .failures_since(&other, T0 - Duration::days(1))
            .await
            .expect("since"),
        vec![T0],
        "clearing one key leaves the others"
    );
}

/// Audit: events are accepted inside a unit of work, with and without optional parts.
pub async fn audit(subject: &ContractSubject) {
    let (org, user) = insert_org_and_user(subject).await;
    let full = AuditEvent {
        id: AuditEventId::from_uuid(Uuid::now_v7()),
        org_id: Some(org.id),
        actor: Some(user.id),
        action: AuditAction::StaffUserChanged,
        subject: Some(user.id.to_string()),
        detail: "profiles=admin".into(),
        at: T0,
    };
    let bare = AuditEvent {
        id: AuditEventId::from_uuid(Uuid::now_v7()),
        org_id: None,
        actor: None,
        action: AuditAction::SignInFailed,
        subject: None,
        detail: String::new(),
        at: T0,
    };
    let mut uow = subject.begin().await;
    subject
        .audit
        .record(uow.as_mut(), &full)
        .await
        .expect("record");
    subject
        .audit
        .record(uow.as_mut(), &bare)
        .await
        .expect("record");
    uow.commit().await.expect("commit");
}

/// Timestamps come back exactly, to the microsecond, whatever offset they were written in.
pub async fn timestamps_round_trip(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let instants = [
        datetime!(2026-01-01 0:00 UTC),
        datetime!(2026-07-15 23:59:59.999999 UTC),
        datetime!(1999-12-31 23:59:59.000001 UTC),
        datetime!(2026-03-29 01:30:00.5 UTC),
        datetime!(2026-06-01 12:00:00.25 +02:00),
        datetime!(2026-06-01 12:00:00.000010 -05:30),
    ];
    for at in instants {
        let mut user = staff_user(
            org.id,
            &format!("t{}@acme.test", random_suffix()),
            &[Profile::Agent],
        );
        user.created_at = at;
        user.updated_at = at.to_offset(offset!(+9));
        insert_user(subject, &user).await;
        let stored = subject
            .staff
            .find(org.id, user.id)
            .await
            .expect("find")
            .expect("user");
        assert_eq!(stored.created_at, at, "{at} round-trips");
        assert_eq!(stored.updated_at, at, "{at} round-trips");
    }
}

/// Work that was never committed leaves no trace. Real databases only: the fakes apply
/// writes at once.
pub async fn uncommitted_work_is_rolled_back(subject: &ContractSubject) {
    let org = organisation();
    let user = staff_user(org.id, "gone@acme.test", &[Profile::Admin]);
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert");
    subject
        .initialiser
        .initialise(uow.as_mut(), &org)
        .await
        .expect("initialise");
    subject
        .staff
        .insert(uow.as_mut(), &user)
        .await
        .expect("insert");
    drop(uow);
    assert!(
        subject
            .organisations
            .find(org.id)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .organisations
            .find_by_slug(&org.slug)
            .await
            .expect("find")
            .is_none()
    );
    assert!(
        subject
            .staff
            .find(org.id, user.id)
            .await
            .expect("find")
            .is_none()
    );

    // The same records can be written afterwards: nothing half-written blocks them.
    let mut uow = subject.begin().await;
    subject
        .organisations
        .insert(uow.as_mut(), &org)
        .await
        .expect("insert");
    subject
        .initialiser
        .initialise(uow.as_mut(), &org)
        .await
        .expect("initialise");
    subject
        .staff
        .insert(uow.as_mut(), &user)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.organisations.find(org.id).await.expect("find"),
        Some(org.clone())
    );
    assert_eq!(
        subject.staff.find(org.id, user.id).await.expect("find"),
        Some(user)
    );
}

/// Runs every check that holds for every implementation, fakes included.
pub async fn run_all(subject: &ContractSubject) {
    organisations(subject).await;
    staff_users(subject).await;
    staff_pagination_and_admin_count(subject).await;
    api_tokens(subject).await;
    action_tokens(subject).await;
    sessions(subject).await;
    attempts(subject).await;
    audit(subject).await;
    timestamps_round_trip(subject).await;
}
