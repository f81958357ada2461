//! The page's side of the analysis worker: spawn it, send jobs, turn its messages into state.
//!
//! A job sent before the worker is ready waits; a new job or "cancel" terminates a busy worker
//! and starts a fresh one. Replies are queued and read in short slices, and a report is put
//! back together from its parts ([`crate::protocol::Assembler`]) before the page shows it. If
//! the worker cannot start (no worker support, the page opened as a file), the page says so in
//! both languages; it does not carry a second copy of the analysis.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::state::{AppState, Layouts, PageFile, PageResult, Status};
use super::worker_handle::WorkerHandle;
use crate::diag::UserMessage;
use crate::pipeline::Analysis;
use crate::protocol::{Assembler, FileMeta, GraphData, Job, ToWorker, WARM_UP_ID, WorkerMessage};

/// Path of Trunk's worker loader, relative to the page so any sub-path works (the live
/// layout starts the same script).
pub(super) const WORKER_URL: &str = "./worker_loader.js";

#[derive(Default)]
struct Bridge {
    worker: Option<WorkerHandle>,
    ready: bool,
    busy: bool,
    /// The worker failed to start: jobs fail with a clear message.
    unavailable: bool,
    /// A job waiting for the worker to become ready.
    pending: Option<(Job, Vec<PageFile>)>,
    /// The report being received in parts.
    assembler: Assembler,
    /// Messages received and not yet read (see [`drain`]).
    inbox: VecDeque<Vec<u8>>,
    /// A [`drain`] is scheduled or running.
    draining: bool,
}

/// Builds a finished result; then shows it (see the `Done` arm of [`on_message`]).
type Finishing = Box<dyn FnOnce() -> Option<Box<dyn FnOnce()>>>;

/// Longest stretch of reading worker messages before the page yields to input and drawing.
const READ_SLICE_MS: f64 = 25.0;

/// Early capacity results are shown if the full result has not come this long after them.
const PARTIAL_DELAY_MS: u64 = 250;

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
    // The worker's messages go to the run's result, whoever started the worker.
    let state = state.global();
    // Its messages are JSON bytes (see `crate::protocol`), read later in slices ([`drain`]).
    let on_message = move |data: JsValue| match crate::worker::unpack_bytes(&data) {
        // The only message with attachments: a run paused on passes to share (`super::pool`).
        Some((bytes, attachments)) if !attachments.is_empty() => {
            if let Ok(WorkerMessage::Passes { id, passes }) = serde_json::from_slice(&bytes)
                && state.run_id.get_untracked() == id
            {
                super::pool::begin(state, id, passes, attachments);
            }
        }
        Some((bytes, _)) => receive(state, bytes),
        None => {}
    };
    // The first worker was started by `boot.js` while the page's code arrived; later ones
    // (after a cancel) by the page.
    let on_error = move || on_worker_error(state);
    let handle = match WorkerHandle::adopt_early(on_message, on_error) {
        Some(adopted) => Some(adopted),
        None => WorkerHandle::spawn(WORKER_URL, on_message, on_error),
    };
    match handle {
        Some(worker) => {
            state.worker_loaded.set(false);
            b.worker = Some(worker);
            b.ready = false;
            b.busy = false;
        }
        None => b.unavailable = true,
    }
}

fn terminate(b: &mut Bridge) {
    // Dropping the handle terminates the worker, and the pool's workers with it.
    b.worker = None;
    super::pool::stop();
    b.ready = false;
    b.busy = false;
    // Rows of a report from the old worker will not be completed, nor its messages read.
    b.assembler = Assembler::default();
    b.inbox.clear();
}

/// Queues a message from the worker. Messages are read in slices of [`READ_SLICE_MS`] from a
/// timer, not as they arrive: a million-row report is a few hundred messages that arrive
/// faster than they are read, and reading them back to back would hold the page for seconds.
fn receive(state: AppState, bytes: Vec<u8>) {
    let start = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.inbox.push_back(bytes);
        !std::mem::replace(&mut b.draining, true)
    });
    if start {
        set_timeout(move || drain(state), std::time::Duration::ZERO);
    }
}

