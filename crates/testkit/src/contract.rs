//! The storage contract: behaviour every implementation of the access and messaging ports
//! must show, whether it is the in-memory fake, `SQLite` or `PostgreSQL`.
//!
//! Each check is an async function taking a [`ContractSubject`] and panicking (with plain
//! `assert!`s) on a violation. Checks create their own organisations under random slugs, so
//! they may share one database. Outbox checks first drain every due message (claiming it
//! far in the future and marking it sent), so they must not run concurrently with other
//! outbox work on the same store. [`run_all`] runs every check that holds for fakes too;
//! [`uncommitted_work_is_rolled_back`] holds only for real databases.
//!
//! Every function here panics when the subject breaks the contract or its store fails.
#![expect(
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::too_many_lines,
    reason = "the contract suite is test code: a panic is how a check reports a violation"
)]

use std::collections::HashMap;
use std::sync::Arc;

use crate::{InMemoryCasesStore, InMemoryStore};
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
use frontdesk_kernel::{CaptchaReplayStore, MessageId};
use frontdesk_messaging::{
    ClaimedMessage, MailTemplate, OutboundMessage, Outbox, TemplateKind, TemplateStore,
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
    /// The mail outbox.
    pub outbox: Arc<dyn Outbox>,
    /// Mail template overrides.
    pub templates: Arc<dyn TemplateStore>,
    /// Used captcha solutions.
    pub replays: Arc<dyn CaptchaReplayStore>,
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
            + Outbox
            + TemplateStore
            + CaptchaReplayStore
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
            outbox: store.clone(),
            templates: store.clone(),
            replays: store.clone(),
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
    outbox_enqueue_is_transactional(subject).await;
    attempts_recorded_in_work_land_with_it(subject).await;
    captcha_replays_recorded_in_work_land_with_it(subject).await;
}

/// A captcha replay key recorded inside a unit of work is taken only once the work commits.
/// Real databases only: the fakes apply writes at once.
pub async fn captcha_replays_recorded_in_work_land_with_it(subject: &ContractSubject) {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    let expires_at = OffsetDateTime::now_utc() + Duration::minutes(10);
    let replays = subject.replays.as_ref();
    let first_use_in = async |uow: &mut Box<dyn UnitOfWork>| {
        replays
            .first_use_in(uow.as_mut(), &key, expires_at)
            .await
            .expect("first use")
    };
    let mut uow = subject.begin().await;
    assert!(first_use_in(&mut uow).await);
    drop(uow);
    let mut uow = subject.begin().await;
    assert!(
        first_use_in(&mut uow).await,
        "a key recorded in rolled-back work is still free"
    );
    uow.commit().await.expect("commit");
    assert!(
        !subject
            .replays
            .first_use(&key, expires_at)
            .await
            .expect("first use"),
        "committed: the key is taken"
    );
    let mut uow = subject.begin().await;
    assert!(!first_use_in(&mut uow).await, "also inside later work");
}

/// An attempt recorded inside a unit of work lands only when the work commits. Real
/// databases only: the fakes apply writes at once.
pub async fn attempts_recorded_in_work_land_with_it(subject: &ContractSubject) {
    let key = format!("intake:{}", random_suffix());
    let count = || async {
        subject
            .attempts
            .failures_since(&key, T0 - Duration::days(1))
            .await
            .expect("since")
    };
    let mut uow = subject.begin().await;
    subject
        .attempts
        .record_failure_in(uow.as_mut(), &key, T0)
        .await
        .expect("record");
    drop(uow);
    assert!(count().await.is_empty(), "rolled back with its work");
    let mut uow = subject.begin().await;
    subject
        .attempts
        .record_failure_in(uow.as_mut(), &key, T0 + Duration::seconds(1))
        .await
        .expect("record");
    uow.commit().await.expect("commit");
    assert_eq!(count().await, vec![T0 + Duration::seconds(1)]);
}

/// Runs every check that holds for every implementation, fakes included.
pub async fn run_all(subject: &ContractSubject) {
    run_access(subject).await;
    run_messaging(subject).await;
}

/// Runs every messaging check (outbox, templates, captcha replays) that holds for every
/// implementation, fakes included.
pub async fn run_messaging(subject: &ContractSubject) {
    outbox_claims_and_leases(subject).await;
    outbox_failures_and_dead_letters(subject).await;
    outbox_counts_recent_messages(subject).await;
    mail_templates(subject).await;
    captcha_replays(subject).await;
}

/// Runs every access check that holds for every implementation, fakes included.
pub async fn run_access(subject: &ContractSubject) {
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

/// Far enough ahead that every message in the store is due.
const FAR_FUTURE: OffsetDateTime = datetime!(9000-01-01 0:00 UTC);

/// Claims every due message in the store and marks it sent, so the outbox checks that follow
/// see only their own messages.
async fn drain_outbox(subject: &ContractSubject) {
    loop {
        let claimed = subject
            .outbox
            .claim(
                "contract-janitor",
                FAR_FUTURE,
                FAR_FUTURE + Duration::hours(1),
                500,
            )
            .await
            .expect("claim");
        if claimed.is_empty() {
            return;
        }
        for claim in claimed {
            subject
                .outbox
                .mark_sent(claim.message.id, "contract-janitor", FAR_FUTURE)
                .await
                .expect("mark sent");
        }
    }
}

/// A message with every optional part set, enqueued at `created_at`.
fn outbound(
    org: OrgId,
    to: &str,
    kind: TemplateKind,
    created_at: OffsetDateTime,
) -> OutboundMessage {
    OutboundMessage {
        id: MessageId::from_uuid(Uuid::now_v7()),
        org_id: org,
        to: EmailAddress::parse(to).expect("valid email"),
        to_name: Some(PersonName::parse("Jane Doe").expect("valid name")),
        kind,
        language: Language::Fr,
        data: serde_json::json!({
            "case_url": "https://desk.acme.test/g/fdg_x",
            "count": 3,
            "nested": {"list": [1, "two", null, true]},
            "quote": "l'\u{e9}t\u{e9} \"chaud\" <b>",
        }),
        unsubscribe_url: Some("https://desk.acme.test/u/fdu_x".to_owned()),
        created_at,
    }
}

async fn enqueue_all(subject: &ContractSubject, messages: &[&OutboundMessage]) {
    let mut uow = subject.begin().await;
    for message in messages {
        subject
            .outbox
            .enqueue(uow.as_mut(), message)
            .await
            .expect("enqueue");
    }
    uow.commit().await.expect("commit");
}

async fn claim(
    subject: &ContractSubject,
    worker: &str,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: u32,
) -> Vec<ClaimedMessage> {
    subject
        .outbox
        .claim(worker, now, lease_until, limit)
        .await
        .expect("claim")
}

fn ids(claimed: &[ClaimedMessage]) -> Vec<(MessageId, u32)> {
    claimed
        .iter()
        .map(|claim| (claim.message.id, claim.attempt))
        .collect()
}

/// Outbox: claims honour availability and leases, an expired lease is re-claimable with the
/// next attempt, only the lease holder can mark a message sent, oldest messages go first.
pub async fn outbox_claims_and_leases(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let to = format!("lease-{}@acme.test", random_suffix());
    let early = outbound(org.id, &to, TemplateKind::PasswordReset, T0);
    let mut minimal = outbound(org.id, &to, TemplateKind::Test, T0 + Duration::minutes(8));
    minimal.to_name = None;
    minimal.unsubscribe_url = None;
    minimal.language = Language::En;
    minimal.data = serde_json::json!({});
    let late = outbound(
        org.id,
        &to,
        TemplateKind::CaseNotification,
        T0 + Duration::minutes(10),
    );
    enqueue_all(subject, &[&late, &early, &minimal]).await;

    let first = claim(
        subject,
        "w1",
        T0 + Duration::minutes(1),
        T0 + Duration::minutes(6),
        10,
    )
    .await;
    assert_eq!(
        first,
        vec![ClaimedMessage {
            message: early.clone(),
            attempt: 1
        }],
        "only the message already available is claimed, exactly as enqueued"
    );
    assert!(
        claim(
            subject,
            "w2",
            T0 + Duration::minutes(2),
            T0 + Duration::minutes(7),
            10
        )
        .await
        .is_empty(),
        "a leased message is not claimed again before its lease ends"
    );
    let reclaimed = claim(
        subject,
        "w2",
        T0 + Duration::minutes(7),
        T0 + Duration::minutes(12),
        10,
    )
    .await;
    assert_eq!(
        ids(&reclaimed),
        vec![(early.id, 2)],
        "after the lease ends the message is claimable again, as attempt 2"
    );
    assert!(
        !subject
            .outbox
            .mark_sent(early.id, "w1", T0 + Duration::minutes(8))
            .await
            .expect("mark sent"),
        "a worker that lost its lease cannot mark the message sent"
    );
    assert!(
        subject
            .outbox
            .mark_sent(early.id, "w2", T0 + Duration::minutes(8))
            .await
            .expect("mark sent")
    );
    assert!(
        !subject
            .outbox
            .mark_sent(early.id, "w2", T0 + Duration::minutes(8))
            .await
            .expect("mark sent"),
        "a sent message is not sent twice"
    );

    let now = T0 + Duration::minutes(11);
    let lease = T0 + Duration::minutes(20);
    let oldest = claim(subject, "w3", now, lease, 1).await;
    assert_eq!(
        oldest,
        vec![ClaimedMessage {
            message: minimal.clone(),
            attempt: 1
        }],
        "the limit is honoured, oldest first; absent optional parts stay absent"
    );
    let rest = claim(subject, "w3", now, lease, 10).await;
    assert_eq!(ids(&rest), vec![(late.id, 1)]);
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[minimal.id, late.id, early.id], "w4", now)
            .await
            .expect("mark sent"),
        0,
        "another worker marks none of them"
    );
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[minimal.id, late.id, early.id], "w3", now)
            .await
            .expect("mark sent"),
        2,
        "the lease holder marks its two; the one already sent stays as it was"
    );
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[minimal.id, late.id], "w3", now)
            .await
            .expect("mark sent"),
        0,
        "a sent message is not sent twice"
    );
    assert_eq!(
        subject
            .outbox
            .mark_sent_many(&[], "w3", now)
            .await
            .expect("mark sent"),
        0
    );
    assert!(
        claim(subject, "w4", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty(),
        "sent messages are never claimed again"
    );
    assert!(
        claim(subject, "w4", FAR_FUTURE, FAR_FUTURE, 0)
            .await
            .is_empty()
    );
}

