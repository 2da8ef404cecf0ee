//! The `POST`s of the "Share case publicly" panel: "Create new share" (answers the case page
//! itself with the new link's URL, shown once, `Cache-Control: no-store`), "Email this link"
//! through Frontdesk, and "Revoke".

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_access::{LifetimeKind, Permission};
use frontdesk_kernel::{CaseId, EmailAddress, ShareLinkId};
use frontdesk_l10n::{Arg, Texts};
use frontdesk_sharing::{
    CreateShareLink, CreateShareLinkError, EmailShareLink, EmailShareLinkError,
    ListShareLinksError, RevokeShareLinkError, ShareLabel,
};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::input::{CreatedLink, EmailInput, Filled, PageInput, Problems, ShareInput};
use super::{back, case_id, form_expired, not_found, page};
use crate::console::flash::{Flash, Tone};
use crate::console::frame;
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Fields of "Create new share".
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CreateForm {
    /// CSRF token.
    csrf: String,
    /// Label.
    label: String,
    /// Days until it expires (blank: the organisation's default).
    days: String,
    /// View limit (blank: none).
    max_views: String,
    /// Password (blank: none).
    password: String,
}

/// The domain's request from the create form, or the errors to show beside its fields.
fn create_request(
    t: Texts,
    form: &CreateForm,
    max_days: i64,
    now: OffsetDateTime,
) -> Result<CreateShareLink, Problems> {
    let mut problems = Problems::default();
    let label = ShareLabel::parse_optional(Some(form.label.trim())).unwrap_or_else(|_| {
        problems.push("share-label", t.get("error-share-label"));
        None
    });
    let expires_at = match form.days.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(days) if (1..=max_days).contains(&days) => Some(now + Duration::days(days)),
            _ => {
                problems.push("share-days", days_error(t, max_days));
                None
            }
        },
    };
    let max_views = match form.max_views.trim() {
        "" => None,
        raw => match raw.parse::<u32>() {
            Ok(views) if views >= 1 => Some(views),
            _ => {
                problems.push("share-max-views", t.get("error-share-max-views"));
                None
            }
        },
    };
    let password = (!form.password.is_empty()).then(|| SecretString::from(form.password.clone()));
    if problems.is_empty() {
        Ok(CreateShareLink {
            expires_at,
            max_views,
            password,
            label,
        })
    } else {
        Err(problems)
    }
}

/// The error of a number of days out of range.
fn days_error(t: Texts, max_days: i64) -> String {
    t.with("error-share-days", &[("max", Arg::from(max_days))])
}

/// The case page with the create form as typed (never its password) and its errors (422).
async fn create_again(
    app: &AppState,
    console: Console,
    id: CaseId,
    form: CreateForm,
    problems: Problems,
) -> Response {
    let typed = ShareInput {
        label: form.label,
        days: form.days,
        max_views: form.max_views,
    };
    let input = PageInput {
        share: Some(Filled { typed, problems }),
        ..PageInput::default()
    };
    page::render(app, console, id, input, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// Marks a page holding a secret as never to be stored.
fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `POST /staff/cases/{id}/share-links`: "Create new share". Answers the case page itself with
/// the new link's URL (shown once).
pub(crate) async fn create(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<CreateForm>,
) -> Response {
    let Some(id) = case_id(&raw) else {
        return not_found(&console);
    };
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, id);
    }
    // The answer is the case page: a member who cannot read it gets nothing created.
    if let Some(refused) = console.refuse_without(Permission::ViewCases) {
        return refused;
    }
    let t = console.texts;
    let max_days = console
        .organisation
        .lifetimes
        .lifetimes(LifetimeKind::ShareLink)
        .maximum_seconds
        / 86_400;
    let request = match create_request(t, &form, max_days.max(1), OffsetDateTime::now_utc()) {
        Ok(request) => request,
        Err(problems) => return create_again(&app, console, id, form, problems).await,
    };
    let field_error = |field: &'static str, message: String| {
        let mut problems = Problems::default();
        problems.push(field, message);
        problems
    };
    match app.sharing.create(&console.actor, id, request).await {
        Ok(created) => {
            let input = PageInput {
                created: Some(CreatedLink {
                    id: created.link.id.to_string(),
                    url: created.url.expose_secret().to_owned(),
                    mailto: Some(created.mailto.expose_secret().to_owned()),
                    email: Filled {
                        typed: EmailInput::default(),
                        problems: Problems::default(),
                    },
                }),
                ..PageInput::default()
            };
            no_store(page::render(&app, console, id, input, StatusCode::OK).await)
        }
        Err(CreateShareLinkError::NoViews) => {
            let problems = field_error("share-max-views", t.get("error-share-max-views"));
            create_again(&app, console, id, form, problems).await
        }
        Err(CreateShareLinkError::ExpiryInPast) => {
            let problems = field_error("share-days", days_error(t, max_days));
            create_again(&app, console, id, form, problems).await
        }
        Err(CreateShareLinkError::ExpiryTooLate { max_days }) => {
            let problems = field_error("share-days", days_error(t, max_days));
            create_again(&app, console, id, form, problems).await
        }
        Err(CreateShareLinkError::WeakPassword) => {
            let problems = field_error("share-password", t.get("error-share-password"));
            create_again(&app, console, id, form, problems).await
        }
        Err(CreateShareLinkError::AddonDisabled | CreateShareLinkError::Forbidden) => {
            back(&app, id, Tone::Failure, "flash-share-unavailable")
        }
        Err(CreateShareLinkError::Busy) => back(&app, id, Tone::Failure, "flash-busy"),
        Err(CreateShareLinkError::CaseNotFound) => not_found(&console),
        Err(error @ (CreateShareLinkError::Hashing(_) | CreateShareLinkError::Repository(_))) => {
            internal_error(&error)
        }
    }
}

