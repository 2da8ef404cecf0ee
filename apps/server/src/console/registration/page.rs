//! The registration page itself: the switch, the create form, the link just created (once),
//! and the organisation's links with their uses.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_contacts::Client;
use frontdesk_kernel::{Language, PageRequest, RegistrationLinkId};
use frontdesk_l10n::{Arg, Texts};
use frontdesk_registration::{RegisteredUser, RegistrationLink, RegistrationRole, RegistrationUse};
use maud::{Markup, html};
use time::OffsetDateTime;

use super::{CreateForm, Errors, PATH, date_of};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The link just created (or mailed), shown once with its URL.
#[derive(Debug, Clone)]
pub(crate) struct Created {
    /// Its id.
    pub(crate) id: RegistrationLinkId,
    /// Its URL (only in this answer).
    pub(crate) url: String,
    /// How many mails were just queued, if the mail form was sent.
    pub(crate) sent: Option<usize>,
    /// Catalog key of what went wrong with the mail form.
    pub(crate) error: Option<String>,
}

fn when(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!("{} {:02}:{:02} UTC", date_of(at), at.hour(), at.minute())
}

/// The catalog key of a link's state now.
fn state_key(link: &RegistrationLink, enabled: bool, now: OffsetDateTime) -> &'static str {
    if link.revoked_at.is_some() {
        "registration-state-revoked"
    } else if now >= link.expires_at {
        "registration-state-expired"
    } else if link.max_uses.is_some_and(|max| link.uses >= max) {
        "registration-state-used-up"
    } else if !enabled {
        "registration-state-closed"
    } else {
        "registration-state-open"
    }
}

fn error_of<'a>(errors: &'a Errors, field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|(name, _)| *name == field)
        .map(|(_, key)| *key)
}

fn beside(t: Texts, errors: &Errors, field: &str) -> Markup {
    html! {
        @if let Some(key) = error_of(errors, field) {
            span.field-error id={ "registration-" (field) "-error" } { (t.get(key)) }
        }
    }
}

fn described(errors: &Errors, field: &str) -> Option<String> {
    error_of(errors, field).map(|_| format!("registration-{field}-error"))
}

fn invalid(errors: &Errors, field: &str) -> Option<&'static str> {
    error_of(errors, field).map(|_| "true")
}

fn created_panel(console: &Console, created: &Created) -> Markup {
    let t = console.texts;
    html! {
        section.card #registration-new aria-labelledby="registration-new-title" {
            h2 #registration-new-title { (t.get("registration-new-title")) }
            label for="registration-url" { (t.get("registration-url")) }
            div.inline {
                input #registration-url type="text" readonly value=(created.url) aria-describedby="registration-url-hint";
                button.secondary type="button" data-copy="registration-url" data-copied=(t.get("registration-copied")) hidden { (t.get("registration-copy")) }
            }
            span #registration-url-status role="status" {}
            small #registration-url-hint { (t.get("registration-url-hint")) }
            @if let Some(sent) = created.sent {
                p.flash role="status" { (t.with("registration-mailed", &[("count", Arg::from(u64::try_from(sent).unwrap_or(u64::MAX)))])) }
            }
            @if let Some(key) = &created.error {
                p.flash.err role="alert" { (t.get(key)) }
            }
            form method="post" action={ (PATH) "/links/" (created.id) "/email" } novalidate {
                input type="hidden" name="csrf" value=(console.csrf);
                input type="hidden" name="url" value=(created.url);
                label for="registration-email-to" { (t.get("registration-email-to")) }
                textarea #registration-email-to name="to" rows="3" required aria-describedby="registration-email-hint" {}
                small #registration-email-hint { (t.get("registration-email-hint")) }
                button type="submit" { (t.get("registration-email-send")) }
            }
        }
    }
}

