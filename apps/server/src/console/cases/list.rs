//! `GET /staff/cases`: the organisation's cases — search by number, title or contact; filter
//! by status, form, priority and assignee; sort; page through "n–m of total".
//!
//! The toolbar is a plain `GET` form (it works without JavaScript; the console script submits
//! it as one types); every control has a visible label.

use axum::extract::{RawQuery, State};
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{
    AssigneeFilter, CaseRow, CaseSearch, CaseSearchPage, CaseSort, CaseStatus, ListFormsError,
    Priority, SearchCasesError,
};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use super::query::{AssigneeChoice, ListQuery, PER_PAGE, has_next, shown_range};
use super::{case_path, machine_time, priority_label, status_label, when};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// A form the list can be narrowed to.
pub(super) struct FormChoice {
    /// Its slug (the query value).
    pub(super) slug: String,
    /// Its name.
    pub(super) name: String,
}

/// A member cases can be assigned to.
pub(super) struct MemberChoice {
    /// Their id (the query value).
    pub(super) id: String,
    /// Their name.
    pub(super) name: String,
}

/// `GET /staff/cases`.
pub(crate) async fn show(
    State(app): State<AppState>,
    console: Console,
    RawQuery(raw): RawQuery,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ViewCases) {
        return refused;
    }
    let query = ListQuery::parse(raw.as_deref().unwrap_or(""));
    let search = search_of(&console, &query);
    let found = match app.cases.search_cases(&console.actor, search).await {
        Ok(found) => found,
        Err(SearchCasesError::Forbidden(_)) => return frame::forbidden(&console),
        Err(error) => return internal_error(&error),
    };
    let forms = match app.cases.list_forms(&console.actor).await {
        Ok(forms) => forms
            .into_iter()
            .map(|form| FormChoice {
                slug: form.slug.as_str().to_owned(),
                name: form.name,
            })
            .collect(),
        Err(ListFormsError::Forbidden(_)) => Vec::new(),
        Err(ListFormsError::Repository(error)) => return internal_error(&error),
    };
    let members = super::page::members(&app, &console).await;
    let t = console.texts;
    let body = render(t, &query, &found, &forms, &members);
    frame::page(
        &console,
        &app.cookies,
        Section::Cases,
        &t.get("cases-title"),
        &body,
    )
}

/// The domain's search for `query`, as `console`'s member asks it.
fn search_of(console: &Console, query: &ListQuery) -> CaseSearch {
    CaseSearch {
        text: (!query.text.is_empty()).then(|| query.text.clone()),
        status: query.status,
        form: query.form.clone(),
        priority: query.priority,
        assignee: match query.assignee {
            AssigneeChoice::Anyone => AssigneeFilter::Anyone,
            AssigneeChoice::Unassigned => AssigneeFilter::Unassigned,
            AssigneeChoice::Me => AssigneeFilter::Member(console.actor.user_id),
            AssigneeChoice::Member(id) => AssigneeFilter::Member(id),
        },
        sort: query.sort,
        page: query.page,
        per_page: PER_PAGE,
        client: query.client,
    }
}

/// The list page's body.
fn render(
    t: Texts,
    query: &ListQuery,
    found: &CaseSearchPage,
    forms: &[FormChoice],
    members: &[MemberChoice],
) -> Markup {
    html! {
        h1 { (t.get("cases-title")) }
        (toolbar(t, query, forms, members))
        @let range = shown_range(found.page, found.per_page, found.rows.len());
        p #cases-count role="status" {
            @match range {
                Some((first, last)) => (t.with("cases-range", &[
                    ("first", Arg::from(first)),
                    ("last", Arg::from(last)),
                    ("total", Arg::from(found.total)),
                ])),
                None => (t.get(empty_key(query, found))),
            }
        }
        @if !found.rows.is_empty() {
            (table(t, &found.rows))
        }
        (pagination(t, query, found))
    }
}

