//! The sign-up form, shared by registration links (`/r/{token}`, `pages::registration`) and
//! the public portal (`GET|POST /o/{org}/signup`, here): first and last name, email,
//! password and the captcha. Its `POST` answers one "check your email" page whatever
//! happened to the address; only the form's own mistakes (a field, the captcha, a domain
//! the link does not accept) show the form again, as they say nothing about other people.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use frontdesk_access::{OrgSlug, Organisation};
use frontdesk_kernel::Language;
use frontdesk_l10n::{Arg, Texts};
use frontdesk_registration::{ClosedReason, SignUpError, SignUpField, SignUpForm, SignUpVia};
use maud::html;
use secrecy::SecretString;
use serde::Deserialize;

use super::frame::private;
use super::password::password_rule_key;
use crate::extract::ClientIp;
use crate::pages::brand::{Brand, presented};
use crate::pages::public_form::WIDGET_CSP;
use crate::pages::{branded_layout, branded_page, internal_error, not_found, page};
use crate::state::AppState;

/// Fields of the sign-up form (DESIGN §5.3).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SignUpInput {
    /// First name.
    #[serde(default)]
    pub first_name: String,
    /// Last name.
    #[serde(default)]
    pub last_name: String,
    /// Email.
    #[serde(default)]
    pub email: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// The captcha solution.
    #[serde(default)]
    pub altcha: String,
}

/// What went wrong with the form, to show on it.
#[derive(Debug, Default)]
pub(crate) struct FormErrors {
    fields: Vec<SignUpField>,
    password: Option<&'static str>,
    captcha: bool,
    general: Option<&'static str>,
}

/// The sign-up form page.
pub(crate) fn form_page(
    status: StatusCode,
    organisation: &Organisation,
    language: Language,
    action: &str,
    input: &SignUpInput,
    errors: &FormErrors,
) -> Response {
    let t = Texts::new(language);
    let title = t.get("signup-title");
    let invalid = |field: SignUpField| errors.fields.contains(&field);
    let text_field = |field: SignUpField,
                      label: &str,
                      kind: &str,
                      value: &str,
                      autocomplete: &str| {
        let name = field.as_str();
        let error_id = format!("{name}-error");
        html! {
            div.field {
                label for=(name) { (t.get(label)) }
                input id=(name) type=(kind) name=(name) value=(value) required autocomplete=(autocomplete)
                    aria-invalid=[invalid(field).then_some("true")] aria-describedby=[invalid(field).then_some(error_id.as_str())];
                @if invalid(field) {
                    span.field-error id=(error_id) { (t.get(&format!("signup-invalid-{name}"))) }
                }
            }
        }
    };
    let body = html! {
        p.hint { (organisation.name.as_str()) }
        h1 { (title) }
        p { (t.with("signup-intro", &[("organisation", Arg::from(organisation.name.as_str()))])) }
        @if let Some(general) = errors.general {
            p.error role="alert" { (t.get(general)) }
        } @else if !errors.fields.is_empty() || errors.password.is_some() || errors.captcha {
            p.error role="alert" { (t.get("signup-fix-errors")) }
        }
        form method="post" action=(action) novalidate {
            (text_field(SignUpField::FirstName, "signup-first-name", "text", &input.first_name, "given-name"))
            (text_field(SignUpField::LastName, "signup-last-name", "text", &input.last_name, "family-name"))
            (text_field(SignUpField::Email, "signup-email", "email", &input.email, "email"))
            div.field {
                label for="password" { (t.get("signup-password")) }
                input #password type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password"
                    aria-invalid=[errors.password.map(|_| "true")] aria-describedby="password-rules";
                p #password-rules .hint { (t.get("signup-password-rules")) }
                @if let Some(key) = errors.password {
                    span.field-error { (t.get(key)) }
                }
            }
            div.field {
                label for="altcha" { (t.get("signup-security-check")) }
                altcha-widget id="altcha" challengeurl="/api/v1/public/captcha" name="altcha" hidefooter {}
                @if errors.captcha {
                    span.field-error role="alert" { (t.get("signup-captcha-failed")) }
                }
            }
            button type="submit" { (t.get("signup-submit")) }
        }
        p {
            (t.get("signup-have-account")) " "
            a href=(format!("/o/{}/login", organisation.slug.as_str())) { (t.get("signup-sign-in")) }
        }
    };
    let mut response = private(
        (
            status,
            axum::response::Html(
                branded_layout(language, &Brand::of(organisation), &title, &body, true)
                    .into_string(),
            ),
        )
            .into_response(),
    );
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(WIDGET_CSP),
    );
    response
}

