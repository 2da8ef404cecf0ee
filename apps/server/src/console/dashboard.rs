//! `GET /staff`: the dashboard — open cases by status and by form, new cases per day over
//! 30 days, mail waiting and undelivered, active share links.

use axum::extract::State;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{CaseStatistics, DayCount};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use crate::console::chart::{Bar, bar_chart};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// `GET /staff`.
pub(crate) async fn show(State(app): State<AppState>, console: Console) -> Response {
    let cases = if console.may(Permission::ViewCases) {
        match app.cases.statistics(&console.actor).await {
            Ok(statistics) => Some(statistics),
            Err(error) => return internal_error(&error),
        }
    } else {
        None
    };
    let mail = if console.may(Permission::ManageMailTemplates) {
        match app.messaging.outbox_summary(&console.actor).await {
            Ok(summary) => Some(summary),
            Err(error) => return internal_error(&error),
        }
    } else {
        None
    };
    let links = if console.may(Permission::ViewCases) {
        match app.sharing.active_link_count(&console.actor).await {
            Ok(count) => Some(count),
            Err(error) => return internal_error(&error),
        }
    } else {
        None
    };
    let t = console.texts;
    let body = html! {
        h1 { (t.get("dashboard-title")) }
        div.stats {
            @if let Some(cases) = &cases {
                div.card.stat {
                    strong { (cases.open_total()) }
                    a href="/staff/cases" { (t.with("dashboard-open-cases", &[("count", Arg::from(cases.open_total()))])) }
                }
            }
            @if let Some(mail) = &mail {
                div.card.stat {
                    strong { (mail.waiting) }
                    span { (t.with("dashboard-mail-waiting", &[("count", Arg::from(mail.waiting))])) }
                }
                div.card.stat {
                    strong { (mail.dead) }
                    a href="/staff/settings/undelivered" { (t.with("dashboard-mail-dead", &[("count", Arg::from(mail.dead))])) }
                }
            }
            @if let Some(links) = links {
                div.card.stat {
                    strong { (links) }
                    span { (t.with("dashboard-share-links", &[("count", Arg::from(links))])) }
                }
            }
        }
        @if let Some(cases) = &cases {
            (case_sections(t, cases))
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Dashboard,
        &t.get("dashboard-title"),
        &body,
    )
}

fn case_sections(t: Texts, cases: &CaseStatistics) -> Markup {
    html! {
        section.card aria-labelledby="new-per-day" {
            h2 #new-per-day { (t.get("dashboard-new-per-day")) }
            (bar_chart(&t.get("dashboard-new-per-day"), &day_bars(t, &cases.created_per_day)))
        }
        div.stats {
            section.card aria-labelledby="by-status" {
                h2 #by-status { (t.get("dashboard-by-status")) }
                table {
                    thead { tr { th scope="col" { (t.get("case-status")) } th scope="col" { (t.get("dashboard-count")) } } }
                    tbody {
                        @for (status, count) in &cases.open_by_status {
                            tr {
                                td { a href={ "/staff/cases?status=" (status.as_str()) } { (t.get(&format!("status-{}", status.as_str()))) } }
                                td { (count) }
                            }
                        }
                    }
                }
            }
            section.card aria-labelledby="by-form" {
                h2 #by-form { (t.get("dashboard-by-form")) }
                @if cases.open_by_form.is_empty() {
                    p.hint { (t.get("dashboard-no-open-cases")) }
                } @else {
                    table {
                        thead { tr { th scope="col" { (t.get("case-form")) } th scope="col" { (t.get("dashboard-count")) } } }
                        tbody {
                            @for form in &cases.open_by_form {
                                tr {
                                    td { a href={ "/staff/cases?form=" (form.form_slug) } { (form.form_name) } }
                                    td { (form.open) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// One bar per day; every seventh day and the last are labelled with the day of the month.
fn day_bars(t: Texts, days: &[DayCount]) -> Vec<Bar> {
    let last = days.len().saturating_sub(1);
    days.iter()
        .enumerate()
        .map(|(index, day)| Bar {
            label: if index % 7 == 0 || index == last {
                day.day.day().to_string()
            } else {
                String::new()
            },
            value: day.created,
            title: t.with(
                "dashboard-day-bar",
                &[
                    ("date", Arg::from(day.day.to_string())),
                    ("count", Arg::from(day.created)),
                ],
            ),
        })
        .collect()
}
