//! [`HandlebarsEngine`]: the template engine port on handlebars.

use std::collections::HashMap;

use frontdesk_kernel::Language;
use frontdesk_messaging::{
    MailTemplate, RenderError, RenderedMail, TemplateEngine, TemplateKind, TemplateRuleError,
};
use handlebars::{Handlebars, Template, TemplateError};

use crate::defaults;
use crate::message::one_line;

/// Renders mail templates with handlebars.
///
/// Missing data renders as nothing (strict mode is off), so an optional placeholder never
/// stops a mail. The HTML body is rendered with HTML escaping; the subject and the text body
/// are rendered verbatim, and the subject is collapsed to one line. The shipped templates
/// are compiled once, when the engine is made.
///
/// handlebars' built-in `log` helper is removed: an admin's template could otherwise write
/// a live link (a guest, share or set-password token in the mail's data) to the server log.
/// A template using it is refused by [`TemplateEngine::check`] and fails to render.
pub struct HandlebarsEngine {
    /// Escapes data as HTML: for the HTML body.
    html: Handlebars<'static>,
    /// Leaves data as it is: for the subject and the text body.
    plain: Handlebars<'static>,
    /// Source of a shipped HTML body → its name in `html`.
    html_defaults: HashMap<&'static str, String>,
    /// Source of a shipped subject or text body → its name in `plain`.
    plain_defaults: HashMap<&'static str, String>,
}

impl std::fmt::Debug for HandlebarsEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HandlebarsEngine")
            .field(
                "cached_defaults",
                &(self.html_defaults.len() + self.plain_defaults.len()),
            )
            .finish_non_exhaustive()
    }
}

impl Default for HandlebarsEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl HandlebarsEngine {
    /// An engine with every shipped template compiled.
    pub fn new() -> Self {
        let mut html = Handlebars::new();
        html.set_strict_mode(false);
        html.unregister_helper(LOG_HELPER);
        let mut plain = Handlebars::new();
        plain.set_strict_mode(false);
        plain.unregister_helper(LOG_HELPER);
        plain.register_escape_fn(handlebars::no_escape);

        let mut engine = Self {
            html,
            plain,
            html_defaults: HashMap::new(),
            plain_defaults: HashMap::new(),
        };
        for kind in TemplateKind::ALL {
            for language in Language::ALL {
                let sources = defaults::sources(kind, language);
                let prefix = format!("{kind}/{}", language.code());
                // A shipped template that did not compile is only left uncached: rendering
                // it then reports the error, and the test suite compiles every one.
                let name = format!("{prefix}/html");
                if engine
                    .html
                    .register_template_string(&name, sources.html)
                    .is_ok()
                {
                    engine.html_defaults.insert(sources.html, name);
                }
                for (part, source) in [("subject", sources.subject), ("text", sources.text)] {
                    let name = format!("{prefix}/{part}");
                    if engine.plain.register_template_string(&name, source).is_ok() {
                        engine.plain_defaults.insert(source, name);
                    }
                }
            }
        }
        engine
    }

    fn render_html(&self, source: &str, data: &serde_json::Value) -> Result<String, RenderError> {
        match self.html_defaults.get(source) {
            Some(name) => self.html.render(name, data),
            None => self.html.render_template(source, data),
        }
        .map_err(|error| render_error("html", &error))
    }

    fn render_plain(
        &self,
        part: &str,
        source: &str,
        data: &serde_json::Value,
    ) -> Result<String, RenderError> {
        match self.plain_defaults.get(source) {
            Some(name) => self.plain.render(name, data),
            None => self.plain.render_template(source, data),
        }
        .map_err(|error| render_error(part, &error))
    }
}

impl TemplateEngine for HandlebarsEngine {
    fn default_template(&self, kind: TemplateKind, language: Language) -> MailTemplate {
        let sources = defaults::sources(kind, language);
        MailTemplate {
            subject: sources.subject.to_owned(),
            html: sources.html.to_owned(),
            text: sources.text.to_owned(),
        }
    }

    fn check(&self, template: &MailTemplate) -> Result<(), TemplateRuleError> {
        let parts = [
            ("subject", &template.subject),
            ("html", &template.html),
            ("text", &template.text),
        ];
        for (part, source) in parts {
            Template::compile(source).map_err(|error| TemplateRuleError::DoesNotCompile {
                part,
                message: compile_message(&error),
            })?;
        }
        // A template can compile and still fail on every render (an unknown helper or
        // partial): render once with no data to find out now rather than at send time.
        let empty = serde_json::Value::Object(serde_json::Map::new());
        for (part, source) in parts {
            let registry = if part == "html" {
                &self.html
            } else {
                &self.plain
            };
            registry.render_template(source, &empty).map_err(|error| {
                TemplateRuleError::DoesNotCompile {
                    part,
                    message: error.to_string(),
                }
            })?;
        }
        Ok(())
    }

    fn render(
        &self,
        template: &MailTemplate,
        data: &serde_json::Value,
    ) -> Result<RenderedMail, RenderError> {
        let subject = self.render_plain("subject", &template.subject, data)?;
        Ok(RenderedMail {
            subject: one_line(&subject),
            html: self.render_html(&template.html, data)?,
            text: self.render_plain("text", &template.text, data)?,
        })
    }
}

/// The built-in helper that writes to the log, never available to templates.
const LOG_HELPER: &str = "log";

fn compile_message(error: &TemplateError) -> String {
    match error.pos() {
        Some((line, column)) => format!("{} (line {line}, column {column})", error.reason()),
        None => error.reason().to_string(),
    }
}

fn render_error(part: &str, error: &handlebars::RenderError) -> RenderError {
    RenderError(format!("{part}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(subject: &str, html: &str, text: &str) -> MailTemplate {
        MailTemplate {
            subject: subject.to_owned(),
            html: html.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_template_using_the_log_helper_is_refused_and_never_renders() {
        let engine = HandlebarsEngine::new();
        let logging = "{{log link}}";
        for (part, candidate) in [
            ("subject", template(logging, "ok", "ok")),
            ("html", template("ok", logging, "ok")),
            ("text", template("ok", "ok", logging)),
            (
                "html",
                template("ok", "{{log \"x\" level=\"error\"}}", "ok"),
            ),
        ] {
            assert!(
                matches!(
                    engine.check(&candidate),
                    Err(TemplateRuleError::DoesNotCompile { part: named, .. }) if named == part
                ),
                "{part}: the log helper is accepted"
            );
            let data = serde_json::json!({"link": "https://desk.example/g/fdg_secret"});
            let rendered = engine.render(&candidate, &data);
            assert!(rendered.is_err(), "{part}: rendered {rendered:?}");
            let message = rendered.err().map(|e| e.0).unwrap_or_default();
            assert!(!message.contains("fdg_secret"), "{message}");
        }
    }
}
