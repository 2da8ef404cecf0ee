//! Read models of the public pages: what a guest's page or a share page shows, read in as few
//! round trips as the store allows.
//!
//! [`CaseViewReader`] is a port of its own so that a store able to join (the storage adapter
//! reads each record with one statement) can do so, while any other store gets the same
//! answers from [`ComposedCaseViews`], which asks the entity ports concurrently.

use std::sync::Arc;

use frontdesk_access::{OrgSlug, Organisation, OrganisationRepository};
use frontdesk_contacts::{Contact, ContactRepository};
use frontdesk_kernel::{CaseId, OrgId, RepositoryError, TokenDigest};

use crate::{
    Case, CaseRepository, Form, FormRepository, FormSlug, GuestAccess, GuestAccessRepository,
};

/// A case with the organisation and the form it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInContext {
    /// The case's organisation.
    pub organisation: Organisation,
    /// The form the case came through.
    pub form: Form,
    /// The case.
    pub case: Case,
}

/// A guest capability with the case it opens, that case's organisation and form, and the
/// contact it was issued to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestCaseRecord {
    /// The capability, whatever its state (the caller decides what expired or revoked means).
    pub access: GuestAccess,
    /// The case, its organisation and form.
    pub context: CaseInContext,
    /// The contact the capability was issued to.
    pub contact: Contact,
}

/// Reads the records behind the public pages.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait::async_trait]
pub trait CaseViewReader: Send + Sync {
    /// Case `id` of `org` with its organisation and form; `None` when any of them is missing.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn case_in_context(
        &self,
        org: OrgId,
        id: CaseId,
    ) -> Result<Option<CaseInContext>, RepositoryError>;

    /// The guest capability with this digest and what it opens; `None` when there is no such
    /// capability or its case, organisation, form or contact is missing.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn guest_case(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestCaseRecord>, RepositoryError>;

    /// The organisation with slug `org` and its form with slug `form`; `None` when either is
    /// missing.
    ///
    /// # Errors
    /// [`RepositoryError`] when the store fails.
    async fn public_form(
        &self,
        org: &OrgSlug,
        form: &FormSlug,
    ) -> Result<Option<(Organisation, Form)>, RepositoryError>;
}

/// [`CaseViewReader`] over the entity ports: the capability first, then the organisation,
/// case and contact together, then the form. For stores that cannot join.
#[derive(Clone)]
pub struct ComposedCaseViews {
    /// Organisations.
    pub organisations: Arc<dyn OrganisationRepository>,
    /// Forms.
    pub forms: Arc<dyn FormRepository>,
    /// Cases.
    pub cases: Arc<dyn CaseRepository>,
    /// Contacts.
    pub contacts: Arc<dyn ContactRepository>,
    /// Guest capabilities.
    pub guest_access: Arc<dyn GuestAccessRepository>,
}

impl ComposedCaseViews {
    async fn context_of(
        &self,
        case: Option<Case>,
    ) -> Result<Option<CaseInContext>, RepositoryError> {
        let Some(case) = case else {
            return Ok(None);
        };
        let (organisation, form) = futures::try_join!(
            self.organisations.find(case.org_id),
            self.forms.find(case.org_id, case.form_id),
        )?;
        Ok(organisation
            .zip(form)
            .map(|(organisation, form)| CaseInContext {
                organisation,
                form,
                case,
            }))
    }
}

#[async_trait::async_trait]
impl CaseViewReader for ComposedCaseViews {
    async fn case_in_context(
        &self,
        org: OrgId,
        id: CaseId,
    ) -> Result<Option<CaseInContext>, RepositoryError> {
        let case = self.cases.find(org, id).await?;
        self.context_of(case).await
    }

    async fn guest_case(
        &self,
        digest: &TokenDigest,
    ) -> Result<Option<GuestCaseRecord>, RepositoryError> {
        let Some(access) = self.guest_access.find_by_digest(digest).await? else {
            return Ok(None);
        };
        let (case, contact) = futures::try_join!(
            self.cases.find(access.org_id, access.case_id),
            self.contacts.find(access.org_id, access.contact_id),
        )?;
        let (Some(context), Some(contact)) = (self.context_of(case).await?, contact) else {
            return Ok(None);
        };
        Ok(Some(GuestCaseRecord {
            access,
            context,
            contact,
        }))
    }

    async fn public_form(
        &self,
        org: &OrgSlug,
        form: &FormSlug,
    ) -> Result<Option<(Organisation, Form)>, RepositoryError> {
        let Some(organisation) = self.organisations.find_by_slug(org).await? else {
            return Ok(None);
        };
        let form = self.forms.find_by_slug(organisation.id, form).await?;
        Ok(form.map(|form| (organisation, form)))
    }
}
