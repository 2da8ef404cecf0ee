//! `GET /staff/contacts/{id}`: a contact's page — its public profile, its cases (linked to
//! their pages), the **Email contact** form and the form that associates it with a case.
//! The two forms post to [`super::actions`], which show this page again when they refuse.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{Case, CaseFilter, ListCasesError};
use frontdesk_contacts::{ContactProfileError, PublicProfile};
use frontdesk_kernel::{ContactId, Page, PageRequest, Uuid};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};

use crate::console::contacts::messages::{FieldMessages, message_for};
use crate::console::contacts::widgets::{Field, Kind};
use crate::console::contacts::{contact_id, contact_path};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Cases shown per page on a contact's page.
const CASES_PER_PAGE: u32 = 50;

/// The message form as typed, with what was refused.
#[derive(Debug, Clone, Default)]
pub(super) struct MessageState {
    /// Subject as typed.
    pub(super) subject: String,
    /// Body as typed.
    pub(super) body: String,
    /// Refused fields.
    pub(super) errors: FieldMessages,
}

/// The association form as typed, with what was refused.
#[derive(Debug, Clone, Default)]
pub(super) struct AssociateState {
    /// The case number as typed.
    pub(super) case: String,
    /// Whether to mail the contact a guest link.
    pub(super) send_access: bool,
    /// Why the number was refused, already in the member's language.
    pub(super) error: Option<String>,
}

/// The state of the page's forms: empty on a plain visit, as typed after a refusal.
#[derive(Debug, Clone, Default)]
pub(super) struct Forms {
    /// The **Email contact** form.
    pub(super) message: MessageState,
    /// The association form.
    pub(super) associate: AssociateState,
    /// Which panel to open (the one that was refused).
    pub(super) open: Option<Panel>,
    /// An alert shown above the panels (what to wait for, already in the member's
    /// language).
    pub(super) alert: Option<String>,
}

/// The page's panels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Panel {
    /// **Email contact**.
    Email,
    /// Associate with a case.
    Associate,
}

/// What the page shows of the contact.
pub(super) struct Loaded {
    /// Its public profile.
    profile: PublicProfile,
    /// A page of its cases, when the member may view cases.
    cases: Option<Page<Case>>,
}

/// Reads the contact `raw` names and its cases; the answer to send instead when it is
/// malformed, of another organisation, missing, forbidden or the store failed.
pub(super) async fn load(
    app: &AppState,
    console: &Console,
    raw: &str,
    after: Option<Uuid>,
) -> Result<(ContactId, Loaded), Response> {
    let Some(id) = contact_id(raw) else {
        return Err(frame::not_found(console, Section::Contacts));
    };
    let profile = match app.contacts.contact_profile(&console.actor, id).await {
        Ok(profile) => profile,
        Err(ContactProfileError::Forbidden(_)) => return Err(frame::forbidden(console)),
        Err(ContactProfileError::ContactNotFound) => {
            return Err(frame::not_found(console, Section::Contacts));
        }
        Err(ContactProfileError::Repository(error)) => return Err(internal_error(&error)),
    };
    let cases = if console.may(Permission::ViewCases) {
        let filter = CaseFilter {
            contact: Some(id),
            ..CaseFilter::default()
        };
        match app
            .cases
            .list_cases(
                &console.actor,
                filter,
                PageRequest::new(after, Some(CASES_PER_PAGE)),
            )
            .await
        {
            Ok(page) => Some(page),
            Err(ListCasesError::Forbidden(_)) => None,
            Err(ListCasesError::Repository(error)) => return Err(internal_error(&error)),
        }
    } else {
        None
    };
    Ok((id, Loaded { profile, cases }))
}

/// `GET /staff/contacts/{id}` (`?after=` reads the next page of its cases).
pub(super) async fn show(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let after = pairs
        .iter()
        .find(|(key, _)| key == "after")
        .and_then(|(_, value)| Uuid::parse_str(value).ok());
    match load(&app, &console, &raw, after).await {
        Ok((id, loaded)) => page(
            &app,
            &console,
            StatusCode::OK,
            id,
            &loaded,
            &Forms::default(),
        ),
        Err(response) => response,
    }
}

