//! Architecture rules as tests: the core stays free of web crates; every module says what it
//! is for; no tests that expect a panic.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn src() -> Vec<PathBuf> {
    let mut v = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut v);
    v
}

#[test]
fn core_has_no_web_dependency() {
    for p in src() {
        let rel = p.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().to_string_lossy().to_string();
        if rel.starts_with("src/ui")
            || rel.ends_with("bin/app.rs")
            || rel.ends_with("bin/worker.rs")
            || rel.ends_with("bin/file_worker.rs")
            || rel == "src/worker.rs"
            || rel == "src/file_worker.rs"
            || rel.ends_with("src/lib.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&p).unwrap();
        for word in ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"] {
            assert!(!text.contains(word), "{rel} mentions {word}: the core must stay web-free");
        }
    }
}

#[test]
fn every_module_has_a_doc_comment() {
    for p in src() {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.trim_start().starts_with("//!"), "{} lacks a //! module doc", p.display());
    }
}

#[test]
fn no_panic_expecting_tests() {
    let mut files = src();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"), &mut files);
    let needle = ["should", "_panic"].concat();
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(!text.contains(&needle), "{} uses {needle}", p.display());
    }
}

/// Dependency hygiene that needs no network: every locked package comes from crates.io (no git
/// or path dependencies sneak in), and the crates known to be unmaintained or superseded are
/// absent. The advisory database cannot be fetched on the build machines; see
/// ARCHITECTURE.md "Dependencies" for the manual review.
#[test]
fn dependencies_come_from_crates_io_and_are_maintained() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    let mut name = String::new();
    let mut others = Vec::new();
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = n.trim_matches('"').to_string();
        }
        if let Some(src) = line.strip_prefix("source = ")
            && src.trim_matches('"') != "registry+https://github.com/rust-lang/crates.io-index"
        {
            others.push(format!("{name}: {src}"));
        }
    }
    assert!(others.is_empty(), "packages not from crates.io: {others:?}");
    // RUSTSEC-listed as unmaintained, with maintained replacements.
    for banned in [
        "atty",
        "ansi_term",
        "difference",
        "term",
        "net2",
        "stdweb",
        "instant",
        "proc-macro-error",
        "yaml-rust",
    ] {
        assert!(!lock.contains(&format!("name = \"{banned}\"\n")), "unmaintained crate {banned} is locked");
    }
}
