//! The ALTCHA browser widget, vendored so pages never load it from a CDN.

/// The ALTCHA widget script, `altcha` 2.3.0 from npm, file `dist/altcha.umd.cjs`
/// (vendored as `assets/altcha.min.js`).
///
/// A classic script (UMD) that registers the `<altcha-widget>` custom element. It inlines
/// its proof-of-work worker (started from a `blob:` URL, falling back to `data:`) and its
/// CSS (added as a `<style>` element), so no other file is needed. Serve it as
/// `text/javascript`; the page's CSP must allow `worker-src blob:` and the injected style.
pub const ALTCHA_WIDGET_JS: &str = include_str!("../assets/altcha.min.js");

/// The npm version of [`ALTCHA_WIDGET_JS`].
pub const ALTCHA_WIDGET_VERSION: &str = "2.3.0";

/// The MIT license of [`ALTCHA_WIDGET_JS`], with package name, version and origin; serve or
/// ship it alongside the script.
pub const ALTCHA_LICENSE: &str = include_str!("../assets/ALTCHA-LICENSE.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_widget_script_registers_the_custom_element_and_inlines_its_worker() {
        assert!(ALTCHA_WIDGET_JS.contains(r#"customElements.define("altcha-widget""#));
        assert!(ALTCHA_WIDGET_JS.contains("new Worker("));
        assert!(!ALTCHA_WIDGET_JS.contains("sourceMappingURL"));
    }

    #[test]
    fn the_license_names_package_version_and_mit_terms() {
        assert!(ALTCHA_LICENSE.contains("MIT License"));
        assert!(ALTCHA_LICENSE.contains(&format!("altcha {ALTCHA_WIDGET_VERSION}")));
        assert!(ALTCHA_LICENSE.contains("Permission is hereby granted"));
    }
}
