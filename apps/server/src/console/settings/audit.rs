//! `GET /staff/settings/audit`: the audit log, newest first, filtered by who acted, the
//! action and a range of days, a page at a time (members who may view the audit log).

use std::collections::HashMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use frontdesk_access::{AuditAction, AuditEvent, AuditFilter, Permission};
use frontdesk_kernel::{PageRequest, StaffUserId};
use frontdesk_l10n::Texts;
use maud::{Markup, html};
use serde::Deserialize;
use time::Duration;
use uuid::Uuid;

use super::fields::{FieldErrors, machine_time, parse_date, when};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/audit";

/// Staff listed in the "who" filter (the first page of the organisation's staff).
const STAFF_IN_FILTER: u32 = 200;

/// Action names offered as suggestions (anyone may type another: the vocabulary is open).
const KNOWN_ACTIONS: [AuditAction; 14] = [
    AuditAction::ORGANISATION_CREATED,
    AuditAction::ORGANISATION_CHANGED,
    AuditAction::STAFF_USER_CREATED,
    AuditAction::STAFF_USER_CHANGED,
    AuditAction::STAFF_LANGUAGE_CHANGED,
    AuditAction::API_TOKEN_CREATED,
    AuditAction::API_TOKEN_REVOKED,
    AuditAction::PASSWORD_CHANGED,
    AuditAction::SIGNED_IN,
    AuditAction::SIGN_IN_FAILED,
    AuditAction::SIGNED_OUT,
    frontdesk_sharing::SHARE_LINK_CREATED,
    frontdesk_sharing::SHARE_LINK_MAILED,
    frontdesk_sharing::SHARE_LINK_REVOKED,
];

/// The filter as the query string carries it (and the form shows it again).
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct AuditQuery {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    /// First day included (`YYYY-MM-DD`, UTC).
    #[serde(default)]
    from: String,
    /// Last day included (`YYYY-MM-DD`, UTC).
    #[serde(default)]
    to: String,
    /// The id of the last event of the previous page.
    #[serde(default)]
    after: String,
}

impl AuditQuery {
    /// The domain's filter, and the errors of criteria that could not be read (those are
    /// left out of the filter, and said so beside their field).
    fn filter(&self, t: Texts) -> (AuditFilter, FieldErrors) {
        let mut errors = FieldErrors::new();
        let actor = match self.actor.trim() {
            "" => None,
            raw => raw
                .parse::<StaffUserId>()
                .map_err(|_| errors.add("actor", t.get("settings-audit-error-actor")))
                .ok(),
        };
        let action = Some(self.action.trim())
            .filter(|action| !action.is_empty())
            .map(str::to_owned);
        let mut day = |field: &'static str, raw: &str| match raw.trim() {
            "" => None,
            raw => parse_date(raw).or_else(|| {
                errors.add(field, t.get("settings-audit-error-date"));
                None
            }),
        };
        let from = day("from", &self.from).map(|d| d.midnight().assume_utc());
        let to = day("to", &self.to).map(|d| d.midnight().assume_utc() + Duration::DAY);
        (
            AuditFilter {
                actor,
                action,
                from,
                to,
            },
            errors,
        )
    }

    /// Where the page starts.
    fn after(&self) -> Option<Uuid> {
        self.after.trim().parse().ok()
    }

    /// The address of the page after the one ending at `next`, with the same filter.
    fn next_page(&self, next: Uuid) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("actor", self.actor.trim())
            .append_pair("action", self.action.trim())
            .append_pair("from", self.from.trim())
            .append_pair("to", self.to.trim())
            .append_pair("after", &next.to_string())
            .finish();
        format!("{PATH}?{query}")
    }
}

fn filter_form(
    t: Texts,
    query: &AuditQuery,
    staff: &[(StaffUserId, String)],
    errors: &FieldErrors,
) -> Markup {
    html! {
        form.card.toolbar method="get" action=(PATH) role="search" {
            div {
                label for="audit-actor" { (t.get("settings-audit-actor")) }
                select #audit-actor name="actor" aria-invalid=[errors.invalid("actor")] aria-describedby=[errors.described_by("actor")] {
                    option value="" { (t.get("settings-audit-anyone")) }
                    @for (id, name) in staff {
                        @let value = id.to_string();
                        option value=(value) selected[query.actor.trim() == value] { (name) }
                    }
                }
                (errors.beside("actor"))
            }
            div {
                label for="audit-action" { (t.get("settings-audit-action")) }
                input #audit-action type="text" name="action" value=(query.action) list="audit-actions" autocomplete="off";
                datalist #audit-actions {
                    @for action in &KNOWN_ACTIONS { option value=(action.as_str()) {} }
                }
            }
            div {
                label for="audit-from" { (t.get("settings-audit-from")) }
                input #audit-from type="date" name="from" value=(query.from)
                    aria-invalid=[errors.invalid("from")] aria-describedby=[errors.described_by("from")];
                (errors.beside("from"))
            }
            div {
                label for="audit-to" { (t.get("settings-audit-to")) }
                input #audit-to type="date" name="to" value=(query.to)
                    aria-invalid=[errors.invalid("to")] aria-describedby=[errors.described_by("to")];
                (errors.beside("to"))
            }
            button type="submit" { (t.get("settings-audit-filter")) }
        }
    }
}

