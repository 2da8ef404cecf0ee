//! The registration use cases, one file each:
//!
//! | file | use case |
//! |---|---|
//! | `create_link.rs` | create a link (admins) |
//! | `list_links.rs` | the organisation's links, a page at a time (admins) |
//! | `link.rs` | one link (admins) |
//! | `revoke_link.rs` | revoke a link (admins) |
//! | `list_uses.rs` | a link's counted sign-ups (admins) |
//! | `email_link.rs` | mail a link to several addresses through the outbox (admins) |
//! | `check_link.rs` | what a sign-up with a token and an address would get (anyone) |
//! | `signup/` | [`SignUpService`]: sign-up, activation (anyone holding the link) |

mod check_link;
mod create_link;
mod email_link;
mod link;
mod list_links;
mod list_uses;
mod revoke_link;
mod signup;

use std::sync::Arc;

use frontdesk_access::{
    AuditAction, AuditEvent, AuditLog, OrganisationRepository, Permission, StaffActor,
};
use frontdesk_cases::FormRepository;
use frontdesk_contacts::ClientRepository;
use frontdesk_kernel::{
    AuditEventId, Clock, IdGenerator, PublicLinks, RegistrationLinkId, RepositoryError,
    TokenSource, TransactionRunner, Uow,
};
use frontdesk_messaging::MailQueue;
use time::OffsetDateTime;

pub use check_link::{CheckLinkError, LinkCheck, SignUpTerms};
pub use create_link::{
    CreateRegistrationLink, CreateRegistrationLinkError, CreatedRegistrationLink,
};
pub use email_link::{EmailRegistrationLink, EmailRegistrationLinkError, MAX_RECIPIENTS};
pub use link::RegistrationLinkError;
pub use list_links::ListRegistrationLinksError;
pub use list_uses::ListRegistrationUsesError;
pub use revoke_link::RevokeRegistrationLinkError;
pub use signup::{
    ActivateError, ActivateStaffError, Activated, ActivationError, ActivationView, SignUpError,
    SignUpField, SignUpForm, SignUpPorts, SignUpService, SignUpVia, StaffActivated,
    StaffActivationError, actions as sign_up_actions,
};

use crate::RegistrationLink;

/// The permission every staff use case of registration links needs: only administrators
/// hold it, as links create accounts.
pub const MANAGE_REGISTRATION: Permission = Permission::ManageStaff;

/// Everything the registration use cases need.
#[derive(Clone)]
pub struct RegistrationPorts {
    /// Starts units of work.
    pub transactions: Arc<dyn TransactionRunner>,
    /// Organisations (the switch, lifetimes, base URL).
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Registration links and their uses.
    pub links: Arc<dyn RegistrationLinkRepository>,
    /// Clients a client link may name.
    pub clients: Arc<dyn ClientRepository>,
    /// Forms an auto-created case may use.
    pub forms: Arc<dyn FormRepository>,
    /// The audit trail (links created, revoked, mailed).
    pub audit: Arc<dyn AuditLog>,
    /// Outbound mail, queued in the use case's unit of work.
    pub mail: Arc<dyn MailQueue>,
    /// The URLs of the public sign-up pages.
    pub public_links: Arc<dyn PublicLinks>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Secret randomness.
    pub tokens: Arc<dyn TokenSource>,
    /// Ids.
    pub ids: Arc<dyn IdGenerator>,
}

use crate::RegistrationLinkRepository;

/// The registration use cases.
#[derive(Clone)]
pub struct RegistrationService {
    ports: RegistrationPorts,
}

impl RegistrationService {
    /// A service over `ports`.
    pub fn new(ports: RegistrationPorts) -> Self {
        Self { ports }
    }

    /// Appends an audit event about `link` done by `actor`.
    async fn audit(
        &self,
        uow: &mut Uow,
        actor: &StaffActor,
        action: AuditAction,
        link: RegistrationLinkId,
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

    /// The link `id` if it belongs to the actor's organisation.
    async fn staff_link(
        &self,
        actor: &StaffActor,
        id: RegistrationLinkId,
    ) -> Result<Option<RegistrationLink>, RepositoryError> {
        Ok(self
            .ports
            .links
            .find(actor.org_id, id)
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

/// The token in a link's URL: the last path segment, ignoring any query or fragment.
fn token_in_url(url: &str) -> &str {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let path = url[..end].trim_end_matches('/');
    path.rsplit('/').next().unwrap_or_default()
}
