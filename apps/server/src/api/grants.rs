//! Contact users' access to cases (staff): per-case grants, the standing "all public cases
//! of the user's clients" rule, and who can reach a case and how.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use frontdesk_access::{
    AccessGrant, CaseAccessError, CaseRole, CaseStatusFilter, GrantAccess, GrantAccessError,
    GrantedCase, ListGrantsError, PublicCasesRule, PublicCasesRuleError, RevokeGrantError,
    SetPublicCasesRule,
};
use frontdesk_cases::GuestLinksError;
use frontdesk_kernel::{AccessGrantId, CaseId, ContactUserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiJson, ApiPath, ApiQuery, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

impl From<GrantAccessError> for Problem {
    fn from(error: GrantAccessError) -> Self {
        match error {
            GrantAccessError::Forbidden(missing) => missing.into(),
            GrantAccessError::UserNotFound => Problem::not_found("contact user"),
            GrantAccessError::CaseNotFound => Problem::not_found("case"),
            GrantAccessError::Repository(error) => error.into(),
        }
    }
}

impl From<RevokeGrantError> for Problem {
    fn from(error: RevokeGrantError) -> Self {
        match error {
            RevokeGrantError::Forbidden(missing) => missing.into(),
            RevokeGrantError::NotFound => Problem::not_found("grant"),
            RevokeGrantError::Repository(error) => error.into(),
        }
    }
}

impl From<ListGrantsError> for Problem {
    fn from(error: ListGrantsError) -> Self {
        match error {
            ListGrantsError::Forbidden(missing) => missing.into(),
            ListGrantsError::UserNotFound => Problem::not_found("contact user"),
            ListGrantsError::Repository(error) => error.into(),
        }
    }
}

impl From<PublicCasesRuleError> for Problem {
    fn from(error: PublicCasesRuleError) -> Self {
        match error {
            PublicCasesRuleError::Forbidden(missing) => missing.into(),
            PublicCasesRuleError::UserNotFound => Problem::not_found("contact user"),
            PublicCasesRuleError::Repository(error) => error.into(),
        }
    }
}

impl From<CaseAccessError> for Problem {
    fn from(error: CaseAccessError) -> Self {
        match error {
            CaseAccessError::Forbidden(missing) => missing.into(),
            CaseAccessError::CaseNotFound => Problem::not_found("case"),
            CaseAccessError::Repository(error) => error.into(),
        }
    }
}

impl From<GuestLinksError> for Problem {
    fn from(error: GuestLinksError) -> Self {
        match error {
            GuestLinksError::Forbidden(missing) => missing.into(),
            GuestLinksError::CaseNotFound => Problem::not_found("case"),
            GuestLinksError::Repository(error) => error.into(),
        }
    }
}

/// Body of `POST /api/v1/contact-users/{id}/grants`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGrantBody {
    /// The case (of the user's clients, or of no client).
    pub case_id: Uuid,
    /// `viewer` (read, comment publicly) or `editor` (also edit where the form's status
    /// rules allow).
    #[schema(value_type = String, example = "viewer")]
    pub role: CaseRole,
}

/// A grant.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantBody {
    /// Id.
    pub id: Uuid,
    /// Who is granted.
    pub contact_user_id: Uuid,
    /// Which case.
    pub case_id: Uuid,
    /// `viewer` or `editor`.
    pub role: &'static str,
    /// Who granted it.
    pub granted_by: Uuid,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub granted_at: OffsetDateTime,
    /// Whether the case is still open (only in lists).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_open: Option<bool>,
}

impl From<&AccessGrant> for GrantBody {
    fn from(grant: &AccessGrant) -> Self {
        Self {
            id: grant.id.as_uuid(),
            contact_user_id: grant.contact_user_id.as_uuid(),
            case_id: grant.case_id.as_uuid(),
            role: grant.role.as_str(),
            granted_by: grant.granted_by.as_uuid(),
            granted_at: grant.granted_at,
            case_open: None,
        }
    }
}

impl From<GrantedCase> for GrantBody {
    fn from(granted: GrantedCase) -> Self {
        Self {
            case_open: Some(granted.case.open),
            ..Self::from(&granted.grant)
        }
    }
}

