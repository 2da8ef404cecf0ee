//! Mail administration (admins): templates, previews, test mail and undeliverable mail.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_kernel::{EmailAddress, Language, MessageId, PageRequest};
use frontdesk_messaging::{
    DeadLetterError, DeadMessage, EnqueueError, MailTemplate, RenderedMail, SendTestMailError,
    TemplateAdminError, TemplateKind, TemplateRuleError,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::staff::PageParams;
use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth, optional_json};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

/// A template's three parts (handlebars). Legacy `<CompanyName>`, `<ResourceName>`,
/// `<ResourceLogin>` and `<ResourceTempPassword>` placeholders are accepted and converted.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateBody {
    /// Subject line.
    pub subject: String,
    /// HTML body (data is escaped).
    pub html: String,
    /// Plain-text body.
    pub text: String,
}

/// A template as stored, and whether it is the shipped default.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateAnswer {
    /// Kind.
    pub kind: String,
    /// Language.
    pub language: String,
    /// Whether no override is saved and the shipped default applies.
    pub is_default: bool,
    /// The template's parts.
    #[serde(flatten)]
    pub template: TemplateBody,
}

/// A rendered preview.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewAnswer {
    /// Rendered subject.
    pub subject: String,
    /// Rendered HTML body.
    pub html: String,
    /// Rendered text body.
    pub text: String,
}

/// Body of `POST /api/v1/mail/test`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestMailBody {
    /// Where to send the test mail.
    pub to: String,
}

/// Answer of `POST /api/v1/mail/test`.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuedAnswer {
    /// The queued message's id.
    pub message_id: Uuid,
    /// Always `queued`: the worker sends it shortly.
    pub status: &'static str,
}

/// A dead (undeliverable) message.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadMessageBody {
    /// Message id (retry by it).
    pub id: Uuid,
    /// Recipient.
    pub to: String,
    /// Template kind.
    pub kind: String,
    /// Attempts made.
    pub attempts: u32,
    /// The last failure.
    pub last_error: Option<String>,
    /// When it was queued.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

/// A page of dead messages.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadMessagePage {
    /// The messages, oldest first.
    pub items: Vec<DeadMessageBody>,
    /// Cursor for the next page.
    pub next_after: Option<Uuid>,
}

/// Path of a template.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TemplatePath {
    /// Template kind, e.g. `temporary_password`.
    pub kind: String,
    /// Language: `en` or `fr`.
    pub language: String,
}

impl From<DeadMessage> for DeadMessageBody {
    fn from(dead: DeadMessage) -> Self {
        Self {
            id: dead.message.id.as_uuid(),
            to: dead.message.to.to_string(),
            kind: dead.message.kind.as_str().to_owned(),
            attempts: dead.attempts,
            last_error: dead.last_error,
            created_at: dead.message.created_at,
        }
    }
}

impl From<TemplateBody> for MailTemplate {
    fn from(body: TemplateBody) -> Self {
        Self {
            subject: body.subject,
            html: body.html,
            text: body.text,
        }
    }
}

impl From<MailTemplate> for TemplateBody {
    fn from(template: MailTemplate) -> Self {
        Self {
            subject: template.subject,
            html: template.html,
            text: template.text,
        }
    }
}

impl From<RenderedMail> for PreviewAnswer {
    fn from(mail: RenderedMail) -> Self {
        Self {
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
        }
    }
}

fn rule_problem(error: &TemplateRuleError) -> Problem {
    let field = match error {
        TemplateRuleError::DoesNotCompile { part, .. }
        | TemplateRuleError::MissingPlaceholders { part, .. }
        | TemplateRuleError::Size { part, .. } => *part,
    };
    let mut problem = Problem::invalid(vec![FieldProblem {
        field: field.to_owned(),
        message: error.to_string(),
    }]);
    let kind = match error {
        TemplateRuleError::DoesNotCompile { .. } => "template-does-not-compile",
        TemplateRuleError::MissingPlaceholders { .. } => "template-missing-placeholders",
        TemplateRuleError::Size { .. } => "validation",
    };
    problem.kind = format!("urn:frontdesk:problem:{kind}");
    problem.detail = Some(error.to_string());
    problem
}

impl From<TemplateAdminError> for Problem {
    fn from(error: TemplateAdminError) -> Self {
        match error {
            TemplateAdminError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            TemplateAdminError::Rule(rule) => rule_problem(&rule),
            TemplateAdminError::Render(render) => {
                let mut problem = Problem::invalid_field("template", render.to_string());
                problem.kind = "urn:frontdesk:problem:template-does-not-render".into();
                problem
            }
            TemplateAdminError::Repository(error) => error.into(),
        }
    }
}

impl From<EnqueueError> for Problem {
    fn from(error: EnqueueError) -> Self {
        match error {
            EnqueueError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            EnqueueError::Repository(error) => error.into(),
        }
    }
}

impl From<SendTestMailError> for Problem {
    fn from(error: SendTestMailError) -> Self {
        match error {
            SendTestMailError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            SendTestMailError::Enqueue(error) => error.into(),
            SendTestMailError::Repository(error) => error.into(),
        }
    }
}

impl From<DeadLetterError> for Problem {
    fn from(error: DeadLetterError) -> Self {
        match error {
            DeadLetterError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            DeadLetterError::NotFound => Problem::not_found("dead message"),
            DeadLetterError::Repository(error) => error.into(),
        }
    }
}

