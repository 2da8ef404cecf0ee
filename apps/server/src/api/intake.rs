//! Public case intake (JSON): the API twin of the public HTML form.

use std::net::IpAddr;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use frontdesk_cases::{IdempotencyKey, Submission, SubmitError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::api::contacts::field_problems;
use crate::extract::{ApiJson, ApiPath, ClientIp};
use crate::pages::public_form::{FormInput, raw_submission};
use crate::problem::Problem;
use crate::state::AppState;

impl From<SubmitError> for Problem {
    fn from(error: SubmitError) -> Self {
        match error {
            SubmitError::NotFound => Problem::not_found("form"),
            SubmitError::Invalid(errors) => field_problems(errors),
            SubmitError::Captcha(captcha) => {
                let mut problem = Problem::invalid_field("altcha", captcha.to_string());
                problem.kind = "urn:frontdesk:problem:captcha".into();
                problem
            }
            SubmitError::RateLimited {
                retry_after_seconds,
            } => Problem::too_many_requests(retry_after_seconds, error.to_string()),
            SubmitError::RecipientLimited {
                retry_after_seconds,
            } => Problem::recipient_limited(retry_after_seconds, error.to_string()),
            SubmitError::IdempotencyConflict => {
                Problem::conflict("idempotency-key-reused", error.to_string())
            }
            SubmitError::Repository(error) => error.into(),
        }
    }
}

/// Body of a public case submission (JSON). The form decides which fields apply.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicCaseBody {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Email (the confirmation link goes there).
    pub email: Option<String>,
    /// Case title.
    pub title: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// `low`, `normal`, `high` or `urgent`.
    pub priority: Option<String>,
    /// Project.
    pub project: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Postal address.
    pub address: Option<String>,
    /// The ALTCHA solution (base64), as the widget sends it.
    pub altcha: Option<String>,
}

/// Answer to a public submission.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceivedAnswer {
    /// Always `received`.
    pub status: &'static str,
    /// What happens next, for people.
    pub message: &'static str,
}

impl PublicCaseBody {
    /// The domain submission to form `form` of organisation `org`; the form decides which
    /// fields apply and checks them all.
    pub fn into_domain(
        self,
        org: String,
        form: String,
        client_ip: Option<IpAddr>,
        idempotency_key: Option<IdempotencyKey>,
    ) -> Submission {
        let mut input = FormInput::new();
        for (name, value) in [
            ("first_name", self.first_name),
            ("last_name", self.last_name),
            ("email", self.email),
            ("title", self.title),
            ("description", self.description),
            ("priority", self.priority),
            ("project", self.project),
            ("phone", self.phone),
            ("address", self.address),
            ("altcha", self.altcha),
        ] {
            if let Some(value) = value {
                input.insert(name.to_owned(), value);
            }
        }
        Submission {
            org_slug: org,
            form_slug: form,
            fields: raw_submission(&input),
            client_ip,
            idempotency_key,
        }
    }
}

/// The request's `Idempotency-Key`, if it sent one.
///
/// # Errors
/// A 400 problem when the header is not a key (see [`IdempotencyKey::parse`]).
fn idempotency_key(headers: &HeaderMap) -> Result<Option<IdempotencyKey>, Problem> {
    headers
        .get("idempotency-key")
        .map(|value| {
            value
                .to_str()
                .ok()
                .and_then(|raw| IdempotencyKey::parse(raw).ok())
                .ok_or_else(|| {
                    Problem::bad_request("Idempotency-Key must be 1–255 visible ASCII characters")
                })
        })
        .transpose()
}

/// Creates a case from a public form (no account). Answers 202 and emails the submitter a
/// link to the case. Send `Idempotency-Key` to make retries safe.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(post, path = "/api/v1/public/orgs/{org}/forms/{form}/cases", tag = "public",
    params(("org" = String, Path), ("form" = String, Path), ("Idempotency-Key" = Option<String>, Header)),
    request_body = PublicCaseBody,
    responses(
        (status = 202, description = "Received; check your email", body = ReceivedAnswer),
        (status = 404, description = "Unknown organisation or form", body = Problem),
        (status = 409, description = "Idempotency-Key reused with a different body", body = Problem),
        (status = 422, description = "Invalid fields or security check", body = Problem),
        (status = 429, description = "Too many submissions", body = Problem),
    ))]
pub async fn submit_public_case(
    State(app): State<AppState>,
    ClientIp(client_ip): ClientIp,
    headers: HeaderMap,
    ApiPath((org, form)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<PublicCaseBody>,
) -> Result<(StatusCode, Json<ReceivedAnswer>), Problem> {
    let submission = body.into_domain(org, form, client_ip, idempotency_key(&headers)?);
    app.cases.submit(submission).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ReceivedAnswer {
            status: "received",
            message: "Thank you. Check your email for a link to follow your case.",
        }),
    ))
}
