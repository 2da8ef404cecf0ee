//! The sharing use cases, one file per use case or tight family of them:
//!
//! | file | use cases |
//! |---|---|
//! | `create.rs` | create a link (staff) |
//! | `list.rs` | a case's links, a link's views (staff) |
//! | `revoke.rs` | revoke a link (staff) |
//! | `email.rs` | mail a link through the outbox (staff) |
//! | `may_share.rs` | whether a member may share a case (staff interfaces) |
//! | `permissions.rs` | read and set the per-form share permissions (admins) |
//! | `open.rs` | open a link and confirm a view (anyone holding it) |
//! | `active_links.rs` | how many of the organisation's links are open now (staff) |

mod active_links;
mod create;
mod email;
mod list;
mod may_share;
mod open;
mod permissions;
mod revoke;

use std::sync::Arc;

use frontdesk_access::{AttemptLog, AuditAction, AuditEvent, AuditLog, Profile, StaffActor};
use frontdesk_cases::{CaseRepository, CaseViewReader, Form, FormRepository, TimelineRepository};
use frontdesk_kernel::{
    AuditEventId, CaseId, Clock, IdGenerator, OrgId, PasswordHasher, PublicLinks, RepositoryError,
    ShareLinkId, TokenSource, TransactionRunner, Uow,
};
use frontdesk_messaging::MailQueue;
use time::OffsetDateTime;

pub use active_links::ActiveLinkCountError;
pub use create::{CreateShareLink, CreateShareLinkError, CreatedShareLink};
pub use email::{EmailShareLink, EmailShareLinkError, ShareMessageError};
pub use list::{ListShareLinksError, ListShareViewsError};
pub use open::{ShareGate, ShareViewError, SharedCase};
pub use permissions::{SetSharePermissionError, SharePermissionsError};
pub use revoke::RevokeShareLinkError;

use crate::{ShareLink, ShareLinkRepository, SharePermissionRepository, may_share};

/// Everything the sharing use cases need.
#[derive(Clone)]
pub struct SharingPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Share links and views.
    pub share_links: Arc<dyn ShareLinkRepository>,
    /// Per-form permissions.
    pub permissions: Arc<dyn SharePermissionRepository>,
    /// Cases.
    pub cases: Arc<dyn CaseRepository>,
    /// Forms (the addon switch).
    pub forms: Arc<dyn FormRepository>,
    /// Timelines (public entries are shown).
    pub timeline: Arc<dyn TimelineRepository>,
    /// A case with its organisation (lifetime policy, name) and form, read together.
    pub views: Arc<dyn CaseViewReader>,
    /// Shared counters for the password attempt limit.
    pub attempts: Arc<dyn AttemptLog>,
    /// The audit trail (links created, revoked, mailed).
    pub audit: Arc<dyn AuditLog>,
    /// Password hashing for protected links.
    pub hasher: Arc<dyn PasswordHasher>,
    /// Outbound mail, queued in the use case's unit of work.
    pub mail: Arc<dyn MailQueue>,
    /// The URLs of the public pages share links open.
    pub links: Arc<dyn PublicLinks>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness.
    pub tokens: Arc<dyn TokenSource>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

/// The sharing use cases.
#[derive(Clone)]
pub struct SharingService {
    ports: SharingPorts,
}

impl SharingService {
    /// A service over `ports`.
    pub fn new(ports: SharingPorts) -> Self {
        Self { ports }
    }

    /// Appends an audit event about `link` done by `actor`.
    async fn audit(
        &self,
        uow: &mut Uow,
        actor: &StaffActor,
        action: AuditAction,
        link: ShareLinkId,
        detail: String,
    ) -> Result<(), RepositoryError> {
        self.ports
            .audit
            .record(
                uow,
                &AuditEvent {
                    id: AuditEventId::from_uuid(self.ports.ids.new_uuid()),
                    org_id: Some(actor.org_id),
                    actor: Some(actor.user_id),
                    action,
                    subject: Some(link.to_string()),
                    detail,
                    at: self.ports.clock.now(),
                },
            )
            .await
    }

    /// Whether `actor` may share cases of `form`, reading the form's saved settings for the
    /// actor's profiles. `addon_on` is the form's switch, or `true` where only the profile
    /// permission matters (revoking).
    async fn actor_may_share(
        &self,
        actor: &StaffActor,
        form: &Form,
        addon_on: bool,
    ) -> Result<bool, RepositoryError> {
        if !addon_on {
            return Ok(false);
        }
        let mut saved = Vec::new();
        for profile in actor.profiles.iter() {
            // Admins always may: no need to ask storage.
            if profile != Profile::Admin {
                let setting = self
                    .ports
                    .permissions
                    .setting(actor.org_id, form.id, profile)
                    .await?;
                saved.push((profile, setting));
            }
        }
        Ok(may_share(&actor.profiles, addon_on, |profile| {
            saved
                .iter()
                .find(|(p, _)| *p == profile)
                .and_then(|(_, setting)| *setting)
        }))
    }

    /// The form of `case`, if the case exists in `org`.
    async fn form_of_case(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Option<Form>, RepositoryError> {
        Ok(self
            .ports
            .views
            .case_in_context(org, case)
            .await?
            .map(|context| context.form))
    }

    /// The link `link` if it belongs to the actor's organisation.
    async fn staff_link(
        &self,
        actor: &StaffActor,
        link: ShareLinkId,
    ) -> Result<Option<ShareLink>, RepositoryError> {
        Ok(self
            .ports
            .share_links
            .find(actor.org_id, link)
            .await?
            .filter(|found| found.org_id == actor.org_id))
    }
}

/// An expiry as mail and the audit trail show it: `2026-01-08 10:00 UTC`.
fn format_expiry(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}
