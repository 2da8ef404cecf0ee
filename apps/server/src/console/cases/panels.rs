//! The case page's panels besides the timeline and sharing: Details, Contacts, Status,
//! Assignee and Guest access. Each is a `details.panel` whose forms post to the case's own
//! routes with the session's CSRF token; members who may not change a case read it.

use frontdesk_access::Permission;
use frontdesk_cases::{CaseDetail, CaseStatus, Priority};
use frontdesk_contacts::{Client, Contact};
use maud::{Markup, html};

use super::case_path;
use super::input::{ContactInput, DetailsInput, Filled, Problems, StatusInput};
use super::list::MemberChoice;
use super::{priority_label, status_label};
use crate::console::session::Console;

/// The hidden CSRF field every form carries.
pub(super) fn csrf_field(console: &Console) -> Markup {
    html! { input type="hidden" name="csrf" value=(console.csrf); }
}

/// Text with its line breaks kept, one paragraph per line.
pub(super) fn paragraphs(text: &str) -> Markup {
    html! {
        @for line in text.lines().filter(|line| !line.trim().is_empty()) {
            p { (line) }
        }
    }
}

/// Details: title, description, priority, project, client (chosen among `clients`) and
/// the public flag; a form for members who edit cases.
pub(super) fn details(
    console: &Console,
    detail: &CaseDetail,
    clients: &[Client],
    filled: Option<&Filled<DetailsInput>>,
) -> Markup {
    let t = console.texts;
    let case = &detail.case;
    let none = Problems::default();
    let (typed, problems) = match filled {
        Some(filled) => (filled.typed.clone(), &filled.problems),
        None => (DetailsInput::of(case), &none),
    };
    html! {
        details.panel #details open {
            summary { (t.get("case-panel-details")) }
            div {
                @if console.may(Permission::EditCases) {
                    form method="post" action={ (case_path(case.id)) "/details" } novalidate {
                        (csrf_field(console))
                        label for="details-title" { (t.get("case-title")) }
                        input #details-title type="text" name="title" value=(typed.title) required maxlength="200"
                            aria-invalid=[problems.invalid("details-title")]
                            aria-describedby=[problems.described_by("details-title", false)];
                        (problems.under("details-title"))
                        label for="details-description" { (t.get("case-description")) }
                        textarea #details-description name="description" rows="6"
                            aria-invalid=[problems.invalid("details-description")]
                            aria-describedby=[problems.described_by("details-description", false)] { (typed.description) }
                        (problems.under("details-description"))
                        label for="details-priority" { (t.get("case-priority")) }
                        select #details-priority name="priority" {
                            @for priority in Priority::ALL {
                                option value=(priority.as_str()) selected[typed.priority == priority.as_str()] { (priority_label(t, priority)) }
                            }
                        }
                        label for="details-project" { (t.get("case-project")) }
                        input #details-project type="text" name="project" value=(typed.project) maxlength="200"
                            aria-invalid=[problems.invalid("details-project")]
                            aria-describedby=[problems.described_by("details-project", false)];
                        (problems.under("details-project"))
                        (client_fields(console, detail, clients, &typed))
                        button type="submit" { (t.get("case-save")) }
                    }
                } @else {
                    h3 { (t.get("case-description")) }
                    @match &case.description {
                        Some(description) => (paragraphs(description)),
                        None => p.hint { (t.get("case-no-description")) },
                    }
                    @if let Some(project) = &case.project {
                        h3 { (t.get("case-project")) }
                        p { (project) }
                    }
                    h3 { (t.get("case-client")) }
                    p { (detail.client_name.as_deref().map_or_else(|| t.get("case-no-client"), str::to_owned)) }
                    @if case.public {
                        p { span.badge { (t.get("case-public-badge")) } }
                    }
                }
            }
        }
    }
}

/// The Details form's **Client** select (no client, or one of `clients`; the case's own
/// client is offered even when the list leaves it out) and **Public case** checkbox.
fn client_fields(
    console: &Console,
    detail: &CaseDetail,
    clients: &[Client],
    typed: &DetailsInput,
) -> Markup {
    let t = console.texts;
    let current = detail
        .case
        .client_id
        .filter(|id| !clients.iter().any(|client| client.id == *id))
        .zip(detail.client_name.clone());
    html! {
        label for="details-client" { (t.get("case-client")) }
        select #details-client name="client" {
            option value="" selected[typed.client.is_empty()] { (t.get("case-no-client")) }
            @if let Some((id, name)) = &current {
                option value=(id) selected[typed.client == id.to_string()] { (name) }
            }
            @for client in clients {
                option value=(client.id) selected[typed.client == client.id.to_string()] { (client.name.as_str()) }
            }
        }
        label {
            input #details-public type="checkbox" name="public" value="on" checked[typed.public]
                aria-describedby="details-public-hint";
            " " (t.get("case-public"))
        }
        p.hint #details-public-hint { (t.get("case-public-hint")) }
    }
}

