//! The widget's scripts, served from this server under content-hashed names
//! (`/assets/widget-<hash>.js`, `/assets/embed-frame-<hash>.js`,
//! `/assets/embed-resize-<hash>.js`) with `Cache-Control: public, max-age=31536000,
//! immutable`: a changed script is a new name, so a cached one never goes stale.

use std::sync::LazyLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// One script and the name it is served under.
pub(crate) struct Asset {
    /// The path, e.g. `/assets/widget-0123456789ab.js`.
    pub path: String,
    /// The script.
    pub body: &'static str,
}

impl Asset {
    fn new(stem: &str, body: &'static str) -> Self {
        let digest = Sha256::digest(body.as_bytes());
        let hash = digest
            .iter()
            .take(6)
            .fold(String::with_capacity(12), |mut hash, byte| {
                use std::fmt::Write as _;
                // Writing to a String cannot fail.
                let _ = write!(hash, "{byte:02x}");
                hash
            });
        Self {
            path: format!("/assets/{stem}-{hash}.js"),
            body,
        }
    }

    /// The script with its content type and immutable caching.
    pub fn response(&self) -> Response {
        let mut response = self.body.into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        response
    }
}

/// The widget rendering a form into the host page (`<script data-org data-form>`).
pub(crate) static WIDGET: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("widget", include_str!("widget.js")));

/// The loader on the host page that sizes embedded form iframes.
pub(crate) static FRAME_LOADER: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("embed-frame", include_str!("frame.js")));

/// The script of the embedded form page reporting its height to the frame's loader.
pub(crate) static RESIZE: LazyLock<Asset> =
    LazyLock::new(|| Asset::new("embed-resize", include_str!("resize.js")));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_carry_the_contents_hash() {
        for asset in [&*WIDGET, &*FRAME_LOADER, &*RESIZE] {
            let hash = asset
                .path
                .rsplit_once('-')
                .and_then(|(_, tail)| tail.strip_suffix(".js"))
                .unwrap();
            assert_eq!(hash.len(), 12, "{}", asset.path);
            assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        }
        assert_ne!(WIDGET.path, FRAME_LOADER.path);
        let other = Asset::new("widget", "// another version");
        assert_ne!(other.path, WIDGET.path, "a new script is a new name");
        let response = WIDGET.response();
        assert_eq!(
            response.headers()[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );
    }
}
