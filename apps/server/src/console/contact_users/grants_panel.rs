//! The contact user page's grants panel: **Grant access to all public cases** (the standing
//! rule, open and/or closed public cases of the user's clients; both unchecked removes it),
//! the per-case grants filtered by Open / Closed with role, when and by whom, each with
//! **Revoke**, and the form that grants one case of the user's clients.

use std::collections::HashMap;

use axum::response::Response;
use frontdesk_access::{
    CaseRole, CaseStatusFilter, GrantedCase, ListGrantsError, ListStaffUsersError, Permission,
    PublicCasesRule, PublicCasesRuleError,
};
use frontdesk_cases::{CaseDetailError, CaseNumber, CaseSearch, SearchCasesError};
use frontdesk_contacts::ContactUserView;
use frontdesk_kernel::{CaseId, PageRequest, StaffUserId};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use super::{user_path, when};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Cases of each client offered in the grant form.
const CASE_CHOICES: u32 = 100;

/// A case as the panel names it: `#42 Printer jams`.
struct CaseLabel {
    number: CaseNumber,
    title: String,
    open: bool,
}

/// What the panel shows.
struct Loaded {
    rule: Option<PublicCasesRule>,
    grants: Vec<GrantedCase>,
    /// The user's clients' cases, for the grant form, newest first.
    choices: Vec<(CaseId, CaseLabel)>,
    /// Every case the panel names.
    labels: HashMap<CaseId, CaseLabel>,
    staff: HashMap<StaffUserId, String>,
}

/// The grants panel of `view`, its grants filtered by `filter`.
///
/// # Errors
/// The page to answer instead when something cannot be read.
pub(super) async fn panel(
    app: &AppState,
    console: &Console,
    view: &ContactUserView,
    filter: Option<CaseStatusFilter>,
) -> Result<Markup, Response> {
    let loaded = load(app, console, view, filter).await?;
    Ok(render(console, view, filter, &loaded))
}

async fn load(
    app: &AppState,
    console: &Console,
    view: &ContactUserView,
    filter: Option<CaseStatusFilter>,
) -> Result<Loaded, Response> {
    let id = view.user.id;
    let rule = match app.grants.public_cases_rule(&console.actor, id).await {
        Ok(rule) => rule,
        Err(PublicCasesRuleError::Forbidden(_) | PublicCasesRuleError::UserNotFound) => None,
        Err(PublicCasesRuleError::Repository(error)) => return Err(internal_error(&error)),
    };
    let grants = match app.grants.list_grants(&console.actor, id, filter).await {
        Ok(grants) => grants,
        Err(ListGrantsError::Forbidden(_) | ListGrantsError::UserNotFound) => Vec::new(),
        Err(ListGrantsError::Repository(error)) => return Err(internal_error(&error)),
    };
    let mut choices = Vec::new();
    for client in &view.user.client_ids {
        let search = CaseSearch {
            client: Some(*client),
            per_page: CASE_CHOICES,
            ..CaseSearch::default()
        };
        match app.cases.search_cases(&console.actor, search).await {
            Ok(found) => choices.extend(found.rows.into_iter().map(|row| {
                (
                    row.case.id,
                    CaseLabel {
                        number: row.case.number,
                        title: row.case.title,
                        open: row.case.status.is_open(),
                    },
                )
            })),
            Err(SearchCasesError::Forbidden(_)) => {}
            Err(error @ SearchCasesError::Repository(_)) => return Err(internal_error(&error)),
        }
    }
    let mut labels = HashMap::new();
    for granted in &grants {
        let case = granted.grant.case_id;
        if let Some((_, label)) = choices.iter().find(|(id, _)| *id == case) {
            labels.insert(
                case,
                CaseLabel {
                    number: label.number,
                    title: label.title.clone(),
                    open: label.open,
                },
            );
            continue;
        }
        match app.cases.case_detail(&console.actor, case).await {
            Ok(detail) => {
                labels.insert(
                    case,
                    CaseLabel {
                        number: detail.case.number,
                        title: detail.case.title,
                        open: detail.case.status.is_open(),
                    },
                );
            }
            Err(CaseDetailError::CaseNotFound | CaseDetailError::Forbidden(_)) => {}
            Err(error @ CaseDetailError::Repository(_)) => return Err(internal_error(&error)),
        }
    }
    Ok(Loaded {
        rule,
        grants,
        choices,
        labels,
        staff: staff_names(app, console).await,
    })
}

