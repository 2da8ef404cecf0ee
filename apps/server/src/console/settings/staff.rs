//! `GET|POST /staff/settings/staff`: the organisation's staff users — list, invite, change
//! profiles, disable and enable (members who may manage staff).
//!
//! A new member gets their password setup link by mail only (staff never see another
//! person's credential): `create_staff_user` returns the link, and this handler puts the
//! `invitation` mail in the outbox at once, in a second unit of work — the page only ever
//! says "invitation sent".

use axum::Form;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{
    CreateStaffUserError, CreatedStaffUser, NewStaffUser, Permission, Profile, ProfileSet,
    StaffUser, StaffUserChanges, UpdateStaffUserError,
};
use frontdesk_kernel::{EmailAddress, PageRequest, PersonName, StaffUserId, TransactionRunner};
use frontdesk_l10n::Texts;
use frontdesk_messaging::{NewMail, TemplateKind};
use maud::{Markup, html};
use secrecy::ExposeSecret;
use serde::Deserialize;
use uuid::Uuid;

use super::fields::{FieldErrors, form_expired, id_from_path, when};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/staff";

/// The catalog key naming `profile`.
pub(super) fn profile_label(profile: Profile) -> &'static str {
    match profile {
        Profile::Admin => "settings-profile-admin",
        Profile::CaseAdmin => "settings-profile-case-admin",
        Profile::Agent => "settings-profile-agent",
    }
}

/// One checkbox per profile, as every profiles form sends them (a ticked box sends its name).
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct ProfileBoxes {
    #[serde(default)]
    admin: Option<String>,
    #[serde(default)]
    case_admin: Option<String>,
    #[serde(default)]
    agent: Option<String>,
}

impl ProfileBoxes {
    /// The ticked profiles.
    pub(super) fn profiles(&self) -> ProfileSet {
        ProfileSet::of(
            [
                (Profile::Admin, &self.admin),
                (Profile::CaseAdmin, &self.case_admin),
                (Profile::Agent, &self.agent),
            ]
            .into_iter()
            .filter(|(_, ticked)| ticked.is_some())
            .map(|(profile, _)| profile),
        )
    }
}

/// What the invitation form sends.
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct CreateStaffForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(flatten)]
    profiles: ProfileBoxes,
}

impl CreateStaffForm {
    /// An empty form with the agent profile ticked.
    fn blank() -> Self {
        Self {
            profiles: ProfileBoxes {
                agent: Some("on".into()),
                ..ProfileBoxes::default()
            },
            ..Self::default()
        }
    }

    /// The staff user to create, or the errors to show beside the fields.
    fn request(&self, t: Texts) -> Result<NewStaffUser, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = PersonName::parse(&self.name)
            .map_err(|_| errors.add("name", t.get("settings-staff-error-name")))
            .ok();
        let email = EmailAddress::parse(self.email.trim())
            .map_err(|_| errors.add("email", t.get("settings-staff-error-email")))
            .ok();
        match (name, email) {
            (Some(name), Some(email)) => Ok(NewStaffUser {
                email,
                name,
                profiles: self.profiles.profiles(),
            }),
            _ => Err(errors),
        }
    }
}

/// What a row's profiles form sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ProfilesForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    profiles: ProfileBoxes,
}

/// What a row's disable or enable button sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct StateForm {
    #[serde(default)]
    csrf: String,
    /// `true` to disable, `false` to enable.
    #[serde(default)]
    disabled: String,
}

/// The list's query: where the page starts.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ListQuery {
    after: Option<String>,
}

fn profile_boxes(t: Texts, prefix: &str, held: &ProfileSet) -> Markup {
    html! {
        fieldset.inline {
            legend { (t.get("settings-staff-profiles")) }
            @for profile in Profile::ALL {
                @let id = format!("{prefix}-{}", profile.as_str());
                label for=(id) {
                    input id=(id) type="checkbox" name=(profile.as_str()) value="on" checked[held.contains(profile)];
                    " " (t.get(profile_label(profile)))
                }
            }
        }
    }
}

