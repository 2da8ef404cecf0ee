//! Every use case is found in one hop: each public method of a domain service (the files
//! under `crates/*/src/service/`) has a row in the "Where is…" table of
//! `docs/architecture.md` that names it and the file it lives in.

use std::fs;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(Service::method, path)` of every public method in the service files below `dir`.
fn use_cases_in(dir: &Path, root: &Path, into: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            use_cases_in(&path, root, into);
            continue;
        }
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let source = fs::read_to_string(&path).expect("a readable source file");
        let relative = path
            .strip_prefix(root)
            .expect("below the root")
            .to_string_lossy()
            .replace('\\', "/");
        let mut service = None;
        for line in source.lines() {
            if let Some(rest) = line.strip_prefix("impl ")
                && let Some(name) = rest.split_whitespace().next()
                && name.ends_with("Service")
                && !rest.contains(" for ")
            {
                service = Some(name.trim_end_matches('{').to_owned());
            }
            let method = line
                .strip_prefix("    pub async fn ")
                .or_else(|| line.strip_prefix("    pub fn "));
            if let (Some(service), Some(method)) = (&service, method) {
                let name: String = method
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if name != "new" {
                    into.push((format!("{service}::{name}"), relative.clone()));
                }
            }
        }
    }
}

fn all_use_cases() -> Vec<(String, String)> {
    let root = workspace_root();
    let mut found = Vec::new();
    for entry in fs::read_dir(root.join("crates"))
        .expect("crates/ exists")
        .filter_map(Result::ok)
    {
        use_cases_in(&entry.path().join("src/service"), &root, &mut found);
    }
    found.sort();
    found
}

/// The `(use case, service file)` cells of the table's rows.
fn table_rows(doc: &str) -> Vec<(String, String)> {
    doc.lines()
        .filter(|line| line.starts_with("| `"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let use_case = cells.get(1)?.trim_matches('`').to_owned();
            let file = cells.get(2)?.trim_matches('`').to_owned();
            use_case.contains("::").then_some((use_case, file))
        })
        .collect()
}

#[test]
fn every_use_case_has_a_row_naming_its_file() {
    let doc = fs::read_to_string(workspace_root().join("docs/architecture.md"))
        .expect("docs/architecture.md exists");
    let rows = table_rows(&doc);
    let use_cases = all_use_cases();
    assert!(
        use_cases.len() > 40,
        "found only {} use cases",
        use_cases.len()
    );
    let missing: Vec<String> = use_cases
        .iter()
        .filter(|case| !rows.contains(case))
        .map(|(name, file)| format!("{name} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/architecture.md's \"Where is…\" table lacks a row for:\n  {}",
        missing.join("\n  ")
    );
    let stale: Vec<String> = rows
        .iter()
        .filter(|row| !use_cases.contains(row))
        .map(|(name, file)| format!("{name} ({file})"))
        .collect();
    assert!(
        stale.is_empty(),
        "docs/architecture.md's \"Where is…\" table names use cases that are not there:\n  {}",
        stale.join("\n  ")
    );
}

#[test]
fn the_table_reader_sees_rows_and_ignores_other_tables() {
    let doc = "| crate | job |\n|---|---|\n| `frontdesk-kernel` | ids |\n\
               | `CasesService::submit` | `crates/cases/src/service/intake.rs` | `api/intake.rs` | `cases.rs` |\n";
    assert_eq!(
        table_rows(doc),
        vec![(
            "CasesService::submit".to_owned(),
            "crates/cases/src/service/intake.rs".to_owned()
        )]
    );
}
