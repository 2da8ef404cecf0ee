//! Staff edit a case's fields, assign it to a colleague (or to nobody), move it to a client
//! (or to none) and make it public to that client's contact users (or private).

use frontdesk_access::{Forbidden, Permission, StaffActor};
use frontdesk_kernel::{CaseId, ClientId, Language, RepositoryError, StaffUserId};

use crate::intake::{self, Errors, present};
use crate::text::Problem;
use crate::{
    Author, Case, CaseProjectRule, CaseTitleRule, CasesService, FieldError, Priority,
    TimelineEntry, TimelineEvent, Visibility,
};

/// Changes to a case; `None` leaves a field as it is, `Some(None)` clears an optional one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseChanges {
    /// New title (one line, 1–200 characters).
    pub title: Option<String>,
    /// New description, or `Some(None)` (or blank) to remove it.
    pub description: Option<Option<String>>,
    /// New priority.
    pub priority: Option<Priority>,
    /// New project (one line, 1–200 characters), or `Some(None)` (or blank) to remove it.
    pub project: Option<Option<String>>,
    /// New assignee (an enabled staff user of the organisation), or `Some(None)` to
    /// unassign.
    pub assignee: Option<Option<StaffUserId>>,
    /// New client (a client of the organisation), or `Some(None)` for none.
    pub client: Option<Option<ClientId>>,
    /// Whether the case is public to its client's contact users.
    pub public: Option<bool>,
}

/// Why a case was not changed.
#[derive(Debug, thiserror::Error)]
pub enum UpdateCaseError {
    /// The actor may not edit cases.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),
    /// No such case in the actor's organisation.
    #[error("case not found")]
    CaseNotFound,
    /// Fields are invalid (every one listed: title, description, project).
    #[error("some fields are invalid")]
    Invalid(Vec<FieldError>),
    /// The assignee is not an enabled staff user of the organisation.
    #[error("the assignee is not an active staff member of this organisation")]
    UnknownAssignee,
    /// The client is not a client of the organisation.
    #[error("the client is not a client of this organisation")]
    UnknownClient,
    /// Storage failed.
    #[error(transparent)]
    Repository(#[from] RepositoryError),
}

/// The checked text fields of [`CaseChanges`]; blank optional fields read as cleared.
#[expect(
    clippy::option_option,
    reason = "keep, set or clear: the three outcomes of an optional field's edit"
)]
struct ValidText {
    title: Option<String>,
    description: Option<Option<String>>,
    project: Option<Option<String>>,
}

/// Checks title, description and project, listing every invalid one in that order.
fn checked_text(
    changes: &CaseChanges,
    max_description: usize,
) -> Result<ValidText, Vec<FieldError>> {
    let mut errors = Errors::new(Language::En);
    let title = match changes.title.as_ref() {
        None => None,
        Some(raw) => match present(Some(raw)) {
            None => {
                errors.push("title", Problem::Required);
                None
            }
            Some(value) => intake::single_line::<CaseTitleRule>(value, Problem::Title)
                .map_err(|problem| errors.push("title", problem))
                .ok(),
        },
    };
    let description = match changes.description.as_ref() {
        None => None,
        Some(raw) => match present(raw.as_ref()) {
            None => Some(None),
            Some(value) => intake::multi_line(
                value,
                max_description,
                Problem::Description(max_description),
            )
            .map_err(|problem| errors.push("description", problem))
            .ok()
            .map(Some),
        },
    };
    let project = match changes.project.as_ref() {
        None => None,
        Some(raw) => match present(raw.as_ref()) {
            None => Some(None),
            Some(value) => intake::single_line::<CaseProjectRule>(value, Problem::Project)
                .map_err(|problem| errors.push("project", problem))
                .ok()
                .map(Some),
        },
    };
    errors.finish(|| {
        Some(ValidText {
            title,
            description,
            project,
        })
    })
}

/// A field change as the timeline records it.
fn field_change(field: &str, from: Option<String>, to: Option<String>) -> TimelineEvent {
    TimelineEvent::FieldChanged {
        field: field.to_owned(),
        from,
        to,
    }
}