/// Contacts: the case's contacts, and a way to add an existing one.
pub(super) fn contacts(
    console: &Console,
    detail: &CaseDetail,
    choices: Option<&[Contact]>,
    filled: Option<&Filled<ContactInput>>,
    search: Option<&str>,
) -> Markup {
    let t = console.texts;
    let path = case_path(detail.case.id);
    let none = Problems::default();
    let (typed, problems) = match filled {
        Some(filled) => (filled.typed.clone(), &filled.problems),
        None => (ContactInput::default(), &none),
    };
    html! {
        details.panel #contacts open {
            summary { (t.get("case-panel-contacts")) }
            div {
                @if detail.contacts.is_empty() {
                    p.hint { (t.get("case-contacts-none")) }
                } @else {
                    ul {
                        @for contact in &detail.contacts {
                            li {
                                a href={ "/staff/contacts/" (contact.id) } { (contact.first_name) " " (contact.last_name) }
                                " "
                                small { (contact.email) }
                            }
                        }
                    }
                }
                @if let Some(choices) = choices {
                    h3 #contact-add { (t.get("case-contact-add")) }
                    form.inline method="get" action={ (path) "#contacts" } role="search" {
                        div {
                            label for="contact-search" { (t.get("case-contact-search")) }
                            input #contact-search type="search" name="contact_q" value=[search];
                        }
                        button.secondary type="submit" { (t.get("case-contact-search-button")) }
                    }
                    @if choices.is_empty() {
                        p.hint { (t.get(if search.is_some() { "case-contact-no-match" } else { "case-contact-none-yet" })) }
                        (problems.under("contact-choice"))
                    } @else {
                        form method="post" action={ (path) "/contacts" } {
                            (csrf_field(console))
                            label for="contact-choice" { (t.get("case-contact-choose")) }
                            select #contact-choice name="contact"
                                aria-invalid=[problems.invalid("contact-choice")]
                                aria-describedby=[problems.described_by("contact-choice", false)] {
                                @for contact in choices {
                                    @let id = contact.id.to_string();
                                    option value=(id) selected[typed.contact == id] {
                                        (contact.full_name()) " <" (contact.email.as_str()) ">"
                                    }
                                }
                            }
                            (problems.under("contact-choice"))
                            label for="contact-send-access" {
                                input #contact-send-access type="checkbox" name="send_access" value="yes" checked[typed.send_access];
                                " " (t.get("case-contact-send-access"))
                            }
                            button type="submit" { (t.get("case-contact-add-button")) }
                        }
                    }
                }
            }
        }
    }
}

/// Status: move the case on; its contacts are told by mail.
pub(super) fn status(
    console: &Console,
    detail: &CaseDetail,
    filled: Option<&Filled<StatusInput>>,
) -> Markup {
    let t = console.texts;
    let case = &detail.case;
    let none = Problems::default();
    let (typed, problems) = match filled {
        Some(filled) => (filled.typed.clone(), &filled.problems),
        None => (
            StatusInput {
                status: case.status.as_str().to_owned(),
                comment: String::new(),
            },
            &none,
        ),
    };
    html! {
        details.panel #status open {
            summary { (t.get("case-panel-status")) }
            div {
                form method="post" action={ (case_path(case.id)) "/status" } {
                    (csrf_field(console))
                    label for="status-choice" { (t.get("case-status-new")) }
                    select #status-choice name="status" {
                        @for status in CaseStatus::ALL {
                            option value=(status.as_str()) selected[typed.status == status.as_str()] { (status_label(t, status)) }
                        }
                    }
                    label for="status-comment" { (t.get("case-status-comment")) }
                    textarea #status-comment name="comment" rows="3"
                        aria-invalid=[problems.invalid("status-comment")]
                        aria-describedby=[problems.described_by("status-comment", true)] { (typed.comment) }
                    p.hint #status-comment-hint { (t.get("case-status-hint")) }
                    (problems.under("status-comment"))
                    button type="submit" { (t.get("case-status-submit")) }
                }
            }
        }
    }
}

/// Assignee: who works on the case.
pub(super) fn assignee(console: &Console, detail: &CaseDetail, members: &[MemberChoice]) -> Markup {
    let t = console.texts;
    let case = &detail.case;
    let current = case.assignee.map(|id| id.to_string()).unwrap_or_default();
    let listed = members.iter().any(|member| member.id == current);
    html! {
        details.panel #assignee open {
            summary { (t.get("case-panel-assignee")) }
            div {
                form.inline method="post" action={ (case_path(case.id)) "/assignee" } {
                    (csrf_field(console))
                    div {
                        label for="assignee-choice" { (t.get("case-assignee")) }
                        select #assignee-choice name="assignee" {
                            option value="" selected[current.is_empty()] { (t.get("case-unassigned")) }
                            @if !current.is_empty() && !listed {
                                option value=(current) selected {
                                    (detail.assignee_name.clone().unwrap_or_else(|| t.get("case-someone")))
                                }
                            }
                            @for member in members {
                                option value=(member.id) selected[member.id == current] { (member.name) }
                            }
                        }
                    }
                    button type="submit" { (t.get("case-assign")) }
                }
            }
        }
    }
}

/// Guest access: send the contacts new personal links (the old ones stop working), or
/// revoke every guest link.
pub(super) fn guest_access(console: &Console, detail: &CaseDetail) -> Markup {
    let t = console.texts;
    let path = case_path(detail.case.id);
    html! {
        details.panel #guest-access {
            summary { (t.get("case-panel-guest")) }
            div {
                p.hint { (t.get("case-guest-hint")) }
                form method="post" action={ (path) "/guest-access/reissue" } {
                    (csrf_field(console))
                    button.secondary type="submit" { (t.get("case-guest-reissue")) }
                }
                form method="post" action={ (path) "/guest-access/revoke" } {
                    (csrf_field(console))
                    button.danger type="submit" { (t.get("case-guest-revoke")) }
                }
            }
        }
    }
}
