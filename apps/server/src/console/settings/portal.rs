//! `GET|POST /staff/settings/portal`: the customer portal — off, private or public, its
//! title, the brand colour and logo every external page of the organisation shows, and the
//! forms its signed-in users may submit (members who may manage the organisation). While
//! the portal is public the page also shows its sign-up and sign-in addresses to copy.

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::{
    HexColour, MAX_PORTAL_FORMS, Organisation, Permission, PortalChanges, PortalMode,
    PortalSettings, PortalTitle, UpdatePortalError, is_acceptable_logo_url,
};
use frontdesk_cases::Form as IntakeForm;
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use url::Url;

use super::fields::{FieldErrors, form_expired};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

const PATH: &str = "/staff/settings/portal";

/// The three modes, in the order the page offers them, with their catalog keys.
const MODES: [(PortalMode, &str); 3] = [
    (PortalMode::Off, "portal-settings-mode-off"),
    (PortalMode::Private, "portal-settings-mode-private"),
    (PortalMode::Public, "portal-settings-mode-public"),
];

/// What the portal form sends (and shows again when it has errors). The ticked forms come
/// as repeated `forms` fields, so the body is read as pairs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct PortalForm {
    csrf: String,
    mode: String,
    title: String,
    colour: String,
    logo_url: String,
    forms: Vec<String>,
}

impl PortalForm {
    /// The form as the browser sent it; unknown fields are ignored.
    fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        let mut form = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "csrf" => form.csrf = value,
                "mode" => form.mode = value,
                "title" => form.title = value,
                "colour" => form.colour = value,
                "logo_url" => form.logo_url = value,
                "forms" => form.forms.push(value),
                _ => {}
            }
        }
        form
    }

    /// The form filled with the portal's current settings.
    fn of(settings: &PortalSettings) -> Self {
        Self {
            csrf: String::new(),
            mode: settings.mode.as_str().to_owned(),
            title: settings
                .title
                .as_ref()
                .map(|title| title.as_str().to_owned())
                .unwrap_or_default(),
            colour: settings
                .colour
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default(),
            logo_url: settings
                .logo_url
                .as_ref()
                .map(|u| u.as_str().to_owned())
                .unwrap_or_default(),
            forms: settings.forms.clone(),
        }
    }

    /// The changes the form asks for (every setting is sent; an empty title, colour or logo
    /// removes it), or the errors to show beside the fields.
    fn changes(&self, t: Texts) -> Result<PortalChanges, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mode = PortalMode::parse(self.mode.trim());
        if mode.is_none() {
            errors.add("mode", t.get("portal-settings-error-mode"));
        }
        let title = PortalTitle::parse_optional(Some(&self.title))
            .map_err(|_| errors.add("title", t.get("portal-settings-error-title")))
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
        if self.forms.len() > MAX_PORTAL_FORMS {
            errors.add("forms", too_many_forms(t));
        }
        match (mode, title, colour, logo_url) {
            (Some(mode), Some(title), Some(colour), Some(logo_url)) if errors.is_empty() => {
                Ok(PortalChanges {
                    mode: Some(mode),
                    title: Some(title),
                    colour: Some(colour),
                    logo_url: Some(logo_url),
                    forms: Some(self.forms.iter().map(|s| s.trim().to_owned()).collect()),
                })
            }
            _ => Err(errors),
        }
    }
}

fn too_many_forms(t: Texts) -> String {
    t.with(
        "portal-settings-error-forms-too-many",
        &[("max", Arg::from(MAX_PORTAL_FORMS as u64))],
    )
}

/// The sign-up and sign-in addresses of a public portal, each in a read-only field with a
/// copy button (the script shows the buttons).
fn addresses(t: Texts, org: &Organisation) -> Markup {
    let base = format!("/o/{}", org.slug.as_str());
    let rows = [
        (
            "portal-signup-url",
            "portal-settings-signup-url",
            org.public_url(&format!("{base}/signup")),
        ),
        (
            "portal-login-url",
            "portal-settings-login-url",
            org.public_url(&format!("{base}/login")),
        ),
    ];
    html! {
        section.card aria-labelledby="portal-addresses-title" {
            h2 #portal-addresses-title { (t.get("portal-settings-addresses")) }
            p.hint { (t.get("portal-settings-addresses-hint")) }
            @for (id, label, url) in &rows {
                label for=(id) { (t.get(label)) }
                div.inline {
                    input id=(id) type="text" readonly value=(url);
                    button.secondary type="button" data-copy=(id)
                        data-copied=(t.get("portal-settings-copied")) hidden
                        aria-label=(t.with("portal-settings-copy-named", &[("what", Arg::from(t.get(label)))])) {
                        (t.get("portal-settings-copy"))
                    }
                }
                span id={ (id) "-status" } role="status" {}
            }
        }
    }
}

