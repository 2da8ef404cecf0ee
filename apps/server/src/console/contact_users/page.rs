//! `GET /staff/contact-users/{id}`: a contact user's page — details and state, **Send
//! password** (a temporary password or a set-password link, by mail only), the username,
//! **Disable**/**Enable**, and the grants panel. The same renderer answers a refused
//! username (409 or 422) with what was typed kept.
//!
//! After **Send password** the page says where the mail went ("Sent to …"): the flash
//! cookie carries only the message key, so this page fills in the address itself.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{CaseStatusFilter, Permission};
use frontdesk_contacts::{ClientError, ContactUserError, ContactUserState, ContactUserView};
use frontdesk_kernel::ContactUserId;
use frontdesk_l10n::Arg;
use maud::{Markup, html};
use serde::Deserialize;

use super::{grants_panel, state_label, user_id, user_path, when};
use crate::console::flash;
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The flash key after a password was sent; the page adds the address.
pub(super) const PASSWORD_SENT: &str = "flash-contact-user-password-sent";

/// The page's query string.
#[derive(Debug, Default, Deserialize)]
pub(super) struct PageQuery {
    /// `open` or `closed`: only grants whose case is (not) closed.
    #[serde(default)]
    status: Option<String>,
}

/// A refused username, shown again in its field with why.
pub(super) struct UsernameRefusal {
    /// What was typed.
    pub(super) typed: String,
    /// The catalog key that explains it.
    pub(super) key: &'static str,
}

/// The grants filter a query names (anything else: every grant).
pub(super) fn status_filter(raw: Option<&str>) -> Option<CaseStatusFilter> {
    match raw {
        Some("open") => Some(CaseStatusFilter::Open),
        Some("closed") => Some(CaseStatusFilter::Closed),
        _ => None,
    }
}

/// `GET /staff/contact-users/{id}`.
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Query(query): Query<PageQuery>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ViewCases) {
        return refused;
    }
    let Some(id) = user_id(&raw) else {
        return frame::not_found(&console, Section::Clients);
    };
    let filter = status_filter(query.status.as_deref());
    render(&app, console, id, filter, None, StatusCode::OK).await
}

/// Renders the page of contact user `id`, answering `status`.
pub(super) async fn render(
    app: &AppState,
    mut console: Console,
    id: ContactUserId,
    filter: Option<CaseStatusFilter>,
    username: Option<UsernameRefusal>,
    status: StatusCode,
) -> Response {
    console.path = user_path(id);
    let view = match app.contact_users.contact_user(&console.actor, id).await {
        Ok(view) => view,
        Err(ContactUserError::NotFound) => return frame::not_found(&console, Section::Clients),
        Err(ContactUserError::Forbidden(_)) => return frame::forbidden(&console),
        Err(ContactUserError::Repository(error)) => return internal_error(&error),
    };
    let mut clients = Vec::new();
    for client in &view.user.client_ids {
        match app.contacts.client(&console.actor, *client).await {
            Ok(detail) => clients.push((*client, detail.client.name.as_str().to_owned())),
            Err(ClientError::ClientNotFound | ClientError::Forbidden(_)) => {}
            Err(ClientError::Repository(error)) => return internal_error(&error),
        }
    }
    let grants = match grants_panel::panel(app, &console, &view, filter).await {
        Ok(grants) => grants,
        Err(response) => return response,
    };
    // "Sent to …" names the address, which the flash cookie does not carry.
    let sent = console
        .flash
        .take_if(|flash| flash.key == PASSWORD_SENT)
        .is_some();
    let t = console.texts;
    let name = view.contact.full_name();
    let body = html! {
        @match clients.first() {
            Some((client, client_name)) => p { a href={ "/staff/clients/" (client) } { "← " (client_name) } },
            None => p { a href="/staff/clients" { "← " (t.get("clients-title")) } },
        }
        @if sent {
            div.flash role="status" {
                (t.with("contact-users-password-sent", &[("email", Arg::from(view.contact.email.as_str()))]))
            }
        }
        h1 { (name) }
        (details(&console, &view, &clients))
        @if console.may(Permission::ManageContacts) {
            (send_password(&console, &view))
            (username_form(&console, &view, username.as_ref()))
            (state_form(&console, &view))
        }
        (grants)
    };
    let mut response = frame::page_with_status(
        &console,
        &app.cookies,
        status,
        Section::Clients,
        &name,
        &body,
    );
    if sent {
        flash::consumed(&app.cookies, &mut response);
    }
    response
}