/// Outbox: failures retry later or die; dead messages are listed per organisation in pages
/// and can be requeued with a fresh attempt count.
pub async fn outbox_failures_and_dead_letters(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let to = format!("dead-{}@acme.test", random_suffix());
    let one = outbound(org.id, &to, TemplateKind::Activation, T0);
    let two = outbound(org.id, &to, TemplateKind::Invitation, T0);
    let three = outbound(other.id, &to, TemplateKind::ShareLink, T0);
    enqueue_all(subject, &[&one, &two, &three]).await;
    let lease = T0 + Duration::hours(2);
    let claimed = claim(subject, "w", T0 + Duration::seconds(1), lease, 10).await;
    assert_eq!(claimed.len(), 3);

    assert!(
        !subject
            .outbox
            .mark_failed(one.id, "intruder", "nope", None)
            .await
            .expect("mark failed"),
        "only the lease holder records a failure"
    );
    let retry_at = T0 + Duration::hours(1);
    assert!(
        subject
            .outbox
            .mark_failed(one.id, "w", "connection timed out", Some(retry_at))
            .await
            .expect("mark failed")
    );
    assert!(
        !subject
            .outbox
            .mark_failed(one.id, "w", "again", Some(retry_at))
            .await
            .expect("mark failed"),
        "a message no longer leased cannot fail again"
    );
    assert!(
        claim(
            subject,
            "w",
            retry_at - Duration::microseconds(1),
            lease,
            10
        )
        .await
        .is_empty(),
        "a retry waits for its time"
    );
    let retried = claim(subject, "w", retry_at, lease, 10).await;
    assert_eq!(ids(&retried), vec![(one.id, 2)], "retries count attempts");

    let long_error = "\u{e9}".repeat(1_500);
    for (message, error) in [
        (&one, long_error.as_str()),
        (&two, "550 mailbox unavailable"),
        (&three, "550 no such user"),
    ] {
        assert!(
            subject
                .outbox
                .mark_failed(message.id, "w", error, None)
                .await
                .expect("mark failed")
        );
    }
    assert!(
        claim(subject, "w", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty(),
        "dead messages are never claimed"
    );

    let mut ours = [one.clone(), two.clone()];
    ours.sort_by_key(|message| message.id);
    let first = subject
        .outbox
        .list_dead(org.id, PageRequest::new(None, Some(1)))
        .await
        .expect("list dead");
    assert_eq!(first.items.len(), 1);
    assert_eq!(first.items[0].message, ours[0]);
    assert_eq!(first.next_after, Some(ours[0].id.as_uuid()));
    let second = subject
        .outbox
        .list_dead(org.id, PageRequest::new(first.next_after, Some(1)))
        .await
        .expect("list dead");
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.items[0].message, ours[1]);
    assert_eq!(second.next_after, None);
    let all = subject
        .outbox
        .list_dead(org.id, PageRequest::new(None, Some(10)))
        .await
        .expect("list dead");
    let dead_one = all
        .items
        .iter()
        .find(|dead| dead.message.id == one.id)
        .expect("dead message listed");
    assert_eq!(dead_one.attempts, 2);
    assert_eq!(
        dead_one.last_error.as_deref().map(|e| e.chars().count()),
        Some(1_000),
        "long errors are cut to 1000 characters"
    );
    let dead_two = all
        .items
        .iter()
        .find(|dead| dead.message.id == two.id)
        .expect("dead message listed");
    assert_eq!(dead_two.attempts, 1);
    assert_eq!(
        dead_two.last_error.as_deref(),
        Some("550 mailbox unavailable")
    );
    let theirs = subject
        .outbox
        .list_dead(other.id, PageRequest::new(None, Some(10)))
        .await
        .expect("list dead");
    assert_eq!(
        theirs
            .items
            .iter()
            .map(|dead| dead.message.id)
            .collect::<Vec<_>>(),
        vec![three.id],
        "dead messages are listed per organisation"
    );

    let requeue_at = T0 + Duration::hours(3);
    assert!(
        !subject
            .outbox
            .requeue_dead(other.id, one.id, requeue_at)
            .await
            .expect("requeue"),
        "another organisation cannot requeue the message"
    );
    assert!(
        subject
            .outbox
            .requeue_dead(org.id, one.id, requeue_at)
            .await
            .expect("requeue")
    );
    assert!(
        !subject
            .outbox
            .requeue_dead(org.id, one.id, requeue_at)
            .await
            .expect("requeue"),
        "only dead messages are requeued"
    );
    let remaining = subject
        .outbox
        .list_dead(org.id, PageRequest::new(None, Some(10)))
        .await
        .expect("list dead");
    assert_eq!(
        remaining
            .items
            .iter()
            .map(|dead| dead.message.id)
            .collect::<Vec<_>>(),
        vec![two.id]
    );
    assert!(
        claim(
            subject,
            "w",
            requeue_at - Duration::microseconds(1),
            FAR_FUTURE,
            10
        )
        .await
        .is_empty()
    );
    let again = claim(subject, "w", requeue_at, FAR_FUTURE, 10).await;
    assert_eq!(
        ids(&again),
        vec![(one.id, 1)],
        "a requeued message starts counting attempts afresh"
    );
    assert!(
        subject
            .outbox
            .mark_sent(one.id, "w", requeue_at)
            .await
            .expect("mark sent")
    );
}

/// Outbox: recent messages are counted per normalised recipient, strictly after `since`,
/// of one kind when asked.
pub async fn outbox_counts_recent_messages(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let suffix = random_suffix();
    let to = format!("Count-{suffix}@Acme.TEST");
    let lookup = EmailAddress::parse(&format!("count-{suffix}@acme.test")).expect("email");
    let elsewhere = EmailAddress::parse(&format!("else-{suffix}@acme.test")).expect("email");
    let reset = TemplateKind::PasswordReset;
    let messages = [
        outbound(org.id, &to, reset, T0),
        outbound(org.id, &to, reset, T0 + Duration::microseconds(1)),
        outbound(org.id, &to, TemplateKind::Test, T0 + Duration::minutes(2)),
        outbound(org.id, elsewhere.as_str(), reset, T0),
    ];
    enqueue_all(subject, &messages.iter().collect::<Vec<_>>()).await;
    let count = |to: &EmailAddress, kind: Option<TemplateKind>, since: OffsetDateTime| {
        let to = to.clone();
        async move {
            subject
                .outbox
                .count_recent(&to, kind, since)
                .await
                .expect("count recent")
        }
    };
    let before = T0 - Duration::seconds(1);
    assert_eq!(
        count(&lookup, None, before).await,
        3,
        "addresses compare normalised"
    );
    assert_eq!(count(&lookup, Some(reset), before).await, 2);
    assert_eq!(count(&lookup, Some(TemplateKind::Test), before).await, 1);
    assert_eq!(
        count(&lookup, Some(TemplateKind::Activation), before).await,
        0
    );
    assert_eq!(
        count(&lookup, Some(reset), T0).await,
        1,
        "the window starts strictly after since, to the microsecond"
    );
    assert_eq!(count(&lookup, None, T0 + Duration::minutes(2)).await, 0);
    assert_eq!(count(&elsewhere, None, before).await, 1);
    let mut uow = subject.begin().await;
    for (kind, kind_since, all_since, expected) in [
        (reset, before, before, (2, 3)),
        (reset, T0, before, (1, 3)),
        (TemplateKind::Test, before, T0, (1, 2)),
        (
            TemplateKind::Activation,
            before,
            T0 + Duration::minutes(2),
            (0, 0),
        ),
        (
            reset,
            T0 + Duration::minutes(1),
            T0 - Duration::days(1),
            (0, 3),
        ),
    ] {
        let counts = subject
            .outbox
            .recent_counts_in(uow.as_mut(), &lookup, kind, kind_since, all_since)
            .await
            .expect("recent counts");
        assert_eq!(
            (counts.of_kind, counts.all),
            expected,
            "{kind:?} since {kind_since}, all since {all_since}"
        );
    }
    drop(uow);
    drain_outbox(subject).await;
    assert_eq!(
        count(&lookup, None, before).await,
        3,
        "sent messages still count"
    );
}