fn event_row(t: Texts, event: &AuditEvent, names: &HashMap<StaffUserId, String>) -> Markup {
    html! {
        tr {
            td { time datetime=(machine_time(event.at)) { (when(event.at)) } }
            td {
                @match event.actor {
                    Some(actor) => {
                        @if let Some(name) = names.get(&actor) { (name) }
                        @else { code { (actor) } }
                    }
                    None => { (t.get("settings-audit-system")) }
                }
            }
            td { code { (event.action.as_str()) } }
            td { @if let Some(subject) = &event.subject { code { (subject) } } }
            td { (event.detail) }
        }
    }
}

/// `GET /staff/settings/audit`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ViewAudit) {
        return refused;
    }
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let t = console.texts;
    let (filter, errors) = query.filter(t);
    let staff: Vec<(StaffUserId, String)> = if console.may(Permission::ManageStaff) {
        match app
            .access
            .list_staff_users(
                &console.actor,
                PageRequest::new(None, Some(STAFF_IN_FILTER)),
            )
            .await
        {
            Ok(page) => page
                .items
                .into_iter()
                .map(|user| (user.id, user.name.as_str().to_owned()))
                .collect(),
            Err(error) => return internal_error(&error),
        }
    } else {
        vec![(console.user.id, console.user.name.as_str().to_owned())]
    };
    let names: HashMap<StaffUserId, String> = staff.iter().cloned().collect();
    let page = match app
        .access
        .audit_log(
            &console.actor,
            filter,
            PageRequest::new(query.after(), None),
        )
        .await
    {
        Ok(page) => page,
        Err(error) => return internal_error(&error),
    };
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-audit-title")) }
        (filter_form(t, &query, &staff, &errors))
        @if page.items.is_empty() {
            p { (t.get("settings-audit-none")) }
        } @else {
            table.list {
                caption.visually-hidden { (t.get("settings-audit-title")) }
                thead {
                    tr {
                        th scope="col" { (t.get("settings-audit-when")) }
                        th scope="col" { (t.get("settings-audit-actor")) }
                        th scope="col" { (t.get("settings-audit-action")) }
                        th scope="col" { (t.get("settings-audit-subject")) }
                        th scope="col" { (t.get("settings-audit-detail")) }
                    }
                }
                tbody { @for event in &page.items { (event_row(t, event, &names)) } }
            }
        }
        @if let Some(next) = page.next_after {
            nav.pagination aria-label=(t.get("settings-pagination")) {
                a href=(query.next_page(next)) rel="next" { (t.get("settings-audit-older")) }
            }
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Settings,
        &t.get("settings-audit-title"),
        &body,
    )
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;
    use time::macros::datetime;

    use super::*;

    #[test]
    fn the_day_range_is_inclusive_and_bad_criteria_are_named() {
        let t = Texts::new(Language::En);
        let query = AuditQuery {
            action: " api_token.created ".into(),
            from: "2026-05-01".into(),
            to: "2026-05-01".into(),
            ..AuditQuery::default()
        };
        let (filter, errors) = query.filter(t);
        assert!(errors.is_empty());
        assert_eq!(filter.action.as_deref(), Some("api_token.created"));
        assert_eq!(filter.from, Some(datetime!(2026-05-01 0:00 UTC)));
        assert_eq!(
            filter.to,
            Some(datetime!(2026-05-02 0:00 UTC)),
            "the last day is included"
        );
        let (filter, errors) = AuditQuery {
            actor: "someone".into(),
            from: "yesterday".into(),
            ..AuditQuery::default()
        }
        .filter(t);
        assert_eq!(filter, AuditFilter::default());
        assert!(errors.get("actor").is_some() && errors.get("from").is_some());
    }

    #[test]
    fn the_next_page_keeps_the_filter() {
        let query = AuditQuery {
            action: "share_link.created".into(),
            from: "2026-05-01".into(),
            ..AuditQuery::default()
        };
        let next = Uuid::nil();
        assert_eq!(
            query.next_page(next),
            format!(
                "/staff/settings/audit?actor=&action=share_link.created&from=2026-05-01&to=&after={next}"
            )
        );
    }
}
