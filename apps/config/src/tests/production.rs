//! Test-only settings are refused where the base URL says "real deployment" (https).

use super::{error_env, load_env};

const HTTPS: (&str, &str) = ("FRONTDESK_BASE_URL", "https://help.acme.example");
const TURNSTILE: [(&str, &str); 3] = [
    ("FRONTDESK_CAPTCHA_PROVIDER", "turnstile"),
    ("FRONTDESK_CAPTCHA_SECRET", "a-turnstile-secret"),
    ("FRONTDESK_CAPTCHA_SITE_KEY", "a-site-key"),
];

#[test]
fn memory_mail_is_refused_with_an_https_base_url() {
    let message = error_env(&[HTTPS, ("FRONTDESK_MAIL", "memory")]);
    assert!(message.contains("FRONTDESK_MAIL"), "{message}");
    assert!(message.contains("smtp://"), "{message}");
    // Tests and development keep it, and a real deployment keeps real mail.
    assert!(load_env(&[("FRONTDESK_MAIL", "memory")]).is_ok());
    assert!(load_env(&[HTTPS, ("FRONTDESK_MAIL", "smtps://mail.acme.example")]).is_ok());
    assert!(
        load_env(&[HTTPS]).is_ok(),
        "the file: default is not refused"
    );
}

#[test]
fn a_plain_http_siteverify_is_refused_with_an_https_base_url() {
    let mut pairs = vec![HTTPS];
    pairs.extend(TURNSTILE);
    pairs.push((
        "FRONTDESK_CAPTCHA_VERIFY_URL",
        "http://127.0.0.1:9/siteverify",
    ));
    let message = error_env(&pairs);
    assert!(
        message.contains("FRONTDESK_CAPTCHA_VERIFY_URL"),
        "{message}"
    );
    assert!(
        !message.contains("a-turnstile-secret"),
        "no secret in the message"
    );
    // Over https, or on an http deployment (tests), it stands.
    pairs.pop();
    pairs.push((
        "FRONTDESK_CAPTCHA_VERIFY_URL",
        "https://verify.acme.example/siteverify",
    ));
    assert!(load_env(&pairs).is_ok());
    let mut local = TURNSTILE.to_vec();
    local.push((
        "FRONTDESK_CAPTCHA_VERIFY_URL",
        "http://127.0.0.1:9/siteverify",
    ));
    assert!(load_env(&local).is_ok());
}
