//! The page's pool of analysis workers: when the analysis worker pauses on a large pass of
//! Brandes' searches ([`WorkerMessage::Passes`], see `crate::worker::passes`), the page hands
//! the pass's batches out, one or two at a time, to the pool's workers and to the analysis
//! worker itself, and forwards each pool worker's part to the analysis worker, which adds the
//! parts in batch order (the same result as one worker).
//!
//! The paused run's large graphs' graph-only metrics and introductions are measures
//! ([`Task::Measure`]): the analysis worker takes them first, one at a time, while the pool's
//! workers take the batches, and a pool worker takes those left once the batches are out (its
//! result forwarded like a part; see [`own_tasks`] for why). The pool lays out the graphs too
//! ([`Task::Layout`], queued first: a pool worker lays a graph out while the others run the
//! batches, and takes nothing else meanwhile). The analysis worker takes every measure and
//! layout when the pool has no worker left, or when none has started [`LAYOUT_WAIT`] after the
//! batches ran out.
//!
//! The pool has `min(navigator.hardwareConcurrency − 1, 4)` workers besides the analysis
//! worker ([`size`]; none on a one-core device, or with `?workers=1` in the address), started
//! with a run of large files ([`EARLY_START_BYTES`]) or when a run has a pass to share, and
//! kept for the next runs; cancelling a run or
//! starting another one terminates them with the analysis worker. A pool worker that fails
//! is dropped and its batches go to the others (at worst, all to the analysis worker).

use std::cell::RefCell;
use std::collections::VecDeque;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::state::AppState;
use super::worker_handle::{WorkerBuild, WorkerHandle};
use crate::protocol::{Pass, PoolLayout, PoolMeasure, ToWorker, WorkerMessage};

/// Most workers the pool adds to the analysis worker.
const MAX_POOL: usize = 4;

/// Batches each worker holds at once: the next is there when one is done.
const IN_FLIGHT: usize = 2;

/// How long layouts wait for a pool worker to start once the batches ran out; then the
/// analysis worker lays them out itself. A pool worker starts in well under a second; this
/// only guards against one that never does.
const LAYOUT_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

struct Member {
    /// The member's number (members come and go; callbacks name them by it).
    number: u32,
    worker: WorkerHandle,
    ready: bool,
    /// The run whose passes it holds.
    has: Option<u64>,
    /// The tasks it is running.
    running: Vec<Task>,
}

/// A task of the paused run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Task {
    /// Batch `.1` of pass `.0`.
    Batch(usize, usize),
    /// The layout of `Shared::layouts[.0]`.
    Layout(usize),
    /// The graph-only metrics and introductions of `Shared::measures[.0]`.
    Measure(usize),
}

/// The passes of the paused run.
struct Shared {
    id: u64,
    passes: Vec<Pass>,
    /// Four `Uint32Array`s per pass (each pool worker gets copies).
    arrays: Vec<js_sys::Uint32Array>,
    /// The graphs to lay out, with their ties (`Uint32Array` ends, `Float64Array` weights).
    layouts: Vec<(PoolLayout, [JsValue; 2])>,
    /// The measures the pool computes, with their graph's ties (`Uint32Array` ends,
    /// `Float64Array` weights) and the introductions' needs (`Uint8Array`) or, for the paths
    /// part, the brokerage groups (`Uint32Array`).
    measures: Vec<(PoolMeasure, [JsValue; 3])>,
    /// Tasks not handed out yet, in order.
    queue: VecDeque<Task>,
    /// Batches the analysis worker is running.
    own: usize,
    /// Measures the analysis worker is running.
    own_measures: usize,
}

#[derive(Default)]
struct Pool {
    members: Vec<Member>,
    shared: Option<Shared>,
    numbered: u32,
    /// Run whose layouts wait for a pool worker, and since when ([`LAYOUT_WAIT`]).
    waiting: Option<(u64, gloo_timers::callback::Timeout)>,
    /// Run whose layouts waited too long: the analysis worker takes them.
    impatient: Option<u64>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::new(Pool::default());
}

/// Workers the page can add to the analysis worker: `?workers=N` in the address asks for N
/// workers in all (1: the analysis worker alone), otherwise one fewer than the device's
/// cores, at most [`MAX_POOL`].
pub fn size() -> usize {
    let Some(w) = web_sys::window() else { return 0 };
    let asked = w.location().search().ok().and_then(|s| {
        s.trim_start_matches('?').split('&').find_map(|kv| kv.strip_prefix("workers=")?.parse::<usize>().ok())
    });
    let all = asked.unwrap_or_else(|| w.navigator().hardware_concurrency() as usize);
    all.saturating_sub(1).min(MAX_POOL)
}

