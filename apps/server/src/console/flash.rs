//! One-shot messages after an action ("Status changed", "This form expired"), carried across
//! the redirect that follows every console `POST` in a short-lived cookie.
//!
//! The cookie holds only a message key from the catalog and whether it reports success, so
//! nothing a person typed (and nothing secret) ever travels in it.

use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use crate::extract::cookie;
use crate::pages::login::set_cookie;
use crate::state::CookiePolicy;

const COOKIE: &str = "fd_flash";

/// How a flash message reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// The action worked.
    Success,
    /// The action did not happen.
    Failure,
}

/// A message to show once on the next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flash {
    /// Success or failure.
    pub(crate) tone: Tone,
    /// The catalog key of the message (`flash-…`).
    pub(crate) key: String,
}

impl Flash {
    /// The flash the browser carries, if any well-formed one.
    pub(crate) fn read(headers: &HeaderMap) -> Option<Self> {
        let raw = cookie(headers, COOKIE)?;
        let (tone, key) = raw.split_once('.')?;
        let tone = match tone {
            "ok" => Tone::Success,
            "err" => Tone::Failure,
            _ => return None,
        };
        let well_formed = key.starts_with("flash-")
            && key.len() <= 64
            && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        well_formed.then(|| Self {
            tone,
            key: key.to_owned(),
        })
    }

    fn cookie_value(tone: Tone, key: &str) -> String {
        let tone = match tone {
            Tone::Success => "ok",
            Tone::Failure => "err",
        };
        format!("{tone}.{key}")
    }
}

/// A 303 to `to` that shows the message `key` there.
pub(crate) fn redirect_with(cookies: &CookiePolicy, to: &str, tone: Tone, key: &str) -> Response {
    let mut response = Redirect::to(to).into_response();
    set_cookie(
        &mut response,
        &cookies.set(COOKIE, &Flash::cookie_value(tone, key), Some(60)),
    );
    response
}

/// Clears the flash cookie once its message has been shown.
pub(crate) fn consumed(cookies: &CookiePolicy, response: &mut Response) {
    set_cookie(response, &cookies.clear(COOKIE));
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderValue, header};

    use super::*;

    fn headers(cookie: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
        headers
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let value = Flash::cookie_value(Tone::Failure, "flash-form-expired");
        let flash = Flash::read(&headers(&format!("{COOKIE}={value}"))).unwrap();
        assert_eq!(flash.tone, Tone::Failure);
        assert_eq!(flash.key, "flash-form-expired");
    }

    #[test]
    fn ignores_anything_that_is_not_a_message_key() {
        for bad in [
            "ok.<script>",
            "ok.nav-cases",
            "maybe.flash-saved",
            "ok.flash-Saved",
            "ok",
        ] {
            assert_eq!(
                Flash::read(&headers(&format!("{COOKIE}={bad}"))),
                None,
                "{bad}"
            );
        }
    }
}
