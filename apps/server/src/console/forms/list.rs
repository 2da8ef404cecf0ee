//! `GET /staff/forms`: every form with its address name, default language, whether the
//! Share Case Publicly addon is on, and a link to its public page.

use axum::extract::State;
use axum::response::Response;
use frontdesk_access::Permission;
use frontdesk_cases::ListFormsError;
use maud::html;

use crate::console::forms::{form_path, public_path};
use crate::console::frame::{self, Section};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// `GET /staff/forms`.
pub(super) async fn show(State(app): State<AppState>, console: Console) -> Response {
    if let Some(refused) = console.refuse_without(Permission::ManageForms) {
        return refused;
    }
    let forms = match app.cases.list_forms(&console.actor).await {
        Ok(forms) => forms,
        Err(ListFormsError::Forbidden(_)) => return frame::forbidden(&console),
        Err(ListFormsError::Repository(error)) => return internal_error(&error),
    };
    let t = console.texts;
    let org = console.organisation.slug.as_str();
    let body = html! {
        div.toolbar {
            h1 { (t.get("forms-title")) }
            p { a.button href="/staff/forms/new" { (t.get("forms-new")) } }
        }
        p.hint { (t.get("forms-intro")) }
        @if forms.is_empty() {
            p { (t.get("forms-none")) }
        } @else {
            table.list {
                thead {
                    tr {
                        th scope="col" { (t.get("forms-column-name")) }
                        th scope="col" { (t.get("forms-column-slug")) }
                        th scope="col" { (t.get("forms-column-language")) }
                        th scope="col" { (t.get("forms-column-share")) }
                        th scope="col" { (t.get("forms-column-public")) }
                    }
                }
                tbody {
                    @for form in &forms {
                        @let slug = form.slug.as_str();
                        tr {
                            td { a href=(form_path(slug)) { (form.name) } }
                            td { code { (slug) } }
                            td { (t.get(&format!("language-{}", form.default_language.code()))) }
                            td {
                                @if form.share_links_enabled {
                                    span.badge { (t.get("forms-on")) }
                                } @else {
                                    span.badge { (t.get("forms-off")) }
                                }
                            }
                            td { a href=(public_path(org, slug)) { (t.get("forms-open-public")) } }
                        }
                    }
                }
            }
        }
    };
    frame::page(
        &console,
        &app.cookies,
        Section::Forms,
        &t.get("forms-title"),
        &body,
    )
}
