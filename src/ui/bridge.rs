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
use super::worker_handle::{WorkerBuild, WorkerHandle};
use crate::diag::UserMessage;
use crate::pipeline::Analysis;
use crate::protocol::{Assembler, FileMeta, GraphData, GraphSteps, Job, ToWorker, WARM_UP_ID, WorkerMessage};

#[derive(Default)]
struct Bridge {
    worker: Option<WorkerHandle>,
    /// The build `worker` is (the quick one until the fast one takes over).
    build: WorkerBuild,
    /// Number of the worker in `worker`: messages of a worker replaced since are dropped.
    number: u64,
    /// Workers started so far (numbers them).
    started: u64,
    ready: bool,
    busy: bool,
    /// The last run (or warm-up) sent whose last message has not arrived: the worker still
    /// has work to send (a `Done` run goes on to draw charts and lay networks out).
    in_flight: Option<u64>,
    /// The fast build, loading and warming up to take over between jobs.
    next: Option<Standby>,
    /// The fast build has been started (it is not started again if it failed to load; it is
    /// if a run stopped it).
    next_started: bool,
    /// The worker failed to start: jobs fail with a clear message.
    unavailable: bool,
    /// A job waiting for the worker to become ready.
    pending: Option<(Job, Vec<PageFile>)>,
    /// The last job sent, kept while the quick build runs jobs: a job that meets a workbook
    /// is sent again to the fast build ([`use_fast_build`]).
    sent: Option<(Job, Vec<PageFile>)>,
    /// The worker was started for a large job and warms up before running it (see
    /// [`FAST_FROM_BYTES`]).
    warm_first: bool,
    /// The report being received in parts.
    assembler: Assembler,
    /// Messages received and not yet read (see [`drain`]), with their attached rows' bytes.
    inbox: VecDeque<(Vec<u8>, Option<Vec<u8>>)>,
    /// A [`drain`] is scheduled or running.
    draining: bool,
}

/// The fast build while it loads and warms up, before it takes over.
struct Standby {
    worker: WorkerHandle,
    number: u64,
    /// It has run its warm-up (its code is compiled and optimized): it may take over.
    warmed: bool,
}

/// Builds a finished result (its graphs still as ties), and what shows it once it is prepared
/// (see the `Done` arm of [`on_message`] and [`prepare`]).
type Finishing = Box<dyn FnOnce() -> Option<(PageResult, Vec<GraphData>, Box<dyn FnOnce(PageResult)>)>>;

/// Longest stretch of reading worker messages before the page yields to input and drawing.
const READ_SLICE_MS: f64 = 25.0;

/// Longest stretch of preparing a finished result ([`prepare`]) before the page yields.
const PREPARE_SLICE_MS: f64 = 15.0;

/// Organizations read per step of [`prepare`] (a few milliseconds' work), so that a slice
/// overruns [`PREPARE_SLICE_MS`] by little.
const PREPARE_STEP_ROWS: usize = 25_000;

/// Ties rebuilt into a graph per step of [`prepare`] (a few milliseconds' work).
const PREPARE_STEP_TIES: usize = 50_000;

/// Early capacity results are shown if the full result has not come this long after them.
const PARTIAL_DELAY_MS: u64 = 250;

/// Early capacity results of a run whose network step reads this many tie entries or more are
/// shown at once: its network takes well over [`PARTIAL_DELAY_MS`] (1,000 organizations with
/// 10,000 ties about 0.1 s natively, 5,000 with 50,000 about 1 s in the page), so waiting only
/// delays the first answer (5,000/50,000: early results 0.45–0.5 s after the drop).
const PARTIAL_AT_ONCE_TIES: usize = 10_000;

/// The fast build is started this long after the quick one has warmed up with nothing to do,
/// or after the run then in progress has sent its last message: on a first visit its 1.2 MB
/// then share neither the link nor the cores with the first result.
const FAST_AFTER_MS: u64 = 2_000;

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