/// Whether `link` is one of case `id`'s links; otherwise the 404 page (or the failure) to
/// answer instead.
async fn link_of_case(
    app: &AppState,
    console: &Console,
    id: CaseId,
    raw: &str,
) -> Result<ShareLinkId, Response> {
    let Ok(link) = raw.parse::<ShareLinkId>() else {
        return Err(not_found(console));
    };
    match app.sharing.list(&console.actor, id).await {
        Ok(links) if links.iter().any(|found| found.id == link) => Ok(link),
        Ok(_) | Err(ListShareLinksError::CaseNotFound) => Err(not_found(console)),
        Err(ListShareLinksError::Forbidden(_)) => Err(frame::forbidden(console)),
        Err(error @ ListShareLinksError::Repository(_)) => Err(internal_error(&error)),
    }
}

/// Fields of "Email this link" sent through Frontdesk.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct EmailForm {
    /// CSRF token.
    csrf: String,
    /// The link's URL, as shown at creation.
    url: String,
    /// The recipient.
    to: String,
    /// A note above the link.
    message: String,
}

/// `POST /staff/cases/{id}/share-links/{link}/email`. Errors that the member can fix keep
/// the link on the page (it cannot be shown again otherwise).
pub(crate) async fn email(
    State(app): State<AppState>,
    console: Console,
    Path((raw, raw_link)): Path<(String, String)>,
    Form(form): Form<EmailForm>,
) -> Response {
    let Some(id) = case_id(&raw) else {
        return not_found(&console);
    };
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, id);
    }
    let link = match link_of_case(&app, &console, id, &raw_link).await {
        Ok(link) => link,
        Err(response) => return response,
    };
    // The URL is sent back only if it is one (it is echoed into the page below).
    if url::Url::parse(&form.url).map_or(true, |url| !matches!(url.scheme(), "http" | "https")) {
        return back(&app, id, Tone::Failure, "flash-share-url-wrong");
    }
    let t = console.texts;
    let again =
        |console: Console, form: EmailForm, field: Option<(&'static str, String)>, status| {
            let mut problems = Problems::default();
            if let Some((field, message)) = field {
                problems.push(field, message);
            }
            let input = PageInput {
                created: Some(CreatedLink {
                    id: link.to_string(),
                    url: form.url,
                    mailto: None,
                    email: Filled {
                        typed: EmailInput {
                            to: form.to,
                            message: form.message,
                        },
                        problems,
                    },
                }),
                ..PageInput::default()
            };
            let app = app.clone();
            async move { no_store(page::render(&app, console, id, input, status).await) }
        };
    let Ok(to) = EmailAddress::parse(form.to.trim()) else {
        let field = Some(("share-email-to", t.get("error-email-to")));
        return again(console, form, field, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let request = EmailShareLink {
        url: form.url.clone(),
        to,
        message: Some(form.message.clone()),
    };
    match app.sharing.email(&console.actor, link, request).await {
        Ok(_) => back(&app, id, Tone::Success, "flash-share-mailed"),
        Err(EmailShareLinkError::InvalidMessage(_)) => {
            let field = Some(("share-email-message", t.get("error-share-message")));
            again(console, form, field, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(EmailShareLinkError::RecipientLimited { .. }) => {
            // Shown as a flash on this very page, so the link stays in view for a retry.
            let mut console = console;
            console.flash = Some(Flash {
                tone: Tone::Failure,
                key: "flash-recipient-limited".to_owned(),
            });
            again(console, form, None, StatusCode::TOO_MANY_REQUESTS).await
        }
        Err(EmailShareLinkError::WrongUrl) => {
            back(&app, id, Tone::Failure, "flash-share-url-wrong")
        }
        Err(EmailShareLinkError::LinkClosed) => {
            back(&app, id, Tone::Failure, "flash-share-link-closed")
        }
        Err(EmailShareLinkError::Forbidden(_)) => {
            back(&app, id, Tone::Failure, "flash-share-unavailable")
        }
        Err(EmailShareLinkError::LinkNotFound | EmailShareLinkError::CaseNotFound) => {
            not_found(&console)
        }
        Err(error @ EmailShareLinkError::Repository(_)) => internal_error(&error),
    }
}

/// Fields of "Revoke".
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct RevokeForm {
    /// CSRF token.
    csrf: String,
}

/// `POST /staff/cases/{id}/share-links/{link}/revoke`: the link stops working at once.
pub(crate) async fn revoke(
    State(app): State<AppState>,
    console: Console,
    Path((raw, raw_link)): Path<(String, String)>,
    Form(form): Form<RevokeForm>,
) -> Response {
    let Some(id) = case_id(&raw) else {
        return not_found(&console);
    };
    if !console.csrf_ok(&form.csrf) {
        return form_expired(&app, id);
    }
    let link = match link_of_case(&app, &console, id, &raw_link).await {
        Ok(link) => link,
        Err(response) => return response,
    };
    match app.sharing.revoke(&console.actor, link).await {
        Ok(()) => back(&app, id, Tone::Success, "flash-share-revoked"),
        Err(RevokeShareLinkError::Forbidden(_)) => frame::forbidden(&console),
        Err(RevokeShareLinkError::LinkNotFound) => not_found(&console),
        Err(error @ RevokeShareLinkError::Repository(_)) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;
    use time::macros::datetime;

    use super::*;

    fn form(label: &str, days: &str, max_views: &str, password: &str) -> CreateForm {
        CreateForm {
            csrf: String::new(),
            label: label.into(),
            days: days.into(),
            max_views: max_views.into(),
            password: password.into(),
        }
    }

    #[test]
    fn a_blank_form_asks_for_the_defaults() {
        let now = datetime!(2026-01-01 10:00 UTC);
        let request =
            create_request(Texts::new(Language::En), &form(" ", "", "", ""), 90, now).unwrap();
        assert!(request.expires_at.is_none() && request.max_views.is_none());
        assert!(request.password.is_none() && request.label.is_none());
    }

    #[test]
    fn the_form_becomes_the_domains_request() {
        let now = datetime!(2026-01-01 10:00 UTC);
        let request = create_request(
            Texts::new(Language::En),
            &form(" For the insurer ", "3", "5", "a long passphrase"),
            90,
            now,
        )
        .unwrap();
        assert_eq!(request.expires_at, Some(datetime!(2026-01-04 10:00 UTC)));
        assert_eq!(request.max_views, Some(5));
        assert_eq!(
            request.label.map(String::from).as_deref(),
            Some("For the insurer")
        );
        assert_eq!(
            request
                .password
                .map(|p| p.expose_secret().to_owned())
                .as_deref(),
            Some("a long passphrase")
        );
    }

    #[test]
    fn every_bad_field_is_reported() {
        let now = datetime!(2026-01-01 10:00 UTC);
        let t = Texts::new(Language::En);
        let problems =
            create_request(t, &form(&"x".repeat(201), "91", "0", ""), 90, now).unwrap_err();
        assert!(problems.get("share-label").is_some());
        assert_eq!(
            problems.get("share-days"),
            Some("Enter a number of days from 1 to 90.")
        );
        assert!(problems.get("share-max-views").is_some());
        let problems = create_request(t, &form("", "soon", "many", ""), 90, now).unwrap_err();
        assert!(problems.get("share-days").is_some() && problems.get("share-max-views").is_some());
    }
}