/// Reads queued messages in order for at most [`READ_SLICE_MS`], then yields and continues.
fn drain(state: AppState) {
    let start = super::browser::now_ms();
    loop {
        let Some(bytes) = BRIDGE.with(|b| b.borrow_mut().inbox.pop_front()) else {
            BRIDGE.with(|b| b.borrow_mut().draining = false);
            return;
        };
        // A finished result is put together in a task of its own, and the messages after it
        // are read once it has been (see the `Done` arm of `on_message`).
        if let Some(build) = on_message(state, &bytes) {
            leptos::task::spawn_local(async move {
                super::browser::next_task().await;
                if let Some(show) = build() {
                    super::browser::next_task().await;
                    show();
                }
                drain(state);
            });
            return;
        }
        if super::browser::now_ms() - start > READ_SLICE_MS {
            set_timeout(move || drain(state), std::time::Duration::ZERO);
            return;
        }
    }
}

/// Sends a job to the worker, replacing any job in progress.
pub fn submit(state: AppState, job: Job, files: Vec<PageFile>) {
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
    if run_here.is_some() {
        worker_unavailable(state);
    }
}

/// Sends a message to the analysis worker (the pool's batches and parts); false if there is
/// none or it could not be sent.
pub(super) fn send_to_analysis(msg: &ToWorker, attachments: &[&JsValue]) -> bool {
    BRIDGE.with(|b| b.borrow().worker.as_ref().is_some_and(|w| w.send(msg, attachments)))
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

/// Each file's survey round as sent to the worker ([`crate::rounds::split::file_rounds`]).
pub fn page_rounds(files: &[crate::ui::state::PageFile]) -> Vec<Option<String>> {
    let kinds: Vec<crate::ingest::TableKind> =
        files.iter().map(|f| f.kind.unwrap_or_else(|| crate::ingest::classify(&f.name, &[]))).collect();
    let typed: Vec<Option<String>> = files.iter().map(|f| f.wave.clone()).collect();
    let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
    crate::rounds::split::file_rounds(&names, &kinds, &typed)
}

fn send_pending(b: &mut Bridge) {
    let (Some(worker), Some((job, files))) = (b.worker.as_ref(), b.pending.take()) else { return };
    // Blobs are handles: the worker reads their bytes itself, in slices.
    let blobs: Vec<&JsValue> = files.iter().map(|f| f.blob.as_ref()).collect();
    let rounds = page_rounds(&files);
    let files = files
        .iter()
        .zip(rounds)
        .map(|(f, wave)| FileMeta { name: f.name.clone(), kind: f.kind, wave })
        .collect();
    if worker.send(&ToWorker::Run { job, files }, &blobs) {
        b.busy = true;
    }
}

fn on_worker_error(state: AppState) {
    // The worker failed to load, or crashed outside Rust (most often: it ran out of memory).
    let (pending, was_busy) = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let was_ready = b.ready;
        let was_busy = b.busy;
        terminate(&mut b);
        if !was_ready {
            b.unavailable = true;
        }
        (b.pending.take(), was_busy)
    });
    if pending.is_some() {
        worker_unavailable(state);
    } else if was_busy {
        // A run was in progress: say so rather than leave the page "working" forever.
        fail(state, UserMessage::new("error.worker_crashed", Default::default()));
    }
}