/// Starts a worker of `b.build` as the one that runs jobs.
fn spawn(b: &mut Bridge, state: AppState) {
    let number = next_number(b);
    // The first worker was started by `boot.js` while the page's code arrived (the quick
    // build); later ones (after a cancel) by the page.
    let (on_message, on_error) = callbacks(state, number);
    let adopted = match b.build {
        WorkerBuild::Quick => WorkerHandle::adopt_early(on_message, on_error),
        WorkerBuild::Fast => None,
    };
    let handle = adopted.or_else(|| {
        let (on_message, on_error) = callbacks(state, number);
        WorkerHandle::spawn(b.build.url(), on_message, on_error)
    });
    match handle {
        Some(worker) => {
            state.worker_loaded.set(false);
            state.worker_build.set(b.build);
            b.worker = Some(worker);
            b.number = number;
            b.ready = false;
            b.busy = false;
            b.in_flight = None;
        }
        None => b.unavailable = true,
    }
}

/// A number for a worker about to start.
fn next_number(b: &mut Bridge) -> u64 {
    b.started += 1;
    b.started
}

/// The callbacks of worker `number`: its messages and failure, told apart from other workers'.
fn callbacks(state: AppState, number: u64) -> (impl FnMut(JsValue) + 'static, impl FnMut() + 'static) {
    // The worker's messages go to the run's result, whoever started the worker.
    let state = state.global();
    // Its messages are JSON bytes (see `crate::protocol`), read later in slices ([`drain`]).
    let on_message = move |data: JsValue| {
        // Another worker's message is told apart before its bytes are copied out.
        if !is_current(number) {
            return on_other_message(state, number, &data);
        }
        match crate::worker::unpack_bytes(&data) {
            // Rows, attached as bytes (`protocol::attached_rows`), read in turn.
            Some((bytes, attachments)) if crate::protocol::message_type(&bytes) == Some("attached_rows") => {
                let rows =
                    attachments.first().and_then(|a| a.dyn_ref::<js_sys::Uint8Array>()).map(|a| a.to_vec());
                receive(state, bytes, Some(rows.unwrap_or_default()));
            }
            // A run paused on passes to share (`super::pool`).
            Some((bytes, attachments)) if !attachments.is_empty() => {
                if let Ok(WorkerMessage::Passes { id, passes, layouts, measures }) =
                    serde_json::from_slice(&bytes)
                    && state.run_id.get_untracked() == id
                {
                    super::pool::begin(state, id, (passes, layouts, measures), attachments);
                }
            }
            Some((bytes, _)) => receive(state, bytes, None),
            None => {}
        }
    };
    let on_error = move || {
        if is_standby(number) {
            // The fast build could not load: the quick one goes on running the jobs.
            BRIDGE.with(|b| b.borrow_mut().next = None);
        } else if is_current(number) {
            on_worker_error(state);
        }
    };
    (on_message, on_error)
}

fn is_current(number: u64) -> bool {
    BRIDGE.with(|b| {
        let b = b.borrow();
        b.worker.is_some() && b.number == number
    })
}

fn is_standby(number: u64) -> bool {
    BRIDGE.with(|b| b.borrow().next.as_ref().is_some_and(|n| n.number == number))
}

/// Starts the fast build beside the quick one, once (see [`FAST_AFTER_MS`]).
fn start_fast_later(state: AppState) {
    set_timeout(move || start_fast(state), std::time::Duration::from_millis(FAST_AFTER_MS));
}

/// A person is choosing files (the file dialog opened, or files dragged over the page): the
/// fast build starts now rather than [`FAST_AFTER_MS`] after the first result, so that it has
/// loaded and warmed up by the time a large file is chosen (a large file otherwise waits
/// about 0.6 s for it: load, compile, warm-up).
pub fn files_coming(state: AppState) {
    start_fast(state);
}

/// Starts the fast build beside the quick one, once, unless a run is going.
fn start_fast(state: AppState) {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let wanted = b.build == WorkerBuild::Quick && !b.next_started && !b.unavailable;
        if !wanted || b.worker.is_none() {
            return;
        }
        if b.in_flight.is_some() || b.pending.is_some() {
            // A run is going: try again after it (its last message calls this again).
            return;
        }
        b.next_started = true;
        // The download files' words share this moment: after the first result, off its link.
        super::lang::prefetch_later(state.lang.get_untracked());
        let number = next_number(&mut b);
        let (on_message, on_error) = callbacks(state, number);
        if let Some(worker) = WorkerHandle::spawn(WorkerBuild::Fast.url(), on_message, on_error) {
            b.next = Some(Standby { worker, number, warmed: false });
        }
    })
}

