//! Guests: opening a guest link, reading the case, commenting and editing.

use frontdesk_access::Organisation;
use frontdesk_contacts::Contact;
use frontdesk_kernel::{CaseId, RepositoryError, Token, TokenDigest, TokenKind};

use super::CaseContext;
use crate::{
    Case, CasesService, FieldError, Form, GuestAccess, GuestCaseRecord, TimelineEntry, intake,
};

/// A case as its guest sees it.
#[derive(Debug, Clone)]
pub struct GuestCaseView {
    /// The organisation (name, branding).
    pub organisation: Organisation,
    /// The form (field labels, edit rules).
    pub form: Form,
    /// The case.
    pub case: Case,
    /// The guest.
    pub contact: Contact,
    /// Entries visible to externals, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Whether the guest may edit the case now.
    pub may_edit: bool,
}

/// Why a guest link does not open a case.
#[derive(Debug, thiserror::Error)]
pub enum GuestLinkError {
    /// Malformed, unknown, or for another case.
    #[error("this link is not valid")]
    Invalid,
    /// Past its expiry.
    #[error("this link has expired")]
    Expired,
    /// Revoked by staff (or replaced by a newer link).
    #[error("this link was revoked")]
    Revoked,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// A guest's changes to their case; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct GuestEdit {
    /// Title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Priority name.
    pub priority: Option<String>,
    /// Project.
    pub project: Option<String>,
}

/// Why a guest action failed.
#[derive(Debug, thiserror::Error)]
pub enum GuestActionError {
    /// The link does not open the case.
    #[error(transparent)]
    Link(GuestLinkError),
    /// The case's status does not allow guest edits.
    #[error("this case can no longer be edited")]
    NotEditable,
    /// Invalid input.
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl From<GuestLinkError> for GuestActionError {
    /// A storage failure stays a storage failure; anything else is the link's fault.
    fn from(error: GuestLinkError) -> Self {
        match error {
            GuestLinkError::Repository(error) => Self::Repository(error),
            other => Self::Link(other),
        }
    }
}

/// What a valid guest link opens, loaded once for every guest use case.
struct GuestContext {
    organisation: Organisation,
    form: Form,
    case: Case,
    contact: Contact,
}

/// The digest of a raw guest token; anything that is not one is an invalid link.
fn guest_token_digest(raw_token: &str) -> Result<TokenDigest, GuestLinkError> {
    Token::parse(TokenKind::GuestAccess, raw_token.trim())
        .map(|token| token.digest())
        .map_err(|_| GuestLinkError::Invalid)
}

impl CasesService {
    /// Checks a guest capability's state: revoked before expired.
    fn check_usable(&self, access: &GuestAccess) -> Result<(), GuestLinkError> {
        if access.revoked_at.is_some() {
            return Err(GuestLinkError::Revoked);
        }
        if !access.is_usable(self.ports.clock.now()) {
            return Err(GuestLinkError::Expired);
        }
        Ok(())
    }

    /// The capability behind a raw guest token, if it opens a case now.
    async fn usable_access(&self, raw_token: &str) -> Result<GuestAccess, GuestLinkError> {
        let digest = guest_token_digest(raw_token)?;
        let access = self
            .ports
            .guest_access
            .find_by_digest(&digest)
            .await?
            .ok_or(GuestLinkError::Invalid)?;
        self.check_usable(&access)?;
        Ok(access)
    }

    async fn guest_context(
        &self,
        raw_token: &str,
        case: CaseId,
    ) -> Result<GuestContext, GuestLinkError> {
        Ok(self.guest_context_with(raw_token, case, false).await?.0)
    }

    /// The guest's context (one read of the capability with what it opens) and, when
    /// `with_timeline`, the case's public timeline.
    async fn guest_context_with(
        &self,
        raw_token: &str,
        case: CaseId,
        with_timeline: bool,
    ) -> Result<(GuestContext, Vec<TimelineEntry>), GuestLinkError> {
        let digest = guest_token_digest(raw_token)?;
        let record = self
            .ports
            .views
            .guest_case(&digest)
            .await?
            .ok_or(GuestLinkError::Invalid)?;
        self.check_usable(&record.access)?;
        let GuestCaseRecord {
            access,
            context,
            contact,
        } = record;
        if access.case_id != case
            || context.case.id != case
            || context.case.org_id != access.org_id
            || contact.id != access.contact_id
        {
            return Err(GuestLinkError::Invalid);
        }
        let timeline = if with_timeline {
            self.ports
                .timeline
                .list(access.org_id, access.case_id, false)
                .await?
        } else {
            Vec::new()
        };
        Ok((
            GuestContext {
                organisation: context.organisation,
                form: context.form,
                case: context.case,
                contact,
            },
            timeline,
        ))
    }

    /// The case a guest link opens (for the redirect to the clean case URL).
    ///
    /// # Errors
    /// See [`GuestLinkError`].
    pub async fn open_guest_link(&self, raw_token: &str) -> Result<CaseId, GuestLinkError> {
        Ok(self.usable_access(raw_token).await?.case_id)
    }

    /// The guest's view of `case` with the token from their cookie.
    ///
    /// # Errors
    /// See [`GuestLinkError`].
    pub async fn guest_case(
        &self,
        raw_token: &str,
        case: CaseId,
    ) -> Result<GuestCaseView, GuestLinkError> {
        let (context, timeline) = self.guest_context_with(raw_token, case, true).await?;
        let may_edit = context.form.guest_may_edit(context.case.status);
        Ok(GuestCaseView {
            organisation: context.organisation,
            form: context.form,
            case: context.case,
            contact: context.contact,
            timeline,
            may_edit,
        })
    }

    /// A guest's comment (visible to externals; notifies other contacts).
    ///
    /// # Errors
    /// See [`GuestActionError`].
    pub async fn guest_comment(
        &self,
        raw_token: &str,
        case: CaseId,
        body: &str,
    ) -> Result<(), GuestActionError> {
        let context = self.guest_context(raw_token, case).await?;
        let body =
            intake::body(context.case.language, "body", body).map_err(GuestActionError::Invalid)?;
        let target = CaseContext {
            organisation: context.organisation,
            form: context.form,
            case: context.case,
        };
        Ok(self
            .comment_as_contact(target, context.contact.id, body)
            .await?)
    }

    /// A guest's edit, allowed only in the form's guest-edit statuses.
    ///
    /// # Errors
    /// See [`GuestActionError`].
    pub async fn guest_edit(
        &self,
        raw_token: &str,
        case: CaseId,
        edit: GuestEdit,
    ) -> Result<(), GuestActionError> {
        let context = self.guest_context(raw_token, case).await?;
        if !context.form.guest_may_edit(context.case.status) {
            return Err(GuestActionError::NotEditable);
        }
        let valid = intake::guest_edit(
            &context.form,
            context.case.language,
            &edit,
            self.intake.max_description,
        )
        .map_err(GuestActionError::Invalid)?;
        let target = CaseContext {
            organisation: context.organisation,
            form: context.form,
            case: context.case,
        };
        Ok(self
            .edit_as_contact(target, context.contact.id, valid)
            .await?)
    }
}
