//! `GET|POST /staff/settings/organisation`: the organisation's name, brand colour, logo and
//! default language (members who may manage the organisation).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{
    HexColour, OrgName, Organisation, OrganisationChanges, Permission, UpdateOrganisationError,
    is_acceptable_logo_url,
};
use frontdesk_kernel::Language;
use frontdesk_l10n::Texts;
use maud::html;
use serde::Deserialize;
use url::Url;

use super::fields::{FieldErrors, form_expired};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/organisation";

/// What the organisation form sends (and shows again when it has errors).
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct OrganisationForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    colour: String,
    #[serde(default)]
    logo_url: String,
    #[serde(default)]
    default_language: String,
}

impl OrganisationForm {
    /// The form filled with the organisation's current settings.
    fn of(org: &Organisation) -> Self {
        Self {
            csrf: String::new(),
            name: org.name.as_str().to_owned(),
            colour: org
                .branding
                .colour
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            logo_url: org
                .branding
                .logo_url
                .as_ref()
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
            default_language: org.default_language.code().to_owned(),
        }
    }

    /// The changes the form asks for (every setting is sent; an empty colour or logo
    /// removes it), or the errors to show beside the fields.
    fn changes(&self, t: Texts) -> Result<OrganisationChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = OrgName::parse(&self.name)
            .map_err(|_| errors.add("name", t.get("settings-org-error-name")))
            .ok();
        let colour = match self.colour.trim() {
            "" => Some(None),
            raw => HexColour::parse(raw)
                .map_err(|_| errors.add("colour", t.get("settings-org-error-colour")))
                .ok()
                .map(Some),
        };
        let logo_url = match self.logo_url.trim() {
            "" => Some(None),
            raw => Url::parse(raw)
                .ok()
                .filter(is_acceptable_logo_url)
                .or_else(|| {
                    errors.add("logo_url", t.get("settings-org-error-logo"));
                    None
                })
                .map(Some),
        };
        let default_language = Language::parse(&self.default_language)
            .map_err(|_| {
                errors.add("default_language", t.get("settings-org-error-language"));
            })
            .ok();
        match (name, colour, logo_url, default_language) {
            (Some(name), Some(colour), Some(logo_url), Some(language)) if errors.is_empty() => {
                Ok(OrganisationChanges {
                    name: Some(name),
                    colour: Some(colour),
                    logo_url: Some(logo_url),
                    default_language: Some(language),
                    registration_enabled: None,
                })
            }
            _ => Err(errors),
        }
    }
}

fn render(
    console: &Console,
    app: &AppState,
    status: StatusCode,
    form: &OrganisationForm,
    errors: &FieldErrors,
) -> Response {
    let t = console.texts;
    let org = &console.organisation;
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("settings-organisation-title")) }
        section.card {
            dl.summary {
                dt { (t.get("settings-org-slug")) }
                dd { code { (org.slug.as_str()) } }
                dt { (t.get("settings-org-base-url")) }
                dd { code { (org.base_url.as_str()) } }
            }
        }
        form.card method="post" action=(PATH) novalidate {
            input type="hidden" name="csrf" value=(console.csrf);
            label for="org-name" { (t.get("settings-org-name")) }
            input #org-name type="text" name="name" value=(form.name) required maxlength="200"
                aria-invalid=[errors.invalid("name")] aria-describedby=[errors.described_by("name")];
            (errors.beside("name"))
            label for="org-colour" { (t.get("settings-org-colour")) }
            input #org-colour type="text" name="colour" value=(form.colour)
                placeholder="#1d4ed8" pattern="#[0-9a-fA-F]{6}" maxlength="7"
                aria-invalid=[errors.invalid("colour")]
                aria-describedby=(errors.described_by("colour").unwrap_or_else(|| "org-colour-hint".into()));
            small #org-colour-hint { (t.get("settings-org-colour-hint")) }
            (errors.beside("colour"))
            label for="org-logo" { (t.get("settings-org-logo")) }
            input #org-logo type="url" name="logo_url" value=(form.logo_url) placeholder="https://"
                aria-invalid=[errors.invalid("logo_url")]
                aria-describedby=(errors.described_by("logo_url").unwrap_or_else(|| "org-logo-hint".into()));
            small #org-logo-hint { (t.get("settings-org-logo-hint")) }
            (errors.beside("logo_url"))
            label for="org-language" { (t.get("settings-org-language")) }
            select #org-language name="default_language"
                aria-invalid=[errors.invalid("default_language")]
                aria-describedby=[errors.described_by("default_language")] {
                @for language in Language::ALL {
                    option value=(language.code()) selected[form.default_language == language.code()] {
                        (t.get(&format!("language-{}", language.code())))
                    }
                }
            }
            (errors.beside("default_language"))
            button type="submit" { (t.get("settings-save")) }
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Settings,
        &t.get("settings-organisation-title"),
        &body,
    )
}

/// `GET /staff/settings/organisation`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageOrganisation) {
        return refused;
    }
    let form = OrganisationForm::of(&console.organisation);
    render(&console, &app, StatusCode::OK, &form, &FieldErrors::new())
}

/// `POST /staff/settings/organisation`.
pub(super) async fn save(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<OrganisationForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageOrganisation) {
        return refused;
    }
    let t = console.texts;
    let changes = match form.changes(t) {
        Ok(changes) => changes,
        Err(errors) => {
            return render(
                &console,
                &app,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            );
        }
    };
    match app
        .access
        .update_organisation(&console.actor, changes)
        .await
    {
        Ok(_) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Success,
            "flash-settings-organisation-saved",
        ),
        Err(UpdateOrganisationError::Forbidden(_)) => frame::forbidden(&console),
        Err(UpdateOrganisationError::LogoUrlNotHttps) => {
            let mut errors = FieldErrors::new();
            errors.add("logo_url", t.get("settings-org-error-logo"));
            render(
                &console,
                &app,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
            )
        }
        Err(error) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, colour: &str, logo: &str, language: &str) -> OrganisationForm {
        OrganisationForm {
            csrf: String::new(),
            name: name.into(),
            colour: colour.into(),
            logo_url: logo.into(),
            default_language: language.into(),
        }
    }

    #[test]
    fn a_filled_form_asks_for_every_setting() {
        let t = Texts::new(Language::En);
        let changes = form(" Acme ", "#AA3300", "https://cdn.example/l.png", "fr")
            .changes(t)
            .unwrap();
        assert_eq!(changes.name.unwrap().as_str(), "Acme");
        assert_eq!(
            changes.colour.unwrap().unwrap().as_str(),
            "#aa3300",
            "colours are stored lower-case"
        );
        assert_eq!(
            changes.logo_url.unwrap().unwrap().as_str(),
            "https://cdn.example/l.png"
        );
        assert_eq!(changes.default_language, Some(Language::Fr));
        let cleared = form("Acme", " ", "", "en").changes(t).unwrap();
        assert_eq!(cleared.colour, Some(None), "an empty colour removes it");
        assert_eq!(cleared.logo_url, Some(None), "an empty logo removes it");
    }

    #[test]
    fn every_bad_field_is_named_in_the_members_language() {
        let t = Texts::new(Language::Fr);
        let errors = form("", "red", "http://cdn.example/l.png", "xx")
            .changes(t)
            .unwrap_err();
        for field in ["name", "colour", "logo_url", "default_language"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert_eq!(
            errors.get("colour"),
            Some(t.get("settings-org-error-colour").as_str())
        );
        assert!(
            form("Acme", "", "javascript:alert(1)", "en")
                .changes(t)
                .unwrap_err()
                .get("logo_url")
                .is_some()
        );
    }
}