/// The outbox takes part in the caller's unit of work: a message enqueued in work that was
/// never committed does not exist. Real databases only: the fakes apply writes at once.
pub async fn outbox_enqueue_is_transactional(subject: &ContractSubject) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let to = format!("tx-{}@acme.test", random_suffix());
    let message = outbound(org.id, &to, TemplateKind::Test, T0);
    let lookup = message.to.clone();
    let mut uow = subject.begin().await;
    subject
        .outbox
        .enqueue(uow.as_mut(), &message)
        .await
        .expect("enqueue");
    drop(uow);
    assert_eq!(
        subject
            .outbox
            .count_recent(&lookup, None, T0 - Duration::days(1))
            .await
            .expect("count"),
        0,
        "a rolled-back message does not exist"
    );
    assert!(
        claim(subject, "w", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty()
    );
    enqueue_all(subject, &[&message]).await;
    assert_eq!(
        subject
            .outbox
            .count_recent(&lookup, None, T0 - Duration::days(1))
            .await
            .expect("count"),
        1
    );
    let claimed = claim(subject, "w", T0, FAR_FUTURE, 10).await;
    assert_eq!(ids(&claimed), vec![(message.id, 1)]);
    assert!(
        subject
            .outbox
            .mark_sent(message.id, "w", T0)
            .await
            .expect("mark sent")
    );
}

/// Outbox under concurrency: `workers` tasks loop claiming `batch` messages and marking them
/// sent until none are left; every one of `messages` messages is claimed exactly once.
/// Needs a multi-threaded runtime to be a real test.
pub async fn outbox_claims_are_exclusive_under_concurrency(
    subject: &ContractSubject,
    messages: usize,
    workers: usize,
    batch: u32,
) {
    drain_outbox(subject).await;
    let org = insert_org(subject).await;
    let base = T0 + Duration::days(1);
    let all: Vec<OutboundMessage> = (0..messages)
        .map(|n| {
            let offset = i64::try_from(n).expect("small count");
            outbound(
                org.id,
                &format!("load{n}@acme.test"),
                TemplateKind::Test,
                base + Duration::microseconds(offset),
            )
        })
        .collect();
    for chunk in all.chunks(50) {
        enqueue_all(subject, &chunk.iter().collect::<Vec<_>>()).await;
    }
    let now = base + Duration::hours(1);
    let tasks: Vec<_> = (0..workers)
        .map(|n| {
            let outbox = subject.outbox.clone();
            async move {
                let worker = format!("worker-{n}");
                let mut claimed = Vec::new();
                loop {
                    let batch = outbox
                        .claim(&worker, now, FAR_FUTURE, batch)
                        .await
                        .expect("claim");
                    if batch.is_empty() {
                        return claimed;
                    }
                    for claim in batch {
                        assert_eq!(claim.attempt, 1, "no message is attempted twice");
                        assert!(
                            outbox
                                .mark_sent(claim.message.id, &worker, now)
                                .await
                                .expect("mark sent"),
                            "the claiming worker holds the lease"
                        );
                        claimed.push(claim.message.id);
                    }
                }
            }
        })
        .collect();
    // The workers' futures run concurrently (interleaving at every await on the store).
    let mut claims: HashMap<MessageId, usize> = HashMap::new();
    for claimed in futures::future::join_all(tasks).await {
        for id in claimed {
            *claims.entry(id).or_default() += 1;
        }
    }
    assert_eq!(claims.len(), messages, "every message was claimed");
    assert!(
        claims.values().all(|n| *n == 1),
        "no message was claimed twice"
    );
    assert!(all.iter().all(|message| claims.contains_key(&message.id)));
    assert!(
        claim(subject, "late", FAR_FUTURE, FAR_FUTURE, 10)
            .await
            .is_empty(),
        "everything was sent"
    );
}

fn template(marker: &str) -> MailTemplate {
    MailTemplate {
        subject: format!("Hello {{{{name}}}} {marker}"),
        html: format!("<p>\u{e9}t\u{e9} {{{{action_url}}}}</p> {marker}"),
        text: format!("Go to {{{{action_url}}}}\n{marker}"),
    }
}

/// Templates: save, find, replace, delete, scoped by organisation, kind and language.
pub async fn mail_templates(subject: &ContractSubject) {
    let org = insert_org(subject).await;
    let other = insert_org(subject).await;
    let kind = TemplateKind::PasswordReset;
    let store = &subject.templates;
    assert!(
        store
            .find(org.id, kind, Language::Fr)
            .await
            .expect("find")
            .is_none()
    );
    store
        .save(org.id, kind, Language::Fr, &template("one"), T0)
        .await
        .expect("save");
    assert_eq!(
        store.find(org.id, kind, Language::Fr).await.expect("find"),
        Some(template("one"))
    );
    for (org_id, kind, language) in [
        (other.id, kind, Language::Fr),
        (org.id, TemplateKind::Activation, Language::Fr),
        (org.id, kind, Language::En),
    ] {
        assert!(
            store
                .find(org_id, kind, language)
                .await
                .expect("find")
                .is_none(),
            "overrides are per organisation, kind and language"
        );
    }
    store
        .save(
            org.id,
            kind,
            Language::Fr,
            &template("two"),
            T0 + Duration::minutes(1),
        )
        .await
        .expect("save again");
    assert_eq!(
        store.find(org.id, kind, Language::Fr).await.expect("find"),
        Some(template("two")),
        "saving again replaces the override"
    );
    store
        .save(org.id, kind, Language::En, &template("en"), T0)
        .await
        .expect("save");
    assert!(
        !store
            .delete(other.id, kind, Language::Fr)
            .await
            .expect("delete"),
        "another organisation deletes nothing"
    );
    assert!(
        store
            .delete(org.id, kind, Language::Fr)
            .await
            .expect("delete")
    );
    assert!(
        !store
            .delete(org.id, kind, Language::Fr)
            .await
            .expect("delete")
    );
    assert!(
        store
            .find(org.id, kind, Language::Fr)
            .await
            .expect("find")
            .is_none()
    );
    assert_eq!(
        store.find(org.id, kind, Language::En).await.expect("find"),
        Some(template("en")),
        "deleting one language keeps the other"
    );
}

fn replay_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    key[..16].copy_from_slice(Uuid::now_v7().as_bytes());
    key[16..].copy_from_slice(Uuid::now_v7().as_bytes());
    key
}

/// Captcha replays: a key is accepted once until it expires, then accepted again. Expiry is
/// judged against the wall clock (the port passes no time).
pub async fn captcha_replays(subject: &ContractSubject) {
    let now = OffsetDateTime::now_utc();
    let key = replay_key();
    let replays = &subject.replays;
    assert!(
        replays
            .first_use(&key, now + Duration::hours(1))
            .await
            .expect("first use")
    );
    assert!(
        !replays
            .first_use(&key, now + Duration::hours(1))
            .await
            .expect("first use"),
        "a second use of the same key is a replay"
    );
    assert!(
        replays
            .first_use(&replay_key(), now + Duration::hours(1))
            .await
            .expect("first use"),
        "other keys are unaffected"
    );
    let expired = replay_key();
    assert!(
        replays
            .first_use(&expired, now - Duration::seconds(1))
            .await
            .expect("first use")
    );
    assert!(
        replays
            .first_use(&expired, now + Duration::hours(1))
            .await
            .expect("first use"),
        "an expired key may be used again"
    );
    assert!(
        !replays
            .first_use(&expired, now + Duration::hours(1))
            .await
            .expect("first use"),
        "and is then remembered again"
    );
}

