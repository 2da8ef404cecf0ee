//! The hexagon's dependency rule: domain crates (`crates/*`) never depend, directly or
//! transitively through normal dependencies, on storage, web, mail or template frameworks,
//! nor on tokio's runtime.
//!
//! And its layering, read from `cargo metadata`: among the workspace's own crates (their
//! normal path dependencies), `crates/*` depend only on `crates/*`, `adapters/*` only on
//! `crates/*` (never on an app, nor on another adapter unless [`ADAPTER_TO_ADAPTER`]
//! says why), and `apps/*`, `tests/*` and `examples/*` (embedders' programs) on anything.

use std::path::{Path, PathBuf};
use std::process::Command;

const BANNED: [&str; 9] = [
    "sea-orm",
    "sea-query",
    "sqlx",
    "axum",
    "hyper",
    "lettre",
    "handlebars",
    "tower",
    "reqwest",
];
const TOKIO_RUNTIME_FEATURES: [&str; 6] =
    ["rt", "rt-multi-thread", "net", "fs", "process", "signal"];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn domain_crates() -> Vec<String> {
    let crates_dir = workspace_root().join("crates");
    let mut names: Vec<String> = std::fs::read_dir(&crates_dir)
        .expect("crates/ exists")
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("Cargo.toml").exists())
        .map(|entry| format!("frontdesk-{}", entry.file_name().to_string_lossy()))
        .collect();
    names.sort();
    names
}

/// `(package name, enabled features)` of every crate in `package`'s normal-dependency tree,
/// resolved as if `package` were built alone.
fn normal_dependency_tree(package: &str) -> Vec<(String, Vec<String>)> {
    let output = cargo()
        .current_dir(workspace_root())
        .args([
            "tree",
            "--offline",
            "-p",
            package,
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}|{f}",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (package, features) = line.split_once('|')?;
            let name = package.split_whitespace().next()?.to_owned();
            let features = features
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            Some((name, features))
        })
        .collect()
}

#[test]
fn there_are_domain_crates_to_check() {
    let crates = domain_crates();
    assert!(
        crates.contains(&"frontdesk-kernel".to_owned()),
        "{crates:?}"
    );
    assert!(
        crates.contains(&"frontdesk-access".to_owned()),
        "{crates:?}"
    );
}

#[test]
fn domain_crates_depend_on_no_framework() {
    for domain in domain_crates() {
        let tree = normal_dependency_tree(&domain);
        assert!(
            tree.iter().any(|(name, _)| *name == domain),
            "{domain} missing from its own tree"
        );
        for (name, features) in &tree {
            assert!(
                !BANNED.contains(&name.as_str()),
                "{domain} depends on {name}; domain crates may only use pure libraries"
            );
            if name == "tokio" {
                let runtime: Vec<_> = features
                    .iter()
                    .filter(|f| TOKIO_RUNTIME_FEATURES.contains(&f.as_str()))
                    .collect();
                assert!(
                    runtime.is_empty(),
                    "{domain} pulls tokio with runtime features {runtime:?}"
                );
            }
        }
    }
}

#[test]
fn the_check_would_notice_a_framework() {
    // The server crate does depend on axum; if the tree reading were broken, this would fail.
    let tree = normal_dependency_tree("frontdesk-server");
    assert!(tree.iter().any(|(name, _)| name == "axum"));
    assert!(tree.iter().any(|(name, _)| name == "sea-orm"));
}

/// Adapter-to-adapter dependencies that are justified, each with its reason. None today:
/// adapters meet only in the apps that wire them.
const ADAPTER_TO_ADAPTER: &[(&str, &str, &str)] = &[];

/// Every normal dependency of a workspace member on another path crate, as
/// `(from, to)` directories relative to the workspace root, such as
/// `("adapters/mail", "crates/messaging")`.
fn workspace_path_edges() -> Vec<(String, String)> {
    let output = cargo()
        .current_dir(workspace_root())
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let root = PathBuf::from(
        metadata["workspace_root"]
            .as_str()
            .expect("metadata names the workspace root"),
    );
    let relative = |path: &Path| -> String {
        path.strip_prefix(&root)
            .unwrap_or(path)
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut edges = Vec::new();
    for package in metadata["packages"].as_array().expect("a package list") {
        let manifest = Path::new(package["manifest_path"].as_str().expect("a manifest path"));
        let from = relative(manifest.parent().expect("a manifest lives in a directory"));
        for dependency in package["dependencies"]
            .as_array()
            .expect("a dependency list")
        {
            // `kind` is null for normal dependencies, "dev" or "build" otherwise.
            if !dependency["kind"].is_null() {
                continue;
            }
            if let Some(path) = dependency["path"].as_str() {
                edges.push((from.clone(), relative(Path::new(path))));
            }
        }
    }
    edges.sort();
    edges.dedup();
    edges
}

/// The layer a workspace directory belongs to: `crates`, `adapters`, `apps` or `tests`.
fn layer(dir: &str) -> &str {
    dir.split('/').next().unwrap_or(dir)
}

/// Each edge that breaks the layering, written `from → to` with the reason.
fn layering_violations(edges: &[(String, String)]) -> Vec<String> {
    edges
        .iter()
        .filter_map(|(from, to)| {
            let broken = match (layer(from), layer(to)) {
                ("crates" | "adapters", "crates") | ("apps" | "tests" | "examples", _) => None,
                ("crates", _) => Some("domain crates depend only on domain crates"),
                ("adapters", "adapters")
                    if ADAPTER_TO_ADAPTER
                        .iter()
                        .any(|(a, b, _)| a == from && b == to) =>
                {
                    None
                }
                ("adapters", _) => Some("adapters depend only on domain crates"),
                _ => Some("every workspace member lives in crates/, adapters/, apps/, tests/ or examples/"),
            };
            broken.map(|reason| format!("{from} → {to} ({reason})"))
        })
        .collect()
}

#[test]
fn the_layering_reading_sees_the_workspace() {
    let edges = workspace_path_edges();
    for expected in [
        ("adapters/storage", "crates/kernel"),
        ("crates/access", "crates/kernel"),
        ("apps/server", "adapters/storage"),
    ] {
        assert!(
            edges
                .iter()
                .any(|(from, to)| (from.as_str(), to.as_str()) == expected),
            "{} → {} missing from {edges:?}",
            expected.0,
            expected.1
        );
    }
}

#[test]
fn crates_adapters_and_apps_depend_only_downwards() {
    let violations = layering_violations(&workspace_path_edges());
    assert!(
        violations.is_empty(),
        "dependencies that break the layering:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_layering_check_would_notice_a_bad_edge() {
    let edge = |from: &str, to: &str| (from.to_owned(), to.to_owned());
    let edges = [
        edge("crates/cases", "crates/kernel"),
        edge("adapters/storage", "crates/cases"),
        edge("apps/server", "adapters/mail"),
        edge("apps/server", "apps/worker"),
        edge("tests/e2e", "apps/server"),
        edge("adapters/mail", "apps/config"),
        edge("crates/cases", "adapters/storage"),
        edge("crates/kernel", "apps/config"),
        edge("adapters/storage", "adapters/mail"),
    ];
    let violations = layering_violations(&edges);
    let named: Vec<&str> = violations
        .iter()
        .filter_map(|line| line.split(" (").next())
        .collect();
    assert_eq!(
        named,
        [
            "adapters/mail → apps/config",
            "crates/cases → adapters/storage",
            "crates/kernel → apps/config",
            "adapters/storage → adapters/mail",
        ],
        "{violations:?}"
    );
}