/// The names of the staff the panel may mention: every member for those who manage staff,
/// else the signed-in member only.
async fn staff_names(app: &AppState, console: &Console) -> HashMap<StaffUserId, String> {
    let mut names = HashMap::new();
    if console.may(Permission::ManageStaff) {
        match app
            .access
            .list_staff_users(&console.actor, PageRequest::new(None, Some(200)))
            .await
        {
            Ok(page) => names.extend(
                page.items
                    .into_iter()
                    .map(|member| (member.id, member.name.as_str().to_owned())),
            ),
            Err(error @ ListStaffUsersError::Repository(_)) => {
                tracing::warn!(%error, "staff list unavailable for the grants panel");
            }
            Err(ListStaffUsersError::Forbidden(_)) => {}
        }
    }
    names.insert(console.user.id, console.user.name.as_str().to_owned());
    names
}

fn case_name(t: Texts, labels: &HashMap<CaseId, CaseLabel>, case: CaseId) -> String {
    labels.get(&case).map_or_else(
        || t.get("contact-users-case-unknown"),
        |label| format!("{} {}", label.number, label.title),
    )
}

fn render(
    console: &Console,
    view: &ContactUserView,
    filter: Option<CaseStatusFilter>,
    loaded: &Loaded,
) -> Markup {
    let t = console.texts;
    let path = user_path(view.user.id);
    let manage = console.may(Permission::ManageContacts);
    let (open, closed) = loaded
        .rule
        .as_ref()
        .map_or((false, false), |rule| (rule.open, rule.closed));
    html! {
        section.panel #grants aria-labelledby="grants-title" {
            h2 #grants-title { (t.get("contact-users-grants")) }
            h3 #public-cases-title { (t.get("contact-users-public-cases")) }
            p.hint { (t.get("contact-users-public-cases-intro")) }
            p role="status" {
                @match (open, closed) {
                    (true, true) => (t.get("contact-users-public-cases-both")),
                    (true, false) => (t.get("contact-users-public-cases-open")),
                    (false, true) => (t.get("contact-users-public-cases-closed")),
                    (false, false) => (t.get("contact-users-public-cases-none")),
                }
            }
            @if manage {
                (rule_form(console, &path, open, closed))
            }
            h3 #case-grants-title { (t.get("contact-users-case-grants")) }
            (filter_links(t, &path, filter))
            @if loaded.grants.is_empty() {
                p.hint { (t.get("contact-users-no-grants")) }
            } @else {
                (grants_table(console, &path, loaded))
            }
            @if manage {
                h3 #grant-case-title { (t.get("contact-users-grant-case")) }
                @if loaded.choices.is_empty() {
                    p.hint { (t.get("contact-users-no-cases-to-grant")) }
                } @else {
                    (grant_form(console, &path, loaded))
                }
            }
        }
    }
}

/// The rule's two checkboxes and **Grant access to all public cases**.
fn rule_form(console: &Console, path: &str, open: bool, closed: bool) -> Markup {
    let t = console.texts;
    html! {
        form.card method="post" action={ (path) "/public-cases" } aria-labelledby="public-cases-title" {
            input type="hidden" name="csrf" value=(console.csrf);
            fieldset {
                legend { (t.get("contact-users-public-cases-which")) }
                label for="public-open" {
                    input #public-open type="checkbox" name="open" value="on" checked[open];
                    " " (t.get("contact-users-open-cases"))
                }
                label for="public-closed" {
                    input #public-closed type="checkbox" name="closed" value="on" checked[closed];
                    " " (t.get("contact-users-closed-cases"))
                }
            }
            p.hint { (t.get("contact-users-public-cases-remove-hint")) }
            button type="submit" { (t.get("contact-users-public-cases")) }
        }
    }
}