/// The **Create registration link** form, filled with `form`.
fn create_form(
    console: &Console,
    form: &CreateForm,
    errors: &Errors,
    clients: &[Client],
    forms: &[frontdesk_cases::Form],
    now: OffsetDateTime,
) -> Markup {
    let t = console.texts;
    let role = if form.role.is_empty() {
        "client"
    } else {
        form.role.as_str()
    };
    html! {
    form.card method="post" action={ (PATH) "/links" } novalidate {
        h2 { (t.get("registration-create")) }
        input type="hidden" name="csrf" value=(console.csrf);
        label for="registration-label" { (t.get("registration-label")) }
        input #registration-label type="text" name="label" value=(form.label) maxlength="200"
            aria-invalid=[invalid(errors, "label")] aria-describedby=[described(errors, "label")];
        (beside(t, errors, "label"))
        label for="registration-role" { (t.get("registration-role")) }
        select #registration-role name="role" aria-invalid=[invalid(errors, "role")] aria-describedby=[described(errors, "role")] {
            @for option in [RegistrationRole::Client, RegistrationRole::Staff] {
                option value=(option.as_str()) selected[role == option.as_str()] {
                    (t.get(&format!("registration-role-{}", option.as_str())))
                }
            }
        }
        (beside(t, errors, "role"))
        label for="registration-client" { (t.get("registration-client")) }
        select #registration-client name="client_id" aria-invalid=[invalid(errors, "client_id")] aria-describedby=[described(errors, "client_id")] {
            option value="" { (t.get("registration-client-none")) }
            @for client in clients {
                @let id = client.id.to_string();
                option value=(id) selected[form.client_id == id] { (client.name.as_str()) }
            }
        }
        (beside(t, errors, "client_id"))
        label for="registration-form" { (t.get("registration-auto-case")) }
        select #registration-form name="auto_case_form" aria-invalid=[invalid(errors, "auto_case_form")] aria-describedby=[described(errors, "auto_case_form")] {
            option value="" { (t.get("registration-auto-case-none")) }
            @for case_form in forms {
                option value=(case_form.slug.as_str()) selected[form.auto_case_form == case_form.slug.as_str()] { (case_form.name) }
            }
        }
        (beside(t, errors, "auto_case_form"))
        label for="registration-expiry" { (t.get("registration-expiry")) }
        input #registration-expiry type="date" name="expires_on" value=(form.expires_on) min=(date_of(now))
            aria-invalid=[invalid(errors, "expires_on")]
            aria-describedby=(described(errors, "expires_on").unwrap_or_else(|| "registration-expiry-hint".into()));
        small #registration-expiry-hint { (t.get("registration-expiry-hint")) }
        (beside(t, errors, "expires_on"))
        label for="registration-max-uses" { (t.get("registration-max-uses")) }
        input #registration-max-uses type="number" name="max_uses" min="1" value=(form.max_uses)
            aria-invalid=[invalid(errors, "max_uses")] aria-describedby=[described(errors, "max_uses")];
        (beside(t, errors, "max_uses"))
        label for="registration-domains" { (t.get("registration-domains")) }
        input #registration-domains type="text" name="allowed_domains" value=(form.allowed_domains) placeholder="example.com"
            aria-invalid=[invalid(errors, "allowed_domains")]
            aria-describedby=(described(errors, "allowed_domains").unwrap_or_else(|| "registration-domains-hint".into()));
        small #registration-domains-hint { (t.get("registration-domains-hint")) }
        (beside(t, errors, "allowed_domains"))
        label for="registration-language" { (t.get("registration-language")) }
        select #registration-language name="language" aria-invalid=[invalid(errors, "language")] {
            @for language in Language::ALL {
                @let chosen = if form.language.is_empty() { console.organisation.default_language.code() } else { form.language.as_str() };
                option value=(language.code()) selected[chosen == language.code()] {
                    (t.get(&format!("language-{}", language.code())))
                }
            }
        }
        (beside(t, errors, "language"))
        button type="submit" { (t.get("registration-create")) }
    }
    }
}

