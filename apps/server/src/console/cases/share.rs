//! The "Share case publicly" panel (its `POST`s are in `share_actions.rs`): create a link (its URL shown once, in a
//! read-only field with "Copy link" and "Email this link"), mail it through Frontdesk, list
//! the case's links with their views and the view log, revoke one.
//!
//! The panel is there only when the member may share this case — the form's addon is on and
//! one of their profiles holds the form's share permission — as the domain decides
//! ([`frontdesk_sharing::SharingService::may_share_case`], the rule `create` applies).
//!
//! A new link's URL is a secret shown once: the create `POST` renders the case page itself
//! (200, `Cache-Control: no-store`) with the URL in the field; it is never redirected with,
//! put in a cookie or stored.

use axum::response::Response;
use frontdesk_access::LifetimeKind;
use frontdesk_cases::Case;
use frontdesk_kernel::CaseId;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_sharing::{
    ListShareLinksError, ListShareViewsError, ShareLink, ShareView, mailto_url,
};
use maud::{Markup, html};
use time::OffsetDateTime;

use super::input::{CreatedLink, Filled, Problems, ShareInput};
use super::panels::csrf_field;
use super::{case_path, machine_time, not_found, when};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Most views listed in the view log.
const VIEW_LOG_ROWS: usize = 100;

/// What the panel shows: the case's links, their views and the organisation's lifetimes.
pub(super) struct Sharing {
    /// The case's links, as stored.
    links: Vec<ShareLink>,
    /// Every logged view, newest first, with the label of its link.
    views: Vec<(String, ShareView)>,
    /// Days a link lives unless the member chooses.
    default_days: i64,
    /// Most days a link may live.
    max_days: i64,
}

/// The panel's data when the member may share case `id`, `None` when they may not (the panel
/// is then absent), or the answer to send instead.
pub(super) async fn load(
    app: &AppState,
    console: &Console,
    id: CaseId,
) -> Result<Option<Sharing>, Response> {
    match app.sharing.may_share_case(&console.actor, id).await {
        Ok(true) => {}
        Ok(false) => return Ok(None),
        Err(error) => return Err(internal_error(&error)),
    }
    let links = match app.sharing.list(&console.actor, id).await {
        Ok(links) => links,
        Err(ListShareLinksError::CaseNotFound) => return Err(not_found(console)),
        Err(ListShareLinksError::Forbidden(_)) => return Ok(None),
        Err(error @ ListShareLinksError::Repository(_)) => return Err(internal_error(&error)),
    };
    let mut views = Vec::new();
    for link in links.iter().filter(|link| link.views > 0) {
        match app.sharing.views(&console.actor, link.id).await {
            Ok(found) => views.extend(
                found
                    .into_iter()
                    .map(|view| (label_of(console.texts, link), view)),
            ),
            Err(ListShareViewsError::LinkNotFound | ListShareViewsError::Forbidden(_)) => {}
            Err(error @ ListShareViewsError::Repository(_)) => return Err(internal_error(&error)),
        }
    }
    views.sort_by_key(|(_, view)| std::cmp::Reverse(view.viewed_at));
    views.truncate(VIEW_LOG_ROWS);
    let lifetimes = console
        .organisation
        .lifetimes
        .lifetimes(LifetimeKind::ShareLink);
    Ok(Some(Sharing {
        links,
        views,
        default_days: (lifetimes.default_seconds / 86_400).max(1),
        max_days: (lifetimes.maximum_seconds / 86_400).max(1),
    }))
}

/// A link's label, or when it was created for one without.
fn label_of(t: Texts, link: &ShareLink) -> String {
    link.label.clone().unwrap_or_else(|| {
        t.with(
            "share-unlabelled",
            &[("created", Arg::from(when(link.created_at)))],
        )
    })
}

/// Where a link stands at `now`.
fn state_key(link: &ShareLink, now: OffsetDateTime) -> &'static str {
    if link.revoked_at.is_some() {
        "share-state-revoked"
    } else if now >= link.expires_at {
        "share-state-expired"
    } else if link.max_views.is_some_and(|max| link.views >= max) {
        "share-state-used-up"
    } else {
        "share-state-active"
    }
}

