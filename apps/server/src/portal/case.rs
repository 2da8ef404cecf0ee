//! `GET /o/{org}/cases/{number}`: a case as the signed-in contact user sees it, with a
//! comment form and — for editors, while the form's status rules allow — an edit form;
//! `POST …/comments` and `POST …/edit`. Every request asks the access decision afresh
//! (`GrantsService::decide_for`); a denied case, an unknown number and another
//! organisation's number all answer the same 404.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use frontdesk_access::{CaseAction, CaseRole, Decision};
use frontdesk_cases::{
    Author, CaseNumber, ContactUserCaseError, ContactUserCaseView, FieldError, GuestEdit,
    TimelineEntry, TimelineEvent,
};
use frontdesk_kernel::{CaseId, RepositoryError};
use frontdesk_l10n::{Arg, Texts};
use maud::{Markup, html};
use serde::Deserialize;

use super::frame::{self, see_other};
use super::home::status_key;
use super::session::{Gate, SignedIn, signed_in, visitor};
use crate::csrf;
use crate::pages::machine_time;
use crate::state::AppState;

/// Fields of the comment form.
#[derive(Debug, Deserialize)]
pub(crate) struct CommentForm {
    /// The comment.
    #[serde(default)]
    pub body: String,
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// Fields of the edit form.
#[derive(Debug, Deserialize)]
pub(crate) struct EditForm {
    /// New title.
    pub title: Option<String>,
    /// New description.
    pub description: Option<String>,
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// The message key of a priority's name.
const fn priority_key(priority: frontdesk_cases::Priority) -> &'static str {
    use frontdesk_cases::Priority as P;
    match priority {
        P::Low => "priority-low",
        P::Normal => "priority-normal",
        P::High => "priority-high",
        P::Urgent => "priority-urgent",
    }
}

fn entry_markup(t: Texts, user: &SignedIn, entry: &TimelineEntry) -> Option<Markup> {
    let text = match &entry.event {
        TimelineEvent::Comment { body } => body.clone(),
        TimelineEvent::StatusChanged { from, to } => t.with(
            "portal-event-status",
            &[
                ("from", Arg::from(t.get(status_key(*from)))),
                ("to", Arg::from(t.get(status_key(*to)))),
            ],
        ),
        TimelineEvent::FieldChanged { field, to, .. } => t.with(
            "portal-event-field",
            &[
                ("field", Arg::from(field.as_str())),
                ("to", Arg::from(to.as_deref().unwrap_or("—"))),
            ],
        ),
        TimelineEvent::Created => t.get("portal-event-created"),
        TimelineEvent::AssigneeChanged { .. }
        | TimelineEvent::ClientChanged { .. }
        | TimelineEvent::PublicChanged { .. } => return None,
    };
    let who = match entry.author {
        Author::Contact(id) if id == user.session.user.contact_id => t.get("portal-author-you"),
        Author::Contact(_) => t.get("portal-author-contact"),
        Author::Staff(_) | Author::System => t.get("portal-author-staff"),
    };
    Some(html! {
        li {
            p.hint { (who) " · " time datetime=(machine_time(entry.at)) { (entry.at.date().to_string()) } }
            p.prewrap { (text) }
        }
    })
}

fn field_error<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a FieldError> {
    errors.iter().find(|error| error.field == field)
}

fn case_page(
    user: &SignedIn,
    view: &ContactUserCaseView,
    errors: &[FieldError],
    notice: Option<&str>,
    status: StatusCode,
) -> Response {
    let visitor = &user.visitor;
    let t = visitor.t;
    let case = &view.case;
    let action = |what: &str| visitor.path(&format!("/cases/{}/{what}", case.number.0));
    let entries: Vec<Markup> = view
        .timeline
        .iter()
        .filter_map(|entry| entry_markup(t, user, entry))
        .collect();
    let title = format!("{} — {}", case.number, case.title);
    let body = html! {
        p { a href=(visitor.path("/")) { "← " (t.get("portal-back-home")) } }
        h1 { (title) }
        p {
            strong { (t.get("portal-case-status")) } " "
            span.badge { (t.get(status_key(case.status))) }
        }
        p.hint { (t.get(if view.role == CaseRole::Editor { "portal-case-editor" } else { "portal-case-viewer" })) }
        @if let Some(notice) = notice {
            p.error role="alert" { (t.get(notice)) }
        }
        section.card aria-labelledby="details" {
            h2 #details { (t.get("portal-case-details")) }
            dl {
                dt { (t.get("portal-case-subject")) } dd { (case.title) }
                @if let Some(description) = &case.description { dt { (t.get("portal-case-description")) } dd.prewrap { (description) } }
                @if let Some(project) = &case.project { dt { (t.get("portal-case-project")) } dd { (project) } }
                dt { (t.get("portal-case-priority")) } dd { (t.get(priority_key(case.priority))) }
            }
        }
        section.card aria-labelledby="conversation" {
            h2 #conversation { (t.get("portal-case-conversation")) }
            @if entries.is_empty() { p { (t.get("portal-case-nothing")) } }
            ol.timeline { @for entry in &entries { (entry) } }
            form method="post" action=(action("comments")) {
                input type="hidden" name="csrf" value=(user.csrf);
                label for="comment" { (t.get("portal-case-comment")) }
                textarea #comment name="body" rows="4" required maxlength="10000" aria-describedby=[field_error(errors, "body").map(|_| "comment-error")] {}
                @if let Some(error) = field_error(errors, "body") { span #comment-error .field-error role="alert" { (error.message) } }
                button type="submit" { (t.get("portal-case-send")) }
            }
        }
        @if view.may_edit {
            section.card aria-labelledby="edit" {
                h2 #edit { (t.get("portal-case-edit")) }
                form method="post" action=(action("edit")) {
                    input type="hidden" name="csrf" value=(user.csrf);
                    label for="e-title" { (t.get("portal-case-subject")) }
                    input #e-title type="text" name="title" value=(case.title) required maxlength="200";
                    @if let Some(error) = field_error(errors, "title") { span.field-error role="alert" { (error.message) } }
                    label for="e-description" { (t.get("portal-case-description")) }
                    textarea #e-description name="description" rows="6" { (case.description.as_deref().unwrap_or_default()) }
                    @if let Some(error) = field_error(errors, "description") { span.field-error role="alert" { (error.message) } }
                    button type="submit" { (t.get("portal-case-save")) }
                }
            }
        }
    };
    frame::page(status, &visitor.org, t, Some(&user.who()), &title, &body)
}

/// The signed-in user (past any forced password change) and the case the path's number
/// names in their organisation, or the answer instead.
async fn user_and_case(
    app: &AppState,
    org: &str,
    number: &str,
    headers: &HeaderMap,
) -> Result<(SignedIn, CaseId), Response> {
    let visitor = visitor(app, org, headers).await?;
    let user = signed_in(app, visitor, headers, Gate::Changed).await?;
    let found = match CaseNumber::parse_reference(number) {
        Some(number) => app
            .cases
            .case_id_by_number(user.visitor.org.id, number)
            .await
            .map_err(|error| failure(&user, &error))?,
        None => None,
    };
    match found {
        Some(case) => Ok((user, case)),
        None => Err(not_found(&user)),
    }
}

fn not_found(user: &SignedIn) -> Response {
    frame::not_found(&user.visitor.org, user.visitor.t, Some(&user.who()))
}

fn failure(user: &SignedIn, error: &dyn std::error::Error) -> Response {
    frame::failed(&user.visitor.org, user.visitor.t, Some(&user.who()), error)
}

async fn decision(
    app: &AppState,
    user: &SignedIn,
    case: CaseId,
    action: CaseAction,
) -> Result<Decision, RepositoryError> {
    let (decision, _) = app
        .grants
        .decide_for(user.visitor.org.id, user.session.user.id, case, action)
        .await?;
    Ok(decision)
}

/// The case page of `case` for `user`, answering `status`.
async fn render(
    app: &AppState,
    user: &SignedIn,
    case: CaseId,
    errors: &[FieldError],
    notice: Option<&str>,
    status: StatusCode,
) -> Response {
    let decisions = async {
        Ok::<_, RepositoryError>((
            decision(app, user, case, CaseAction::Read).await?,
            decision(app, user, case, CaseAction::Edit).await?,
        ))
    };
    let (read, edit) = match decisions.await {
        Ok(decisions) => decisions,
        Err(error) => return failure(user, &error),
    };
    match app
        .cases
        .contact_user_case(user.visitor.org.id, case, read, edit)
        .await
    {
        Ok(view) => case_page(user, &view, errors, notice, status),
        Err(ContactUserCaseError::NotFound) => not_found(user),
        Err(error) => failure(user, &error),
    }
}

/// `GET /o/{org}/cases/{number}`.
pub(crate) async fn show(
    State(app): State<AppState>,
    Path((org, number)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match user_and_case(&app, &org, &number, &headers).await {
        Ok((user, case)) => render(&app, &user, case, &[], None, StatusCode::OK).await,
        Err(response) => response,
    }
}

/// After a comment or an edit: back to the case (303), or the page with what went wrong.
async fn after(
    app: &AppState,
    user: &SignedIn,
    case: CaseId,
    number: &str,
    outcome: Result<(), ContactUserCaseError>,
) -> Response {
    match outcome {
        Ok(()) => see_other(&user.visitor.path(&format!("/cases/{number}"))),
        Err(ContactUserCaseError::Invalid(errors)) => {
            render(
                app,
                user,
                case,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(ContactUserCaseError::NotEditable) => {
            render(
                app,
                user,
                case,
                &[],
                Some("portal-case-not-editable"),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(ContactUserCaseError::NotFound) => not_found(user),
        Err(ContactUserCaseError::Repository(error)) => failure(user, &error),
    }
}

/// `POST /o/{org}/cases/{number}/comments`.
pub(crate) async fn comment(
    State(app): State<AppState>,
    Path((org, number)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<CommentForm>,
) -> Response {
    let (user, case) = match user_and_case(&app, &org, &number, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !csrf::matches(Some(&user.csrf), &form.csrf) {
        return render(
            &app,
            &user,
            case,
            &[],
            Some("portal-form-expired"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let outcome = match decision(&app, &user, case, CaseAction::Comment).await {
        Ok(decision) => {
            app.cases
                .contact_user_comment(
                    user.visitor.org.id,
                    case,
                    user.session.user.contact_id,
                    decision,
                    &form.body,
                )
                .await
        }
        Err(error) => Err(error.into()),
    };
    after(&app, &user, case, &number, outcome).await
}

/// `POST /o/{org}/cases/{number}/edit`.
pub(crate) async fn edit(
    State(app): State<AppState>,
    Path((org, number)): Path<(String, String)>,
    headers: HeaderMap,
    Form(form): Form<EditForm>,
) -> Response {
    let (user, case) = match user_and_case(&app, &org, &number, &headers).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    if !csrf::matches(Some(&user.csrf), &form.csrf) {
        return render(
            &app,
            &user,
            case,
            &[],
            Some("portal-form-expired"),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }
    let read = match decision(&app, &user, case, CaseAction::Read).await {
        Ok(read) => read,
        Err(error) => return failure(&user, &error),
    };
    if !read.is_allowed() {
        return not_found(&user);
    }
    let edit = GuestEdit {
        title: form.title,
        description: form.description,
        priority: None,
        project: None,
    };
    let outcome = match decision(&app, &user, case, CaseAction::Edit).await {
        Ok(Decision::Deny) => Err(ContactUserCaseError::NotEditable),
        Ok(decision) => {
            app.cases
                .contact_user_edit(
                    user.visitor.org.id,
                    case,
                    user.session.user.contact_id,
                    decision,
                    edit,
                )
                .await
        }
        Err(error) => Err(error.into()),
    };
    after(&app, &user, case, &number, outcome).await
}
