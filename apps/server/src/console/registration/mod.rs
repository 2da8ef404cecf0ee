//! `/staff/registration` (administrators): the **Allow registration** switch, the
//! **Create registration link** form (the new link shown once, read-only, with a copy
//! button and a form that mails it), the organisation's links with their uses, expiry and
//! state, and **Revoke**. Works without JavaScript; every form carries the CSRF token.

mod page;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Form, Router};
use frontdesk_access::OrganisationChanges;
use frontdesk_cases::FormSlug;
use frontdesk_kernel::{ClientId, EmailAddress, Language, RegistrationLinkId};
use frontdesk_registration::{
    AllowedDomains, CreateRegistrationLink, CreateRegistrationLinkError, EmailRegistrationLink,
    EmailRegistrationLinkError, LinkBoundsError, MANAGE_REGISTRATION, RegistrationLabel,
    RegistrationRole, RevokeRegistrationLinkError,
};
use secrecy::ExposeSecret;
use serde::Deserialize;
use time::{Date, OffsetDateTime, Time};

use crate::console::flash::{Tone, redirect_with};
use crate::console::frame;
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

pub(super) use page::Created;

const PATH: &str = "/staff/registration";

/// The registration page's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(PATH, get(show))
        .route("/staff/registration/settings", post(save_switch))
        .route("/staff/registration/links", post(create))
        .route("/staff/registration/links/{id}/revoke", post(revoke))
        .route("/staff/registration/links/{id}/email", post(email))
}

/// What the switch form sends (an unchecked box sends nothing).
#[derive(Debug, Default, Deserialize)]
pub(super) struct SwitchForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    registration_enabled: Option<String>,
}

/// What the create form sends (and shows again when it has errors).
#[derive(Debug, Default, Clone, Deserialize)]
pub(super) struct CreateForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pub(super) label: String,
    #[serde(default)]
    pub(super) role: String,
    #[serde(default)]
    pub(super) client_id: String,
    #[serde(default)]
    pub(super) auto_case_form: String,
    #[serde(default)]
    pub(super) expires_on: String,
    #[serde(default)]
    pub(super) max_uses: String,
    #[serde(default)]
    pub(super) allowed_domains: String,
    #[serde(default)]
    pub(super) language: String,
}

/// What the mail form sends.
#[derive(Debug, Default, Deserialize)]
pub(super) struct EmailForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    to: String,
}

/// A CSRF-only form.
#[derive(Debug, Default, Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// The field errors of a refused form: (field, catalog key).
pub(super) type Errors = Vec<(&'static str, &'static str)>;

impl CreateForm {
    /// The request the form asks for, or the fields it refuses.
    fn request(&self) -> Result<CreateRegistrationLink, Errors> {
        let mut errors = Errors::new();
        let label = RegistrationLabel::parse_optional(Some(self.label.trim()))
            .map_err(|_| errors.push(("label", "registration-error-label")))
            .ok()
            .flatten();
        let role = RegistrationRole::parse(self.role.trim())
            .map_err(|_| errors.push(("role", "registration-error-role")))
            .ok();
        let client_id = match self.client_id.trim() {
            "" => None,
            raw => raw
                .parse::<ClientId>()
                .map_err(|_| errors.push(("client_id", "registration-error-client")))
                .ok(),
        };
        let auto_case_form = match self.auto_case_form.trim() {
            "" => None,
            raw => FormSlug::parse(raw)
                .map_err(|_| errors.push(("auto_case_form", "registration-error-form")))
                .ok(),
        };
        let expires_at = match self.expires_on.trim() {
            "" => None,
            raw => Date::parse(
                raw,
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .map(|date| date.with_time(Time::MIDNIGHT).assume_utc())
            .map_err(|_| errors.push(("expires_on", "registration-error-expiry")))
            .ok(),
        };
        let max_uses = match self.max_uses.trim() {
            "" => None,
            raw => raw
                .parse::<u32>()
                .map_err(|_| errors.push(("max_uses", "registration-error-max-uses")))
                .ok(),
        };
        let allowed_domains = AllowedDomains::parse_text(&self.allowed_domains)
            .map_err(|_| errors.push(("allowed_domains", "registration-error-domains")))
            .ok()
            .flatten();
        let language = match self.language.trim() {
            "" => None,
            raw => Language::parse(raw)
                .map_err(|_| errors.push(("language", "registration-error-language")))
                .ok(),
        };
        match role {
            Some(role) if errors.is_empty() => Ok(CreateRegistrationLink {
                label,
                role,
                client_id,
                auto_case_form,
                expires_at,
                max_uses,
                allowed_domains,
                language,
            }),
            _ => Err(errors),
        }
    }
}

/// The field and message of a refusal the domain made.
fn create_error(error: &CreateRegistrationLinkError) -> Option<(&'static str, &'static str)> {
    use CreateRegistrationLinkError as E;
    Some(match error {
        E::RegistrationDisabled => ("role", "registration-error-disabled"),
        E::Bounds(LinkBoundsError::NoUses) => ("max_uses", "registration-error-max-uses"),
        E::Bounds(LinkBoundsError::StaffUnbounded) => {
            ("allowed_domains", "registration-error-staff-unbounded")
        }
        E::ClientOnStaffLink | E::UnknownClient => ("client_id", "registration-error-client"),
        E::UnknownForm => ("auto_case_form", "registration-error-form"),
        E::ExpiryInPast | E::ExpiryTooLate { .. } => ("expires_on", "registration-error-expiry"),
        E::Forbidden(_) | E::OrganisationMissing | E::Repository(_) => return None,
    })
}

/// `GET /staff/registration`.
async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(MANAGE_REGISTRATION) {
        return refused;
    }
    page::render(
        &console,
        &app,
        StatusCode::OK,
        &CreateForm::default(),
        &Errors::new(),
        None,
    )
    .await
}

