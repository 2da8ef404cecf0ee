//! `GET /staff/settings/permissions`: profiles × forms, one checkbox per cell saying whether
//! that profile may share cases of that form publicly, one Save per form (members who may
//! manage forms). Admins always may: their column is shown ticked and cannot be changed.

use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use frontdesk_access::{Permission, Profile};
use frontdesk_cases::Form as IntakeForm;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_sharing::{SetSharePermissionError, SharePermissionsError};
use maud::{Markup, html};
use serde::Deserialize;

use super::fields::form_expired;
use super::staff::{ProfileBoxes, profile_label};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/permissions";

/// The profiles whose permission can be changed (admins always may share).
const EDITABLE: [Profile; 2] = [Profile::CaseAdmin, Profile::Agent];

/// What one form's Save sends: the ticked profiles.
#[derive(Debug, Default, Deserialize)]
pub(super) struct GridForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    profiles: ProfileBoxes,
}

/// The settings a Save must write: each editable profile whose wish differs from what is
/// in force now.
fn changes(current: &[(Profile, bool)], wanted: &ProfileBoxes) -> Vec<(Profile, bool)> {
    let wanted = wanted.profiles();
    EDITABLE
        .into_iter()
        .filter_map(|profile| {
            let now = current
                .iter()
                .find(|(p, _)| *p == profile)
                .is_some_and(|(_, allowed)| *allowed);
            let wish = wanted.contains(profile);
            (now != wish).then_some((profile, wish))
        })
        .collect()
}

/// The `id` of the `<form>` that saves `form`'s row.
fn row_form_id(form: &IntakeForm) -> String {
    format!("share-{}", form.slug.as_str())
}

fn row(console: &Console, form: &IntakeForm, permissions: &[(Profile, bool)]) -> Markup {
    let t = console.texts;
    let form_id = row_form_id(form);
    let allowed = |profile: Profile| {
        profile == Profile::Admin
            || permissions
                .iter()
                .any(|(p, allowed)| *p == profile && *allowed)
    };
    html! {
        tr {
            th scope="row" {
                (form.name)
                br;
                small { code { (form.slug.as_str()) } }
                @if !form.share_links_enabled {
                    br;
                    span.badge { (t.get("settings-permissions-addon-off")) }
                }
            }
            @for profile in Profile::ALL {
                @let id = format!("{form_id}-{}", profile.as_str());
                td {
                    label.visually-hidden for=(id) {
                        (t.with("settings-permissions-cell", &[
                            ("profile", Arg::from(t.get(profile_label(profile)))),
                            ("form", Arg::from(form.name.as_str())),
                        ]))
                    }
                    @if profile == Profile::Admin {
                        input id=(id) type="checkbox" checked disabled;
                    } @else {
                        input id=(id) type="checkbox" form=(form_id) name=(profile.as_str()) value="on" checked[allowed(profile)];
                    }
                }
            }
            td {
                form id=(form_id) method="post" action={ (PATH) "/" (form.slug.as_str()) } {
                    input type="hidden" name="csrf" value=(console.csrf);
                    button.secondary type="submit"
                        aria-label=(t.with("settings-permissions-save-named", &[("form", Arg::from(form.name.as_str()))])) {
                        (t.get("settings-save"))
                    }
                }
            }
        }
    }
}

fn grid(console: &Console, rows: &[(IntakeForm, Vec<(Profile, bool)>)]) -> Markup {
    let t: Texts = console.texts;
    html! {
        table.list {
            caption { (t.get("settings-permissions-caption")) }
            thead {
                tr {
                    th scope="col" { (t.get("settings-permissions-form")) }
                    @for profile in Profile::ALL {
                        th scope="col" { (t.get(profile_label(profile))) }
                    }
                    th scope="col" { span.visually-hidden { (t.get("settings-staff-actions")) } }
                }
            }
            tbody {
                @for (form, permissions) in rows { (row(console, form, permissions)) }
            }
        }
    }
}

/// `GET /staff/settings/permissions`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    let forms = match app.cases.list_forms(&console.actor).await {
        Ok(forms) => forms,
        Err(error) => return internal_error(&error),
    };
    let mut rows = Vec::with_capacity(forms.len());
    for form in forms {
        match app
            .sharing
            .permissions(&console.actor, form.slug.as_str())
            .await
        {
            Ok(permissions) => rows.push((form, permissions)),
            // Removed between the two reads: it is simply not listed.
            Err(SharePermissionsError::FormNotFound) => {}
            Err(error) => return internal_error(&error),
        }
    }
    let t = console.texts;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-permissions-title")) }
        p.hint { (t.get("settings-permissions-intro")) }
        @if rows.is_empty() {
            p { (t.get("settings-permissions-no-forms")) }
        } @else {
            (grid(&console, &rows))
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Settings,
        &t.get("settings-permissions-title"),
        &body,
    )
}

/// `POST /staff/settings/permissions/{form}`: saves one form's row.
pub(super) async fn save(
    State(app): State<AppState>,
    console: Console,
    Path(slug): Path<String>,
    Form(form): Form<GridForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    let current = match app.sharing.permissions(&console.actor, &slug).await {
        Ok(current) => current,
        Err(SharePermissionsError::FormNotFound) => {
            return frame::not_found(&console, Section::Settings);
        }
        Err(SharePermissionsError::Forbidden(_)) => return frame::forbidden(&console),
        Err(error) => return internal_error(&error),
    };
    for (profile, allowed) in changes(&current, &form.profiles) {
        match app
            .sharing
            .set_permission(&console.actor, &slug, profile, allowed)
            .await
        {
            Ok(()) => {}
            Err(SetSharePermissionError::FormNotFound) => {
                return frame::not_found(&console, Section::Settings);
            }
            Err(SetSharePermissionError::Forbidden(_)) => return frame::forbidden(&console),
            Err(error) => return internal_error(&error),
        }
    }
    redirect_with(
        &app.cookies,
        PATH,
        Tone::Success,
        "flash-settings-permissions-saved",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(case_admin: bool, agent: bool) -> ProfileBoxes {
        serde_json::from_value(serde_json::json!({
            "admin": null,
            "case_admin": case_admin.then_some("on"),
            "agent": agent.then_some("on"),
        }))
        .unwrap()
    }

    #[test]
    fn a_save_writes_only_what_differs_and_never_the_admins() {
        let current = [
            (Profile::Admin, true),
            (Profile::CaseAdmin, true),
            (Profile::Agent, false),
        ];
        assert_eq!(changes(&current, &boxes(true, false)), []);
        assert_eq!(
            changes(&current, &boxes(false, true)),
            [(Profile::CaseAdmin, false), (Profile::Agent, true)]
        );
        assert_eq!(
            changes(&[], &boxes(false, true)),
            [(Profile::Agent, true)],
            "a profile missing from the list counts as not allowed"
        );
    }
}
