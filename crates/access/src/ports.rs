//! The ports the access domain needs from the outside world. Storage adapters implement
//! them; the testkit has in-memory fakes. Writes take the caller's [`frontdesk_kernel::UnitOfWork`].

use frontdesk_kernel::{
    AccessGrantId, ApiTokenId, CaseId, ClientId, ContactUserId, EmailAddress, Language, OrgId,
    Page, PageRequest, RepositoryError, StaffUserId, TokenDigest, Uow,
};
use time::OffsetDateTime;

use crate::{
    AccessGrant, ActionToken, ApiToken, AuditEvent, AuditFilter, CaseFacts, ContactUserFacts,
    OrgSlug, Organisation, PublicCasesRule, StaffSession, StaffUser,
};

/// Stores organisations.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait OrganisationRepository: Send + Sync {
    /// Adds a new organisation.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"slug"`) when the slug is taken; other variants when
    /// the store fails.
    async fn insert(&self, uow: &mut Uow, org: &Organisation) -> Result<(), RepositoryError>;

    /// The organisation with this id.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, id: OrgId) -> Result<Option<Organisation>, RepositoryError>;

    /// The organisation with this slug.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_slug(&self, slug: &OrgSlug) -> Result<Option<Organisation>, RepositoryError>;

    /// Replaces the settings of the stored organisation `org.id` — its name, branding,
    /// default language, portal mode and link lifetimes — in the caller's unit of work. Its
    /// id, slug, base URL and creation time never change. Says whether such an organisation
    /// exists.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn update(&self, uow: &mut Uow, org: &Organisation) -> Result<bool, RepositoryError>;
}

/// Sets up what every new organisation starts with besides itself (its default intake form).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait OrganisationInitialiser: Send + Sync {
    /// Creates the organisation's starting records and returns the slug of its default form.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn initialise(
        &self,
        uow: &mut Uow,
        org: &Organisation,
    ) -> Result<String, RepositoryError>;
}

/// Stores staff users. Every lookup is scoped to one organisation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait StaffUserRepository: Send + Sync {
    /// Adds a staff user.
    ///
    /// # Errors
    /// [`RepositoryError::Conflict`] (`"email"`) when the organisation already has a user
    /// with this address; other variants when the store fails.
    async fn insert(&self, uow: &mut Uow, user: &StaffUser) -> Result<(), RepositoryError>;

    /// Replaces a staff user's profiles, disabled flag, password hash and `updated_at`. Its
    /// language is left alone: only [`StaffUserRepository::set_language`] writes that.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn update(&self, uow: &mut Uow, user: &StaffUser) -> Result<(), RepositoryError>;

    /// Sets the language of user `id` of `org` (`None`: the organisation's default) and its
    /// `updated_at` to `at`, touching nothing else. Says whether such a user exists.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn set_language(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: StaffUserId,
        language: Option<Language>,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// The user `id` of organisation `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: StaffUserId)
    -> Result<Option<StaffUser>, RepositoryError>;

    /// The user of `org` with this address (compared by [`EmailAddress::normalised`]).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_email(
        &self,
        org: OrgId,
        email: &EmailAddress,
    ) -> Result<Option<StaffUser>, RepositoryError>;

    /// A page of `org`'s users, oldest first.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list(&self, org: OrgId, page: PageRequest)
    -> Result<Page<StaffUser>, RepositoryError>;

    /// How many enabled users of `org` hold the admin profile.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_active_admins(&self, org: OrgId) -> Result<u64, RepositoryError>;

    /// How many enabled users of `org` hold the admin profile, counted inside `uow` after
    /// taking `org`'s staff lock, held until `uow` ends: two changes that could each remove
    /// an admin run one after the other, and the second counts what the first committed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn count_active_admins_locked(
        &self,
        uow: &mut Uow,
        org: OrgId,
    ) -> Result<u64, RepositoryError>;
}

/// Stores staff API tokens (digests only).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ApiTokenRepository: Send + Sync {
    /// Adds a token.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, token: &ApiToken) -> Result<(), RepositoryError>;

    /// The token with this digest, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ApiToken>, RepositoryError>;

    /// The token `id` of organisation `org`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(&self, org: OrgId, id: ApiTokenId) -> Result<Option<ApiToken>, RepositoryError>;

    /// Every token of user `user` of organisation `org`, whatever its state, newest first
    /// (by creation time, then by id, both descending).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list_for_user(
        &self,
        org: OrgId,
        user: StaffUserId,
    ) -> Result<Vec<ApiToken>, RepositoryError>;

    /// Marks the token revoked at `at` unless it already is; says whether it changed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn revoke(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: ApiTokenId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;
}

/// Stores one-time action links (digests only).
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ActionTokenRepository: Send + Sync {
    /// Adds a link.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, token: &ActionToken) -> Result<(), RepositoryError>;

    /// The link with this digest, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<ActionToken>, RepositoryError>;

    /// Marks the link used at `at` if it is still unused, atomically: of two concurrent
    /// calls exactly one gets `true`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn mark_used(
        &self,
        uow: &mut Uow,
        token: &ActionToken,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;
}

/// Stores staff sessions (digests only). Single-row writes; no unit of work needed.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait SessionRepository: Send + Sync {
    /// Adds a session.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, session: &StaffSession) -> Result<(), RepositoryError>;

    /// The session with this digest, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find_by_digest(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<StaffSession>, RepositoryError>;

    /// Records activity on a session.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn touch(
        &self,
        session: &StaffSession,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError>;

    /// Ends one session.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn end(&self, session: &StaffSession, at: OffsetDateTime) -> Result<(), RepositoryError>;

    /// Ends every open session of a user (password change, disable, removal).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn end_all_for_user(
        &self,
        org: OrgId,
        user: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<u64, RepositoryError>;
}