/// `POST /staff/registration/settings`: the **Allow registration** switch.
async fn save_switch(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<SwitchForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return redirect_with(&app.cookies, PATH, Tone::Failure, "flash-form-expired");
    }
    if let Some(refused) = console.refuse_without(MANAGE_REGISTRATION) {
        return refused;
    }
    let enabled = form.registration_enabled.is_some();
    let changes = OrganisationChanges {
        registration_enabled: Some(enabled),
        ..OrganisationChanges::default()
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
            if enabled {
                "flash-registration-enabled"
            } else {
                "flash-registration-disabled"
            },
        ),
        Err(frontdesk_access::UpdateOrganisationError::Forbidden(_)) => frame::forbidden(&console),
        Err(error) => internal_error(&error),
    }
}

/// `POST /staff/registration/links`: creates a link and shows it once (200, `no-store`).
async fn create(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<CreateForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return redirect_with(&app.cookies, PATH, Tone::Failure, "flash-form-expired");
    }
    if let Some(refused) = console.refuse_without(MANAGE_REGISTRATION) {
        return refused;
    }
    let request = match form.request() {
        Ok(request) => request,
        Err(errors) => {
            return page::render(
                &console,
                &app,
                StatusCode::UNPROCESSABLE_ENTITY,
                &form,
                &errors,
                None,
            )
            .await;
        }
    };
    match app.registration.create_link(&console.actor, request).await {
        Ok(created) => {
            let shown = Created {
                id: created.link.id,
                url: created.url.expose_secret().to_owned(),
                sent: None,
                error: None,
            };
            page::render(
                &console,
                &app,
                StatusCode::OK,
                &CreateForm::default(),
                &Errors::new(),
                Some(&shown),
            )
            .await
        }
        Err(CreateRegistrationLinkError::Forbidden(_)) => frame::forbidden(&console),
        Err(error) => match create_error(&error) {
            Some(field) => {
                let status = if matches!(error, CreateRegistrationLinkError::RegistrationDisabled) {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                page::render(&console, &app, status, &form, &vec![field], None).await
            }
            None => internal_error(&error),
        },
    }
}

/// `POST /staff/registration/links/{id}/revoke`.
async fn revoke(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return redirect_with(&app.cookies, PATH, Tone::Failure, "flash-form-expired");
    }
    if let Some(refused) = console.refuse_without(MANAGE_REGISTRATION) {
        return refused;
    }
    let Ok(id) = id.parse::<RegistrationLinkId>() else {
        return frame::not_found(&console, frame::Section::Registration);
    };
    match app.registration.revoke_link(&console.actor, id).await {
        Ok(()) => redirect_with(
            &app.cookies,
            PATH,
            Tone::Success,
            "flash-registration-revoked",
        ),
        Err(RevokeRegistrationLinkError::LinkNotFound) => {
            frame::not_found(&console, frame::Section::Registration)
        }
        Err(RevokeRegistrationLinkError::Forbidden(_)) => frame::forbidden(&console),
        Err(error) => internal_error(&error),
    }
}