// ---------------------------------------------------------------------------------------
// Cases and contacts
// ---------------------------------------------------------------------------------------

use frontdesk_cases::{
    Author, Case, CaseFilter, CaseInContext, CaseNumber, CaseRepository, CaseStatus,
    CaseViewReader, FieldConfig, Form, FormField, FormRepository, FormSlug, GuestAccess,
    GuestAccessRepository, IdempotencyRepository, Priority, SubmittedContact, TimelineEntry,
    TimelineEvent, TimelineRepository, UnsubscribeGrant, Visibility,
};
use frontdesk_contacts::{Contact, ContactRepository, Phone, PostalAddress};
use frontdesk_kernel::{CaseId, ContactId, FormId, GuestAccessId, TimelineEntryId};

/// The cases and contacts ports under test, as shared trait objects. Separate from
/// [`ContractSubject`] so that the access and messaging suite keeps running on stores that
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
    /// The joined reads behind the public pages.
    pub views: Arc<dyn CaseViewReader>,
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
            + CaseViewReader
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
            views: store.clone(),
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
            views: crate::composed_views(store, cases),
        }
    }

    async fn begin(&self) -> Box<dyn UnitOfWork> {
        self.transactions
            .begin()
            .await
            .expect("begin a unit of work")
    }
}

/// A new organisation with its default form; returns it and the default form's slug.
async fn cases_org(subject: &CasesContractSubject) -> Organisation {
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

fn form(org: OrgId, slug: &str) -> Form {
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

async fn insert_form(subject: &CasesContractSubject, org: OrgId, slug: &str) -> Form {
    let form = form(org, slug);
    subject.forms.insert(&form).await.expect("insert form");
    form
}

fn contact(org: OrgId, email: &str) -> Contact {
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
    }
}

async fn insert_contact(subject: &CasesContractSubject, org: OrgId, email: &str) -> Contact {
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
async fn insert_case(
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
        created_at: T0 + Duration::microseconds(7),
        updated_at: T0 + Duration::microseconds(7),
    };
    subject
        .cases
        .insert(uow.as_mut(), &case)
        .await
        .expect("insert case");
    uow.commit().await.expect("commit");
    case
}

/// Forms: the default form, insert, find, find by slug, slug conflict, update, tenant
/// isolation.
pub async fn cases_forms(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;

    let contact_slug = FormSlug::parse("contact").expect("slug");
    let default = subject
        .forms
        .find_by_slug(org.id, &contact_slug)
        .await
        .expect("find")
        .expect("every organisation starts with the contact form");
    assert_eq!(default.org_id, org.id);
    assert_eq!(default.default_language, org.default_language);
    assert_eq!(default.fields, Form::standard_fields());
    assert_eq!(default.guest_edit_statuses, vec![CaseStatus::New]);
    assert!(default.notify_contacts);
    assert!(!default.share_links_enabled);
    assert_eq!(
        subject.forms.find(org.id, default.id).await.expect("find"),
        Some(default.clone())
    );

    let form = insert_form(subject, org.id, "support").await;
    assert_eq!(
        subject.forms.find(org.id, form.id).await.expect("find"),
        Some(form.clone()),
        "a form reads back as written"
    );
    assert_eq!(
        subject
            .forms
            .find_by_slug(org.id, &form.slug)
            .await
            .expect("find"),
        Some(form.clone())
    );
    assert!(
        subject
            .forms
            .find(other.id, form.id)
            .await
            .expect("find")
            .is_none(),
        "a form is invisible from another organisation"
    );
    assert!(
        subject
            .forms
            .find_by_slug(other.id, &form.slug)
            .await
            .expect("find")
            .is_none()
    );

    let twin = self::form(org.id, "support");
    let result = subject.forms.insert(&twin).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("slug"))),
        "a taken slug is a slug conflict, got {result:?}"
    );
    let elsewhere = insert_form(subject, other.id, "support").await;
    assert_eq!(
        subject
            .forms
            .find_by_slug(other.id, &elsewhere.slug)
            .await
            .expect("find"),
        Some(elsewhere.clone()),
        "the same slug may exist in another organisation"
    );

    let mut changed = form.clone();
    changed.name = "Support".into();
    changed.default_language = Language::En;
    changed.fields = Form::standard_fields();
    changed.guest_edit_statuses = vec![CaseStatus::Open];
    changed.notify_contacts = true;
    changed.share_links_enabled = false;
    subject.forms.update(&changed).await.expect("update");
    assert_eq!(
        subject.forms.find(org.id, form.id).await.expect("find"),
        Some(changed.clone())
    );
    changed.guest_edit_statuses = Vec::new();
    subject.forms.update(&changed).await.expect("update");
    assert_eq!(
        subject
            .forms
            .find(org.id, form.id)
            .await
            .expect("find")
            .map(|f| f.guest_edit_statuses),
        Some(Vec::new()),
        "an empty status list stays empty"
    );

    let mut cross = elsewhere.clone();
    cross.org_id = org.id;
    cross.name = "Hijacked".into();
    subject.forms.update(&cross).await.expect("update");
    assert_eq!(
        subject
            .forms
            .find(other.id, elsewhere.id)
            .await
            .expect("find"),
        Some(elsewhere),
        "an update naming the wrong organisation changes nothing"
    );
}

/// Contacts: insert, find, lookups by normalised email (also inside a unit of work),
/// uniqueness per organisation, tenant isolation.
pub async fn cases_contacts(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let jane = insert_contact(subject, org.id, "Jane.Doe@Example.TEST").await;
    assert_eq!(
        subject.contacts.find(org.id, jane.id).await.expect("find"),
        Some(jane.clone()),
        "a contact reads back as written"
    );
    assert!(
        subject
            .contacts
            .find(other.id, jane.id)
            .await
            .expect("find")
            .is_none(),
        "a contact is invisible from another organisation"
    );
    let lookup = EmailAddress::parse("JANE.DOE@example.test").expect("email");
    assert_eq!(
        subject
            .contacts
            .find_by_email(org.id, &lookup)
            .await
            .expect("find by email"),
        Some(jane.clone()),
        "email lookups compare normalised addresses"
    );
    assert!(
        subject
            .contacts
            .find_by_email(other.id, &lookup)
            .await
            .expect("find")
            .is_none()
    );

    let mut uow = subject.begin().await;
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &lookup)
            .await
            .expect("find in unit of work"),
        Some(jane.clone())
    );
    let duplicate = contact(org.id, "jane.doe@example.test");
    let result = subject.contacts.insert(uow.as_mut(), &duplicate).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("email"))),
        "the same address twice in one organisation is an email conflict, got {result:?}"
    );
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &lookup)
            .await
            .expect("the unit of work is still usable after the conflict"),
        Some(jane.clone())
    );
    let returning = contact(org.id, "Jane.Doe@Example.test");
    assert_eq!(
        subject
            .contacts
            .find_or_insert_in(uow.as_mut(), &returning)
            .await
            .expect("find or insert"),
        jane.clone(),
        "an existing contact comes back unchanged"
    );
    let newcomer = contact(org.id, "newcomer@example.test");
    assert_eq!(
        subject
            .contacts
            .find_or_insert_in(uow.as_mut(), &newcomer)
            .await
            .expect("find or insert"),
        newcomer.clone(),
        "a new address is inserted as given"
    );
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &newcomer.email)
            .await
            .expect("find in unit of work"),
        Some(newcomer.clone())
    );
    drop(uow);
    assert!(
        subject
            .contacts
            .find_by_email(org.id, &newcomer.email)
            .await
            .expect("find")
            .is_none(),
        "rolled back with its unit of work"
    );

    let mut uow = subject.begin().await;
    let mut bare = contact(org.id, "bare@example.test");
    bare.phone = None;
    bare.address = None;
    bare.unsubscribed_all = true;
    let bare_email = bare.email.clone();
    subject
        .contacts
        .insert(uow.as_mut(), &bare)
        .await
        .expect("insert");
    assert_eq!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &bare_email)
            .await
            .expect("find in unit of work"),
        Some(bare.clone()),
        "a unit of work sees its own uncommitted contact"
    );
    drop(uow);
    assert!(
        subject
            .contacts
            .find_by_email(org.id, &bare_email)
            .await
            .expect("find")
            .is_none(),
        "a rolled-back contact is gone"
    );
    let mut uow = subject.begin().await;
    subject
        .contacts
        .insert(uow.as_mut(), &bare)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.contacts.find(org.id, bare.id).await.expect("find"),
        Some(bare)
    );

    let elsewhere = insert_contact(subject, other.id, "jane.doe@example.test").await;
    assert_eq!(
        subject
            .contacts
            .find_by_email(other.id, &lookup)
            .await
            .expect("find"),
        Some(elsewhere),
        "the same address may exist in another organisation"
    );
}