/// The 410 page of a closed registration link: why, and whom to ask.
pub(crate) fn closed_page(
    organisation: &Organisation,
    language: Language,
    reason: ClosedReason,
) -> Response {
    let t = Texts::new(language);
    let title = t.get("signup-closed-title");
    let why = match reason {
        ClosedReason::UsedUp => "signup-closed-used-up",
        ClosedReason::Expired => "signup-closed-expired",
        ClosedReason::Revoked => "signup-closed-revoked",
        ClosedReason::RegistrationOff => "signup-closed-off",
    };
    let body = html! {
        p.hint { (organisation.name.as_str()) }
        h1 { (title) }
        p { (t.get(why)) " " (t.with("signup-closed-next", &[("organisation", Arg::from(organisation.name.as_str()))])) }
    };
    private(page(StatusCode::GONE, language, &title, &body))
}

/// Submits the form `via` and answers: the same "check your email" page for every taken
/// sign-up, the form again for its own mistakes.
pub(crate) async fn submit_sign_up(
    app: &AppState,
    via: SignUpVia<'_>,
    action: &str,
    client_ip: Option<std::net::IpAddr>,
    input: SignUpInput,
) -> Response {
    let (organisation, _, language) = match app.sign_up.sign_up_target(via).await {
        Ok(target) => target,
        Err(error) => return target_failure(&error),
    };
    let organisation = presented(app, organisation).await;
    let form = SignUpForm {
        first_name: input.first_name.clone(),
        last_name: input.last_name.clone(),
        email: input.email.clone(),
        password: SecretString::from(input.password.clone()),
        captcha: Some(input.altcha.clone()).filter(|s| !s.trim().is_empty()),
        client_ip,
    };
    let kept = input_clone(&input);
    let again = |status, errors: FormErrors| {
        form_page(status, &organisation, language, action, &kept, &errors)
    };
    match app.sign_up.sign_up(via, form).await {
        Ok(()) => sent_page(&organisation, language),
        Err(SignUpError::Captcha(_)) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors {
                captcha: true,
                ..FormErrors::default()
            },
        ),
        Err(SignUpError::InvalidFields(fields)) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors {
                fields,
                ..FormErrors::default()
            },
        ),
        Err(SignUpError::Password(rule)) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors {
                password: Some(password_rule_key(rule)),
                ..FormErrors::default()
            },
        ),
        Err(SignUpError::DomainNotAllowed) => again(
            StatusCode::UNPROCESSABLE_ENTITY,
            FormErrors {
                general: Some("signup-domain-not-allowed"),
                ..FormErrors::default()
            },
        ),
        Err(SignUpError::Busy) => {
            let mut response = again(
                StatusCode::TOO_MANY_REQUESTS,
                FormErrors {
                    general: Some("portal-busy"),
                    ..FormErrors::default()
                },
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(2));
            response
        }
        Err(error) => target_failure(&error),
    }
}

fn input_clone(input: &SignUpInput) -> SignUpInput {
    SignUpInput {
        first_name: input.first_name.clone(),
        last_name: input.last_name.clone(),
        email: input.email.clone(),
        password: String::new(),
        altcha: String::new(),
    }
}

/// The one answer of every taken sign-up.
fn sent_page(organisation: &Organisation, language: Language) -> Response {
    let t = Texts::new(language);
    let title = t.get("signup-sent-title");
    let body = html! {
        p.hint { (organisation.name.as_str()) }
        h1 { (title) }
        p { (t.get("signup-sent-text")) }
    };
    private(branded_page(
        StatusCode::OK,
        language,
        &Brand::of(organisation),
        &title,
        &body,
    ))
}

/// The answer when the place to sign up is not open: 404 for no such link or portal, the
/// 410 page for a closed link.
pub(crate) fn target_failure(error: &SignUpError) -> Response {
    match error {
        SignUpError::Closed {
            reason,
            organisation,
            language,
        } => closed_page(organisation, *language, *reason),
        SignUpError::NotFound | SignUpError::PortalClosed => not_found(),
        other => internal_error(other),
    }
}

/// `GET /o/{org}/signup`: the public portal's sign-up form (404 unless the portal is
/// public).
pub(crate) async fn show(State(app): State<AppState>, Path(org): Path<String>) -> Response {
    let Ok(slug) = OrgSlug::parse(&org) else {
        return not_found();
    };
    let via = SignUpVia::Portal(&slug);
    match app.sign_up.sign_up_target(via).await {
        Ok((organisation, _, language)) => form_page(
            StatusCode::OK,
            &presented(&app, organisation).await,
            language,
            &format!("/o/{}/signup", slug.as_str()),
            &SignUpInput::default(),
            &FormErrors::default(),
        ),
        Err(error) => target_failure(&error),
    }
}

/// `POST /o/{org}/signup`: signs up on the public portal.
pub(crate) async fn submit(
    State(app): State<AppState>,
    Path(org): Path<String>,
    ClientIp(client_ip): ClientIp,
    Form(input): Form<SignUpInput>,
) -> Response {
    let Ok(slug) = OrgSlug::parse(&org) else {
        return not_found();
    };
    let action = format!("/o/{}/signup", slug.as_str());
    submit_sign_up(&app, SignUpVia::Portal(&slug), &action, client_ip, input).await
}
