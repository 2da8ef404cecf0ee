//! Chromium-specific `WebDriver` commands: the devtools bridge (scripts injected before a
//! page's own, device metrics, permissions, full-page captures) and the browser console log.

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use reqwest::{Method, Url};
use serde_json::{Value, json};

/// The error [`Url::join`] returns (`url::ParseError`, named through reqwest).
type UrlError = <Url as std::str::FromStr>::Err;

/// A Chromium-specific command on the current session: `method` on
/// `/session/{id}/{path}` with a JSON `body`.
#[derive(Debug)]
struct ChromiumCommand {
    method: Method,
    path: &'static str,
    body: Option<Value>,
}

impl WebDriverCompatibleCommand for ChromiumCommand {
    fn endpoint(&self, base_url: &Url, session_id: Option<&str>) -> Result<Url, UrlError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/{}", self.path))
    }

    fn method_and_body(&self, _request_url: &Url) -> (Method, Option<String>) {
        (
            self.method.clone(),
            self.body.as_ref().map(Value::to_string),
        )
    }
}

/// Runs `source` in every document the session opens from now on, before the page's own
/// scripts (`Page.addScriptToEvaluateOnNewDocument` over the driver's devtools bridge).
pub async fn before_every_page(client: &Client, source: &str) {
    client
        .issue_cmd(ChromiumCommand {
            method: Method::POST,
            path: "goog/cdp/execute",
            body: Some(json!({
                "cmd": "Page.addScriptToEvaluateOnNewDocument",
                "params": { "source": source },
            })),
        })
        .await
        .expect("the script is registered");
}

/// The browser console entries (level and message) logged since the last call.
pub async fn browser_log(client: &Client) -> Vec<String> {
    let entries = client
        .issue_cmd(ChromiumCommand {
            method: Method::POST,
            path: "se/log",
            body: Some(json!({ "type": "browser" })),
        })
        .await
        .unwrap_or_else(|e| json!([format!("(the browser log is unavailable: {e})")]));
    entries
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(
                    |entry| match (entry["level"].as_str(), entry["message"].as_str()) {
                        (Some(level), Some(message)) => format!("{level}: {message}"),
                        _ => entry.to_string(),
                    },
                )
                .collect()
        })
        .unwrap_or_default()
}

/// Sends devtools command `cmd` with `params` to the current page and returns its result.
///
/// # Panics
/// When the driver refuses the command.
pub async fn devtools(client: &Client, cmd: &str, params: Value) -> Value {
    client
        .issue_cmd(ChromiumCommand {
            method: Method::POST,
            path: "goog/cdp/execute",
            body: Some(json!({ "cmd": cmd, "params": params })),
        })
        .await
        .unwrap_or_else(|e| panic!("devtools command {cmd} fails: {e}"))
}

/// Lays pages out as a device `width` × `height` CSS pixels wide (`mobile`: with a phone's
/// viewport rules), until [`desktop_viewport`].
pub async fn emulate_viewport(client: &Client, width: u32, height: u32, mobile: bool) {
    devtools(
        client,
        "Emulation.setDeviceMetricsOverride",
        json!({
            "width": width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": mobile,
        }),
    )
    .await;
}

/// Back to the window's own size after [`emulate_viewport`].
pub async fn desktop_viewport(client: &Client) {
    devtools(client, "Emulation.clearDeviceMetricsOverride", json!({})).await;
}

/// Lets pages of the session's current origin write to and read from the clipboard without
/// a prompt (what a person allows once).
pub async fn allow_clipboard(client: &Client, origin: &str) {
    devtools(
        client,
        "Browser.grantPermissions",
        json!({
            "origin": origin,
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        }),
    )
    .await;
}

/// The tallest page captured whole; longer ones are cut there.
const MAX_CAPTURE_HEIGHT: f64 = 16_384.0;

/// A PNG of the whole page, not only the part in the viewport.
///
/// # Panics
/// When the capture fails or is not a PNG.
pub async fn full_page_png(client: &Client) -> Vec<u8> {
    use base64::Engine as _;
    let metrics = devtools(client, "Page.getLayoutMetrics", json!({})).await;
    let size = &metrics["cssContentSize"];
    let width = size["width"].as_f64().unwrap_or(1024.0).ceil();
    let height = size["height"]
        .as_f64()
        .unwrap_or(900.0)
        .ceil()
        .min(MAX_CAPTURE_HEIGHT);
    let shot = devtools(
        client,
        "Page.captureScreenshot",
        json!({
            "format": "png",
            "captureBeyondViewport": true,
            "clip": { "x": 0, "y": 0, "width": width, "height": height, "scale": 1 },
        }),
    )
    .await;
    let data = shot["data"].as_str().expect("the capture carries its data");
    let png = base64::engine::general_purpose::STANDARD
        .decode(data)
        .expect("the capture is base64");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the capture is a PNG"
    );
    png
}