fn user_row(console: &Console, user: &StaffUser) -> Markup {
    let t = console.texts;
    let id = user.id;
    let state_key = match (user.disabled, user.password_hash.is_some()) {
        (true, _) => "settings-staff-state-disabled",
        (false, false) => "settings-staff-state-invited",
        (false, true) => "settings-staff-state-active",
    };
    html! {
        tr {
            td {
                strong { (user.name.as_str()) }
                @if user.id == console.user.id { " " span.badge { (t.get("settings-staff-you")) } }
                br;
                small { (user.email.as_str()) }
            }
            td { span.badge { (t.get(state_key)) } }
            td {
                form method="post" action={ (PATH) "/" (id) "/profiles" } {
                    input type="hidden" name="csrf" value=(console.csrf);
                    (profile_boxes(t, &format!("profiles-{id}"), &user.profiles))
                    button.secondary type="submit" { (t.get("settings-staff-save-profiles")) }
                }
            }
            td {
                form method="post" action={ (PATH) "/" (id) "/state" } {
                    input type="hidden" name="csrf" value=(console.csrf);
                    @if user.disabled {
                        input type="hidden" name="disabled" value="false";
                        button.secondary type="submit" { (t.get("settings-staff-enable")) }
                    } @else {
                        input type="hidden" name="disabled" value="true";
                        button.danger type="submit" { (t.get("settings-staff-disable")) }
                    }
                }
            }
        }
    }
}

async fn render(
    app: &AppState,
    console: &Console,
    status: StatusCode,
    after: Option<Uuid>,
    form: &CreateStaffForm,
    errors: &FieldErrors,
) -> Response {
    let page = match app
        .access
        .list_staff_users(&console.actor, PageRequest::new(after, None))
        .await
    {
        Ok(page) => page,
        Err(error) => return internal_error(&error),
    };
    let t = console.texts;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-staff-title")) }
        table.list {
            caption.visually-hidden { (t.get("settings-staff-title")) }
            thead {
                tr {
                    th scope="col" { (t.get("settings-staff-person")) }
                    th scope="col" { (t.get("settings-staff-state")) }
                    th scope="col" { (t.get("settings-staff-profiles")) }
                    th scope="col" { span.visually-hidden { (t.get("settings-staff-actions")) } }
                }
            }
            tbody {
                @for user in &page.items { (user_row(console, user)) }
            }
        }
        @if let Some(next) = page.next_after {
            nav.pagination aria-label=(t.get("settings-pagination")) {
                a href={ (PATH) "?after=" (next) } { (t.get("settings-next-page")) }
            }
        }
        section.card aria-labelledby="invite-title" {
            h2 #invite-title { (t.get("settings-staff-invite-title")) }
            p.hint { (t.get("settings-staff-invite-hint")) }
            form method="post" action=(PATH) novalidate {
                input type="hidden" name="csrf" value=(console.csrf);
                label for="staff-name" { (t.get("settings-staff-name")) }
                input #staff-name type="text" name="name" value=(form.name) required autocomplete="off"
                    aria-invalid=[errors.invalid("name")] aria-describedby=[errors.described_by("name")];
                (errors.beside("name"))
                label for="staff-email" { (t.get("settings-staff-email")) }
                input #staff-email type="email" name="email" value=(form.email) required autocomplete="off"
                    aria-invalid=[errors.invalid("email")] aria-describedby=[errors.described_by("email")];
                (errors.beside("email"))
                (profile_boxes(t, "new-profile", &form.profiles.profiles()))
                button type="submit" { (t.get("settings-staff-invite")) }
            }
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Settings,
        &t.get("settings-staff-title"),
        &body,
    )
}

/// `GET /staff/settings/staff`.
pub(super) async fn list(
    State(app): State<AppState>,
    console: Console,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageStaff) {
        return refused;
    }
    let after = query
        .ok()
        .and_then(|Query(q)| q.after)
        .and_then(|raw| raw.parse().ok());
    render(
        &app,
        &console,
        StatusCode::OK,
        after,
        &CreateStaffForm::blank(),
        &FieldErrors::new(),
    )
    .await
}

/// The mail that carries a new member's password setup link to them.
fn invitation(console: &Console, created: &CreatedStaffUser) -> NewMail {
    let name = created.user.name.as_str();
    NewMail {
        org_id: created.user.org_id,
        to: created.user.email.clone(),
        to_name: Some(created.user.name.clone()),
        kind: TemplateKind::Invitation,
        language: console.organisation.default_language,
        data: serde_json::json!({
            "invitation_url": created.setup_link.url.expose_secret(),
            "recipient_name": name,
            "name": name,
            "inviter_name": console.user.name.as_str(),
            "expires_at": when(created.setup_link.expires_at),
        }),
        unsubscribe_url: None,
    }
}

/// Puts the invitation in the outbox and says how that went.
async fn send_invitation(
    app: &AppState,
    console: &Console,
    created: &CreatedStaffUser,
) -> Response {
    let sent = async {
        let mut uow = app.database.begin().await?;
        app.messaging
            .enqueue(uow.as_mut(), invitation(console, created))
            .await?;
        uow.commit().await?;
        Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    }
    .await;
    match sent {
        Ok(()) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Success,
            "flash-settings-staff-invited",
        ),
        Err(error) => {
            tracing::error!(%error, user = %created.user.id, "the invitation mail was not queued");
            redirect_with(
                &app.cookies,
                PATH,
                Tone::Failure,
                "flash-settings-staff-invitation-failed",
            )
        }
    }
}

