//! Guest access to a case: `/g/{token}` trades the emailed link for a cookie scoped to the
//! case and redirects to the clean URL `/cases/{id}`, where the guest reads the case,
//! comments, and edits while the status allows.

use axum::Form as HtmlForm;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use frontdesk_cases::{
    Author, FieldError, GuestActionError, GuestCaseView, GuestEdit, GuestLinkError, TimelineEvent,
};
use frontdesk_kernel::{CaseId, Language, Token, TokenKind};
use maud::{Markup, html};
use serde::Deserialize;

use crate::extract::cookie;
use crate::pages::brand::{Brand, presented};
use crate::pages::i18n::{Text, status as status_label, t};
use crate::pages::login::{csrf_matches, set_cookie};
use crate::pages::public_form::new_link_form;
use crate::pages::{branded_page, internal_error, machine_time, message, not_found, page};
use crate::state::AppState;

/// The cookie that holds the guest capability for one case.
fn cookie_name(app: &AppState, case: CaseId) -> String {
    let prefix = if app.cookies.secure { "__Host-" } else { "" };
    format!("{prefix}fd_guest_{}", case.as_uuid().simple())
}

fn csrf_of(raw: &str) -> Option<String> {
    Token::parse(TokenKind::GuestAccess, raw)
        .ok()
        .map(|token| crate::csrf::for_guest(&token))
}

fn link_gone(language: Language) -> Response {
    let body = html! {
        h1 { (t(language, Text::LinkExpiredTitle)) }
        p { (t(language, Text::LinkExpiredText)) }
        (new_link_form(language, None))
    };
    page(
        StatusCode::GONE,
        language,
        t(language, Text::LinkExpiredTitle),
        &body,
    )
}

fn link_failure(error: &GuestLinkError) -> Response {
    match error {
        GuestLinkError::Invalid => not_found(),
        GuestLinkError::Expired | GuestLinkError::Revoked => link_gone(Language::En),
        GuestLinkError::Repository(error) => internal_error(error),
    }
}

/// `GET /g/{token}`: checks the link, sets the case cookie and redirects (303) to the case.
pub async fn open(
    State(app): State<AppState>,
    token: Result<Path<String>, PathRejection>,
) -> Response {
    let Ok(Path(token)) = token else {
        return not_found();
    };
    match app.cases.open_guest_link(&token).await {
        Ok(case) => {
            let mut response = Redirect::to(&format!("/cases/{}", case.as_uuid())).into_response();
            set_cookie(
                &mut response,
                &app.cookies.set(&cookie_name(&app, case), &token, None),
            );
            response
        }
        Err(error) => link_failure(&error),
    }
}

fn guest_token<'a>(app: &AppState, headers: &'a HeaderMap, case: CaseId) -> Option<&'a str> {
    cookie(headers, &cookie_name(app, case))
}

fn entry_markup(
    language: Language,
    view: &GuestCaseView,
    entry: &frontdesk_cases::TimelineEntry,
) -> Markup {
    let who = match entry.author {
        Author::Contact(id) if id == view.contact.id => t(language, Text::You).to_owned(),
        Author::Contact(_) => t(language, Text::ContactDetails).to_owned(),
        Author::Staff(_) | Author::System => t(language, Text::Staff).to_owned(),
    };
    let when = entry.at.date().to_string();
    html! {
        li {
            p.hint { (who) " · " time datetime=(machine_time(entry.at)) { (when) } }
            @match &entry.event {
                TimelineEvent::Comment { body } => p { (body) },
                TimelineEvent::StatusChanged { from, to } => p { (t(language, Text::StatusChanged)) ": " (status_label(language, *from)) " → " (status_label(language, *to)) },
                TimelineEvent::FieldChanged { field, to, .. } => p { (t(language, Text::FieldChanged)) " " (field) ": " (to.as_deref().unwrap_or("—")) },
                TimelineEvent::Created => p { (t(language, Text::Created)) },
                TimelineEvent::AssigneeChanged { .. }
                | TimelineEvent::ClientChanged { .. }
                | TimelineEvent::PublicChanged { .. } => {},
            }
        }
    }
}

fn case_page(
    view: &GuestCaseView,
    csrf: &str,
    errors: &[FieldError],
    status: StatusCode,
) -> Response {
    let language = view.case.language;
    let case = &view.case;
    let action = |what: &str| format!("/cases/{}/{what}", case.id.as_uuid());
    let body = html! {
        p.hint { (view.organisation.name.as_str()) }
        h1 { (case.number) " — " (case.title) }
        section aria-labelledby="summary" {
            h2 #summary { (t(language, Text::Summary)) }
            p { strong { (t(language, Text::Status)) ": " } (status_label(language, case.status)) }
        }
        details open {
            summary { (t(language, Text::Details)) }
            dl {
                dt { (t(language, Text::Title)) } dd { (case.title) }
                @if let Some(description) = &case.description { dt { (t(language, Text::Description)) } dd { (description) } }
                @if let Some(project) = &case.project { dt { (t(language, Text::Project)) } dd { (project) } }
                dt { (t(language, Text::Priority)) } dd { (crate::pages::i18n::priority(language, case.priority)) }
            }
        }
        details open {
            summary { (t(language, Text::Conversation)) }
            @if view.timeline.is_empty() { p { (t(language, Text::NoEntries)) } }
            ol.timeline { @for entry in &view.timeline { (entry_markup(language, view, entry)) } }
            form method="post" action=(action("comments")) {
                input type="hidden" name="csrf" value=(csrf);
                label for="comment" { (t(language, Text::AddComment)) }
                textarea #comment name="body" rows="4" required maxlength="10000" {}
                @if let Some(error) = errors.iter().find(|e| e.field == "body") { span.field-error role="alert" { (error.message) } }
                button type="submit" { (t(language, Text::Send)) }
            }
        }
        details {
            summary { (t(language, Text::ContactDetails)) }
            dl {
                dt { (t(language, Text::FirstName)) } dd { (view.contact.first_name) }
                dt { (t(language, Text::LastName)) } dd { (view.contact.last_name) }
                dt { (t(language, Text::Email)) } dd { (view.contact.email) }
                @if let Some(phone) = &view.contact.phone { dt { (t(language, Text::Phone)) } dd { (phone.as_str()) } }
            }
        }
        @if view.may_edit {
            details open[!errors.is_empty()] {
                summary { (t(language, Text::EditCase)) }
                form method="post" action=(action("edit")) {
                    input type="hidden" name="csrf" value=(csrf);
                    label for="e-title" { (t(language, Text::Title)) }
                    input #e-title type="text" name="title" value=(case.title) required maxlength="200";
                    @if let Some(error) = errors.iter().find(|e| e.field == "title") { span.field-error role="alert" { (error.message) } }
                    label for="e-description" { (t(language, Text::Description)) }
                    textarea #e-description name="description" rows="6" { (case.description.as_deref().unwrap_or_default()) }
                    button type="submit" { (t(language, Text::Save)) }
                }
            }
        }
    };
    branded_page(
        status,
        language,
        &Brand::of(&view.organisation),
        &case.title,
        &body,
    )
}

