//! Settings meant for tests only, refused where Frontdesk faces real people.
//!
//! An `https` base URL is how an operator says "this is a real deployment". There, mail kept
//! in memory would silently lose every guest link, and a siteverify endpoint over plain
//! `http` would send the captcha secret and every solution in clear. Both are refused at
//! start-up, with the setting to change, rather than warned about in a log nobody reads.

use url::Url;

use crate::captcha::CaptchaSettings;
use crate::error::ConfigError;
use crate::mail::MailSetting;

/// Refuses test-only settings when `base_url` is `https`.
///
/// # Errors
/// [`ConfigError::Inconsistent`] naming the setting at fault.
pub(crate) fn refuse_test_settings(
    base_url: &Url,
    mail: &MailSetting,
    captcha: &CaptchaSettings,
) -> Result<(), ConfigError> {
    if base_url.scheme() != "https" {
        return Ok(());
    }
    if matches!(mail, MailSetting::Memory) {
        return Err(ConfigError::Inconsistent(
            "mail = \"memory\" (FRONTDESK_MAIL) keeps mail in memory and never sends it; it is \
             for tests and is refused with an https base_url: set an smtp:// or smtps:// URL"
                .to_owned(),
        ));
    }
    if let Some(verify_url) = &captcha.verify_url
        && !verify_url.starts_with("https://")
    {
        return Err(ConfigError::Inconsistent(
            "captcha.verify_url (FRONTDESK_CAPTCHA_VERIFY_URL) is not https: the captcha \
             secret would travel in clear; it is refused with an https base_url"
                .to_owned(),
        ));
    }
    Ok(())
}