/// Shared counters of failed attempts, so throttles hold across server replicas.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait AttemptLog: Send + Sync {
    /// Records a failed attempt for `key` at `at`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn record_failure(&self, key: &str, at: OffsetDateTime) -> Result<(), RepositoryError>;

    /// Records an attempt for `key` at `at` inside the caller's unit of work, so it lands
    /// (or not) with the work it counts. Adapters with real transactions should override
    /// it; the default records at once through [`AttemptLog::record_failure`].
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn record_failure_in(
        &self,
        uow: &mut Uow,
        key: &str,
        at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        let _ = uow;
        self.record_failure(key, at).await
    }

    /// The times of failures for `key` after `since`.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn failures_since(
        &self,
        key: &str,
        since: OffsetDateTime,
    ) -> Result<Vec<OffsetDateTime>, RepositoryError>;

    /// Forgets the failures of `key` (after a successful sign-in).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn clear(&self, key: &str) -> Result<(), RepositoryError>;

    /// Checks `key` against `policy` and, if it allows another attempt, records one at `at`
    /// — atomically: parallel calls for one key are serialised, so at most
    /// `policy.max_failures` of them are ever allowed within the window. Record the attempt
    /// before the work it limits (a password check), then [`AttemptLog::withdraw`] it if
    /// the work succeeds.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn try_record(
        &self,
        key: &str,
        policy: crate::ThrottlePolicy,
        at: OffsetDateTime,
    ) -> Result<AttemptCheck, RepositoryError>;

    /// Withdraws one attempt of `key` that [`AttemptLog::try_record`] recorded at `at`
    /// (the attempt turned out not to be a failure).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn withdraw(&self, key: &str, at: OffsetDateTime) -> Result<(), RepositoryError>;
}

/// What [`AttemptLog::try_record`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptCheck {
    /// Allowed; the attempt is recorded (as a failure until withdrawn).
    Recorded,
    /// Refused; nothing was recorded.
    Refused {
        /// Seconds until an attempt will be allowed again.
        retry_after_seconds: u64,
    },
}

/// Appends audit events and reads them back.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait AuditLog: Send + Sync {
    /// Appends `event` in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn record(&self, uow: &mut Uow, event: &AuditEvent) -> Result<(), RepositoryError>;

    /// A page of the events of `org` that match `filter` ([`AuditFilter::matches`]), newest
    /// first: by time, then by id, both descending. `page.after` is the id of the last event
    /// of the previous page; one that names no event of `org` gives an empty page. Events
    /// of no organisation are never listed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn list(
        &self,
        org: OrgId,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>, RepositoryError>;
}

/// Stores contact users' per-case grants. Every lookup is scoped to one organisation.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait AccessGrantRepository: Send + Sync {
    /// Adds a grant in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn insert(&self, uow: &mut Uow, grant: &AccessGrant) -> Result<(), RepositoryError>;

    /// The grant `id` of `org`, whatever its state.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(
        &self,
        org: OrgId,
        id: AccessGrantId,
    ) -> Result<Option<AccessGrant>, RepositoryError>;

    /// Marks the grant revoked at `at` by `by` unless it already is; says whether it changed.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn revoke(
        &self,
        uow: &mut Uow,
        org: OrgId,
        id: AccessGrantId,
        by: StaffUserId,
        at: OffsetDateTime,
    ) -> Result<bool, RepositoryError>;

    /// The unrevoked grants of user `user` of `org`, oldest first (by time, then id).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn active_for_user(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Vec<AccessGrant>, RepositoryError>;

    /// The unrevoked grants to case `case` of `org`, oldest first (by time, then id).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn active_for_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<AccessGrant>, RepositoryError>;
}

/// Stores the standing "all public cases of the user's clients" rules: at most one per
/// contact user; a rule with both flags off is deleted, never stored.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait PublicCasesRuleRepository: Send + Sync {
    /// Stores `rule`, replacing the user's previous one, in the caller's unit of work.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn upsert(&self, uow: &mut Uow, rule: &PublicCasesRule) -> Result<(), RepositoryError>;

    /// Deletes the user's rule; says whether there was one.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn delete(
        &self,
        uow: &mut Uow,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<bool, RepositoryError>;

    /// The rule of user `user` of `org`, if any.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn find(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<PublicCasesRule>, RepositoryError>;

    /// The rules of `org`'s users who belong to `client` (for "who has access" on a public
    /// case of that client), by user id.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn for_client(
        &self,
        org: OrgId,
        client: ClientId,
    ) -> Result<Vec<PublicCasesRule>, RepositoryError>;
}

/// Reads what the access decision needs to know about cases. Implemented over the cases'
/// storage; the access domain never sees a case itself.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CaseFactsReader: Send + Sync {
    /// The facts of case `case` of `org`, if it exists there.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn case_facts(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Option<CaseFacts>, RepositoryError>;

    /// The facts of those of `cases` that exist in `org`, in any order.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn many_case_facts(
        &self,
        org: OrgId,
        cases: &[CaseId],
    ) -> Result<Vec<CaseFacts>, RepositoryError>;
}

/// Reads what the access decision needs to know about contact users. Implemented over the
/// contacts' storage.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait ContactUserDirectory: Send + Sync {
    /// The facts of contact user `user` of `org`, if it exists there and was not removed
    /// (a disabled, invited or pending user has `active` false).
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn contact_user_facts(
        &self,
        org: OrgId,
        user: ContactUserId,
    ) -> Result<Option<ContactUserFacts>, RepositoryError>;
}
