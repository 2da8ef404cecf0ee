//! Third-party captchas checked through their `siteverify` endpoints: Cloudflare
//! Turnstile, hCaptcha and Google reCAPTCHA (v2 / invisible).

use std::net::IpAddr;
use std::time::Duration;

use frontdesk_kernel::{CaptchaChallenge, CaptchaError, CaptchaVerifier};
use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// Longest response token forwarded; real tokens are a few KiB at most.
const MAX_TOKEN_LEN: usize = 16 * 1024;
/// Largest siteverify answer read.
const MAX_BODY_LEN: usize = 64 * 1024;

/// A third-party captcha service with a `siteverify` endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SiteVerifyProvider {
    /// Cloudflare Turnstile.
    Turnstile,
    /// hCaptcha.
    HCaptcha,
    /// Google reCAPTCHA.
    ReCaptcha,
}

impl SiteVerifyProvider {
    /// The provider's public `siteverify` URL.
    pub const fn default_endpoint(self) -> &'static str {
        match self {
            Self::Turnstile => "https://challenges.cloudflare.com/turnstile/v0/siteverify",
            Self::HCaptcha => "https://api.hcaptcha.com/siteverify",
            Self::ReCaptcha => "https://www.google.com/recaptcha/api/siteverify",
        }
    }

    /// The form field in which the provider's widget puts its response token.
    pub const fn form_field(self) -> &'static str {
        match self {
            Self::Turnstile => "cf-turnstile-response",
            Self::HCaptcha => "h-captcha-response",
            Self::ReCaptcha => "g-recaptcha-response",
        }
    }
}

/// Settings of a [`SiteVerifyVerifier`]. The secret never appears in `Debug` output.
#[derive(Debug, Clone)]
pub struct SiteVerifyConfig {
    /// Which service verifies.
    pub provider: SiteVerifyProvider,
    /// The site's secret key at the provider.
    pub secret: SecretString,
    /// Where to POST; `None` for [`SiteVerifyProvider::default_endpoint`] (override for
    /// tests and outbound proxies).
    pub endpoint: Option<String>,
    /// When set, the hostname the provider reports must equal this (ASCII case-insensitive).
    pub expected_hostname: Option<String>,
    /// How long one verification may take before it counts as unavailable. Default 5 s.
    pub timeout: Duration,
}

impl SiteVerifyConfig {
    /// Default settings for `provider` with `secret`: the provider's endpoint, no hostname
    /// check, a 5 s timeout.
    pub fn new(provider: SiteVerifyProvider, secret: SecretString) -> Self {
        Self {
            provider,
            secret,
            endpoint: None,
            expected_hostname: None,
            timeout: Duration::from_secs(5),
        }
    }

    /// The same settings, sending requests to `endpoint` instead.
    #[must_use]
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The same settings, requiring the provider to report `hostname`.
    #[must_use]
    pub fn with_expected_hostname(mut self, hostname: impl Into<String>) -> Self {
        self.expected_hostname = Some(hostname.into());
        self
    }

    /// The same settings with another request timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// Why a [`SiteVerifyVerifier`] cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum SiteVerifyError {
    /// The endpoint is not an absolute `http` or `https` URL.
    #[error("the siteverify endpoint is not an http(s) URL")]
    Endpoint,
    /// The HTTP client could not be set up (e.g. no TLS backend).
    #[error("the HTTP client for siteverify could not be built: {0}")]
    Client(String),
}

/// A [`CaptchaVerifier`] that asks Turnstile, hCaptcha or reCAPTCHA whether a widget's
/// response token is good. The providers themselves make tokens single-use.
#[derive(Debug)]
pub struct SiteVerifyVerifier {
    client: reqwest::Client,
    provider: SiteVerifyProvider,
    endpoint: Url,
    secret: SecretString,
    expected_hostname: Option<String>,
}

