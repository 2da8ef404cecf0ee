//! Contacts (staff): search them, create one, read its public profile, write to it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_contacts::{
    ContactMessage, ContactProfileError, CreateContactError, EmailContactError, FieldError,
    NewContact, PublicProfile, SearchContactsError,
};
use frontdesk_kernel::{ClientId, ContactId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::mail::QueuedAnswer;
use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

/// A 422 problem listing each invalid field.
pub(crate) fn field_problems(errors: Vec<FieldError>) -> Problem {
    Problem::invalid(
        errors
            .into_iter()
            .map(|e| FieldProblem {
                field: e.field,
                message: e.message,
            })
            .collect(),
    )
}

impl From<CreateContactError> for Problem {
    fn from(error: CreateContactError) -> Self {
        match error {
            CreateContactError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            CreateContactError::InvalidFields(errors) => field_problems(errors),
            CreateContactError::ContactExists => {
                Problem::conflict("contact-exists", error.to_string())
            }
            CreateContactError::Repository(error) => error.into(),
        }
    }
}

impl From<ContactProfileError> for Problem {
    fn from(error: ContactProfileError) -> Self {
        match error {
            ContactProfileError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            ContactProfileError::ContactNotFound => Problem::not_found("contact"),
            ContactProfileError::Repository(error) => error.into(),
        }
    }
}

impl From<EmailContactError> for Problem {
    fn from(error: EmailContactError) -> Self {
        match error {
            EmailContactError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            EmailContactError::ContactNotFound => Problem::not_found("contact"),
            EmailContactError::InvalidMessage(errors) => field_problems(errors),
            EmailContactError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            EmailContactError::Repository(error) => error.into(),
        }
    }
}

impl From<SearchContactsError> for Problem {
    fn from(error: SearchContactsError) -> Self {
        match error {
            SearchContactsError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            SearchContactsError::Repository(error) => error.into(),
        }
    }
}

/// A contact's public profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactBody {
    /// Id.
    pub id: Uuid,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: Option<String>,
    /// The client the contact works for, if any.
    pub client_id: Option<Uuid>,
}

impl From<PublicProfile> for ContactBody {
    fn from(p: PublicProfile) -> Self {
        Self {
            id: p.id.as_uuid(),
            first_name: p.first_name,
            last_name: p.last_name,
            email: p.email,
            phone: p.phone,
            client_id: p.client_id.map(|id| id.as_uuid()),
        }
    }
}

/// Search and page of `GET /api/v1/contacts`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactQuery {
    /// Only contacts whose name ("first last") or email contains this, ignoring case
    /// (`%` and `_` are literal).
    pub q: Option<String>,
    /// The page, from 1 (default 1).
    pub page: Option<u32>,
    /// Contacts per page, 1–100 (default 50).
    pub per_page: Option<u32>,
}

/// Contacts per page when the caller does not say.
const DEFAULT_PER_PAGE: u32 = 50;

/// A page of contacts, by last name, then first name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactPage {
    /// The page's contacts.
    pub items: Vec<ContactBody>,
    /// How many contacts match, on every page.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// Contacts per page.
    pub per_page: u32,
    /// The next page's number, or `null` on the last page.
    pub next_page: Option<u32>,
    /// Always `null`: this list is paged by number (`page`, `next_page`), not by cursor.
    pub next_after: Option<Uuid>,
}

/// Searches the organisation's contacts by name or email, a page at a time (staff who
/// manage contacts or view cases).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])), params(ContactQuery),
    responses(
        (status = 200, description = "A page of contacts, by last name, then first name", body = ContactPage),
        (status = 400, description = "The query string could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May neither manage contacts nor view cases", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_contacts(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(query): ApiQuery<ContactQuery>,
) -> Result<Json<ContactPage>, Problem> {
    let found = app
        .contacts
        .search_contacts(
            &actor,
            query.q,
            query.page.unwrap_or(1),
            query.per_page.unwrap_or(DEFAULT_PER_PAGE),
        )
        .await?;
    let next_page = (u64::from(found.page) < found.page_count()).then(|| found.page + 1);
    Ok(Json(ContactPage {
        items: found
            .rows
            .iter()
            .map(|contact| PublicProfile::from(contact).into())
            .collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        next_page,
        next_after: None,
    }))
}

/// Body of `POST /api/v1/contacts`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContactBody {
    /// Email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// A client of the organisation the contact works for.
    pub client_id: Option<Uuid>,
}

impl CreateContactBody {
    /// The domain request (the fields are checked by the use case, every one listed).
    pub fn into_domain(self) -> NewContact {
        NewContact {
            email: self.email,
            first_name: self.first_name,
            last_name: self.last_name,
            phone: self.phone,
            address: self.address,
            client_id: self.client_id.map(ClientId::from_uuid),
        }
    }
}

/// Creates a contact.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contacts", tag = "contacts", security(("bearer" = [])), request_body = CreateContactBody,
    responses((status = 201, body = ContactBody), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<CreateContactBody>,
) -> Result<(StatusCode, Json<ContactBody>), Problem> {
    let created = app
        .contacts
        .create_contact(&actor, body.into_domain())
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(PublicProfile::from(&created).into()),
    ))
}

/// A contact's public profile.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ContactBody), (status = 404, body = Problem)))]
pub async fn get_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactId>,
) -> Result<Json<ContactBody>, Problem> {
    Ok(Json(app.contacts.contact_profile(&actor, id).await?.into()))
}

/// Body of `POST /api/v1/contacts/{id}/email`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailContactBody {
    /// Subject.
    pub subject: String,
    /// Message.
    pub body: String,
}

impl EmailContactBody {
    /// The domain request (subject and body are checked by the use case).
    pub fn into_domain(self) -> ContactMessage {
        ContactMessage {
            subject: self.subject,
            body: self.body,
        }
    }
}

/// Queues a message to a contact.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contacts/{id}/email", tag = "contacts", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = EmailContactBody,
    responses((status = 202, body = QueuedAnswer), (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn email_contact(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactId>,
    ApiJson(body): ApiJson<EmailContactBody>,
) -> Result<(StatusCode, Json<QueuedAnswer>), Problem> {
    let id = app
        .contacts
        .email_contact(&actor, id, body.into_domain())
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(QueuedAnswer {
            message_id: id.as_uuid(),
            status: "queued",
        }),
    ))
}
