//! Forms, cases and timelines over [`InMemoryCasesStore`].

use frontdesk_cases::{
    Case, CaseFilter, CaseNumber, CaseRepository, Form, FormRepository, FormSlug, TimelineEntry,
    TimelineRepository,
};
use frontdesk_kernel::{CaseId, ContactId, FormId, OrgId, Page, PageRequest, RepositoryError, Uow};
use time::OffsetDateTime;

use super::InMemoryCasesStore;
use crate::fakes::check_uow;

/// The error for a row that refers to one missing from its organisation.
fn missing(what: &str) -> RepositoryError {
    RepositoryError::Corrupt(format!("{what} does not exist in this organisation"))
}

#[async_trait::async_trait]
impl FormRepository for InMemoryCasesStore {
    async fn insert(&self, form: &Form) -> Result<(), RepositoryError> {
        let mut state = self.state();
        if state.forms.contains_key(&form.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state
            .forms
            .values()
            .any(|f| f.org_id == form.org_id && f.slug == form.slug)
        {
            return Err(RepositoryError::Conflict("slug"));
        }
        state.forms.insert(form.id.as_uuid(), form.clone());
        Ok(())
    }

    async fn update(&self, form: &Form) -> Result<(), RepositoryError> {
        let mut state = self.state();
        if let Some(stored) = state
            .forms
            .get_mut(&form.id.as_uuid())
            .filter(|stored| stored.org_id == form.org_id)
        {
            stored.name.clone_from(&form.name);
            stored.default_language = form.default_language;
            stored.fields.clone_from(&form.fields);
            stored
                .guest_edit_statuses
                .clone_from(&form.guest_edit_statuses);
            stored.notify_contacts = form.notify_contacts;
            stored.share_links_enabled = form.share_links_enabled;
        }
        Ok(())
    }

    async fn find_by_slug(
        &self,
        org: OrgId,
        slug: &FormSlug,
    ) -> Result<Option<Form>, RepositoryError> {
        Ok(self
            .state()
            .forms
            .values()
            .find(|f| f.org_id == org && &f.slug == slug)
            .cloned())
    }

    async fn find(&self, org: OrgId, id: FormId) -> Result<Option<Form>, RepositoryError> {
        Ok(self
            .state()
            .forms
            .get(&id.as_uuid())
            .filter(|f| f.org_id == org)
            .cloned())
    }

    async fn list(&self, org: OrgId) -> Result<Vec<Form>, RepositoryError> {
        let mut forms: Vec<Form> = self
            .state()
            .forms
            .values()
            .filter(|f| f.org_id == org)
            .cloned()
            .collect();
        forms.sort_by(|a, b| a.slug.as_str().cmp(b.slug.as_str()));
        Ok(forms)
    }
}

#[async_trait::async_trait]
impl CaseRepository for InMemoryCasesStore {
    async fn next_number(&self, uow: &mut Uow, org: OrgId) -> Result<CaseNumber, RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        let next = state.sequences.entry(org).or_insert(0);
        *next += 1;
        Ok(CaseNumber(*next))
    }

    async fn insert(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state.cases.contains_key(&case.id.as_uuid()) {
            return Err(RepositoryError::Conflict("id"));
        }
        if state
            .cases
            .values()
            .any(|c| c.org_id == case.org_id && c.number == case.number)
        {
            return Err(RepositoryError::Conflict("number"));
        }
        if state
            .forms
            .get(&case.form_id.as_uuid())
            .is_none_or(|form| form.org_id != case.org_id)
        {
            return Err(missing("the case's form"));
        }
        state.cases.insert(case.id.as_uuid(), case.clone());
        Ok(())
    }

    async fn update(&self, uow: &mut Uow, case: &Case) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if let Some(stored) = state
            .cases
            .get_mut(&case.id.as_uuid())
            .filter(|stored| stored.org_id == case.org_id)
        {
            stored.title.clone_from(&case.title);
            stored.description.clone_from(&case.description);
            stored.priority = case.priority;
            stored.project.clone_from(&case.project);
            stored.status = case.status;
            stored.assignee = case.assignee;
            stored.client_id = case.client_id;
            stored.public = case.public;
            stored.updated_at = case.updated_at;
        }
        Ok(())
    }

    async fn find(&self, org: OrgId, id: CaseId) -> Result<Option<Case>, RepositoryError> {
        Ok(self
            .state()
            .cases
            .get(&id.as_uuid())
            .filter(|c| c.org_id == org)
            .cloned())
    }

    async fn find_by_number(
        &self,
        org: OrgId,
        number: CaseNumber,
    ) -> Result<Option<Case>, RepositoryError> {
        Ok(self
            .state()
            .cases
            .values()
            .find(|c| c.org_id == org && c.number == number)
            .cloned())
    }

    async fn list(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        page: PageRequest,
    ) -> Result<Page<Case>, RepositoryError> {
        let state = self.state();
        let items = state
            .cases
            .values()
            .filter(|c| c.org_id == org)
            .filter(|c| filter.matches(c, &state.contacts_of_case(org, c.id)))
            .filter(|c| page.after.is_none_or(|after| c.id.as_uuid() > after))
            .take(page.limit as usize + 1)
            .cloned()
            .collect();
        Ok(Page::from_overfetch(items, page, |c| c.id.as_uuid()))
    }

    async fn link_contact(
        &self,
        uow: &mut Uow,
        org: OrgId,
        case: CaseId,
        contact: ContactId,
        _at: OffsetDateTime,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .cases
            .get(&case.as_uuid())
            .is_none_or(|c| c.org_id != org)
        {
            return Err(missing("the case"));
        }
        if state
            .contacts
            .get(&contact.as_uuid())
            .is_none_or(|c| c.org_id != org)
        {
            return Err(missing("the contact"));
        }
        let link = (org, case, contact);
        if !state.case_contacts.contains(&link) {
            state.case_contacts.push(link);
        }
        Ok(())
    }

    async fn contacts_of(
        &self,
        org: OrgId,
        case: CaseId,
    ) -> Result<Vec<ContactId>, RepositoryError> {
        Ok(self
            .state()
            .case_contacts
            .iter()
            .filter(|(o, c, _)| *o == org && *c == case)
            .map(|(_, _, contact)| *contact)
            .collect())
    }
}

#[async_trait::async_trait]
impl TimelineRepository for InMemoryCasesStore {
    async fn append(
        &self,
        uow: &mut Uow,
        org: OrgId,
        entry: &TimelineEntry,
    ) -> Result<(), RepositoryError> {
        check_uow(uow)?;
        let mut state = self.state();
        if state
            .cases
            .get(&entry.case_id.as_uuid())
            .is_none_or(|c| c.org_id != org)
        {
            return Err(missing("the case"));
        }
        if state.timeline.iter().any(|(_, e)| e.id == entry.id) {
            return Err(RepositoryError::Conflict("id"));
        }
        state.timeline.push((org, entry.clone()));
        Ok(())
    }

    async fn list(
        &self,
        org: OrgId,
        case: CaseId,
        include_internal: bool,
    ) -> Result<Vec<TimelineEntry>, RepositoryError> {
        Ok(self
            .state()
            .timeline
            .iter()
            .filter(|(o, e)| *o == org && e.case_id == case)
            .filter(|(_, e)| {
                include_internal || e.visibility == frontdesk_cases::Visibility::Public
            })
            .map(|(_, e)| e.clone())
            .collect())
    }
}
