//! The page's side of the live layout: each network explorer that lays out a graph live gets
//! its own worker (the analysis worker's script, see [`crate::protocol`]), which runs
//! ForceAtlas2 in slices and sends positions after each. The page draws a frame, then asks
//! for the next slice unless the layout is paused, so frames never pile up; pausing keeps
//! the worker and its state, resuming continues where it stopped. The worker ends when the
//! layout is complete or the explorer goes away.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::worker_handle::{WorkerBuild, WorkerHandle};
use crate::network::graph::Graph;
use crate::protocol::{ToWorker, WorkerMessage};
use crate::worker::{Packed, pack, unpack};

/// Shortest time between frames, in milliseconds (about 30 frames a second).
const FRAME_MS: u32 = 33;

/// One frame of a live layout.
pub struct Frame {
    /// Positions in the unit square, one per node.
    pub positions: Vec<(f64, f64)>,
    /// Steps taken so far and steps of a full layout.
    pub done: usize,
    pub total: usize,
}

/// Why the live layout stopped without finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No worker could be started (no worker support, or the page opened as a file).
    NoWorker,
    /// The worker failed (e.g. out of memory).
    Crashed,
}

struct Live {
    worker: WorkerHandle,
    /// The graph to lay out, sent once the worker is ready.
    start: Option<Packed>,
    paused: bool,
    /// A slice has been asked for and its frame has not arrived yet.
    in_flight: bool,
    /// The timer that asks for the next slice (dropped with the layout, it asks nothing).
    next: Option<Timeout>,
}

thread_local! {
    static LIVES: RefCell<HashMap<u64, Live>> = RefCell::new(HashMap::new());
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Runs `f` on live layout `id`, if it still runs.
fn with_live<T>(id: u64, f: impl FnOnce(&mut Live) -> T) -> Option<T> {
    LIVES.with(|l| l.borrow_mut().get_mut(&id).map(f))
}

/// Asks the worker of live layout `id` for its next slice; false if it could not.
fn ask(live: &mut Live, id: u64) -> bool {
    live.in_flight = live.worker.send(&ToWorker::LayoutStep { id }, &[]);
    live.in_flight
}

/// Starts laying out `graph` live and returns the handle for [`pause`], [`resume`] and
/// [`stop`]. `on_frame` gets each frame; `on_fail` is called if the worker cannot run.
pub fn start(
    graph: &Graph,
    seed: u64,
    on_frame: impl Fn(Frame) + 'static,
    on_fail: impl Fn(Failure) + 'static,
) -> Option<u64> {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    let n = graph.node_count();
    let mut ends: Vec<u32> = Vec::with_capacity(2 * graph.edge_count());
    let mut weights: Vec<f64> = Vec::with_capacity(graph.edge_count());
    for v in 0..n {
        for (w, x) in graph.out(v).iter().zip(graph.out_weights(v)) {
            ends.extend([v as u32, *w]);
            weights.push(*x);
        }
    }
    let weighted = weights.iter().any(|w| *w != 1.0);
    let edges: JsValue = js_sys::Uint32Array::from(ends.as_slice()).into();
    let weights: JsValue = js_sys::Float64Array::from(weights.as_slice()).into();
    let attached: &[&JsValue] = if weighted { &[&edges, &weights] } else { &[&edges] };
    let start = pack(&ToWorker::LayoutStart { id, n, seed, weighted }, attached);
    let on_fail = Rc::new(on_fail);
    let (on_fail_error, on_fail_spawn) = (on_fail.clone(), on_fail.clone());
    let on_message = move |data: JsValue| match unpack::<WorkerMessage>(&data) {
        // The worker says it is ready before it can take the graph.
        Some((WorkerMessage::Ready, _)) => {
            let sent = with_live(id, |live| {
                let start = live.start.take()?;
                live.in_flight = live.worker.send_packed(start);
                Some(live.in_flight)
            });
            if sent == Some(Some(false)) {
                on_fail(Failure::Crashed);
            }
        }
        Some((WorkerMessage::Panic { .. }, _)) => {
            on_fail(Failure::Crashed);
            stop(id);
        }
        Some((WorkerMessage::Frame { id: frame_id, done, total }, attachments)) if frame_id == id => {
            let Some(pos) = attachments.first().and_then(|a| a.dyn_ref::<js_sys::Float32Array>()) else {
                return;
            };
            let flat = pos.to_vec();
            let positions = flat.chunks_exact(2).map(|p| (p[0] as f64, p[1] as f64)).collect();
            with_live(id, |live| live.in_flight = false);
            on_frame(Frame { positions, done, total });
            if done >= total {
                stop(id);
            } else {
                // Pace small graphs' frames (a few steps take microseconds) so the picture can
                // be seen forming; large graphs' slices are far longer than the pause. Paused
                // meanwhile: nothing is asked for, and resuming asks.
                with_live(id, |live| {
                    if !live.paused {
                        live.in_flight = true;
                        live.next = Some(Timeout::new(FRAME_MS, move || {
                            with_live(id, |live| {
                                if live.paused || !ask(live, id) {
                                    live.in_flight = false;
                                }
                            });
                        }));
                    }
                });
            }
        }
        _ => {}
    };
    let on_error = move || {
        on_fail_error(Failure::Crashed);
        stop(id);
    };
    let Some(worker) = WorkerHandle::spawn(WorkerBuild::Fast.url(), on_message, on_error) else {
        on_fail_spawn(Failure::NoWorker);
        return None;
    };
    LIVES.with(|l| {
        l.borrow_mut().insert(id, Live { worker, start, paused: false, in_flight: false, next: None })
    });
    Some(id)
}

/// Pauses a live layout after the slice in progress; the worker keeps its state.
pub fn pause(id: u64) {
    with_live(id, |live| live.paused = true);
}

/// Resumes a paused live layout (asking for the next slice unless one is still coming).
pub fn resume(id: u64) {
    with_live(id, |live| {
        live.paused = false;
        if !live.in_flight {
            ask(live, id);
        }
    });
}

/// Ends a live layout and its worker (when complete or when its explorer goes away).
pub fn stop(id: u64) {
    // Dropping it terminates the worker and cancels a pending request.
    let live = LIVES.with(|l| l.borrow_mut().remove(&id));
    drop(live);
}
