//! A developer following `docs/embedding.md` from a fresh crate outside the workspace gets a
//! passing contract suite: this test writes such a crate in a temporary directory, with path
//! dependencies on the workspace's crates and the guide's snippet as its only test, and runs
//! `cargo test --offline` there (the workspace's lock file, no network).

use std::path::{Path, PathBuf};
use std::process::Command;

const START: &str = "<!-- contract-snippet-start -->\n```rust\n";
const END: &str = "```\n<!-- contract-snippet-end -->";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

/// The Rust snippet between the guide's markers.
fn guide_snippet(root: &Path) -> String {
    let guide = std::fs::read_to_string(root.join("docs/embedding.md")).expect("the guide");
    let from = guide.find(START).expect("the snippet's start marker") + START.len();
    let to = guide[from..].find(END).expect("the snippet's end marker") + from;
    guide[from..to].to_owned()
}

#[test]
fn the_guide_snippet_is_the_example_contract_test() {
    let root = workspace();
    let test = std::fs::read_to_string(root.join("examples/share-links-hashmap/tests/contract.rs"))
        .expect("the example's contract test");
    let snippet = guide_snippet(&root);
    assert!(test.contains(&snippet), "docs/embedding.md's snippet differs from tests/contract.rs");
}

#[test]
fn a_fresh_crate_outside_the_workspace_passes_the_contract_suite() {
    let root = workspace();
    let dir = std::env::temp_dir().join(format!("frontdesk-embedder-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("src")).expect("crate dir");
    std::fs::create_dir_all(dir.join("tests")).expect("tests dir");
    let path = |crate_dir: &str| root.join(crate_dir).display().to_string().replace('\\', "/");
    let manifest = format!(
        r#"[package]
name = "my-case-system"
version = "0.1.0"
edition = "2024"
publish = false

[workspace]

[dev-dependencies]
frontdesk-example-share-links-hashmap = {{ path = "{example}" }}
frontdesk-testkit = {{ path = "{testkit}" }}
tokio = {{ version = "1", features = ["macros", "rt"] }}

[profile.dev.package."*"]
opt-level = 1
debug = false

[profile.dev]
debug = "line-tables-only"
"#,
        example = path("examples/share-links-hashmap"),
        testkit = path("crates/testkit"),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest");
    std::fs::write(dir.join("src/lib.rs"), "//! My case system.\n").expect("lib");
    std::fs::write(dir.join("tests/contract.rs"), guide_snippet(&root)).expect("test");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // A target directory of its own: the outer `cargo test` holds the workspace's lock.
    let output = Command::new(cargo)
        .args(["test", "--offline", "--test", "contract"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target/embedding-guide"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    std::fs::remove_dir_all(&dir).ok();
    assert!(output.status.success(), "cargo test failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("test my_share_link_store_passes_the_contract ... ok"),
        "the guide's test ran and passed:\n{stdout}"
    );
}