/// A page of grants (one page holds them all: `next_after` is always null).
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantList {
    /// The user's unrevoked grants, oldest first.
    pub items: Vec<GrantBody>,
    /// Always null.
    pub next_after: Option<Uuid>,
}

/// Query of `GET /api/v1/contact-users/{id}/grants`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct GrantQuery {
    /// `open` or `closed`: only grants whose case is (not) closed.
    #[param(value_type = Option<String>)]
    pub status: Option<CaseStatusFilter>,
}

/// Body and answer of `PUT /api/v1/contact-users/{id}/public-cases`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicCasesBody {
    /// Cover the user's clients' open public cases.
    pub open: bool,
    /// Cover the user's clients' closed public cases.
    pub closed: bool,
}

/// A contact user who reaches a case, and how.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReachBody {
    /// The contact user.
    pub contact_user_id: Uuid,
    /// Their login, when the account still exists.
    pub username: Option<String>,
    /// `grant` or `public_cases`.
    pub via: &'static str,
    /// `viewer` or `editor`.
    pub role: &'static str,
    /// The grant, for `grant`.
    pub grant_id: Option<Uuid>,
    /// The rule covers open (and/or closed) public cases, for `public_cases`.
    pub open: Option<bool>,
    /// The rule covers closed public cases, for `public_cases`.
    pub closed: Option<bool>,
    /// Since when (the grant, or the rule's last change).
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
}

/// A share link that opens the case now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShareReachBody {
    /// The link.
    pub id: Uuid,
    /// Its label.
    pub label: Option<String>,
    /// Who created it.
    pub created_by: Uuid,
    /// When it stops working.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    /// Views so far.
    pub views: u32,
    /// Views allowed.
    pub max_views: Option<u32>,
}

/// A guest link that opens the case now (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestReachBody {
    /// The link.
    pub id: Uuid,
    /// The contact it was issued to.
    pub contact_id: Uuid,
    /// The contact's name, when the contact is still linked to the case.
    pub name: Option<String>,
    /// The contact's address, likewise.
    pub email: Option<String>,
    /// Issued.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// When it stops working.
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// Everyone who can reach a case, and how.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseAccessBody {
    /// The case.
    pub case_id: Uuid,
    /// Its client.
    pub client_id: Option<Uuid>,
    /// Whether it is public (to its client's users under a public-cases rule).
    pub public: bool,
    /// Whether it is open.
    pub open: bool,
    /// Contact users, by grant and by rule.
    pub contact_users: Vec<ReachBody>,
    /// Guest links that open it now.
    pub guests: Vec<GuestReachBody>,
    /// Share links that open it now.
    pub share_links: Vec<ShareReachBody>,
}

fn rule_body(rule: &PublicCasesRule) -> PublicCasesBody {
    PublicCasesBody {
        open: rule.open,
        closed: rule.closed,
    }
}

/// Grants a contact user one case.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/contact-users/{id}/grants", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = CreateGrantBody,
    responses(
        (status = 201, body = GrantBody),
        (status = 403, body = Problem),
        (status = 404, description = "No such contact user, or no such case of the user's clients", body = Problem),
        (status = 422, body = Problem),
    ))]
pub async fn create_grant(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(user): ApiPath<ContactUserId>,
    ApiJson(body): ApiJson<CreateGrantBody>,
) -> Result<(StatusCode, Json<GrantBody>), Problem> {
    let grant = app
        .grants
        .grant(
            &actor,
            GrantAccess {
                contact_user_id: user,
                case_id: CaseId::from_uuid(body.case_id),
                role: body.role,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(GrantBody::from(&grant))))
}