fn mode_choice(t: Texts, form: &PortalForm, errors: &FieldErrors) -> Markup {
    html! {
        fieldset aria-describedby=[errors.described_by("mode")] {
            legend { (t.get("portal-settings-mode")) }
            @for (mode, key) in MODES {
                @let id = format!("portal-mode-{}", mode.as_str());
                @let hint = format!("{id}-hint");
                div {
                    label for=(id) {
                        input id=(id) type="radio" name="mode" value=(mode.as_str())
                            checked[form.mode == mode.as_str()] aria-describedby=(hint);
                        " " (t.get(key))
                    }
                    small id=(hint) { (t.get(&format!("{key}-hint"))) }
                }
            }
            (errors.beside("mode"))
        }
    }
}

fn form_choice(t: Texts, form: &PortalForm, forms: &[IntakeForm], errors: &FieldErrors) -> Markup {
    html! {
        fieldset aria-describedby=[errors.described_by("forms")] {
            legend { (t.get("portal-settings-forms")) }
            @if forms.is_empty() {
                p.hint { (t.get("portal-settings-forms-none")) }
            }
            @for intake in forms {
                @let slug = intake.slug.as_str();
                @let id = format!("portal-form-{slug}");
                div {
                    label for=(id) {
                        input id=(id) type="checkbox" name="forms" value=(slug)
                            checked[form.forms.iter().any(|f| f == slug)];
                        " " (intake.name) " " small { code { (slug) } }
                    }
                }
            }
            (errors.beside("forms"))
        }
    }
}

fn render(
    console: &Console,
    app: &AppState,
    status: StatusCode,
    (form, errors): (&PortalForm, &FieldErrors),
    forms: &[IntakeForm],
    saved_mode: PortalMode,
) -> Response {
    let t = console.texts;
    let org = &console.organisation;
    let home = org.public_url(&format!("/o/{}/", org.slug.as_str()));
    let body = html! {
        p { a href="/staff/settings" { (t.get("settings-back")) } }
        h1 { (t.get("portal-settings-title")) }
        p.hint { (t.with("portal-settings-intro", &[("url", Arg::from(home.as_str()))])) }
        @if saved_mode == PortalMode::Public {
            (addresses(t, org))
        }
        form.card method="post" action=(PATH) novalidate {
            input type="hidden" name="csrf" value=(console.csrf);
            (mode_choice(t, form, errors))
            label for="portal-title" { (t.get("portal-settings-portal-title")) }
            input #portal-title type="text" name="title" value=(form.title) maxlength="120"
                placeholder=(org.name.as_str())
                aria-invalid=[errors.invalid("title")]
                aria-describedby=(errors.described_by("title").unwrap_or_else(|| "portal-title-hint".into()));
            small #portal-title-hint { (t.get("portal-settings-portal-title-hint")) }
            (errors.beside("title"))
            label for="portal-colour" { (t.get("portal-settings-colour")) }
            input #portal-colour type="text" name="colour" value=(form.colour)
                placeholder="#1d4ed8" pattern="#[0-9a-fA-F]{6}" maxlength="7"
                aria-invalid=[errors.invalid("colour")]
                aria-describedby=(errors.described_by("colour").unwrap_or_else(|| "portal-colour-hint".into()));
            small #portal-colour-hint { (t.get("settings-org-colour-hint")) }
            (errors.beside("colour"))
            label for="portal-logo" { (t.get("portal-settings-logo")) }
            input #portal-logo type="url" name="logo_url" value=(form.logo_url) placeholder="https://"
                aria-invalid=[errors.invalid("logo_url")]
                aria-describedby=(errors.described_by("logo_url").unwrap_or_else(|| "portal-logo-hint".into()));
            small #portal-logo-hint { (t.get("settings-org-logo-hint")) }
            (errors.beside("logo_url"))
            (form_choice(t, form, forms, errors))
            button type="submit" { (t.get("portal-settings-save")) }
        }
    };
    frame::page_with_status(
        console,
        &app.cookies,
        status,
        Section::Settings,
        &t.get("portal-settings-title"),
        &body,
    )
}

/// The organisation's forms and its portal's settings as stored now.
async fn current(
    app: &AppState,
    console: &Console,
) -> Result<(Vec<IntakeForm>, PortalSettings), Response> {
    let forms = app
        .cases
        .list_forms(&console.actor)
        .await
        .map_err(|error| internal_error(&error))?;
    let settings = app
        .portal
        .portal_settings(&console.actor)
        .await
        .map_err(|error| internal_error(&error))?;
    Ok((forms, settings))
}

/// `GET /staff/settings/portal`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageOrganisation) {
        return refused;
    }
    let (forms, settings) = match current(&app, &console).await {
        Ok(current) => current,
        Err(response) => return response,
    };
    let form = PortalForm::of(&settings);
    render(
        &console,
        &app,
        StatusCode::OK,
        (&form, &FieldErrors::new()),
        &forms,
        settings.mode,
    )
}