fn parse_path(path: &TemplatePath) -> Result<(TemplateKind, Language), Problem> {
    let kind =
        TemplateKind::parse(&path.kind).ok_or_else(|| Problem::not_found("template kind"))?;
    let language =
        Language::parse(&path.language).map_err(|_| Problem::not_found("template language"))?;
    Ok((kind, language))
}

fn answer(
    kind: TemplateKind,
    language: Language,
    template: MailTemplate,
    is_default: bool,
) -> TemplateAnswer {
    TemplateAnswer {
        kind: kind.as_str().to_owned(),
        language: language.code().to_owned(),
        is_default,
        template: template.into(),
    }
}

/// The template in force for a kind and language (an override, or the shipped default).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/mail-templates/{kind}/{language}", tag = "mail",
    security(("bearer" = [])), params(TemplatePath),
    responses(
        (status = 200, description = "The template", body = TemplateAnswer),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown kind or language", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_template(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(path): ApiPath<TemplatePath>,
) -> Result<Json<TemplateAnswer>, Problem> {
    let (kind, language) = parse_path(&path)?;
    let view = app.messaging.template(&actor, kind, language).await?;
    Ok(Json(answer(kind, language, view.template, view.is_default)))
}

/// Saves the organisation's override. It must compile and keep the kind's required
/// placeholders in both bodies (422 naming what is missing); legacy placeholders are
/// converted.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(put, path = "/api/v1/mail-templates/{kind}/{language}", tag = "mail",
    security(("bearer" = [])), params(TemplatePath), request_body = TemplateBody,
    responses(
        (status = 200, description = "Saved (as converted)", body = TemplateAnswer),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown kind or language", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Does not compile, lacks a required placeholder, or does not render", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn put_template(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(path): ApiPath<TemplatePath>,
    ApiJson(body): ApiJson<TemplateBody>,
) -> Result<Json<TemplateAnswer>, Problem> {
    let (kind, language) = parse_path(&path)?;
    let saved = app
        .messaging
        .save_template(&actor, kind, language, &body.into())
        .await?;
    Ok(Json(answer(kind, language, saved, false)))
}

/// Removes the override; the shipped default applies again.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/mail-templates/{kind}/{language}", tag = "mail",
    security(("bearer" = [])), params(TemplatePath),
    responses(
        (status = 204, description = "Back to the default"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Unknown kind or language, or no override saved", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn delete_template(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(path): ApiPath<TemplatePath>,
) -> Result<StatusCode, Problem> {
    let (kind, language) = parse_path(&path)?;
    if app.messaging.reset_template(&actor, kind, language).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("template override"))
    }
}

/// Renders a template with sample data without saving: the body's template if one is sent,
/// otherwise the one in force.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/mail-templates/{kind}/{language}/preview", tag = "mail",
    security(("bearer" = [])), params(TemplatePath),
    request_body(content = Option<TemplateBody>, description = "A candidate template (optional)"),
    responses(
        (status = 200, description = "Rendered with sample data", body = PreviewAnswer),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Does not compile or render", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn preview_template(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(path): ApiPath<TemplatePath>,
    body: axum::body::Bytes,
) -> Result<Json<PreviewAnswer>, Problem> {
    let (kind, language) = parse_path(&path)?;
    let candidate: Option<TemplateBody> = optional_json(&body)?;
    let candidate = candidate.map(MailTemplate::from);
    let rendered = app
        .messaging
        .preview(&actor, kind, language, candidate.as_ref())
        .await?;
    Ok(Json(rendered.into()))
}

/// Queues a test mail through the outbox (the worker sends it).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/mail/test", tag = "mail",
    security(("bearer" = [])), request_body = TestMailBody,
    responses(
        (status = 202, description = "Queued", body = QueuedAnswer),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a usable address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "This recipient got mail very recently", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn send_test_mail(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<TestMailBody>,
) -> Result<(StatusCode, Json<QueuedAnswer>), Problem> {
    let to = EmailAddress::parse(&body.to)
        .map_err(|error| Problem::invalid_field("to", error.to_string()))?;
    let id = app.messaging.send_test_mail(&actor, to).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(QueuedAnswer {
            message_id: id.as_uuid(),
            status: "queued",
        }),
    ))
}

/// Lists messages that could not be delivered after every attempt.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/mail/dead", tag = "mail",
    security(("bearer" = [])), params(PageParams),
    responses(
        (status = 200, description = "A page of dead messages", body = DeadMessagePage),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_dead(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<DeadMessagePage>, Problem> {
    let page = app
        .messaging
        .dead_messages(&actor, PageRequest::new(params.after, params.limit))
        .await?;
    Ok(Json(DeadMessagePage {
        next_after: page.next_after,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Queues a dead message again with a fresh set of attempts.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/mail/dead/{id}/retry", tag = "mail",
    security(("bearer" = [])), params(("id" = Uuid, Path, description = "Message id")),
    responses(
        (status = 202, description = "Queued again"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dead message in this organisation", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn retry_dead(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<MessageId>,
) -> Result<StatusCode, Problem> {
    app.messaging.retry_dead(&actor, id).await?;
    Ok(StatusCode::ACCEPTED)
}
