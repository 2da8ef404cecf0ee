//! `SiteVerifyVerifier` against a fake siteverify endpoint on 127.0.0.1.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns may fail loudly"
)]

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use frontdesk_captcha::{
    SiteVerifyConfig, SiteVerifyError, SiteVerifyProvider, SiteVerifyVerifier,
};
use frontdesk_kernel::{CaptchaError, CaptchaVerifier};
use secrecy::SecretString;
use serde_json::json;

const SECRET: &str = "0x4AAAAAAAsecret-that-must-not-leak";
const HOST: &str = "forms.example.org";
const CLIENT_IP: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 7));

type Received = Arc<Mutex<Vec<HashMap<String, String>>>>;

async fn siteverify(
    State(received): State<Received>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let token = form.get("response").cloned().unwrap_or_default();
    received.lock().unwrap().push(form);
    let refused =
        |code: &str| Json(json!({"success": false, "error-codes": [code]})).into_response();
    match token.as_str() {
        "good" => {
            Json(json!({"success": true, "hostname": HOST, "error-codes": []})).into_response()
        }
        "good-upper" => {
            Json(json!({"success": true, "hostname": "FORMS.Example.org"})).into_response()
        }
        "good-no-host" => Json(json!({"success": true})).into_response(),
        "other-host" => Json(json!({"success": true, "hostname": "evil.example"})).into_response(),
        "duplicate" => refused("timeout-or-duplicate"),
        "seen" => refused("already-seen-response"),
        "expired" => refused("expired-input-response"),
        "bad-secret" => refused("invalid-input-secret"),
        "boom" => (StatusCode::INTERNAL_SERVER_ERROR, "upstream exploded").into_response(),
        "garbage" => "<html>not json</html>".into_response(),
        "hang" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Json(json!({"success": true, "hostname": HOST})).into_response()
        }
        _ => refused("invalid-input-response"),
    }
}

struct FakeEndpoint {
    url: String,
    received: Received,
}

async fn fake_endpoint() -> FakeEndpoint {
    let received = Received::default();
    let app = Router::new()
        .route("/siteverify", post(siteverify))
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    FakeEndpoint {
        url: format!("http://{address}/siteverify"),
        received,
    }
}

fn verifier(url: &str, hostname: Option<&str>) -> SiteVerifyVerifier {
    let mut config =
        SiteVerifyConfig::new(SiteVerifyProvider::Turnstile, SecretString::from(SECRET))
            .with_endpoint(url)
            .with_timeout(Duration::from_millis(300));
    if let Some(hostname) = hostname {
        config = config.with_expected_hostname(hostname);
    }
    SiteVerifyVerifier::new(config).unwrap()
}

#[tokio::test]
async fn a_good_token_passes_and_the_endpoint_gets_secret_response_and_remoteip() {
    let fake = fake_endpoint().await;
    let verifier = verifier(&fake.url, Some(HOST));

    assert_eq!(verifier.verify("good", Some(CLIENT_IP)).await, Ok(()));
    assert_eq!(verifier.verify(" good\n", None).await, Ok(()));

    let received = fake.received.lock().unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0]["secret"], SECRET);
    assert_eq!(received[0]["response"], "good");
    assert_eq!(received[0]["remoteip"], "203.0.113.7");
    assert_eq!(received[1]["response"], "good");
    assert!(!received[1].contains_key("remoteip"));
}

#[tokio::test]
async fn the_hostname_is_checked_when_expected() {
    let fake = fake_endpoint().await;
    let strict = verifier(&fake.url, Some(HOST));
    assert_eq!(strict.verify("good-upper", None).await, Ok(()));
    assert_eq!(
        strict.verify("other-host", None).await,
        Err(CaptchaError::Invalid)
    );
    assert_eq!(
        strict.verify("good-no-host", None).await,
        Err(CaptchaError::Invalid)
    );

    let lenient = verifier(&fake.url, None);
    assert_eq!(lenient.verify("other-host", None).await, Ok(()));
    assert_eq!(lenient.verify("good-no-host", None).await, Ok(()));
}

#[tokio::test]
async fn refusals_map_to_captcha_errors() {
    let fake = fake_endpoint().await;
    let verifier = verifier(&fake.url, Some(HOST));
    assert_eq!(
        verifier.verify("forged", None).await,
        Err(CaptchaError::Invalid)
    );
    assert_eq!(
        verifier.verify("duplicate", None).await,
        Err(CaptchaError::Replayed)
    );
    assert_eq!(
        verifier.verify("seen", None).await,
        Err(CaptchaError::Replayed)
    );
    assert_eq!(
        verifier.verify("expired", None).await,
        Err(CaptchaError::Expired)
    );
    assert!(matches!(
        verifier.verify("bad-secret", None).await,
        Err(CaptchaError::Unavailable(message)) if message.contains("invalid-input-secret")
    ));
}

