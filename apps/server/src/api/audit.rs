//! `GET /api/v1/audit`: the organisation's audit trail, newest first (auditors and admins).

use axum::Json;
use axum::extract::State;
use frontdesk_access::{AuditEvent, AuditFilter, ListAuditError, Permission};
use frontdesk_kernel::{PageRequest, StaffUserId};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::extract::{ApiQuery, StaffAuth};
use crate::problem::{FieldProblem, Problem};
use crate::state::AppState;

/// One audit event as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventBody {
    /// Id (the cursor of the next page).
    pub id: Uuid,
    /// The staff user who acted, if known.
    pub actor: Option<Uuid>,
    /// What happened (`share_link.created`, `session.signed_in`, …).
    pub action: String,
    /// The id of the record acted on, if any.
    pub subject: Option<String>,
    /// Extra facts, never secrets.
    pub detail: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

impl From<AuditEvent> for AuditEventBody {
    fn from(event: AuditEvent) -> Self {
        Self {
            id: event.id.as_uuid(),
            actor: event.actor.map(|actor| actor.as_uuid()),
            action: event.action.as_str().to_owned(),
            subject: event.subject,
            detail: event.detail,
            at: event.at,
        }
    }
}

/// A page of audit events.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    /// The events, newest first.
    pub items: Vec<AuditEventBody>,
    /// Pass as `after` to get the next (older) page; absent on the last page.
    pub next_after: Option<Uuid>,
}

/// Filters and pagination of `GET /api/v1/audit`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only events done by this staff user.
    pub actor: Option<Uuid>,
    /// Only events of this action (`share_link.created`, …).
    pub action: Option<String>,
    /// Only events at or after this time (RFC 3339).
    pub from: Option<String>,
    /// Only events before this time (RFC 3339).
    pub to: Option<String>,
    /// Id of the last event of the previous page.
    pub after: Option<Uuid>,
    /// Page size (1–200, default 50).
    pub limit: Option<u32>,
}

/// The rule of `from` and `to`, in words.
const TIME_RULE: &str = "an RFC 3339 time such as 2026-01-31T23:00:00Z";

impl AuditQuery {
    /// The domain filter, or a 422 naming every bad time.
    ///
    /// # Errors
    /// A validation problem naming `from` or `to` when it is not an RFC 3339 time.
    pub fn try_into_domain(self) -> Result<(AuditFilter, PageRequest), Problem> {
        let mut errors = Vec::new();
        let mut time = |field: &str, raw: Option<String>| {
            raw.and_then(|raw| {
                OffsetDateTime::parse(raw.trim(), &Rfc3339)
                    .map_err(|_| {
                        errors.push(FieldProblem {
                            field: field.to_owned(),
                            message: TIME_RULE.to_owned(),
                        });
                    })
                    .ok()
            })
        };
        let from = time("from", self.from);
        let to = time("to", self.to);
        if !errors.is_empty() {
            return Err(Problem::invalid(errors));
        }
        let filter = AuditFilter {
            actor: self.actor.map(StaffUserId::from_uuid),
            action: self.action.filter(|action| !action.trim().is_empty()),
            from,
            to,
        };
        Ok((filter, PageRequest::new(self.after, self.limit)))
    }
}

impl From<ListAuditError> for Problem {
    fn from(error: ListAuditError) -> Self {
        match error {
            ListAuditError::Forbidden(missing) => missing.into(),
            ListAuditError::Repository(error) => error.into(),
        }
    }
}

/// Lists the organisation's audit events, newest first, optionally only one actor's, one
/// action's or those in a time window (`from` included, `to` excluded).
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of audit events, newest first", body = AuditPage),
        (status = 400, description = "A malformed query parameter (e.g. an id that is not a UUID)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "May not view the audit log", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`from` or `to` is not an RFC 3339 time", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list_audit(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditPage>, Problem> {
    // Permission before validation, so a caller who may not read the trail learns nothing
    // about the query's rules.
    actor.require(Permission::ViewAudit)?;
    let (filter, page) = query.try_into_domain()?;
    let page = app.access.audit_log(&actor, filter, page).await?;
    Ok(Json(AuditPage {
        next_after: page.next_after,
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn query(from: Option<&str>, to: Option<&str>) -> AuditQuery {
        AuditQuery {
            actor: None,
            action: Some("  ".to_owned()),
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            after: None,
            limit: Some(5),
        }
    }

    #[test]
    fn times_are_rfc_3339_and_every_bad_one_is_named() {
        let (filter, page) = query(
            Some("2026-01-01T00:00:00Z"),
            Some("2026-01-02T01:00:00+01:00"),
        )
        .try_into_domain()
        .expect("valid times");
        assert_eq!(
            filter.from,
            Some(time::macros::datetime!(2026-01-01 0:00 UTC))
        );
        assert_eq!(
            filter.to,
            Some(time::macros::datetime!(2026-01-02 0:00 UTC))
        );
        assert_eq!(filter.action, None, "a blank action filters nothing");
        assert_eq!(page.limit, 5);
        let problem = query(Some("yesterday"), Some("2026-13-01T00:00:00Z"))
            .try_into_domain()
            .expect_err("bad times");
        assert_eq!(problem.status, 422);
        let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["from", "to"]);
    }

    /// The statuses an operation documents, and that each error answers problem JSON.
    pub(crate) fn documented(path: &str, method: &str) -> Vec<String> {
        use utoipa::OpenApi;
        let doc = serde_json::to_value(crate::openapi::ApiDoc::openapi()).expect("serialises");
        let responses = doc["paths"][path][method]["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{method} {path} is documented"));
        for (status, response) in responses {
            if !status.starts_with('2') {
                assert!(
                    response["content"]["application/problem+json"].is_object(),
                    "{method} {path} {status} answers problem JSON"
                );
            }
        }
        responses.keys().cloned().collect()
    }

    #[test]
    fn the_openapi_document_names_every_status() {
        assert_eq!(
            documented("/api/v1/audit", "get"),
            ["200", "400", "401", "403", "422"]
        );
    }
}
