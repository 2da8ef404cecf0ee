//! The OpenAPI 3.1 description of the JSON API, served at `/api/v1/openapi.json`.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::{api, embed, health, problem};

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
        api::org::update_organisation,
        api::org::me,
        api::me::update_me,
        api::audit::list_audit,
        api::staff::create_staff_user,
        api::staff::list_staff_users,
        api::staff::update_staff_user,
        api::staff::create_api_token,
        api::staff::revoke_api_token,
        api::mail::get_template,
        api::mail::put_template,
        api::mail::delete_template,
        api::mail::preview_template,
        api::mail::send_test_mail,
        api::mail::list_dead,
        api::mail::retry_dead,
        api::public::captcha_challenge,
        api::intake::submit_public_case,
        embed::api::public_form,
        embed::api::org_captcha,
        embed::api::embed_origins,
        embed::api::set_embed_origins,
        api::forms::list_forms,
        api::forms::create_form,
        api::forms::get_form,
        api::forms::update_form,
        api::cases::list_cases,
        api::cases::get_case,
        api::cases::edit::update_case,
        api::cases::change_status,
        api::cases::add_comment,
        api::cases::associate_contact,
        api::cases::reissue_guest_access,
        api::cases::revoke_guest_access,
        api::contacts::list_contacts,
        api::contacts::create_contact,
        api::contacts::get_contact,
        api::contacts::email_contact,
        api::clients::list_clients,
        api::clients::create_client,
        api::clients::get_client,
        api::clients::update_client,
        api::contact_users::create_contact_user,
        api::contact_users::invite_contact_user,
        api::contact_users::get_contact_user,
        api::contact_users::update_contact_user,
        api::contact_users::send_password,
        api::portal_users::list_portal_users,
        api::portal_users::resend_activation,
        api::portal_users::remove_contact_user,
        api::grants::create_grant,
        api::grants::list_grants,
        api::grants::revoke_grant,
        api::grants::set_public_cases,
        api::grants::get_public_cases,
        api::grants::case_access,
        api::sharing::create,
        api::sharing::list,
        api::sharing::revoke,
        api::sharing::views,
        api::sharing::email,
        api::sharing::permissions,
        api::sharing::set_permission,
        api::registration::create,
        api::registration::list,
        api::registration::get_link,
        api::registration::revoke,
        api::registration::uses,
        api::registration::email,
    ),
    components(schemas(problem::Problem, problem::FieldProblem)),
    modifiers(&BearerAuth),
    tags(
        (name = "health", description = "Liveness and readiness"),
        (name = "organisation", description = "The caller and their organisation"),
        (name = "staff", description = "Staff users and API tokens (admins)"),
        (name = "mail", description = "Mail templates, test mail and undeliverable mail (admins)"),
        (name = "public", description = "Unauthenticated routes used by public pages"),
        (name = "forms", description = "Intake forms (admins and case admins)"),
        (name = "cases", description = "Cases, their timeline and guest access"),
        (name = "contacts", description = "Contacts"),
        (name = "clients", description = "Clients: the customer companies contacts and cases belong to"),
        (name = "contact users", description = "Contact users (client contacts, registered and portal users), their passwords by mail, and their access to cases"),
        (name = "sharing", description = "Public share links and who may create them"),
        (name = "registration", description = "Registration links: sign-up links for clients and staff (admins)"),
        (name = "audit", description = "The audit trail: who did what, and when"),
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

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    use super::ApiDoc;

    /// The whole document as a reviewed snapshot: any change to a route, a body, a status or
    /// a content type shows up in review as a diff of `openapi.json`.
    #[test]
    fn the_openapi_document_is_reviewed() {
        let document = serde_json::to_value(ApiDoc::openapi()).expect("the document serialises");
        assert_eq!(document["openapi"], "3.1.0");
        insta::assert_json_snapshot!("openapi", document);
    }
}