/// `POST /staff/settings/staff`: invites a new member.
pub(super) async fn create(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<CreateStaffForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageStaff) {
        return refused;
    }
    let t = console.texts;
    let invalid = |errors: FieldErrors| {
        let (app, console, form) = (&app, &console, &form);
        async move {
            render(
                app,
                console,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                form,
                &errors,
            )
            .await
        }
    };
    let request = match form.request(t) {
        Ok(request) => request,
        Err(errors) => return invalid(errors).await,
    };
    match app.access.create_staff_user(&console.actor, request).await {
        Ok(created) => send_invitation(&app, &console, &created).await,
        Err(CreateStaffUserError::EmailTaken) => {
            let mut errors = FieldErrors::new();
            errors.add("email", t.get("settings-staff-error-email-taken"));
            invalid(errors).await
        }
        Err(CreateStaffUserError::Forbidden(_)) => frame::forbidden(&console),
        Err(error) => internal_error(&error),
    }
}

/// The answer to a change of user `id`.
fn changed(
    app: &AppState,
    console: &Console,
    result: Result<StaffUser, UpdateStaffUserError>,
    done: &str,
) -> Response {
    match result {
        Ok(_) => redirect_with(&app.cookies, PATH, Tone::Success, done),
        Err(UpdateStaffUserError::LastAdmin) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Failure,
            "flash-settings-staff-last-admin",
        ),
        Err(UpdateStaffUserError::NotFound) => frame::not_found(console, Section::Settings),
        Err(UpdateStaffUserError::Forbidden(_)) => frame::forbidden(console),
        Err(error) => internal_error(&error),
    }
}

/// `POST /staff/settings/staff/{id}/profiles`.
pub(super) async fn change_profiles(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<ProfilesForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageStaff) {
        return refused;
    }
    let Some(id) = id_from_path::<StaffUserId>(&id) else {
        return frame::not_found(&console, Section::Settings);
    };
    let changes = StaffUserChanges {
        profiles: Some(form.profiles.profiles()),
        disabled: None,
    };
    let result = app
        .access
        .update_staff_user(&console.actor, id, changes)
        .await;
    changed(
        &app,
        &console,
        result,
        "flash-settings-staff-profiles-saved",
    )
}

/// `POST /staff/settings/staff/{id}/state`: disables or enables a member.
pub(super) async fn change_state(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<StateForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageStaff) {
        return refused;
    }
    let Some(id) = id_from_path::<StaffUserId>(&id) else {
        return frame::not_found(&console, Section::Settings);
    };
    let (disabled, done) = match form.disabled.as_str() {
        "true" => (true, "flash-settings-staff-disabled"),
        "false" => (false, "flash-settings-staff-enabled"),
        _ => return frame::not_found(&console, Section::Settings),
    };
    let changes = StaffUserChanges {
        profiles: None,
        disabled: Some(disabled),
    };
    let result = app
        .access
        .update_staff_user(&console.actor, id, changes)
        .await;
    changed(&app, &console, result, done)
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;

    use super::*;

    #[test]
    fn ticked_boxes_are_the_profiles() {
        let boxes = ProfileBoxes {
            admin: Some("on".into()),
            case_admin: None,
            agent: Some("on".into()),
        };
        assert_eq!(
            boxes.profiles(),
            ProfileSet::of([Profile::Admin, Profile::Agent])
        );
        assert_eq!(ProfileBoxes::default().profiles(), ProfileSet::default());
        assert!(
            CreateStaffForm::blank()
                .profiles
                .profiles()
                .contains(Profile::Agent)
        );
    }

    #[test]
    fn an_invitation_needs_a_name_and_an_address() {
        let t = Texts::new(Language::En);
        let form = CreateStaffForm {
            name: "  ".into(),
            email: "not an address".into(),
            ..CreateStaffForm::blank()
        };
        let errors = form.request(t).unwrap_err();
        assert!(errors.get("name").is_some() && errors.get("email").is_some());
        let form = CreateStaffForm {
            name: "Sam Agent".into(),
            email: " Sam@Acme.example ".into(),
            ..CreateStaffForm::blank()
        };
        let request = form.request(t).unwrap();
        assert_eq!(request.name.as_str(), "Sam Agent");
        assert_eq!(request.profiles, ProfileSet::of([Profile::Agent]));
    }
}