/// All / Open / Closed, the current one marked.
fn filter_links(t: Texts, path: &str, filter: Option<CaseStatusFilter>) -> Markup {
    let filters = [
        (None, "contact-users-filter-all", ""),
        (
            Some(CaseStatusFilter::Open),
            "contact-users-filter-open",
            "?status=open",
        ),
        (
            Some(CaseStatusFilter::Closed),
            "contact-users-filter-closed",
            "?status=closed",
        ),
    ];
    html! {
        nav aria-label=(t.get("contact-users-filter")) {
            ul.filters {
                @for (which, key, query) in filters {
                    li {
                        @if which == filter {
                            a href={ (path) (query) } aria-current="page" { (t.get(key)) }
                        } @else {
                            a href={ (path) (query) } { (t.get(key)) }
                        }
                    }
                }
            }
        }
    }
}

/// The per-case grants: case, its state, role, when and by whom, and **Revoke**.
fn grants_table(console: &Console, path: &str, loaded: &Loaded) -> Markup {
    let t = console.texts;
    let manage = console.may(Permission::ManageContacts);
    html! {
        table.list {
            thead {
                tr {
                    th scope="col" { (t.get("contact-users-column-case")) }
                    th scope="col" { (t.get("contact-users-column-case-state")) }
                    th scope="col" { (t.get("contact-users-column-role")) }
                    th scope="col" { (t.get("contact-users-column-granted")) }
                    @if manage {
                        th scope="col" { span.visually-hidden { (t.get("contact-users-column-actions")) } }
                    }
                }
            }
            tbody {
                @for granted in &loaded.grants {
                    @let grant = &granted.grant;
                    @let case = case_name(t, &loaded.labels, grant.case_id);
                    @let by = loaded.staff.get(&grant.granted_by).cloned().unwrap_or_else(|| t.get("contact-users-staff-member"));
                    tr {
                        td { a href={ "/staff/cases/" (grant.case_id) } { (case) } }
                        td { (t.get(if granted.case.open { "contact-users-case-open" } else { "contact-users-case-closed" })) }
                        td { (t.get(&format!("contact-users-role-{}", grant.role.as_str()))) }
                        td { (t.with("contact-users-granted-by", &[("when", Arg::from(when(grant.granted_at))), ("name", Arg::from(by))])) }
                        @if manage {
                            td {
                                form method="post" action={ (path) "/grants/" (grant.id) "/revoke" } {
                                    input type="hidden" name="csrf" value=(console.csrf);
                                    button.secondary type="submit"
                                        aria-label=(t.with("contact-users-revoke-case", &[("case", Arg::from(case.clone()))])) {
                                        (t.get("contact-users-revoke"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The form that grants one case of the user's clients, with a role.
fn grant_form(console: &Console, path: &str, loaded: &Loaded) -> Markup {
    let t = console.texts;
    html! {
        form.card method="post" action={ (path) "/grants" } aria-labelledby="grant-case-title" {
            input type="hidden" name="csrf" value=(console.csrf);
            label for="grant-case" { (t.get("contact-users-field-case")) }
            select #grant-case name="case" required {
                @for (id, label) in &loaded.choices {
                    option value=(id) { (label.number) " " (label.title) }
                }
            }
            label for="grant-role" { (t.get("contact-users-field-role")) }
            select #grant-role name="role" {
                @for role in CaseRole::ALL {
                    option value=(role.as_str()) { (t.get(&format!("contact-users-role-{}", role.as_str()))) }
                }
            }
            button type="submit" { (t.get("contact-users-grant")) }
        }
    }
}
