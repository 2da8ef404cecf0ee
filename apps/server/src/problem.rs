//! RFC 9457 problem details: every JSON API error is one of these.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of problem responses.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One invalid input field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name in the request body.
    pub field: String,
    /// What is wrong with it, for people.
    pub message: String,
}

/// An API error as `application/problem+json`. `type` is a stable URN clients can match on.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// Stable identifier of the kind of problem (`urn:frontdesk:problem:<name>`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary of the kind of problem.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// What went wrong in this occurrence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Per-field validation errors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Seconds to wait before retrying (also sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u64>,
    /// Whether to send `WWW-Authenticate: Bearer`.
    #[serde(skip)]
    pub bearer_challenge: bool,
}

impl Problem {
    /// A problem of kind `name` with `status` and `title`.
    pub fn new(status: StatusCode, name: &str, title: &str) -> Self {
        Self {
            kind: format!("urn:frontdesk:problem:{name}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: None,
            errors: Vec::new(),
            retry_after: None,
            bearer_challenge: false,
        }
    }

    /// Adds a detail message.
    #[must_use]
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// 400: the request could not be read.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "The request could not be read",
        )
        .detail(detail)
    }

    /// 413: the body is larger than the server accepts.
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "The request body is too large",
        )
    }

    /// 403: a site that is not among the organisation's allowed embed origins called its
    /// public API from a browser (the `Origin` header names it).
    pub fn origin_not_allowed() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "origin-not-allowed",
            "This site may not use the organisation's forms",
        )
        .detail("Ask the organisation to add this site to the sites allowed to embed its forms.")
    }

    /// 401: no valid credential.
    pub fn unauthorized() -> Self {
        let mut problem = Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Authentication required",
        )
        .detail("send a valid staff API token as `Authorization: Bearer <token>`");
        problem.bearer_challenge = true;
        problem
    }

    /// 403: authenticated but not allowed.
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed").detail(detail)
    }

    /// 404: nothing here (or nothing the caller may know of).
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found")
            .detail(format!("{what} not found"))
    }

    /// 409: conflicts with existing state.
    pub fn conflict(name: &str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, name, "Conflict").detail(detail)
    }

    /// 422: the body was read but its values are invalid.
    pub fn invalid(errors: Vec<FieldProblem>) -> Self {
        let mut problem = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Some fields are invalid",
        );
        problem.errors = errors;
        problem
    }

    /// 422 for a single field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::invalid(vec![FieldProblem {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// 429: slow down.
    pub fn too_many_requests(retry_after: u64, detail: impl Into<String>) -> Self {
        let mut problem = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "Too many requests",
        )
        .detail(detail);
        problem.retry_after = Some(retry_after);
        problem
    }

    /// 429 for a mail recipient who got mail moments ago (nothing was queued or changed).
    pub fn recipient_limited(retry_after: u64, detail: impl Into<String>) -> Self {
        let mut problem = Self::too_many_requests(retry_after, detail);
        "urn:frontdesk:problem:recipient-rate-limited".clone_into(&mut problem.kind);
        problem
    }

    /// 500: our fault. The cause is logged, never sent.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %cause, source = ?cause.source().map(ToString::to_string), "request failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Something went wrong on our side",
        )
        .detail("the error was logged; try again later")
    }

    /// 503: a dependency is down.
    pub fn unavailable(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %cause, "dependency unavailable");
        let mut problem = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Temporarily unavailable",
        )
        .detail("try again shortly");
        problem.retry_after = Some(5);
        problem
    }

    /// The HTTP status.
    pub fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl From<frontdesk_kernel::RepositoryError> for Problem {
    fn from(error: frontdesk_kernel::RepositoryError) -> Self {
        match error {
            frontdesk_kernel::RepositoryError::Unavailable(_) => Self::unavailable(&error),
            frontdesk_kernel::RepositoryError::Conflict(what) => Self::conflict(
                "conflict",
                format!("a record with the same {what} already exists"),
            ),
            frontdesk_kernel::RepositoryError::Corrupt(_) => Self::internal(&error),
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status_code();
        let body = serde_json::to_vec(&self).unwrap_or_else(|_| b"{}".to_vec());
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.bearer_challenge {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"frontdesk\""),
            );
        }
        response
    }
}