/// Case numbers: 1, 2, 3 per organisation, independent across organisations, never
/// repeated after a rollback.
pub async fn cases_numbers(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let next = |org: OrgId| async move {
        let mut uow = subject.begin().await;
        let number = subject
            .cases
            .next_number(uow.as_mut(), org)
            .await
            .expect("next number");
        uow.commit().await.expect("commit");
        number
    };
    assert_eq!(next(org.id).await, CaseNumber(1));
    assert_eq!(next(org.id).await, CaseNumber(2));
    assert_eq!(
        next(other.id).await,
        CaseNumber(1),
        "numbers are per organisation"
    );
    assert_eq!(next(org.id).await, CaseNumber(3));
    assert_eq!(next(other.id).await, CaseNumber(2));

    let mut uow = subject.begin().await;
    let abandoned = subject
        .cases
        .next_number(uow.as_mut(), org.id)
        .await
        .expect("next number");
    assert_eq!(abandoned, CaseNumber(4));
    drop(uow);
    let after = next(org.id).await;
    assert!(
        after >= CaseNumber(4),
        "a rolled-back allocation never makes numbers repeat, got {after}"
    );
}

/// Cases: insert, find, find by number, update, tenant isolation, and lists with every
/// filter and pagination.
pub async fn cases_cases(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let support = insert_form(subject, org.id, "support").await;
    let sales = insert_form(subject, org.id, "sales").await;
    let elsewhere_form = insert_form(subject, other.id, "support").await;

    let first = insert_case(subject, org.id, support.id, CaseStatus::New).await;
    let second = insert_case(subject, org.id, sales.id, CaseStatus::New).await;
    let third = insert_case(subject, org.id, support.id, CaseStatus::Open).await;
    let foreign = insert_case(subject, other.id, elsewhere_form.id, CaseStatus::New).await;
    assert_eq!(
        (first.number, second.number, third.number, foreign.number),
        (CaseNumber(1), CaseNumber(2), CaseNumber(3), CaseNumber(1))
    );

    assert_eq!(
        subject.cases.find(org.id, first.id).await.expect("find"),
        Some(first.clone()),
        "a case reads back as written"
    );
    assert!(
        subject
            .cases
            .find(other.id, first.id)
            .await
            .expect("find")
            .is_none(),
        "a case is invisible from another organisation"
    );
    assert_eq!(
        subject
            .cases
            .find_by_number(org.id, CaseNumber(2))
            .await
            .expect("find by number"),
        Some(second.clone())
    );
    assert_eq!(
        subject
            .cases
            .find_by_number(other.id, CaseNumber(1))
            .await
            .expect("find by number"),
        Some(foreign.clone())
    );
    assert!(
        subject
            .cases
            .find_by_number(org.id, CaseNumber(99))
            .await
            .expect("find by number")
            .is_none()
    );

    let mut changed = third.clone();
    changed.title = "Renamed".into();
    changed.description = None;
    changed.priority = Priority::Low;
    changed.project = Some("Apollo".into());
    changed.status = CaseStatus::Pending;
    changed.updated_at = T0 + Duration::hours(2) + Duration::microseconds(3);
    let mut uow = subject.begin().await;
    subject
        .cases
        .update(uow.as_mut(), &changed)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject.cases.find(org.id, third.id).await.expect("find"),
        Some(changed.clone())
    );
    let mut cross = foreign.clone();
    cross.org_id = org.id;
    cross.title = "Hijacked".into();
    let mut uow = subject.begin().await;
    subject
        .cases
        .update(uow.as_mut(), &cross)
        .await
        .expect("update");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .cases
            .find(other.id, foreign.id)
            .await
            .expect("find"),
        Some(foreign.clone()),
        "an update naming the wrong organisation changes nothing"
    );

    // Lists: oldest first, filtered, scoped to the organisation.
    let everything = PageRequest::new(None, Some(50));
    let list = |filter: CaseFilter, page: PageRequest| async move {
        subject
            .cases
            .list(org.id, &filter, page)
            .await
            .expect("list")
    };
    let all = list(CaseFilter::default(), everything).await;
    assert_eq!(
        all.items,
        vec![first.clone(), second.clone(), changed.clone()]
    );
    assert_eq!(all.next_after, None);
    let new = list(
        CaseFilter {
            status: Some(CaseStatus::New),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(new.items, vec![first.clone(), second.clone()]);
    let by_form = list(
        CaseFilter {
            form: Some(support.id),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(by_form.items, vec![first.clone(), changed.clone()]);
    let both = list(
        CaseFilter {
            status: Some(CaseStatus::New),
            form: Some(support.id),
            contact: None,
        },
        everything,
    )
    .await;
    assert_eq!(both.items, vec![first.clone()]);
    let none = list(
        CaseFilter {
            status: Some(CaseStatus::Closed),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert!(none.items.is_empty());

    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let john = insert_contact(subject, org.id, "john@example.test").await;
    let mut uow = subject.begin().await;
    for (case, contact) in [(&first, &jane), (&changed, &jane), (&second, &john)] {
        subject
            .cases
            .link_contact(uow.as_mut(), org.id, case.id, contact.id, T0)
            .await
            .expect("link");
    }
    uow.commit().await.expect("commit");
    let of_jane = list(
        CaseFilter {
            contact: Some(jane.id),
            ..CaseFilter::default()
        },
        everything,
    )
    .await;
    assert_eq!(of_jane.items, vec![first.clone(), changed.clone()]);
    let of_jane_open = list(
        CaseFilter {
            status: Some(CaseStatus::Pending),
            form: Some(support.id),
            contact: Some(jane.id),
        },
        everything,
    )
    .await;
    assert_eq!(of_jane_open.items, vec![changed.clone()]);

    let page_one = list(CaseFilter::default(), PageRequest::new(None, Some(2))).await;
    assert_eq!(page_one.items, vec![first.clone(), second.clone()]);
    assert_eq!(page_one.next_after, Some(second.id.as_uuid()));
    let page_two = list(
        CaseFilter::default(),
        PageRequest::new(page_one.next_after, Some(2)),
    )
    .await;
    assert_eq!(page_two.items, vec![changed.clone()]);
    assert_eq!(page_two.next_after, None, "the last page has no cursor");
    let jane_page = list(
        CaseFilter {
            contact: Some(jane.id),
            ..CaseFilter::default()
        },
        PageRequest::new(None, Some(1)),
    )
    .await;
    assert_eq!(jane_page.items, vec![first.clone()]);
    assert_eq!(jane_page.next_after, Some(first.id.as_uuid()));

    let foreign_list = subject
        .cases
        .list(other.id, &CaseFilter::default(), everything)
        .await
        .expect("list");
    assert_eq!(foreign_list.items, vec![foreign]);
    let cross_contact = subject
        .cases
        .list(
            other.id,
            &CaseFilter {
                contact: Some(jane.id),
                ..CaseFilter::default()
            },
            everything,
        )
        .await
        .expect("list");
    assert!(
        cross_contact.items.is_empty(),
        "a contact's cases are invisible from another organisation"
    );
}

/// Case contacts: linking is idempotent, keeps the first association's place, and is
/// scoped to the organisation.
pub async fn cases_contact_links(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let lonely = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    // Created in the opposite order to their association.
    let later = insert_contact(subject, org.id, "later@example.test").await;
    let earlier = insert_contact(subject, org.id, "earlier@example.test").await;

    let mut uow = subject.begin().await;
    subject
        .cases
        .link_contact(uow.as_mut(), org.id, case.id, earlier.id, T0)
        .await
        .expect("link");
    subject
        .cases
        .link_contact(
            uow.as_mut(),
            org.id,
            case.id,
            later.id,
            T0 + Duration::seconds(1),
        )
        .await
        .expect("link");
    uow.commit().await.expect("commit");
    let mut uow = subject.begin().await;
    subject
        .cases
        .link_contact(
            uow.as_mut(),
            org.id,
            case.id,
            earlier.id,
            T0 + Duration::seconds(2),
        )
        .await
        .expect("linking again is a no-op");
    uow.commit().await.expect("commit");

    assert_eq!(
        subject
            .cases
            .contacts_of(org.id, case.id)
            .await
            .expect("contacts of"),
        vec![earlier.id, later.id],
        "contacts come in the order they were associated, each once"
    );
    assert!(
        subject
            .cases
            .contacts_of(org.id, lonely.id)
            .await
            .expect("contacts of")
            .is_empty()
    );
    assert!(
        subject
            .cases
            .contacts_of(other.id, case.id)
            .await
            .expect("contacts of")
            .is_empty(),
        "a case's contacts are invisible from another organisation"
    );
}

/// Timelines: entries come back oldest first, internal ones only when asked, per case and
/// organisation.
pub async fn cases_timeline(subject: &CasesContractSubject) {
    let (org, user) = {
        let org = cases_org(subject).await;
        (org.clone(), StaffUserId::from_uuid(Uuid::now_v7()))
    };
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let quiet = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;

    let entry = |author, event, visibility, seconds: i64| TimelineEntry {
        id: TimelineEntryId::from_uuid(Uuid::now_v7()),
        case_id: case.id,
        author,
        event,
        visibility,
        at: T0 + Duration::seconds(seconds) + Duration::microseconds(1),
    };
    let entries = [
        entry(
            Author::System,
            TimelineEvent::Created,
            Visibility::Public,
            0,
        ),
        entry(
            Author::Staff(user),
            TimelineEvent::Comment {
                body: "Looking into it — « ça marche ».".into(),
            },
            Visibility::Internal,
            1,
        ),
        entry(
            Author::Staff(user),
            TimelineEvent::StatusChanged {
                from: CaseStatus::New,
                to: CaseStatus::Open,
            },
            Visibility::Public,
            2,
        ),
        entry(
            Author::Contact(jane.id),
            TimelineEvent::FieldChanged {
                field: "description".into(),
                from: None,
                to: Some("More detail".into()),
            },
            Visibility::Public,
            3,
        ),
    ];
    let mut uow = subject.begin().await;
    for entry in &entries {
        subject
            .timeline
            .append(uow.as_mut(), org.id, entry)
            .await
            .expect("append");
    }
    uow.commit().await.expect("commit");

    assert_eq!(
        subject
            .timeline
            .list(org.id, case.id, true)
            .await
            .expect("list"),
        entries.to_vec(),
        "entries read back as written, oldest first"
    );
    let public: Vec<TimelineEntry> = entries
        .iter()
        .filter(|e| e.visibility == Visibility::Public)
        .cloned()
        .collect();
    assert_eq!(
        subject
            .timeline
            .list(org.id, case.id, false)
            .await
            .expect("list"),
        public,
        "internal entries are left out unless asked for"
    );
    assert!(
        subject
            .timeline
            .list(org.id, quiet.id, true)
            .await
            .expect("list")
            .is_empty()
    );
    assert!(
        subject
            .timeline
            .list(other.id, case.id, true)
            .await
            .expect("list")
            .is_empty(),
        "a timeline is invisible from another organisation"
    );
}

/// Guest access: insert, find by digest, revocation per case (and per contact) counted once.
pub async fn cases_guest_access(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let untouched_case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let john = insert_contact(subject, org.id, "john@example.test").await;
    let access = |case: CaseId, contact: ContactId, revoked_at| GuestAccess {
        id: GuestAccessId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        case_id: case,
        contact_id: contact,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::days(30) + Duration::microseconds(9),
        revoked_at,
    };
    let earlier = T0 + Duration::minutes(1);
    let jane_one = access(case.id, jane.id, None);
    let jane_two = access(case.id, jane.id, None);
    let jane_revoked = access(case.id, jane.id, Some(earlier));
    let john_one = access(case.id, john.id, None);
    let elsewhere = access(untouched_case.id, jane.id, None);
    let all = [&jane_one, &jane_two, &jane_revoked, &john_one, &elsewhere];
    let mut uow = subject.begin().await;
    for access in all {
        subject
            .guest_access
            .insert(uow.as_mut(), access)
            .await
            .expect("insert");
    }
    uow.commit().await.expect("commit");
    for access in all {
        assert_eq!(
            subject
                .guest_access
                .find_by_digest(&access.digest)
                .await
                .expect("find"),
            Some(access.clone()),
            "a capability reads back as written"
        );
    }
    assert!(
        subject
            .guest_access
            .find_by_digest(&digest())
            .await
            .expect("find")
            .is_none()
    );

    let at = T0 + Duration::hours(1) + Duration::microseconds(5);
    let revoke = |org: OrgId, contact: Option<ContactId>, at| async move {
        let mut uow = subject.begin().await;
        let n = subject
            .guest_access
            .revoke_for_case(uow.as_mut(), org, case.id, contact, at)
            .await
            .expect("revoke");
        uow.commit().await.expect("commit");
        n
    };
    assert_eq!(
        revoke(other.id, None, at).await,
        0,
        "another organisation cannot revoke"
    );
    assert_eq!(
        revoke(org.id, Some(jane.id), at).await,
        2,
        "only the contact's unrevoked capabilities on the case"
    );
    assert_eq!(revoke(org.id, Some(jane.id), at).await, 0);
    let later = at + Duration::hours(1);
    assert_eq!(revoke(org.id, None, later).await, 1, "John's is left");
    assert_eq!(revoke(org.id, None, later).await, 0);

    let revoked_at = |access: &GuestAccess| {
        let digest = access.digest;
        async move {
            subject
                .guest_access
                .find_by_digest(&digest)
                .await
                .expect("find")
                .expect("capability")
                .revoked_at
        }
    };
    assert_eq!(revoked_at(&jane_one).await, Some(at));
    assert_eq!(revoked_at(&jane_two).await, Some(at));
    assert_eq!(
        revoked_at(&jane_revoked).await,
        Some(earlier),
        "the first revocation time is kept"
    );
    assert_eq!(revoked_at(&john_one).await, Some(later));
    assert_eq!(
        revoked_at(&elsewhere).await,
        None,
        "capabilities on other cases are untouched"
    );
}

/// Unsubscribe grants round-trip by digest.
pub async fn cases_unsubscribe_grants(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let grant = UnsubscribeGrant {
        org_id: org.id,
        contact_id: jane.id,
        case_id: case.id,
        digest: digest(),
        created_at: T0 + Duration::microseconds(11),
    };
    let mut uow = subject.begin().await;
    subject
        .guest_access
        .insert_unsubscribe(uow.as_mut(), &grant)
        .await
        .expect("insert");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .guest_access
            .find_unsubscribe(&grant.digest)
            .await
            .expect("find"),
        Some(grant)
    );
    assert!(
        subject
            .guest_access
            .find_unsubscribe(&digest())
            .await
            .expect("find")
            .is_none()
    );
}

/// Subscriptions: a contact is subscribed until it unsubscribes from the case or from
/// everything; another organisation cannot unsubscribe it.
pub async fn cases_subscriptions(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let second_case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane@example.test").await;
    let john = insert_contact(subject, org.id, "john@example.test").await;
    let subscribed = |contact: ContactId, case: CaseId| async move {
        subject
            .contacts
            .is_subscribed(org.id, contact, case)
            .await
            .expect("is subscribed")
    };
    assert!(subscribed(jane.id, case.id).await);
    assert!(subscribed(jane.id, second_case.id).await);

    subject
        .contacts
        .unsubscribe_case(other.id, jane.id, case.id, T0)
        .await
        .expect("unsubscribe");
    subject
        .contacts
        .unsubscribe_all(other.id, jane.id, T0)
        .await
        .expect("unsubscribe all");
    assert!(
        subscribed(jane.id, case.id).await,
        "another organisation cannot unsubscribe a contact"
    );

    subject
        .contacts
        .unsubscribe_case(org.id, jane.id, case.id, T0)
        .await
        .expect("unsubscribe");
    subject
        .contacts
        .unsubscribe_case(org.id, jane.id, case.id, T0 + Duration::seconds(1))
        .await
        .expect("unsubscribing twice is fine");
    assert!(!subscribed(jane.id, case.id).await);
    assert!(
        subscribed(jane.id, second_case.id).await,
        "unsubscribing from one case keeps the others"
    );
    assert!(
        subscribed(john.id, case.id).await,
        "other contacts of the case stay subscribed"
    );

    subject
        .contacts
        .unsubscribe_all(org.id, jane.id, T0 + Duration::seconds(2))
        .await
        .expect("unsubscribe all");
    assert!(!subscribed(jane.id, second_case.id).await);
    assert!(
        subject
            .contacts
            .find(org.id, jane.id)
            .await
            .expect("find")
            .expect("contact")
            .unsubscribed_all
    );
    assert!(subscribed(john.id, second_case.id).await);
}

/// Idempotency keys: remember, recall, conflict, per organisation.
pub async fn cases_idempotency(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let form = insert_form(subject, org.id, "support").await;
    let other_form = insert_form(subject, other.id, "support").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let other_case = insert_case(subject, other.id, other_form.id, CaseStatus::New).await;
    let key = format!("key-{}", random_suffix());
    let request = [7u8; 32];

    assert!(
        subject
            .idempotency
            .recall(org.id, &key)
            .await
            .expect("recall")
            .is_none()
    );
    let mut uow = subject.begin().await;
    subject
        .idempotency
        .remember(uow.as_mut(), org.id, &key, request, case.id, T0)
        .await
        .expect("remember");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .idempotency
            .recall(org.id, &key)
            .await
            .expect("recall"),
        Some((request, case.id))
    );
    assert!(
        subject
            .idempotency
            .recall(other.id, &key)
            .await
            .expect("recall")
            .is_none(),
        "keys are per organisation"
    );

    let mut uow = subject.begin().await;
    let result = subject
        .idempotency
        .remember(uow.as_mut(), org.id, &key, [8u8; 32], case.id, T0)
        .await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("idempotency_key"))),
        "a key is remembered once, got {result:?}"
    );
    let probe = EmailAddress::parse("probe@example.test").expect("email");
    assert!(
        subject
            .contacts
            .find_by_email_in(uow.as_mut(), org.id, &probe)
            .await
            .expect("the unit of work is still usable after the conflict")
            .is_none()
    );
    drop(uow);
    assert_eq!(
        subject
            .idempotency
            .recall(org.id, &key)
            .await
            .expect("recall"),
        Some((request, case.id)),
        "the first request is kept"
    );

    let mut uow = subject.begin().await;
    subject
        .idempotency
        .remember(uow.as_mut(), other.id, &key, [9u8; 32], other_case.id, T0)
        .await
        .expect("the same key may be used by another organisation");
    uow.commit().await.expect("commit");
    assert_eq!(
        subject
            .idempotency
            .recall(other.id, &key)
            .await
            .expect("recall"),
        Some(([9u8; 32], other_case.id))
    );
}