/// Applies `valid` and `priority` to `case`; returns what changed, in field order.
fn apply(case: &mut Case, valid: ValidText, priority: Option<Priority>) -> Vec<TimelineEvent> {
    let mut events = Vec::new();
    if let Some(title) = valid.title
        && title != case.title
    {
        events.push(field_change(
            "title",
            Some(case.title.clone()),
            Some(title.clone()),
        ));
        case.title = title;
    }
    if let Some(description) = valid.description
        && description != case.description
    {
        events.push(field_change(
            "description",
            case.description.clone(),
            description.clone(),
        ));
        case.description = description;
    }
    if let Some(priority) = priority
        && priority != case.priority
    {
        events.push(field_change(
            "priority",
            Some(case.priority.as_str().to_owned()),
            Some(priority.as_str().to_owned()),
        ));
        case.priority = priority;
    }
    if let Some(project) = valid.project
        && project != case.project
    {
        events.push(field_change(
            "project",
            case.project.clone(),
            project.clone(),
        ));
        case.project = project;
    }
    events
}

impl CasesService {
    /// The field errors [`CasesService::update_case`] would answer for `changes` (title,
    /// description and project, in that order; empty when they are valid), reading and
    /// writing nothing: for callers that check other fields of the same request and answer
    /// every problem at once.
    ///
    /// # Errors
    /// [`Forbidden`] when the actor may not edit cases.
    pub fn check_case_changes(
        &self,
        actor: &StaffActor,
        changes: &CaseChanges,
    ) -> Result<Vec<FieldError>, Forbidden> {
        actor.require(Permission::EditCases)?;
        Ok(checked_text(changes, self.intake.max_description)
            .err()
            .unwrap_or_default())
    }

    /// Changes a case's title, description, priority, project, assignee, client and public
    /// flag. Each change
    /// is an internal timeline entry, written with the case in one unit of work; a change
    /// to the current value changes nothing, and no change at all writes nothing.
    ///
    /// # Errors
    /// See [`UpdateCaseError`].
    pub async fn update_case(
        &self,
        actor: &StaffActor,
        case: CaseId,
        changes: CaseChanges,
    ) -> Result<Case, UpdateCaseError> {
        actor.require(Permission::EditCases)?;
        let mut case = self
            .find_case(actor.org_id, case)
            .await?
            .ok_or(UpdateCaseError::CaseNotFound)?;
        let valid = checked_text(&changes, self.intake.max_description)
            .map_err(UpdateCaseError::Invalid)?;
        let reassign = changes.assignee.filter(|to| *to != case.assignee);
        if let Some(Some(to)) = reassign {
            let member = self.ports.staff.find(actor.org_id, to).await?;
            if member.is_none_or(|member| member.disabled || member.org_id != actor.org_id) {
                return Err(UpdateCaseError::UnknownAssignee);
            }
        }
        let move_to = changes.client.filter(|to| *to != case.client_id);
        if let Some(Some(to)) = move_to
            && self.ports.clients.find(actor.org_id, to).await?.is_none()
        {
            return Err(UpdateCaseError::UnknownClient);
        }
        let mut events = apply(&mut case, valid, changes.priority);
        if let Some(to) = reassign {
            events.push(TimelineEvent::AssigneeChanged {
                from: case.assignee,
                to,
            });
            case.assignee = to;
        }
        if let Some(to) = move_to {
            events.push(TimelineEvent::ClientChanged {
                from: case.client_id,
                to,
            });
            case.client_id = to;
        }
        if let Some(to) = changes.public.filter(|to| *to != case.public) {
            events.push(TimelineEvent::PublicChanged {
                from: case.public,
                to,
            });
            case.public = to;
        }
        if events.is_empty() {
            return Ok(case);
        }
        let now = self.ports.clock.now();
        case.updated_at = now;
        let entries: Vec<TimelineEntry> = events
            .into_iter()
            .map(|event| {
                self.timeline_entry(
                    case.id,
                    Author::Staff(actor.user_id),
                    event,
                    Visibility::Internal,
                    now,
                )
            })
            .collect();
        let mut uow = self.ports.transactions.begin().await?;
        self.ports.cases.update(uow.as_mut(), &case).await?;
        for entry in &entries {
            self.ports
                .timeline
                .append(uow.as_mut(), actor.org_id, entry)
                .await?;
        }
        uow.commit().await?;
        Ok(case)
    }
}