/// The view with its organisation as its external pages present it (the portal's title).
async fn presented_view(app: &AppState, mut view: GuestCaseView) -> GuestCaseView {
    view.organisation = presented(app, view.organisation).await;
    view
}

fn parse_case(path: Result<Path<CaseId>, PathRejection>) -> Option<CaseId> {
    path.ok().map(|Path(id)| id)
}

/// `GET /cases/{id}`: the guest's case page.
pub async fn show(
    State(app): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<CaseId>, PathRejection>,
) -> Response {
    let Some(case) = parse_case(path) else {
        return not_found();
    };
    let Some(token) = guest_token(&app, &headers, case) else {
        return not_found();
    };
    match app.cases.guest_case(token, case).await {
        Ok(view) => case_page(
            &presented_view(&app, view).await,
            &csrf_of(token).unwrap_or_default(),
            &[],
            StatusCode::OK,
        ),
        Err(error) => link_failure(&error),
    }
}

/// Fields of the comment form.
#[derive(Debug, Deserialize)]
pub struct CommentForm {
    /// The comment.
    #[serde(default)]
    pub body: String,
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Fields of the edit form.
#[derive(Debug, Deserialize)]
pub struct EditForm {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// CSRF token.
    #[serde(default)]
    pub csrf: String,
}

async fn after_action(
    app: &AppState,
    token: &str,
    case: CaseId,
    outcome: Result<(), GuestActionError>,
) -> Response {
    match outcome {
        Ok(()) => {
            let mut response = Redirect::to(&format!("/cases/{}", case.as_uuid())).into_response();
            *response.status_mut() = StatusCode::SEE_OTHER;
            response
        }
        Err(GuestActionError::Invalid(errors)) => match app.cases.guest_case(token, case).await {
            Ok(view) => case_page(
                &presented_view(app, view).await,
                &csrf_of(token).unwrap_or_default(),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            Err(error) => link_failure(&error),
        },
        Err(GuestActionError::NotEditable) => message(
            StatusCode::CONFLICT,
            "This case can no longer be edited",
            "Its status no longer allows changes. You can still add a comment.",
            Some((&format!("/cases/{}", case.as_uuid()), "Back to the case")),
        ),
        Err(GuestActionError::Link(error)) => link_failure(&error),
        Err(GuestActionError::Repository(error)) => internal_error(&error),
    }
}

fn checked<'a>(
    app: &AppState,
    headers: &'a HeaderMap,
    case: CaseId,
    csrf: &str,
) -> Result<&'a str, Box<Response>> {
    let token = guest_token(app, headers, case).ok_or_else(|| Box::new(not_found()))?;
    if csrf_matches(csrf_of(token).as_deref(), csrf) {
        Ok(token)
    } else {
        Err(Box::new(message(
            StatusCode::BAD_REQUEST,
            "This form expired",
            "Please go back to your case and try again.",
            Some((&format!("/cases/{}", case.as_uuid()), "Back to the case")),
        )))
    }
}

/// `POST /cases/{id}/comments`.
pub async fn comment(
    State(app): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<CaseId>, PathRejection>,
    HtmlForm(form): HtmlForm<CommentForm>,
) -> Response {
    let Some(case) = parse_case(path) else {
        return not_found();
    };
    let token = match checked(&app, &headers, case, &form.csrf) {
        Ok(token) => token,
        Err(response) => return *response,
    };
    let outcome = app.cases.guest_comment(token, case, &form.body).await;
    after_action(&app, token, case, outcome).await
}

/// `POST /cases/{id}/edit`.
pub async fn edit(
    State(app): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<CaseId>, PathRejection>,
    HtmlForm(form): HtmlForm<EditForm>,
) -> Response {
    let Some(case) = parse_case(path) else {
        return not_found();
    };
    let token = match checked(&app, &headers, case, &form.csrf) {
        Ok(token) => token,
        Err(response) => return *response,
    };
    let edit = GuestEdit {
        title: form.title,
        description: form.description,
        priority: None,
        project: None,
    };
    let outcome = app.cases.guest_edit(token, case, edit).await;
    after_action(&app, token, case, outcome).await
}