/// The joined reads: a capability with what it opens (whatever the capability's state), a
/// case with its organisation and form, and a public form by its slugs, each scoped to its
/// organisation.
///
/// # Panics
/// When the store breaks the contract.
pub async fn cases_views(subject: &CasesContractSubject) {
    let org = cases_org(subject).await;
    let other = cases_org(subject).await;
    let org = subject
        .organisations
        .find(org.id)
        .await
        .expect("find")
        .expect("organisation");
    let form = insert_form(subject, org.id, "views").await;
    let case = insert_case(subject, org.id, form.id, CaseStatus::New).await;
    let jane = insert_contact(subject, org.id, "jane.views@example.test").await;
    let access = |revoked_at| GuestAccess {
        id: GuestAccessId::from_uuid(Uuid::now_v7()),
        org_id: org.id,
        case_id: case.id,
        contact_id: jane.id,
        digest: digest(),
        created_at: T0,
        expires_at: T0 + Duration::days(30) + Duration::microseconds(3),
        revoked_at,
    };
    let open = access(None);
    let revoked = access(Some(T0 + Duration::minutes(2)));
    let mut uow = subject.begin().await;
    for access in [&open, &revoked] {
        subject
            .guest_access
            .insert(uow.as_mut(), access)
            .await
            .expect("insert");
    }
    uow.commit().await.expect("commit");
    let stored_case = subject
        .cases
        .find(org.id, case.id)
        .await
        .expect("find")
        .expect("case");
    let stored_form = subject
        .forms
        .find(org.id, form.id)
        .await
        .expect("find")
        .expect("form");
    let expected = CaseInContext {
        organisation: org.clone(),
        form: stored_form,
        case: stored_case,
    };
    for access in [&open, &revoked] {
        let record = subject
            .views
            .guest_case(&access.digest)
            .await
            .expect("guest case")
            .expect("a capability's record");
        assert_eq!(&record.access, access, "the capability as written");
        assert_eq!(record.context, expected, "its case, organisation and form");
        assert_eq!(record.contact, jane, "the contact it was issued to");
    }
    assert!(
        subject
            .views
            .guest_case(&digest())
            .await
            .expect("guest case")
            .is_none(),
        "an unknown digest has no record"
    );
    assert_eq!(
        subject
            .views
            .case_in_context(org.id, case.id)
            .await
            .expect("case in context"),
        Some(expected.clone())
    );
    assert!(
        subject
            .views
            .case_in_context(other.id, case.id)
            .await
            .expect("case in context")
            .is_none(),
        "another organisation's case is not found"
    );
    assert!(
        subject
            .views
            .case_in_context(org.id, CaseId::from_uuid(Uuid::now_v7()))
            .await
            .expect("case in context")
            .is_none()
    );

    let public_form = |org: OrgSlug, form: &str| {
        let form = FormSlug::parse(form).expect("slug");
        async move {
            subject
                .views
                .public_form(&org, &form)
                .await
                .expect("public form")
        }
    };
    assert_eq!(
        public_form(org.slug.clone(), "views").await,
        Some((org.clone(), expected.form.clone())),
        "the organisation and its form"
    );
    let others = insert_form(subject, other.id, "views").await;
    assert_eq!(
        public_form(other.slug.clone(), "views")
            .await
            .map(|(organisation, form)| (organisation.id, form.id)),
        Some((other.id, others.id)),
        "each organisation's slug names its own form"
    );
    assert!(public_form(org.slug.clone(), "missing").await.is_none());
    assert!(
        public_form(OrgSlug::parse("no-such-org").expect("slug"), "views")
            .await
            .is_none()
    );
}