/// The "Share case publicly" panel (open when a link was just created or its form came back).
pub(super) fn panel(
    console: &Console,
    case: &Case,
    sharing: &Sharing,
    filled: Option<&Filled<ShareInput>>,
    created: Option<&CreatedLink>,
) -> Markup {
    let t = console.texts;
    let path = case_path(case.id);
    let none = Problems::default();
    let (typed, problems) = match filled {
        Some(filled) => (filled.typed.clone(), &filled.problems),
        None => (ShareInput::default(), &none),
    };
    let days_hint = t.with(
        "share-days-hint",
        &[
            ("default", Arg::from(sharing.default_days)),
            ("max", Arg::from(sharing.max_days)),
        ],
    );
    html! {
        details.panel #share open[filled.is_some() || created.is_some()] {
            summary { (t.get("share-panel")) }
            div {
                @if let Some(created) = created {
                    (created_link(console, case, created))
                }
                form method="post" action={ (path) "/share-links" } novalidate {
                    (csrf_field(console))
                    fieldset {
                        legend { (t.get("share-options")) }
                        label for="share-label" { (t.get("share-label")) }
                        input #share-label type="text" name="label" value=(typed.label) maxlength="200"
                            aria-invalid=[problems.invalid("share-label")]
                            aria-describedby=[problems.described_by("share-label", false)];
                        (problems.under("share-label"))
                        label for="share-days" { (t.get("share-days")) }
                        input #share-days type="number" name="days" min="1" max=(sharing.max_days) inputmode="numeric"
                            value=(typed.days) placeholder=(sharing.default_days)
                            aria-invalid=[problems.invalid("share-days")]
                            aria-describedby=[problems.described_by("share-days", true)];
                        small #share-days-hint { (days_hint) }
                        (problems.under("share-days"))
                        label for="share-max-views" { (t.get("share-max-views")) }
                        input #share-max-views type="number" name="max_views" min="1" inputmode="numeric"
                            value=(typed.max_views)
                            aria-invalid=[problems.invalid("share-max-views")]
                            aria-describedby=[problems.described_by("share-max-views", true)];
                        small #share-max-views-hint { (t.get("share-max-views-hint")) }
                        (problems.under("share-max-views"))
                        label for="share-password" { (t.get("share-password")) }
                        input #share-password type="password" name="password" autocomplete="new-password"
                            aria-invalid=[problems.invalid("share-password")]
                            aria-describedby=[problems.described_by("share-password", true)];
                        small #share-password-hint { (t.get("share-password-hint")) }
                        (problems.under("share-password"))
                    }
                    button type="submit" { (t.get("share-create")) }
                }
                (links_table(console, &path, &sharing.links))
                (view_log(t, &sharing.views))
            }
        }
    }
}

/// The link just created: its URL in a read-only field, "Copy link", and "Email this link" as
/// a `mailto:` link and as a form sent through Frontdesk.
fn created_link(console: &Console, case: &Case, created: &CreatedLink) -> Markup {
    let t = console.texts;
    let problems = &created.email.problems;
    let mailto = created.mailto.clone().unwrap_or_else(|| {
        mailto_url(
            &format!("Case {}: {}", case.number, case.title),
            &created.url,
        )
    });
    html! {
        section.card #share-new aria-labelledby="share-new-title" {
            h3 #share-new-title { (t.get("share-new-title")) }
            label for="share-url" { (t.get("share-url")) }
            div.inline {
                input #share-url type="text" readonly value=(created.url) aria-describedby="share-url-hint";
                button.secondary type="button" data-copy="share-url" data-copied=(t.get("share-copied")) hidden { (t.get("share-copy")) }
            }
            span #share-url-status role="status" {}
            small #share-url-hint { (t.get("share-url-hint")) }
            p {
                a.button.secondary href=(mailto) aria-describedby="share-mailto-hint" { (t.get("share-email")) }
                " "
                small #share-mailto-hint { (t.get("share-mailto-hint")) }
            }
            form method="post" action={ (case_path(case.id)) "/share-links/" (created.id) "/email" } novalidate {
                (csrf_field(console))
                input type="hidden" name="url" value=(created.url);
                fieldset {
                    legend { (t.get("share-email-through")) }
                    label for="share-email-to" { (t.get("share-email-to")) }
                    input #share-email-to type="email" name="to" value=(created.email.typed.to) required autocomplete="off"
                        aria-invalid=[problems.invalid("share-email-to")]
                        aria-describedby=[problems.described_by("share-email-to", false)];
                    (problems.under("share-email-to"))
                    label for="share-email-message" { (t.get("share-email-message")) }
                    textarea #share-email-message name="message" rows="3"
                        aria-invalid=[problems.invalid("share-email-message")]
                        aria-describedby=[problems.described_by("share-email-message", false)] { (created.email.typed.message) }
                    (problems.under("share-email-message"))
                }
                button type="submit" { (t.get("share-email")) }
            }
        }
    }
}