/// What an empty page says: nothing matches the search, the page is past the last one, or
/// there are no cases at all.
fn empty_key(query: &ListQuery, found: &CaseSearchPage) -> &'static str {
    if query.is_narrowed() {
        "cases-none-match"
    } else if found.total > 0 {
        "cases-page-empty"
    } else {
        "cases-none"
    }
}

/// The search and filter form.
fn toolbar(t: Texts, query: &ListQuery, forms: &[FormChoice], members: &[MemberChoice]) -> Markup {
    html! {
        form.card.toolbar method="get" action="/staff/cases" data-live-search role="search" {
            @if let Some(client) = query.client {
                // Kept from the client page's link, so searching stays within the client.
                input type="hidden" name="client" value=(client);
            }
            div {
                label for="cases-q" { (t.get("cases-search")) }
                input #cases-q type="search" name="q" value=(query.text)
                    placeholder=(t.get("cases-search-placeholder"))
                    aria-describedby="cases-q-hint" autocomplete="off";
                // Read by screen readers; the placeholder says it in short, so the toolbar's
                // fields stay on one line.
                small #cases-q-hint .visually-hidden { (t.get("cases-search-hint")) }
            }
            div {
                label for="cases-status" { (t.get("case-status")) }
                select #cases-status name="status" {
                    option value="" { (t.get("cases-any")) }
                    @for status in CaseStatus::ALL {
                        option value=(status.as_str()) selected[query.status == Some(status)] { (status_label(t, status)) }
                    }
                }
            }
            div {
                label for="cases-form" { (t.get("case-form")) }
                select #cases-form name="form" {
                    option value="" { (t.get("cases-any")) }
                    @for form in forms {
                        option value=(form.slug) selected[query.form.as_deref() == Some(form.slug.as_str())] { (form.name) }
                    }
                }
            }
            div {
                label for="cases-priority" { (t.get("case-priority")) }
                select #cases-priority name="priority" {
                    option value="" { (t.get("cases-any-priority")) }
                    @for priority in Priority::ALL {
                        option value=(priority.as_str()) selected[query.priority == Some(priority)] { (priority_label(t, priority)) }
                    }
                }
            }
            div {
                label for="cases-assignee" { (t.get("case-assignee")) }
                select #cases-assignee name="assignee" {
                    option value="" { (t.get("cases-assignee-anyone")) }
                    option value="me" selected[query.assignee == AssigneeChoice::Me] { (t.get("cases-assignee-me")) }
                    option value="unassigned" selected[query.assignee == AssigneeChoice::Unassigned] { (t.get("case-unassigned")) }
                    @for member in members {
                        @let value = member.id.as_str();
                        option value=(value) selected[query.assignee.value() == value] { (member.name) }
                    }
                }
            }
            div {
                label for="cases-sort" { (t.get("cases-sort")) }
                select #cases-sort name="sort" {
                    @for sort in CaseSort::ALL {
                        option value=(sort.as_str()) selected[query.sort == sort] { (t.get(&format!("cases-sort-{}", sort.as_str()))) }
                    }
                }
            }
            button type="submit" { (t.get("cases-apply")) }
            @if query.is_narrowed() {
                a href="/staff/cases" { (t.get("cases-clear")) }
            }
        }
    }
}

