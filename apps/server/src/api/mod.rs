//! The staff JSON API under `/api/v1`.

pub mod audit;
pub mod cases;
pub mod clients;
pub mod contact_users;
pub mod contacts;
pub mod forms;
pub mod grants;
pub mod intake;
pub mod mail;
pub mod me;
pub mod org;
pub mod portal_settings;
pub mod portal_users;
#[cfg(test)]
mod problem_catalogue;
pub mod public;
pub mod registration;
pub mod sharing;
pub mod staff;

use axum::Router;
use axum::routing::{delete, get, patch, post};

use crate::state::AppState;

/// Routes of the staff JSON API (mounted under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(contact_user_routes())
        .route(
            "/org",
            get(org::organisation).patch(org::update_organisation),
        )
        .route("/me", get(org::me).patch(me::update_me))
        .route("/audit", get(audit::list_audit))
        .route(
            "/staff-users",
            post(staff::create_staff_user).get(staff::list_staff_users),
        )
        .route("/staff-users/{id}", patch(staff::update_staff_user))
        .route(
            "/staff-users/{id}/api-tokens",
            post(staff::create_api_token),
        )
        .route("/api-tokens/{id}", delete(staff::revoke_api_token))
        .route(
            "/mail-templates/{kind}/{language}",
            get(mail::get_template)
                .put(mail::put_template)
                .delete(mail::delete_template),
        )
        .route(
            "/mail-templates/{kind}/{language}/preview",
            post(mail::preview_template),
        )
        .route("/mail/test", post(mail::send_test_mail))
        .route("/mail/dead", get(mail::list_dead))
        .route("/mail/dead/{id}/retry", post(mail::retry_dead))
        .route("/public/captcha", get(public::captcha_challenge))
        .route("/forms", get(forms::list_forms).post(forms::create_form))
        .route(
            "/forms/{slug}",
            get(forms::get_form).patch(forms::update_form),
        )
        .route("/cases", get(cases::list_cases))
        .route(
            "/cases/{id}",
            get(cases::get_case).patch(cases::update_case),
        )
        .route("/cases/{id}/status", post(cases::change_status))
        .route("/cases/{id}/comments", post(cases::add_comment))
        .route("/cases/{id}/contacts", post(cases::associate_contact))
        .route(
            "/cases/{id}/guest-access/reissue",
            post(cases::reissue_guest_access),
        )
        .route(
            "/cases/{id}/guest-access",
            delete(cases::revoke_guest_access),
        )
        .route(
            "/contacts",
            post(contacts::create_contact).get(contacts::list_contacts),
        )
        .route("/contacts/{id}", get(contacts::get_contact))
        .route("/contacts/{id}/email", post(contacts::email_contact))
        .route(
            "/clients",
            post(clients::create_client).get(clients::list_clients),
        )
        .route(
            "/clients/{id}",
            get(clients::get_client).patch(clients::update_client),
        )
        .route(
            "/cases/{id}/share-links",
            post(sharing::create).get(sharing::list),
        )
        .route("/share-links/{id}", delete(sharing::revoke))
        .route("/share-links/{id}/views", get(sharing::views))
        .route("/share-links/{id}/email", post(sharing::email))
        .route(
            "/forms/{slug}/share-permissions",
            get(sharing::permissions).put(sharing::set_permission),
        )
        .merge(registration_routes())
}

/// Routes of registration links (seed 003).
fn registration_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/registration-links",
            post(registration::create).get(registration::list),
        )
        .route(
            "/registration-links/{id}",
            get(registration::get_link).delete(registration::revoke),
        )
        .route("/registration-links/{id}/uses", get(registration::uses))
        .route("/registration-links/{id}/email", post(registration::email))
}

/// Routes of contact users and their access to cases (seed 001).
fn contact_user_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/clients/{id}/contact-users",
            post(contact_users::create_contact_user),
        )
        .route("/contact-users", post(contact_users::invite_contact_user))
        .route(
            "/contact-users/{id}",
            get(contact_users::get_contact_user).patch(contact_users::update_contact_user),
        )
        .route(
            "/contact-users/{id}/send-password",
            post(contact_users::send_password),
        )
        .route(
            "/contact-users/{id}/grants",
            post(grants::create_grant).get(grants::list_grants),
        )
        .route(
            "/contact-users/{id}/public-cases",
            get(grants::get_public_cases).put(grants::set_public_cases),
        )
        .route("/grants/{id}", delete(grants::revoke_grant))
        .route("/cases/{id}/access", get(grants::case_access))
        .merge(portal_user_routes())
}

/// Routes of the portal-users admin (seed 004).
fn portal_user_routes() -> Router<AppState> {
    Router::new()
        .route("/contact-users", get(portal_users::list_portal_users))
        .route(
            "/contact-users/{id}",
            delete(portal_users::remove_contact_user),
        )
        .route(
            "/contact-users/{id}/resend",
            post(portal_users::resend_activation),
        )
}
