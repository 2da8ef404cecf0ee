//! The case page's `POST`s: save the details, reply or add an internal note, change the
//! status, assign, add a contact, reissue or revoke the guest links.
//!
//! Each checks the CSRF token first (stale: back with "This form expired", nothing changed),
//! then the member's permission (403 page), then calls the same use case as the JSON API and
//! answers 303 back to the case page with a flash message. Invalid input re-renders the page
//! (422) with what was typed and the error beside its field.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::{
    AddCommentError, AssociateContactError, CaseChanges, CaseStatus, ChangeStatusError, FieldError,
    Priority, ReissueGuestAccessError, RevokeGuestAccessError, UpdateCaseError, Visibility,
};
use frontdesk_kernel::{CaseId, ClientId, ContactId, StaffUserId};
use frontdesk_l10n::Texts;
use serde::Deserialize;

use super::input::{
    ContactInput, DetailsInput, Filled, PageInput, Problems, ReplyInput, StatusInput,
};
use super::{back, case_id, form_expired, not_found, page};
use crate::console::flash::Tone;
use crate::console::frame;
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// The case a `POST` is about, once its CSRF token and the member's `permissions` are
/// checked; otherwise the answer to send instead.
fn checked(
    app: &AppState,
    console: &Console,
    raw: &str,
    csrf: &str,
    permissions: &[Permission],
) -> Result<CaseId, Box<Response>> {
    let Some(id) = case_id(raw) else {
        return Err(Box::new(not_found(console)));
    };
    if !console.csrf_ok(csrf) {
        return Err(Box::new(form_expired(app, id)));
    }
    for permission in permissions {
        if let Some(refused) = console.refuse_without(*permission) {
            return Err(Box::new(refused));
        }
    }
    Ok(id)
}

