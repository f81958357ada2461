//! Starting a run: read files, call the pipeline, publish the result or the error.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser;
use super::state::{AppState, PageResult, Status};
use crate::diag::{Localize, UserMessage};
use crate::pipeline::{self, InputFile, Options};

/// Runs the analysis on files; a newer run supersedes an older one.
pub fn start(state: AppState, files: Vec<InputFile>) {
    let id = state.run_id.get_untracked() + 1;
    state.run_id.set(id);
    state.status.set(Status::Working);
    state.error.set(None);
    state.result.set(None);
    spawn_local(async move {
        browser::yield_to_browser().await;
        if state.run_id.get_untracked() != id {
            return;
        }
        let options = Options { layout: true, ..Options::default() };
        match pipeline::run(&files, &options, &browser::now_ms) {
            Ok(analysis) => {
                state.result.set(Some(Arc::new(PageResult { analysis })));
                state.status.set(Status::Done);
            }
            Err(e) => fail(state, e.user_message()),
        }
    });
}

/// Reads a `FileList` and starts a run.
pub fn start_from_list(state: AppState, list: web_sys::FileList) {
    let files = browser::files_of(&list);
    if files.is_empty() {
        return;
    }
    state.status.set(Status::Working);
    spawn_local(async move {
        match browser::read_files(files).await {
            Ok(files) => start(state, files),
            Err(name) => fail(
                state,
                UserMessage {
                    en: format!(
                        "{name}: the file could not be read by the browser. Check that it is not open in another program and try again."
                    ),
                    zh: format!("{name}：浏览器无法读取该文件。请确认文件未被其他程序占用后重试。"),
                },
            ),
        }
    });
}

fn fail(state: AppState, message: UserMessage) {
    state.result.set(None);
    state.error.set(Some(message));
    state.status.set(Status::Error);
}
