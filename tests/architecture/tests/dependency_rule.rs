//! The hexagon's dependency rule: domain crates (`crates/*`) never depend, directly or
//! transitively through normal dependencies, on storage, web, mail or template frameworks,
//! nor on tokio's runtime.

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
