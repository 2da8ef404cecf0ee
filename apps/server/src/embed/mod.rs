//! The intake form on the organisation's own website (seed 000, issue 18): the allowed
//! sites (`api.rs`, and the console's settings page), the frameable form page
//! (`page.rs`), the CORS layer of the organisation's public API (`cors.rs`) and the
//! content-hashed scripts (`assets.rs`: the widget, the iframe loader, the resize
//! reporter).
//!
//! | route | what |
//! |---|---|
//! | `GET|POST /o/{org}/forms/{form}/embed?lang=` | the form without chrome; `frame-ancestors` = the allowed sites |
//! | `GET /api/v1/public/orgs/{org}/forms/{form}?lang=` | the form's fields and sentences for the widget |
//! | `GET /api/v1/public/orgs/{org}/captcha` | an ALTCHA challenge for the widget |
//! | `POST /api/v1/public/orgs/{org}/forms/{form}/cases` | the public intake API (CORS for the allowed sites) |
//! | `GET|PUT /api/v1/org/embed-origins` | the allowed sites (staff; admins change them) |
//! | `GET /assets/widget-<hash>.js`, `/assets/embed-frame-<hash>.js`, `/assets/embed-resize-<hash>.js` | the scripts, immutable |

pub(crate) mod api;
pub(crate) mod assets;
pub(crate) mod console;
mod cors;
pub(crate) mod page;

use axum::routing::get;
use axum::{Router, middleware};

use crate::api::intake;
use crate::state::AppState;

/// The snippets an organisation pastes into its site to embed `form` (iframe first, then
/// the script), with `base` the public base URL without its trailing slash.
pub(crate) fn snippets(base: &str, org: &str, form: &str, title: &str) -> (String, String) {
    let title = title
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let iframe = format!(
        "<iframe src=\"{base}/o/{org}/forms/{form}/embed\" title=\"{title}\" data-frontdesk-form \
         style=\"width:100%;border:0;min-height:40rem\"></iframe>\n\
         <script src=\"{base}{}\" async></script>",
        assets::FRAME_LOADER.path
    );
    let script = format!(
        "<script src=\"{base}{}\" data-org=\"{org}\" data-form=\"{form}\" async></script>",
        assets::WIDGET.path
    );
    (iframe, script)
}

/// The widget's routes; the organisation's public API routes answer CORS for its allowed
/// sites through [`cors::public_cors`].
pub(crate) fn routes(state: AppState) -> Router<AppState> {
    let public_api = Router::new()
        .route(
            "/api/v1/public/orgs/{org}/forms/{form}/cases",
            axum::routing::post(intake::submit_public_case).options(cors::preflight),
        )
        .route(
            "/api/v1/public/orgs/{org}/forms/{form}",
            get(api::public_form).options(cors::preflight),
        )
        .route(
            "/api/v1/public/orgs/{org}/captcha",
            get(api::org_captcha).options(cors::preflight),
        )
        .route_layer(middleware::from_fn_with_state(state, cors::public_cors));
    let widget = assets::WIDGET.path.as_str();
    let frame = assets::FRAME_LOADER.path.as_str();
    let resize = assets::RESIZE.path.as_str();
    Router::new()
        .merge(public_api)
        .route(
            "/o/{org}/forms/{form}/embed",
            get(page::show).post(page::submit),
        )
        .route(
            "/api/v1/org/embed-origins",
            get(api::embed_origins).put(api::set_embed_origins),
        )
        .route(widget, get(|| async { assets::WIDGET.response() }))
        .route(frame, get(|| async { assets::FRAME_LOADER.response() }))
        .route(resize, get(|| async { assets::RESIZE.response() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_name_the_form_and_the_hashed_scripts() {
        let (iframe, script) = snippets("https://fd.example", "acme", "contact", "Say \"hi\"");
        assert!(iframe.contains("src=\"https://fd.example/o/acme/forms/contact/embed\""));
        assert!(iframe.contains("title=\"Say &quot;hi&quot;\""));
        assert!(iframe.contains(&format!("https://fd.example{}", assets::FRAME_LOADER.path)));
        assert!(script.contains(&format!("https://fd.example{}", assets::WIDGET.path)));
        assert!(script.contains("data-org=\"acme\" data-form=\"contact\""));
    }
}