/// The organisation's links with their uses, expiry, state and **Revoke**.
fn links_table(
    console: &Console,
    links: &[RegistrationLink],
    uses: &[Vec<RegistrationUse>],
    now: OffsetDateTime,
) -> Markup {
    let t = console.texts;
    let enabled = console.organisation.registration_enabled;
    html! {
    section.card aria-labelledby="registration-links-title" {
        h2 #registration-links-title { (t.get("registration-links")) }
        @if links.is_empty() {
            p { (t.get("registration-links-none")) }
        } @else {
            table {
                thead { tr {
                    th scope="col" { (t.get("registration-label")) }
                    th scope="col" { (t.get("registration-role")) }
                    th scope="col" { (t.get("registration-uses")) }
                    th scope="col" { (t.get("registration-expires")) }
                    th scope="col" { (t.get("registration-state")) }
                    th scope="col" { span.visually-hidden { (t.get("registration-actions")) } }
                } }
                tbody {
                    @for (link, used) in links.iter().zip(uses) {
                        tr {
                            td { (link.label.as_deref().unwrap_or("—")) }
                            td { (t.get(&format!("registration-role-{}", link.role.as_str()))) }
                            td {
                                @match link.max_uses {
                                    Some(max) => { (link.uses) " / " (max) }
                                    None => { (link.uses) }
                                }
                                @if !used.is_empty() {
                                    details {
                                        summary { (t.get("registration-who")) }
                                        ul {
                                            @for one in used {
                                                li {
                                                    (one.email.as_str()) " — " (when(one.at))
                                                    " (" (t.get(match one.who { RegisteredUser::Contact(_) => "registration-role-client", RegisteredUser::Staff(_) => "registration-role-staff" })) ")"
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                            td { (when(link.expires_at)) }
                            td { (t.get(state_key(link, enabled, now))) }
                            td {
                                @if link.revoked_at.is_none() {
                                    form method="post" action={ (PATH) "/links/" (link.id) "/revoke" } {
                                        input type="hidden" name="csrf" value=(console.csrf);
                                        button.secondary type="submit" aria-label=(t.with("registration-revoke-label", &[("label", Arg::from(link.label.as_deref().unwrap_or("—")))])) { (t.get("registration-revoke")) }
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

/// Renders the page answering `status`.
pub(super) async fn render(
    console: &Console,
    app: &AppState,
    status: StatusCode,
    form: &CreateForm,
    errors: &Errors,
    created: Option<&Created>,
) -> Response {
    let t = console.texts;
    let actor = &console.actor;
    let links = match app
        .registration
        .list_links(actor, PageRequest::new(None, Some(200)))
        .await
    {
        Ok(page) => page.items,
        Err(error) => return internal_error(&error),
    };
    let mut uses = Vec::with_capacity(links.len());
    for link in &links {
        match app.registration.list_uses(actor, link.id).await {
            Ok(found) => uses.push(found),
            Err(error) => return internal_error(&error),
        }
    }
    let clients = app
        .contacts
        .search_clients(actor, None, 1, 100)
        .await
        .map(|page| page.rows)
        .unwrap_or_default();
    let forms = app.cases.list_forms(actor).await.unwrap_or_default();
    let enabled = console.organisation.registration_enabled;
    let now = OffsetDateTime::now_utc();
    let body = html! {
        h1 { (t.get("registration-title")) }
        p { (t.get("registration-intro")) }
        @if !errors.is_empty() {
            div.flash.err role="alert" { (t.get("registration-error-summary")) }
        }
        form.card method="post" action={ (PATH) "/settings" } {
            input type="hidden" name="csrf" value=(console.csrf);
            div.check {
                input #registration-enabled type="checkbox" name="registration_enabled" checked[enabled] aria-describedby="registration-enabled-hint";
                label for="registration-enabled" { (t.get("registration-allow")) }
            }
            small #registration-enabled-hint { (t.get("registration-allow-hint")) }
            button type="submit" { (t.get("registration-allow-save")) }
        }
        @if let Some(created) = created {
            (created_panel(console, created))
        }
        (create_form(console, form, errors, &clients, &forms, now))
        (links_table(console, &links, &uses, now))
    };
    let mut response = frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Registration,
        &t.get("registration-title"),
        &body,
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