#[tokio::test]
async fn an_empty_token_is_missing_without_asking_the_provider() {
    let fake = fake_endpoint().await;
    let verifier = verifier(&fake.url, None);
    assert_eq!(
        verifier.verify("", Some(CLIENT_IP)).await,
        Err(CaptchaError::Missing)
    );
    assert_eq!(
        verifier.verify(" \t", None).await,
        Err(CaptchaError::Missing)
    );
    assert!(fake.received.lock().unwrap().is_empty());
}

async fn assert_unavailable(verifier: &SiteVerifyVerifier, token: &str) {
    match verifier.verify(token, Some(CLIENT_IP)).await {
        Err(CaptchaError::Unavailable(message)) => {
            assert!(!message.contains(SECRET), "{message}");
            assert!(!message.contains("127.0.0.1"), "{message}");
        }
        other => panic!("{token}: expected Unavailable, got {other:?}"),
    }
}

#[tokio::test]
async fn server_errors_garbage_and_timeouts_are_unavailable() {
    let fake = fake_endpoint().await;
    let verifier = verifier(&fake.url, Some(HOST));
    assert_unavailable(&verifier, "boom").await;
    assert_unavailable(&verifier, "garbage").await;

    let started = std::time::Instant::now();
    assert_unavailable(&verifier, "hang").await;
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "the 300 ms timeout applies"
    );
}

#[tokio::test]
async fn an_unreachable_endpoint_is_unavailable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address: SocketAddr = listener.local_addr().unwrap();
    drop(listener);
    let verifier = verifier(&format!("http://{address}/siteverify"), None);
    assert_unavailable(&verifier, "good").await;
}

#[tokio::test]
async fn siteverify_issues_no_challenge() {
    let verifier = verifier("http://127.0.0.1:9/siteverify", None);
    assert_eq!(verifier.challenge().await, Ok(None));
}

#[test]
fn providers_have_their_public_endpoints_and_form_fields() {
    assert_eq!(
        SiteVerifyProvider::Turnstile.default_endpoint(),
        "https://challenges.cloudflare.com/turnstile/v0/siteverify"
    );
    assert_eq!(
        SiteVerifyProvider::HCaptcha.default_endpoint(),
        "https://api.hcaptcha.com/siteverify"
    );
    assert_eq!(
        SiteVerifyProvider::ReCaptcha.default_endpoint(),
        "https://www.google.com/recaptcha/api/siteverify"
    );
    assert_eq!(
        SiteVerifyProvider::Turnstile.form_field(),
        "cf-turnstile-response"
    );
    assert_eq!(
        SiteVerifyProvider::HCaptcha.form_field(),
        "h-captcha-response"
    );
    assert_eq!(
        SiteVerifyProvider::ReCaptcha.form_field(),
        "g-recaptcha-response"
    );

    for provider in [
        SiteVerifyProvider::Turnstile,
        SiteVerifyProvider::HCaptcha,
        SiteVerifyProvider::ReCaptcha,
    ] {
        let config = SiteVerifyConfig::new(provider, SecretString::from(SECRET));
        assert_eq!(config.timeout, Duration::from_secs(5));
        let verifier = SiteVerifyVerifier::new(config).unwrap();
        assert_eq!(verifier.provider(), provider);
    }
}

#[test]
fn unusable_endpoints_are_refused() {
    for endpoint in [
        "not a url",
        "ftp://example.org/siteverify",
        "file:///etc/passwd",
    ] {
        let config =
            SiteVerifyConfig::new(SiteVerifyProvider::HCaptcha, SecretString::from(SECRET))
                .with_endpoint(endpoint);
        assert!(
            matches!(
                SiteVerifyVerifier::new(config),
                Err(SiteVerifyError::Endpoint)
            ),
            "{endpoint}"
        );
    }
}

#[test]
fn debug_output_never_shows_the_secret() {
    let config = SiteVerifyConfig::new(SiteVerifyProvider::ReCaptcha, SecretString::from(SECRET))
        .with_expected_hostname(HOST);
    let shown_config = format!("{config:?}");
    let verifier = SiteVerifyVerifier::new(config).unwrap();
    for shown in [
        shown_config,
        format!("{verifier:?}"),
        format!("{verifier:#?}"),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(!shown.contains("secret-that-must-not-leak"), "{shown}");
    }
}