/// The contact's page, answering `status`.
pub(super) fn page(
    app: &AppState,
    console: &Console,
    status: StatusCode,
    id: ContactId,
    loaded: &Loaded,
    forms: &Forms,
) -> Response {
    let t = console.texts;
    let profile = &loaded.profile;
    let name = format!("{} {}", profile.first_name, profile.last_name);
    let body = html! {
        p { a href="/staff/contacts" { "← " (t.get("contacts-title")) } }
        h1 { (name) }
        @if let Some(alert) = &forms.alert {
            div.flash.err role="alert" { (alert) }
        }
        section.card aria-labelledby="contact-profile" {
            h2 #contact-profile { (t.get("contacts-profile")) }
            dl.summary {
                dt { (t.get("contacts-first-name")) }
                dd { (profile.first_name) }
                dt { (t.get("contacts-last-name")) }
                dd { (profile.last_name) }
                dt { (t.get("contacts-email")) }
                dd { a href={ "mailto:" (profile.email) } { (profile.email) } }
                dt { (t.get("contacts-phone")) }
                dd {
                    @match &profile.phone {
                        Some(phone) => a href={ "tel:" (phone.replace(' ', "")) } { (phone) },
                        None => span.hint { (t.get("contacts-no-phone")) },
                    }
                }
            }
        }
        @if let Some(cases) = &loaded.cases {
            (cases_section(t, id, cases))
        }
        (email_panel(console, id, profile, forms))
        @if console.may(Permission::EditCases) {
            (associate_panel(console, id, forms))
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Contacts,
        &name,
        &body,
    )
}

fn cases_section(t: Texts, id: ContactId, cases: &Page<Case>) -> Markup {
    html! {
        section.card aria-labelledby="contact-cases" {
            h2 #contact-cases { (t.get("contacts-cases")) }
            @if cases.items.is_empty() {
                p.hint { (t.get("contacts-no-cases")) }
            } @else {
                table.list {
                    thead {
                        tr {
                            th scope="col" { (t.get("contacts-case-number")) }
                            th scope="col" { (t.get("contacts-case-title")) }
                            th scope="col" { (t.get("contacts-case-status")) }
                        }
                    }
                    tbody {
                        @for case in &cases.items {
                            tr {
                                td { a href={ "/staff/cases/" (case.id.as_uuid()) } { (case.number) } }
                                td { (case.title) }
                                td { span.badge { (t.get(&format!("status-{}", case.status.as_str()))) } }
                            }
                        }
                    }
                }
                @if let Some(after) = cases.next_after {
                    p { a href={ (contact_path(id)) "?after=" (after) } { (t.get("contacts-more-cases")) } }
                }
            }
        }
    }
}

fn email_panel(console: &Console, id: ContactId, profile: &PublicProfile, forms: &Forms) -> Markup {
    let t = console.texts;
    let message = &forms.message;
    let error = |name: &str| message_for(&message.errors, name).map(|key| t.get(key));
    let (subject_error, body_error) = (error("subject"), error("body"));
    let (subject_label, body_label) = (
        t.get("contacts-email-subject"),
        t.get("contacts-email-message"),
    );
    html! {
        details.panel #email open[forms.open == Some(Panel::Email)] {
            summary { (t.get("contacts-email-panel")) }
            div {
                p.hint { (t.with("contacts-email-intro", &[("email", Arg::from(profile.email.as_str()))])) }
                form method="post" action={ (contact_path(id)) "/email" } novalidate {
                    input type="hidden" name="csrf" value=(console.csrf);
                    (Field { error: subject_error.as_deref(), ..Field::new("subject", &subject_label, &message.subject) }.render())
                    (Field { error: body_error.as_deref(), kind: Kind::Multiline, ..Field::new("body", &body_label, &message.body) }.render())
                    button type="submit" { (t.get("contacts-email-send")) }
                }
            }
        }
    }
}

fn associate_panel(console: &Console, id: ContactId, forms: &Forms) -> Markup {
    let t = console.texts;
    let associate = &forms.associate;
    let label = t.get("contacts-associate-case");
    let hint = t.get("contacts-associate-hint");
    html! {
        details.panel #associate open[forms.open == Some(Panel::Associate)] {
            summary { (t.get("contacts-associate-panel")) }
            div {
                form method="post" action={ (contact_path(id)) "/cases" } novalidate {
                    input type="hidden" name="csrf" value=(console.csrf);
                    (Field { hint: Some(&hint), error: associate.error.as_deref(), autocomplete: Some("off"), ..Field::new("case", &label, &associate.case) }.render())
                    label {
                        input type="checkbox" name="send_access" value="on" checked[associate.send_access];
                        " " (t.get("contacts-associate-send-access"))
                    }
                    button type="submit" { (t.get("contacts-associate-submit")) }
                }
            }
        }
    }
}
