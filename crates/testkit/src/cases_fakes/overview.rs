//! The staff console's searches and counts over [`InMemoryCasesStore`], with assignee names
//! from a staff user port.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

use frontdesk_access::StaffUserRepository;
use frontdesk_access::VisibleCases;
use frontdesk_cases::{
    Case, CaseFilter, CaseOverviewReader, CaseRow, CaseSort, CaseStatus, DayCount, FormCount,
    VisibleCaseQuery,
};
use frontdesk_contacts::{Counted, PageNumber};
use frontdesk_kernel::{FormId, OrgId, RepositoryError};
use time::{Date, OffsetDateTime, UtcOffset};

use super::InMemoryCasesStore;

/// [`CaseOverviewReader`] over the in-memory cases store; names of assignees come from
/// `staff`.
#[derive(Clone)]
pub struct InMemoryCaseOverview {
    /// Cases, forms and contacts.
    pub cases: InMemoryCasesStore,
    /// Staff users, for assignee names.
    pub staff: Arc<dyn StaffUserRepository>,
}

/// `cases` in `sort` order.
fn sorted(mut cases: Vec<Case>, sort: CaseSort) -> Vec<Case> {
    match sort {
        CaseSort::Newest => cases.sort_by_key(|c| Reverse(c.number)),
        CaseSort::Oldest => cases.sort_by_key(|c| c.number),
        CaseSort::RecentlyUpdated => cases.sort_by_key(|c| Reverse((c.updated_at, c.number))),
        CaseSort::Priority => cases.sort_by_key(|c| Reverse((c.priority, c.number))),
        CaseSort::Title => cases.sort_by_cached_key(|c| (c.title.to_lowercase(), c.number)),
    }
    cases
}

/// The UTC day of `at`.
fn utc_day(at: OffsetDateTime) -> Date {
    at.to_offset(UtcOffset::UTC).date()
}

#[async_trait::async_trait]
impl CaseOverviewReader for InMemoryCaseOverview {
    async fn search(
        &self,
        org: OrgId,
        filter: &CaseFilter,
        sort: CaseSort,
        page: PageNumber,
    ) -> Result<Counted<CaseRow>, RepositoryError> {
        let (total, mut rows) = {
            let state = self.cases.state();
            let matching: Vec<Case> = state
                .cases
                .values()
                .filter(|c| c.org_id == org)
                .filter(|c| filter.matches(c, &state.contacts_of_case(org, c.id)))
                .cloned()
                .collect();
            let total = matching.len() as u64;
            let rows: Vec<CaseRow> = sorted(matching, sort)
                .into_iter()
                .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
                .take(page.per_page as usize)
                .map(|case| {
                    let form = state
                        .forms
                        .get(&case.form_id.as_uuid())
                        .filter(|form| form.org_id == org);
                    let contact = state.contacts_of_case(org, case.id).first().copied();
                    CaseRow {
                        form_slug: form.map(|f| f.slug.as_str().to_owned()).unwrap_or_default(),
                        form_name: form.map(|f| f.name.clone()).unwrap_or_default(),
                        contact_name: contact.map(frontdesk_contacts::Contact::full_name),
                        contact_email: contact.map(|c| c.email.to_string()),
                        assignee_name: None,
                        case,
                    }
                })
                .collect();
            (total, rows)
        };
        for row in &mut rows {
            if let Some(id) = row.case.assignee {
                row.assignee_name = self
                    .staff
                    .find(org, id)
                    .await?
                    .map(|member| member.name.to_string());
            }
        }
        Ok(Counted { rows, total })
    }

    async fn search_visible(
        &self,
        scope: &VisibleCases,
        query: &VisibleCaseQuery,
        page: PageNumber,
    ) -> Result<Counted<CaseRow>, RepositoryError> {
        let org = scope.org_id();
        let state = self.cases.state();
        let matching: Vec<Case> = state
            .cases
            .values()
            .filter(|c| c.org_id == org && scope.admits(&c.facts()) && query.matches(c))
            .cloned()
            .collect();
        let total = matching.len() as u64;
        let rows = sorted(matching, CaseSort::Newest)
            .into_iter()
            .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
            .take(page.per_page as usize)
            .map(|case| {
                let form = state
                    .forms
                    .get(&case.form_id.as_uuid())
                    .filter(|form| form.org_id == org);
                CaseRow {
                    form_slug: form.map(|f| f.slug.as_str().to_owned()).unwrap_or_default(),
                    form_name: form.map(|f| f.name.clone()).unwrap_or_default(),
                    contact_name: None,
                    contact_email: None,
                    assignee_name: None,
                    case,
                }
            })
            .collect();
        Ok(Counted { rows, total })
    }

    async fn count_by_status(&self, org: OrgId) -> Result<Vec<(CaseStatus, u64)>, RepositoryError> {
        let state = self.cases.state();
        let mut counts: BTreeMap<CaseStatus, u64> = BTreeMap::new();
        for case in state.cases.values().filter(|c| c.org_id == org) {
            *counts.entry(case.status).or_default() += 1;
        }
        Ok(counts.into_iter().collect())
    }

    async fn count_by_form(
        &self,
        org: OrgId,
        statuses: &[CaseStatus],
    ) -> Result<Vec<FormCount>, RepositoryError> {
        let state = self.cases.state();
        let mut counts: BTreeMap<FormId, u64> = BTreeMap::new();
        for case in state
            .cases
            .values()
            .filter(|c| c.org_id == org && statuses.contains(&c.status))
        {
            *counts.entry(case.form_id).or_default() += 1;
        }
        let mut forms: Vec<FormCount> = counts
            .into_iter()
            .filter_map(|(id, open)| {
                let form = state.forms.get(&id.as_uuid()).filter(|f| f.org_id == org)?;
                Some(FormCount {
                    form_id: id,
                    form_slug: form.slug.as_str().to_owned(),
                    form_name: form.name.clone(),
                    open,
                })
            })
            .collect();
        forms.sort_by(|a, b| {
            b.open
                .cmp(&a.open)
                .then_with(|| a.form_name.cmp(&b.form_name))
                .then_with(|| a.form_slug.cmp(&b.form_slug))
        });
        Ok(forms)
    }

    async fn count_created_per_day(
        &self,
        org: OrgId,
        since: OffsetDateTime,
    ) -> Result<Vec<DayCount>, RepositoryError> {
        let state = self.cases.state();
        let mut counts: BTreeMap<Date, u64> = BTreeMap::new();
        for case in state
            .cases
            .values()
            .filter(|c| c.org_id == org && c.created_at >= since)
        {
            *counts.entry(utc_day(case.created_at)).or_default() += 1;
        }
        Ok(counts
            .into_iter()
            .map(|(day, created)| DayCount { day, created })
            .collect())
    }
}
