//! Test doubles that stand in for infrastructure: a captcha that needs no browser and a
//! template engine that renders nothing.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};

use frontdesk_kernel::{CaptchaChallenge, CaptchaError, CaptchaVerifier, Language};
use frontdesk_messaging::{
    MailTemplate, RenderError, RenderedMail, TemplateEngine, TemplateKind, TemplateRuleError,
};

/// A captcha for tests: accepts `"ok"` and any solution starting with `"ok:"`, each once
/// (a second use is [`CaptchaError::Replayed`]); anything else is [`CaptchaError::Invalid`].
#[derive(Debug, Default)]
pub struct FakeCaptcha {
    used: Mutex<HashSet<String>>,
}

impl FakeCaptcha {
    /// A captcha that has accepted nothing yet.
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait::async_trait]
impl CaptchaVerifier for FakeCaptcha {
    async fn challenge(&self) -> Result<Option<CaptchaChallenge>, CaptchaError> {
        Ok(None)
    }

    async fn verify(&self, solution: &str, _remote_ip: Option<IpAddr>) -> Result<(), CaptchaError> {
        if solution != "ok" && !solution.starts_with("ok:") {
            return Err(CaptchaError::Invalid);
        }
        let first_use = self
            .used
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(solution.to_owned());
        if first_use {
            Ok(())
        } else {
            Err(CaptchaError::Replayed)
        }
    }
}

/// A template engine for tests that never touch rendering: every template is empty and
/// renders to empty parts.
#[derive(Debug, Default, Clone, Copy)]
pub struct BlankTemplateEngine;

impl TemplateEngine for BlankTemplateEngine {
    fn default_template(&self, _kind: TemplateKind, _language: Language) -> MailTemplate {
        MailTemplate {
            subject: String::new(),
            html: String::new(),
            text: String::new(),
        }
    }

    fn check(&self, _template: &MailTemplate) -> Result<(), TemplateRuleError> {
        Ok(())
    }

    fn render(
        &self,
        _template: &MailTemplate,
        _data: &serde_json::Value,
    ) -> Result<RenderedMail, RenderError> {
        Ok(RenderedMail {
            subject: String::new(),
            html: String::new(),
            text: String::new(),
        })
    }
}
