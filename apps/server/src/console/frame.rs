//! The frame around every console page: the navigation (only what the member may use), the
//! organisation and signed-in member, sign-out, the language switch and the flash message.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use frontdesk_access::Permission;
use frontdesk_kernel::Language;
use frontdesk_l10n::Arg;
use maud::{DOCTYPE, Markup, html};

use crate::console::flash::{self, Tone};
use crate::console::session::Console;
use crate::state::CookiePolicy;

/// The part of the console a page belongs to (highlighted in the navigation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// `/staff`.
    Dashboard,
    /// `/staff/cases…`.
    Cases,
    /// `/staff/contacts…`.
    Contacts,
    /// `/staff/clients…`.
    Clients,
    /// `/staff/forms…`.
    Forms,
    /// `/staff/registration…`.
    Registration,
    /// `/staff/settings…`.
    Settings,
}

struct NavItem {
    section: Section,
    href: &'static str,
    key: &'static str,
    /// Shown only to members holding one of these (empty: everyone).
    needs_any: &'static [Permission],
}

const NAV: [NavItem; 7] = [
    NavItem {
        section: Section::Dashboard,
        href: "/staff",
        key: "nav-dashboard",
        needs_any: &[],
    },
    NavItem {
        section: Section::Cases,
        href: "/staff/cases",
        key: "nav-cases",
        needs_any: &[Permission::ViewCases],
    },
    NavItem {
        section: Section::Contacts,
        href: "/staff/contacts",
        key: "nav-contacts",
        needs_any: &[Permission::ManageContacts, Permission::ViewCases],
    },
    NavItem {
        section: Section::Clients,
        href: "/staff/clients",
        key: "nav-clients",
        needs_any: &[Permission::ManageContacts, Permission::ViewCases],
    },
    NavItem {
        section: Section::Forms,
        href: "/staff/forms",
        key: "nav-forms",
        needs_any: &[Permission::ManageForms],
    },
    NavItem {
        section: Section::Registration,
        href: "/staff/registration",
        key: "nav-registration",
        needs_any: &[frontdesk_registration::MANAGE_REGISTRATION],
    },
    NavItem {
        section: Section::Settings,
        href: "/staff/settings",
        key: "nav-settings",
        // Every member has a settings page of their own (their API tokens); the index
        // links only the sections each may use.
        needs_any: &[],
    },
];

/// Whether the member sees `section` in the navigation.
pub(crate) fn may_see(console: &Console, section: Section) -> bool {
    NAV.iter()
        .find(|item| item.section == section)
        .is_some_and(|item| {
            item.needs_any.is_empty() || item.needs_any.iter().any(|p| console.may(*p))
        })
}

fn document(console: &Console, section: Section, title: &str, body: &Markup) -> Markup {
    let t = console.texts;
    let language = t.language();
    let org = &console.organisation;
    html! {
        (DOCTYPE)
        html lang=(language.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) " · " (org.name.as_str()) " · Frontdesk" }
                link rel="stylesheet" href="/assets/frontdesk.css";
                link rel="stylesheet" href={ "/assets/brand/" (org.slug.as_str()) ".css" };
                script src="/assets/console.js" defer {}
            }
            body.console {
                a.visually-hidden href="#content" { (t.get("skip-to-content")) }
                header.topbar {
                    nav aria-label=(t.get("nav-main")) {
                        a.brand href="/staff" { (org.name.as_str()) }
                        ul {
                            @for item in NAV.iter().filter(|item| may_see(console, item.section)) {
                                li {
                                    @if item.section == section {
                                        a href=(item.href) aria-current="page" { (t.get(item.key)) }
                                    } @else {
                                        a href=(item.href) { (t.get(item.key)) }
                                    }
                                }
                            }
                        }
                        div.who {
                            span { (t.with("signed-in-as", &[("name", Arg::from(console.user.name.as_str()))])) }
                            form method="post" action="/staff/language" {
                                input type="hidden" name="csrf" value=(console.csrf);
                                input type="hidden" name="back" value=(console.path);
                                label.visually-hidden for="console-language" { (t.get("language-switch")) }
                                select #console-language name="language" {
                                    @for option in Language::ALL {
                                        option value=(option.code()) selected[option == language] {
                                            (t.get(&format!("language-{}", option.code())))
                                        }
                                    }
                                }
                                button.secondary type="submit" { (t.get("language-save")) }
                            }
                            form method="post" action="/staff/logout" {
                                input type="hidden" name="csrf" value=(console.csrf);
                                button.secondary type="submit" { (t.get("sign-out")) }
                            }
                        }
                    }
                }
                main #content {
                    @if let Some(flash) = &console.flash {
                        @let class = if flash.tone == Tone::Failure { "flash err" } else { "flash" };
                        div class=(class) role=(if flash.tone == Tone::Failure { "alert" } else { "status" }) {
                            (t.get(&flash.key))
                        }
                    }
                    (body)
                }
            }
        }
    }
}

/// A console page answering `status`.
pub(crate) fn page_with_status(
    console: &Console,
    cookies: &CookiePolicy,
    status: StatusCode,
    section: Section,
    title: &str,
    body: &Markup,
) -> Response {
    let mut response = (
        status,
        Html(document(console, section, title, body).into_string()),
    )
        .into_response();
    if console.flash.is_some() {
        flash::consumed(cookies, &mut response);
    }
    response
}

/// A console page (200).
pub(crate) fn page(
    console: &Console,
    cookies: &CookiePolicy,
    section: Section,
    title: &str,
    body: &Markup,
) -> Response {
    page_with_status(console, cookies, StatusCode::OK, section, title, body)
}

/// The 403 page for a console address the member may not use.
pub(crate) fn forbidden(console: &Console) -> Response {
    let t = console.texts;
    let body = html! {
        h1 { (t.get("forbidden-title")) }
        p { (t.get("forbidden-text")) }
        p { a href="/staff" { (t.get("back-to-dashboard")) } }
    };
    (
        StatusCode::FORBIDDEN,
        Html(
            document(
                console,
                Section::Dashboard,
                &t.get("forbidden-title"),
                &body,
            )
            .into_string(),
        ),
    )
        .into_response()
}

/// The 404 page for a console record that does not exist (or belongs to another
/// organisation: the answer is the same).
pub(crate) fn not_found(console: &Console, section: Section) -> Response {
    let t = console.texts;
    let body = html! {
        h1 { (t.get("not-found-title")) }
        p { (t.get("not-found-text")) }
        p { a href="/staff" { (t.get("back-to-dashboard")) } }
    };
    (
        StatusCode::NOT_FOUND,
        Html(document(console, section, &t.get("not-found-title"), &body).into_string()),
    )
        .into_response()
}
