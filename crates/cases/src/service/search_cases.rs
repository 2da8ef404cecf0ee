//! Staff search their organisation's cases: by text, status, form, priority and assignee,
//! in one of several orders, a numbered page at a time.

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_contacts::{PageNumber, SearchText};
use frontdesk_kernel::{ClientId, RepositoryError, StaffUserId};

use crate::{Case, CaseFilter, CaseStatus, CasesService, FormSlug, Priority};

/// Whom the cases must be assigned to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum AssigneeFilter {
    /// Assigned or not, to anyone.
    #[default]
    Anyone,
    /// Assigned to nobody.
    Unassigned,
    /// Assigned to this staff user.
    Member(StaffUserId),
}

impl AssigneeFilter {
    /// Whether a case assigned to `assignee` passes.
    pub fn matches(self, assignee: Option<StaffUserId>) -> bool {
        match self {
            Self::Anyone => true,
            Self::Unassigned => assignee.is_none(),
            Self::Member(member) => assignee == Some(member),
        }
    }
}

/// The order of search results. Ties are broken by case number, so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum CaseSort {
    /// Highest number first (the default).
    #[default]
    Newest,
    /// Lowest number first.
    Oldest,
    /// Last changed first (then highest number).
    RecentlyUpdated,
    /// Urgent first, then high, normal, low (then highest number).
    Priority,
    /// By title, ignoring case (then lowest number).
    Title,
}

impl CaseSort {
    /// Every order, the default first.
    pub const ALL: [Self; 5] = [
        Self::Newest,
        Self::Oldest,
        Self::RecentlyUpdated,
        Self::Priority,
        Self::Title,
    ];

    /// The name used in query strings.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::Oldest => "oldest",
            Self::RecentlyUpdated => "updated",
            Self::Priority => "priority",
            Self::Title => "title",
        }
    }

    /// Parses a query-string name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == raw)
    }
}

/// A case search as staff ask it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseSearch {
    /// Matches the case number (`42` or `#42`), a title substring, or the name or email of
    /// a contact associated with the case, ignoring case; blank means no text filter.
    pub text: Option<String>,
    /// Only cases in this status.
    pub status: Option<CaseStatus>,
    /// Only cases of the form with this slug (an unknown slug matches nothing).
    pub form: Option<String>,
    /// Only cases of this priority.
    pub priority: Option<Priority>,
    /// Only cases assigned so.
    pub assignee: AssigneeFilter,
    /// Only cases of this client (another organisation's client matches nothing).
    pub client: Option<ClientId>,
    /// The order.
    pub sort: CaseSort,
    /// The page, from 1 (0 reads as 1).
    pub page: u32,
    /// Rows per page, capped at 100 (0 reads as 1).
    pub per_page: u32,
}

/// One case in a search result, with what a list shows beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    /// The case.
    pub case: Case,
    /// Its form's slug.
    pub form_slug: String,
    /// Its form's display name.
    pub form_name: String,
    /// The name ("first last") of the first contact associated with it.
    pub contact_name: Option<String>,
    /// That contact's email.
    pub contact_email: Option<String>,
    /// Its assignee's display name.
    pub assignee_name: Option<String>,
}

/// One page of a case search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseSearchPage {
    /// The page's rows, in the order asked for.
    pub rows: Vec<CaseRow>,
    /// How many cases match, on every page.
    pub total: u64,
    /// This page's number, from 1 (after clamping).
    pub page: u32,
    /// Rows per page (after clamping).
    pub per_page: u32,
}

impl CaseSearchPage {
    /// How many pages the matches fill (at least 1).
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// Why cases cannot be searched.
#[derive(Debug, thiserror::Error)]
pub enum SearchCasesError {
    /// The actor may not view cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl CasesService {
    /// A page of the actor's organisation's cases matching `search`.
    ///
    /// # Errors
    /// See [`SearchCasesError`].
    pub async fn search_cases(
        &self,
        actor: &StaffActor,
        search: CaseSearch,
    ) -> Result<CaseSearchPage, SearchCasesError> {
        actor.require(Permission::ViewCases)?;
        let page = PageNumber::new(search.page, search.per_page);
        let empty = CaseSearchPage {
            rows: Vec::new(),
            total: 0,
            page: page.page,
            per_page: page.per_page,
        };
        let form = match search.form.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => {
                let Ok(slug) = FormSlug::parse(raw) else {
                    return Ok(empty);
                };
                match self.ports.forms.find_by_slug(actor.org_id, &slug).await? {
                    Some(form) => Some(form.id),
                    None => return Ok(empty),
                }
            }
        };
        let filter = CaseFilter {
            status: search.status,
            form,
            contact: None,
            client: search.client,
            priority: search.priority,
            assignee: search.assignee,
            text: search.text.as_deref().and_then(SearchText::parse),
        };
        let found = self
            .ports
            .overview
            .search(actor.org_id, &filter, search.sort, page)
            .await?;
        Ok(CaseSearchPage {
            rows: found.rows,
            total: found.total,
            page: page.page,
            per_page: page.per_page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_round_trip_through_their_names() {
        for sort in CaseSort::ALL {
            assert_eq!(CaseSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(CaseSort::parse("sideways"), None);
        assert_eq!(CaseSort::default(), CaseSort::ALL[0]);
    }
}
