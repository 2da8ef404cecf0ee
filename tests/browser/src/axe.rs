//! Accessibility checks with axe-core: the pinned `axe.min.js` from `tests/browser`'s
//! `node_modules` (installed by `npm ci --prefix tests/browser`) runs in the page and reports
//! what fails.
//!
//! The script goes in through `WebDriver`'s *execute script*, which Chromium evaluates over
//! its devtools bridge: a page's `Content-Security-Policy` (`script-src 'self'`) does not
//! apply to it, so the console's real CSP stays on while axe runs.

use std::fmt;
use std::path::PathBuf;
use std::sync::OnceLock;

use fantoccini::Client;
use serde_json::Value;

/// Where `npm ci --prefix tests/browser` puts axe-core's browser bundle.
pub fn axe_script_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

/// Whether axe-core is installed. When it is not, this warns loudly (once) and answers
/// `false`, so a developer without npm still runs the rest of the browser tests; under
/// `CI=true` it fails instead.
///
/// # Panics
/// When the bundle is missing and `CI=true`.
pub fn axe_installed() -> bool {
    static WARNED: OnceLock<()> = OnceLock::new();
    let path = axe_script_path();
    if path.is_file() {
        return true;
    }
    assert!(
        !crate::running_in_ci(),
        "{} is missing; CI must run `npm ci --prefix tests/browser`",
        path.display()
    );
    WARNED.get_or_init(|| {
        eprintln!(
            "\n\
             ==================================================================\n\
             WARNING: {} is missing: the accessibility checks\n\
             are SKIPPED. Install axe-core with `npm ci --prefix tests/browser`.\n\
             ==================================================================\n",
            path.display()
        );
    });
    false
}

/// The bundle's source, read once per test process.
///
/// # Panics
/// When the bundle is missing: axe-core is not installed.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_script_path();
        std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): install axe-core with `npm ci --prefix tests/browser`",
                path.display()
            )
        })
    })
}

/// One element a rule failed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedNode {
    /// The CSS selectors that lead to it (one per frame).
    pub target: Vec<String>,
    /// Its markup, as axe quotes it.
    pub html: String,
    /// What to fix, as axe says it.
    pub summary: String,
}

/// A rule the page breaks, with the elements it breaks it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The rule, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    /// The rule's one-line help.
    pub help: String,
    /// Where the rule is explained.
    pub help_url: String,
    /// The failing elements.
    pub nodes: Vec<FailedNode>,
}

impl Violation {
    /// Whether it must fail a test: impact `serious` or `critical`.
    pub fn is_blocking(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }

    fn from_json(value: &Value) -> Self {
        let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
        Self {
            id: text(&value["id"]),
            impact: text(&value["impact"]),
            help: text(&value["help"]),
            help_url: text(&value["helpUrl"]),
            nodes: value["nodes"]
                .as_array()
                .map(|nodes| {
                    nodes
                        .iter()
                        .map(|node| FailedNode {
                            target: node["target"]
                                .as_array()
                                .map(|t| {
                                    t.iter()
                                        .map(|s| {
                                            s.as_str().map_or_else(|| s.to_string(), str::to_owned)
                                        })
                                        .collect()
                                })
                                .unwrap_or_default(),
                            html: text(&node["html"]),
                            summary: text(&node["failureSummary"]),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "[{}] {}: {} ({})",
            self.impact, self.id, self.help, self.help_url
        )?;
        for node in &self.nodes {
            let html: String = node.html.chars().take(160).collect();
            writeln!(f, "    at {}  {html}", node.target.join(" >> "))?;
            for line in node.summary.lines() {
                writeln!(f, "      {line}")?;
            }
        }
        Ok(())
    }
}

/// Runs every axe-core rule on the current page and returns what it breaks, of any impact.
///
/// # Panics
/// When axe cannot be loaded into or run in the page.
pub async fn axe_violations(client: &Client) -> Vec<Violation> {
    let loaded = client
        .execute(
            &format!(
                "if (!window.axe) {{ {} \n}} return typeof window.axe;",
                axe_source()
            ),
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("axe-core cannot be injected: {e}"));
    assert_eq!(
        loaded.as_str(),
        Some("object"),
        "axe-core did not define window.axe"
    );
    let outcome = client
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             window.axe.run(document, { resultTypes: ['violations'] })\
               .then((r) => done({ violations: r.violations }))\
               .catch((e) => done({ error: String(e && e.stack || e) }));",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("axe-core does not run: {e}"));
    if let Some(error) = outcome["error"].as_str() {
        panic!("axe-core failed in the page: {error}");
    }
    outcome["violations"]
        .as_array()
        .map(|all| all.iter().map(Violation::from_json).collect())
        .unwrap_or_default()
}

/// The serious and critical violations of the current page, formatted one after the other;
/// `None` when there are none.
pub async fn blocking_violations(client: &Client) -> Option<String> {
    let report: String = axe_violations(client)
        .await
        .iter()
        .filter(|v| v.is_blocking())
        .map(ToString::to_string)
        .collect();
    (!report.is_empty()).then_some(report)
}