/// Runs every cases and contacts check that holds for every implementation.
pub async fn run_cases(subject: &CasesContractSubject) {
    cases_forms(subject).await;
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
}

// ---------------------------------------------------------------------------------------
// Sharing
// ---------------------------------------------------------------------------------------

use frontdesk_kernel::ShareLinkId;
use frontdesk_sharing::{ShareLink, ShareLinkRepository, SharePermissionRepository, ShareView};

/// The sharing ports under test, with the cases ports that make the organisations, forms
/// and cases the links point at. Separate from [`CasesContractSubject`] so that the cases
/// suite keeps running on stores that do not implement these ports yet.
#[derive(Clone)]
pub struct SharingContractSubject {
    /// Units of work, organisations, forms and cases for the fixtures.
    pub cases: CasesContractSubject,
    /// Share links and their views.
    pub links: Arc<dyn ShareLinkRepository>,
    /// Per-form, per-profile permissions to share.
    pub permissions: Arc<dyn SharePermissionRepository>,
}

impl SharingContractSubject {
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
            + CaseViewReader
            + ShareLinkRepository
            + SharePermissionRepository
            + 'static,
    {
        Self {
            cases: CasesContractSubject::of(store),
            links: store.clone(),
            permissions: store.clone(),
        }
    }
}

