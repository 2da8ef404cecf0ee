//! Clients (staff): customer companies: create one, search them, read one with its
//! contacts, rename one.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_contacts::{
    Client, ClientChanges, ClientDetail, ClientError, CreateClientError, NewClient, PublicProfile,
    SearchClientsError, UpdateClientError,
};
use frontdesk_kernel::ClientId;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::api::contacts::{ContactBody, field_problems};
use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

impl From<CreateClientError> for Problem {
    fn from(error: CreateClientError) -> Self {
        match error {
            CreateClientError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            CreateClientError::InvalidFields(errors) => field_problems(errors),
            CreateClientError::Repository(error) => error.into(),
        }
    }
}

impl From<ClientError> for Problem {
    fn from(error: ClientError) -> Self {
        match error {
            ClientError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            ClientError::ClientNotFound => Problem::not_found("client"),
            ClientError::Repository(error) => error.into(),
        }
    }
}

impl From<SearchClientsError> for Problem {
    fn from(error: SearchClientsError) -> Self {
        match error {
            SearchClientsError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            SearchClientsError::Repository(error) => error.into(),
        }
    }
}

impl From<UpdateClientError> for Problem {
    fn from(error: UpdateClientError) -> Self {
        match error {
            UpdateClientError::Forbidden(forbidden) => Problem::forbidden(forbidden.to_string()),
            UpdateClientError::ClientNotFound => Problem::not_found("client"),
            UpdateClientError::InvalidFields(errors) => field_problems(errors),
            UpdateClientError::Repository(error) => error.into(),
        }
    }
}

/// A client as the staff API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientBody {
    /// Id.
    pub id: Uuid,
    /// Name (names need not be unique).
    pub name: String,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last change.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<Client> for ClientBody {
    fn from(client: Client) -> Self {
        Self {
            id: client.id.as_uuid(),
            name: client.name.into_string(),
            created_at: client.created_at,
            updated_at: client.updated_at,
        }
    }
}

/// A client with its contacts and how many cases it has.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientDetailBody {
    /// The client.
    #[serde(flatten)]
    pub client: ClientBody,
    /// Its contacts, by last name, then first name.
    pub contacts: Vec<ContactBody>,
    /// How many cases belong to it (list them with `GET /api/v1/cases?client=`).
    pub case_count: u64,
}

impl From<ClientDetail> for ClientDetailBody {
    fn from(detail: ClientDetail) -> Self {
        Self {
            client: detail.client.into(),
            contacts: detail
                .contacts
                .iter()
                .map(|contact| PublicProfile::from(contact).into())
                .collect(),
            case_count: detail.case_count,
        }
    }
}

/// Search and page of `GET /api/v1/clients`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClientQuery {
    /// Only clients whose name contains this, ignoring case (`%` and `_` are literal).
    pub q: Option<String>,
    /// The page, from 1 (default 1).
    pub page: Option<u32>,
    /// Clients per page, 1–100 (default 50).
    pub per_page: Option<u32>,
}

/// Clients per page when the caller does not say.
const DEFAULT_PER_PAGE: u32 = 50;

/// A page of clients, by name.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientPage {
    /// The page's clients.
    pub items: Vec<ClientBody>,
    /// How many clients match, on every page.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u32,
    /// Clients per page.
    pub per_page: u32,
    /// The next page's number, or `null` on the last page.
    pub next_page: Option<u32>,
    /// Always `null`: this list is paged by number (`page`, `next_page`), not by cursor.
    pub next_after: Option<Uuid>,
}

/// Searches the organisation's clients by name, a page at a time (staff who manage
/// contacts or view cases).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", security(("bearer" = [])), params(ClientQuery),
    responses(
        (status = 200, description = "A page of clients, by name", body = ClientPage),
        (status = 400, description = "The query string could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May neither manage contacts nor view cases", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_clients(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(query): ApiQuery<ClientQuery>,
) -> Result<Json<ClientPage>, Problem> {
    let found = app
        .contacts
        .search_clients(
            &actor,
            query.q,
            query.page.unwrap_or(1),
            query.per_page.unwrap_or(DEFAULT_PER_PAGE),
        )
        .await?;
    let next_page = (u64::from(found.page) < found.page_count()).then(|| found.page + 1);
    Ok(Json(ClientPage {
        items: found.rows.into_iter().map(Into::into).collect(),
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        next_page,
        next_after: None,
    }))
}

/// Body of `POST /api/v1/clients`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClientBody {
    /// Name (1–200 characters, one line; need not be unique).
    pub name: String,
}

/// Creates a client (staff who manage contacts).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", security(("bearer" = [])), request_body = CreateClientBody,
    responses(
        (status = 201, description = "The new client", body = ClientBody),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage contacts", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields of the wrong type or unknown, or an invalid name", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_client(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<CreateClientBody>,
) -> Result<(StatusCode, Json<ClientBody>), Problem> {
    let created = app
        .contacts
        .create_client(&actor, NewClient { name: body.name })
        .await?;
    Ok((StatusCode::CREATED, Json(created.into())))
}

/// A client with its contacts and its number of cases.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The client", body = ClientDetailBody),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May neither manage contacts nor view cases", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client in the caller's organisation (or a malformed id)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_client(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ClientId>,
) -> Result<Json<ClientDetailBody>, Problem> {
    Ok(Json(app.contacts.client(&actor, id).await?.into()))
}

/// Body of `PATCH /api/v1/clients/{id}`: only the fields sent change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateClientBody {
    /// New name (1–200 characters, one line).
    pub name: Option<String>,
}

/// Renames a client (staff who manage contacts).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/clients/{id}", tag = "clients", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateClientBody,
    responses(
        (status = 200, description = "The client as it now is", body = ClientBody),
        (status = 400, description = "The body is not valid JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid API token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not manage contacts", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such client in the caller's organisation (or a malformed id)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields of the wrong type or unknown, or an invalid name", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_client(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ClientId>,
    ApiJson(body): ApiJson<UpdateClientBody>,
) -> Result<Json<ClientBody>, Problem> {
    let updated = app
        .contacts
        .update_client(&actor, id, ClientChanges { name: body.name })
        .await?;
    Ok(Json(updated.into()))
}