/// The errors of a use case's field list, placed on the page's inputs: `fields` maps each
/// domain field name to its input's id and the catalog key of its message.
fn field_problems(
    t: Texts,
    errors: &[FieldError],
    fields: &[(&str, &'static str, &str)],
) -> Problems {
    let mut problems = Problems::default();
    for error in errors {
        let known = fields.iter().find(|(name, _, _)| *name == error.field);
        let (id, key) = known.map_or((fields[0].1, fields[0].2), |(_, id, key)| (*id, *key));
        problems.push(id, t.get(key));
    }
    problems
}

/// Fields of the Details form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DetailsForm {
    /// CSRF token.
    csrf: String,
    /// Title.
    title: String,
    /// Description.
    description: String,
    /// Priority (wire name).
    priority: String,
    /// Project.
    project: String,
    /// The client's id, or empty for none.
    client: String,
    /// Present when the Public case box is ticked.
    public: Option<String>,
}

/// `POST /staff/cases/{id}/details`.
pub(crate) async fn save_details(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<DetailsForm>,
) -> Response {
    let id = match checked(&app, &console, &raw, &form.csrf, &[Permission::EditCases]) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let changes = CaseChanges {
        title: Some(form.title.clone()),
        description: Some(Some(form.description.clone())),
        priority: Priority::parse(&form.priority),
        project: Some(Some(form.project.clone())),
        assignee: None,
        client: match form.client.trim() {
            "" => Some(None),
            raw => match raw.parse::<ClientId>() {
                Ok(client) => Some(Some(client)),
                Err(_) => return back(&app, id, Tone::Failure, "flash-client-unknown"),
            },
        },
        public: Some(form.public.is_some()),
    };
    match app.cases.update_case(&console.actor, id, changes).await {
        Ok(_) => back(&app, id, Tone::Success, "flash-case-saved"),
        Err(UpdateCaseError::Invalid(errors)) => {
            let problems = field_problems(
                console.texts,
                &errors,
                &[
                    ("title", "details-title", "error-title"),
                    ("description", "details-description", "error-description"),
                    ("project", "details-project", "error-project"),
                ],
            );
            let typed = DetailsInput {
                title: form.title,
                description: form.description,
                priority: form.priority,
                project: form.project,
                client: form.client,
                public: form.public.is_some(),
            };
            let input = PageInput {
                details: Some(Filled { typed, problems }),
                ..PageInput::default()
            };
            page::render(&app, console, id, input, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(UpdateCaseError::CaseNotFound) => not_found(&console),
        Err(UpdateCaseError::Forbidden(_)) => frame::forbidden(&console),
        Err(UpdateCaseError::UnknownAssignee) => {
            back(&app, id, Tone::Failure, "flash-assignee-unknown")
        }
        Err(UpdateCaseError::UnknownClient) => {
            back(&app, id, Tone::Failure, "flash-client-unknown")
        }
        Err(error @ UpdateCaseError::Repository(_)) => internal_error(&error),
    }
}

/// Fields of the reply form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReplyForm {
    /// CSRF token.
    csrf: String,
    /// The text.
    body: String,
    /// `public` or `internal`.
    visibility: String,
}

/// `POST /staff/cases/{id}/comments`: a public reply (the contacts are told) or an internal
/// note. A visibility that is neither reads as an internal note, so nothing leaves the
/// organisation by mistake.
pub(crate) async fn add_comment(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Response {
    let id = match checked(&app, &console, &raw, &form.csrf, &[Permission::EditCases]) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let visibility = Visibility::parse(&form.visibility).unwrap_or(Visibility::Internal);
    match app
        .cases
        .add_comment(&console.actor, id, &form.body, visibility)
        .await
    {
        Ok(_) => {
            let key = match visibility {
                Visibility::Public => "flash-reply-added",
                Visibility::Internal => "flash-note-added",
            };
            back(&app, id, Tone::Success, key)
        }
        Err(AddCommentError::InvalidComment(errors)) => {
            let problems = field_problems(
                console.texts,
                &errors,
                &[("body", "reply-body", "error-body")],
            );
            let input = PageInput {
                reply: Some(Filled {
                    typed: ReplyInput {
                        body: form.body,
                        visibility,
                    },
                    problems,
                }),
                ..PageInput::default()
            };
            page::render(&app, console, id, input, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AddCommentError::CaseNotFound) => not_found(&console),
        Err(AddCommentError::Forbidden(_)) => frame::forbidden(&console),
        Err(error @ AddCommentError::Repository(_)) => internal_error(&error),
    }
}

/// Fields of the status form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct StatusForm {
    /// CSRF token.
    csrf: String,
    /// The new status (wire name).
    status: String,
    /// An optional public comment.
    comment: String,
}

/// `POST /staff/cases/{id}/status`: the domain tells the contacts by mail.
pub(crate) async fn change_status(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let id = match checked(&app, &console, &raw, &form.csrf, &[Permission::EditCases]) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let Some(status) = CaseStatus::parse(&form.status) else {
        return back(&app, id, Tone::Failure, "flash-status-unknown");
    };
    let comment = (!form.comment.trim().is_empty()).then(|| form.comment.clone());
    match app
        .cases
        .change_status(&console.actor, id, status, comment)
        .await
    {
        Ok(_) => back(&app, id, Tone::Success, "flash-status-changed"),
        Err(ChangeStatusError::InvalidComment(errors)) => {
            let problems = field_problems(
                console.texts,
                &errors,
                &[("comment", "status-comment", "error-body")],
            );
            let input = PageInput {
                status: Some(Filled {
                    typed: StatusInput {
                        status: form.status,
                        comment: form.comment,
                    },
                    problems,
                }),
                ..PageInput::default()
            };
            page::render(&app, console, id, input, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(ChangeStatusError::CaseNotFound) => not_found(&console),
        Err(ChangeStatusError::Forbidden(_)) => frame::forbidden(&console),
        Err(error @ ChangeStatusError::Repository(_)) => internal_error(&error),
    }
}

/// Fields of the assignee form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AssigneeForm {
    /// CSRF token.
    csrf: String,
    /// The member's id; empty for nobody.
    assignee: String,
}

/// `POST /staff/cases/{id}/assignee`.
pub(crate) async fn assign(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<AssigneeForm>,
) -> Response {
    let id = match checked(&app, &console, &raw, &form.csrf, &[Permission::EditCases]) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let assignee = match form.assignee.trim() {
        "" => None,
        raw => match raw.parse::<StaffUserId>() {
            Ok(member) => Some(member),
            Err(_) => return back(&app, id, Tone::Failure, "flash-assignee-unknown"),
        },
    };
    let changes = CaseChanges {
        assignee: Some(assignee),
        ..CaseChanges::default()
    };
    match app.cases.update_case(&console.actor, id, changes).await {
        Ok(_) => back(&app, id, Tone::Success, "flash-assignee-saved"),
        Err(
            UpdateCaseError::UnknownAssignee
            | UpdateCaseError::UnknownClient
            | UpdateCaseError::Invalid(_),
        ) => back(&app, id, Tone::Failure, "flash-assignee-unknown"),
        Err(UpdateCaseError::CaseNotFound) => not_found(&console),
        Err(UpdateCaseError::Forbidden(_)) => frame::forbidden(&console),
        Err(error @ UpdateCaseError::Repository(_)) => internal_error(&error),
    }
}

/// Fields of the add-contact form.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ContactForm {
    /// CSRF token.
    csrf: String,
    /// The chosen contact's id.
    contact: String,
    /// Present when the contact should get a guest link by mail.
    send_access: Option<String>,
}

/// `POST /staff/cases/{id}/contacts`: adds an existing contact, optionally mailing them a
/// link to follow the case.
pub(crate) async fn associate_contact(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<ContactForm>,
) -> Response {
    let permissions = [Permission::EditCases, Permission::ManageContacts];
    let id = match checked(&app, &console, &raw, &form.csrf, &permissions) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    let send_access = form.send_access.is_some();
    let Ok(contact) = form.contact.trim().parse::<ContactId>() else {
        let mut problems = Problems::default();
        problems.push("contact-choice", console.texts.get("error-contact"));
        let input = PageInput {
            contact: Some(Filled {
                typed: ContactInput {
                    contact: form.contact,
                    send_access,
                },
                problems,
            }),
            ..PageInput::default()
        };
        return page::render(&app, console, id, input, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match app
        .cases
        .associate_contact(&console.actor, id, contact, send_access)
        .await
    {
        Ok(()) if send_access => back(&app, id, Tone::Success, "flash-contact-added-invited"),
        Ok(()) => back(&app, id, Tone::Success, "flash-contact-added"),
        Err(AssociateContactError::ContactNotFound) => {
            back(&app, id, Tone::Failure, "flash-contact-not-found")
        }
        Err(AssociateContactError::RecipientLimited { .. }) => {
            back(&app, id, Tone::Failure, "flash-recipient-limited")
        }
        Err(AssociateContactError::CaseNotFound) => not_found(&console),
        Err(AssociateContactError::Forbidden(_)) => frame::forbidden(&console),
        Err(error @ AssociateContactError::Repository(_)) => internal_error(&error),
    }
}

/// Fields of a form that is only a button.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ButtonForm {
    /// CSRF token.
    csrf: String,
}

/// `POST /staff/cases/{id}/guest-access/reissue`: the old guest links stop working and every
/// contact gets a new one by mail.
pub(crate) async fn reissue_guest_access(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<ButtonForm>,
) -> Response {
    let id = match checked(&app, &console, &raw, &form.csrf, &[Permission::EditCases]) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    match app.cases.reissue_guest_access(&console.actor, id).await {
        Ok(()) => back(&app, id, Tone::Success, "flash-guest-reissued"),
        Err(ReissueGuestAccessError::RecipientLimited { .. }) => {
            back(&app, id, Tone::Failure, "flash-recipient-limited")
        }
        Err(ReissueGuestAccessError::CaseNotFound) => not_found(&console),
        Err(ReissueGuestAccessError::Forbidden(_)) => frame::forbidden(&console),
        Err(error @ ReissueGuestAccessError::Repository(_)) => internal_error(&error),
    }
}

/// `POST /staff/cases/{id}/guest-access/revoke`: every guest link of the case stops working.
pub(crate) async fn revoke_guest_access(
    State(app): State<AppState>,
    console: Console,
    Path(raw): Path<String>,
    Form(form): Form<ButtonForm>,
) -> Response {
    let id = match checked(&app, &console, &raw, &form.csrf, &[Permission::EditCases]) {
        Ok(id) => id,
        Err(response) => return *response,
    };
    match app.cases.revoke_guest_access(&console.actor, id).await {
        Ok(_) => back(&app, id, Tone::Success, "flash-guest-revoked"),
        Err(RevokeGuestAccessError::CaseNotFound) => not_found(&console),
        Err(RevokeGuestAccessError::Forbidden(_)) => frame::forbidden(&console),
        Err(error @ RevokeGuestAccessError::Repository(_)) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use frontdesk_kernel::Language;

    use super::*;

    #[test]
    fn field_errors_land_on_their_inputs_in_the_members_language() {
        let errors = [
            FieldError {
                field: "project".into(),
                message: "a project is at most 200 characters".into(),
            },
            FieldError {
                field: "mystery".into(),
                message: "?".into(),
            },
        ];
        let fields = [
            ("title", "details-title", "error-title"),
            ("project", "details-project", "error-project"),
        ];
        let problems = field_problems(Texts::new(Language::Fr), &errors, &fields);
        assert_eq!(
            problems.get("details-project"),
            Some(Texts::new(Language::Fr).get("error-project").as_str())
        );
        // A field the page does not know is shown on the form's first field.
        assert!(problems.get("details-title").is_some());
    }
}