/// `POST /staff/registration/links/{id}/email`: mails the link just created to the
/// addresses typed (separated by commas, spaces or lines), then shows it again.
async fn email(
    State(app): State<AppState>,
    console: Console,
    Path(id): Path<String>,
    Form(form): Form<EmailForm>,
) -> Response {
    if !console.csrf_ok(&form.csrf) {
        return redirect_with(&app.cookies, PATH, Tone::Failure, "flash-form-expired");
    }
    if let Some(refused) = console.refuse_without(MANAGE_REGISTRATION) {
        return refused;
    }
    let Ok(id) = id.parse::<RegistrationLinkId>() else {
        return frame::not_found(&console, frame::Section::Registration);
    };
    let mut shown = Created {
        id,
        url: form.url.clone(),
        sent: None,
        error: None,
    };
    let to: Result<Vec<EmailAddress>, _> = form
        .to
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .map(EmailAddress::parse)
        .collect();
    let status = match to {
        Err(_) => {
            shown.error = Some("registration-error-recipients".to_owned());
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Ok(to) => {
            let request = EmailRegistrationLink {
                url: form.url.clone(),
                to,
            };
            match app
                .registration
                .email_link(&console.actor, id, request)
                .await
            {
                Ok(sent) => {
                    shown.sent = Some(sent.len());
                    StatusCode::OK
                }
                Err(EmailRegistrationLinkError::LinkNotFound) => {
                    return frame::not_found(&console, frame::Section::Registration);
                }
                Err(EmailRegistrationLinkError::Forbidden(_)) => return frame::forbidden(&console),
                Err(EmailRegistrationLinkError::RecipientLimited { .. }) => {
                    shown.error = Some("registration-error-recipient-limited".to_owned());
                    StatusCode::TOO_MANY_REQUESTS
                }
                Err(
                    EmailRegistrationLinkError::Recipients { .. }
                    | EmailRegistrationLinkError::DomainNotAllowed { .. },
                ) => {
                    shown.error = Some("registration-error-recipients".to_owned());
                    StatusCode::UNPROCESSABLE_ENTITY
                }
                Err(
                    EmailRegistrationLinkError::WrongUrl | EmailRegistrationLinkError::LinkClosed,
                ) => {
                    shown.error = Some("registration-error-link-closed".to_owned());
                    StatusCode::CONFLICT
                }
                Err(error) => return internal_error(&error),
            }
        }
    };
    page::render(
        &console,
        &app,
        status,
        &CreateForm::default(),
        &Errors::new(),
        Some(&shown),
    )
    .await
}

/// Today as the date field shows it (`YYYY-MM-DD`), for its minimum.
pub(super) fn date_of(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}",
        at.year(),
        u8::from(at.month()),
        at.day()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(role: &str, domains: &str, max_uses: &str, expires_on: &str) -> CreateForm {
        CreateForm {
            role: role.into(),
            allowed_domains: domains.into(),
            max_uses: max_uses.into(),
            expires_on: expires_on.into(),
            ..CreateForm::default()
        }
    }

    #[test]
    fn a_filled_form_asks_for_the_link_it_shows() {
        let request = form("staff", "Acme.com, example.org", "3", "2030-01-02")
            .request()
            .unwrap();
        assert_eq!(request.role, RegistrationRole::Staff);
        assert_eq!(request.max_uses, Some(3));
        assert_eq!(
            request.allowed_domains.unwrap().to_lines(),
            "acme.com\nexample.org"
        );
        assert_eq!(
            request.expires_at.map(date_of).as_deref(),
            Some("2030-01-02")
        );
        let blank = form("client", "", "", "").request().unwrap();
        assert_eq!(blank.allowed_domains, None);
        assert_eq!(blank.expires_at, None);
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = form("guest", "not a domain", "-1", "tomorrow")
            .request()
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(field, _)| *field).collect();
        assert_eq!(
            fields,
            ["role", "expires_on", "max_uses", "allowed_domains"]
        );
    }
}
