//! An organisation's pages for its contact users (seed 001's client contact users, seed
//! 004's portal users), under `/o/{org}/`: sign-in and sign-out, changing the password
//! (forced first after a temporary one), "forgot password", the home list of the cases the
//! user may see, and a case page with comments and, for editors, edits. The contact users'
//! `/a/…` password links are answered by [`link`], reached from `pages::setup`.
//!
//! | file | pages |
//! |---|---|
//! | `frame.rs` | the layout: organisation name and colour, the user and **Sign out** |
//! | `session.rs` | the organisation of the path and the signed-in user of the cookie |
//! | `sign_in.rs` | `GET|POST /o/{org}/login`, `POST /o/{org}/logout`, `GET|POST /o/{org}/forgot` |
//! | `password.rs` | `GET|POST /o/{org}/password` |
//! | `home.rs` | `GET /o/{org}/` |
//! | `case.rs` | `GET /o/{org}/cases/{number}`, `POST …/comments`, `POST …/edit` |
//! | `new_case.rs` | `GET|POST /o/{org}/cases/new?form=SLUG` (the forms the portal offers) |
//! | `link.rs` | `GET|POST /a/{token}` of contact users |
//! | `signup.rs` | `GET|POST /o/{org}/signup` (public portal) and the sign-up form `/r/{token}` shares |

pub(crate) mod case;
pub(crate) mod frame;
pub(crate) mod home;
pub(crate) mod link;
pub(crate) mod new_case;
pub(crate) mod password;
pub(crate) mod session;
pub(crate) mod sign_in;
pub(crate) mod signup;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

/// The portal's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/o/{org}/", get(home::show))
        .route("/o/{org}", get(redirect_home))
        .route("/o/{org}/login", get(sign_in::show).post(sign_in::submit))
        .route("/o/{org}/logout", post(sign_in::logout))
        .route("/o/{org}/signup", get(signup::show).post(signup::submit))
        .route(
            "/o/{org}/forgot",
            get(sign_in::show_forgot).post(sign_in::submit_forgot),
        )
        .route(
            "/o/{org}/password",
            get(password::show).post(password::submit),
        )
        .route(
            "/o/{org}/cases/new",
            get(new_case::show).post(new_case::submit),
        )
        .route("/o/{org}/cases/{number}", get(case::show))
        .route("/o/{org}/cases/{number}/comments", post(case::comment))
        .route("/o/{org}/cases/{number}/edit", post(case::edit))
}

/// `GET /o/{org}`: the home page lives at `/o/{org}/`.
async fn redirect_home(
    axum::extract::Path(org): axum::extract::Path<String>,
) -> axum::response::Response {
    match frontdesk_access::OrgSlug::parse(&org) {
        Ok(slug) => frame::see_other(&format!("/o/{}/", slug.as_str())),
        Err(_) => crate::pages::not_found(),
    }
}