/// Shares out the passes of run `id`, its graphs' metrics and layouts (attached: four arrays
/// per pass, then two per layout, then three per measure).
pub fn begin(
    state: AppState,
    id: u64,
    (passes, layouts, measures): (Vec<Pass>, Vec<PoolLayout>, Vec<PoolMeasure>),
    attachments: Vec<JsValue>,
) {
    let mut attachments = attachments.into_iter();
    let arrays: Vec<js_sys::Uint32Array> =
        attachments.by_ref().take(4 * passes.len()).map(JsCast::unchecked_into).collect();
    let layouts: Vec<(PoolLayout, [JsValue; 2])> =
        layouts.into_iter().filter_map(|l| Some((l, [attachments.next()?, attachments.next()?]))).collect();
    let mut triples = || Some([attachments.next()?, attachments.next()?, attachments.next()?]);
    let measures: Vec<(PoolMeasure, [JsValue; 3])> =
        measures.into_iter().filter_map(|m| Some((m, triples()?))).collect();
    // Layouts first: a pool worker lays a graph out while the others run the batches, so that
    // its positions are in when the analysis ends (queued last, a 5,000-organization layout
    // ran after the pass, beside the analysis worker's last steps, and was the run's last
    // 0.6 s). The analysis worker takes the measures first (see `own_tasks`).
    let queue = (0..layouts.len())
        .map(Task::Layout)
        .chain(
            passes.iter().enumerate().flat_map(|(p, pass)| (0..pass.batches).map(move |b| Task::Batch(p, b))),
        )
        .chain((0..measures.len()).map(Task::Measure))
        .collect();
    let shared = Shared { id, passes, arrays, layouts, measures, queue, own: 0, own_measures: 0 };
    POOL.with(|pool| pool.borrow_mut().shared = Some(shared));
    prepare(state);
    fill();
}

/// Smallest files (in all) for which the pool's workers start with the run rather than when
/// it pauses on its passes: about a 1,500-organization survey with its ties, the smallest
/// whose pass is shared ([`crate::worker::passes::POOL_MIN_WORK`]). A worker takes a few
/// hundred milliseconds to start; started with the run, it is ready by then.
pub const EARLY_START_BYTES: f64 = 100_000.0;

/// Starts the pool's workers (as many as [`size`]) unless they run already.
pub fn prepare(state: AppState) {
    let wanted = size();
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        while pool.members.len() < wanted {
            pool.numbered += 1;
            let number = pool.numbered;
            let on_message = move |data: JsValue| on_member_message(state, number, data);
            let Some(worker) =
                WorkerHandle::spawn(WorkerBuild::Fast.url(), on_message, move || dropped(number))
            else {
                break;
            };
            pool.members.push(Member { number, worker, ready: false, has: None, running: Vec::new() });
        }
    });
}

/// The analysis worker ran a batch of run `id` itself.
pub fn added(id: u64) {
    POOL.with(|pool| {
        if let Some(s) = pool.borrow_mut().shared.as_mut().filter(|s| s.id == id) {
            s.own = s.own.saturating_sub(1);
        }
    });
    fill();
}

/// The analysis worker computed a measure of run `id` itself.
pub fn measure_kept(id: u64) {
    POOL.with(|pool| {
        if let Some(s) = pool.borrow_mut().shared.as_mut().filter(|s| s.id == id) {
            s.own_measures = s.own_measures.saturating_sub(1);
        }
    });
    fill();
}

/// Terminates the pool's workers and forgets the passes (the run was cancelled or replaced).
pub fn stop() {
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        pool.members.clear();
        pool.shared = None;
        pool.waiting = None;
    });
}

