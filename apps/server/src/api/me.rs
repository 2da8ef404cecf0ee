//! `PATCH /api/v1/me`: the caller's own preferences (any staff member, for themself).

use axum::Json;
use axum::extract::State;
use frontdesk_access::SetLanguageError;
use frontdesk_kernel::Language;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::api::org::StaffUserBody;
use crate::extract::{ApiJson, StaffAuth};
use crate::problem::Problem;
use crate::state::AppState;

/// Body of `PATCH /api/v1/me`: only the preferences sent change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[expect(
    clippy::option_option,
    reason = "absent, null or a value: the three states of a PATCH field"
)]
pub struct UpdateMeBody {
    /// The console language: `en`, `fr`, or `null` to follow the organisation's default.
    /// Left as it is when absent.
    #[serde(default, deserialize_with = "crate::extract::present")]
    #[schema(value_type = Option<String>, nullable)]
    pub language: Option<Option<String>>,
}

/// What a `PATCH /api/v1/me` asks of the caller's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageChange {
    /// Leave it as it is (the field was absent).
    Unchanged,
    /// Save this one; `None` follows the organisation's default.
    To(Option<Language>),
}

impl UpdateMeBody {
    /// The change the body asks for.
    ///
    /// # Errors
    /// A validation problem naming `language` when it is not a supported language.
    pub fn try_into_domain(self) -> Result<LanguageChange, Problem> {
        let Some(language) = self.language else {
            return Ok(LanguageChange::Unchanged);
        };
        language
            .map(|raw| {
                Language::parse(&raw)
                    .map_err(|error| Problem::invalid_field("language", error.to_string()))
            })
            .transpose()
            .map(LanguageChange::To)
    }
}

impl From<SetLanguageError> for Problem {
    fn from(error: SetLanguageError) -> Self {
        match error {
            // The caller authenticated as a user that no longer exists, as `GET /me` says.
            SetLanguageError::NotFound => Problem::unauthorized(),
            SetLanguageError::Repository(error) => error.into(),
        }
    }
}

/// Changes the caller's own preferences: the language of their console (`null` follows the
/// organisation's default). Answers the caller's record as `GET /api/v1/me` does.
///
/// # Errors
/// A problem document for each failure listed in the responses.
#[utoipa::path(patch, path = "/api/v1/me", tag = "organisation",
    security(("bearer" = [])),
    request_body = UpdateMeBody,
    responses(
        (status = 200, description = "The caller, as changed", body = StaffUserBody),
        (status = 400, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not sent as JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown field, or a language other than en or fr", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn update_me(
    State(app): State<AppState>,
    StaffAuth(actor): StaffAuth,
    ApiJson(body): ApiJson<UpdateMeBody>,
) -> Result<Json<StaffUserBody>, Problem> {
    if let LanguageChange::To(language) = body.try_into_domain()? {
        app.access.set_my_language(&actor, language).await?;
    }
    Ok(Json(app.access.me(&actor).await?.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<LanguageChange, Problem> {
        serde_json::from_str::<UpdateMeBody>(json)
            .expect("the body deserialises")
            .try_into_domain()
    }

    #[test]
    fn absent_null_and_codes_mean_different_things() {
        assert!(matches!(parse("{}"), Ok(LanguageChange::Unchanged)));
        assert!(matches!(
            parse(r#"{"language": null}"#),
            Ok(LanguageChange::To(None))
        ));
        assert!(matches!(
            parse(r#"{"language": "fr"}"#),
            Ok(LanguageChange::To(Some(Language::Fr)))
        ));
        let problem = parse(r#"{"language": "de"}"#).expect_err("de is not supported");
        assert_eq!(problem.status, 422);
        assert_eq!(problem.errors[0].field, "language");
        assert!(serde_json::from_str::<UpdateMeBody>(r#"{"lang": "fr"}"#).is_err());
    }

    #[test]
    fn the_openapi_document_names_every_status() {
        assert_eq!(
            crate::api::audit::tests::documented("/api/v1/me", "patch"),
            ["200", "400", "401", "415", "422"]
        );
    }
}