/// A message of a worker that does not run the jobs: the fast build while it waits to take
/// over, of which only `Ready` and `Warmed` matter (its warm-up's result is for compiling the
/// page's code, done once already), or a worker replaced since (dropped).
fn on_other_message(state: AppState, number: u64, data: &JsValue) {
    if !is_standby(number) {
        return;
    }
    let Some((bytes, _)) = crate::worker::unpack_bytes(data) else { return };
    match crate::protocol::message_type(&bytes) {
        Some("ready") => BRIDGE.with(|b| {
            if let Some(next) = &b.borrow().next {
                next.worker.send(&ToWorker::Warm, &[]);
            }
        }),
        Some("warmed") => {
            BRIDGE.with(|b| {
                if let Some(next) = b.borrow_mut().next.as_mut() {
                    next.warmed = true;
                }
            });
            take_over_when_idle(state);
        }
        _ => {}
    }
}

/// The fast build takes over if it has warmed up and the current worker has nothing to do.
fn take_over_when_idle(state: AppState) {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let idle = b.ready && !b.busy && b.in_flight.is_none() && b.pending.is_none();
        if idle {
            take_over(&mut b, state);
        }
    });
}

/// Makes the warmed-up fast build the worker that runs jobs (dropping the quick one
/// terminates it); false if there is none.
fn take_over(b: &mut Bridge, state: AppState) -> bool {
    let Some(next) = b.next.take_if(|n| n.warmed) else { return false };
    b.worker = Some(next.worker);
    b.number = next.number;
    b.build = WorkerBuild::Fast;
    b.ready = true;
    b.busy = false;
    b.in_flight = None;
    state.worker_loaded.set(true);
    state.worker_build.set(WorkerBuild::Fast);
    true
}

/// The last message of run `id` (or of the warm-up) has arrived: if it was the last one sent,
/// the worker has nothing left to do, and the fast build may start or take over.
fn finished(state: AppState, id: u64) {
    let idle = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        let last = b.in_flight == Some(id);
        if last {
            b.in_flight = None;
        }
        last
    });
    if idle {
        take_over_when_idle(state);
        start_fast_later(state);
    }
}

/// A fresh worker to run jobs: the warmed-up fast build if there is one, else a new worker of
/// the current build.
fn replace(b: &mut Bridge, state: AppState) {
    if !take_over(b, state) && !b.unavailable {
        spawn(b, state);
    }
}

fn terminate(b: &mut Bridge) {
    // Dropping the handle terminates the worker, and the pool's workers with it.
    b.worker = None;
    super::pool::stop();
    b.ready = false;
    b.busy = false;
    b.in_flight = None;
    b.warm_first = false;
    // Rows of a report from the old worker will not be completed, nor its messages read.
    b.assembler = Assembler::default();
    b.inbox.clear();
}

