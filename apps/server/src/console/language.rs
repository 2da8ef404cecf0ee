//! `POST /staff/language`: the member's console language, saved with their account.

use axum::Form;
use axum::extract::State;
use axum::response::Response;
use frontdesk_kernel::Language;
use serde::Deserialize;

use crate::console::flash::{Tone, redirect_with};
use crate::console::session::Console;
use crate::pages::internal_error;
use crate::state::AppState;

/// Fields of the language switch.
#[derive(Debug, Deserialize)]
pub(crate) struct LanguageForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    language: String,
    /// The page the switch was on.
    #[serde(default)]
    back: String,
}

/// A console path to return to, if `raw` is one (never another site).
pub(crate) fn console_path(raw: &str) -> Option<&str> {
    let safe = (raw == "/staff" || raw.starts_with("/staff/"))
        && !raw.contains("//")
        && !raw.contains('\\')
        && raw.len() <= 512;
    safe.then_some(raw)
}

/// `POST /staff/language`.
pub(crate) async fn save(
    State(app): State<AppState>,
    console: Console,
    Form(form): Form<LanguageForm>,
) -> Response {
    let back = console_path(&form.back).unwrap_or("/staff");
    if !console.csrf_ok(&form.csrf) {
        return redirect_with(&app.cookies, back, Tone::Failure, "flash-form-expired");
    }
    let Ok(language) = Language::parse(&form.language) else {
        return redirect_with(&app.cookies, back, Tone::Failure, "flash-language-unknown");
    };
    match app
        .access
        .set_my_language(&console.actor, Some(language))
        .await
    {
        Ok(()) => redirect_with(&app.cookies, back, Tone::Success, "flash-language-saved"),
        Err(error) => internal_error(&error),
    }
}

#[cfg(test)]
mod tests {
    use super::console_path;

    #[test]
    fn only_console_paths_are_returned_to() {
        assert_eq!(console_path("/staff/cases"), Some("/staff/cases"));
        assert_eq!(console_path("/staff"), Some("/staff"));
        for bad in [
            "https://evil.test/staff",
            "//evil.test",
            "/staff//evil",
            "/staffing",
            "/staff/\\evil",
            "",
        ] {
            assert_eq!(console_path(bad), None, "{bad}");
        }
    }
}
