//! The settings part of the console (`/staff/settings…`): the organisation, staff users,
//! the member's own API tokens, who may share cases publicly per form, mail templates,
//! undelivered mail and the audit log.
//!
//! | file | what |
//! |---|---|
//! | `fields.rs` | errors beside fields, times, paths and the CSRF check every `POST` starts with (pure) |
//! | `organisation.rs` | `GET|POST /staff/settings/organisation` |
//! | `embed.rs` | `GET|POST /staff/settings/embed`: the websites allowed to embed the forms |
//! | `portal.rs` | `GET|POST /staff/settings/portal`: the customer portal's mode, title, brand and forms |
//! | `staff.rs` | `GET|POST /staff/settings/staff`, profiles and disable/enable per user |
//! | `tokens.rs` | `GET|POST /staff/settings/tokens`: the member's own API tokens |
//! | `permissions.rs` | `GET /staff/settings/permissions`: profiles × forms "share publicly" grid |
//! | `mail.rs` | `GET /staff/settings/mail…`: template editor, preview, reset |
//! | `undelivered.rs` | `GET /staff/settings/undelivered`: dead letters and Retry |
//! | `audit.rs` | `GET /staff/settings/audit`: the filtered, paginated audit log |
//!
//! Each page needs the same permission as the JSON API's matching routes; the index lists
//! only the pages the member may use, and a typed address of another answers the console's
//! 403 page. Every `POST` checks the session's CSRF token first (a stale form changes nothing
//! and comes back with "This form expired"), then the permission, then calls the domain's
//! use case, and answers 303 back with a flash — or re-renders its form (422) with what was
//! typed and each error beside its field.

mod audit;
mod embed;
mod fields;
mod mail;
mod organisation;
mod permissions;
mod portal;
mod staff;
mod tokens;
mod undelivered;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::{get, post};
use frontdesk_access::Permission;
use maud::html;

use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::state::AppState;

/// The routes of the settings part of the console.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff/settings", get(index))
        .route(
            "/staff/settings/organisation",
            get(organisation::show).post(organisation::save),
        )
        .route(
            "/staff/settings/portal",
            get(portal::show).post(portal::save),
        )
        .route("/staff/settings/embed", get(embed::show).post(embed::save))
        .route(
            "/staff/settings/staff",
            get(staff::list).post(staff::create),
        )
        .route(
            "/staff/settings/staff/{id}/profiles",
            post(staff::change_profiles),
        )
        .route(
            "/staff/settings/staff/{id}/state",
            post(staff::change_state),
        )
        .route(
            "/staff/settings/tokens",
            get(tokens::show).post(tokens::create),
        )
        .route("/staff/settings/tokens/{id}/revoke", post(tokens::revoke))
        .route("/staff/settings/permissions", get(permissions::show))
        .route(
            "/staff/settings/permissions/{form}",
            post(permissions::save),
        )
        .route("/staff/settings/mail", get(mail::list))
        .route(
            "/staff/settings/mail/{kind}/{language}",
            get(mail::edit).post(mail::save),
        )
        .route(
            "/staff/settings/mail/{kind}/{language}/preview",
            post(mail::preview),
        )
        .route(
            "/staff/settings/mail/{kind}/{language}/reset",
            post(mail::reset),
        )
        .route("/staff/settings/undelivered", get(undelivered::list))
        .route(
            "/staff/settings/undelivered/{id}/retry",
            post(undelivered::retry),
        )
        .route("/staff/settings/audit", get(audit::show))
}

/// One page of the settings, as the index lists it.
struct SettingsPage {
    href: &'static str,
    /// The catalog key of its title.
    title: &'static str,
    /// The catalog key of the line under it.
    hint: &'static str,
    /// What the member needs to use it (`None`: every member).
    needs: Option<Permission>,
}

/// Every settings page, in the order the index lists them.
const PAGES: [SettingsPage; 10] = [
    SettingsPage {
        href: "/staff/settings/organisation",
        title: "settings-organisation-title",
        hint: "settings-organisation-hint",
        needs: Some(Permission::ManageOrganisation),
    },
    SettingsPage {
        href: "/staff/settings/portal",
        title: "portal-settings-title",
        hint: "portal-settings-hint",
        needs: Some(Permission::ManageOrganisation),
    },
    SettingsPage {
        href: "/staff/settings/embed",
        title: "embed-settings-title",
        hint: "embed-settings-hint",
        needs: Some(Permission::ManageOrganisation),
    },
    SettingsPage {
        href: "/staff/portal-users",
        title: "portal-admin-title",
        hint: "portal-admin-hint",
        needs: Some(Permission::ManageOrganisation),
    },
    SettingsPage {
        href: "/staff/settings/staff",
        title: "settings-staff-title",
        hint: "settings-staff-hint",
        needs: Some(Permission::ManageStaff),
    },
    SettingsPage {
        href: "/staff/settings/permissions",
        title: "settings-permissions-title",
        hint: "settings-permissions-hint",
        needs: Some(Permission::ManageForms),
    },
    SettingsPage {
        href: "/staff/settings/mail",
        title: "settings-mail-title",
        hint: "settings-mail-hint",
        needs: Some(Permission::ManageMailTemplates),
    },
    SettingsPage {
        href: "/staff/settings/undelivered",
        title: "settings-undelivered-title",
        hint: "settings-undelivered-hint",
        needs: Some(Permission::ManageMailTemplates),
    },
    SettingsPage {
        href: "/staff/settings/audit",
        title: "settings-audit-title",
        hint: "settings-audit-hint",
        needs: Some(Permission::ViewAudit),
    },
    SettingsPage {
        href: "/staff/settings/tokens",
        title: "settings-tokens-title",
        hint: "settings-tokens-hint",
        needs: None,
    },
];

/// The settings pages a member holding exactly what `may` says may use.
fn pages_for(may: impl Fn(Permission) -> bool) -> impl Iterator<Item = &'static SettingsPage> {
    PAGES.iter().filter(move |page| page.needs.is_none_or(&may))
}

/// `GET /staff/settings`: the settings pages the member may use.
async fn index(State(app): State<AppState>, console: Console) -> Response {
    let t = console.texts;
    let body = html! {
        h1 { (t.get("settings-title")) }
        div.stats {
            @for page in pages_for(|p| console.may(p)) {
                section.card {
                    h2 { a href=(page.href) { (t.get(page.title)) } }
                    p.hint { (t.get(page.hint)) }
                }
            }
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Settings,
        &t.get("settings-title"),
        &body,
    )
}

#[cfg(test)]
mod tests {
    use frontdesk_access::{Profile, ProfileSet};

    use super::*;

    fn hrefs(profiles: &[Profile]) -> Vec<&'static str> {
        let set = ProfileSet::of(profiles.iter().copied());
        pages_for(|p| set.grants(p)).map(|page| page.href).collect()
    }

    #[test]
    fn the_index_lists_only_what_the_profiles_allow() {
        assert_eq!(hrefs(&[Profile::Admin]).len(), PAGES.len());
        assert_eq!(
            hrefs(&[Profile::CaseAdmin]),
            ["/staff/settings/permissions", "/staff/settings/tokens"]
        );
        assert_eq!(hrefs(&[Profile::Agent]), ["/staff/settings/tokens"]);
        assert_eq!(hrefs(&[]), ["/staff/settings/tokens"]);
    }
}
