//! The native integration test binary (one binary, as ripgrep does).
#![cfg(not(target_arch = "wasm32"))]

// Results workbook, GEXF and GraphML parse back.
mod exports;
// Anonymized reports and exports hold codes only; the reproducibility record.
mod anonymize;
// Per-organization feedback profiles.
mod profiles;
// Blank templates and the XLSForm.
mod templates;
// Hostile and broken files from tests/data/bad/.
mod bad_files;
// Chinese text without internal keys or English: the demo's result and bad inputs' errors.
mod language;
// Property tests: random input never panics; graph invariants.
mod props;
// Outcome and mediation models against statsmodels.
mod models;
// Shared helpers: fixtures and float comparison.
mod util;
// Group tests, percentiles, crosstabs, profiles, stages, capacity x network.
mod analytics;
// Chart snapshots: well-formed SVG, labels in both languages, tables, escaping.
mod charts;
// Capacity scores and reliability against hand-computed values.
mod capacity;
// CLI behaviour: exit codes, JSON on stdout, errors on stderr.
mod cli;
// The settings table: state, share link, CLI flags and record agree.
mod settings;
// Reading files: encodings, delimiters, workbooks, inference.
mod ingest;
// Network metrics against hand-derived values and published karate-club values.
mod network;
// Threads change nothing: parallel metrics and whole reports on 1, 2, 3 and 7 threads.
mod threads;
// Metrics against networkx on the kite, Florentine families and a weighted digraph.
mod reference;
// Ego networks, the combined relation and cultivation suggestions.
mod cultivate;
// Architecture rules checked as tests (no web crates in the core, no import cycles, module docs,
// ARCHITECTURE.md's paths and size, no large files).
mod tidy;
