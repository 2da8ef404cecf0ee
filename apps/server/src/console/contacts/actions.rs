//! The contact page's two forms: `POST /staff/contacts/{id}/email` writes to the contact
//! through the outbox; `POST /staff/contacts/{id}/cases` associates it with a case picked
//! by number. Each checks the form's CSRF token first, then permissions; a refusal shows the
//! page again with what was typed (422, or 429 with `Retry-After` when the recipient limit
//! holds the mail back); success is a 303 back to the page with a flash.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{AssociateContactError, CaseNumber, CaseSearch, SearchCasesError};
use frontdesk_contacts::{ContactMessage, EmailContactError};
use frontdesk_kernel::CaseId;
use frontdesk_l10n::Arg;
use serde::Deserialize;

use crate::console::contacts::messages;
use crate::console::contacts::profile::{self, AssociateState, Forms, MessageState, Panel};
use crate::console::contacts::{contact_id, contact_path};
use crate::console::flash::{Tone, redirect_with};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The **Email contact** form.
#[derive(Debug, Deserialize)]
pub(super) struct EmailInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
}

/// The association form.
#[derive(Debug, Deserialize)]
pub(super) struct AssociateInput {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    case: String,
    /// Present (`on`) when the box is ticked.
    #[serde(default)]
    send_access: Option<String>,
}

/// Where a stale form goes back to: the contact's page, or the list when the id is not one.
fn back(raw: &str) -> String {
    contact_id(raw).map_or_else(|| "/staff/contacts".to_owned(), contact_path)
}

/// The contact's page again, answering `status`, with `forms` as typed.
async fn again(
    app: &AppState,
    console: &Console,
    raw: &str,
    status: StatusCode,
    forms: &Forms,
) -> Response {
    match profile::load(app, console, raw, None).await {
        Ok((id, loaded)) => profile::page(app, console, status, id, &loaded, forms),
        Err(response) => response,
    }
}

/// A 429 page: the recipient limit holds the mail back for `seconds`.
fn with_retry_after(mut response: Response, seconds: u64) -> Response {
    if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// `POST /staff/contacts/{id}/email`.
pub(super) async fn email(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<EmailInput>,
) -> Response {
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(
            &app.cookies,
            &back(&raw),
            Tone::Failure,
            "flash-form-expired",
        );
    }
    if let Some(refused) = console.refuse_without(Permission::ManageContacts) {
        return refused;
    }
    let Some(id) = contact_id(&raw) else {
        return frame::not_found(&console, Section::Contacts);
    };
    let message = ContactMessage {
        subject: input.subject.clone(),
        body: input.body.clone(),
    };
    let typed = |errors| MessageState {
        subject: input.subject.clone(),
        body: input.body.clone(),
        errors,
    };
    match app
        .contacts
        .email_contact(&console.actor, id, message)
        .await
    {
        Ok(_) => redirect_with(
            &app.cookies,
            &contact_path(id),
            Tone::Success,
            "flash-contacts-emailed",
        ),
        Err(EmailContactError::Forbidden(_)) => frame::forbidden(&console),
        Err(EmailContactError::ContactNotFound) => frame::not_found(&console, Section::Contacts),
        Err(EmailContactError::InvalidMessage(errors)) => {
            let explained = messages::explain(
                &errors,
                |name| match name {
                    "subject" => input.subject.clone(),
                    "body" => input.body.clone(),
                    _ => String::new(),
                },
                messages::message_field,
            );
            let forms = Forms {
                message: typed(explained),
                open: Some(Panel::Email),
                ..Forms::default()
            };
            again(
                &app,
                &console,
                &raw,
                StatusCode::UNPROCESSABLE_ENTITY,
                &forms,
            )
            .await
        }
        Err(EmailContactError::RecipientLimited {
            retry_after_seconds,
        }) => {
            let forms = Forms {
                message: typed(Vec::new()),
                open: Some(Panel::Email),
                alert: Some(console.texts.with(
                    "contacts-email-limited",
                    &[("seconds", Arg::from(retry_after_seconds))],
                )),
                ..Forms::default()
            };
            let page = again(&app, &console, &raw, StatusCode::TOO_MANY_REQUESTS, &forms).await;
            with_retry_after(page, retry_after_seconds)
        }
        Err(EmailContactError::Repository(error)) => internal_error(&error),
    }
}

/// Why the case number could not be used: the message key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CaseRefusal {
    /// Not a case number.
    Malformed,
    /// No such case in the organisation.
    Unknown(CaseNumber),
}

