//! The case list's query string — `q`, `status`, `form`, `priority`, `assignee`, `client`,
//! `sort`, `page` — read leniently (an unknown value reads as "any", so an old bookmark still opens
//! the list), written back for the pagination links, and the "n–m of total" range.

use frontdesk_cases::{CaseSort, CaseStatus, FormSlug, Priority};
use frontdesk_kernel::{ClientId, StaffUserId};

/// Cases per page of the list.
pub(super) const PER_PAGE: u32 = 25;

/// Longest search text kept, in characters.
const MAX_TEXT_CHARS: usize = 200;

/// Highest page number read (deeper pages are empty anyway).
const MAX_PAGE: u32 = 100_000;

/// Whose cases to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum AssigneeChoice {
    /// Anyone's, assigned or not.
    #[default]
    Anyone,
    /// Only cases nobody is assigned to.
    Unassigned,
    /// Only the signed-in member's.
    Me,
    /// Only this member's.
    Member(StaffUserId),
}

impl AssigneeChoice {
    /// The value in the query string (`""` for anyone).
    pub(super) fn value(self) -> String {
        match self {
            Self::Anyone => String::new(),
            Self::Unassigned => "unassigned".to_owned(),
            Self::Me => "me".to_owned(),
            Self::Member(id) => id.to_string(),
        }
    }

    /// Reads a query-string value; anything unknown is "anyone".
    fn parse(raw: &str) -> Self {
        match raw {
            "unassigned" => Self::Unassigned,
            "me" => Self::Me,
            other => other.parse().map_or(Self::Anyone, Self::Member),
        }
    }
}

/// What the list shows: the search, the filters, the order and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ListQuery {
    /// The search text as typed, trimmed (empty: no search).
    pub(super) text: String,
    /// Only this status.
    pub(super) status: Option<CaseStatus>,
    /// Only this form (a well-formed slug).
    pub(super) form: Option<String>,
    /// Only this priority.
    pub(super) priority: Option<Priority>,
    /// Whose cases.
    pub(super) assignee: AssigneeChoice,
    /// Only this client's cases (the client page's "All cases of this client").
    pub(super) client: Option<ClientId>,
    /// The order.
    pub(super) sort: CaseSort,
    /// The page, from 1.
    pub(super) page: u32,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            status: None,
            form: None,
            priority: None,
            assignee: AssigneeChoice::Anyone,
            client: None,
            sort: CaseSort::Newest,
            page: 1,
        }
    }
}

impl ListQuery {
    /// Reads a raw query string (`q=roof&status=open&page=2`). Later repeats of a key win;
    /// unknown keys are ignored.
    pub(super) fn parse(raw: &str) -> Self {
        let mut query = Self::default();
        for (key, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let value = value.trim();
            match &*key {
                "q" => query.text = search_text(value),
                "status" => query.status = CaseStatus::parse(value),
                "form" => {
                    query.form = FormSlug::parse(value)
                        .ok()
                        .map(|slug| slug.as_str().to_owned());
                }
                "priority" => query.priority = Priority::parse(value),
                "assignee" => query.assignee = AssigneeChoice::parse(value),
                "client" => query.client = value.parse().ok(),
                "sort" => query.sort = CaseSort::parse(value).unwrap_or_default(),
                "page" => query.page = value.parse().unwrap_or(1).clamp(1, MAX_PAGE),
                _ => {}
            }
        }
        query
    }

    /// Whether any search or filter narrows the list.
    pub(super) fn is_narrowed(&self) -> bool {
        !self.text.is_empty()
            || self.status.is_some()
            || self.form.is_some()
            || self.priority.is_some()
            || self.assignee != AssigneeChoice::Anyone
            || self.client.is_some()
    }

    /// The list's address showing page `page` of the same search, with only the values that
    /// differ from the defaults.
    pub(super) fn href(&self, page: u32) -> String {
        let mut pairs = url::form_urlencoded::Serializer::new(String::new());
        if !self.text.is_empty() {
            pairs.append_pair("q", &self.text);
        }
        if let Some(status) = self.status {
            pairs.append_pair("status", status.as_str());
        }
        if let Some(form) = &self.form {
            pairs.append_pair("form", form);
        }
        if let Some(priority) = self.priority {
            pairs.append_pair("priority", priority.as_str());
        }
        if self.assignee != AssigneeChoice::Anyone {
            pairs.append_pair("assignee", &self.assignee.value());
        }
        if let Some(client) = self.client {
            pairs.append_pair("client", &client.to_string());
        }
        if self.sort != CaseSort::Newest {
            pairs.append_pair("sort", self.sort.as_str());
        }
        if page > 1 {
            pairs.append_pair("page", &page.to_string());
        }
        let query = pairs.finish();
        if query.is_empty() {
            "/staff/cases".to_owned()
        } else {
            format!("/staff/cases?{query}")
        }
    }
}

