//! The OpenAPI 3.1 description of the JSON API, served at `/api/v1/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{api, health, problem};

/// The whole JSON API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Frontdesk API",
        description = "Staff JSON API of Frontdesk. Authenticate with `Authorization: Bearer <staff API token>`. Errors are `application/problem+json` (RFC 9457) with a stable `type`.",
        license(name = "AGPL-3.0-only"),
    ),
    paths(
        health::healthz,
        health::readyz,
        api::org::organisation,
        api::org::me,
        api::staff::create_staff_user,
        api::staff::list_staff_users,
        api::staff::update_staff_user,
        api::staff::create_api_token,
        api::staff::revoke_api_token,
    ),
    components(schemas(problem::Problem, problem::FieldProblem)),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "organisation", description = "The caller and their organisation"),
        (name = "staff", description = "Staff users and API tokens (admins)"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("fdk_…")
                    .build(),
            ),
        );
    }
}