impl SiteVerifyVerifier {
    /// A verifier with `config`.
    ///
    /// # Errors
    /// [`SiteVerifyError::Endpoint`] for an unusable endpoint URL,
    /// [`SiteVerifyError::Client`] when the HTTP client cannot be built.
    pub fn new(config: SiteVerifyConfig) -> Result<Self, SiteVerifyError> {
        let endpoint = config
            .endpoint
            .as_deref()
            .unwrap_or(config.provider.default_endpoint());
        let endpoint = Url::parse(endpoint).map_err(|_| SiteVerifyError::Endpoint)?;
        if !matches!(endpoint.scheme(), "http" | "https") || endpoint.host().is_none() {
            return Err(SiteVerifyError::Endpoint);
        }
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| SiteVerifyError::Client(error.without_url().to_string()))?;
        Ok(Self {
            client,
            provider: config.provider,
            endpoint,
            secret: config.secret,
            expected_hostname: config.expected_hostname,
        })
    }

    /// The service this verifier asks.
    pub fn provider(&self) -> SiteVerifyProvider {
        self.provider
    }

    async fn post(
        &self,
        token: &str,
        remote_ip: Option<IpAddr>,
    ) -> Result<SiteVerifyAnswer, CaptchaError> {
        let remote_ip = remote_ip.map(|ip| ip.to_string());
        let mut form = vec![("secret", self.secret.expose_secret()), ("response", token)];
        if let Some(ip) = &remote_ip {
            form.push(("remoteip", ip));
        }
        let mut response = self
            .client
            .post(self.endpoint.clone())
            .form(&form)
            .send()
            .await
            .map_err(|error| unavailable(&error))?;
        let status = response.status();
        if !status.is_success() {
            return Err(CaptchaError::Unavailable(format!(
                "siteverify answered HTTP {}",
                status.as_u16()
            )));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| unavailable(&error))?
        {
            if body.len() + chunk.len() > MAX_BODY_LEN {
                return Err(CaptchaError::Unavailable(
                    "siteverify answer is too large".to_owned(),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&body).map_err(|_| {
            CaptchaError::Unavailable("siteverify answer is not the expected JSON".to_owned())
        })
    }

    fn judge(&self, answer: &SiteVerifyAnswer) -> Result<(), CaptchaError> {
        if !answer.success {
            return Err(failure(&answer.error_codes));
        }
        if let Some(expected) = &self.expected_hostname {
            match &answer.hostname {
                Some(actual) if actual.eq_ignore_ascii_case(expected) => {}
                _ => return Err(CaptchaError::Invalid),
            }
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl CaptchaVerifier for SiteVerifyVerifier {
    async fn challenge(&self) -> Result<Option<CaptchaChallenge>, CaptchaError> {
        Ok(None)
    }

    async fn verify(&self, solution: &str, remote_ip: Option<IpAddr>) -> Result<(), CaptchaError> {
        let token = solution.trim();
        if token.is_empty() {
            return Err(CaptchaError::Missing);
        }
        if token.len() > MAX_TOKEN_LEN {
            return Err(CaptchaError::Invalid);
        }
        let answer = self.post(token, remote_ip).await?;
        self.judge(&answer)
    }
}

/// The fields of a siteverify answer that matter here.
#[derive(Debug, Deserialize)]
struct SiteVerifyAnswer {
    success: bool,
    #[serde(default)]
    hostname: Option<String>,
    #[serde(default, rename = "error-codes")]
    error_codes: Vec<String>,
}

/// Maps a refusal's error codes to what the user is told. Codes that mean our own
/// configuration is wrong are [`CaptchaError::Unavailable`], so they surface to operators
/// instead of looking like a user's mistake.
fn failure(codes: &[String]) -> CaptchaError {
    let has = |code: &str| codes.iter().any(|c| c == code);
    if has("timeout-or-duplicate") || has("already-seen-response") {
        CaptchaError::Replayed
    } else if has("expired-input-response") {
        CaptchaError::Expired
    } else if has("missing-input-response") {
        CaptchaError::Missing
    } else if let Some(code) = codes.iter().find(|c| {
        matches!(
            c.as_str(),
            "missing-input-secret"
                | "invalid-input-secret"
                | "sitekey-secret-mismatch"
                | "internal-error"
        )
    }) {
        CaptchaError::Unavailable(format!("siteverify refused our configuration: {code}"))
    } else {
        CaptchaError::Invalid
    }
}

/// An HTTP failure as [`CaptchaError::Unavailable`], without URL or secret.
fn unavailable(error: &reqwest::Error) -> CaptchaError {
    let what = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else if error.is_body() || error.is_decode() {
        "failed while reading the answer"
    } else {
        "failed"
    };
    CaptchaError::Unavailable(format!("siteverify request {what}"))
}
