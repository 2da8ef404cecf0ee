//! The storage contract: behaviour every implementation of the ports must show, whether it
//! is the in-memory fake, `SQLite` or `PostgreSQL`.
//!
//! Each check is an async function taking a subject — [`ContractSubject`] for the access
//! and messaging ports, [`CasesContractSubject`] for cases and contacts,
//! [`SharingContractSubject`] for share links — and panicking (with plain `assert!`s) on a
//! violation. Checks create their own organisations under random slugs, so they may share
//! one database. Outbox checks first drain every due message (claiming it far in the future
//! and marking it sent), so they must not run concurrently with other outbox work on the
//! same store. [`run_all`], [`run_cases`] and [`run_sharing`] run every check that holds
//! for fakes too; [`uncommitted_work_is_rolled_back`] holds only for real databases.
//!
//! The checks are grouped by port family, one file each: organisations and staff users,
//! credentials (API tokens, action tokens, sessions), attempts and audit, the outbox, mail
//! templates, captcha replays, the real-database-only transaction checks, cases (a
//! directory of its own) and sharing; the registration family (links and uses, pending
//! sign-ups) and the portal's (portal settings, staff's portal-users directory). Every
//! check is re-exported here, so callers name `contract::staff_users` whatever file holds
//! it.
//!
//! Every function here panics when the subject breaks the contract or its store fails.
#![expect(
    clippy::expect_used,
    clippy::missing_panics_doc,
    clippy::too_many_lines,
    reason = "the contract suite is test code: a panic is how a check reports a violation"
)]

mod access;
mod access_grants;
mod api_token_lists;
mod audit;
mod cases;
mod contact_user_sessions;
mod contact_users;
mod credentials;
mod embed_origins;
mod fixtures;
mod limits;
mod organisation_updates;
mod outbox;
mod outbox_dead_letters;
mod pending_sign_ups;
mod portal_settings;
mod portal_users;
mod registration;
mod replays;
mod sharing;
mod sharing_counts;
mod templates;
mod transactions;

use std::sync::Arc;

use frontdesk_access::{
    ActionTokenRepository, ApiTokenRepository, AttemptLog, AuditLog, OrganisationInitialiser,
    OrganisationRepository, SessionRepository, StaffUserRepository,
};
use frontdesk_kernel::{CaptchaReplayStore, TransactionRunner, UnitOfWork};
use frontdesk_messaging::{Outbox, TemplateStore};

pub use access::{organisations, staff_pagination_and_admin_count, staff_users};
pub use access_grants::{access_grants, public_cases_rules};
pub use api_token_lists::api_tokens_by_user;
pub use audit::{attempts, audit, audit_log_reads, timestamps_round_trip};
pub use cases::{
    CasesContractSubject, cases_assignment, cases_cases, cases_clients, cases_contact_links,
    cases_contacts, cases_form_list, cases_forms, cases_guest_access, cases_idempotency,
    cases_numbers, cases_search, cases_statistics, cases_subscriptions, cases_timeline,
    cases_unsubscribe_grants, cases_views, contacts_search, run_cases,
};
pub use contact_user_sessions::{
    contact_user_sessions, uncommitted_contact_user_sessions_are_rolled_back,
};
pub use contact_users::{
    CaseMaker, ContactUsersContractSubject, contact_user_links,
    contact_usernames_are_unique_under_concurrency, contact_users, run_contact_users,
};
pub use credentials::{action_tokens, api_tokens, sessions};
pub use embed_origins::{embed_origins, uncommitted_embed_origins_are_rolled_back};
pub use limits::{
    attempts_are_checked_and_recorded_atomically, recipient_counts_serialise_parallel_units,
};
pub use organisation_updates::{
    organisation_updates, uncommitted_organisation_updates_are_rolled_back,
};
pub use outbox::{
    outbox_claims_and_leases, outbox_claims_are_exclusive_under_concurrency,
    outbox_counts_recent_messages, outbox_enqueue_is_transactional,
};
pub use outbox_dead_letters::{outbox_failures_and_dead_letters, outbox_summary};
pub use pending_sign_ups::{
    PendingSignUpsContractSubject, pending_sign_ups, uncommitted_pending_sign_ups_are_rolled_back,
};
pub use portal_settings::{portal_settings, uncommitted_portal_settings_are_rolled_back};
pub use portal_users::{portal_user_revocation, portal_user_search};
pub use registration::{
    RegistrationContractSubject, registration_link, registration_links, registration_uses,
    run_registration,
};
pub use replays::captcha_replays;
pub use sharing::{
    SharingContractSubject, run_sharing, sharing_links, sharing_permissions, sharing_views,
    sharing_views_stop_at_revocation_and_expiry,
};
pub use sharing_counts::sharing_active_link_count;
pub use templates::mail_templates;
pub use transactions::{
    attempts_recorded_in_work_land_with_it, captcha_replays_recorded_in_work_land_with_it,
    uncommitted_work_is_rolled_back,
};

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
    recipient_counts_serialise_parallel_units(subject).await;
    outbox_summary(subject).await;
    mail_templates(subject).await;
    captcha_replays(subject).await;
}

/// Runs every access check that holds for every implementation, fakes included.
pub async fn run_access(subject: &ContractSubject) {
    organisations(subject).await;
    organisation_updates(subject).await;
    staff_users(subject).await;
    staff_pagination_and_admin_count(subject).await;
    api_tokens(subject).await;
    api_tokens_by_user(subject).await;
    action_tokens(subject).await;
    sessions(subject).await;
    attempts(subject).await;
    attempts_are_checked_and_recorded_atomically(subject).await;
    audit(subject).await;
    audit_log_reads(subject).await;
    timestamps_round_trip(subject).await;
}
