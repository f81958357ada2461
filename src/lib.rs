//! tongxing (同行): organizational-capacity and network analysis of NGO surveys.
//!
//! The crate is one analysis core plus two front ends.
//! Everything outside `ui` is plain Rust with no web dependency, so the page (wasm32),
//! the native CLI and `cargo test` all run the same code.
//! See `ARCHITECTURE.md` for the map of modules and the data flow.

pub mod capacity;
pub mod charts;
/// The command line's arguments; native only (the page does not carry clap).
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod datatable;
pub mod demo;
pub mod diag;
pub mod export;
pub mod findings;
pub mod handover;
pub mod i18n;
pub mod ingest;
pub mod joint;
pub mod labels;
pub mod later_words;
pub mod markup;
pub mod models;
pub mod network;
pub mod organization;
pub mod pipeline;
pub mod protocol;
pub mod report;
pub mod rng;
pub mod rounds;
pub mod route;
pub mod settings;
pub mod stats;
pub mod survey;

/// The Leptos page; only compiled for the browser.
#[cfg(target_arch = "wasm32")]
pub mod file_worker;
#[cfg(target_arch = "wasm32")]
pub mod ui;
/// The analysis Web Worker's message loop; only compiled for the browser.
#[cfg(target_arch = "wasm32")]
pub mod worker;

/// Version written into every report so a result can be traced to the code that made it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