/// Acts on one message; for a finished result, gives the work that puts it together, which
/// [`drain`] runs in the tasks after.
fn on_message(state: AppState, bytes: &[u8]) -> Option<Finishing> {
    let msg = serde_json::from_slice::<WorkerMessage>(bytes).ok()?;
    // Reports arrive in parts (rows in chunks); act once one is whole.
    let msg = BRIDGE.with(|b| b.borrow_mut().assembler.feed(msg))?;
    let current = state.run_id.get_untracked();
    match msg {
        WorkerMessage::Ready => BRIDGE.with(|b| {
            state.worker_loaded.set(true);
            let mut b = b.borrow_mut();
            b.ready = true;
            if b.pending.is_some() {
                send_pending(&mut b);
            } else if let Some(worker) = &b.worker {
                // Nothing to do yet: let the worker compile its code on the demo survey.
                worker.send(&ToWorker::Warm, &[]);
            }
        }),
        WorkerMessage::Warmed { ms } => super::warm::build(state, ms),
        WorkerMessage::Done { id: WARM_UP_ID, report, graphs, key, memory_bytes, charts_follow, .. } => {
            super::warm::result(page_result(*report, &graphs, key, memory_bytes, charts_follow));
        }
        WorkerMessage::Charts { id: WARM_UP_ID, charts } => super::warm::charts(*charts),
        WorkerMessage::Layouts { id: WARM_UP_ID, layouts, ms, diagrams, memory_bytes } => {
            let diagrams = diagrams.map(|d| Arc::new(*d));
            super::warm::layouts(Layouts { positions: layouts, ms, diagrams, memory_bytes });
        }
        WorkerMessage::Progress { id, step, detail, percent } if id == current => {
            state.progress.set(Some((step, detail, percent)));
        }
        WorkerMessage::Partial { id, report, .. } if id == current => {
            let analysis =
                Analysis { report: *report, graphs: Vec::new(), layouts: Vec::new(), key: Vec::new() };
            let partial = Arc::new(PageResult::new(analysis, false, 0));
            // Shown only when the full result is not there soon after: a quick run (the demo's
            // network takes a tenth of a second) is drawn once, not twice.
            set_timeout(
                move || {
                    let waiting =
                        state.run_id.get_untracked() == id && state.status.get_untracked() == Status::Working;
                    if waiting && state.result.with_untracked(Option::is_none) {
                        state.result.set(Some(partial));
                    }
                },
                std::time::Duration::from_millis(PARTIAL_DELAY_MS),
            );
        }
        WorkerMessage::Done { id, report, graphs, key, memory_bytes, charts_follow, .. } if id == current => {
            // The worker goes on to lay the networks out (bounded: at most 5,000 nodes each); a
            // new job waits for that rather than restarting a warm worker.
            BRIDGE.with(|b| b.borrow_mut().busy = false);
            // Rebuilding the graphs from their ties (a million ties: about 50 ms) gets a task of
            // its own, and showing the result the next: all in the task that read the
            // message's last part, they made one of 60–90 ms.
            let current = move || state.run_id.get_untracked() == id;
            let build = move || {
                current().then(|| {
                    let result = page_result(*report, &graphs, key, memory_bytes, charts_follow);
                    Box::new(move || {
                        if current() {
                            finish(state, result);
                        }
                    }) as Box<dyn FnOnce()>
                })
            };
            return Some(Box::new(build));
        }
        WorkerMessage::Charts { id, charts } if id == current => {
            if let Some(r) = state.result.get_untracked().filter(|r| r.complete) {
                r.charts.set(Some(Arc::new(*charts)));
            }
        }
        WorkerMessage::Layouts { id, layouts, ms, diagrams, memory_bytes } if id == current => {
            if let Some(r) = state.result.get_untracked().filter(|r| r.complete) {
                let diagrams = diagrams.map(|d| Arc::new(*d));
                r.layouts.set(Some(Arc::new(Layouts { positions: layouts, ms, diagrams, memory_bytes })));
                let due = r.diagrams_due.clone();
                set_timeout(move || due.set(true), std::time::Duration::ZERO);
            }
        }
        WorkerMessage::PassAdded { id, .. } if id == current => super::pool::added(id),
        WorkerMessage::Failed { id, message } if id == current => {
            BRIDGE.with(|b| b.borrow_mut().busy = false);
            fail(state, message);
        }
        WorkerMessage::Panic { message } => {
            BRIDGE.with(|b| terminate(&mut b.borrow_mut()));
            fail(
                state,
                UserMessage { key: "error.internal".into(), args: Default::default(), detail: Some(message) },
            );
        }
        _ => {}
    }
    None
}

/// A complete result from a `Done` message's parts.
fn page_result(
    report: crate::report::Report,
    graphs: &[GraphData],
    key: Vec<crate::report::anonymize::KeyEntry>,
    memory_bytes: u64,
    charts_follow: bool,
) -> PageResult {
    let graphs = graphs.iter().map(GraphData::to_graph).collect();
    let analysis = Analysis { report, graphs, layouts: Vec::new(), key };
    let mut result = PageResult::new(analysis, true, memory_bytes);
    result.charts_follow = charts_follow;
    result
}

fn finish(state: AppState, result: PageResult) {
    state.progress.set(None);
    state.result.set(Some(Arc::new(result)));
    state.status.set(Status::Done);
    // A mapping remembered for these columns (with consent) is applied once.
    super::views::mapping::apply_remembered(state);
}

/// Shows an error and clears stale results.
pub fn fail(state: AppState, message: UserMessage) {
    state.progress.set(None);
    state.result.set(None);
    state.error.set(Some(message));
    state.status.set(Status::Error);
}

/// The worker could not start (e.g. the page was opened from the file system, or the browser
/// blocks workers): say so plainly. The analysis is not run on the main thread as a fallback:
/// keeping the analysis code out of the page halves what every visitor downloads first.
fn worker_unavailable(state: AppState) {
    fail(state, UserMessage::new("error.worker_unavailable", Default::default()));
}
