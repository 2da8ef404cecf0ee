//! Mail templates and the rules a template must follow to be saved.

use serde::{Deserialize, Serialize};

use crate::TemplateKind;

/// A mail template: handlebars sources for the subject and both bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailTemplate {
    /// Subject line template.
    pub subject: String,
    /// HTML body template (data is HTML-escaped when rendered).
    pub html: String,
    /// Plain-text body template.
    pub text: String,
}

/// Why a template may not be saved.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum TemplateRuleError {
    /// A part does not compile.
    #[error("the {part} does not compile: {message}")]
    DoesNotCompile {
        /// `subject`, `html` or `text`.
        part: &'static str,
        /// What the template engine said.
        message: String,
    },
    /// Required placeholders are missing from a body.
    #[error("the {part} must contain {}", .missing.iter().map(|p| format!("{{{{{p}}}}}")).collect::<Vec<_>>().join(", "))]
    MissingPlaceholders {
        /// `html` or `text`.
        part: &'static str,
        /// The missing placeholder names.
        missing: Vec<String>,
    },
    /// A part is empty or too large.
    #[error("the {part} must be 1–{max} characters")]
    Size {
        /// Which part.
        part: &'static str,
        /// Its maximum length.
        max: usize,
    },
}

/// Legacy placeholders (as in older help-desk products) and their handlebars equivalents.
pub const LEGACY_PLACEHOLDERS: [(&str, &str); 4] = [
    ("<CompanyName>", "{{company_name}}"),
    ("<ResourceName>", "{{name}}"),
    ("<ResourceLogin>", "{{login}}"),
    ("<ResourceTempPassword>", "{{temporary_password}}"),
];

/// Replaces legacy `<CompanyName>`-style placeholders with their handlebars equivalents.
/// Also accepts the HTML-escaped forms (`&lt;CompanyName&gt;`) found in HTML bodies.
pub fn convert_legacy_placeholders(source: &str) -> String {
    let mut converted = source.to_owned();
    for (legacy, modern) in LEGACY_PLACEHOLDERS {
        converted = converted.replace(legacy, modern);
        let escaped = legacy.replace('<', "&lt;").replace('>', "&gt;");
        converted = converted.replace(&escaped, modern);
    }
    converted
}

/// Whether `source` uses placeholder `name` (`{{name}}`, `{{ name }}` or `{{{name}}}`).
fn uses(source: &str, name: &str) -> bool {
    let mut rest = source;
    while let Some(start) = rest.find("{{") {
        let after = rest[start..].trim_start_matches('{');
        let Some(end) = after.find('}') else {
            return false;
        };
        if after[..end].trim() == name {
            return true;
        }
        rest = &after[end..];
    }
    false
}

/// The required placeholders of `kind` missing from `body`.
pub fn missing_placeholders(kind: TemplateKind, body: &str) -> Vec<String> {
    kind.required_placeholders()
        .iter()
        .filter(|name| !uses(body, name))
        .map(|name| (*name).to_owned())
        .collect()
}

/// Most characters a subject may have.
pub const MAX_SUBJECT: usize = 500;
/// Most characters a body may have.
pub const MAX_BODY: usize = 100_000;

impl MailTemplate {
    /// This template with legacy placeholders converted in every part.
    #[must_use]
    pub fn with_legacy_placeholders_converted(&self) -> Self {
        Self {
            subject: convert_legacy_placeholders(&self.subject),
            html: convert_legacy_placeholders(&self.html),
            text: convert_legacy_placeholders(&self.text),
        }
    }

    /// Checks sizes and that both bodies keep `kind`'s required placeholders.
    ///
    /// # Errors
    /// The first rule broken.
    pub fn check_rules(&self, kind: TemplateKind) -> Result<(), TemplateRuleError> {
        for (part, value, max) in [
            ("subject", &self.subject, MAX_SUBJECT),
            ("html", &self.html, MAX_BODY),
            ("text", &self.text, MAX_BODY),
        ] {
            let chars = value.chars().count();
            if value.trim().is_empty() || chars > max {
                return Err(TemplateRuleError::Size { part, max });
            }
        }
        for (part, body) in [("html", &self.html), ("text", &self.text)] {
            let missing = missing_placeholders(kind, body);
            if !missing.is_empty() {
                return Err(TemplateRuleError::MissingPlaceholders { part, missing });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn template(html: &str, text: &str) -> MailTemplate {
        MailTemplate {
            subject: "Hello".into(),
            html: html.into(),
            text: text.into(),
        }
    }

    #[test]
    fn legacy_placeholders_convert_in_text_and_escaped_html() {
        let legacy = "Dear <ResourceName>\nLogin: <ResourceLogin>\nTemporary Password: <ResourceTempPassword>\nKind regards, <CompanyName>";
        let converted = convert_legacy_placeholders(legacy);
        assert_eq!(
            converted,
            "Dear {{name}}\nLogin: {{login}}\nTemporary Password: {{temporary_password}}\nKind regards, {{company_name}}"
        );
        assert_eq!(
            convert_legacy_placeholders("<p>&lt;ResourceLogin&gt;</p>"),
            "<p>{{login}}</p>"
        );
    }

    #[test]
    fn the_temporary_password_template_needs_login_and_password_in_both_bodies() {
        let kind = TemplateKind::TemporaryPassword;
        assert!(
            template(
                "{{login}} {{ temporary_password }}",
                "{{login}} {{{temporary_password}}}"
            )
            .check_rules(kind)
            .is_ok()
        );
        let error = template("{{login}}", "{{login}} {{temporary_password}}")
            .check_rules(kind)
            .unwrap_err();
        assert_eq!(
            error,
            TemplateRuleError::MissingPlaceholders {
                part: "html",
                missing: vec!["temporary_password".into()]
            }
        );
        assert_eq!(
            error.to_string(),
            "the html must contain {{temporary_password}}"
        );
        let error = template("{{login}} {{temporary_password}}", "nothing")
            .check_rules(kind)
            .unwrap_err();
        assert!(
            matches!(error, TemplateRuleError::MissingPlaceholders { part: "text", ref missing } if missing.len() == 2)
        );
        assert!(
            template(
                "{{loginx}} {{temporary_password}}",
                "{{login}} {{temporary_password}}"
            )
            .check_rules(kind)
            .is_err()
        );
    }

    #[test]
    fn sizes_are_bounded() {
        let empty = MailTemplate {
            subject: " ".into(),
            html: "x".into(),
            text: "x".into(),
        };
        assert_eq!(
            empty.check_rules(TemplateKind::Test),
            Err(TemplateRuleError::Size {
                part: "subject",
                max: MAX_SUBJECT
            })
        );
    }

    proptest! {
        #[test]
        fn rule_checks_never_panic(html in any::<String>(), text in any::<String>()) {
            for kind in TemplateKind::ALL {
                let _ = template(&html, &text).check_rules(kind);
            }
        }

        #[test]
        fn converting_twice_changes_nothing_more(source in any::<String>()) {
            let once = convert_legacy_placeholders(&source);
            prop_assert_eq!(convert_legacy_placeholders(&once), once);
        }
    }
}
