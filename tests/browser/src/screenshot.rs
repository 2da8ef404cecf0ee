//! Screenshots kept for people to look at: `target/screenshots/<suite>/<name>-<lang>.png` in
//! the workspace's target directory.

use std::path::PathBuf;

use fantoccini::Client;

use crate::chromium::full_page_png;

/// The workspace's target directory: `CARGO_TARGET_DIR` when set, else `target/` at the
/// workspace root (two levels above this crate).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .filter(|dir| !dir.is_empty())
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
            PathBuf::from,
        )
}

/// `target/screenshots/<suite>`, created if needed.
///
/// # Panics
/// When the directory cannot be created.
pub fn screenshot_dir(suite: &str) -> PathBuf {
    let dir = target_dir().join("screenshots").join(suite);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir.canonicalize().unwrap_or(dir)
}

/// Saves a full-page PNG of the current page as `<suite>/<name>-<lang>.png` and returns its
/// path.
///
/// # Panics
/// When the capture fails or the file cannot be written.
pub async fn save_screenshot(client: &Client, suite: &str, name: &str, lang: &str) -> PathBuf {
    let png = full_page_png(client).await;
    let path = screenshot_dir(suite).join(format!("{name}-{lang}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}
