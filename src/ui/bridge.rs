//! The page's side of the analysis worker: spawn it, send jobs, turn its messages into state.
//!
//! A job sent before the worker is ready waits; a new job or "cancel" terminates a busy worker
//! and starts a fresh one. If the worker cannot start (no worker support, a missing file), the
//! job runs on the main thread instead, so the page always works.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::browser;
use super::state::{AppState, PageResult, Status};
use crate::diag::{Localize, UserMessage};
use crate::network::RelationAnalysis;
use crate::pipeline::{self, Analysis, InputFile, Options};
use crate::protocol::{Job, WorkerMessage};

/// Path of Trunk's worker loader, relative to the page so any sub-path works.
const WORKER_URL: &str = "./worker_loader.js";

#[derive(Default)]
struct Bridge {
    worker: Option<web_sys::Worker>,
    ready: bool,
    busy: bool,
    /// The worker failed to start: run jobs on the main thread.
    unavailable: bool,
    /// A job waiting for the worker to become ready (kept to rerun on the main thread).
    pending: Option<(Job, Vec<InputFile>)>,
}

thread_local! {
    static BRIDGE: RefCell<Bridge> = RefCell::new(Bridge::default());
}

/// Starts the worker ahead of the first job, so the first analysis does not wait for it.
pub fn warm_up(state: AppState) {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if b.worker.is_none() && !b.unavailable {
            spawn(&mut b, state);
        }
    });
}

fn spawn(b: &mut Bridge, state: AppState) {
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Classic);
    match web_sys::Worker::new_with_options(WORKER_URL, &options) {
        Ok(worker) => {
            let on_message =
                Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                    if let Some(text) = ev.data().as_string() {
                        on_message(state, &text);
                    }
                });
            worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                ev.prevent_default();
                on_worker_error(state);
            });
            worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            b.worker = Some(worker);
            b.ready = false;
            b.busy = false;
        }
        Err(_) => b.unavailable = true,
    }
}

fn terminate(b: &mut Bridge) {
    if let Some(w) = b.worker.take() {
        w.terminate();
    }
    b.ready = false;
    b.busy = false;
}

/// Sends a job to the worker, replacing any job in progress.
pub fn submit(state: AppState, job: Job, files: Vec<InputFile>) {
    let run_here = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if b.unavailable {
            return Some((job.clone(), files.clone()));
        }
        if b.busy {
            terminate(&mut b);
        }
        if b.worker.is_none() {
            spawn(&mut b, state);
            if b.unavailable {
                return Some((job.clone(), files.clone()));
            }
        }
        b.pending = Some((job.clone(), files.clone()));
        if b.ready {
            send_pending(&mut b);
        }
        None
    });
    if let Some((job, files)) = run_here {
        run_on_main_thread(state, job, files);
    }
}

/// Stops the job in progress (terminating the worker) and starts a fresh worker.
pub fn cancel(state: AppState) {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.pending = None;
        if b.busy || b.worker.is_some() && !b.ready {
            terminate(&mut b);
            if !b.unavailable {
                spawn(&mut b, state);
            }
        }
    });
}

fn send_pending(b: &mut Bridge) {
    let (Some(worker), Some((job, files))) = (b.worker.as_ref(), b.pending.take()) else { return };
    let list = js_sys::Array::new();
    let transfer = js_sys::Array::new();
    for f in &files {
        let bytes = js_sys::Uint8Array::from(f.bytes.as_slice());
        transfer.push(&bytes.buffer());
        list.push(&js_sys::Array::of2(&JsValue::from_str(&f.name), &bytes));
    }
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &msg,
        &"job".into(),
        &JsValue::from_str(&serde_json::to_string(&job).unwrap_or_default()),
    );
    let _ = js_sys::Reflect::set(&msg, &"files".into(), &list);
    if worker.post_message_with_transfer(&msg, &transfer).is_ok() {
        b.busy = true;
    }
}

fn on_worker_error(state: AppState) {
    // The worker failed to load or crashed outside Rust: fall back to the main thread.
    let pending = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let was_ready = b.ready;
        terminate(&mut b);
        if !was_ready {
            b.unavailable = true;
        }
        b.pending.take()
    });
    if let Some((job, files)) = pending {
        run_on_main_thread(state, job, files);
    }
}

fn on_message(state: AppState, text: &str) {
    let Ok(msg) = serde_json::from_str::<WorkerMessage>(text) else { return };
    let current = state.run_id.get_untracked();
    match msg {
        WorkerMessage::Ready => BRIDGE.with(|b| {
            let mut b = b.borrow_mut();
            b.ready = true;
            send_pending(&mut b);
        }),
        WorkerMessage::Progress { id, step, detail, percent } if id == current => {
            state.progress.set(Some((step, detail, percent)));
        }
        WorkerMessage::Partial { id, report } if id == current => {
            let analysis = Analysis { report: *report, relations: Vec::new(), layouts: Vec::new() };
            state.result.set(Some(Arc::new(PageResult { analysis, complete: false, in_worker: true })));
        }
        WorkerMessage::Done { id, report, graphs, layouts } if id == current => {
            BRIDGE.with(|b| b.borrow_mut().busy = false);
            let relations = graphs
                .iter()
                .zip(&report.network.relations)
                .map(|(g, r)| RelationAnalysis {
                    members: (0..g.n).collect(),
                    graph: g.to_graph(),
                    report: r.clone(),
                })
                .collect();
            finish(state, Analysis { report: *report, relations, layouts }, true);
        }
        WorkerMessage::Failed { id, en, zh } if id == current => {
            BRIDGE.with(|b| b.borrow_mut().busy = false);
            fail(state, UserMessage { en, zh });
        }
        WorkerMessage::Panic { message } => {
            BRIDGE.with(|b| terminate(&mut b.borrow_mut()));
            fail(
                state,
                UserMessage {
                    en: format!(
                        "The analysis stopped because of an internal error ({message}). The page still works: try again, or copy the diagnostics below into a bug report."
                    ),
                    zh: format!(
                        "分析因内部错误而中止（{message}）。页面仍可使用：请重试，或将下方诊断信息复制到问题报告中。"
                    ),
                },
            );
        }
        _ => {}
    }
}

fn finish(state: AppState, analysis: Analysis, in_worker: bool) {
    state.progress.set(None);
    state.result.set(Some(Arc::new(PageResult { analysis, complete: true, in_worker })));
    state.status.set(Status::Done);
}

/// Shows an error and clears stale results.
pub fn fail(state: AppState, message: UserMessage) {
    state.progress.set(None);
    state.result.set(None);
    state.error.set(Some(message));
    state.status.set(Status::Error);
}

/// The fallback: the same pipeline on the main thread (after letting "working" paint).
fn run_on_main_thread(state: AppState, job: Job, files: Vec<InputFile>) {
    leptos::task::spawn_local(async move {
        browser::yield_to_browser().await;
        if state.run_id.get_untracked() != job.id {
            return;
        }
        let options: Options = job.options();
        match pipeline::run(&files, &options, &browser::now_ms) {
            Ok(analysis) => finish(state, analysis, false),
            Err(e) => fail(state, e.user_message()),
        }
    });
}