/// The case's links with their views, and "Revoke" on each that still opens.
fn links_table(console: &Console, path: &str, links: &[ShareLink]) -> Markup {
    let t = console.texts;
    let now = OffsetDateTime::now_utc();
    html! {
        h3 #share-links { (t.get("share-links")) }
        @if links.is_empty() {
            p.hint { (t.get("share-links-none")) }
        } @else {
            table.list aria-labelledby="share-links" {
                thead {
                    tr {
                        th scope="col" { (t.get("share-col-label")) }
                        th scope="col" { (t.get("share-col-created")) }
                        th scope="col" { (t.get("share-col-expires")) }
                        th scope="col" { (t.get("share-col-views")) }
                        th scope="col" { (t.get("share-col-password")) }
                        th scope="col" { (t.get("share-col-state")) }
                        th scope="col" { span.visually-hidden { (t.get("share-col-actions")) } }
                    }
                }
                tbody {
                    @for link in links {
                        @let label = label_of(t, link);
                        tr {
                            td { (label) }
                            td { time datetime=(machine_time(link.created_at)) { (when(link.created_at)) } }
                            td { time datetime=(machine_time(link.expires_at)) { (when(link.expires_at)) } }
                            td {
                                @match link.max_views {
                                    Some(max) => (t.with("share-views-of", &[("views", Arg::from(link.views)), ("max", Arg::from(max))])),
                                    None => (link.views),
                                }
                            }
                            td { (t.get(if link.password_hash.is_some() { "share-yes" } else { "share-no" })) }
                            td { span.badge { (t.get(state_key(link, now))) } }
                            td {
                                @if link.revoked_at.is_none() {
                                    form method="post" action={ (path) "/share-links/" (link.id) "/revoke" } {
                                        (csrf_field(console))
                                        button.danger type="submit" aria-label=(t.with("share-revoke-named", &[("label", Arg::from(label.clone()))])) {
                                            (t.get("share-revoke"))
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
}

/// Who opened the case's links, newest first.
fn view_log(t: Texts, views: &[(String, ShareView)]) -> Markup {
    html! {
        h3 #share-log { (t.get("share-log")) }
        @if views.is_empty() {
            p.hint { (t.get("share-log-none")) }
        } @else {
            table.list aria-labelledby="share-log" {
                thead {
                    tr {
                        th scope="col" { (t.get("share-log-when")) }
                        th scope="col" { (t.get("share-col-label")) }
                        th scope="col" { (t.get("share-log-agent")) }
                        th scope="col" { (t.get("share-log-visitor")) }
                    }
                }
                tbody {
                    @for (label, view) in views {
                        tr {
                            td { time datetime=(machine_time(view.viewed_at)) { (when(view.viewed_at)) } }
                            td { (label) }
                            td { (view.user_agent.as_deref().unwrap_or("—")) }
                            td { code { (view.ip_hash.as_deref().map_or("—", |hash| &hash[..hash.len().min(12)])) } }
                        }
                    }
                }
            }
        }
    }
}
