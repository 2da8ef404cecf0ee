//! Contact users (staff): create on a client, read, change, send a password. Neither a
//! temporary password nor a set-password link ever appears in an answer: they go to the
//! person by mail only.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_contacts::{
    ContactUserChanges, ContactUserError, ContactUserView, CreateContactUserError,
    InviteContactUser, InviteContactUserError, NewContactUser, PasswordMode, SendPasswordError,
    UpdateContactUserError,
};
use frontdesk_kernel::{ClientId, ContactUserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::api::contacts::field_problems;
use crate::extract::{ApiJson, ApiPath, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

impl From<CreateContactUserError> for Problem {
    fn from(error: CreateContactUserError) -> Self {
        match error {
            CreateContactUserError::Forbidden(missing) => missing.into(),
            CreateContactUserError::ClientNotFound => Problem::not_found("client"),
            CreateContactUserError::InvalidFields(errors) => field_problems(errors),
            CreateContactUserError::UsernameTaken => username_taken(),
            CreateContactUserError::AlreadyAUser => {
                Problem::conflict("contact-user-exists", error.to_string())
            }
            CreateContactUserError::Repository(error) => error.into(),
        }
    }
}

impl From<ContactUserError> for Problem {
    fn from(error: ContactUserError) -> Self {
        match error {
            ContactUserError::Forbidden(missing) => missing.into(),
            ContactUserError::NotFound => Problem::not_found("contact user"),
            ContactUserError::Repository(error) => error.into(),
        }
    }
}

impl From<UpdateContactUserError> for Problem {
    fn from(error: UpdateContactUserError) -> Self {
        match error {
            UpdateContactUserError::Forbidden(missing) => missing.into(),
            UpdateContactUserError::NotFound => Problem::not_found("contact user"),
            UpdateContactUserError::InvalidFields(errors) => field_problems(errors),
            UpdateContactUserError::UsernameTaken => username_taken(),
            UpdateContactUserError::Repository(error) => error.into(),
        }
    }
}

impl From<SendPasswordError> for Problem {
    fn from(error: SendPasswordError) -> Self {
        match error {
            SendPasswordError::Forbidden(missing) => missing.into(),
            SendPasswordError::NotFound => Problem::not_found("contact user"),
            SendPasswordError::Disabled => {
                Problem::conflict("contact-user-disabled", error.to_string())
            }
            SendPasswordError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            SendPasswordError::Busy => Problem::too_many_requests(2, error.to_string()),
            SendPasswordError::Hashing(_) => Problem::internal(&error),
            SendPasswordError::Repository(error) => error.into(),
        }
    }
}

/// 409 naming the field: the username is taken in the organisation.
fn username_taken() -> Problem {
    let mut problem = Problem::conflict(
        "username-taken",
        "username: this username is taken in the organisation",
    );
    problem.errors = vec![crate::problem::FieldProblem {
        field: "username".to_owned(),
        message: "this username is taken".to_owned(),
    }];
    problem
}

/// Body of `POST /api/v1/clients/{id}/contact-users`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateContactUserBody {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Email; the organisation's contact with this address is used, or created.
    pub email: String,
    /// Phone (for a new contact).
    pub phone: Option<String>,
    /// Username; by default the email's local part, made unique. Compared ignoring case.
    pub username: Option<String>,
}

/// Body of `PATCH /api/v1/contact-users/{id}`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateContactUserBody {
    /// A new username.
    pub username: Option<String>,
    /// Disable (`true`) or enable (`false`) the account.
    pub disabled: Option<bool>,
}

/// Body of `POST /api/v1/contact-users/{id}/send-password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendPasswordBody {
    /// `temporary` (a generated password, 72 h, changed at first sign-in) or `link` (a
    /// one-time set-password link).
    #[schema(value_type = String, example = "temporary")]
    pub mode: PasswordMode,
}

/// A contact user as staff see it: never a password, hash or link.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactUserBody {
    /// Id.
    pub id: Uuid,
    /// Login name (lower case).
    pub username: String,
    /// The person's address.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// `invited`, `pending`, `active`, `disabled` or `removed`.
    pub state: &'static str,
    /// Must choose a new password at next sign-in.
    pub must_change_password: bool,
    /// Whether a (possibly temporary) password is set.
    pub has_password: bool,
    /// When the temporary password stops working, while there is one.
    #[serde(with = "time::serde::rfc3339::option")]
    pub temporary_password_expires_at: Option<OffsetDateTime>,
    /// The contact it is.
    pub contact_id: Uuid,
    /// The clients it belongs to.
    pub client_ids: Vec<Uuid>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl From<ContactUserView> for ContactUserBody {
    fn from(view: ContactUserView) -> Self {
        let ContactUserView { user, contact } = view;
        Self {
            id: user.id.as_uuid(),
            username: user.username.as_str().to_owned(),
            email: contact.email.as_str().to_owned(),
            first_name: contact.first_name.as_str().to_owned(),
            last_name: contact.last_name.as_str().to_owned(),
            state: user.state.as_str(),
            must_change_password: user.must_change_password,
            has_password: user.password_hash.is_some(),
            temporary_password_expires_at: user.temporary_password_expires_at,
            contact_id: contact.id.as_uuid(),
            client_ids: user.client_ids.iter().map(ClientId::as_uuid).collect(),
            created_at: user.created_at,
            updated_at: user.updated_at,
        }
    }
}