fn on_member_message(state: AppState, number: u32, data: JsValue) {
    let Some((msg, attachments)) = crate::worker::unpack::<WorkerMessage>(&data) else { return };
    match msg {
        WorkerMessage::Ready => with_member(number, |m| m.ready = true),
        WorkerMessage::PassPart { id, pass, batch } => {
            with_member(number, |m| m.running.retain(|&r| r != Task::Batch(pass, batch)));
            let current = POOL.with(|p| p.borrow().shared.as_ref().is_some_and(|s| s.id == id));
            if current && state.run_id.get_untracked() == id {
                let refs: Vec<&JsValue> = attachments.iter().collect();
                super::bridge::send_to_analysis(&ToWorker::PassPart { id, pass, batch }, &refs);
            }
        }
        WorkerMessage::LaidOut { id, graph, ms } => {
            // A worker runs its tasks in order: this answers its first layout.
            with_member(number, |m| {
                if let Some(at) = m.running.iter().position(|t| matches!(t, Task::Layout(_))) {
                    m.running.remove(at);
                }
            });
            let current = POOL.with(|p| p.borrow().shared.as_ref().is_some_and(|s| s.id == id));
            if current && state.run_id.get_untracked() == id {
                let refs: Vec<&JsValue> = attachments.iter().collect();
                super::bridge::send_to_analysis(&ToWorker::LaidOut { id, graph, ms }, &refs);
            }
        }
        WorkerMessage::Measured { id, graph, part, ms, key } => {
            // A worker runs its tasks in order: this answers its first measure.
            with_member(number, |m| {
                if let Some(at) = m.running.iter().position(|t| matches!(t, Task::Measure(_))) {
                    m.running.remove(at);
                }
            });
            let current = POOL.with(|p| p.borrow().shared.as_ref().is_some_and(|s| s.id == id));
            if current && state.run_id.get_untracked() == id {
                let refs: Vec<&JsValue> = attachments.iter().collect();
                super::bridge::send_to_analysis(&ToWorker::Measured { id, graph, part, ms, key }, &refs);
            }
        }
        WorkerMessage::Panic { .. } => return dropped(number),
        _ => return,
    }
    fill();
}

fn with_member(number: u32, f: impl FnOnce(&mut Member)) {
    POOL.with(|pool| {
        if let Some(m) = pool.borrow_mut().members.iter_mut().find(|m| m.number == number) {
            f(m);
        }
    });
}

/// A pool worker failed (it could not start, crashed or ran out of memory): its batches go
/// back to the front of the queue.
fn dropped(number: u32) {
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let Some(at) = pool.members.iter().position(|m| m.number == number) else { return };
        let member = pool.members.remove(at);
        if let Some(s) = pool.shared.as_mut() {
            for r in member.running.into_iter().rev() {
                s.queue.push_front(r);
            }
        }
    });
    fill();
}

/// Hands out tasks until every worker has [`IN_FLIGHT`] or none is left (layouts go to the
/// analysis worker only when no pool worker is ready); forgets the passes once every task is
/// done.
fn fill() {
    let own = POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let Pool { members, shared, waiting, impatient, .. } = &mut *pool;
        let s = shared.as_mut()?;
        for m in members.iter_mut().filter(|m| m.ready) {
            // The passes' arrays go only to a worker that may take a batch: one that only lays
            // out would hold a needless copy of them.
            if m.has != Some(s.id) && s.queue.iter().any(|t| matches!(t, Task::Batch(..))) {
                send_graphs(m, s);
            }
            // A worker computing a graph's metrics or layout (up to seconds) takes nothing else
            // meanwhile: a batch queued behind them would keep the pass waiting.
            while m.running.len() < IN_FLIGHT
                && !m.running.iter().any(|t| matches!(t, Task::Measure(_) | Task::Layout(_)))
                && let Some(task) = s.queue.pop_front()
            {
                let without_graphs = matches!(task, Task::Batch(..)) && m.has != Some(s.id);
                if !without_graphs && send_task(&m.worker, s, task, false) {
                    m.running.push(task);
                } else {
                    s.queue.push_front(task);
                    break;
                }
            }
        }
        let own = own_tasks(s, members.is_empty() || *impatient == Some(s.id));
        // Only layouts and measures left and no pool worker started yet: wait for one, not
        // for ever.
        let no_batches = !s.queue.is_empty() && s.queue.iter().all(|t| !matches!(t, Task::Batch(..)));
        if no_batches && waiting.as_ref().is_none_or(|w| w.0 != s.id) {
            let id = s.id;
            let timeout = gloo_timers::callback::Timeout::new(LAYOUT_WAIT.as_millis() as u32, move || {
                POOL.with(|p| p.borrow_mut().impatient = Some(id));
                fill();
            });
            *waiting = Some((id, timeout));
        }
        let messages = own.into_iter().map(|t| message(s, t, true)).collect::<Vec<_>>();
        if s.queue.is_empty()
            && s.own == 0
            && s.own_measures == 0
            && members.iter().all(|m| m.running.is_empty())
        {
            *shared = None;
        }
        Some(messages)
    });
    // Sent outside the pool's borrow: the bridge holds the analysis worker.
    for (msg, attachments) in own.unwrap_or_default() {
        let refs: Vec<&JsValue> = attachments.iter().collect();
        super::bridge::send_to_analysis(&msg, &refs);
    }
}

