//! What the settings forms share: errors shown beside their fields, times as the console
//! shows them, ids from paths and dates from date inputs, and the answer to a stale form.

use axum::response::Response;
use maud::{Markup, html};
use time::{Date, OffsetDateTime, UtcOffset};

use crate::console::flash::{Tone, redirect_with};
pub(super) use crate::pages::machine_time;
use crate::state::AppState;

/// The errors of one submitted form, by field name, in the order they were found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(super) struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    /// No errors yet.
    pub(super) fn new() -> Self {
        Self::default()
    }

    /// Records `message` for `field` (the first message of a field wins).
    pub(super) fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    /// The message for `field`, if any.
    pub(super) fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, message)| message.as_str())
    }

    /// Whether no field has an error.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `aria-describedby` of `field`'s input: its error's id, when it has one.
    pub(super) fn described_by(&self, field: &str) -> Option<String> {
        self.get(field).map(|_| error_id(field))
    }

    /// The `aria-invalid` of `field`'s input.
    pub(super) fn invalid(&self, field: &str) -> Option<&'static str> {
        self.get(field).map(|_| "true")
    }

    /// The error beside `field`, or nothing.
    pub(super) fn beside(&self, field: &str) -> Markup {
        html! {
            @if let Some(message) = self.get(field) {
                span.field-error id=(error_id(field)) { (message) }
            }
        }
    }
}

/// The id of the element holding `field`'s error.
fn error_id(field: &str) -> String {
    format!("{field}-error")
}

/// A time as the console shows it, the same in every language: `2026-01-08 10:00 UTC`.
pub(super) fn when(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute()
    )
}

/// A day as a date input holds it: `2026-01-08`.
pub(super) fn date_value(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// The day a date input sent (`YYYY-MM-DD`); `None` for anything else.
pub(super) fn parse_date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    let mut parts = raw.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// A typed id from a path segment; `None` for anything that is not one (such an address
/// names nothing, and answers the same 404 as a record of another organisation).
pub(super) fn id_from_path<T: std::str::FromStr>(raw: &str) -> Option<T> {
    raw.parse().ok()
}

/// The 303 back to `to` after a form whose CSRF token is stale: nothing changed.
pub(super) fn form_expired(app: &AppState, to: &str) -> Response {
    redirect_with(&app.cookies, to, Tone::Failure, "flash-form-expired")
}

#[cfg(test)]
mod tests {
    use time::macros::{date, datetime};

    use super::*;

    #[test]
    fn the_first_error_of_a_field_is_the_one_shown() {
        let mut errors = FieldErrors::new();
        assert!(errors.is_empty());
        errors.add("name", "first".into());
        errors.add("name", "second".into());
        errors.add("email", "bad".into());
        assert_eq!(errors.get("name"), Some("first"));
        assert_eq!(errors.described_by("email").as_deref(), Some("email-error"));
        assert_eq!(errors.invalid("colour"), None);
        let html = errors.beside("name").into_string();
        assert_eq!(
            html,
            "<span class=\"field-error\" id=\"name-error\">first</span>"
        );
        assert_eq!(errors.beside("colour").into_string(), "");
    }

    #[test]
    fn times_and_dates_read_the_same_in_every_language() {
        assert_eq!(
            when(datetime!(2026-01-08 10:00:59 +01:00)),
            "2026-01-08 09:00 UTC"
        );
        assert_eq!(
            machine_time(datetime!(2026-01-08 10:00 UTC)),
            "2026-01-08T10:00:00Z"
        );
        assert_eq!(date_value(date!(2026 - 03 - 04)), "2026-03-04");
        assert_eq!(parse_date(" 2026-03-04 "), Some(date!(2026 - 03 - 04)));
        for bad in [
            "",
            "2026-3-4",
            "2026-02-30",
            "04/03/2026",
            "2026-03-04-01",
            "x",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