/// A contact user's unrevoked grants, optionally only to open or closed cases.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contact-users/{id}/grants", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path), GrantQuery),
    responses((status = 200, body = GrantList), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_grants(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(user): ApiPath<ContactUserId>,
    ApiQuery(query): ApiQuery<GrantQuery>,
) -> Result<Json<GrantList>, Problem> {
    let grants = app.grants.list_grants(&actor, user, query.status).await?;
    Ok(Json(GrantList {
        items: grants.into_iter().map(Into::into).collect(),
        next_after: None,
    }))
}

/// Revokes a grant; it stops counting on the next request.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(delete, path = "/api/v1/grants/{id}", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_grant(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(id): ApiPath<AccessGrantId>,
) -> Result<StatusCode, Problem> {
    app.grants.revoke_grant(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the user's "all public cases of the user's clients" rule (both false removes it).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(put, path = "/api/v1/contact-users/{id}/public-cases", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    request_body = PublicCasesBody,
    responses((status = 200, body = PublicCasesBody), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn set_public_cases(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(user): ApiPath<ContactUserId>,
    ApiJson(body): ApiJson<PublicCasesBody>,
) -> Result<Json<PublicCasesBody>, Problem> {
    let rule = app
        .grants
        .set_public_cases_rule(
            &actor,
            SetPublicCasesRule {
                contact_user_id: user,
                open: body.open,
                closed: body.closed,
            },
        )
        .await?;
    Ok(Json(rule.as_ref().map_or(
        PublicCasesBody {
            open: false,
            closed: false,
        },
        rule_body,
    )))
}

/// The user's "all public cases" rule (both false: none).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/contact-users/{id}/public-cases", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = PublicCasesBody), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_public_cases(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(user): ApiPath<ContactUserId>,
) -> Result<Json<PublicCasesBody>, Problem> {
    let rule = app.grants.public_cases_rule(&actor, user).await?;
    Ok(Json(rule.as_ref().map_or(
        PublicCasesBody {
            open: false,
            closed: false,
        },
        rule_body,
    )))
}

/// Everyone who can reach a case and how: contact users by grant and by rule, and the guest
/// and share links that open it now.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/cases/{id}/access", tag = "contact users", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CaseAccessBody), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn case_access(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiPath(case): ApiPath<CaseId>,
) -> Result<Json<CaseAccessBody>, Problem> {
    let access = app.grants.case_access(&actor, case).await?;
    let detail = app.cases.case_detail(&actor, case).await?;
    let guest_links = app.cases.open_guest_links(&actor, case).await?;
    let now = OffsetDateTime::now_utc();
    let share_links = app
        .sharing
        .list(&actor, case)
        .await?
        .into_iter()
        .filter(|link| link.is_open(now))
        .map(|link| ShareReachBody {
            id: link.id.as_uuid(),
            label: link.label,
            created_by: link.created_by.as_uuid(),
            expires_at: link.expires_at,
            views: link.views,
            max_views: link.max_views,
        })
        .collect();
    let mut contact_users = Vec::new();
    for grant in &access.grants {
        contact_users.push(ReachBody {
            contact_user_id: grant.contact_user_id.as_uuid(),
            username: username(&app, &actor, grant.contact_user_id).await,
            via: "grant",
            role: grant.role.as_str(),
            grant_id: Some(grant.id.as_uuid()),
            open: None,
            closed: None,
            since: grant.granted_at,
        });
    }
    for rule in &access.rules {
        contact_users.push(ReachBody {
            contact_user_id: rule.contact_user_id.as_uuid(),
            username: username(&app, &actor, rule.contact_user_id).await,
            via: "public_cases",
            role: CaseRole::Viewer.as_str(),
            grant_id: None,
            open: Some(rule.open),
            closed: Some(rule.closed),
            since: rule.set_at,
        });
    }
    Ok(Json(CaseAccessBody {
        case_id: case.as_uuid(),
        client_id: access.case.client_id.map(|client| client.as_uuid()),
        public: access.case.public,
        open: access.case.open,
        contact_users,
        guests: guest_links
            .into_iter()
            .map(|link| {
                let contact = detail.contacts.iter().find(|c| c.id == link.contact_id);
                GuestReachBody {
                    id: link.id.as_uuid(),
                    contact_id: link.contact_id.as_uuid(),
                    name: contact.map(|c| format!("{} {}", c.first_name, c.last_name)),
                    email: contact.map(|c| c.email.clone()),
                    created_at: link.created_at,
                    expires_at: link.expires_at,
                }
            })
            .collect(),
        share_links,
    }))
}

/// The login of `user`, when the account can still be read.
async fn username(
    app: &AppState,
    actor: &frontdesk_access::StaffActor,
    user: ContactUserId,
) -> Option<String> {
    app.contact_users
        .contact_user(actor, user)
        .await
        .ok()
        .map(|view| view.user.username.as_str().to_owned())
}