/// Queues a message from the worker. Messages are read in slices of [`READ_SLICE_MS`] from a
/// timer, not as they arrive: a million-row report is a few hundred messages that arrive
/// faster than they are read, and reading them back to back would hold the page for seconds.
fn receive(state: AppState, bytes: Vec<u8>, rows: Option<Vec<u8>>) {
    let start = BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        b.inbox.push_back((bytes, rows));
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
        let Some((bytes, rows)) = BRIDGE.with(|b| b.borrow_mut().inbox.pop_front()) else {
            BRIDGE.with(|b| b.borrow_mut().draining = false);
            return;
        };
        // A finished result is put together in a task of its own, and the messages after it
        // are read once it has been (see the `Done` arm of `on_message`).
        if let Some(build) = on_message(state, &bytes, rows) {
            leptos::task::spawn_local(async move {
                super::browser::next_task().await;
                if let Some((mut result, graphs, show)) = build() {
                    prepare(&mut result, graphs).await;
                    super::browser::next_task().await;
                    show(result);
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
            replace(&mut b, state);
            if b.unavailable {
                return Some((job.clone(), files.clone()));
            }
        }
        // Between jobs, a warmed-up fast build takes over before this one is sent.
        if b.ready && b.in_flight.is_none() {
            take_over(&mut b, state);
        }
        // The quick build cannot read workbooks, and is slow on large input: such a job goes to
        // the fast build at once. Otherwise a fast build still loading or warming up is
        // stopped: it would take cores from this run (the demo took twice as long while it
        // compiled), and starts again after it.
        let large = is_large(&files);
        if b.build == WorkerBuild::Quick && (large || has_workbook(&files)) {
            let fresh = use_fast_build(&mut b, state);
            b.warm_first = fresh && large;
        } else if b.next.as_ref().is_some_and(|n| !n.warmed) {
            b.next = None;
            b.next_started = false;
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
            replace(&mut b, state);
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

/// The quick build embeds no translations: it gets the page's Simplified Chinese before any
/// job (other languages it fetches itself, as the fast build does, `worker::locale`).
fn send_words(b: &Bridge) {
    let (Some(worker), Some(json)) = (b.worker.as_ref(), crate::i18n::embedded(crate::i18n::Lang::Zh)) else {
        return;
    };
    if b.build == WorkerBuild::Quick {
        worker.send(&ToWorker::Words { lang: crate::i18n::Lang::Zh, json: json.to_string() }, &[]);
    }
}

/// Input of at least this many bytes (all files together) runs in the fast build even when it
/// has yet to load: the quick build (opt-level z) took about twice as long on large input
/// (e2e/bench.mjs, session 22: 5,000/50,000 2.4 s, the 1,000,000-row CSV 21.7 s), much more
/// than the fast build's load and compile (about 0.5 s here, 1 s more on a 9 Mbit/s link).
/// A fast build started for such a job first runs its warm-up: V8 runs new WebAssembly code
/// in its baseline tier and optimizes what has run, and a long pass does not switch tiers
/// while it runs, so an unwarmed fast build was no faster than the warmed quick one.
const FAST_FROM_BYTES: f64 = 256.0 * 1024.0;

/// Input of at least [`FAST_FROM_BYTES`].
fn is_large(files: &[PageFile]) -> bool {
    files.iter().map(|f| f.blob.size()).sum::<f64>() >= FAST_FROM_BYTES
}

/// True when a file is named as a workbook: the quick build has no reader for one.
fn has_workbook(files: &[PageFile]) -> bool {
    files.iter().any(|f| crate::ingest::workbook::has_workbook_name(&f.name))
}

/// Makes the fast build the worker that runs jobs from now on, in place of the quick one (which
/// has no workbook reader and is slow on large input): the warmed-up standby if there is one,
/// else a new worker.
/// True when it started a new worker (not yet warmed up).
fn use_fast_build(b: &mut Bridge, state: AppState) -> bool {
    terminate(b);
    b.build = WorkerBuild::Fast;
    b.next_started = true;
    if take_over(b, state) {
        return false;
    }
    // One still loading is dropped: a new one loads from the browser's cache.
    b.next = None;
    spawn(b, state);
    true
}

/// Run `id` met a workbook in the quick build: it runs again in the fast build. False when it
/// cannot (no job kept, or no worker could start), and the run fails with the worker's message.
fn rerun_in_fast_build(state: AppState) -> bool {
    BRIDGE.with(|b| {
        let mut b = b.borrow_mut();
        if b.build != WorkerBuild::Quick {
            return false;
        }
        let Some(job) = b.sent.take() else { return false };
        let _ = use_fast_build(&mut b, state);
        if b.unavailable || b.worker.is_none() {
            return false;
        }
        b.pending = Some(job);
        if b.ready {
            send_pending(&mut b);
        }
        true
    })
}

fn send_pending(b: &mut Bridge) {
    let (Some(worker), Some((job, files))) = (b.worker.as_ref(), b.pending.take()) else { return };
    b.sent = (b.build == WorkerBuild::Quick).then(|| (job.clone(), files.clone()));
    // Blobs are handles: the worker reads their bytes itself, in slices.
    let blobs: Vec<&JsValue> = files.iter().map(|f| f.blob.as_ref()).collect();
    let rounds = page_rounds(&files);
    let files = files
        .iter()
        .zip(rounds)
        .map(|(f, wave)| FileMeta { name: f.name.clone(), kind: f.kind, wave })
        .collect();
    let id = job.id;
    if worker.send(&ToWorker::Run { job, files }, &blobs) {
        b.busy = true;
        b.in_flight = Some(id);
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

/// The layouts a [`WorkerMessage::Layouts`] carries (empty for another message).
fn layouts_of(msg: WorkerMessage) -> Layouts {
    let WorkerMessage::Layouts { layouts, ms, diagrams, memory_bytes, pooled_ms, .. } = msg else {
        return Layouts { positions: Vec::new(), ms: 0.0, pooled_ms: 0.0, diagrams: None, memory_bytes: 0 };
    };
    Layouts { positions: layouts, ms, pooled_ms, diagrams: diagrams.map(|d| Arc::new(*d)), memory_bytes }
}

/// A message of this page's own worker that does not read back is a bug: a run in progress
/// stops with the reason rather than waiting for parts that will never fit.
fn unreadable(state: AppState, bytes: &[u8], e: &dyn std::fmt::Display) {
    if state.status.get_untracked() == Status::Working {
        BRIDGE.with(|b| terminate(&mut b.borrow_mut()));
        let kind = crate::protocol::message_type(bytes).unwrap_or("?");
        let detail = Some(format!("worker message “{kind}”: {e}"));
        fail(state, UserMessage { key: "error.internal".into(), args: Default::default(), detail });
    }
}

/// A message with its attached rows, if any, once it is whole: reports arrive in parts (rows
/// in chunks), put together by the [`Assembler`].
fn read(state: AppState, bytes: &[u8], rows: Option<Vec<u8>>) -> Option<WorkerMessage> {
    let msg =
        serde_json::from_slice::<WorkerMessage>(bytes).map_err(|e| unreadable(state, bytes, &e)).ok()?;
    let msg = match rows {
        Some(rows) => {
            crate::protocol::with_attached_rows(msg, &rows).map_err(|e| unreadable(state, bytes, &e)).ok()?
        }
        None => msg,
    };
    BRIDGE.with(|b| b.borrow_mut().assembler.feed(msg))
}

/// Acts on one message; for a finished result, gives the work that puts it together, which
/// [`drain`] runs in the tasks after.
fn on_message(state: AppState, bytes: &[u8], rows: Option<Vec<u8>>) -> Option<Finishing> {
    let msg = read(state, bytes, rows)?;
    let current = state.run_id.get_untracked();
    if let WorkerMessage::Layouts { id, .. } | WorkerMessage::Failed { id, .. } = &msg
        && *id != WARM_UP_ID
    {
        finished(state, *id);
    }
    match msg {
        WorkerMessage::Ready => BRIDGE.with(|b| {
            state.worker_loaded.set(true);
            let mut b = b.borrow_mut();
            b.ready = true;
            send_words(&b);
            if b.pending.is_some() {
                if std::mem::take(&mut b.warm_first)
                    && let Some(worker) = &b.worker
                {
                    // Its run's messages follow the warm-up's, which the page only keeps;
                    // the run waits for it, so it stops after the result.
                    worker.send(&ToWorker::WarmBriefly, &[]);
                }
                send_pending(&mut b);
            } else if let Some(worker) = &b.worker {
                // Nothing to do yet: let the worker compile its code on the demo survey.
                if worker.send(&ToWorker::Warm, &[]) {
                    b.in_flight = Some(WARM_UP_ID);
                }
            }
        }),
        WorkerMessage::Warmed { ms } => {
            finished(state, WARM_UP_ID);
            super::warm::build(state, ms);
        }
        WorkerMessage::Done { id: WARM_UP_ID, report, graphs, key, memory_bytes, charts_follow, .. } => {
            let graphs = graphs.iter().map(GraphData::to_graph).collect();
            super::warm::result(page_result(*report, graphs, key, memory_bytes, charts_follow));
        }
        WorkerMessage::Charts { id: WARM_UP_ID, charts } => super::warm::charts(*charts),
        msg @ WorkerMessage::Layouts { id: WARM_UP_ID, .. } => super::warm::layouts(layouts_of(msg)),
        WorkerMessage::Progress { id, step, detail, percent } if id == current => {
            state.progress.set(Some((step, detail, percent)));
        }
        WorkerMessage::Partial { id, report, ties, .. } if id == current => {
            on_partial(state, id, *report, ties)
        }
        WorkerMessage::Done { id, report, graphs, key, memory_bytes, charts_follow, .. } if id == current => {
            // The worker goes on to lay the networks out (bounded: at most 5,000 nodes each); a
            // new job waits for that rather than restarting a warm worker.
            BRIDGE.with(|b| b.borrow_mut().busy = false);
            // Putting the result together gets tasks of its own (the graphs are rebuilt from
            // their ties in [`prepare`]'s slices), and showing it the next: all in the task
            // that read the message's last part, they made one of 60–90 ms.
            let current = move || state.run_id.get_untracked() == id;
            let build = move || {
                current().then(|| {
                    let result = page_result(*report, Vec::new(), key, memory_bytes, charts_follow);
                    let show = Box::new(move |result| {
                        if current() {
                            finish(state, result);
                        }
                    }) as Box<dyn FnOnce(PageResult)>;
                    (result, graphs, show)
                })
            };
            return Some(Box::new(build));
        }
        WorkerMessage::Charts { id, charts } if id == current => {
            if let Some(r) = state.result.get_untracked().filter(|r| r.complete) {
                r.charts.set(Some(Arc::new(*charts)));
            }
        }
        msg @ WorkerMessage::Layouts { id, .. } if id == current => {
            if let Some(r) = state.result.get_untracked().filter(|r| r.complete) {
                r.layouts.set(Some(Arc::new(layouts_of(msg))));
                let due = r.diagrams_due.clone();
                set_timeout(move || due.set(true), std::time::Duration::ZERO);
            }
        }
        WorkerMessage::PassAdded { id, .. } if id == current => super::pool::added(id),
        WorkerMessage::MeasureKept { id } if id == current => super::pool::measure_kept(id),
        WorkerMessage::Failed { id, message } if id == current => {
            BRIDGE.with(|b| b.borrow_mut().busy = false);
            fail(state, message);
        }
        // The run goes on in the fast build unless it cannot start; then it fails here.
        WorkerMessage::NeedsWorkbookReader { id, message }
            if id == current && !rerun_in_fast_build(state) =>
        {
            finished(state, id);
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

/// Early capacity results of run `id` (the network still computing, with `ties` tie entries).
fn on_partial(state: AppState, id: u64, report: crate::report::Report, ties: usize) {
    let analysis = Analysis { report, graphs: Vec::new(), layouts: Vec::new(), key: Vec::new() };
    let partial = Arc::new(PageResult::new(analysis, false, 0));
    // Shown only when the full result is not there soon after: a quick run (the demo's
    // network takes a tenth of a second) is drawn once, not twice; a large network's at once.
    // Its organizations' facts are gathered in slices first, as a full result's are (for
    // 100,000 organizations, in one go they were 40–60 ms of the overview's mount).
    let delay = if ties >= PARTIAL_AT_ONCE_TIES { 0 } else { PARTIAL_DELAY_MS };
    set_timeout(
        move || {
            let waiting = move || {
                state.run_id.get_untracked() == id
                    && state.status.get_untracked() == Status::Working
                    && state.result.with_untracked(Option::is_none)
            };
            if waiting() {
                leptos::task::spawn_local(async move {
                    gather_facts(&partial).await;
                    if waiting() {
                        state.result.set(Some(partial));
                    }
                });
            }
        },
        std::time::Duration::from_millis(delay),
    );
}

/// Rebuilds the result's graphs from their ties ([`GraphSteps`]), then gathers the facts about
/// every organization that the result's first views need ([`crate::datatable::orgs`]), in
/// slices of [`PREPARE_SLICE_MS`], yielding between them: in one piece, a million ties' graph
/// was a task of 50–90 ms, and for a million organizations their passes, count and sort were
/// 0.1–0.2 s of the tasks that first showed the overview and the organizations table.
async fn prepare(result: &mut PageResult, graphs: Vec<GraphData>) {
    let mut graphs = GraphSteps::new(graphs);
    in_slices(|| graphs.step(PREPARE_STEP_TIES)).await;
    result.analysis.graphs = graphs.finish();
    gather_facts(result).await;
}

/// Gathers the facts about every organization ([`crate::datatable::orgs::OrgFactsSteps`]) in
/// slices of [`PREPARE_SLICE_MS`].
async fn gather_facts(result: &PageResult) {
    let report = &result.analysis.report;
    let mut steps = crate::datatable::orgs::OrgFactsSteps::new(report);
    in_slices(|| steps.step(report, PREPARE_STEP_ROWS)).await;
    result.set_org_facts(steps.finish());
}

/// Runs `step` until it returns true, yielding to the browser every [`PREPARE_SLICE_MS`].
async fn in_slices(mut step: impl FnMut() -> bool) {
    loop {
        let start = super::browser::now_ms();
        while super::browser::now_ms() - start < PREPARE_SLICE_MS {
            if step() {
                return;
            }
        }
        super::browser::next_task().await;
    }
}

/// A complete result from a `Done` message's parts (the graphs rebuilt by the caller).
fn page_result(
    report: crate::report::Report,
    graphs: Vec<crate::network::graph::Graph>,
    key: Vec<crate::report::anonymize::KeyEntry>,
    memory_bytes: u64,
    charts_follow: bool,
) -> PageResult {
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