/// A link to `case` created at `created_at`, open for 30 days, every optional part set
/// when `max_views` is.
fn share_link(
    org: OrgId,
    case: CaseId,
    created_at: OffsetDateTime,
    max_views: Option<u32>,
) -> ShareLink {
    let full = max_views.is_some();
    ShareLink {
        id: ShareLinkId::from_uuid(Uuid::now_v7()),
        org_id: org,
        case_id: case,
        created_by: StaffUserId::from_uuid(Uuid::now_v7()),
        label: full.then(|| "For the insurer".to_owned()),
        digest: digest(),
        language: Language::En,
        created_at,
        expires_at: created_at + Duration::days(30) + Duration::microseconds(3),
        max_views,
        views: 0,
        password_hash: full.then(|| {
            PasswordHash::from_phc("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned())
        }),
        revoked_at: None,
    }
}

async fn insert_links(subject: &SharingContractSubject, links: &[&ShareLink]) {
    let mut uow = subject.cases.begin().await;
    for link in links {
        subject
            .links
            .insert(uow.as_mut(), link)
            .await
            .expect("insert share link");
    }
    uow.commit().await.expect("commit");
}

/// An organisation with a case of its own form; returns the organisation, form and case.
async fn sharing_fixture(subject: &SharingContractSubject) -> (Organisation, Form, Case) {
    let org = cases_org(&subject.cases).await;
    let form = insert_form(&subject.cases, org.id, "sharing").await;
    let case = insert_case(&subject.cases, org.id, form.id, CaseStatus::New).await;
    (org, form, case)
}

/// Share links: insert, find, find by digest, digest conflict, newest first per case,
/// revocation once, tenant isolation.
pub async fn sharing_links(subject: &SharingContractSubject) {
    let (org, form, case) = sharing_fixture(subject).await;
    let other_case = insert_case(&subject.cases, org.id, form.id, CaseStatus::New).await;
    let (other, _, _) = sharing_fixture(subject).await;

    let older = share_link(org.id, case.id, T0 + Duration::seconds(1), Some(3));
    let newer = share_link(org.id, case.id, T0 + Duration::seconds(2), None);
    let elsewhere = share_link(org.id, other_case.id, T0, None);
    insert_links(subject, &[&older, &newer, &elsewhere]).await;

    for link in [&older, &newer, &elsewhere] {
        assert_eq!(
            subject.links.find(org.id, link.id).await.expect("find"),
            Some(link.clone())
        );
        assert_eq!(
            subject
                .links
                .find_by_digest(&link.digest)
                .await
                .expect("find by digest"),
            Some(link.clone())
        );
        assert_eq!(
            subject.links.find(other.id, link.id).await.expect("find"),
            None,
            "another organisation cannot see the link"
        );
    }
    assert_eq!(
        subject
            .links
            .find_by_digest(&digest())
            .await
            .expect("find by digest"),
        None
    );
    assert_eq!(
        subject
            .links
            .find(org.id, ShareLinkId::from_uuid(Uuid::now_v7()))
            .await
            .expect("find"),
        None
    );

    assert_eq!(
        subject
            .links
            .list_for_case(org.id, case.id)
            .await
            .expect("list"),
        vec![newer.clone(), older.clone()],
        "newest first, only the case's links"
    );
    assert!(
        subject
            .links
            .list_for_case(other.id, case.id)
            .await
            .expect("list")
            .is_empty()
    );

    let mut duplicate = share_link(org.id, case.id, T0, None);
    duplicate.digest = older.digest;
    let mut uow = subject.cases.begin().await;
    let result = subject.links.insert(uow.as_mut(), &duplicate).await;
    assert!(
        matches!(result, Err(RepositoryError::Conflict("digest"))),
        "{result:?}"
    );
    drop(uow);

    let revoked_at = T0 + Duration::hours(1) + Duration::microseconds(5);
    assert!(
        !subject
            .links
            .revoke(other.id, older.id, revoked_at)
            .await
            .expect("revoke"),
        "another organisation cannot revoke the link"
    );
    assert!(
        subject
            .links
            .revoke(org.id, older.id, revoked_at)
            .await
            .expect("revoke")
    );
    assert!(
        !subject
            .links
            .revoke(org.id, older.id, revoked_at + Duration::hours(1))
            .await
            .expect("revoke again"),
        "a link is revoked once"
    );
    let found = subject
        .links
        .find(org.id, older.id)
        .await
        .expect("find")
        .expect("still there");
    assert_eq!(found.revoked_at, Some(revoked_at));
    assert_eq!(
        subject
            .links
            .find(org.id, newer.id)
            .await
            .expect("find")
            .expect("still there")
            .revoked_at,
        None,
        "revoking one link leaves the others"
    );
}

fn share_view(link: &ShareLink, viewed_at: OffsetDateTime, agent: Option<&str>) -> ShareView {
    ShareView {
        link_id: link.id,
        viewed_at,
        user_agent: agent.map(str::to_owned),
        ip_hash: agent.map(|_| "ab".repeat(32)),
    }
}

/// Share link views: counted up to the maximum and then refused (and not logged), counted
/// forever without one, listed oldest first and only for the link's organisation.
pub async fn sharing_views(subject: &SharingContractSubject) {
    let (org, _, case) = sharing_fixture(subject).await;
    let (other, _, _) = sharing_fixture(subject).await;
    let limited = share_link(org.id, case.id, T0, Some(2));
    let unlimited = share_link(org.id, case.id, T0, None);
    insert_links(subject, &[&limited, &unlimited]).await;

    let first = share_view(&limited, T0 + Duration::seconds(1), Some("Mozilla/5.0"));
    let second = share_view(&limited, T0 + Duration::seconds(2), None);
    let third = share_view(&limited, T0 + Duration::seconds(3), Some("curl/8"));
    for (view, counted) in [(&first, true), (&second, true), (&third, false)] {
        assert_eq!(
            subject
                .links
                .record_view(&limited, view)
                .await
                .expect("record view"),
            counted
        );
    }
    let stored = subject
        .links
        .find(org.id, limited.id)
        .await
        .expect("find")
        .expect("link");
    assert_eq!(stored.views, 2);
    assert!(!stored.is_open(T0 + Duration::seconds(4)));
    assert_eq!(
        subject
            .links
            .views(org.id, limited.id)
            .await
            .expect("views"),
        vec![first, second],
        "oldest first; the refused view is not logged"
    );
    assert!(
        subject
            .links
            .views(other.id, limited.id)
            .await
            .expect("views")
            .is_empty(),
        "another organisation sees no views"
    );

    let mut expected = Vec::new();
    for n in 0..7 {
        let view = share_view(&unlimited, T0 + Duration::minutes(n), Some("Agent"));
        assert!(
            subject
                .links
                .record_view(&unlimited, &view)
                .await
                .expect("record view"),
            "a link without a maximum keeps counting"
        );
        expected.push(view);
    }
    assert_eq!(
        subject
            .links
            .find(org.id, unlimited.id)
            .await
            .expect("find")
            .expect("link")
            .views,
        7
    );
    assert_eq!(
        subject
            .links
            .views(org.id, unlimited.id)
            .await
            .expect("views"),
        expected
    );
}

/// Share permissions: unset until saved, then the saved value, per form, profile and
/// organisation.
pub async fn sharing_permissions(subject: &SharingContractSubject) {
    let (org, form, _) = sharing_fixture(subject).await;
    let (other, other_form, _) = sharing_fixture(subject).await;
    let setting = |org: OrgId, form: FormId, profile: Profile| {
        let permissions = subject.permissions.clone();
        async move {
            permissions
                .setting(org, form, profile)
                .await
                .expect("setting")
        }
    };
    assert_eq!(setting(org.id, form.id, Profile::Agent).await, None);
    subject
        .permissions
        .set(org.id, form.id, Profile::Agent, true)
        .await
        .expect("set");
    assert_eq!(setting(org.id, form.id, Profile::Agent).await, Some(true));
    subject
        .permissions
        .set(org.id, form.id, Profile::Agent, false)
        .await
        .expect("set again");
    assert_eq!(setting(org.id, form.id, Profile::Agent).await, Some(false));
    assert_eq!(
        setting(org.id, form.id, Profile::CaseAdmin).await,
        None,
        "per profile"
    );
    assert_eq!(
        setting(other.id, form.id, Profile::Agent).await,
        None,
        "another organisation cannot read the setting"
    );
    assert_eq!(setting(other.id, other_form.id, Profile::Agent).await, None);

    subject
        .permissions
        .set(other.id, form.id, Profile::Agent, true)
        .await
        .expect("set on a foreign form");
    assert_eq!(
        setting(org.id, form.id, Profile::Agent).await,
        Some(false),
        "another organisation cannot change the setting"
    );
    subject
        .permissions
        .set(other.id, other_form.id, Profile::CaseAdmin, true)
        .await
        .expect("set");
    assert_eq!(
        setting(other.id, other_form.id, Profile::CaseAdmin).await,
        Some(true)
    );
    assert_eq!(setting(org.id, form.id, Profile::CaseAdmin).await, None);
}

/// Runs every sharing check that holds for every implementation.
pub async fn run_sharing(subject: &SharingContractSubject) {
    sharing_links(subject).await;
    sharing_views(subject).await;
    sharing_views_stop_at_revocation_and_expiry(subject).await;
    sharing_permissions(subject).await;
}

/// `record_view` re-checks revocation and expiry in the same step that counts: a view never
/// counts on a link revoked or expired after the caller looked at it.
///
/// # Panics
/// When the store breaks the contract.
pub async fn sharing_views_stop_at_revocation_and_expiry(subject: &SharingContractSubject) {
    let (org, _, case) = sharing_fixture(subject).await;
    let revoked = share_link(org.id, case.id, T0, None);
    let expiring = share_link(org.id, case.id, T0, None);
    insert_links(subject, &[&revoked, &expiring]).await;
    assert!(
        subject
            .links
            .revoke(org.id, revoked.id, T0 + Duration::seconds(1))
            .await
            .expect("revoke")
    );
    // The caller still holds the link as it was before the revocation.
    let late = share_view(&revoked, T0 + Duration::seconds(2), None);
    assert!(
        !subject
            .links
            .record_view(&revoked, &late)
            .await
            .expect("record view"),
        "a revoked link counts no view"
    );
    let before = share_view(&expiring, expiring.expires_at - Duration::seconds(1), None);
    let at_expiry = share_view(&expiring, expiring.expires_at, None);
    assert!(
        subject
            .links
            .record_view(&expiring, &before)
            .await
            .expect("record view")
    );
    assert!(
        !subject
            .links
            .record_view(&expiring, &at_expiry)
            .await
            .expect("record view"),
        "an expired link counts no view"
    );
    let stored = subject
        .links
        .find(org.id, expiring.id)
        .await
        .expect("find")
        .expect("link");
    assert_eq!(stored.views, 1);
}