/// `POST /staff/settings/portal`.
pub(super) async fn save(
    State(app): State<AppState>,
    console: Console,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = PortalForm::from_pairs(pairs);
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, PATH);
    }
    if let Some(refused) = console.refuse_without(Permission::ManageOrganisation) {
        return refused;
    }
    let t = console.texts;
    let changes = match form.changes(t) {
        Ok(changes) => changes,
        Err(errors) => return refused(&app, &console, &form, &errors).await,
    };
    let mut errors = FieldErrors::new();
    match app.portal.update_portal(&console.actor, changes).await {
        Ok(_) => {
            return redirect_with(
                &app.cookies,
                PATH,
                Tone::Success,
                "flash-portal-settings-saved",
            );
        }
        Err(UpdatePortalError::Forbidden(_)) => return frame::forbidden(&console),
        Err(UpdatePortalError::LogoUrlNotHttps) => {
            errors.add("logo_url", t.get("settings-org-error-logo"));
        }
        Err(UpdatePortalError::UnknownForms(unknown)) => errors.add(
            "forms",
            t.with(
                "portal-settings-error-forms-unknown",
                &[("forms", Arg::from(unknown.join(", ")))],
            ),
        ),
        Err(UpdatePortalError::TooManyForms) => errors.add("forms", too_many_forms(t)),
        Err(error) => return internal_error(&error),
    }
    refused(&app, &console, &form, &errors).await
}

/// The form again (422), with what was typed and each error beside its field; nothing
/// was saved.
async fn refused(
    app: &AppState,
    console: &Console,
    form: &PortalForm,
    errors: &FieldErrors,
) -> Response {
    match current(app, console).await {
        Ok((forms, settings)) => render(
            console,
            app,
            StatusCode::UNPROCESSABLE_ENTITY,
            (form, errors),
            &forms,
            settings.mode,
        ),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;

    use super::*;

    fn pairs(fields: &[(&str, &str)]) -> PortalForm {
        PortalForm::from_pairs(
            fields
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
        )
    }

    #[test]
    fn a_filled_form_asks_for_every_setting() {
        let t = Texts::new(Language::En);
        let form = pairs(&[
            ("csrf", "x"),
            ("mode", "public"),
            ("title", " Acme support "),
            ("colour", "#AA3300"),
            ("logo_url", "https://cdn.example/l.png"),
            ("forms", "contact"),
            ("forms", "it-help"),
            ("unknown", "ignored"),
        ]);
        let changes = form.changes(t).unwrap();
        assert_eq!(changes.mode, Some(PortalMode::Public));
        assert_eq!(
            changes.title.unwrap().unwrap().as_str(),
            "Acme support",
            "titles are trimmed"
        );
        assert_eq!(changes.colour.unwrap().unwrap().as_str(), "#aa3300");
        assert_eq!(
            changes.logo_url.unwrap().unwrap().as_str(),
            "https://cdn.example/l.png"
        );
        assert_eq!(changes.forms.unwrap(), ["contact", "it-help"]);
        let cleared = pairs(&[
            ("mode", "off"),
            ("title", " "),
            ("colour", ""),
            ("logo_url", ""),
        ])
        .changes(t)
        .unwrap();
        assert_eq!(cleared.title, Some(None), "an empty title removes it");
        assert_eq!(cleared.colour, Some(None));
        assert_eq!(cleared.logo_url, Some(None));
        assert_eq!(
            cleared.forms,
            Some(Vec::new()),
            "no ticked form clears the list"
        );
    }

    #[test]
    fn every_bad_field_is_named_in_the_members_language() {
        let t = Texts::new(Language::Fr);
        let title = "a".repeat(121);
        let mut fields = vec![
            ("mode", "sometimes"),
            ("title", title.as_str()),
            ("colour", "red"),
            ("logo_url", "http://cdn.example/l.png"),
        ];
        fields.extend(std::iter::repeat_n(
            ("forms", "contact"),
            MAX_PORTAL_FORMS + 1,
        ));
        let errors = pairs(&fields).changes(t).unwrap_err();
        for field in ["mode", "title", "colour", "logo_url", "forms"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        assert_eq!(
            errors.get("logo_url"),
            Some(t.get("settings-org-error-logo").as_str())
        );
        assert!(
            pairs(&[("mode", "off"), ("logo_url", "javascript:alert(1)")])
                .changes(t)
                .unwrap_err()
                .get("logo_url")
                .is_some()
        );
    }

    #[test]
    fn the_form_shows_what_is_stored() {
        let settings = PortalSettings {
            mode: PortalMode::Private,
            title: Some(PortalTitle::parse("Acme support").unwrap()),
            colour: Some(HexColour::parse("#aa3300").unwrap()),
            logo_url: Some(Url::parse("https://cdn.example/l.png").unwrap()),
            forms: vec!["contact".into()],
        };
        let form = PortalForm::of(&settings);
        assert_eq!(form.mode, "private");
        assert_eq!(form.title, "Acme support");
        assert_eq!(form.colour, "#aa3300");
        assert_eq!(form.logo_url, "https://cdn.example/l.png");
        assert_eq!(form.forms, ["contact"]);
    }
}
