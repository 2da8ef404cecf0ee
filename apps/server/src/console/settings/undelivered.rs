//! `GET /staff/settings/undelivered`: mail given up on after every attempt, with its last
//! error, and **Retry** per message (members who may manage mail templates).

use axum::Form;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_kernel::{MessageId, PageRequest};
use frontdesk_l10n::Arg;
use frontdesk_messaging::{DeadLetterError, DeadMessage};
use maud::{Markup, html};
use serde::Deserialize;

use super::fields::{form_expired, id_from_path, machine_time, when};
use super::mail::kind_label;
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/undelivered";

/// The list's query: where the page starts.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
    after: Option<String>,
}

/// What a Retry button sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RetryForm {
    #[serde(default)]
    csrf: String,
}

fn row(console: &Console, dead: &DeadMessage) -> Markup {
    let t = console.texts;
    let message = &dead.message;
    html! {
        tr {
            td { (message.to.as_str()) }
            td { (t.get(&kind_label(message.kind))) }
            td { time datetime=(machine_time(message.created_at)) { (when(message.created_at)) } }
            td { (dead.attempts) }
            td {
                @if let Some(error) = &dead.last_error { code { (error) } }
                @else { (t.get("settings-undelivered-no-error")) }
            }
            td {
                form method="post" action={ (PATH) "/" (message.id) "/retry" } {
                    input type="hidden" name="csrf" value=(console.csrf);
                    button.secondary type="submit"
                        aria-label=(t.with("settings-undelivered-retry-named", &[("to", Arg::from(message.to.as_str()))])) {
                        (t.get("settings-undelivered-retry"))
                    }
                }
            }
        }
    }
}

/// `GET /staff/settings/undelivered`.
pub(super) async fn list(
    State(app): State<AppState>,
    console: Console,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    let after = query
        .ok()
        .and_then(|Query(q)| q.after)
        .and_then(|raw| raw.parse().ok());
    let page = match app
        .messaging
        .dead_messages(&console.actor, PageRequest::new(after, None))
        .await
    {
        Ok(page) => page,
        Err(error) => return internal_error(&error),
    };
    let t = console.texts;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-undelivered-title")) }
        p.hint { (t.get("settings-undelivered-intro")) }
        @if page.items.is_empty() {
            p { (t.get("settings-undelivered-none")) }
        } @else {
            table.list {
                caption.visually-hidden { (t.get("settings-undelivered-title")) }
                thead {
                    tr {
                        th scope="col" { (t.get("settings-undelivered-to")) }
                        th scope="col" { (t.get("settings-mail-kind")) }
                        th scope="col" { (t.get("settings-undelivered-queued")) }
                        th scope="col" { (t.get("settings-undelivered-attempts")) }
                        th scope="col" { (t.get("settings-undelivered-error")) }
                        th scope="col" { span.visually-hidden { (t.get("settings-staff-actions")) } }
                    }
                }
                tbody { @for dead in &page.items { (row(&console, dead)) } }
            }
        }
        @if let Some(next) = page.next_after {
            nav.pagination aria-label=(t.get("settings-pagination")) {
                a href={ (PATH) "?after=" (next) } { (t.get("settings-next-page")) }
            }
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Settings,
        &t.get("settings-undelivered-title"),
        &body,
    )
}

/// `POST /staff/settings/undelivered/{id}/retry`: queues the message again.
pub(super) async fn retry(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<RetryForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageMailTemplates) {
        return refused;
    }
    let Some(id) = id_from_path::<MessageId>(&id) else {
        return frame::not_found(&console, Section::Settings);
    };
    match app.messaging.retry_dead(&console.actor, id).await {
        Ok(()) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Success,
            "flash-settings-mail-retried",
        ),
        // Retried by someone else meanwhile, or never dead: nothing to do.
        Err(DeadLetterError::NotFound) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Failure,
            "flash-settings-mail-retry-gone",
        ),
        Err(DeadLetterError::Forbidden(_)) => frame::forbidden(&console),
        Err(error) => internal_error(&error),
    }
}