/// The answer to a sent password: how, and until when. Never the secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordSentBody {
    /// `temporary` or `link`.
    pub mode: &'static str,
    /// When the temporary password or the link stops working.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Always `queued`: the mail goes out shortly.
    pub status: &'static str,
}

/// Creates a contact user on a client (state `invited`; no mail yet).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/clients/{id}/contact-users", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = CreateContactUserBody,
    responses(
        (status = 201, body = ContactUserBody),
        (status = 403, body = Problem),
        (status = 404, description = "No such client", body = Problem),
        (status = 409, description = "Username taken (`errors` names the field) or the contact already has a login", body = Problem),
        (status = 422, body = Problem),
    ))]
pub async fn create_contact_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(client): ApiPath<ClientId>,
    ApiJson(body): ApiJson<CreateContactUserBody>,
) -> Result<(StatusCode, Json<ContactUserBody>), Problem> {
    let request = NewContactUser {
        first_name: body.first_name,
        last_name: body.last_name,
        email: body.email,
        phone: body.phone,
        username: body.username,
    };
    let view = app
        .contact_users
        .create_contact_user(&actor, client, request)
        .await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// One contact user.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contact-users/{id}", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ContactUserBody), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_contact_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactUserId>,
) -> Result<Json<ContactUserBody>, Problem> {
    Ok(Json(
        app.contact_users.contact_user(&actor, id).await?.into(),
    ))
}

/// Changes a contact user's username or disables (or enables) it.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/contact-users/{id}", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = UpdateContactUserBody,
    responses(
        (status = 200, body = ContactUserBody),
        (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "Username taken (`errors` names the field)", body = Problem),
        (status = 422, body = Problem),
    ))]
pub async fn update_contact_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactUserId>,
    ApiJson(body): ApiJson<UpdateContactUserBody>,
) -> Result<Json<ContactUserBody>, Problem> {
    let changes = ContactUserChanges {
        username: body.username,
        disabled: body.disabled,
    };
    let view = app
        .contact_users
        .update_contact_user(&actor, id, changes)
        .await?;
    Ok(Json(view.into()))
}

/// Mails the contact user a temporary password or a one-time set-password link. The answer
/// never contains either.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contact-users/{id}/send-password", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = SendPasswordBody,
    responses(
        (status = 202, body = PasswordSentBody),
        (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 409, description = "The contact user is disabled", body = Problem),
        (status = 422, body = Problem),
        (status = 429, description = "The person was mailed moments ago, or hashing is busy", body = Problem),
    ))]
pub async fn send_password(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<ContactUserId>,
    ApiJson(body): ApiJson<SendPasswordBody>,
) -> Result<(StatusCode, Json<PasswordSentBody>), Problem> {
    let sent = app
        .contact_users
        .send_password(&actor, id, body.mode)
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(PasswordSentBody {
            mode: sent.mode.as_str(),
            expires_at: sent.expires_at,
            status: "queued",
        }),
    ))
}

impl From<InviteContactUserError> for Problem {
    fn from(error: InviteContactUserError) -> Self {
        match error {
            InviteContactUserError::Forbidden(missing) => missing.into(),
            InviteContactUserError::InvalidFields(errors) => field_problems(errors),
            InviteContactUserError::ClientNotFound => Problem::invalid_field(
                "client_ids",
                "no client of this organisation has one of these ids",
            ),
            InviteContactUserError::AlreadyAUser => {
                Problem::conflict("contact-user-exists", error.to_string())
            }
            InviteContactUserError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            InviteContactUserError::Repository(error) => error.into(),
        }
    }
}

/// Body of `POST /api/v1/contact-users` (an invitation to the portal).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InviteContactUserBody {
    /// The person's address; the organisation's contact with it is used, or created.
    pub email: String,
    /// The clients the person belongs to.
    #[serde(default)]
    pub client_ids: Vec<Uuid>,
    /// First name, if known (the person enters theirs on the invitation).
    pub first_name: Option<String>,
    /// Last name, if known.
    pub last_name: Option<String>,
}

/// An invited contact user: the account (state `invited`) and when the invitation expires.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitedContactUserBody {
    /// The account.
    #[serde(flatten)]
    pub user: ContactUserBody,
    /// When the invitation link stops working.
    #[serde(with = "time::serde::rfc3339")]
    pub invitation_expires_at: OffsetDateTime,
}

/// Invites a person to the portal: an `invited` contact user, and an invitation link
/// `{base}/a/fda_…` (7 days) mailed to them — never in the answer. On it the person enters
/// their name and a password and is signed in.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contact-users", tag = "contact users", security(("bearer" = [])),
    request_body = InviteContactUserBody,
    responses(
        (status = 201, body = InvitedContactUserBody),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The address already has an account", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "The person was sent mail very recently (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn invite_contact_user(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<InviteContactUserBody>,
) -> Result<(StatusCode, Json<InvitedContactUserBody>), Problem> {
    let request = InviteContactUser {
        email: body.email,
        client_ids: body
            .client_ids
            .into_iter()
            .map(ClientId::from_uuid)
            .collect(),
        first_name: body.first_name,
        last_name: body.last_name,
    };
    let invited = app
        .contact_users
        .invite_contact_user(&actor, request)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(InvitedContactUserBody {
            user: invited.view.into(),
            invitation_expires_at: invited.expires_at,
        }),
    ))
}
