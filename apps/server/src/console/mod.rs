//! The staff console: server-rendered pages under `/staff/…`, in the signed-in member's
//! language, working without JavaScript (the script only adds copy buttons and live search).
//!
//! Every page reads the session through [`session::Console`], renders inside
//! [`frame`], checks the same permissions as the JSON API (a page a member may not use is
//! not linked and answers 403 when typed), and every form carries the session's CSRF token.
//! Each `POST` answers with a 303 back to a page and a [`flash`] message.

pub(crate) mod assets;
pub(crate) mod cases;
pub(crate) mod chart;
pub(crate) mod clients;
pub(crate) mod contact_users;
pub(crate) mod contacts;
pub(crate) mod dashboard;
pub(crate) mod flash;
pub(crate) mod forms;
pub(crate) mod frame;
pub(crate) mod language;
pub(crate) mod portal_users;
pub(crate) mod registration;
pub(crate) mod search_list;
pub(crate) mod session;
pub(crate) mod settings;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// The console's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/staff", get(dashboard::show))
        .route("/staff/language", post(language::save))
        .route("/assets/console.js", get(assets::console_js))
        .route("/assets/brand/{file}", get(assets::brand_css))
        .merge(settings::routes())
        .merge(contacts::routes())
        .merge(clients::routes())
        .merge(contact_users::routes())
        .merge(portal_users::routes())
        .merge(forms::routes())
        .merge(cases::routes())
        .merge(registration::routes())
}