/// The tasks the analysis worker takes now: a measure, one at a time and nothing else
/// meanwhile; when none is left, batches up to [`IN_FLIGHT`]; and with `everything` (no pool
/// worker, or none started in time) every measure and layout.
///
/// Measures go to the analysis worker first because it is warm: it ran the demo's analysis
/// when it started (`worker::warm`), and a pool worker, started with the run, runs a long call
/// in V8's baseline tier (a measure of 100,000/1,000,000 took a pool worker twice as long).
/// The pool's workers take the batches, short calls that are soon optimized, and the measures
/// left once the batches are out.
fn own_tasks(s: &mut Shared, everything: bool) -> Vec<Task> {
    let mut own = Vec::new();
    loop {
        let batches = s.own + own.iter().filter(|t| matches!(t, Task::Batch(..))).count();
        let measures = s.own_measures + own.iter().filter(|t| matches!(t, Task::Measure(_))).count();
        let measure = everything || (measures == 0 && batches == 0);
        let first_measure = || s.queue.iter().position(|t| matches!(t, Task::Measure(_)));
        let at = measure.then(first_measure).flatten().or_else(|| {
            // The analysis worker answers nothing for a layout it keeps: not counted.
            s.queue.iter().position(|t| match t {
                Task::Batch(..) => (everything || measures == 0) && batches < IN_FLIGHT,
                Task::Measure(_) => false,
                Task::Layout(_) => everything,
            })
        });
        match at.and_then(|at| s.queue.remove(at)) {
            Some(task) => own.push(task),
            None => break,
        }
    }
    s.own += own.iter().filter(|t| matches!(t, Task::Batch(..))).count();
    s.own_measures += own.iter().filter(|t| matches!(t, Task::Measure(_))).count();
    own
}

/// Sends `task` to a pool worker.
fn send_task(worker: &WorkerHandle, s: &Shared, task: Task, keep: bool) -> bool {
    let (msg, attachments) = message(s, task, keep);
    let refs: Vec<&JsValue> = attachments.iter().collect();
    worker.send(&msg, &refs)
}

/// The message of `task` with its attachments (copies of a layout's or measure's ties: they
/// are transferred); `keep` for the analysis worker.
fn message(s: &Shared, task: Task, keep: bool) -> (ToWorker<'static>, Vec<JsValue>) {
    match task {
        Task::Batch(pass, batch) => (ToWorker::PassBatch { id: s.id, pass, batch }, Vec::new()),
        Task::Layout(index) => {
            let (PoolLayout { graph, n, seed }, ties) = &s.layouts[index];
            let copies =
                vec![js_sys::Uint32Array::new(&ties[0]).into(), js_sys::Float64Array::new(&ties[1]).into()];
            (ToWorker::LayOut { id: s.id, graph: *graph, n: *n, seed: *seed, keep }, copies)
        }
        Task::Measure(index) => {
            let (measure, [ends, weights, needs]) = &s.measures[index];
            // The analysis worker (`keep`) measures the graph it holds: it is sent no ties
            // (8 MB at 100,000/1,000,000), only the needs, in their place after them.
            let ties: [JsValue; 2] = if keep {
                [
                    js_sys::Uint32Array::new_with_length(0).into(),
                    js_sys::Float64Array::new_with_length(0).into(),
                ]
            } else {
                [js_sys::Uint32Array::new(ends).into(), js_sys::Float64Array::new(weights).into()]
            };
            let mut copies = Vec::from(ties);
            // The metrics' needs are bytes, the paths' groups 32-bit codes: copied as what they
            // are (a `Uint8Array` made from a `Uint32Array` would keep each code's low byte).
            let third: JsValue = match needs.dyn_ref::<js_sys::Uint32Array>() {
                Some(codes) => js_sys::Uint32Array::new(codes).into(),
                None => js_sys::Uint8Array::new(needs).into(),
            };
            copies.push(third);
            (ToWorker::Measure { id: s.id, measure: measure.clone(), keep }, copies)
        }
    }
}

/// Gives a pool worker copies of the run's passes.
fn send_graphs(m: &mut Member, s: &Shared) {
    let copies: Vec<JsValue> = s.arrays.iter().map(|a| a.slice(0, a.length()).into()).collect();
    let refs: Vec<&JsValue> = copies.iter().collect();
    if m.worker.send(&ToWorker::PassGraphs { id: s.id, passes: s.passes.clone() }, &refs) {
        m.has = Some(s.id);
    }
}
