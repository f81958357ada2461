//! The page's pool of analysis workers: when the analysis worker pauses on a large pass of
//! Brandes' searches ([`WorkerMessage::Passes`], see `crate::worker::passes`), the page hands
//! the pass's batches out, one or two at a time, to the pool's workers and to the analysis
//! worker itself, and forwards each pool worker's part to the analysis worker, which adds the
//! parts in batch order (the same result as one worker).
//!
//! The pool has `min(navigator.hardwareConcurrency − 1, 4)` workers besides the analysis
//! worker ([`size`]; none on a one-core device, or with `?workers=1` in the address), started
//! the first time a run has a pass to share and kept for the next runs; cancelling a run or
//! starting another one terminates them with the analysis worker. A pool worker that fails
//! is dropped and its batches go to the others (at worst, all to the analysis worker).

use std::cell::RefCell;
use std::collections::VecDeque;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::state::AppState;
use super::worker_handle::{WorkerBuild, WorkerHandle};
use crate::protocol::{Pass, ToWorker, WorkerMessage};

/// Most workers the pool adds to the analysis worker.
const MAX_POOL: usize = 4;

/// Batches each worker holds at once: the next is there when one is done.
const IN_FLIGHT: usize = 2;

struct Member {
    /// The member's number (members come and go; callbacks name them by it).
    number: u32,
    worker: WorkerHandle,
    ready: bool,
    /// The run whose passes it holds.
    has: Option<u64>,
    /// (pass, batch) it is running.
    running: Vec<(usize, usize)>,
}

/// The passes of the paused run.
struct Shared {
    id: u64,
    passes: Vec<Pass>,
    /// Four `Uint32Array`s per pass (each pool worker gets copies).
    arrays: Vec<js_sys::Uint32Array>,
    /// (pass, batch) not handed out yet, in order.
    queue: VecDeque<(usize, usize)>,
    /// Batches the analysis worker is running.
    own: usize,
}

#[derive(Default)]
struct Pool {
    members: Vec<Member>,
    shared: Option<Shared>,
    numbered: u32,
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

/// Shares out the passes of run `id` (attached: four arrays per pass).
pub fn begin(state: AppState, id: u64, passes: Vec<Pass>, attachments: Vec<JsValue>) {
    let arrays: Vec<js_sys::Uint32Array> = attachments.into_iter().map(JsCast::unchecked_into).collect();
    let queue =
        passes.iter().enumerate().flat_map(|(p, pass)| (0..pass.batches).map(move |b| (p, b))).collect();
    let wanted = size();
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        pool.shared = Some(Shared { id, passes, arrays, queue, own: 0 });
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
    fill();
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

/// Terminates the pool's workers and forgets the passes (the run was cancelled or replaced).
pub fn stop() {
    POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        pool.members.clear();
        pool.shared = None;
    });
}

fn on_member_message(state: AppState, number: u32, data: JsValue) {
    let Some((msg, attachments)) = crate::worker::unpack::<WorkerMessage>(&data) else { return };
    match msg {
        WorkerMessage::Ready => with_member(number, |m| m.ready = true),
        WorkerMessage::PassPart { id, pass, batch } => {
            with_member(number, |m| m.running.retain(|&r| r != (pass, batch)));
            let current = POOL.with(|p| p.borrow().shared.as_ref().is_some_and(|s| s.id == id));
            if current && state.run_id.get_untracked() == id {
                let refs: Vec<&JsValue> = attachments.iter().collect();
                super::bridge::send_to_analysis(&ToWorker::PassPart { id, pass, batch }, &refs);
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

/// Hands out batches until every worker has [`IN_FLIGHT`] or none is left; forgets the passes
/// once every batch is done.
fn fill() {
    let own = POOL.with(|pool| {
        let mut pool = pool.borrow_mut();
        let Pool { members, shared, .. } = &mut *pool;
        let s = shared.as_mut()?;
        for m in members.iter_mut().filter(|m| m.ready) {
            if m.has != Some(s.id) {
                send_graphs(m, s);
            }
            while m.running.len() < IN_FLIGHT
                && let Some((pass, batch)) = s.queue.pop_front()
            {
                if m.worker.send(&ToWorker::PassBatch { id: s.id, pass, batch }, &[]) {
                    m.running.push((pass, batch));
                } else {
                    s.queue.push_front((pass, batch));
                    break;
                }
            }
        }
        let mut own = Vec::new();
        while s.own + own.len() < IN_FLIGHT
            && let Some(next) = s.queue.pop_front()
        {
            own.push(next);
        }
        s.own += own.len();
        let id = s.id;
        if s.queue.is_empty() && s.own == 0 && members.iter().all(|m| m.running.is_empty()) {
            *shared = None;
        }
        Some((id, own))
    });
    // Sent outside the pool's borrow: the bridge holds the analysis worker.
    if let Some((id, own)) = own {
        for (pass, batch) in own {
            super::bridge::send_to_analysis(&ToWorker::PassBatch { id, pass, batch }, &[]);
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
