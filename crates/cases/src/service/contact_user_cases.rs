//! A contact user's home: the cases they may see now, open or closed, searched by number or
//! title, a numbered page at a time. Which cases is the access domain's answer
//! ([`VisibleCases`], read fresh on every request); this lists them.

use frontdesk_access::{CaseFacts, VisibleCases};
use frontdesk_contacts::{PageNumber, SearchText};
use frontdesk_kernel::RepositoryError;

use crate::{Case, CaseSearchPage, CasesService, VisibleCaseQuery};

/// A contact user's list as they ask it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactUserCaseSearch {
    /// The "Closed" tab (resolved or closed cases) when true; the "Open" tab otherwise.
    pub closed: bool,
    /// The case number (`42` or `#42`) or part of the title; blank means everything.
    pub text: Option<String>,
    /// The page, from 1 (0 reads as 1).
    pub page: u32,
    /// Rows per page, capped at 100 (0 reads as 1).
    pub per_page: u32,
}

/// Why a contact user's cases were not listed.
#[derive(Debug, thiserror::Error)]
pub enum ContactUserCasesError {
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

impl Case {
    /// What the access decision needs to know about this case.
    pub const fn facts(&self) -> CaseFacts {
        CaseFacts {
            org_id: self.org_id,
            case_id: self.id,
            client_id: self.client_id,
            public: self.public,
            open: self.status.is_open(),
        }
    }
}

impl CasesService {
    /// A page of the cases `scope` admits, on the tab and matching the text `search` asks
    /// for, newest first. An empty scope lists nothing without asking the store.
    ///
    /// # Errors
    /// See [`ContactUserCasesError`].
    pub async fn contact_user_cases(
        &self,
        scope: &VisibleCases,
        search: ContactUserCaseSearch,
    ) -> Result<CaseSearchPage, ContactUserCasesError> {
        let page = PageNumber::new(search.page, search.per_page);
        if scope.is_empty() {
            return Ok(CaseSearchPage {
                rows: Vec::new(),
                total: 0,
                page: page.page,
                per_page: page.per_page,
            });
        }
        let query = VisibleCaseQuery {
            open: !search.closed,
            text: search.text.as_deref().and_then(SearchText::parse),
        };
        let found = self
            .ports
            .overview
            .search_visible(scope, &query, page)
            .await?;
        Ok(CaseSearchPage {
            rows: found
                .rows
                .into_iter()
                .filter(|row| scope.admits(&row.case.facts()))
                .collect(),
            total: found.total,
            page: page.page,
            per_page: page.per_page,
        })
    }
}
