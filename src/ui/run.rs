//! Starting and cancelling runs: read the files, hand them to the worker bridge.

use leptos::prelude::*;

use super::state::{AppState, PageFile, Status};
use super::{bridge, browser};

/// Runs the analysis on files with the current settings; a newer run supersedes an older one.
pub fn start(state: AppState, files: Vec<PageFile>) {
    // The run's result, not a result section's staged copy (see `AppState::global`).
    let state = state.global();
    state.last_files.set_value(files.clone());
    super::persist::save_files(state, files.clone());
    let id = state.run_id.get_untracked() + 1;
    state.run_id.set(id);
    state.status.set(Status::Working);
    state.cancelled.set(false);
    state.error.set(None);
    state.result.set(None);
    // A download's notice (fixed at the foot of the screen) would cover the new results.
    state.last_download.set(None);
    state.progress.set(Some(("read".into(), String::new(), 0.0)));
    let settings = state.settings.get_untracked();
    let lang = Some(state.lang.get_untracked());
    let job = crate::protocol::Job { id, settings, chart_lang: lang, pool: super::pool::size() };
    let bytes: f64 = files.iter().map(|f| f.blob.size()).sum();
    bridge::submit(state, job, files);
    // After the submission, which may have replaced a busy worker and the pool with it.
    if bytes >= super::pool::EARLY_START_BYTES {
        super::pool::prepare(state);
    }
}

/// The last run's files with every file that holds only a table of `kind` (a file the user
/// gave, or one this page made earlier, named `made`) replaced by `replacement`: how a
/// mapping or name merges are applied.
pub fn files_replacing(
    state: AppState,
    kind: crate::ingest::TableKind,
    made: &str,
    replacement: PageFile,
) -> Vec<PageFile> {
    let kinds =
        state.run_result.get_untracked().map(|r| r.analysis.report.input.kinds.clone()).unwrap_or_default();
    let mut files: Vec<PageFile> = state
        .last_files
        .get_value()
        .into_iter()
        .enumerate()
        .filter(|(i, f)| !(f.name == made || kinds.get(*i).is_some_and(|k| k.as_slice() == [kind])))
        .map(|(_, f)| f)
        .collect();
    files.push(replacement);
    files
}

/// Runs the last files again (after a settings change).
pub fn rerun(state: AppState) {
    let files = state.last_files.get_value();
    if !files.is_empty() {
        start(state, files);
    }
}

/// Stops the run in progress; its results will never appear.
pub fn cancel(state: AppState) {
    let state = state.global();
    state.run_id.update(|id| *id += 1);
    bridge::cancel(state);
    state.progress.set(None);
    state.result.set(None);
    state.cancelled.set(true);
    state.status.set(Status::Idle);
}

/// The files of a `FileList` as the page keeps them (handles; nothing is read here).
fn page_files(list: &web_sys::FileList) -> Vec<PageFile> {
    browser::files_of(list)
        .into_iter()
        .map(|f| PageFile { name: f.name(), kind: None, wave: None, blob: f.into() })
        .collect()
}

/// Adds the files of a `FileList` to those loaded and runs them all: a file with the name of
/// one loaded replaces it (a corrected export), any other is added (the codebook after the
/// responses). The demo's files are replaced by the user's own.
pub fn add_from_list(state: AppState, list: web_sys::FileList) {
    let new = page_files(&list);
    if new.is_empty() {
        return;
    }
    let mut files = state.last_files.get_value();
    if files.iter().any(is_demo_file) {
        files.clear();
    }
    for f in new {
        match files.iter_mut().find(|old| old.name == f.name) {
            Some(old) => *old = f,
            None => files.push(f),
        }
    }
    state.open_overview.set_value(true);
    start(state, files);
}

/// Replaces every loaded file by the files of a `FileList` and runs them.
pub fn replace_from_list(state: AppState, list: web_sys::FileList) {
    let files = page_files(&list);
    if !files.is_empty() {
        state.open_overview.set_value(true);
        start(state, files);
    }
}

/// Removes the loaded file at `index` and runs the others (or clears the page when none is left).
pub fn remove_file(state: AppState, index: usize) {
    let mut files = state.last_files.get_value();
    if index >= files.len() {
        return;
    }
    files.remove(index);
    if files.is_empty() {
        cancel(state);
        state.cancelled.set(false);
        state.error.set(None);
        state.last_files.set_value(Vec::new());
        super::persist::save_files(state.global(), Vec::new());
    } else {
        state.open_overview.set_value(true);
        start(state, files);
    }
}

/// Whether a file is one of the demo's (the same blob the demo button runs).
fn is_demo_file(f: &PageFile) -> bool {
    DEMO.with(|d| {
        d.borrow().as_ref().is_some_and(|demo| demo.iter().any(|x| js_sys::Object::is(&x.blob, &f.blob)))
    })
}

thread_local! {
    /// The demo's files, made once (see [`prepare_demo`]).
    static DEMO: std::cell::RefCell<Option<Vec<PageFile>>> = const { std::cell::RefCell::new(None) };
}

fn demo_files() -> Vec<PageFile> {
    DEMO.with(|d| {
        d.borrow_mut()
            .get_or_insert_with(|| {
                crate::demo::files()
                    .iter()
                    .filter_map(|f| PageFile::from_bytes(&f.name, &f.bytes, f.kind))
                    .collect()
            })
            .clone()
    })
}

/// Makes the demo's files ahead of a click, while the page is idle: generating and writing
/// them took about 15 ms of the click's task (a twentieth of the demo's time to its result).
pub fn prepare_demo() {
    demo_files();
}

/// Starts a run on the demo survey.
pub fn start_demo(state: AppState) {
    state.open_overview.set_value(true);
    start(state, demo_files());
}