/// The positions (from 1) of the first and last row shown on page `page` of `per_page` rows
/// holding `shown` rows; `None` when the page is empty.
pub(super) fn shown_range(page: u32, per_page: u32, shown: usize) -> Option<(u64, u64)> {
    let shown = u64::try_from(shown).ok().filter(|n| *n > 0)?;
    let first = u64::from(page.max(1) - 1) * u64::from(per_page) + 1;
    Some((first, first + shown - 1))
}

/// Search text as kept: control characters as spaces, at most [`MAX_TEXT_CHARS`]
/// characters, trimmed.
fn search_text(raw: &str) -> String {
    let kept: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_TEXT_CHARS)
        .collect();
    kept.trim().to_owned()
}

/// Whether a page after page `page` of `per_page` rows holds any of `total` rows.
pub(super) fn has_next(page: u32, per_page: u32, total: u64) -> bool {
    u64::from(page.max(1)) * u64::from(per_page) < total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_is_the_default_list() {
        assert_eq!(ListQuery::parse(""), ListQuery::default());
        assert_eq!(ListQuery::default().href(1), "/staff/cases");
        assert!(!ListQuery::default().is_narrowed());
    }

    #[test]
    fn every_parameter_is_read() {
        let member = "0190a0f0-0000-7000-8000-000000000001";
        let query = ListQuery::parse(&format!(
            "q=+leaking%20roof+&status=open&form=contact&priority=urgent&assignee={member}&sort=title&page=3"
        ));
        assert_eq!(query.text, "leaking roof");
        assert_eq!(query.status, Some(CaseStatus::Open));
        assert_eq!(query.form.as_deref(), Some("contact"));
        assert_eq!(query.priority, Some(Priority::Urgent));
        assert_eq!(
            query.assignee,
            AssigneeChoice::Member(member.parse().unwrap())
        );
        assert_eq!(query.sort, CaseSort::Title);
        assert_eq!(query.page, 3);
        assert!(query.is_narrowed());
    }

    #[test]
    fn unknown_values_read_as_any() {
        let query = ListQuery::parse(
            "status=lost&form=Not%20A%20Slug&priority=soon&assignee=bob&sort=random&page=-2&x=1",
        );
        assert_eq!(query, ListQuery::default());
        assert_eq!(ListQuery::parse("page=0").page, 1);
        assert_eq!(ListQuery::parse("page=99999999999").page, 1);
        assert_eq!(ListQuery::parse("page=200000").page, MAX_PAGE);
    }

    #[test]
    fn the_special_assignees_are_words() {
        assert_eq!(
            ListQuery::parse("assignee=unassigned").assignee,
            AssigneeChoice::Unassigned
        );
        assert_eq!(ListQuery::parse("assignee=me").assignee, AssigneeChoice::Me);
        assert_eq!(
            ListQuery::parse("assignee=").assignee,
            AssigneeChoice::Anyone
        );
    }

    #[test]
    fn search_text_is_one_bounded_line() {
        let query = ListQuery::parse(&format!("q=a%0Ab{}", "c".repeat(300)));
        assert!(query.text.starts_with("a b"));
        assert_eq!(query.text.chars().count(), MAX_TEXT_CHARS);
    }

    #[test]
    fn links_keep_the_search_and_change_the_page() {
        let query = ListQuery::parse(
            "q=r%C3%A9servation%20%26%20co&status=pending&assignee=me&sort=updated&page=4",
        );
        assert_eq!(
            query.href(5),
            "/staff/cases?q=r%C3%A9servation+%26+co&status=pending&assignee=me&sort=updated&page=5"
        );
        assert_eq!(
            query.href(1),
            "/staff/cases?q=r%C3%A9servation+%26+co&status=pending&assignee=me&sort=updated"
        );
        assert_eq!(ListQuery::parse(&query.href(5)[13..]).page, 5);
    }

    #[test]
    fn the_range_counts_from_one() {
        assert_eq!(shown_range(1, 25, 25), Some((1, 25)));
        assert_eq!(shown_range(2, 25, 3), Some((26, 28)));
        assert_eq!(shown_range(0, 25, 1), Some((1, 1)));
        assert_eq!(shown_range(3, 25, 0), None);
    }

    #[test]
    fn there_is_a_next_page_only_when_rows_remain() {
        assert!(has_next(1, 25, 26));
        assert!(!has_next(1, 25, 25));
        assert!(!has_next(2, 25, 50));
        assert!(has_next(2, 25, 51));
        assert!(!has_next(1, 25, 0));
    }

    #[test]
    fn the_client_filter_is_read_kept_and_ignored_when_malformed() {
        let client = "0190a0f0-0000-7000-8000-000000000002";
        let query = ListQuery::parse(&format!("client={client}&page=2"));
        assert_eq!(
            query.client.map(|id| id.to_string()).as_deref(),
            Some(client)
        );
        assert!(query.is_narrowed());
        assert_eq!(query.href(1), format!("/staff/cases?client={client}"));
        assert_eq!(ListQuery::parse("client=acme").client, None);
    }
}
