//! Form controls of the contacts pages: a labelled input that keeps what was typed and shows
//! its error beside it, tied together for screen readers.

use maud::{Markup, html};

/// What kind of control a field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// One line of text.
    Text,
    /// An email address.
    Email,
    /// A phone number.
    Tel,
    /// Several lines.
    Multiline,
}

/// One labelled field of a form.
pub(super) struct Field<'a> {
    /// Its name (and, prefixed, its id).
    pub(super) name: &'a str,
    /// The visible label.
    pub(super) label: &'a str,
    /// The kind of control.
    pub(super) kind: Kind,
    /// The value to show (as typed).
    pub(super) value: &'a str,
    /// Whether it must be filled in.
    pub(super) required: bool,
    /// A hint under the label, if any.
    pub(super) hint: Option<&'a str>,
    /// What is wrong with the value, if anything.
    pub(super) error: Option<&'a str>,
    /// The browser's autofill token, if any.
    pub(super) autocomplete: Option<&'a str>,
}

impl<'a> Field<'a> {
    /// A required one-line field without hint, error or autofill.
    pub(super) fn new(name: &'a str, label: &'a str, value: &'a str) -> Self {
        Self {
            name,
            label,
            kind: Kind::Text,
            value,
            required: true,
            hint: None,
            error: None,
            autocomplete: None,
        }
    }

    /// The control, its label, hint and error.
    pub(super) fn render(&self) -> Markup {
        let id = format!("field-{}", self.name);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described: Vec<&str> = [
            self.hint.map(|_| hint_id.as_str()),
            self.error.map(|_| error_id.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let described = (!described.is_empty()).then(|| described.join(" "));
        let invalid = self.error.map(|_| "true");
        let kind = match self.kind {
            Kind::Email => "email",
            Kind::Tel => "tel",
            Kind::Text | Kind::Multiline => "text",
        };
        html! {
            label for=(id) { (self.label) }
            @if let Some(hint) = self.hint {
                span.hint id=(hint_id) { (hint) }
            }
            @if self.kind == Kind::Multiline {
                textarea id=(id) name=(self.name) rows="6" required[self.required]
                    aria-invalid=[invalid] aria-describedby=[described.as_deref()] { (self.value) }
            } @else {
                input id=(id) type=(kind) name=(self.name) value=(self.value) required[self.required]
                    autocomplete=[self.autocomplete] aria-invalid=[invalid]
                    aria-describedby=[described.as_deref()];
            }
            @if let Some(error) = self.error {
                span.field-error id=(error_id) { (error) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_keeps_its_value_and_ties_its_error_to_the_control() {
        let html = Field {
            error: Some("Enter a valid email address."),
            kind: Kind::Email,
            ..Field::new("email", "Email", "jane@<example>")
        }
        .render()
        .into_string();
        assert!(html.contains(r#"<label for="field-email">Email</label>"#));
        assert!(html.contains(r#"value="jane@&lt;example&gt;""#), "{html}");
        assert!(html.contains(r#"aria-invalid="true""#));
        assert!(html.contains(r#"aria-describedby="field-email-error""#));
        assert!(html.contains(r#"<span class="field-error" id="field-email-error">"#));
    }

    #[test]
    fn a_valid_optional_field_has_no_error_marks() {
        let html = Field {
            required: false,
            kind: Kind::Multiline,
            hint: Some("optional"),
            ..Field::new("address", "Address", "1 Main St")
        }
        .render()
        .into_string();
        assert!(!html.contains("aria-invalid"));
        assert!(!html.contains("required"));
        assert!(html.contains(r#"aria-describedby="field-address-hint""#));
        assert!(html.contains(">1 Main St</textarea>"));
    }
}