/// The table of one page of cases.
fn table(t: Texts, rows: &[CaseRow]) -> Markup {
    html! {
        table.list {
            caption.visually-hidden { (t.get("cases-title")) }
            thead {
                tr {
                    th scope="col" { (t.get("case-number")) }
                    th scope="col" { (t.get("case-title")) }
                    th scope="col" { (t.get("case-status")) }
                    th scope="col" { (t.get("case-priority")) }
                    th scope="col" { (t.get("case-form")) }
                    th scope="col" { (t.get("case-contact")) }
                    th scope="col" { (t.get("case-assignee")) }
                    th scope="col" { (t.get("case-updated")) }
                }
            }
            tbody {
                @for row in rows {
                    @let case = &row.case;
                    tr {
                        td { a href=(case_path(case.id)) { (case.number) } }
                        td { a href=(case_path(case.id)) { (case.title) } }
                        td { span class={ "badge status-" (case.status.as_str()) } { (status_label(t, case.status)) } }
                        td { (priority_label(t, case.priority)) }
                        td { (row.form_name) }
                        td {
                            @if let Some(name) = &row.contact_name { (name) br; }
                            @if let Some(email) = &row.contact_email { small { (email) } }
                        }
                        td {
                            @match &row.assignee_name {
                                Some(name) => (name),
                                None => span.hint { (t.get("case-unassigned")) },
                            }
                        }
                        td { time datetime=(machine_time(case.updated_at)) { (when(case.updated_at)) } }
                    }
                }
            }
        }
    }
}

/// Previous and next links, when there are such pages.
fn pagination(t: Texts, query: &ListQuery, found: &CaseSearchPage) -> Markup {
    let previous = (found.page > 1).then(|| query.href(found.page - 1));
    let next =
        has_next(found.page, found.per_page, found.total).then(|| query.href(found.page + 1));
    html! {
        @if previous.is_some() || next.is_some() {
            nav.pagination aria-label=(t.get("cases-pages")) {
                @if let Some(href) = previous {
                    a href=(href) rel="prev" { (t.get("cases-previous")) }
                }
                @if let Some(href) = next {
                    a href=(href) rel="next" { (t.get("cases-next")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_cases::{Case, CaseNumber};
    use frontdesk_kernel::{CaseId, FormId, Language, OrgId, StaffUserId, Uuid};
    use time::macros::datetime;

    use super::*;

    fn row(number: u64, title: &str, assignee: Option<&str>) -> CaseRow {
        let at = datetime!(2026-01-08 10:00 UTC);
        CaseRow {
            case: Case {
                id: CaseId::from_uuid(Uuid::from_u128(number.into())),
                org_id: OrgId::from_uuid(Uuid::nil()),
                number: CaseNumber(number),
                form_id: FormId::from_uuid(Uuid::nil()),
                title: title.to_owned(),
                description: None,
                priority: Priority::High,
                project: None,
                status: CaseStatus::Pending,
                language: Language::En,
                submitted: None,
                assignee: assignee.map(|_| StaffUserId::from_uuid(Uuid::from_u128(7))),
                created_at: at,
                updated_at: at,
                client_id: None,
                public: false,
            },
            form_slug: "contact".into(),
            form_name: "Contact us".into(),
            contact_name: Some("Sam Sharp".into()),
            contact_email: Some("sam@example.org".into()),
            assignee_name: assignee.map(str::to_owned),
        }
    }

    fn page(language: Language) -> String {
        let query = ListQuery::parse("q=roof&status=pending&page=2");
        let found = CaseSearchPage {
            rows: vec![
                row(42, "Leaking roof & attic", Some("Ada Admin")),
                row(41, "Roof tiles", None),
            ],
            total: 27,
            page: 2,
            per_page: PER_PAGE,
        };
        let forms = [FormChoice {
            slug: "contact".into(),
            name: "Contact us".into(),
        }];
        let members = [MemberChoice {
            id: Uuid::from_u128(7).to_string(),
            name: "Ada Admin".into(),
        }];
        render(Texts::new(language), &query, &found, &forms, &members).into_string()
    }

    #[test]
    fn the_list_renders_in_english() {
        let html = page(Language::En);
        assert!(html.contains("26–27 of 27"));
        insta::assert_snapshot!("case_list_en", html.replace("><", ">\n<"));
    }

    #[test]
    fn the_list_renders_in_french() {
        let html = page(Language::Fr);
        assert!(html.contains("26–27 sur 27"));
        insta::assert_snapshot!("case_list_fr", html.replace("><", ">\n<"));
    }
}
