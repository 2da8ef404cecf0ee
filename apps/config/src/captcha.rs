//! Which captcha service checks public writes, and its secrets.

use std::time::Duration;

use secrecy::SecretString;
use url::Url;

use crate::keys::{
    CAPTCHA_EXPIRES, CAPTCHA_MAX_NUMBER, CAPTCHA_PROVIDER, CAPTCHA_SECRET, CAPTCHA_SITE_KEY,
    CAPTCHA_VERIFY_URL,
};
use crate::sources::Sources;
use crate::{ConfigError, InvalidValue};

/// Which captcha service checks public writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptchaProvider {
    /// ALTCHA proof-of-work, verified by Frontdesk itself (works offline).
    Altcha,
    /// Cloudflare Turnstile.
    Turnstile,
    /// hCaptcha.
    HCaptcha,
    /// Google reCAPTCHA.
    ReCaptcha,
}

/// Captcha settings.
#[derive(Debug, Clone)]
pub struct CaptchaSettings {
    /// The service.
    pub provider: CaptchaProvider,
    /// ALTCHA: HMAC key (at least 32 characters; when absent one is generated and kept in
    /// the database so every replica shares it). Others: the siteverify secret.
    pub secret: Option<SecretString>,
    /// Third-party services: the public site key their widget needs.
    pub site_key: Option<String>,
    /// Third-party services: a siteverify endpoint other than the provider's own.
    pub verify_url: Option<String>,
    /// ALTCHA: difficulty (largest secret number).
    pub altcha_max_number: u64,
    /// ALTCHA: how long a challenge may be solved and sent.
    pub altcha_expires: Duration,
}

impl CaptchaSettings {
    /// The configured service, ALTCHA unless set; a third-party service needs its secret
    /// and site key.
    pub(crate) fn from_sources(sources: &mut Sources) -> Result<Self, ConfigError> {
        let provider = sources
            .text(&CAPTCHA_PROVIDER, |raw| {
                match raw.to_ascii_lowercase().as_str() {
                    "altcha" => Ok(CaptchaProvider::Altcha),
                    "turnstile" => Ok(CaptchaProvider::Turnstile),
                    "hcaptcha" => Ok(CaptchaProvider::HCaptcha),
                    "recaptcha" => Ok(CaptchaProvider::ReCaptcha),
                    _ => Err(InvalidValue::new(
                        "expected altcha, turnstile, hcaptcha or recaptcha",
                    )),
                }
            })?
            .unwrap_or(CaptchaProvider::Altcha);
        let secret = sources.text(&CAPTCHA_SECRET, |raw| {
            if provider == CaptchaProvider::Altcha && raw.len() < 32 {
                Err(InvalidValue::new(
                    "an ALTCHA key needs at least 32 characters",
                ))
            } else {
                Ok(SecretString::from(raw.to_owned()))
            }
        })?;
        let site_key = sources.text(&CAPTCHA_SITE_KEY, |raw| Ok(raw.to_owned()))?;
        let verify_url = sources.text(&CAPTCHA_VERIFY_URL, |raw| {
            Url::parse(raw)
                .ok()
                .filter(|url| matches!(url.scheme(), "http" | "https"))
                .map(|_| raw.to_owned())
                .ok_or_else(|| InvalidValue::new("expected an http(s) URL"))
        })?;
        if provider != CaptchaProvider::Altcha && (secret.is_none() || site_key.is_none()) {
            return Err(ConfigError::Inconsistent(format!(
                "the {} captcha needs both {} and {}",
                match provider {
                    CaptchaProvider::Turnstile => "Turnstile",
                    CaptchaProvider::HCaptcha => "hCaptcha",
                    _ => "reCAPTCHA",
                },
                CAPTCHA_SECRET.env,
                CAPTCHA_SITE_KEY.env
            )));
        }
        Ok(CaptchaSettings {
            provider,
            secret,
            site_key,
            verify_url,
            altcha_max_number: sources
                .number(&CAPTCHA_MAX_NUMBER, 1_000..=10_000_000)?
                .unwrap_or(100_000),
            altcha_expires: Duration::from_secs(
                sources
                    .number(&CAPTCHA_EXPIRES, 30..=86_400)?
                    .unwrap_or(600),
            ),
        })
    }
}