/// The case numbered `number` in the member's organisation, found through the case search.
async fn case_numbered(
    app: &AppState,
    console: &Console,
    number: CaseNumber,
) -> Result<Option<CaseId>, Response> {
    let search = CaseSearch {
        text: Some(number.to_string()),
        page: 1,
        per_page: 100,
        ..CaseSearch::default()
    };
    match app.cases.search_cases(&console.actor, search).await {
        Ok(found) => Ok(found
            .rows
            .into_iter()
            .find(|row| row.case.number == number)
            .map(|row| row.case.id)),
        Err(SearchCasesError::Forbidden(_)) => Err(frame::forbidden(console)),
        Err(SearchCasesError::Repository(error)) => Err(internal_error(&error)),
    }
}

/// `POST /staff/contacts/{id}/cases`.
pub(super) async fn associate(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(input): Form<AssociateInput>,
) -> Response {
    if !console.csrf_ok(&input.csrf) {
        return redirect_with(
            &app.cookies,
            &back(&raw),
            Tone::Failure,
            "flash-form-expired",
        );
    }
    if !(console.may(Permission::EditCases) && console.may(Permission::ManageContacts)) {
        return frame::forbidden(&console);
    }
    let Some(contact) = contact_id(&raw) else {
        return frame::not_found(&console, Section::Contacts);
    };
    let send_access = input.send_access.is_some();
    let case = match CaseNumber::parse_reference(&input.case).filter(|number| number.0 > 0) {
        None => Err(CaseRefusal::Malformed),
        Some(number) => match case_numbered(&app, &console, number).await {
            Ok(Some(case)) => Ok(case),
            Ok(None) => Err(CaseRefusal::Unknown(number)),
            Err(response) => return response,
        },
    };
    let outcome = match case {
        Ok(case) => {
            app.cases
                .associate_contact(&console.actor, case, contact, send_access)
                .await
        }
        Err(refusal) => return refused_case(&app, &console, &raw, &input, &refusal).await,
    };
    match outcome {
        Ok(()) => redirect_with(
            &app.cookies,
            &contact_path(contact),
            Tone::Success,
            "flash-contacts-associated",
        ),
        Err(AssociateContactError::Forbidden(_)) => frame::forbidden(&console),
        Err(AssociateContactError::ContactNotFound) => {
            frame::not_found(&console, Section::Contacts)
        }
        Err(AssociateContactError::CaseNotFound) => {
            let number = CaseNumber::parse_reference(&input.case).unwrap_or(CaseNumber(0));
            refused_case(&app, &console, &raw, &input, &CaseRefusal::Unknown(number)).await
        }
        Err(AssociateContactError::RecipientLimited {
            retry_after_seconds,
        }) => {
            let forms = Forms {
                associate: AssociateState {
                    case: input.case.clone(),
                    send_access,
                    error: None,
                },
                open: Some(Panel::Associate),
                alert: Some(console.texts.with(
                    "contacts-associate-limited",
                    &[("seconds", Arg::from(retry_after_seconds))],
                )),
                ..Forms::default()
            };
            let page = again(&app, &console, &raw, StatusCode::TOO_MANY_REQUESTS, &forms).await;
            with_retry_after(page, retry_after_seconds)
        }
        Err(AssociateContactError::Repository(error)) => internal_error(&error),
    }
}

/// The page again with the case number's error beside it (422).
async fn refused_case(
    app: &AppState,
    console: &Console,
    raw: &str,
    input: &AssociateInput,
    refusal: &CaseRefusal,
) -> Response {
    let t = console.texts;
    let error = match refusal {
        CaseRefusal::Malformed => t.get("contacts-error-case-number"),
        CaseRefusal::Unknown(number) => t.with(
            "contacts-error-case-unknown",
            &[("number", Arg::from(number.to_string()))],
        ),
    };
    let forms = Forms {
        associate: AssociateState {
            case: input.case.clone(),
            send_access: input.send_access.is_some(),
            error: Some(error),
        },
        open: Some(Panel::Associate),
        ..Forms::default()
    };
    again(app, console, raw, StatusCode::UNPROCESSABLE_ENTITY, &forms).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_form_goes_back_to_its_page_or_the_list() {
        assert_eq!(
            back("0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d"),
            "/staff/contacts/0192f5a0-8f3e-7a1b-9c2d-3e4f5a6b7c8d"
        );
        assert_eq!(back("not-an-id"), "/staff/contacts");
    }

    #[test]
    fn a_limited_page_says_when_to_come_back() {
        let response = with_retry_after(Response::default(), 42);
        assert_eq!(response.headers()[header::RETRY_AFTER], "42");
    }
}