fn details(
    console: &Console,
    view: &ContactUserView,
    clients: &[(frontdesk_kernel::ClientId, String)],
) -> Markup {
    let t = console.texts;
    let user = &view.user;
    html! {
        section.panel #contact-user-details aria-labelledby="contact-user-details-title" {
            h2 #contact-user-details-title { (t.get("contact-users-details")) }
            dl.summary {
                dt { (t.get("contact-users-field-username")) }
                dd { (user.username.as_str()) }
                dt { (t.get("contact-users-field-email")) }
                dd {
                    @if console.may(Permission::ManageContacts) {
                        a href={ "/staff/contacts/" (view.contact.id) } { (view.contact.email.as_str()) }
                    } @else {
                        (view.contact.email.as_str())
                    }
                }
                dt { (t.get("contact-users-column-state")) }
                dd { span class={ "badge state-" (user.state.as_str()) } { (state_label(t, user.state)) } }
                dt { (t.get("contact-users-clients")) }
                dd {
                    @for (index, (client, name)) in clients.iter().enumerate() {
                        @if index > 0 { ", " }
                        a href={ "/staff/clients/" (client) } { (name) }
                    }
                }
                dt { (t.get("contact-users-password")) }
                dd {
                    @match (user.password_hash.is_some(), user.temporary_password_expires_at) {
                        (true, Some(until)) => (t.with("contact-users-password-temporary", &[("until", Arg::from(when(until)))])),
                        (true, None) => (t.get("contact-users-password-set")),
                        (false, _) => (t.get("contact-users-password-none")),
                    }
                }
                dt { (t.get("contact-users-created")) }
                dd { (when(user.created_at)) }
            }
        }
    }
}

fn send_password(console: &Console, view: &ContactUserView) -> Markup {
    let t = console.texts;
    html! {
        section.panel #send-password aria-labelledby="send-password-title" {
            h2 #send-password-title { (t.get("contact-users-send-password")) }
            @if view.user.state == ContactUserState::Disabled {
                p.hint { (t.get("contact-users-send-password-disabled")) }
            } @else {
                p.hint { (t.with("contact-users-send-password-intro", &[("email", Arg::from(view.contact.email.as_str()))])) }
                form.card method="post" action={ (user_path(view.user.id)) "/send-password" } {
                    input type="hidden" name="csrf" value=(console.csrf);
                    fieldset {
                        legend { (t.get("contact-users-send-password-how")) }
                        label for="mode-temporary" {
                            input #mode-temporary type="radio" name="mode" value="temporary" checked;
                            " " (t.get("contact-users-mode-temporary"))
                        }
                        label for="mode-link" {
                            input #mode-link type="radio" name="mode" value="link";
                            " " (t.get("contact-users-mode-link"))
                        }
                    }
                    button type="submit" { (t.get("contact-users-send-password")) }
                }
            }
        }
    }
}

fn username_form(
    console: &Console,
    view: &ContactUserView,
    refused: Option<&UsernameRefusal>,
) -> Markup {
    let t = console.texts;
    let value = refused.map_or(view.user.username.as_str(), |refused| {
        refused.typed.as_str()
    });
    let described = if refused.is_some() {
        "username-hint username-error"
    } else {
        "username-hint"
    };
    html! {
        section.panel #username aria-labelledby="username-title" {
            h2 #username-title { (t.get("contact-users-username-title")) }
            form.card method="post" action={ (user_path(view.user.id)) "/username" } novalidate {
                input type="hidden" name="csrf" value=(console.csrf);
                label for="username-input" { (t.get("contact-users-field-username")) }
                span.hint #username-hint { (t.get("contact-users-username-rule")) }
                input #username-input type="text" name="username" value=(value) required maxlength="64"
                    autocomplete="off" aria-invalid=[refused.map(|_| "true")] aria-describedby=(described);
                @if let Some(refused) = refused {
                    span.field-error #username-error { (t.get(refused.key)) }
                }
                button type="submit" { (t.get("contact-users-username-save")) }
            }
        }
    }
}

fn state_form(console: &Console, view: &ContactUserView) -> Markup {
    let t = console.texts;
    let disabled = view.user.state == ContactUserState::Disabled;
    html! {
        section.panel #account aria-labelledby="account-title" {
            h2 #account-title { (t.get("contact-users-account")) }
            p.hint {
                @if disabled { (t.get("contact-users-disabled-hint")) } @else { (t.get("contact-users-enabled-hint")) }
            }
            form method="post" action={ (user_path(view.user.id)) "/state" } {
                input type="hidden" name="csrf" value=(console.csrf);
                input type="hidden" name="disabled" value=(if disabled { "false" } else { "true" });
                @if disabled {
                    button type="submit" { (t.get("contact-users-enable")) }
                } @else {
                    button.danger type="submit" { (t.get("contact-users-disable")) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_open_and_closed_filter_the_grants() {
        assert_eq!(status_filter(Some("open")), Some(CaseStatusFilter::Open));
        assert_eq!(
            status_filter(Some("closed")),
            Some(CaseStatusFilter::Closed)
        );
        for other in [None, Some(""), Some("all"), Some("OPEN")] {
            assert_eq!(status_filter(other), None, "{other:?}");
        }
    }
}
